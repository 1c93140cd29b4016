/*
 * store_user.c -- public calls for users and sessions: input
 * checks, then dispatch to the backend (store_int.h).
 *
 * Users and sessions are invisible to readers: in the invalidation list
 * (store_inval.c) SW_USER and SW_SESSION drop nothing, so none of these
 * writes touches the page cache.
 */
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "store/store.h"
#include "store/store_int.h"

static const char *const role_names[ROLE__MAX] = {
	"contributor",	 /* ROLE_CONTRIBUTOR */
	"author",	 /* ROLE_AUTHOR */
	"editor",	 /* ROLE_EDITOR */
	"administrator", /* ROLE_ADMINISTRATOR */
};

const char *
store_role_name(enum user_role r)
{
	if ((unsigned)r >= ROLE__MAX)
		return NULL;
	return role_names[r];
}

int
store_role_parse(struct str name, enum user_role *out)
{
	size_t i;

	for (i = 0; i < ROLE__MAX; i++)
		if (str_eqc(name, role_names[i])) {
			*out = (enum user_role)i;
			return 1;
		}
	return 0;
}

/* A slice that is present (min bytes) and within max. */
static enum ng_err
check(struct str s, size_t min, size_t max)
{
	if (s.n > 0 && s.p == NULL)
		return NG_EINVAL;
	if (s.n < min)
		return NG_EINVAL;
	return s.n > max ? NG_ETOOBIG : NG_OK;
}

static int64_t
now_unix(void)
{
	return (int64_t)time(NULL);
}

/* Finish a write no reader can see: give c back. */
static enum ng_err
wrote(struct store *st, struct store_conn *c, enum ng_err err)
{
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_user_add(struct store *st, const struct user *u, int64_t *id)
{
	struct store_conn *c;
	enum ng_err	   err;

	*id = 0;
	if ((err = check(u->login, 1, STORE_LOGIN_MAX)) != NG_OK ||
	    (err = check(u->name, 1, STORE_NAME_MAX)) != NG_OK ||
	    (err = check(u->pass_hash, 1, STORE_HASH_MAX)) != NG_OK)
		return err;
	if ((unsigned)u->role >= ROLE__MAX || u->author_id < 0)
		return NG_EINVAL;
	c = store_pool_get(st);
	return wrote(st, c, store_ops_of(st)->user_add(c, u, now_unix(), id));
}

enum ng_err
store_user_by_login(struct arena *ar, struct store *st, struct str login,
    struct user **out)
{
	struct store_conn *c;
	struct user	  *u;
	enum ng_err	   err;

	*out = NULL;
	if (login.n == 0 || login.p == NULL || login.n > STORE_LOGIN_MAX)
		return NG_ENOTFOUND;
	if ((u = arena_calloc(ar, 1, sizeof(*u))) == NULL)
		return NG_ENOMEM;
	c = store_pool_get(st);
	err = store_ops_of(st)->user_by_login(ar, c, login, u);
	store_pool_put(st, c);
	if (err == NG_OK)
		*out = u;
	return err;
}

enum ng_err
store_user_by_id(struct arena *ar, struct store *st, int64_t id,
    struct user **out)
{
	struct store_conn *c;
	struct user	  *u;
	enum ng_err	   err;

	*out = NULL;
	if (id <= 0)
		return NG_ENOTFOUND;
	if ((u = arena_calloc(ar, 1, sizeof(*u))) == NULL)
		return NG_ENOMEM;
	c = store_pool_get(st);
	err = store_ops_of(st)->user_by_id(ar, c, id, u);
	store_pool_put(st, c);
	if (err == NG_OK)
		*out = u;
	return err;
}

enum ng_err
store_user_list(struct arena *ar, struct store *st, struct user **out,
    size_t *n)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = NULL;
	*n = 0;
	c = store_pool_get(st);
	err = store_ops_of(st)->user_list(ar, c, out, n);
	store_pool_put(st, c);
	if (err != NG_OK) {
		*out = NULL;
		*n = 0;
	}
	return err;
}

enum ng_err
store_user_set_password(struct store *st, int64_t id, struct str pass_hash)
{
	struct store_conn *c;
	enum ng_err	   err;

	if ((err = check(pass_hash, 1, STORE_HASH_MAX)) != NG_OK)
		return err;
	if (id <= 0)
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	return wrote(st, c,
	    store_ops_of(st)->user_set_password(c, id, pass_hash, now_unix()));
}

enum ng_err
store_user_set_role(struct store *st, int64_t id, enum user_role role)
{
	struct store_conn *c;

	if ((unsigned)role >= ROLE__MAX)
		return NG_EINVAL;
	if (id <= 0)
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	return wrote(st, c,
	    store_ops_of(st)->user_set_role(c, id, role, now_unix()));
}

enum ng_err
store_user_set_disabled(struct store *st, int64_t id, int disabled)
{
	struct store_conn *c;

	if (id <= 0)
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	return wrote(st, c,
	    store_ops_of(st)->user_set_disabled(c, id, disabled != 0,
		now_unix()));
}

enum ng_err
store_user_set_email(struct store *st, int64_t id, struct str email)
{
	struct store_conn *c;
	enum ng_err	   err;

	if ((err = check(email, 0, STORE_EMAIL_MAX)) != NG_OK)
		return err;
	if (id <= 0)
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	return wrote(st, c,
	    store_ops_of(st)->user_set_email(c, id, email, now_unix()));
}

enum ng_err
store_user_by_email(struct arena *ar, struct store *st, struct str email,
    struct user **out)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = NULL;
	if (email.n == 0 || email.n > STORE_EMAIL_MAX)
		return NG_ENOTFOUND;
	if ((*out = arena_alloc(ar, sizeof(**out))) == NULL)
		return NG_ENOMEM;
	c = store_pool_get(st);
	err = store_ops_of(st)->user_by_email(ar, c, email, *out);
	store_pool_put(st, c);
	if (err != NG_OK)
		*out = NULL;
	return err;
}

enum ng_err
store_user_require_new_password(struct store *st, int64_t id)
{
	struct store_conn *c;

	if (id <= 0)
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	return wrote(st, c,
	    store_ops_of(st)->user_require_new_password(c, id, now_unix()));
}

enum ng_err
store_user_count(struct store *st, size_t *out)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = 0;
	c = store_pool_get(st);
	err = store_ops_of(st)->user_count(c, out);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_session_add(struct store *st, const struct session *s)
{
	struct store_conn *c;
	enum ng_err	   err;

	if ((err = check(s->token_hash, 1, STORE_TOKEN_MAX)) != NG_OK ||
	    (err = check(s->csrf, 1, STORE_TOKEN_MAX)) != NG_OK)
		return err;
	if (s->user_id <= 0 || s->expires_at <= s->created_at)
		return NG_EINVAL;
	c = store_pool_get(st);
	return wrote(st, c, store_ops_of(st)->session_add(c, s));
}

enum ng_err
store_session_get(struct arena *ar, struct store *st, struct str token_hash,
    int64_t now, int64_t idle, struct session **sout, struct user **uout)
{
	struct store_conn *c;
	struct session	  *s;
	struct user	  *u;
	enum ng_err	   err;

	*sout = NULL;
	*uout = NULL;
	if (token_hash.n == 0 || token_hash.p == NULL ||
	    token_hash.n > STORE_TOKEN_MAX)
		return NG_ENOTFOUND;
	if ((s = arena_calloc(ar, 1, sizeof(*s))) == NULL ||
	    (u = arena_calloc(ar, 1, sizeof(*u))) == NULL)
		return NG_ENOMEM;
	c = store_pool_get(st);
	err = store_ops_of(st)->session_get(ar, c, token_hash, now, idle, s, u);
	store_pool_put(st, c);
	if (err == NG_OK) {
		*sout = s;
		*uout = u;
	}
	return err;
}

enum ng_err
store_session_touch(struct store *st, struct str token_hash, int64_t now)
{
	struct store_conn *c;
	enum ng_err	   err;

	if ((err = check(token_hash, 1, STORE_TOKEN_MAX)) != NG_OK)
		return err;
	c = store_pool_get(st);
	return wrote(st, c,
	    store_ops_of(st)->session_touch(c, token_hash, now));
}

enum ng_err
store_session_delete(struct store *st, struct str token_hash)
{
	struct store_conn *c;

	if (token_hash.n == 0 || token_hash.p == NULL ||
	    token_hash.n > STORE_TOKEN_MAX)
		return NG_OK; /* no such session: nothing to end */
	c = store_pool_get(st);
	return wrote(st, c, store_ops_of(st)->session_delete(c, token_hash));
}

enum ng_err
store_session_purge(struct store *st, int64_t now, int64_t idle, size_t *n)
{
	struct store_conn *c;
	enum ng_err	   err;

	*n = 0;
	c = store_pool_get(st);
	err = store_ops_of(st)->session_purge(c, now, idle, n);
	store_pool_put(st, c);
	return err;
}
