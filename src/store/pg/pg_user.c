/*
 * pg_user.c -- the SQLite backend's users and sessions.
 *
 * Single-statement writes run in SQLite's autocommit mode, which is one
 * transaction already; the writes that must change two tables together
 * (a new password ends the user's sessions) take the write lock first.
 */
#include <stdio.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/log.h"
#include "store/pg/pg_int.h"

/* The columns of USER_COLS (pg_sql.c), from column base on. */
enum ucol {
	UCOL_ID,
	UCOL_LOGIN,
	UCOL_NAME,
	UCOL_ROLE,
	UCOL_PASS_HASH,
	UCOL_AUTHOR_ID,
	UCOL_DISABLED,
	UCOL_CREATED_AT,
	UCOL_UPDATED_AT,
	UCOL_EMAIL,
	UCOL_MUST_CHANGE_PW,
	UCOL__MAX
};

static enum ng_err
load_user(struct pg_rd *r, struct pg_stmt *s, int base, struct user *u)
{
	struct str role;

	memset(u, 0, sizeof(*u));
	u->id = pg_col_i64(s, base + UCOL_ID);
	u->login = pg_col_str(r, s, base + UCOL_LOGIN);
	u->name = pg_col_str(r, s, base + UCOL_NAME);
	u->pass_hash = pg_col_str(r, s, base + UCOL_PASS_HASH);
	u->author_id = pg_col_i64(s, base + UCOL_AUTHOR_ID);
	u->disabled = pg_col_i64(s, base + UCOL_DISABLED) != 0;
	u->created_at = pg_col_i64(s, base + UCOL_CREATED_AT);
	u->updated_at = pg_col_i64(s, base + UCOL_UPDATED_AT);
	u->email = pg_col_str(r, s, base + UCOL_EMAIL);
	u->must_change_pw = pg_col_i64(s, base + UCOL_MUST_CHANGE_PW) != 0;
	if (r->oom)
		return NG_ENOMEM;
	role = (struct str){ (const char *)pg_col_text(s, base + UCOL_ROLE),
		(size_t)pg_col_bytes(s, base + UCOL_ROLE) };
	if (role.p == NULL || !store_role_parse(role, &u->role)) {
		log_err("store: user %lld has an unknown role",
		    (long long)u->id);
		return NG_EDB;
	}
	return NG_OK;
}

/* Step a bound one-row lookup into *u. */
static enum ng_err
user_one(struct arena *ar, struct pg_conn *c, struct pg_stmt *s, struct user *u)
{
	struct pg_rd r = { ar, 0 };
	enum ng_err  err = NG_OK;
	int	     rc;

	if ((rc = pg_step(c, s, &err)) < 0)
		return err;
	if (rc == 0)
		return NG_ENOTFOUND;
	err = load_user(&r, s, 0, u);
	pg_reset(s);
	return err;
}

enum ng_err
pg_user_add(struct store_conn *sc, const struct user *u, int64_t now,
    int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;

	*id = 0;
	if ((s = pg_stmt_get(c, STMT_USER_ADD)) == NULL ||
	    !pg_bind_text(c, s, 1, u->login) ||
	    !pg_bind_text(c, s, 2, u->name) ||
	    !pg_bind_text(c, s, 3, str_c(store_role_name(u->role))) ||
	    !pg_bind_text(c, s, 4, u->pass_hash) ||
	    !pg_bind_ref(c, s, 5, u->author_id) ||
	    !pg_bind_i64(c, s, 6, u->disabled != 0) ||
	    !pg_bind_i64(c, s, 7, now))
		return NG_EDB;
	if ((err = pg_exec_stmt(c, s)) == NG_OK)
		*id = pg_last_id(c);
	return err;
}

enum ng_err
pg_user_by_login(struct arena *ar, struct store_conn *sc, struct str login,
    struct user *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_USER_BY_LOGIN)) == NULL ||
	    !pg_bind_text(c, s, 1, login))
		return NG_EDB;
	return user_one(ar, c, s, out);
}

enum ng_err
pg_user_by_id(struct arena *ar, struct store_conn *sc, int64_t id,
    struct user *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_USER_BY_ID)) == NULL ||
	    !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	return user_one(ar, c, s, out);
}

enum ng_err
pg_user_list(struct arena *ar, struct store_conn *sc, struct user **out,
    size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_rd	r = { ar, 0 };
	struct user    *v = NULL;
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	size_t		cap = 0, nv = 0;
	int		rc;

	if ((s = pg_stmt_get(c, STMT_USER_LIST)) == NULL)
		return NG_EDB;
	while ((rc = pg_step(c, s, &err)) == 1) {
		if ((v = pg_vec_grow(ar, v, &cap, nv, sizeof(*v))) == NULL) {
			pg_reset(s);
			return NG_ENOMEM;
		}
		if ((err = load_user(&r, s, 0, &v[nv++])) != NG_OK) {
			pg_reset(s);
			return err;
		}
	}
	if (rc < 0)
		return err;
	*out = v;
	*n = nv;
	return NG_OK;
}

/*
 * Run the bound update s on user id; with end_sessions also delete the
 * user's sessions, in the same transaction.
 */
static enum ng_err
user_update(struct pg_conn *c, struct pg_stmt *s, int64_t id, int end_sessions)
{
	struct pg_stmt *d;
	enum ng_err	err;

	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		goto out;
	if ((err = pg_exec_stmt(c, s)) != NG_OK)
		goto out;
	if (pg_changes(c) == 0) {
		err = NG_ENOTFOUND;
		goto out;
	}
	if (end_sessions) {
		if ((d = pg_stmt_get(c, STMT_USER_SESSIONS_END)) == NULL ||
		    !pg_bind_i64(c, d, 1, id)) {
			err = NG_EDB;
			goto out;
		}
		err = pg_exec_stmt(c, d);
	}
out:
	return pg_tx_end(c, err);
}

enum ng_err
pg_user_set_password(struct store_conn *sc, int64_t id, struct str pass_hash,
    int64_t now)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_USER_SET_PASSWORD)) == NULL ||
	    !pg_bind_i64(c, s, 1, id) || !pg_bind_text(c, s, 2, pass_hash) ||
	    !pg_bind_i64(c, s, 3, now))
		return NG_EDB;
	return user_update(c, s, id, 1);
}

enum ng_err
pg_user_set_role(struct store_conn *sc, int64_t id, enum user_role role,
    int64_t now)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_USER_SET_ROLE)) == NULL ||
	    !pg_bind_i64(c, s, 1, id) ||
	    !pg_bind_text(c, s, 2, str_c(store_role_name(role))) ||
	    !pg_bind_i64(c, s, 3, now))
		return NG_EDB;
	return user_update(c, s, id, 0);
}

enum ng_err
pg_user_set_disabled(struct store_conn *sc, int64_t id, int disabled,
    int64_t now)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_USER_SET_DISABLED)) == NULL ||
	    !pg_bind_i64(c, s, 1, id) || !pg_bind_i64(c, s, 2, disabled != 0) ||
	    !pg_bind_i64(c, s, 3, now))
		return NG_EDB;
	return user_update(c, s, id, disabled != 0);
}

enum ng_err
pg_user_count(struct store_conn *sc, size_t *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	*out = 0;
	if ((s = pg_stmt_get(c, STMT_USER_COUNT)) == NULL)
		return NG_EDB;
	if ((rc = pg_step(c, s, &err)) < 0)
		return err;
	if (rc == 1) {
		*out = (size_t)pg_col_i64(s, 0);
		pg_reset(s);
	}
	return NG_OK;
}

enum ng_err
pg_session_add(struct store_conn *sc, const struct session *se)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_SESSION_ADD)) == NULL ||
	    !pg_bind_text(c, s, 1, se->token_hash) ||
	    !pg_bind_i64(c, s, 2, se->user_id) ||
	    !pg_bind_text(c, s, 3, se->csrf) ||
	    !pg_bind_i64(c, s, 4, se->created_at) ||
	    !pg_bind_i64(c, s, 5, se->last_seen) ||
	    !pg_bind_i64(c, s, 6, se->expires_at))
		return NG_EDB;
	return pg_exec_stmt(c, s);
}

enum ng_err
pg_session_get(struct arena *ar, struct store_conn *sc, struct str token_hash,
    int64_t now, int64_t idle, struct session *sout, struct user *uout)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_rd	r = { ar, 0 };
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	if ((s = pg_stmt_get(c, STMT_SESSION_GET)) == NULL ||
	    !pg_bind_text(c, s, 1, token_hash) || !pg_bind_i64(c, s, 2, now) ||
	    !pg_bind_i64(c, s, 3, idle))
		return NG_EDB;
	if ((rc = pg_step(c, s, &err)) < 0)
		return err;
	if (rc == 0)
		return NG_ENOTFOUND;
	sout->token_hash = pg_col_str(&r, s, 0);
	sout->user_id = pg_col_i64(s, 1);
	sout->csrf = pg_col_str(&r, s, 2);
	sout->created_at = pg_col_i64(s, 3);
	sout->last_seen = pg_col_i64(s, 4);
	sout->expires_at = pg_col_i64(s, 5);
	err = load_user(&r, s, 6, uout);
	pg_reset(s);
	return err;
}

/* Run a bound single-statement write. */
static enum ng_err
write_one(struct pg_conn *c, struct pg_stmt *s)
{
	return pg_exec_stmt(c, s);
}

enum ng_err
pg_session_touch(struct store_conn *sc, struct str token_hash, int64_t now)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_SESSION_TOUCH)) == NULL ||
	    !pg_bind_text(c, s, 1, token_hash) || !pg_bind_i64(c, s, 2, now))
		return NG_EDB;
	return write_one(c, s);
}

enum ng_err
pg_session_delete(struct store_conn *sc, struct str token_hash)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_SESSION_DELETE)) == NULL ||
	    !pg_bind_text(c, s, 1, token_hash))
		return NG_EDB;
	return write_one(c, s);
}

enum ng_err
pg_session_purge(struct store_conn *sc, int64_t now, int64_t idle, size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;

	*n = 0;
	if ((s = pg_stmt_get(c, STMT_SESSION_PURGE)) == NULL ||
	    !pg_bind_i64(c, s, 1, now) || !pg_bind_i64(c, s, 2, idle))
		return NG_EDB;
	if ((err = write_one(c, s)) == NG_OK)
		*n = (size_t)pg_changes(c);
	return err;
}

enum ng_err
pg_user_set_email(struct store_conn *sc, int64_t id, struct str email,
    int64_t now)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_USER_SET_EMAIL)) == NULL ||
	    !pg_bind_i64(c, s, 1, id) || !pg_bind_text(c, s, 2, email) ||
	    !pg_bind_i64(c, s, 3, now))
		return NG_EDB;
	return user_update(c, s, id, 0);
}

enum ng_err
pg_user_by_email(struct arena *ar, struct store_conn *sc, struct str email,
    struct user *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_USER_BY_EMAIL)) == NULL ||
	    !pg_bind_text(c, s, 1, email))
		return NG_EDB;
	return user_one(ar, c, s, out);
}

enum ng_err
pg_user_require_new_password(struct store_conn *sc, int64_t id, int64_t now)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_USER_REQUIRE_NEW_PASSWORD)) == NULL ||
	    !pg_bind_i64(c, s, 1, id) || !pg_bind_i64(c, s, 2, now))
		return NG_EDB;
	return user_update(c, s, id, 0);
}
