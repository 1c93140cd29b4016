/*
 * sqlite_backup.c -- whole-database operations on SQLite files.
 *
 * The online backup API copies page by page from a read transaction; in
 * WAL mode that transaction sees one snapshot and blocks no writer, so
 * one sqlite3_backup_step(-1) gives a consistent copy of a database the
 * server keeps writing to.  The copy is written to "<dest>.part" and
 * renamed, so a half-written file never carries the final name.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <stdatomic.h>

#include <sqlite3.h>

#include "core/log.h"
#include "store/backup.h"
#include "store/sqlite/sqlite_int.h"

#define BACKUP_BUSY_MS 10000

static atomic_uint backup_seq;

int
store_schema_known(void)
{
	return store_nmigrations > 0 ?
	    store_migrations[store_nmigrations - 1].version :
	    0;
}

static enum ng_err
open_ro(const char *path, sqlite3 **db, char *errbuf, size_t errsz)
{
	if (sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		snprintf(errbuf, errsz, "%s: %s", path,
		    *db != NULL ? sqlite3_errmsg(*db) : "cannot open");
		sqlite3_close(*db);
		*db = NULL;
		return NG_EDB;
	}
	sqlite3_busy_timeout(*db, BACKUP_BUSY_MS);
	return NG_OK;
}

/* The schema version of db, 0 when it has no migrations table. */
static int
schema_version(sqlite3 *db)
{
	sqlite3_stmt *s = NULL;
	int	      v = 0;

	if (sqlite3_prepare_v2(db,
		"SELECT coalesce(max(version), 0) FROM "
		"schema_migrations",
		-1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

enum ng_err
store_db_backup(const char *src, const char *dest, char *errbuf, size_t errsz)
{
	sqlite3	       *from = NULL, *to = NULL;
	sqlite3_backup *b;
	char		part[PATH_MAX];
	enum ng_err	err = NG_EDB;
	int		rc;

	if (access(dest, F_OK) == 0) {
		snprintf(errbuf, errsz, "%s already exists", dest);
		return NG_ECONFLICT;
	}
	/* A name of its own: two processes (or threads) opening an old
	 * database at once may both copy it, and must not write into or
	 * unlink each other's partial file. */
	if (snprintf(part, sizeof(part), "%s.part.%ld.%u", dest, (long)getpid(),
		atomic_fetch_add(&backup_seq, 1)) >= (int)sizeof(part)) {
		snprintf(errbuf, errsz, "%s: path too long", dest);
		return NG_EINVAL;
	}
	unlink(part);
	if ((err = open_ro(src, &from, errbuf, errsz)) != NG_OK)
		return err;
	err = NG_EDB;
	if (sqlite3_open_v2(part, &to,
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
		NULL) != SQLITE_OK) {
		snprintf(errbuf, errsz, "%s: %s", part,
		    to != NULL ? sqlite3_errmsg(to) : "cannot create");
		goto out;
	}
	if ((b = sqlite3_backup_init(to, "main", from, "main")) == NULL) {
		snprintf(errbuf, errsz, "backup of %s: %s", src,
		    sqlite3_errmsg(to));
		goto out;
	}
	/* All pages in one step: one read transaction, one snapshot. */
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(errbuf, errsz, "backup of %s: %s", src,
		    sqlite3_errstr(rc));
		goto out;
	}
	/* A backup is one file: no WAL beside it. */
	if (sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL,
		NULL) != SQLITE_OK) {
		snprintf(errbuf, errsz, "%s: %s", part, sqlite3_errmsg(to));
		goto out;
	}
	sqlite3_close(to);
	to = NULL;
	/* link(2), not rename(2): a copy already under the final name
	 * (another opener's, taken before any migration) is never
	 * replaced by one taken later. */
	if (link(part, dest) == -1) {
		snprintf(errbuf, errsz, "%s: %s", dest, strerror(errno));
		goto out;
	}
	unlink(part);
	err = NG_OK;
out:
	sqlite3_close(to);
	sqlite3_close(from);
	if (err != NG_OK)
		unlink(part);
	return err;
}

enum ng_err
store_db_backup_before_migrate(const char *path, int *made, char *errbuf,
    size_t errsz)
{
	sqlite3	   *db = NULL;
	struct stat sb;
	char	    dir[PATH_MAX], dest[PATH_MAX];
	const char *slash;
	enum ng_err err;
	int	    v;

	*made = 0;
	/* A new site has nothing to keep; what is not a database file is
	 * for the store's own open to report. */
	if (stat(path, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    open_ro(path, &db, errbuf, errsz) != NG_OK)
		return NG_OK;
	v = schema_version(db);
	sqlite3_close(db);
	/* Empty, current, or newer (store_migrate refuses that one). */
	if (v == 0 || v >= store_schema_known())
		return NG_OK;
	slash = strrchr(path, '/');
	if (slash == NULL)
		snprintf(dir, sizeof(dir), "backups");
	else if (snprintf(dir, sizeof(dir), "%.*s/backups", (int)(slash - path),
		     path) >= (int)sizeof(dir))
		goto toolong;
	if (snprintf(dest, sizeof(dest), "%s/nutgraf-schema-%d.db", dir, v) >=
	    (int)sizeof(dest))
		goto toolong;
	if (mkdir(dir, 0750) == -1 && errno != EEXIST) {
		snprintf(errbuf, errsz, "cannot create %s: %s", dir,
		    strerror(errno));
		return NG_EIO;
	}
	if (access(dest, F_OK) == 0)
		return NG_OK;
	if ((err = store_db_backup(path, dest, errbuf, errsz)) != NG_OK) {
		/* Another opener made the same copy first: keep its. */
		if (access(dest, F_OK) == 0)
			return NG_OK;
		return err;
	}
	log_info("store: schema %d -> %d: kept a copy of the database in %s", v,
	    store_schema_known(), dest);
	*made = 1;
	return NG_OK;
toolong:
	snprintf(errbuf, errsz, "%s: path too long", path);
	return NG_EINVAL;
}

enum ng_err
sqlite_db_inspect(const char *path, struct store_db_report *out, char *errbuf,
    size_t errsz)
{
	sqlite3	     *db = NULL;
	sqlite3_stmt *s = NULL;
	enum ng_err   err;
	const char   *t;
	int	      rc;

	memset(out, 0, sizeof(*out));
	if ((err = open_ro(path, &db, errbuf, errsz)) != NG_OK)
		return err;
	out->version = schema_version(db);
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check(1)", -1, &s, NULL) !=
	    SQLITE_OK) {
		snprintf(errbuf, errsz, "%s: %s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return NG_EDB;
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		t = (const char *)sqlite3_column_text(s, 0);
		out->intact = t != NULL && strcmp(t, "ok") == 0;
		snprintf(out->integrity, sizeof(out->integrity), "%s",
		    t != NULL ? t : "");
	} else
		snprintf(out->integrity, sizeof(out->integrity), "%s",
		    sqlite3_errmsg(db));
	sqlite3_finalize(s);
	sqlite3_close(db);
	return NG_OK;
}

enum ng_err
sqlite_db_media(const char *path, int (*fn)(void *, const char *), void *arg,
    char *errbuf, size_t errsz)
{
	sqlite3	     *db = NULL;
	sqlite3_stmt *s = NULL;
	enum ng_err   err;
	const char   *p;
	int	      rc;

	if ((err = open_ro(path, &db, errbuf, errsz)) != NG_OK)
		return err;
	if (sqlite3_prepare_v2(db, "SELECT path FROM media ORDER BY id", -1, &s,
		NULL) != SQLITE_OK) {
		snprintf(errbuf, errsz, "%s: %s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return NG_EDB;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		p = (const char *)sqlite3_column_text(s, 0);
		if (p != NULL && fn(arg, p) != 0)
			break;
	}
	err = rc == SQLITE_ROW || rc == SQLITE_DONE ? NG_OK : NG_EDB;
	if (err != NG_OK)
		snprintf(errbuf, errsz, "%s: %s", path, sqlite3_errmsg(db));
	sqlite3_finalize(s);
	sqlite3_close(db);
	return err;
}
