/*
 * sqlite_live.c -- the SQLite backend's live coverage calls (store.h),
 * over the tables of migration 0015.  Statements are prepared per call:
 * the reads are one indexed lookup each, made when a page is rendered,
 * not when the page cache answers.
 */
#include <sqlite3.h>

#include "core/log.h"
#include "store/sqlite/sqlite_int.h"

enum ng_err
sqlite_live_set(struct store_conn *sc, int64_t article_id, int live,
    int64_t now)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	int64_t		    rows = 0;

	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		return err;
	/* A start of ended coverage takes it up again, from its start. */
	s = sqlite_prep_once(c,
	    live ? "INSERT INTO live_coverage (article_id, started_at) "
		   "SELECT id, ?2 FROM articles WHERE id = ?1 "
		   "ON CONFLICT (article_id) DO UPDATE SET ended_at = NULL" :
		   "UPDATE live_coverage SET ended_at = ?2 WHERE "
		   "article_id = ?1 AND ended_at IS NULL");
	if (s == NULL)
		err = NG_EDB;
	else if (!sqlite_bind_i64(c, s, 1, article_id) ||
	    !sqlite_bind_i64(c, s, 2, now)) {
		sqlite3_finalize(s);
		err = NG_EDB;
	} else if ((err = sqlite_run_once(c, s, &rows)) == NG_OK && rows == 0)
		err = NG_ENOTFOUND;
	return sqlite_tx_end(c, err);
}

enum ng_err
sqlite_live_get(struct store_conn *sc, int64_t article_id,
    struct live_coverage *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    rc;

	if ((s = sqlite_prep_once(c,
		 "SELECT started_at, coalesce(ended_at, 0) FROM "
		 "live_coverage WHERE article_id = ?1")) == NULL)
		return NG_EDB;
	sqlite3_bind_int64(s, 1, article_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->article_id = article_id;
		out->started_at = sqlite3_column_int64(s, 0);
		out->ended_at = sqlite3_column_int64(s, 1);
	} else if (rc == SQLITE_DONE)
		err = NG_ENOTFOUND;
	else
		err = sqlite_db_err(c, rc, s);
	sqlite3_finalize(s);
	return err;
}

enum ng_err
sqlite_live_update_add(struct store_conn *sc, const struct live_update *u,
    int64_t now, int64_t *id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	int64_t		    rows = 0;

	*id = 0;
	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		return err;
	/* Only an article whose coverage is on takes updates. */
	if ((s = sqlite_prep_once(c,
		 "INSERT INTO live_updates (article_id, created_at, "
		 "created_by, pinned, body_md, body_html, body_text) "
		 "SELECT article_id, ?2, nullif(?3, 0), ?4, ?5, ?6, ?7 "
		 "FROM live_coverage WHERE article_id = ?1 AND "
		 "ended_at IS NULL")) == NULL)
		err = NG_EDB;
	else if (!sqlite_bind_i64(c, s, 1, u->article_id) ||
	    !sqlite_bind_i64(c, s, 2, now) ||
	    !sqlite_bind_i64(c, s, 3, u->user_id) ||
	    !sqlite_bind_i64(c, s, 4, u->pinned != 0) ||
	    !sqlite_bind_text(c, s, 5, u->body_md) ||
	    !sqlite_bind_text(c, s, 6, u->body_html.s) ||
	    !sqlite_bind_text(c, s, 7, u->body_text)) {
		sqlite3_finalize(s);
		err = NG_EDB;
	} else if ((err = sqlite_run_once(c, s, &rows)) == NG_OK) {
		if (rows == 0)
			err = NG_ENOTFOUND;
		else
			*id = sqlite3_last_insert_rowid(c->db);
	}
	err = sqlite_tx_end(c, err);
	if (err != NG_OK)
		*id = 0;
	return err;
}

/*
 * Run sql on update id of article_id (?1, ?2; value is ?3 when the
 * statement has one); NG_ENOTFOUND when no row changed.
 */
static enum ng_err
update_write(struct sqlite_conn *c, const char *sql, int64_t article_id,
    int64_t id, int64_t value)
{
	sqlite3_stmt *s;
	enum ng_err   err;
	int64_t	      rows = 0;

	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		return err;
	if ((s = sqlite_prep_once(c, sql)) == NULL)
		err = NG_EDB;
	else {
		sqlite3_bind_int64(s, 1, article_id);
		sqlite3_bind_int64(s, 2, id);
		if (sqlite3_bind_parameter_count(s) >= 3)
			sqlite3_bind_int64(s, 3, value);
		if ((err = sqlite_run_once(c, s, &rows)) == NG_OK && rows == 0)
			err = NG_ENOTFOUND;
	}
	return sqlite_tx_end(c, err);
}

enum ng_err
sqlite_live_update_pin(struct store_conn *sc, int64_t article_id, int64_t id,
    int pinned)
{
	return update_write(sqlite_conn_of(sc),
	    "UPDATE live_updates SET pinned = ?3 WHERE article_id = ?1 "
	    "AND id = ?2",
	    article_id, id, pinned);
}

enum ng_err
sqlite_live_update_delete(struct store_conn *sc, int64_t article_id, int64_t id)
{
	return update_write(sqlite_conn_of(sc),
	    "DELETE FROM live_updates WHERE article_id = ?1 AND id = ?2",
	    article_id, id, 0);
}

static void
update_row(struct sqlite_rd *r, sqlite3_stmt *s, void *row)
{
	struct live_update *u = row;

	u->id = sqlite_col_i64(s, 0);
	u->article_id = sqlite_col_i64(s, 1);
	u->created_at = sqlite_col_i64(s, 2);
	u->user_id = sqlite_col_i64(s, 3);
	u->pinned = sqlite_col_i64(s, 4) != 0;
	u->body_md = sqlite_col_str(r, s, 5);
	/* Rendered and sanitized when saved (content/shortcode.h). */
	u->body_html = safe_html_trust(sqlite_col_str(r, s, 6));
	u->body_text = sqlite_col_str(r, s, 7);
}

enum ng_err
sqlite_live_updates(struct arena *ar, struct store_conn *sc, int64_t article_id,
    int64_t after_id, size_t limit, struct live_update **out, size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	if ((s = sqlite_prep_once(c,
		 "SELECT id, article_id, created_at, "
		 "coalesce(created_by, 0), pinned, body_md, body_html, "
		 "body_text FROM live_updates WHERE article_id = ?1 AND "
		 "id > ?2 ORDER BY id DESC LIMIT ?3")) == NULL)
		return NG_EDB;
	sqlite3_bind_int64(s, 1, article_id);
	sqlite3_bind_int64(s, 2, after_id);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)limit);
	err = sqlite_rows(ar, c, s, sizeof(struct live_update), update_row, out,
	    n);
	sqlite3_finalize(s);
	return err;
}

static void
id_row(struct sqlite_rd *r, sqlite3_stmt *s, void *row)
{
	(void)r;
	*(int64_t *)row = sqlite_col_i64(s, 0);
}

enum ng_err
sqlite_live_now(struct arena *ar, struct store_conn *sc, size_t limit,
    int64_t **ids, size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	if ((s = sqlite_prep_once(c,
		 "SELECT article_id FROM live_coverage WHERE ended_at IS "
		 "NULL ORDER BY article_id DESC LIMIT ?1")) == NULL)
		return NG_EDB;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)limit);
	err = sqlite_rows(ar, c, s, sizeof(int64_t), id_row, ids, n);
	sqlite3_finalize(s);
	return err;
}
