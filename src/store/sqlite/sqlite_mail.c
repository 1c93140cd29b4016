/*
 * sqlite_mail.c -- the SQLite backend's outgoing mail queue, password
 * reset links and mail preferences (store.h), over the tables of
 * migration 0031.
 */
#include <stddef.h>

#include <sqlite3.h>

#include "core/log.h"
#include "store/sqlite/sqlite_int.h"

static const char *const status_names[MAIL__MAX] = { "pending", "sent",
	"failed" };

/* Run the bound write s in a transaction of its own; *rows changed. */
static enum ng_err
write_one(struct sqlite_conn *c, sqlite3_stmt *s, int64_t *rows)
{
	enum ng_err err;

	if ((err = sqlite_tx_begin(c, 1)) != NG_OK) {
		sqlite3_finalize(s);
		return err;
	}
	err = sqlite_run_once(c, s, rows);
	return sqlite_tx_end(c, err);
}

enum ng_err
sqlite_mail_enqueue(struct store_conn *sc, struct str recipient,
    struct str message, int64_t now, int64_t *id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	if ((s = sqlite_prep_once(c,
		 "INSERT INTO mail_queue (recipient, message, next_try, "
		 "created_at) VALUES (?1, ?2, ?3, ?3)")) == NULL)
		return NG_EDB;
	if (!sqlite_bind_text(c, s, 1, recipient) ||
	    !sqlite_bind_text(c, s, 2, message) ||
	    !sqlite_bind_i64(c, s, 3, now)) {
		sqlite3_finalize(s);
		return NG_EDB;
	}
	if ((err = write_one(c, s, NULL)) == NG_OK)
		*id = sqlite3_last_insert_rowid(c->db);
	return err;
}

static enum mail_status
status_of(struct str s)
{
	int i;

	for (i = 0; i < MAIL__MAX; i++)
		if (str_eqc(s, status_names[i]))
			return (enum mail_status)i;
	return MAIL_FAILED;
}

#define MAIL_COLS                                                          \
	"id, recipient, message, status, attempts, next_try, last_error, " \
	"created_at"

static void
mail_row(struct sqlite_rd *r, sqlite3_stmt *s, void *row)
{
	struct mail_item *m = row;

	m->id = sqlite_col_i64(s, 0);
	m->recipient = sqlite_col_str(r, s, 1);
	m->message = sqlite_col_str(r, s, 2);
	m->status = status_of(sqlite_col_str(r, s, 3));
	m->attempts = (int)sqlite_col_i64(s, 4);
	m->next_try = sqlite_col_i64(s, 5);
	m->last_error = sqlite_col_str(r, s, 6);
	m->created_at = sqlite_col_i64(s, 7);
}

enum ng_err
sqlite_mail_due(struct arena *ar, struct store_conn *sc, int64_t now,
    int64_t lease_until, size_t limit, struct mail_item **out, size_t *n)
{
	return sqlite_lease_due(ar, sqlite_conn_of(sc),
	    "SELECT " MAIL_COLS " FROM mail_queue WHERE status = 'pending' "
	    "AND next_try <= ?1 ORDER BY next_try, id LIMIT ?2",
	    "UPDATE mail_queue SET next_try = ?2 WHERE id = ?1", now,
	    lease_until, limit, sizeof(**out), mail_row,
	    offsetof(struct mail_item, id), out, n);
}

enum ng_err
sqlite_mail_done(struct store_conn *sc, int64_t id, enum mail_status status,
    int attempts, int64_t next_try, struct str error, int64_t now)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	int64_t		    rows = 0;

	if ((s = sqlite_prep_once(c,
		 "UPDATE mail_queue SET status = ?2, attempts = ?3, "
		 "next_try = ?4, last_error = ?5, done_at = CASE WHEN ?2 = "
		 "'pending' THEN NULL ELSE ?6 END WHERE id = ?1")) == NULL)
		return NG_EDB;
	if (!sqlite_bind_i64(c, s, 1, id) ||
	    !sqlite_bind_text(c, s, 2, str_c(status_names[status])) ||
	    !sqlite_bind_i64(c, s, 3, attempts) ||
	    !sqlite_bind_i64(c, s, 4, next_try) ||
	    !sqlite_bind_text(c, s, 5, error) ||
	    !sqlite_bind_i64(c, s, 6, now)) {
		sqlite3_finalize(s);
		return NG_EDB;
	}
	if ((err = write_one(c, s, &rows)) == NG_OK && rows == 0)
		err = NG_ENOTFOUND;
	return err;
}

enum ng_err
sqlite_mail_list(struct arena *ar, struct store_conn *sc, size_t limit,
    struct mail_item **out, size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	if ((s = sqlite_prep_once(c,
		 "SELECT " MAIL_COLS " FROM mail_queue ORDER BY id DESC "
		 "LIMIT ?1")) == NULL)
		return NG_EDB;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)limit);
	err = sqlite_rows(ar, c, s, sizeof(struct mail_item), mail_row, out, n);
	sqlite3_finalize(s);
	return err;
}

enum ng_err
sqlite_reset_add(struct store_conn *sc, int64_t user_id, struct str token_hash,
    int64_t now, int64_t expires_at)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	int64_t		    rows = 0;

	if ((s = sqlite_prep_once(c,
		 "INSERT INTO password_resets (token_hash, user_id, "
		 "created_at, expires_at) SELECT ?1, id, ?3, ?4 FROM users "
		 "WHERE id = ?2")) == NULL)
		return NG_EDB;
	if (!sqlite_bind_text(c, s, 1, token_hash) ||
	    !sqlite_bind_i64(c, s, 2, user_id) ||
	    !sqlite_bind_i64(c, s, 3, now) ||
	    !sqlite_bind_i64(c, s, 4, expires_at)) {
		sqlite3_finalize(s);
		return NG_EDB;
	}
	if ((err = write_one(c, s, &rows)) == NG_OK && rows == 0)
		err = NG_ENOTFOUND;
	return err;
}

enum ng_err
sqlite_reset_find(struct store_conn *sc, struct str token_hash, int64_t now,
    int64_t *user_id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    rc;

	if ((s = sqlite_prep_once(c,
		 "SELECT user_id FROM password_resets WHERE token_hash = ?1 "
		 "AND expires_at > ?2 AND used_at IS NULL")) == NULL)
		return NG_EDB;
	if (!sqlite_bind_text(c, s, 1, token_hash) ||
	    !sqlite_bind_i64(c, s, 2, now)) {
		sqlite3_finalize(s);
		return NG_EDB;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*user_id = sqlite3_column_int64(s, 0);
	else if (rc == SQLITE_DONE)
		err = NG_ENOTFOUND;
	else
		err = sqlite_db_err(c, rc, s);
	sqlite3_finalize(s);
	return err;
}

enum ng_err
sqlite_reset_use(struct store_conn *sc, struct str token_hash, int64_t now,
    int64_t *user_id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	int		    rc;

	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		return err;
	if ((s = sqlite_prep_once(c,
		 "UPDATE password_resets SET used_at = ?2 WHERE token_hash = "
		 "?1 AND expires_at > ?2 AND used_at IS NULL RETURNING "
		 "user_id")) == NULL) {
		err = NG_EDB;
		goto out;
	}
	if (!sqlite_bind_text(c, s, 1, token_hash) ||
	    !sqlite_bind_i64(c, s, 2, now)) {
		sqlite3_finalize(s);
		err = NG_EDB;
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*user_id = sqlite3_column_int64(s, 0);
		rc = sqlite3_step(s);
	} else if (rc == SQLITE_DONE)
		err = NG_ENOTFOUND;
	if (rc != SQLITE_DONE)
		err = sqlite_db_err(c, rc, s);
	sqlite3_finalize(s);
	if (err != NG_OK)
		goto out;
	/* The user's other links go with the one spent. */
	if ((s = sqlite_prep_once(c,
		 "UPDATE password_resets SET used_at = ?2 WHERE user_id = ?1 "
		 "AND used_at IS NULL")) == NULL) {
		err = NG_EDB;
		goto out;
	}
	sqlite3_bind_int64(s, 1, *user_id);
	sqlite3_bind_int64(s, 2, now);
	err = sqlite_run_once(c, s, NULL);
out:
	if (err != NG_OK)
		*user_id = 0;
	return sqlite_tx_end(c, err);
}

enum ng_err
sqlite_mail_optout_get(struct store_conn *sc, int64_t user_id, struct str kind,
    int *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    rc;

	if ((s = sqlite_prep_once(c,
		 "SELECT 1 FROM mail_optouts WHERE user_id = ?1 AND kind = "
		 "?2")) == NULL)
		return NG_EDB;
	if (!sqlite_bind_i64(c, s, 1, user_id) ||
	    !sqlite_bind_text(c, s, 2, kind)) {
		sqlite3_finalize(s);
		return NG_EDB;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*out = 1;
	else if (rc != SQLITE_DONE)
		err = sqlite_db_err(c, rc, s);
	sqlite3_finalize(s);
	return err;
}

enum ng_err
sqlite_mail_optout_set(struct store_conn *sc, int64_t user_id, struct str kind,
    int optout)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_prep_once(c,
		 optout ? "INSERT INTO mail_optouts (user_id, kind) SELECT id, "
			  "?2 FROM users WHERE id = ?1 ON CONFLICT DO NOTHING" :
			  "DELETE FROM mail_optouts WHERE user_id = ?1 AND "
			  "kind = ?2")) == NULL)
		return NG_EDB;
	if (!sqlite_bind_i64(c, s, 1, user_id) ||
	    !sqlite_bind_text(c, s, 2, kind)) {
		sqlite3_finalize(s);
		return NG_EDB;
	}
	return write_one(c, s, NULL);
}
