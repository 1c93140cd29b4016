/*
 * test_backup.c -- the database as a whole: the copy kept
 * before migrations (named with the old schema version, made once, not
 * for a new, current or newer database), the online backup (refuses an
 * existing target, gives a readable single-file copy) and inspection.
 * Databases at an older schema are made by hand with sqlite3.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/backup.h"
#include "store/store.h"
#include "store/store_int.h"

static void
make_db(const char *path, int version)
{
	sqlite3 *db;
	char	 sql[256];

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	snprintf(sql, sizeof(sql),
	    "CREATE TABLE schema_migrations (version "
	    "INTEGER PRIMARY KEY, name TEXT, applied_at INTEGER);"
	    "INSERT INTO schema_migrations VALUES (%d, 'x', 0);"
	    "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('kept');",
	    version);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void
test_before_migrate(void **state)
{
	char		      *dir = testlib_tmpdir(), db[512], copy[512];
	char		       err[256];
	struct store_db_report rep;
	int		       made;

	(void)state;
	assert_true(store_schema_known() > 1);
	snprintf(db, sizeof(db), "%s/nutgraf.db", dir);

	/* No database yet: nothing to keep. */
	assert_int_equal(store_db_backup_before_migrate(db, &made, err,
			     sizeof(err)),
	    NG_OK);
	assert_int_equal(made, 0);

	/* An older schema: kept as backups/nutgraf-schema-1.db. */
	make_db(db, 1);
	assert_int_equal(store_db_backup_before_migrate(db, &made, err,
			     sizeof(err)),
	    NG_OK);
	assert_int_equal(made, 1);
	snprintf(copy, sizeof(copy), "%s/backups/nutgraf-schema-1.db", dir);
	assert_int_equal(store_db_inspect(copy, &rep, err, sizeof(err)), NG_OK);
	assert_int_equal(rep.version, 1);
	assert_true(rep.intact);
	/* Made once: a second start does not replace the first copy. */
	assert_int_equal(store_db_backup_before_migrate(db, &made, err,
			     sizeof(err)),
	    NG_OK);
	assert_int_equal(made, 0);
	unlink(db);

	/* Current and newer schemas: no copy. */
	make_db(db, store_schema_known());
	assert_int_equal(store_db_backup_before_migrate(db, &made, err,
			     sizeof(err)),
	    NG_OK);
	assert_int_equal(made, 0);
	unlink(db);
	make_db(db, store_schema_known() + 1);
	assert_int_equal(store_db_backup_before_migrate(db, &made, err,
			     sizeof(err)),
	    NG_OK);
	assert_int_equal(made, 0);
	testlib_rmrf(dir);
	free(dir);
}

/*
 * A real upgrade: a database left at schema 1 (only the first
 * migration applied, as an old nutgraf left it) is copied to
 * backups/nutgraf-schema-1.db by store_open, which then migrates it.
 */
static void
test_open_keeps_copy(void **state)
{
	char		      *dir = testlib_tmpdir(), db[512], copy[512];
	char		       err[256];
	struct store	      *st;
	struct store_db_report rep;
	sqlite3		      *h;

	(void)state;
	snprintf(db, sizeof(db), "%s/nutgraf.db", dir);
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(h,
		"CREATE TABLE schema_migrations ("
		"version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at "
		"INTEGER NOT NULL) STRICT",
		NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, store_migrations[0].sql, NULL, NULL,
			     NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_exec(h,
			     "INSERT INTO schema_migrations "
			     "VALUES (1, 'init', 0)",
			     NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(h);

	assert_int_equal(store_open(db, 1, &st, err, sizeof(err)), NG_OK);
	store_close(st);
	assert_int_equal(store_db_inspect(db, &rep, err, sizeof(err)), NG_OK);
	assert_int_equal(rep.version, store_schema_known());
	snprintf(copy, sizeof(copy), "%s/backups/nutgraf-schema-1.db", dir);
	assert_int_equal(store_db_inspect(copy, &rep, err, sizeof(err)), NG_OK);
	assert_int_equal(rep.version, 1);
	assert_true(rep.intact);
	testlib_rmrf(dir);
	free(dir);
}

static void
test_backup_copy(void **state)
{
	char		      *dir = testlib_tmpdir(), src[512], dst[512];
	char		       err[256], wal[600];
	struct store_db_report rep;

	(void)state;
	snprintf(src, sizeof(src), "%s/a.db", dir);
	snprintf(dst, sizeof(dst), "%s/b.db", dir);
	make_db(src, 3);
	assert_int_equal(store_db_backup(src, dst, err, sizeof(err)), NG_OK);
	assert_int_equal(store_db_inspect(dst, &rep, err, sizeof(err)), NG_OK);
	assert_int_equal(rep.version, 3);
	assert_true(rep.intact);
	snprintf(wal, sizeof(wal), "%s-wal", dst);
	assert_int_not_equal(access(wal, F_OK), 0);
	/* Never over an existing file. */
	assert_int_equal(store_db_backup(src, dst, err, sizeof(err)),
	    NG_ECONFLICT);
	assert_non_null(strstr(err, "already exists"));
	/* A file that is not a database. */
	snprintf(src, sizeof(src), "%s/junk.db", dir);
	FILE *f = fopen(src, "w");
	assert_non_null(f);
	fputs("this is not a database, just text long enough to look\n", f);
	fclose(f);
	assert_int_not_equal(store_db_inspect(src, &rep, err, sizeof(err)) ==
		    NG_OK &&
		rep.intact,
	    1);
	testlib_rmrf(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_before_migrate),
		cmocka_unit_test(test_open_keeps_copy),
		cmocka_unit_test(test_backup_copy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
