/*
 * store_preview.c -- public calls for shareable preview links
 * (store.h): input checks, then dispatch to the backend (store_int.h).
 * A link changes no public page, so its writes invalidate nothing.
 */
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "store/store_int.h"

/* A token hash: present and within STORE_TOKEN_MAX. */
static int
sized(struct str s)
{
	return s.p != NULL && s.n > 0 && s.n <= STORE_TOKEN_MAX;
}

enum ng_err
store_preview_add(struct store *st, int64_t article_id, struct str token_hash,
    int64_t user_id, int64_t expires_at, int64_t *id)
{
	struct store_conn *c;
	int64_t		   now = (int64_t)time(NULL);

	*id = 0;
	if (article_id <= 0 || user_id < 0 || !sized(token_hash) ||
	    expires_at <= now)
		return NG_EINVAL;
	c = store_pool_get(st);
	return store_wrote(st, c,
	    store_ops_of(st)->preview_add(c, article_id, token_hash, user_id,
		now, expires_at, id));
}

enum ng_err
store_preview_find(struct store *st, struct str token_hash, int64_t now,
    int64_t *article_id, int64_t *expires_at)
{
	struct store_conn *c;

	*article_id = 0;
	*expires_at = 0;
	if (!sized(token_hash))
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->preview_find(c, token_hash, now, article_id,
		expires_at));
}

enum ng_err
store_preview_list(struct arena *ar, struct store *st, int64_t article_id,
    struct preview_link **out, size_t *n)
{
	struct store_conn *c;

	*out = NULL;
	*n = 0;
	if (article_id <= 0)
		return NG_OK;
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->preview_list(ar, c, article_id,
		STORE_PREVIEW_LINKS_MAX, out, n));
}

enum ng_err
store_preview_revoke(struct store *st, int64_t article_id, int64_t id,
    int64_t now)
{
	struct store_conn *c;

	if (article_id <= 0 || id <= 0)
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	return store_wrote(st, c,
	    store_ops_of(st)->preview_revoke(c, article_id, id, now));
}
