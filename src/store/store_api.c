/*
 * store_api.c -- dispatch of the REST API's store calls (store.h, issue
 * 17): argument checks here, SQL in the backend.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "store/store_int.h"

static int
set_ok(const struct id_set *s)
{
	size_t i;

	if (s->n > STORE_API_IDS_MAX)
		return 0;
	for (i = 0; i < s->n; i++)
		if (s->v[i] < 0)
			return 0;
	return 1;
}

enum ng_err
store_api_article_ids(struct arena *ar, struct store *st,
    const struct api_article_query *q, int64_t **ids, size_t *n, size_t *total)
{
	struct api_article_query cq;
	struct count_key	 key;
	struct store_conn	*c;
	enum ng_err		 err;
	uint64_t		 gen = 0;
	int64_t			 now;
	size_t			 i, counted = 0;
	int			 keyed, cached = 0;

	*ids = NULL;
	*n = *total = 0;
	cq = *q;
	if (!set_ok(&cq.include) || !set_ok(&cq.exclude) ||
	    !set_ok(&cq.authors) || !set_ok(&cq.authors_not) ||
	    !set_ok(&cq.sections) || !set_ok(&cq.sections_not) ||
	    !set_ok(&cq.tags) || !set_ok(&cq.tags_not) ||
	    cq.nslugs > STORE_API_IDS_MAX || cq.orderby >= API_ORDER__MAX ||
	    cq.search.n > STORE_TITLE_MAX)
		return NG_EINVAL;
	for (i = 0; i < cq.nslugs; i++)
		if (cq.slugs[i].n > STORE_SLUG_MAX)
			return NG_EINVAL;
	if (cq.limit > STORE_LIST_MAX)
		cq.limit = STORE_LIST_MAX;
	/* SQLite's OFFSET is a signed 64-bit integer. */
	if (cq.offset > (size_t)INT32_MAX)
		cq.offset = (size_t)INT32_MAX;
	/* Any list of articles: a visible article's save drops it. */
	store_read_note(STORE_KEY(INVAL_FRONT, 0));
	now = (int64_t)time(NULL);
	/*
	 * A public list's total, like a listing's, only moves with the
	 * generation or the clock (a scheduled article's time): counting
	 * walks every match, most of an uncached request at 10,000
	 * articles.  Other processes' writes are read first, as the page
	 * cache reads them.
	 */
	cq.no_total = 0;
	if ((keyed = count_key_api(&key, &cq)) != 0) {
		(void)store_generation_recent(st);
		gen = store_read_generation(st);
		if (count_cache_get(store_counts_of(st), &key,
			store_generation(st), now, &counted))
			cached = cq.no_total = 1;
	}
	c = store_pool_get(st);
	err = store_ops_of(st)->api_article_ids(ar, c, &cq, now, ids, n, total);
	store_pool_put(st, c);
	if (err != NG_OK) {
		*ids = NULL;
		*n = *total = 0;
		return err;
	}
	if (cached) {
		/* Never fewer than the rows in hand. */
		*total = counted;
		if (*n > 0 && *total < cq.offset + *n)
			*total = cq.offset + *n;
	} else if (keyed)
		count_cache_put(st, &key, gen, now, *total);
	return NG_OK;
}

enum ng_err
store_term_counts(struct arena *ar, struct store *st, enum term_kind kind,
    struct term_count **out, size_t *n)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = NULL;
	*n = 0;
	if ((unsigned)kind >= TERM__MAX)
		return NG_EINVAL;
	/* Counts move with visible articles; names with the taxonomy. */
	store_read_note(STORE_KEY(INVAL_FRONT, 0));
	store_read_note(STORE_KEY(INVAL_NAV, 0));
	c = store_pool_get(st);
	err = store_ops_of(st)->term_counts(ar, c, kind, (int64_t)time(NULL),
	    out, n);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_media_count(struct store *st, size_t *out)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = 0;
	c = store_pool_get(st);
	err = store_ops_of(st)->media_count(c, out);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_app_password_add(struct store *st, const struct app_password *p,
    int64_t *id)
{
	struct store_conn *c;
	enum ng_err	   err;

	*id = 0;
	if (p->name.n == 0 || p->name.n > STORE_APPPASS_NAME_MAX ||
	    p->uuid.n == 0 || p->uuid.n > STORE_TOKEN_MAX || p->hash.n == 0 ||
	    p->hash.n > STORE_TOKEN_MAX || p->user_id <= 0)
		return NG_EINVAL;
	c = store_pool_get(st);
	err = store_ops_of(st)->app_password_add(c, p, (int64_t)time(NULL), id);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_app_password_list(struct arena *ar, struct store *st, int64_t user_id,
    struct app_password **out, size_t *n)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = NULL;
	*n = 0;
	c = store_pool_get(st);
	err = store_ops_of(st)->app_password_list(ar, c, user_id, out, n);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_app_password_by_hash(struct arena *ar, struct store *st, struct str hash,
    struct app_password *out)
{
	struct store_conn *c;
	enum ng_err	   err;

	memset(out, 0, sizeof(*out));
	if (hash.n == 0 || hash.n > STORE_TOKEN_MAX)
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	err = store_ops_of(st)->app_password_by_hash(ar, c, hash, out);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_app_password_delete(struct store *st, int64_t user_id, struct str uuid)
{
	struct store_conn *c;
	enum ng_err	   err;

	if (uuid.n == 0 || uuid.n > STORE_TOKEN_MAX)
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	err = store_ops_of(st)->app_password_delete(c, user_id, uuid);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_app_password_used(struct store *st, int64_t id, int64_t now,
    struct str ip)
{
	struct store_conn *c;
	enum ng_err	   err;

	if (ip.n > STORE_COMMENT_IP_MAX)
		ip.n = STORE_COMMENT_IP_MAX;
	c = store_pool_get(st);
	err = store_ops_of(st)->app_password_used(c, id, now, ip);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_article_delete(struct store *st, int64_t id)
{
	struct store_wtx     tx;
	struct write_subject ws;
	struct article_state old;
	enum ng_err	     err;

	if (id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	/* Gone from every list it was on: the rule of a save that
	 * unpublishes it. */
	memset(&ws, 0, sizeof(ws));
	err = store_wtx_old_article(&tx, id, &old);
	if (err == NG_OK) {
		ws.article_id = id;
		write_subject_before(&ws, &old);
		err = store_ops_of(st)->article_delete(tx.c, id);
	}
	return store_wtx_done(&tx, SW_ARTICLE_SAVE, &ws, err);
}
