/*
 * test_migrate.c -- the embedded migrations and the migration runner.
 *
 * The database is inspected with sqlite3 directly: these tests check what
 * is on disk, not what the store says about itself.
 */
#include "testlib.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store/store.h"
#include "store/store_int.h"

#ifndef STORE_MIGRATIONS_DIR
#error "STORE_MIGRATIONS_DIR must name src/store/migrations"
#endif

struct fx {
	char *dir;
	char  path[4096];
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	fx->dir = testlib_tmpdir();
	snprintf(fx->path, sizeof(fx->path), "%s/nutgraf.db", fx->dir);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	testlib_rmrf(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

static sqlite3 *
raw_open(const char *path)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE,
			     NULL),
	    SQLITE_OK);
	return db;
}

static long long
raw_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	long long     v;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void
raw_text(sqlite3 *db, const char *sql, char *buf, size_t sz)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	snprintf(buf, sz, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
}

static int
raw_has_table(sqlite3 *db, const char *name)
{
	char sql[256];

	snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM sqlite_schema "
	    "WHERE type = 'table' AND name = '%s'",
	    name);
	return raw_int(db, sql) == 1;
}

static int
last_version(void)
{
	assert_true(store_nmigrations > 0);
	return store_migrations[store_nmigrations - 1].version;
}

/* Every .sql file is embedded byte for byte, in order, and nothing else. */
static void
test_embedded_match_files(void **state)
{
	DIR	      *d;
	struct dirent *de;
	char	       path[4096], *data;
	size_t	       i, len, nfiles = 0;
	int	       found;

	(void)state;
	assert_non_null(d = opendir(STORE_MIGRATIONS_DIR));
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 4 || strcmp(de->d_name + len - 4, ".sql") != 0)
			continue;
		nfiles++;
		snprintf(path, sizeof(path), "%s/%s", STORE_MIGRATIONS_DIR,
		    de->d_name);
		data = testlib_read_file(path, &len);
		found = 0;
		for (i = 0; i < store_nmigrations; i++) {
			if (strcmp(store_migrations[i].file, de->d_name) != 0)
				continue;
			found = 1;
			assert_int_equal(store_migrations[i].len, len);
			assert_memory_equal(store_migrations[i].sql, data, len);
			assert_int_equal(store_migrations[i].sql[len], '\0');
			assert_int_equal(store_migrations[i].version,
			    atoi(de->d_name));
		}
		if (!found)
			fail_msg("%s is not embedded", de->d_name);
		free(data);
	}
	closedir(d);
	assert_int_equal(nfiles, store_nmigrations);
	for (i = 1; i < store_nmigrations; i++)
		assert_true(store_migrations[i].version >
		    store_migrations[i - 1].version);
	assert_int_equal(store_migrations[0].version, 1);
	assert_null(store_migrations[store_nmigrations].sql);
}

static const char *const schema_tables[] = {
	"schema_migrations",
	"sections",
	"authors",
	"tags",
	"media",
	"articles",
	"article_tags",
	"article_authors",
	"article_revisions",
	"settings",
};

static const char *const schema_indexes[] = {
	"articles_published",
	"articles_section",
	"articles_author",
	"article_tags_tag",
	"article_authors_author",
	"article_revisions_article",
};

static void
test_open_applies_all(void **state)
{
	struct fx    *fx = *state;
	struct store *st;
	char	      err[256], mode[32];
	sqlite3	     *db;
	size_t	      i;
	int	      v;

	assert_int_equal(store_open(fx->path, 2, &st, err, sizeof(err)), NG_OK);
	assert_int_equal(store_schema_version(st, &v), NG_OK);
	assert_int_equal(v, last_version());
	store_close(st);

	db = raw_open(fx->path);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM schema_migrations"),
	    (long long)store_nmigrations);
	for (i = 0; i < sizeof(schema_tables) / sizeof(schema_tables[0]); i++)
		if (!raw_has_table(db, schema_tables[i]))
			fail_msg("no table %s", schema_tables[i]);
	for (i = 0; i < sizeof(schema_indexes) / sizeof(schema_indexes[0]);
	     i++) {
		char sql[256];

		snprintf(sql, sizeof(sql),
		    "SELECT count(*) FROM "
		    "sqlite_schema WHERE type = 'index' AND name = '%s'",
		    schema_indexes[i]);
		if (raw_int(db, sql) != 1)
			fail_msg("no index %s", schema_indexes[i]);
	}
	/* WAL is a property of the file, so a fresh handle sees it. */
	raw_text(db, "PRAGMA journal_mode", mode, sizeof(mode));
	assert_string_equal(mode, "wal");
	sqlite3_close(db);
}

static void
test_reopen_is_noop(void **state)
{
	struct fx    *fx = *state;
	struct store *st;
	char	      err[256];
	sqlite3	     *db;
	long long     sum1, sum2;
	int	      v, round;

	sum1 = 0;
	for (round = 0; round < 3; round++) {
		assert_int_equal(store_open(fx->path, 1, &st, err, sizeof(err)),
		    NG_OK);
		assert_int_equal(store_schema_version(st, &v), NG_OK);
		assert_int_equal(v, last_version());
		store_close(st);
		db = raw_open(fx->path);
		assert_int_equal(raw_int(db,
				     "SELECT count(*) FROM schema_migrations"),
		    (long long)store_nmigrations);
		/* Rows are not rewritten: their applied_at stays put. */
		sum2 = raw_int(db,
		    "SELECT sum(applied_at + version) "
		    "FROM schema_migrations");
		if (round > 0)
			assert_int_equal(sum1, sum2);
		sum1 = sum2;
		sqlite3_close(db);
	}
}

static void
test_newer_schema_refused(void **state)
{
	struct fx    *fx = *state;
	struct store *st;
	char	      err[256];
	sqlite3	     *db;

	assert_int_equal(store_open(fx->path, 1, &st, err, sizeof(err)), NG_OK);
	store_close(st);
	db = raw_open(fx->path);
	assert_int_equal(sqlite3_exec(db,
			     "INSERT INTO schema_migrations "
			     "VALUES (9999, 'future', 0)",
			     NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);

	assert_int_equal(store_open(fx->path, 1, &st, err, sizeof(err)),
	    NG_EINVAL);
	assert_null(st);
	assert_non_null(strstr(err, "9999"));
	assert_non_null(strstr(err, "newer"));
}

/* Migrations for the runner tests, independent of the real schema. */
#define MIG(v, name, file, sql)                     \
	{                                           \
		v, name, file, sql, sizeof(sql) - 1 \
	}

static const struct store_migration good[] = {
	MIG(1, "a", "0001_a.sql", "CREATE TABLE t1 (x INTEGER);"),
	MIG(2, "b", "0002_b.sql",
	    "CREATE TABLE t2 (x INTEGER); INSERT INTO t2 VALUES (7);"),
	MIG(5, "c", "0005_c.sql", "ALTER TABLE t1 ADD COLUMN y TEXT;"),
};

static const struct store_migration bad[] = {
	MIG(1, "a", "0001_a.sql", "CREATE TABLE t1 (x INTEGER);"),
	/* The first statement succeeds and must be rolled back. */
	MIG(2, "b", "0002_b.sql",
	    "CREATE TABLE t2 (x INTEGER); INSERT INTO nosuch VALUES (1);"),
};

static const struct store_migration unordered[] = {
	MIG(2, "b", "0002_b.sql", "SELECT 1;"),
	MIG(1, "a", "0001_a.sql", "SELECT 1;"),
};

static struct store_conn *
runner_conn(const char *path)
{
	struct store_conn *c = NULL;
	char		   err[256];

	if (store_sqlite_ops.open(path, &c, err, sizeof(err)) != NG_OK)
		fail_msg("open: %s", err);
	return c;
}

static void
test_failed_migration_rolls_back(void **state)
{
	struct fx	  *fx = *state;
	struct store_conn *c;
	char		   err[256] = "";
	sqlite3		  *db;
	int		   v;

	c = runner_conn(fx->path);
	assert_int_equal(store_migrate(&store_sqlite_ops, c, bad, 2, 1, err,
			     sizeof(err)),
	    NG_EDB);
	assert_non_null(strstr(err, "0002_b.sql"));
	assert_non_null(strstr(err, "nosuch"));
	store_sqlite_ops.idle(c);
	assert_int_equal(store_sqlite_ops.schema_version(c, &v), NG_OK);
	assert_int_equal(v, 1);

	db = raw_open(fx->path);
	assert_true(raw_has_table(db, "t1"));
	assert_false(raw_has_table(db, "t2"));
	assert_int_equal(raw_int(db, "SELECT count(*) FROM schema_migrations"),
	    1);
	sqlite3_close(db);

	/* Fixed, it applies the rest; a second run changes nothing. */
	err[0] = '\0';
	assert_int_equal(store_migrate(&store_sqlite_ops, c, good, 3, 2, err,
			     sizeof(err)),
	    NG_OK);
	assert_int_equal(store_migrate(&store_sqlite_ops, c, good, 3, 3, err,
			     sizeof(err)),
	    NG_OK);
	store_sqlite_ops.idle(c);
	assert_int_equal(store_sqlite_ops.schema_version(c, &v), NG_OK);
	assert_int_equal(v, 5);
	store_sqlite_ops.close(c, 1);

	db = raw_open(fx->path);
	assert_int_equal(raw_int(db, "SELECT x FROM t2"), 7);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM t2"), 1);
	assert_int_equal(
	    raw_int(db,
		"SELECT group_concat(version || ':' || applied_at) = "
		"'1:1,2:2,5:2' FROM (SELECT * FROM schema_migrations "
		"ORDER BY version)"),
	    1);
	sqlite3_close(db);
}

static void
test_unordered_table_refused(void **state)
{
	struct fx	  *fx = *state;
	struct store_conn *c;
	char		   err[256];

	c = runner_conn(fx->path);
	assert_int_equal(store_migrate(&store_sqlite_ops, c, unordered, 2, 1,
			     err, sizeof(err)),
	    NG_EINVAL);
	assert_non_null(strstr(err, "0001_a.sql"));
	store_sqlite_ops.close(c, 1);
}

/* Two processes' worth of store_open on one fresh file at once. */
struct opener {
	const char *path;
	enum ng_err err;
	int	    version;
	char	    msg[256];
};

static void *
open_thread(void *arg)
{
	struct opener *o = arg;
	struct store  *st;

	o->err = store_open(o->path, 2, &st, o->msg, sizeof(o->msg));
	if (o->err == NG_OK) {
		o->err = store_schema_version(st, &o->version);
		store_close(st);
	}
	return NULL;
}

static void
test_concurrent_first_open(void **state)
{
	struct fx    *fx = *state;
	struct opener o[4];
	pthread_t     t[4];
	sqlite3	     *db;
	size_t	      i;

	for (i = 0; i < 4; i++) {
		memset(&o[i], 0, sizeof(o[i]));
		o[i].path = fx->path;
		assert_int_equal(pthread_create(&t[i], NULL, open_thread,
				     &o[i]),
		    0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		if (o[i].err != NG_OK)
			fail_msg("opener %zu: %s", i, o[i].msg);
		assert_int_equal(o[i].version, last_version());
	}
	db = raw_open(fx->path);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM schema_migrations"),
	    (long long)store_nmigrations);
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded_match_files),
		cmocka_unit_test_setup_teardown(test_open_applies_all, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reopen_is_noop, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_failed_migration_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unordered_table_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_first_open,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
