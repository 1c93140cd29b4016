/*
 * sqlite_cache.c -- what the page cache (src/http/pagecache.c) asks the
 * SQLite backend: the write transactions and the log of the
 * invalidation list (store_inval.c), and when the next
 * scheduled-by-date article becomes visible.
 */
#include <stdint.h>
#include <string.h>

#include <sqlite3.h>

#include "core/arena.h"
#include "core/log.h"
#include "store/sqlite/sqlite_int.h"

/* Rows kept behind the newest: at 10 writes a second, a quarter hour. */
#define INVAL_KEEP 10000

enum ng_err
sqlite_write_begin(struct store_conn *sc)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	enum ng_err	    err;

	if ((err = sqlite_tx_begin(c, 1)) == NG_OK) {
		/* 2: it joined a bulk transaction, which will commit. */
		c->wtx = c->nested ? 2 : 1;
		c->nested = 0;
	}
	return err;
}

enum ng_err
sqlite_write_end(struct store_conn *sc, enum ng_err err)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	int		    joined = c->wtx == 2;

	c->wtx = 0;
	c->nested = 0;
	return joined ? err : sqlite_tx_end(c, err);
}

/*
 * The connection runs with synchronous = NORMAL (sqlite_sql.c): a commit
 * is in the WAL file, past the process, but not yet on the disk.  This
 * syncs the WAL as synchronous = FULL would have inside COMMIT, but
 * after the write lock is free: a writer that commits meanwhile needs
 * no sync of its own if this one covers it, and several threads syncing
 * at once share the file system's journal commit.  A checkpoint that
 * moved frames into the database file synced both first, so a WAL
 * restarted since holds nothing of ours to lose.
 */
enum ng_err
sqlite_sync(struct store_conn *sc)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_file	   *wal = NULL;
	int		    rc;

	if (c->bulk)
		return NG_OK;
	rc = sqlite3_file_control(c->db, "main", SQLITE_FCNTL_JOURNAL_POINTER,
	    &wal);
	if (rc != SQLITE_OK || wal == NULL || wal->pMethods == NULL)
		return NG_OK; /* no WAL open: nothing committed here */
	if ((rc = wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL)) != SQLITE_OK) {
		log_err("store: cannot sync the WAL: %s", sqlite3_errstr(rc));
		return NG_EIO;
	}
	return NG_OK;
}

enum ng_err
sqlite_inval_log(struct store_conn *sc, int64_t origin, const char *keys,
    int64_t now)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	int64_t		    seq;

	if ((s = sqlite_stmt_get(c, STMT_INVAL_LOG)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, origin) ||
	    !sqlite_bind_i64(c, s, 2, now) ||
	    !sqlite_bind_text(c, s, 3, str_c(keys)))
		return NG_EDB;
	if ((err = sqlite_exec_stmt(c, s)) != NG_OK)
		return err;
	/* Prune now and then, in the same transaction. */
	seq = sqlite3_last_insert_rowid(c->db);
	if (seq % 512 != 0 || seq <= INVAL_KEEP)
		return NG_OK;
	if ((s = sqlite_stmt_get(c, STMT_INVAL_PRUNE)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, seq) ||
	    !sqlite_bind_i64(c, s, 2, INVAL_KEEP))
		return NG_EDB;
	return sqlite_exec_stmt(c, s);
}

enum ng_err
sqlite_inval_read(struct arena *ar, struct store_conn *sc, int64_t after,
    size_t max, struct inval_row **out, size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct sqlite_rd    r = { ar, 0 };
	struct inval_row   *v;
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    rc;

	*out = NULL;
	*n = 0;
	if ((v = arena_calloc(ar, max, sizeof(*v))) == NULL)
		return NG_ENOMEM;
	if ((s = sqlite_stmt_get(c, STMT_INVAL_READ)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, after) ||
	    !sqlite_bind_i64(c, s, 2, (int64_t)max))
		return NG_EDB;
	while (*n < max && (rc = sqlite_step(c, s, &err)) == 1) {
		v[*n].seq = sqlite_col_i64(s, 0);
		v[*n].origin = sqlite_col_i64(s, 1);
		v[*n].keys = sqlite_col_str(&r, s, 2);
		(*n)++;
	}
	sqlite3_reset(s);
	if (err != NG_OK)
		return err;
	if (r.oom)
		return NG_ENOMEM;
	*out = v;
	return NG_OK;
}

enum ng_err
sqlite_inval_last(struct store_conn *sc, int64_t *seq)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	*seq = 0;
	if ((s = sqlite_stmt_get(c, STMT_INVAL_LAST)) == NULL)
		return NG_EDB;
	if (sqlite_step(c, s, &err) != 1)
		return err == NG_OK ? NG_EDB : err;
	*seq = sqlite_col_i64(s, 0);
	sqlite3_reset(s);
	return NG_OK;
}

enum ng_err
sqlite_article_state(struct arena *ar, struct store_conn *sc, int64_t id,
    struct article_state *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct sqlite_rd    r = { ar, 0 };
	struct str	    status;
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    rc;

	memset(out, 0, sizeof(*out));
	if ((s = sqlite_stmt_get(c, STMT_ARTICLE_STATE)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((rc = sqlite_step(c, s, &err)) != 1)
		return rc == 0 ? NG_ENOTFOUND : err;
	status = sqlite_col_str(&r, s, 0);
	if (status.p == NULL || !store_status_parse(status, &out->status))
		out->status = ARTICLE_DRAFT;
	out->section_id = sqlite_col_i64(s, 1);
	out->author_id = sqlite_col_i64(s, 2);
	out->published_at = sqlite_col_i64(s, 3);
	sqlite3_reset(s);
	if ((out->tags = arena_calloc(ar, STORE_TAGS_MAX,
		 sizeof(*out->tags))) == NULL)
		return NG_ENOMEM;
	if ((s = sqlite_stmt_get(c, STMT_ARTICLE_STATE_TAGS)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id))
		return NG_EDB;
	while (
	    out->ntags < STORE_TAGS_MAX && (rc = sqlite_step(c, s, &err)) == 1)
		out->tags[out->ntags++] = sqlite_col_i64(s, 0);
	sqlite3_reset(s);
	if (rc < 0)
		return err;
	if ((out->authors = arena_calloc(ar, STORE_AUTHORS_MAX,
		 sizeof(*out->authors))) == NULL)
		return NG_ENOMEM;
	if ((s = sqlite_stmt_get(c, STMT_ARTICLE_STATE_AUTHORS)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id))
		return NG_EDB;
	while (out->nauthors < STORE_AUTHORS_MAX &&
	    (rc = sqlite_step(c, s, &err)) == 1)
		out->authors[out->nauthors++] = sqlite_col_i64(s, 0);
	sqlite3_reset(s);
	if (r.oom)
		return NG_ENOMEM;
	return err;
}

enum ng_err
sqlite_next_publish_after(struct store_conn *sc, int64_t now, int64_t *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

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
