/*
 * sqlite_cache.c -- what the page cache (src/http/pagecache.c)
 * asks the SQLite backend: whether anyone else committed, and when the
 * next scheduled-by-date article becomes visible.
 */
#include <stdint.h>

#include <sqlite3.h>

#include "store/sqlite/sqlite_int.h"

/*
 * PRAGMA data_version moves when a commit by any other connection, in
 * this process or another, happened since this connection last asked
 * (https://sqlite.org/pragma.html#pragma_data_version).  It is read on
 * the store's watcher connection (store_int.h), which never writes.
 * The first read has no baseline and reports a change: a refill, never
 * a stale page.
 */
enum ng_err
sqlite_data_changed(struct store_conn *sc, int *changed)
{
	struct sqlite_conn	*c = sqlite_conn_of(sc);
	sqlite3_stmt		*s;
	enum ng_err		 err;
	int64_t			 v;

	*changed = 1;
	if ((s = sqlite_stmt_get(c, STMT_DATA_VERSION)) == NULL)
		return NG_EDB;
	if (!sqlite_step(c, s, &err))
		return err == NG_OK ? NG_EDB : err;
	v = sqlite_col_i64(s, 0);
	*changed = c->data_version == 0 || v != c->data_version;
	c->data_version = v;
	return NG_OK;
}

enum ng_err
sqlite_next_publish_after(struct store_conn *sc, int64_t now, int64_t *out)
{
	struct sqlite_conn	*c = sqlite_conn_of(sc);
	sqlite3_stmt		*s;
	enum ng_err		 err;

	*out = 0;
	if ((s = sqlite_stmt_get(c, STMT_NEXT_PUBLISH)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, now))
		return NG_EDB;
	if (!sqlite_step(c, s, &err))
		return err == NG_OK ? NG_EDB : err;
	if (sqlite3_column_type(s, 0) == SQLITE_NULL)
		return NG_ENOTFOUND;
	*out = sqlite_col_i64(s, 0);
	return NG_OK;
}
