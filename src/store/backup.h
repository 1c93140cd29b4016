/*
 * backup.h -- the database file as a whole: online copies,
 * the copy taken before migrations, and the checks of `nutgraf check`
 * and `nutgraf restore`.
 *
 * These work on a database path, not an open store: `nutgraf backup`
 * runs beside a serving process, and the checks must not migrate what
 * they look at.
 */
#ifndef NG_STORE_BACKUP_H
#define NG_STORE_BACKUP_H

#include <stddef.h>

#include "core/err.h"

/* The schema version this binary's migrations end at. */
int store_schema_known(void);

/*
 * Copy the database at src to the new file dest with SQLite's online
 * backup API: one consistent snapshot, while other processes keep
 * writing (WAL).  dest must not exist.
 */
enum ng_err store_db_backup(const char *src, const char *dest, char *errbuf,
    size_t errsz) NG_WUR;

/*
 * Before migrations: when the database at path exists and its schema is
 * older than this binary's, copy it to
 * <dir of path>/backups/nutgraf-schema-<version>.db (kept; an existing
 * copy of that version is left alone).  *made gets 1 if a copy was made.
 */
enum ng_err store_db_backup_before_migrate(const char *path, int *made,
    char *errbuf, size_t errsz) NG_WUR;

/* What store_db_inspect() found. */
struct store_db_report {
	int  version;	     /* schema version, 0: none */
	int  intact;	     /* PRAGMA integrity_check said ok */
	char integrity[256]; /* its first complaint otherwise */
};

/* Open path read-only and run the checks; never writes. */
enum ng_err store_db_inspect(const char *path, struct store_db_report *out,
    char *errbuf, size_t errsz) NG_WUR;

/*
 * Call fn for each media file the database names (media.path, relative
 * to <data>/media/) and expects on this disk -- on PostgreSQL, those
 * whose bytes it does not hold itself -- until fn returns non-zero.
 * Read-only.
 */
enum ng_err store_db_media(const char *path,
    int (*fn)(void *arg, const char *media_path), void *arg, char *errbuf,
    size_t errsz) NG_WUR;

#endif
