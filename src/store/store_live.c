/*
 * store_live.c -- public calls for live coverage (store.h): input
 * checks, then dispatch to the backend (store_int.h).
 *
 * What each write drops is said in store_inval.c: an update only its
 * article's page (live:ID), a start or an end every list too, since
 * they carry the "Live" label (live-list).
 */
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "store/store_int.h"

enum ng_err
store_live_set(struct store *st, int64_t article_id, int live)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if (article_id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_LIVE_COVERAGE,
	    &(struct write_subject){ .article_id = article_id },
	    store_ops_of(st)->live_set(tx.c, article_id, live != 0,
		(int64_t)time(NULL)));
}

enum ng_err
store_live_get(struct store *st, int64_t article_id, struct live_coverage *out)
{
	struct store_conn *c;

	memset(out, 0, sizeof(*out));
	if (article_id <= 0)
		return NG_ENOTFOUND;
	store_read_note(STORE_KEY(INVAL_LIVE, article_id));
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->live_get(c, article_id, out));
}

enum ng_err
store_live_update_add(struct store *st, const struct live_update *u,
    int64_t *id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	*id = 0;
	if (u->article_id <= 0 || u->user_id < 0 || u->body_md.n == 0 ||
	    u->body_md.p == NULL || u->body_html.s.p == NULL ||
	    (u->body_text.n > 0 && u->body_text.p == NULL))
		return NG_EINVAL;
	if (u->body_md.n > STORE_LIVE_TEXT_MAX)
		return NG_ETOOBIG;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_LIVE_UPDATE,
	    &(struct write_subject){ .article_id = u->article_id },
	    store_ops_of(st)->live_update_add(tx.c, u, (int64_t)time(NULL),
		id));
}

enum ng_err
store_live_update_pin(struct store *st, int64_t article_id, int64_t id,
    int pinned)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if (article_id <= 0 || id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_LIVE_UPDATE,
	    &(struct write_subject){ .article_id = article_id },
	    store_ops_of(st)->live_update_pin(tx.c, article_id, id,
		pinned != 0));
}

enum ng_err
store_live_update_delete(struct store *st, int64_t article_id, int64_t id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if (article_id <= 0 || id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_LIVE_UPDATE,
	    &(struct write_subject){ .article_id = article_id },
	    store_ops_of(st)->live_update_delete(tx.c, article_id, id));
}

enum ng_err
store_live_updates(struct arena *ar, struct store *st, int64_t article_id,
    int64_t after_id, size_t limit, struct live_update **out, size_t *n)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = NULL;
	*n = 0;
	if (limit == 0 || limit > STORE_LIVE_UPDATES_MAX || after_id < 0)
		return NG_EINVAL;
	if (article_id <= 0)
		return NG_OK;
	store_read_note(STORE_KEY(INVAL_LIVE, article_id));
	c = store_pool_get(st);
	err = store_ops_of(st)->live_updates(ar, c, article_id, after_id, limit,
	    out, n);
	if (err != NG_OK) {
		*out = NULL;
		*n = 0;
	}
	return store_read_done(st, c, err);
}

enum ng_err
store_live_now(struct arena *ar, struct store *st, int64_t **ids, size_t *n)
{
	struct store_conn *c;
	enum ng_err	   err;

	*ids = NULL;
	*n = 0;
	store_read_note(STORE_KEY(INVAL_LIVE_LIST, 0));
	c = store_pool_get(st);
	err = store_ops_of(st)->live_now(ar, c, STORE_LIVE_NOW_MAX, ids, n);
	if (err != NG_OK) {
		*ids = NULL;
		*n = 0;
	}
	return store_read_done(st, c, err);
}
