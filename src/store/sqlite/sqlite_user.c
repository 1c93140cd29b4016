/*
 * sqlite_user.c -- the SQLite backend's users and sessions.
 *
 * Single-statement writes run in SQLite's autocommit mode, which is one
 * transaction already; the writes that must change two tables together
 * (a new password ends the user's sessions) take the write lock first.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "core/arena.h"
#include "core/log.h"
#include "store/sqlite/sqlite_int.h"

/* The columns of USER_COLS (sqlite_sql.c), from column base on. */
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
load_user(struct sqlite_rd *r, sqlite3_stmt *s, int base, struct user *u)
{
	struct str role;

	memset(u, 0, sizeof(*u));
	u->id = sqlite_col_i64(s, base + UCOL_ID);
	u->login = sqlite_col_str(r, s, base + UCOL_LOGIN);
	u->name = sqlite_col_str(r, s, base + UCOL_NAME);
	u->pass_hash = sqlite_col_str(r, s, base + UCOL_PASS_HASH);
	u->author_id = sqlite_col_i64(s, base + UCOL_AUTHOR_ID);
	u->disabled = sqlite_col_i64(s, base + UCOL_DISABLED) != 0;
	u->created_at = sqlite_col_i64(s, base + UCOL_CREATED_AT);
	u->updated_at = sqlite_col_i64(s, base + UCOL_UPDATED_AT);
	u->email = sqlite_col_str(r, s, base + UCOL_EMAIL);
	u->must_change_pw = sqlite_col_i64(s, base + UCOL_MUST_CHANGE_PW) != 0;
	if (r->oom)
		return NG_ENOMEM;
	role = (struct str){ (const char *)sqlite3_column_text(s,
				 base + UCOL_ROLE),
		(size_t)sqlite3_column_bytes(s, base + UCOL_ROLE) };
	if (role.p == NULL || !store_role_parse(role, &u->role)) {
		log_err("store: user %lld has an unknown role",
		    (long long)u->id);
		return NG_EDB;
	}
	return NG_OK;
}

/* Step a bound one-row lookup into *u. */
static enum ng_err
user_one(struct arena *ar, struct sqlite_conn *c, sqlite3_stmt *s,
    struct user *u)
{
	struct sqlite_rd r = { ar, 0 };
	enum ng_err	 err = NG_OK;
	int		 rc;

	if ((rc = sqlite_step(c, s, &err)) < 0)
		return err;
	if (rc == 0)
		return NG_ENOTFOUND;
	err = load_user(&r, s, 0, u);
	sqlite3_reset(s);
	return err;
}

enum ng_err
sqlite_user_add(struct store_conn *sc, const struct user *u, int64_t now,
    int64_t *id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	*id = 0;
	if ((s = sqlite_stmt_get(c, STMT_USER_ADD)) == NULL ||
	    !sqlite_bind_text(c, s, 1, u->login) ||
	    !sqlite_bind_text(c, s, 2, u->name) ||
	    !sqlite_bind_text(c, s, 3, str_c(store_role_name(u->role))) ||
	    !sqlite_bind_text(c, s, 4, u->pass_hash) ||
	    !sqlite_bind_ref(c, s, 5, u->author_id) ||
	    !sqlite_bind_i64(c, s, 6, u->disabled != 0) ||
	    !sqlite_bind_i64(c, s, 7, now))
		return NG_EDB;
	if ((err = sqlite_exec_stmt(c, s)) == NG_OK)
		*id = sqlite3_last_insert_rowid(c->db);
	return err;
}

enum ng_err
sqlite_user_by_login(struct arena *ar, struct store_conn *sc, struct str login,
    struct user *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_USER_BY_LOGIN)) == NULL ||
	    !sqlite_bind_text(c, s, 1, login))
		return NG_EDB;
	return user_one(ar, c, s, out);
}

enum ng_err
sqlite_user_by_id(struct arena *ar, struct store_conn *sc, int64_t id,
    struct user *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_USER_BY_ID)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id))
		return NG_EDB;
	return user_one(ar, c, s, out);
}

enum ng_err
sqlite_user_list(struct arena *ar, struct store_conn *sc, struct user **out,
    size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct sqlite_rd    r = { ar, 0 };
	struct user	   *v = NULL;
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	size_t		    cap = 0, nv = 0;
	int		    rc;

	if ((s = sqlite_stmt_get(c, STMT_USER_LIST)) == NULL)
		return NG_EDB;
	while ((rc = sqlite_step(c, s, &err)) == 1) {
		if ((v = sqlite_vec_grow(ar, v, &cap, nv, sizeof(*v))) ==
		    NULL) {
			sqlite3_reset(s);
			return NG_ENOMEM;
		}
		if ((err = load_user(&r, s, 0, &v[nv++])) != NG_OK) {
			sqlite3_reset(s);
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
user_update(struct sqlite_conn *c, sqlite3_stmt *s, int64_t id,
    int end_sessions)
{
	sqlite3_stmt *d;
	enum ng_err   err;

	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		goto out;
	if ((err = sqlite_exec_stmt(c, s)) != NG_OK)
		goto out;
	if (sqlite3_changes(c->db) == 0) {
		err = NG_ENOTFOUND;
		goto out;
	}
	if (end_sessions) {
		if ((d = sqlite_stmt_get(c, STMT_USER_SESSIONS_END)) == NULL ||
		    !sqlite_bind_i64(c, d, 1, id)) {
			err = NG_EDB;
			goto out;
		}
		err = sqlite_exec_stmt(c, d);
	}
out:
	return sqlite_tx_end(c, err);
}

enum ng_err
sqlite_user_set_password(struct store_conn *sc, int64_t id,
    struct str pass_hash, int64_t now)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_USER_SET_PASSWORD)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id) ||
	    !sqlite_bind_text(c, s, 2, pass_hash) ||
	    !sqlite_bind_i64(c, s, 3, now))
		return NG_EDB;
	return user_update(c, s, id, 1);
}

enum ng_err
sqlite_user_set_role(struct store_conn *sc, int64_t id, enum user_role role,
    int64_t now)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_USER_SET_ROLE)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id) ||
	    !sqlite_bind_text(c, s, 2, str_c(store_role_name(role))) ||
	    !sqlite_bind_i64(c, s, 3, now))
		return NG_EDB;
	return user_update(c, s, id, 0);
}

enum ng_err
sqlite_user_set_disabled(struct store_conn *sc, int64_t id, int disabled,
    int64_t now)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_USER_SET_DISABLED)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id) ||
	    !sqlite_bind_i64(c, s, 2, disabled != 0) ||
	    !sqlite_bind_i64(c, s, 3, now))
		return NG_EDB;
	return user_update(c, s, id, disabled != 0);
}

enum ng_err
sqlite_user_count(struct store_conn *sc, size_t *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    rc;

	*out = 0;
	if ((s = sqlite_stmt_get(c, STMT_USER_COUNT)) == NULL)
		return NG_EDB;
	if ((rc = sqlite_step(c, s, &err)) < 0)
		return err;
	if (rc == 1) {
		*out = (size_t)sqlite_col_i64(s, 0);
		sqlite3_reset(s);
	}
	return NG_OK;
}

enum ng_err
sqlite_session_add(struct store_conn *sc, const struct session *se)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_SESSION_ADD)) == NULL ||
	    !sqlite_bind_text(c, s, 1, se->token_hash) ||
	    !sqlite_bind_i64(c, s, 2, se->user_id) ||
	    !sqlite_bind_text(c, s, 3, se->csrf) ||
	    !sqlite_bind_i64(c, s, 4, se->created_at) ||
	    !sqlite_bind_i64(c, s, 5, se->last_seen) ||
	    !sqlite_bind_i64(c, s, 6, se->expires_at))
		return NG_EDB;
	return sqlite_exec_stmt(c, s);
}

enum ng_err
sqlite_session_get(struct arena *ar, struct store_conn *sc,
    struct str token_hash, int64_t now, int64_t idle, struct session *sout,
    struct user *uout)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct sqlite_rd    r = { ar, 0 };
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    rc;

	if ((s = sqlite_stmt_get(c, STMT_SESSION_GET)) == NULL ||
	    !sqlite_bind_text(c, s, 1, token_hash) ||
	    !sqlite_bind_i64(c, s, 2, now) || !sqlite_bind_i64(c, s, 3, idle))
		return NG_EDB;
	if ((rc = sqlite_step(c, s, &err)) < 0)
		return err;
	if (rc == 0)
		return NG_ENOTFOUND;
	sout->token_hash = sqlite_col_str(&r, s, 0);
	sout->user_id = sqlite_col_i64(s, 1);
	sout->csrf = sqlite_col_str(&r, s, 2);
	sout->created_at = sqlite_col_i64(s, 3);
	sout->last_seen = sqlite_col_i64(s, 4);
	sout->expires_at = sqlite_col_i64(s, 5);
	err = load_user(&r, s, 6, uout);
	sqlite3_reset(s);
	return err;
}

/* Run a bound single-statement write. */
static enum ng_err
write_one(struct sqlite_conn *c, sqlite3_stmt *s)
{
	return sqlite_exec_stmt(c, s);
}

enum ng_err
sqlite_session_touch(struct store_conn *sc, struct str token_hash, int64_t now)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_SESSION_TOUCH)) == NULL ||
	    !sqlite_bind_text(c, s, 1, token_hash) ||
	    !sqlite_bind_i64(c, s, 2, now))
		return NG_EDB;
	return write_one(c, s);
}

enum ng_err
sqlite_session_delete(struct store_conn *sc, struct str token_hash)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_SESSION_DELETE)) == NULL ||
	    !sqlite_bind_text(c, s, 1, token_hash))
		return NG_EDB;
	return write_one(c, s);
}

enum ng_err
sqlite_session_purge(struct store_conn *sc, int64_t now, int64_t idle,
    size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	*n = 0;
	if ((s = sqlite_stmt_get(c, STMT_SESSION_PURGE)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, now) || !sqlite_bind_i64(c, s, 2, idle))
		return NG_EDB;
	if ((err = write_one(c, s)) == NG_OK)
		*n = (size_t)sqlite3_changes(c->db);
	return err;
}

enum ng_err
sqlite_user_set_email(struct store_conn *sc, int64_t id, struct str email,
    int64_t now)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_USER_SET_EMAIL)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id) ||
	    !sqlite_bind_text(c, s, 2, email) || !sqlite_bind_i64(c, s, 3, now))
		return NG_EDB;
	return user_update(c, s, id, 0);
}

enum ng_err
sqlite_user_by_email(struct arena *ar, struct store_conn *sc, struct str email,
    struct user *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_USER_BY_EMAIL)) == NULL ||
	    !sqlite_bind_text(c, s, 1, email))
		return NG_EDB;
	return user_one(ar, c, s, out);
}

enum ng_err
sqlite_user_require_new_password(struct store_conn *sc, int64_t id, int64_t now)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_USER_REQUIRE_NEW_PASSWORD)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id) || !sqlite_bind_i64(c, s, 2, now))
		return NG_EDB;
	return user_update(c, s, id, 0);
}
