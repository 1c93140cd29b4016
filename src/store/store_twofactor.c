/*
 * store_twofactor.c -- public calls for two-factor login (store.h):
 * input checks, then dispatch to the backend (store_int.h).
 */
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "store/store_int.h"

/* A token hash or secret: present and within STORE_TOKEN_MAX. */
static int
sized(struct str s)
{
	return s.p != NULL && s.n > 0 && s.n <= STORE_TOKEN_MAX;
}

enum ng_err
store_totp_get(struct arena *ar, struct store *st, int64_t user_id,
    struct totp_state *out)
{
	struct store_conn *c;

	memset(out, 0, sizeof(*out));
	if (user_id <= 0)
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->totp_get(ar, c, user_id, out));
}

enum ng_err
store_totp_begin(struct store *st, int64_t user_id, struct str secret)
{
	struct store_conn *c;

	if (user_id <= 0 || !sized(secret))
		return NG_EINVAL;
	c = store_pool_get(st);
	return store_wrote(st, c,
	    store_ops_of(st)->totp_begin(c, user_id, secret,
		(int64_t)time(NULL)));
}

enum ng_err
store_totp_enable(struct store *st, int64_t user_id, struct str secret,
    int64_t step, const struct str *hashes, size_t n)
{
	struct store_conn *c;
	size_t		   i;

	if (user_id <= 0 || !sized(secret) || n > STORE_RECOVERY_CODES)
		return NG_EINVAL;
	for (i = 0; i < n; i++)
		if (!sized(hashes[i]))
			return NG_EINVAL;
	c = store_pool_get(st);
	return store_wrote(st, c,
	    store_ops_of(st)->totp_enable(c, user_id, secret, step, hashes, n));
}

enum ng_err
store_totp_use_step(struct store *st, int64_t user_id, int64_t step)
{
	struct store_conn *c;

	if (user_id <= 0)
		return NG_EINVAL;
	c = store_pool_get(st);
	return store_wrote(st, c,
	    store_ops_of(st)->totp_use_step(c, user_id, step));
}

enum ng_err
store_totp_use_recovery(struct store *st, int64_t user_id, struct str hash)
{
	struct store_conn *c;

	if (user_id <= 0 || !sized(hash))
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	return store_wrote(st, c,
	    store_ops_of(st)->totp_use_recovery(c, user_id, hash,
		(int64_t)time(NULL)));
}

enum ng_err
store_totp_delete(struct store *st, int64_t user_id)
{
	struct store_conn *c;

	if (user_id <= 0)
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	return store_wrote(st, c, store_ops_of(st)->totp_delete(c, user_id));
}

enum ng_err
store_login_challenge_add(struct store *st, struct str token_hash,
    int64_t user_id, int64_t expires_at)
{
	struct store_conn *c;

	if (user_id <= 0 || !sized(token_hash))
		return NG_EINVAL;
	c = store_pool_get(st);
	return store_wrote(st, c,
	    store_ops_of(st)->challenge_add(c, token_hash, user_id,
		expires_at));
}

enum ng_err
store_login_challenge_get(struct store *st, struct str token_hash, int64_t now,
    int64_t *user_id)
{
	struct store_conn *c;

	*user_id = 0;
	if (!sized(token_hash))
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->challenge_get(c, token_hash, now, user_id));
}

enum ng_err
store_login_challenge_fail(struct store *st, struct str token_hash)
{
	struct store_conn *c;

	if (!sized(token_hash))
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	return store_wrote(st, c,
	    store_ops_of(st)->challenge_fail(c, token_hash));
}

enum ng_err
store_login_challenge_delete(struct store *st, struct str token_hash,
    int64_t now)
{
	struct store_conn *c;

	if (!sized(token_hash))
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	return store_wrote(st, c,
	    store_ops_of(st)->challenge_delete(c, token_hash, now));
}
