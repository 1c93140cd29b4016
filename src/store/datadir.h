/*
 * datadir.h -- a data directory as a whole: its database
 * nutgraf.db and its media/ files, backed up while the server runs,
 * restored into an empty directory, and checked.
 *
 * A backup is a directory:
 *
 *	nutgraf.db	one consistent snapshot (SQLite's online backup)
 *	media/...	every media file, as in the data directory
 *	MANIFEST	"nutgraf-backup 1 schema N", then "SIZE<TAB>PATH"
 *			for each file above; written last, so a backup
 *			without it is incomplete
 *
 * Progress and findings go to out, one line each.
 */
#ifndef NG_STORE_DATADIR_H
#define NG_STORE_DATADIR_H

#include <stdio.h>

#include "core/err.h"

/* The database file of data directory dir, in buf. */
const char *datadir_db_path(const char *dir, char *buf, size_t sz);

/* Back up data_dir into the new directory dest. */
enum ng_err datadir_backup(const char *data_dir, const char *dest, FILE *out,
    char *errbuf, size_t errsz) NG_WUR;

/*
 * Fill data_dir (missing or empty) from the backup src, then check the
 * copy: every file of the manifest with its size, PRAGMA
 * integrity_check, a schema this binary knows.  On failure data_dir is
 * emptied again.
 */
enum ng_err datadir_restore(const char *src, const char *data_dir, FILE *out,
    char *errbuf, size_t errsz) NG_WUR;

/*
 * Check data_dir: it exists, belongs to and is writable by this user,
 * is not open to others; its database (database, a PostgreSQL URL, or
 * NULL: nutgraf.db in data_dir) is reachable, intact and its schema
 * known; every media file the database names is there.  Writes
 * "ok: ..." and "FIX: ..." lines; returns the number of problems.
 */
int datadir_check(const char *data_dir, const char *database, FILE *out);

#endif
