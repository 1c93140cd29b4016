/*
 * store_mail.c -- public calls for the outgoing mail queue, password
 * reset links and mail preferences (store.h): input checks, then
 * dispatch to the backend (store_int.h).  None of them changes a public
 * page, so their writes invalidate nothing.
 */
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "store/store_int.h"

static int
sized(struct str s, size_t max)
{
	return s.p != NULL && s.n > 0 && s.n <= max &&
	    memchr(s.p, '\0', s.n) == NULL;
}

enum ng_err
store_mail_enqueue(struct store *st, struct str recipient, struct str message,
    int64_t *id)
{
	struct store_conn *c;

	*id = 0;
	if (!sized(recipient, STORE_EMAIL_MAX) ||
	    !sized(message, STORE_MAIL_MESSAGE_MAX))
		return NG_EINVAL;
	c = store_pool_get(st);
	return store_wrote(st, c,
	    store_ops_of(st)->mail_enqueue(c, recipient, message,
		(int64_t)time(NULL), id));
}

enum ng_err
store_mail_due(struct arena *ar, struct store *st, int64_t now,
    int64_t lease_until, size_t limit, struct mail_item **out, size_t *n)
{
	struct store_conn *c;

	*out = NULL;
	*n = 0;
	if (limit == 0 || limit > 1000 || lease_until <= now)
		return NG_EINVAL;
	c = store_pool_get(st);
	return store_wrote(st, c,
	    store_ops_of(st)->mail_due(ar, c, now, lease_until, limit, out, n));
}

enum ng_err
store_mail_done(struct store *st, int64_t id, enum mail_status status,
    int attempts, int64_t next_try, struct str error)
{
	struct store_conn *c;

	if ((unsigned)status >= MAIL__MAX || attempts < 0)
		return NG_EINVAL;
	if (id <= 0)
		return NG_ENOTFOUND;
	if (error.p == NULL)
		error = STR_LIT("");
	if (error.n > STORE_MAIL_ERROR_MAX)
		error.n = STORE_MAIL_ERROR_MAX;
	c = store_pool_get(st);
	return store_wrote(st, c,
	    store_ops_of(st)->mail_done(c, id, status, attempts, next_try,
		error, (int64_t)time(NULL)));
}

enum ng_err
store_mail_list(struct arena *ar, struct store *st, size_t limit,
    struct mail_item **out, size_t *n)
{
	struct store_conn *c;

	*out = NULL;
	*n = 0;
	if (limit == 0 || limit > 1000)
		return NG_EINVAL;
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->mail_list(ar, c, limit, out, n));
}

enum ng_err
store_reset_add(struct store *st, int64_t user_id, struct str token_hash,
    int64_t expires_at)
{
	struct store_conn *c;
	int64_t		   now = (int64_t)time(NULL);

	if (user_id <= 0 || !sized(token_hash, STORE_TOKEN_MAX) ||
	    expires_at <= now)
		return NG_EINVAL;
	c = store_pool_get(st);
	return store_wrote(st, c,
	    store_ops_of(st)->reset_add(c, user_id, token_hash, now,
		expires_at));
}

enum ng_err
store_reset_find(struct store *st, struct str token_hash, int64_t now,
    int64_t *user_id)
{
	struct store_conn *c;

	*user_id = 0;
	if (!sized(token_hash, STORE_TOKEN_MAX))
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->reset_find(c, token_hash, now, user_id));
}

enum ng_err
store_reset_use(struct store *st, struct str token_hash, int64_t now,
    int64_t *user_id)
{
	struct store_conn *c;

	*user_id = 0;
	if (!sized(token_hash, STORE_TOKEN_MAX))
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	return store_wrote(st, c,
	    store_ops_of(st)->reset_use(c, token_hash, now, user_id));
}

enum ng_err
store_mail_optout_get(struct store *st, int64_t user_id, const char *kind,
    int *out)
{
	struct store_conn *c;

	*out = 0;
	if (user_id <= 0 || kind == NULL || !sized(str_c(kind), 32))
		return NG_EINVAL;
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->mail_optout_get(c, user_id, str_c(kind), out));
}

enum ng_err
store_mail_optout_set(struct store *st, int64_t user_id, const char *kind,
    int optout)
{
	struct store_conn *c;

	if (user_id <= 0 || kind == NULL || !sized(str_c(kind), 32))
		return NG_EINVAL;
	c = store_pool_get(st);
	return store_wrote(st, c,
	    store_ops_of(st)->mail_optout_set(c, user_id, str_c(kind),
		optout != 0));
}
