/*
 * store_comment.c -- dispatch and input checks of the comment calls
 * (store.h).  The shape of store.c: check, take a connection,
 * run the backend operation, give it back, bump the generation after a
 * write.  What a *reader* may submit (lengths in characters, e-mail
 * syntax, moderation) is content/comment.c's business; the limits here
 * are the store's own, in bytes, so no caller can store an unbounded row.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "store/store.h"
#include "store/store_int.h"

static const char *const comment_status_names[COMMENT__MAX] = {
	"pending",  /* COMMENT_PENDING */
	"approved", /* COMMENT_APPROVED */
	"spam",	    /* COMMENT_SPAM */
	"trash",    /* COMMENT_TRASH */
};

const char *
store_comment_status_name(enum comment_status s)
{
	if ((unsigned)s >= COMMENT__MAX)
		return NULL;
	return comment_status_names[s];
}

int
store_comment_status_parse(struct str name, enum comment_status *out)
{
	size_t i;

	for (i = 0; i < COMMENT__MAX; i++)
		if (str_eqc(name, comment_status_names[i])) {
			*out = (enum comment_status)i;
			return 1;
		}
	return 0;
}

/* FNV-1a, 64 bits: a key to find equal bodies by, not a secret. */
int64_t
store_comment_body_key(struct str body)
{
	uint64_t h = 14695981039346656037ULL;
	size_t	 i;

	for (i = 0; i < body.n; i++) {
		h ^= (unsigned char)body.p[i];
		h *= 1099511628211ULL;
	}
	return (int64_t)h;
}

static enum ng_err
check(struct str s, size_t min, size_t max)
{
	if (s.n > 0 && s.p == NULL)
		return NG_EINVAL;
	if (s.n < min)
		return NG_EINVAL;
	return s.n > max ? NG_ETOOBIG : NG_OK;
}

/*
 * Open the write transaction of a change to comment id and read, inside
 * it, what the invalidation list needs: its article and whether readers
 * see it now.  NG_ENOTFOUND for no such comment (nothing left open).
 */
static enum ng_err
comment_write_begin(struct store *st, struct store_wtx *tx, int64_t id,
    struct write_subject *ws)
{
	struct comment old;
	enum ng_err    err;

	memset(ws, 0, sizeof(*ws));
	memset(&old, 0, sizeof(old));
	if ((err = store_wtx_begin(st, tx)) != NG_OK)
		return err;
	err = store_ops_of(st)->comment_get(store_wtx_arena(tx), tx->c, id,
	    &old);
	if (err != NG_OK)
		return store_wtx_end(tx, err); /* rolls back: err */
	ws->article_id = old.article_id;
	ws->approved_before = old.status == COMMENT_APPROVED;
	return NG_OK;
}

enum ng_err
store_comment_add(struct store *st, const struct comment *cm,
    const struct comment_guard *g, int64_t *id)
{
	struct store_wtx tx;
	struct comment	 n;
	enum ng_err	 err;

	*id = 0;
	if (cm->article_id <= 0 || cm->parent_id < 0 ||
	    (unsigned)cm->status >= COMMENT__MAX || cm->created_at < 0)
		return NG_EINVAL;
	if ((err = check(cm->author, 1, STORE_COMMENT_AUTHOR_MAX)) != NG_OK ||
	    (err = check(cm->email, 0, STORE_COMMENT_EMAIL_MAX)) != NG_OK ||
	    (err = check(cm->url, 0, STORE_COMMENT_URL_MAX)) != NG_OK ||
	    (err = check(cm->body, 1, STORE_COMMENT_BODY_MAX)) != NG_OK ||
	    (err = check(cm->ip, 0, STORE_COMMENT_IP_MAX)) != NG_OK ||
	    (err = check(cm->user_agent, 0, STORE_COMMENT_UA_MAX)) != NG_OK)
		return err;
	n = *cm;
	if (n.created_at == 0)
		n.created_at = (int64_t)time(NULL);
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	/* The 303 a commenter gets promises the comment is on the disk. */
	tx.durable = 1;
	err = store_ops_of(st)->comment_add(tx.c, &n, g, id);
	/* Held and spam comments change no page: the rule says so. */
	store_wtx_note(&tx, SW_COMMENT_ADD,
	    &(struct write_subject){ .article_id = n.article_id,
		.approved_after = n.status == COMMENT_APPROVED });
	if ((err = store_wtx_end(&tx, err)) != NG_OK)
		*id = 0;
	return err;
}

enum ng_err
store_comment_history(struct store *st, struct str email, int64_t parent_id,
    struct comment_history *out)
{
	struct store_conn *c;
	enum ng_err	   err;

	memset(out, 0, sizeof(*out));
	if (parent_id < 0 || check(email, 0, STORE_COMMENT_EMAIL_MAX) != NG_OK)
		return NG_EINVAL;
	c = store_pool_get(st);
	err = store_ops_of(st)->comment_history(c, email, parent_id, out);
	store_pool_put(st, c);
	if (err != NG_OK)
		memset(out, 0, sizeof(*out));
	return err;
}

enum ng_err
store_comment_thread(struct arena *ar, struct store *st, int64_t article_id,
    struct comment **out, size_t *n)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = NULL;
	*n = 0;
	if (article_id <= 0)
		return NG_OK;
	store_read_note(STORE_KEY(INVAL_COMMENTS, article_id));
	c = store_pool_get(st);
	err = store_ops_of(st)->comment_thread(ar, c, article_id, out, n);
	store_pool_put(st, c);
	if (err != NG_OK) {
		*out = NULL;
		*n = 0;
	}
	return err;
}

enum ng_err
store_comment_count(struct store *st, int64_t article_id, size_t *out)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = 0;
	if (article_id <= 0)
		return NG_OK;
	store_read_note(STORE_KEY(INVAL_COMMENTS, article_id));
	c = store_pool_get(st);
	err = store_ops_of(st)->comment_count(c, article_id, out);
	store_pool_put(st, c);
	if (err != NG_OK)
		*out = 0;
	return err;
}

enum ng_err
store_comment_export(struct arena *ar, struct store *st, int64_t article_id,
    struct comment **out, size_t *n)
{
	struct store_conn *c;

	*out = NULL;
	*n = 0;
	if (article_id <= 0)
		return NG_OK;
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->comment_export(ar, c, article_id, out, n));
}

enum ng_err
store_comment_get(struct arena *ar, struct store *st, int64_t id,
    struct comment **out)
{
	struct store_conn *c;
	struct comment	  *cm;
	enum ng_err	   err;

	*out = NULL;
	if (id <= 0)
		return NG_ENOTFOUND;
	if ((cm = arena_calloc(ar, 1, sizeof(*cm))) == NULL)
		return NG_ENOMEM;
	c = store_pool_get(st);
	err = store_ops_of(st)->comment_get(ar, c, id, cm);
	store_pool_put(st, c);
	if (err == NG_OK)
		*out = cm;
	return err;
}

enum ng_err
store_comment_list(struct arena *ar, struct store *st,
    enum comment_status status, size_t offset, size_t limit,
    struct comment_list *out)
{
	struct store_conn *c;
	enum ng_err	   err;

	memset(out, 0, sizeof(*out));
	if ((unsigned)status > COMMENT__MAX)
		return NG_EINVAL;
	if (limit == 0 || limit > STORE_LIST_MAX)
		limit = STORE_LIST_MAX;
	if (offset > (size_t)INT32_MAX)
		offset = (size_t)INT32_MAX;
	store_read_note(STORE_KEY(INVAL_COMMENT_FEEDS, 0));
	c = store_pool_get(st);
	err = store_ops_of(st)->comment_list(ar, c, status, offset, limit, out);
	store_pool_put(st, c);
	if (err != NG_OK)
		memset(out, 0, sizeof(*out));
	return err;
}

enum ng_err
store_comment_counts(struct store *st, struct comment_counts *out)
{
	struct store_conn *c;
	enum ng_err	   err;

	memset(out, 0, sizeof(*out));
	c = store_pool_get(st);
	err = store_ops_of(st)->comment_counts(c, out);
	store_pool_put(st, c);
	if (err != NG_OK)
		memset(out, 0, sizeof(*out));
	return err;
}

enum ng_err
store_comment_set_status(struct store *st, int64_t id,
    enum comment_status status)
{
	struct store_wtx     tx;
	struct write_subject ws;
	enum ng_err	     err;

	if ((unsigned)status >= COMMENT__MAX)
		return NG_EINVAL;
	if (id <= 0)
		return NG_ENOTFOUND;
	if ((err = comment_write_begin(st, &tx, id, &ws)) != NG_OK)
		return err;
	err = store_ops_of(st)->comment_set_status(tx.c, id, status);
	ws.approved_after = status == COMMENT_APPROVED;
	store_wtx_note(&tx, SW_COMMENT_STATUS, &ws);
	return store_wtx_end(&tx, err);
}

enum ng_err
store_comment_delete(struct store *st, int64_t id)
{
	struct store_wtx     tx;
	struct write_subject ws;
	enum ng_err	     err;

	if (id <= 0)
		return NG_ENOTFOUND;
	if ((err = comment_write_begin(st, &tx, id, &ws)) != NG_OK)
		return err;
	err = store_ops_of(st)->comment_delete(tx.c, id);
	store_wtx_note(&tx, SW_COMMENT_DELETE, &ws);
	return store_wtx_end(&tx, err);
}

enum ng_err
store_comment_edit(struct store *st, int64_t id, struct str author,
    struct str url, struct str body)
{
	struct store_wtx     tx;
	struct write_subject ws;
	enum ng_err	     err;

	if (id <= 0)
		return NG_ENOTFOUND;
	if ((err = check(author, 1, STORE_COMMENT_AUTHOR_MAX)) != NG_OK ||
	    (err = check(url, 0, STORE_COMMENT_URL_MAX)) != NG_OK ||
	    (err = check(body, 1, STORE_COMMENT_BODY_MAX)) != NG_OK)
		return err;
	if ((err = comment_write_begin(st, &tx, id, &ws)) != NG_OK)
		return err;
	err = store_ops_of(st)->comment_edit(tx.c, id, author, url, body);
	ws.approved_after = ws.approved_before;
	store_wtx_note(&tx, SW_COMMENT_EDIT, &ws);
	return store_wtx_end(&tx, err);
}

enum ng_err
store_setting_get_many(struct arena *ar, struct store *st,
    const char *const *keys, size_t n, struct str *out)
{
	struct store_conn *c;
	enum ng_err	   err;
	size_t		   i;

	for (i = 0; i < n; i++) {
		out[i] = STR_LIT("");
		if (keys[i] == NULL || strlen(keys[i]) == 0 ||
		    strlen(keys[i]) > STORE_KEY_MAX)
			return NG_EINVAL;
	}
	store_read_note(STORE_KEY(INVAL_SETTINGS, 0));
	c = store_pool_get(st);
	err = store_ops_of(st)->setting_get_many(ar, c, keys, n, out);
	store_pool_put(st, c);
	if (err != NG_OK)
		for (i = 0; i < n; i++)
			out[i] = STR_LIT("");
	return err;
}
