/*
 * migrate.c -- bring a database's schema up to date, one numbered
 * migration at a time.
 *
 * The migrations are SQL files compiled into the binary (store_int.h).
 * Each one runs in its own transaction together with the row that
 * records it in schema_migrations, so a crash or a failing statement
 * leaves the database at the previous version, never in between, and a
 * second nutgraf process starting at the same moment either sees the row
 * or waits for the first one's write lock and then sees it.
 */
#include <stdio.h>

#include "core/log.h"
#include "store/store_int.h"

enum ng_err
store_migrate(const struct store_ops *ops, struct store_conn *c,
    const struct store_migration *m, size_t n, int64_t now, char *errbuf,
    size_t errsz)
{
	enum ng_err err;
	size_t	    i;
	int	    cur, applied, last;

	last = 0;
	for (i = 0; i < n; i++) {
		if (m[i].version <= last || m[i].sql == NULL) {
			snprintf(errbuf, errsz,
			    "migration table is not in "
			    "increasing order at %s",
			    m[i].file != NULL ? m[i].file : "(null)");
			return NG_EINVAL;
		}
		last = m[i].version;
	}

	if ((err = ops->migration_init(c, errbuf, errsz)) != NG_OK)
		return err;
	if ((err = ops->schema_version(c, &cur)) != NG_OK) {
		snprintf(errbuf, errsz, "cannot read the schema version");
		return err;
	}
	/*
	 * An older binary must not run against a schema it does not know:
	 * its statements may miss new NOT NULL columns or meanings.
	 */
	if (cur > last) {
		snprintf(errbuf, errsz,
		    "database schema version %d is newer "
		    "than this nutgraf knows (%d): it was written by a newer "
		    "nutgraf; install that version again (or restore a "
		    "backup made before the upgrade); nothing was changed",
		    cur, last);
		return NG_EINVAL;
	}

	for (i = 0; i < n; i++) {
		err = ops->migration_apply(c, &m[i], now, &applied, errbuf,
		    errsz);
		if (err != NG_OK)
			return err;
		if (applied)
			log_info("store: applied migration %s", m[i].file);
	}
	return NG_OK;
}
