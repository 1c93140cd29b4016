/*
 * pg_twofactor.c -- the PostgreSQL backend's two-factor login calls
 * (store.h): TOTP secrets, recovery codes, login challenges.  "Each code
 * once" is a conditional UPDATE whose change count decides, so two
 * requests with one code cannot both succeed.
 */
#include <libpq-fe.h>

#include "store/pg/pg_int.h"

/* Run a bound write in its own write transaction; *rows its changes. */
static enum ng_err
write_rows(struct pg_conn *c, struct pg_stmt *s, int64_t *rows)
{
	enum ng_err err;

	*rows = 0;
	if ((err = pg_tx_begin(c, 1)) != NG_OK) {
		pg_reset(s);
		return err;
	}
	if ((err = pg_exec_stmt(c, s)) == NG_OK)
		*rows = pg_changes(c);
	return pg_tx_end(c, err);
}

enum ng_err
pg_totp_get(struct arena *ar, struct store_conn *sc, int64_t user_id,
    struct totp_state *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_rd	r = { ar, 0 };
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	if ((s = pg_stmt_get(c, STMT_TOTP_GET)) == NULL ||
	    !pg_bind_i64(c, s, 1, user_id))
		return NG_EDB;
	if ((rc = pg_step(c, s, &err)) < 0)
		return err;
	if (rc == 0)
		return NG_ENOTFOUND;
	out->secret = pg_col_str(&r, s, 0);
	out->enabled = pg_col_i64(s, 1) != 0;
	out->last_step = pg_col_i64(s, 2);
	out->recovery_left = (size_t)pg_col_i64(s, 3);
	pg_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

enum ng_err
pg_totp_begin(struct store_conn *sc, int64_t user_id, struct str secret,
    int64_t now)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;
	int64_t		rows;

	if ((s = pg_stmt_get(c, STMT_TOTP_BEGIN)) == NULL ||
	    !pg_bind_i64(c, s, 1, user_id) || !pg_bind_text(c, s, 2, secret) ||
	    !pg_bind_i64(c, s, 3, now))
		return NG_EDB;
	if ((err = write_rows(c, s, &rows)) != NG_OK)
		return err;
	return rows == 0 ? NG_ECONFLICT : NG_OK;
}

enum ng_err
pg_totp_enable(struct store_conn *sc, int64_t user_id, struct str secret,
    int64_t step, const struct str *hashes, size_t n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;
	size_t		i;

	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		return err;
	if ((s = pg_stmt_get(c, STMT_TOTP_ENABLE)) == NULL ||
	    !pg_bind_i64(c, s, 1, user_id) || !pg_bind_i64(c, s, 2, step) ||
	    !pg_bind_text(c, s, 3, secret)) {
		err = NG_EDB;
		goto out;
	}
	if ((err = pg_exec_stmt(c, s)) != NG_OK)
		goto out;
	if (pg_changes(c) == 0) {
		err = NG_ECONFLICT;
		goto out;
	}
	if ((s = pg_stmt_get(c, STMT_RECOVERY_CLEAR)) == NULL ||
	    !pg_bind_i64(c, s, 1, user_id)) {
		err = NG_EDB;
		goto out;
	}
	if ((err = pg_exec_stmt(c, s)) != NG_OK)
		goto out;
	for (i = 0; i < n && err == NG_OK; i++) {
		if ((s = pg_stmt_get(c, STMT_RECOVERY_ADD)) == NULL ||
		    !pg_bind_i64(c, s, 1, user_id) ||
		    !pg_bind_text(c, s, 2, hashes[i]))
			err = NG_EDB;
		else
			err = pg_exec_stmt(c, s);
	}
out:
	return pg_tx_end(c, err);
}

enum ng_err
pg_totp_use_step(struct store_conn *sc, int64_t user_id, int64_t step)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;
	int64_t		rows;

	if ((s = pg_stmt_get(c, STMT_TOTP_USE_STEP)) == NULL ||
	    !pg_bind_i64(c, s, 1, user_id) || !pg_bind_i64(c, s, 2, step))
		return NG_EDB;
	if ((err = write_rows(c, s, &rows)) != NG_OK)
		return err;
	return rows == 0 ? NG_ECONFLICT : NG_OK;
}

enum ng_err
pg_totp_use_recovery(struct store_conn *sc, int64_t user_id, struct str hash,
    int64_t now)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;
	int64_t		rows;

	if ((s = pg_stmt_get(c, STMT_RECOVERY_USE)) == NULL ||
	    !pg_bind_i64(c, s, 1, user_id) || !pg_bind_text(c, s, 2, hash) ||
	    !pg_bind_i64(c, s, 3, now))
		return NG_EDB;
	if ((err = write_rows(c, s, &rows)) != NG_OK)
		return err;
	return rows == 0 ? NG_ENOTFOUND : NG_OK;
}

enum ng_err
pg_totp_delete(struct store_conn *sc, int64_t user_id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;
	int64_t		rows = 0;

	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		return err;
	if ((s = pg_stmt_get(c, STMT_TOTP_DELETE)) == NULL ||
	    !pg_bind_i64(c, s, 1, user_id))
		err = NG_EDB;
	else if ((err = pg_exec_stmt(c, s)) == NG_OK)
		rows = pg_changes(c);
	if (err == NG_OK &&
	    ((s = pg_stmt_get(c, STMT_RECOVERY_CLEAR)) == NULL ||
		!pg_bind_i64(c, s, 1, user_id)))
		err = NG_EDB;
	else if (err == NG_OK)
		err = pg_exec_stmt(c, s);
	if (err == NG_OK && rows == 0)
		err = NG_ENOTFOUND;
	return pg_tx_end(c, err);
}

enum ng_err
pg_challenge_add(struct store_conn *sc, struct str token_hash, int64_t user_id,
    int64_t expires_at)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	int64_t		rows;

	if ((s = pg_stmt_get(c, STMT_CHALLENGE_ADD)) == NULL ||
	    !pg_bind_text(c, s, 1, token_hash) ||
	    !pg_bind_i64(c, s, 2, user_id) || !pg_bind_i64(c, s, 3, expires_at))
		return NG_EDB;
	return write_rows(c, s, &rows);
}

enum ng_err
pg_challenge_get(struct store_conn *sc, struct str token_hash, int64_t now,
    int64_t *user_id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	if ((s = pg_stmt_get(c, STMT_CHALLENGE_GET)) == NULL ||
	    !pg_bind_text(c, s, 1, token_hash) || !pg_bind_i64(c, s, 2, now) ||
	    !pg_bind_i64(c, s, 3, STORE_CHALLENGE_TRIES))
		return NG_EDB;
	if ((rc = pg_step(c, s, &err)) < 0)
		return err;
	if (rc == 0)
		return NG_ENOTFOUND;
	*user_id = pg_col_i64(s, 0);
	pg_reset(s);
	return NG_OK;
}

enum ng_err
pg_challenge_fail(struct store_conn *sc, struct str token_hash)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	int64_t		rows;

	if ((s = pg_stmt_get(c, STMT_CHALLENGE_FAIL)) == NULL ||
	    !pg_bind_text(c, s, 1, token_hash))
		return NG_EDB;
	return write_rows(c, s, &rows);
}

enum ng_err
pg_challenge_delete(struct store_conn *sc, struct str token_hash, int64_t now)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	int64_t		rows;

	if ((s = pg_stmt_get(c, STMT_CHALLENGE_DELETE)) == NULL ||
	    !pg_bind_text(c, s, 1, token_hash) || !pg_bind_i64(c, s, 2, now))
		return NG_EDB;
	return write_rows(c, s, &rows);
}
