/*
 * sqlite_preview.c -- the SQLite backend's preview link calls (store.h),
 * over the table of migration 0013.  Revoking is a conditional UPDATE,
 * so a link is revoked once and its time is the first revocation's.
 */
#include <sqlite3.h>

#include "core/log.h"
#include "store/sqlite/sqlite_int.h"

/* Step a bound write in its own transaction, finalize it; *rows. */
static enum ng_err
write_rows(struct sqlite_conn *c, sqlite3_stmt *s, int64_t *rows)
{
	enum ng_err err;
	int	    rc;

	*rows = 0;
	if ((err = sqlite_tx_begin(c, 1)) != NG_OK) {
		sqlite3_finalize(s);
		return err;
	}
	if ((rc = sqlite3_step(s)) != SQLITE_DONE && rc != SQLITE_ROW)
		err = sqlite_db_err(c, rc, s);
	else
		*rows = sqlite3_changes(c->db);
	sqlite3_finalize(s);
	return sqlite_tx_end(c, err);
}

enum ng_err
sqlite_preview_add(struct store_conn *sc, int64_t article_id,
    struct str token_hash, int64_t user_id, int64_t now, int64_t expires_at,
    int64_t *id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	int64_t		    rows;

	if ((s = sqlite_prep_once(c,
		 "INSERT INTO preview_links (article_id, token_hash, "
		 "created_by, created_at, expires_at) SELECT ?1, ?2, "
		 "nullif(?3, 0), ?4, ?5 FROM articles WHERE id = ?1")) == NULL)
		return NG_EDB;
	if (!sqlite_bind_i64(c, s, 1, article_id) ||
	    !sqlite_bind_text(c, s, 2, token_hash) ||
	    !sqlite_bind_i64(c, s, 3, user_id) ||
	    !sqlite_bind_i64(c, s, 4, now) ||
	    !sqlite_bind_i64(c, s, 5, expires_at)) {
		sqlite3_finalize(s);
		return NG_EDB;
	}
	if ((err = write_rows(c, s, &rows)) != NG_OK)
		return err;
	if (rows == 0)
		return NG_ENOTFOUND;
	*id = sqlite3_last_insert_rowid(c->db);
	return NG_OK;
}

enum ng_err
sqlite_preview_find(struct store_conn *sc, struct str token_hash, int64_t now,
    int64_t *article_id, int64_t *expires_at)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    rc;

	if ((s = sqlite_prep_once(c,
		 "SELECT article_id, expires_at FROM preview_links WHERE "
		 "token_hash = ?1 AND expires_at > ?2 AND "
		 "revoked_at IS NULL")) == NULL)
		return NG_EDB;
	if (!sqlite_bind_text(c, s, 1, token_hash) ||
	    !sqlite_bind_i64(c, s, 2, now)) {
		sqlite3_finalize(s);
		return NG_EDB;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*article_id = sqlite3_column_int64(s, 0);
		*expires_at = sqlite3_column_int64(s, 1);
	} else if (rc == SQLITE_DONE)
		err = NG_ENOTFOUND;
	else
		err = sqlite_db_err(c, rc, s);
	sqlite3_finalize(s);
	return err;
}

static void
link_row(struct sqlite_rd *r, sqlite3_stmt *s, void *row)
{
	struct preview_link *l = row;

	l->id = sqlite_col_i64(s, 0);
	l->article_id = sqlite_col_i64(s, 1);
	l->created_by = sqlite_col_str(r, s, 2);
	l->created_at = sqlite_col_i64(s, 3);
	l->expires_at = sqlite_col_i64(s, 4);
	l->revoked_at = sqlite_col_i64(s, 5);
}

enum ng_err
sqlite_preview_list(struct arena *ar, struct store_conn *sc, int64_t article_id,
    size_t limit, struct preview_link **out, size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	if ((s = sqlite_prep_once(c,
		 "SELECT p.id, p.article_id, coalesce(u.login, ''), "
		 "p.created_at, p.expires_at, coalesce(p.revoked_at, 0) "
		 "FROM preview_links p LEFT JOIN users u ON "
		 "u.id = p.created_by WHERE p.article_id = ?1 "
		 "ORDER BY p.id DESC LIMIT ?2")) == NULL)
		return NG_EDB;
	sqlite3_bind_int64(s, 1, article_id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)limit);
	err = sqlite_rows(ar, c, s, sizeof(struct preview_link), link_row, out,
	    n);
	sqlite3_finalize(s);
	return err;
}

enum ng_err
sqlite_preview_revoke(struct store_conn *sc, int64_t article_id, int64_t id,
    int64_t now)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	int64_t		    rows;

	if ((s = sqlite_prep_once(c,
		 "UPDATE preview_links SET revoked_at = ?3 WHERE id = ?2 "
		 "AND article_id = ?1 AND revoked_at IS NULL")) == NULL)
		return NG_EDB;
	sqlite3_bind_int64(s, 1, article_id);
	sqlite3_bind_int64(s, 2, id);
	sqlite3_bind_int64(s, 3, now);
	if ((err = write_rows(c, s, &rows)) != NG_OK)
		return err;
	return rows == 0 ? NG_ENOTFOUND : NG_OK;
}
