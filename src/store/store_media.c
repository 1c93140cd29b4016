/*
 * store_media.c -- dispatch of the media calls (store.h):
 * argument checks here, SQL in the backend.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "store/store.h"
#include "store/store_int.h"

static enum ng_err
done(struct store *st, struct store_conn *c, enum ng_err err, int write)
{
	(void)write; /* SW_MEDIA_ADD: nobody shows a new upload yet */
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_media_add(struct store *st, const struct media *m, int64_t *id)
{
	struct store_conn *c;

	*id = 0;
	if (m->path.n == 0 || m->mime.n == 0 || m->width < 0 || m->height < 0 ||
	    m->alt.n > STORE_MEDIA_TEXT_MAX ||
	    m->caption.n > STORE_MEDIA_TEXT_MAX ||
	    m->credit.n > STORE_MEDIA_TEXT_MAX ||
	    m->filename.n > STORE_MEDIA_TEXT_MAX)
		return NG_EINVAL;
	c = store_pool_get(st);
	return done(st, c,
	    store_ops_of(st)->media_add(c, m, (int64_t)time(NULL), id), 1);
}

enum ng_err
store_media_update(struct store *st, const struct media *m)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if (m->id <= 0)
		return NG_ENOTFOUND;
	if (m->alt.n > STORE_MEDIA_TEXT_MAX ||
	    m->caption.n > STORE_MEDIA_TEXT_MAX ||
	    m->credit.n > STORE_MEDIA_TEXT_MAX)
		return NG_EINVAL;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	err = store_ops_of(st)->media_update(tx.c, m);
	if (err == NG_OK)
		store_wtx_note(&tx, SW_MEDIA_UPDATE,
		    &(struct write_subject){ .id = m->id });
	return store_wtx_end(&tx, err);
}

enum ng_err
store_media_get(struct arena *ar, struct store *st, int64_t id,
    struct media *out)
{
	struct store_conn *c;

	memset(out, 0, sizeof(*out));
	if (id <= 0)
		return NG_ENOTFOUND;
	store_read_note(STORE_KEY(INVAL_MEDIA, id));
	c = store_pool_get(st);
	return done(st, c, store_ops_of(st)->media_get(ar, c, id, out), 0);
}

enum ng_err
store_media_by_key(struct arena *ar, struct store *st, struct str key,
    struct media *out)
{
	struct store_conn *c;
	enum ng_err	   err;
	size_t		   i;

	memset(out, 0, sizeof(*out));
	/* Keys are short hex names (media.h): nothing else can match. */
	if (key.n == 0 || key.n > 64)
		return NG_ENOTFOUND;
	for (i = 0; i < key.n; i++)
		if (!((key.p[i] >= '0' && key.p[i] <= '9') ||
			(key.p[i] >= 'a' && key.p[i] <= 'f')))
			return NG_ENOTFOUND;
	c = store_pool_get(st);
	err = done(st, c, store_ops_of(st)->media_by_key(ar, c, key, out), 0);
	if (err == NG_OK)
		store_read_note(STORE_KEY(INVAL_MEDIA, out->id));
	return err;
}

enum ng_err
store_media_list(struct arena *ar, struct store *st, size_t offset,
    size_t limit, struct media **out, size_t *n)
{
	struct store_conn *c;

	*out = NULL;
	*n = 0;
	if (limit == 0)
		return NG_OK;
	if (limit > STORE_MEDIA_LIST_MAX)
		limit = STORE_MEDIA_LIST_MAX;
	c = store_pool_get(st);
	return done(st, c,
	    store_ops_of(st)->media_list(ar, c, offset, limit, out, n), 0);
}

enum ng_err
store_media_search(struct arena *ar, struct store *st, struct str q,
    size_t offset, size_t limit, struct media **out, size_t *n, size_t *total)
{
	struct store_conn *c;

	*out = NULL;
	*n = *total = 0;
	if (limit == 0 || q.n > STORE_MEDIA_QUERY_MAX)
		return NG_OK;
	if (limit > STORE_MEDIA_LIST_MAX)
		limit = STORE_MEDIA_LIST_MAX;
	if (q.p == NULL)
		q = STR_LIT("");
	c = store_pool_get(st);
	return done(st, c,
	    store_ops_of(st)->media_search(ar, c, q, offset, limit, out, n,
		total),
	    0);
}

/* Is id one of the numbers of the comma list at p (up to its quote)? */
static int
id_in_list(const char *p, const char *e, int64_t id)
{
	int64_t v;
	int	digits;

	while (p < e) {
		while (p < e && (*p == ' ' || *p == ','))
			p++;
		v = 0;
		digits = 0;
		while (p < e && *p >= '0' && *p <= '9' && digits < 18) {
			v = v * 10 + (*p++ - '0');
			digits++;
		}
		if (digits == 0)
			return 0; /* the list ends at anything else */
		if (v == id)
			return 1;
	}
	return 0;
}

/*
 * Does body name id in an ids="1,2,3" attribute (of a [gallery] or a
 * [playlist]; quoted with " or ', or not at all)?
 */
static int
ids_name(struct str body, int64_t id)
{
	const char *p = body.p, *e = body.p + body.n, *q;

	while (p < e && (q = memmem(p, (size_t)(e - p), "ids=", 4)) != NULL) {
		p = q + 4;
		if (p < e && (*p == '"' || *p == '\'') && p + 1 < e)
			p++;
		for (q = p; q < e &&
		     ((*q >= '0' && *q <= '9') || *q == ',' || *q == ' ');
		     q++)
			;
		if (id_in_list(p, q, id))
			return 1;
	}
	return 0;
}

/* The rows of a usage query that really use id, kept in place. */
static size_t
usage_keep(struct media_use *v, size_t n, int64_t id)
{
	size_t i, k;

	for (i = k = 0; i < n; i++) {
		if (v[i].body.p != NULL && !ids_name(v[i].body, id))
			continue;
		v[i].body = STR_NULL;
		v[k++] = v[i];
	}
	return k;
}

/* "/media/KEY/" of m's path ("KEY/1600.jpg") into ar. */
static struct str
media_frag(struct arena *ar, const struct media *m, struct str *key)
{
	const char *slash;
	char	   *p;

	*key = STR_NULL;
	if ((slash = memchr(m->path.p, '/', m->path.n)) == NULL ||
	    slash == m->path.p)
		return STR_NULL;
	*key = (struct str){ m->path.p, (size_t)(slash - m->path.p) };
	if ((p = arena_printf(ar, "/media/%.*s/", (int)key->n, key->p)) == NULL)
		return STR_NULL;
	return (struct str){ p, strlen(p) };
}

enum ng_err
store_media_usage(struct arena *ar, struct store *st, int64_t id,
    struct media_use **out, size_t *n)
{
	struct store_conn *c;
	struct media	   m;
	struct str	   frag, key;
	enum ng_err	   err;

	*out = NULL;
	*n = 0;
	if ((err = store_media_get(ar, st, id, &m)) != NG_OK)
		return err;
	if ((frag = media_frag(ar, &m, &key)).p == NULL)
		return NG_ENOMEM;
	c = store_pool_get(st);
	err = done(st, c,
	    store_ops_of(st)->media_usage(ar, c, id, frag, out, n), 0);
	if (err == NG_OK)
		*n = usage_keep(*out, *n, id);
	return err;
}

enum ng_err
store_media_delete(struct arena *ar, struct store *st, int64_t id,
    struct str *key)
{
	struct store_wtx  tx;
	struct media	  m;
	struct media_use *v = NULL;
	struct str	  frag;
	size_t		  n = 0;
	enum ng_err	  err;

	*key = STR_NULL;
	if (id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	/* Looked at again inside the write: nothing starts using it between. */
	err = store_ops_of(st)->media_get(ar, tx.c, id, &m);
	if (err == NG_OK && (frag = media_frag(ar, &m, key)).p == NULL)
		err = NG_ENOMEM;
	if (err == NG_OK)
		err = store_ops_of(st)->media_usage(ar, tx.c, id, frag, &v, &n);
	if (err == NG_OK && usage_keep(v, n, id) > 0)
		err = NG_ECONFLICT;
	if (err == NG_OK)
		err = store_ops_of(st)->media_delete(tx.c, id, *key);
	if (err == NG_OK)
		store_wtx_note(&tx, SW_MEDIA_DELETE,
		    &(struct write_subject){ .id = id });
	else
		*key = STR_NULL;
	return store_wtx_end(&tx, err);
}

enum ng_err
store_article_featured(struct store *st, int64_t article_id, int64_t *media_id)
{
	struct store_conn *c;

	*media_id = 0;
	if (article_id <= 0)
		return NG_ENOTFOUND;
	store_read_note(STORE_KEY(INVAL_ARTICLE, article_id));
	c = store_pool_get(st);
	return done(st, c,
	    store_ops_of(st)->article_featured(c, article_id, media_id), 0);
}

enum ng_err
store_article_set_featured(struct store *st, int64_t article_id,
    int64_t media_id)
{
	struct store_wtx     tx;
	struct write_subject ws;
	struct article_state a;
	enum ng_err	     err;

	if (article_id <= 0)
		return NG_ENOTFOUND;
	if (media_id < 0)
		return NG_EINVAL;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	memset(&ws, 0, sizeof(ws));
	err = store_wtx_old_article(&tx, article_id, &a);
	if (err == NG_OK) {
		/* The article's pages and the lists showing its picture. */
		ws.article_id = article_id;
		write_subject_before(&ws, &a);
		ws.public_after = ws.public_before;
		err = store_ops_of(st)->article_set_featured(tx.c, article_id,
		    media_id);
	}
	return store_wtx_done(&tx, SW_ARTICLE_FEATURED, &ws, err);
}

int
store_media_in_db(const struct store *st)
{
	return store_ops_of(st)->media_in_db;
}

static int
file_name_ok(struct str key, struct str name)
{
	return key.n > 0 && key.n <= STORE_MEDIA_NAME_MAX && name.n > 0 &&
	    name.n <= STORE_MEDIA_NAME_MAX;
}

enum ng_err
store_media_file_put(struct store *st, struct str key, struct str name,
    struct str bytes)
{
	struct store_conn *c;

	if (!file_name_ok(key, name) || bytes.n == 0)
		return NG_EINVAL;
	if (bytes.n > STORE_MEDIA_FILE_MAX)
		return NG_ETOOBIG;
	c = store_pool_get(st);
	/* Nobody shows a variant before its media row exists. */
	return store_wrote(st, c,
	    store_ops_of(st)->media_file_put(c, key, name, bytes));
}

enum ng_err
store_media_file_get(struct arena *ar, struct store *st, struct str key,
    struct str name, struct str *bytes)
{
	struct store_conn *c;

	*bytes = (struct str){ NULL, 0 };
	if (!file_name_ok(key, name))
		return NG_EINVAL;
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->media_file_get(ar, c, key, name, bytes));
}

enum ng_err
store_media_file_size(struct store *st, struct str key, struct str name,
    int64_t *size)
{
	struct store_conn *c;

	*size = 0;
	if (!file_name_ok(key, name))
		return NG_EINVAL;
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->media_file_size(c, key, name, size));
}

enum ng_err
store_article_pin(struct store *st, int64_t article_id, int on)
{
	struct store_wtx     tx;
	struct write_subject ws;
	struct article_state a;
	enum ng_err	     err;

	if (article_id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	memset(&ws, 0, sizeof(ws));
	err = store_wtx_old_article(&tx, article_id, &a);
	if (err == NG_OK) {
		/* The front page, and the lists the story is in. */
		ws.article_id = article_id;
		write_subject_before(&ws, &a);
		ws.public_after = ws.public_before;
		err = store_ops_of(st)->article_pin(tx.c, article_id, on != 0,
		    (int64_t)time(NULL));
	}
	return store_wtx_done(&tx, SW_ARTICLE_PIN, &ws, err);
}

enum ng_err
store_article_pins(struct arena *ar, struct store *st, int published,
    size_t limit, int64_t **ids, size_t *n)
{
	struct store_conn *c;

	*ids = NULL;
	*n = 0;
	if (limit == 0)
		return NG_OK;
	if (limit > STORE_PINS_MAX)
		limit = STORE_PINS_MAX;
	store_read_note(STORE_KEY(INVAL_FRONT, 0));
	c = store_pool_get(st);
	return done(st, c,
	    store_ops_of(st)->article_pins(ar, c,
		published ? (int64_t)time(NULL) : 0, limit, ids, n),
	    0);
}

enum ng_err
store_media_pending_set(struct store *st, int64_t id, int pending)
{
	struct store_conn *c;

	if (id <= 0)
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	return done(st, c,
	    store_ops_of(st)->media_pending_set(c, id, pending != 0), 1);
}

enum ng_err
store_media_pending(struct arena *ar, struct store *st, size_t limit,
    struct media_pending **out, size_t *n)
{
	struct store_conn *c;

	*out = NULL;
	*n = 0;
	if (limit == 0)
		return NG_OK;
	if (limit > STORE_MEDIA_LIST_MAX)
		limit = STORE_MEDIA_LIST_MAX;
	c = store_pool_get(st);
	return done(st, c,
	    store_ops_of(st)->media_pending(ar, c, limit, out, n), 0);
}
