/*
 * test_backends.c -- the two store backends stay in step.
 *
 * Every SQLite migration number has a PostgreSQL counterpart with the
 * same number and name, and the other way round, so a migration added
 * for one backend only fails here, loudly, instead of leaving a
 * PostgreSQL site without a table; and every operation of the backend
 * table is filled in by both backends.  The PostgreSQL statements and
 * schema themselves are exercised by the PostgreSQL pass of make test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store/store_int.h"

static void
test_migrations_pair(void **state)
{
	size_t i;

	(void)state;
	if (store_nmigrations != store_pg_nmigrations) {
		for (i = 0; i < store_nmigrations || i < store_pg_nmigrations;
		     i++)
			print_message("# sqlite %s / postgresql %s\n",
			    i < store_nmigrations ? store_migrations[i].file :
						    "-",
			    i < store_pg_nmigrations ?
				store_pg_migrations[i].file :
				"-");
		fail_msg("%zu SQLite migrations but %zu PostgreSQL ones: "
			 "add the missing one to src/store/%s",
		    store_nmigrations, store_pg_nmigrations,
		    store_nmigrations > store_pg_nmigrations ? "pg/migrations" :
							       "migrations");
	}
	for (i = 0; i < store_nmigrations; i++) {
		if (store_migrations[i].version !=
			store_pg_migrations[i].version ||
		    strcmp(store_migrations[i].name,
			store_pg_migrations[i].name) != 0)
			fail_msg("migration %s has no PostgreSQL counterpart "
				 "(found %s)",
			    store_migrations[i].file,
			    store_pg_migrations[i].file);
	}
}

/* The operations, as an array of function pointers after the header. */
static void
check_filled(const struct store_ops *ops)
{
	const unsigned char *p = (const unsigned char *)ops;
	void (*fn)(void);
	size_t off;

	for (off = offsetof(struct store_ops, open);
	     off + sizeof(fn) <= sizeof(*ops); off += sizeof(fn)) {
		memcpy(&fn, p + off, sizeof(fn));
		if (fn == NULL)
			fail_msg("backend %s leaves the operation at offset "
				 "%zu of struct store_ops empty",
			    ops->name, off);
	}
}

static void
test_ops_filled(void **state)
{
	(void)state;
	check_filled(&store_sqlite_ops);
	check_filled(&store_pg_ops);
}

static void
test_backend_by_url(void **state)
{
	(void)state;
	assert_ptr_equal(store_backend_for("postgresql:///news?host=/x"),
	    &store_pg_ops);
	assert_ptr_equal(store_backend_for("postgres://u@db/news"),
	    &store_pg_ops);
	assert_ptr_equal(store_backend_for("data/nutgraf.db"),
	    &store_sqlite_ops);
	assert_ptr_equal(store_backend_for("postgresql.db"), &store_sqlite_ops);
	assert_true(store_is_url("postgresql://x/y"));
	assert_false(store_is_url("./postgres://not-a-url"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrations_pair),
		cmocka_unit_test(test_ops_filled),
		cmocka_unit_test(test_backend_by_url),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
