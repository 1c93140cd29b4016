/*
 * store_newsroom.c -- public calls for the newsroom's editing:
 * the article list, revisions, scheduling, corrections, autosaves and
 * taxonomy management.  Input checks, then dispatch (store_int.h).
 */
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "store/store.h"
#include "store/store_int.h"

/* Longest search text the list accepts (bytes). */
#define SEARCH_MAX 200

static enum ng_err
check(struct str s, size_t min, size_t max)
{
	if (s.n > 0 && s.p == NULL)
		return NG_EINVAL;
	if (s.n < min)
		return NG_EINVAL;
	return s.n > max ? NG_ETOOBIG : NG_OK;
}

/* "%words%" with LIKE's wildcards and the escape byte escaped. */
static enum ng_err
like_pattern(struct arena *ar, struct str s, struct str *out)
{
	char  *p;
	size_t i, n = 0;

	*out = STR_LIT("");
	if (s.n == 0)
		return NG_OK;
	if ((p = arena_alloc(ar, s.n * 2 + 3)) == NULL)
		return NG_ENOMEM;
	p[n++] = '%';
	for (i = 0; i < s.n; i++) {
		if (s.p[i] == '%' || s.p[i] == '_' || s.p[i] == '\\')
			p[n++] = '\\';
		p[n++] = s.p[i];
	}
	p[n++] = '%';
	p[n] = '\0';
	*out = (struct str){ p, n };
	return NG_OK;
}

enum ng_err
store_article_admin_list(struct arena *ar, struct store *st,
    const struct article_admin_query *q, struct article_list *out)
{
	struct article_admin_query cq;
	struct store_conn	  *c;
	enum ng_err		   err;

	memset(out, 0, sizeof(*out));
	cq = *q;
	if (cq.limit == 0 || cq.limit > STORE_LIST_MAX)
		cq.limit = STORE_LIST_MAX;
	if (cq.offset > (size_t)INT32_MAX)
		cq.offset = (size_t)INT32_MAX;
	if (cq.status >= ARTICLE__MAX || cq.status < -1 || cq.section_id < 0 ||
	    cq.author_id < 0)
		return NG_EINVAL;
	if ((err = check(q->search, 0, SEARCH_MAX)) != NG_OK)
		return err;
	if ((err = like_pattern(ar, q->search, &cq.search)) != NG_OK)
		return err;
	c = store_pool_get(st);
	err = store_ops_of(st)->article_admin_list(ar, c, &cq, out);
	if (err == NG_OK)
		err = store_fill_authors(ar, st, c, out->v, out->n);
	store_pool_put(st, c);
	if (err != NG_OK)
		memset(out, 0, sizeof(*out));
	return err;
}

enum ng_err
store_article_status_counts(struct store *st, size_t counts[ARTICLE__MAX])
{
	struct store_conn *c;
	enum ng_err	   err;

	memset(counts, 0, sizeof(size_t) * ARTICLE__MAX);
	c = store_pool_get(st);
	err = store_ops_of(st)->article_status_counts(c, counts);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_revision_list(struct arena *ar, struct store *st, int64_t article_id,
    struct revision **out, size_t *n)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = NULL;
	*n = 0;
	if (article_id <= 0)
		return NG_OK;
	c = store_pool_get(st);
	err = store_ops_of(st)->revision_list(ar, c, article_id, out, n);
	store_pool_put(st, c);
	if (err != NG_OK) {
		*out = NULL;
		*n = 0;
	}
	return err;
}

enum ng_err
store_revision_get(struct arena *ar, struct store *st, int64_t id,
    struct revision **out)
{
	struct store_conn *c;
	struct revision	  *r;
	enum ng_err	   err;

	*out = NULL;
	if (id <= 0)
		return NG_ENOTFOUND;
	if ((r = arena_calloc(ar, 1, sizeof(*r))) == NULL)
		return NG_ENOMEM;
	c = store_pool_get(st);
	err = store_ops_of(st)->revision_get(ar, c, id, r);
	store_pool_put(st, c);
	if (err == NG_OK)
		*out = r;
	return err;
}

enum ng_err
store_revision_set_user(struct store *st, int64_t article_id, int64_t user_id)
{
	struct store_conn *c;

	if (article_id <= 0 || user_id < 0)
		return NG_EINVAL;
	c = store_pool_get(st); /* SW_REVISION_USER: nothing */
	return store_wrote(st, c,
	    store_ops_of(st)->revision_set_user(c, article_id, user_id));
}

enum ng_err
store_ids_push(struct arena *ar, int64_t **ids, size_t *n, int64_t id)
{
	int64_t *v;

	if (ar != NULL) {
		/* Room for 8, then doubled at each power of two from 8. */
		if (*n == 0 || (*n >= 8 && (*n & (*n - 1)) == 0)) {
			v = arena_calloc(ar, *n == 0 ? 8 : 2 * *n, sizeof(*v));
			if (v == NULL)
				return NG_ENOMEM;
			if (*n > 0)
				memcpy(v, *ids, *n * sizeof(*v));
			*ids = v;
		}
		(*ids)[*n] = id;
	}
	(*n)++;
	return NG_OK;
}

enum ng_err
store_article_publish_due(struct store *st, int64_t now, size_t *n)
{
	return store_article_publish_due_ids(NULL, st, now, NULL, n);
}

enum ng_err
store_article_publish_due_ids(struct arena *ar, struct store *st, int64_t now,
    int64_t **ids, size_t *n)
{
	struct store_wtx tx;
	int64_t		*none = NULL;
	enum ng_err	 err;

	*n = 0;
	if (ids == NULL)
		ids = &none;
	*ids = NULL;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	err = store_ops_of(st)->article_publish_due(tx.c, now, ar, ids, n);
	/* Only a real change should drop every cached page. */
	if (err == NG_OK && *n > 0)
		store_wtx_note(&tx, SW_ARTICLE_PUBLISH_DUE,
		    &(struct write_subject){ 0 });
	if ((err = store_wtx_end(&tx, err)) != NG_OK) {
		*n = 0;
		*ids = NULL;
	}
	return err;
}

enum ng_err
store_article_next_due(struct store *st, int64_t *when)
{
	struct store_conn *c;
	enum ng_err	   err;

	*when = 0;
	c = store_pool_get(st);
	err = store_ops_of(st)->article_next_due(c, when);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_correction_add(struct store *st, const struct correction *co, int64_t *id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	*id = 0;
	if ((err = check(co->body, 1, STORE_NOTE_MAX)) != NG_OK)
		return err;
	if ((unsigned)co->kind >= CORRECTION__MAX || co->article_id <= 0 ||
	    co->user_id < 0)
		return NG_EINVAL;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_CORRECTION_ADD,
	    &(struct write_subject){ .article_id = co->article_id },
	    store_ops_of(st)->correction_add(tx.c, co, (int64_t)time(NULL),
		id));
}

enum ng_err
store_correction_list(struct arena *ar, struct store *st, int64_t article_id,
    struct correction **out, size_t *n)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = NULL;
	*n = 0;
	if (article_id <= 0)
		return NG_OK;
	store_read_note(STORE_KEY(INVAL_ARTICLE, article_id));
	c = store_pool_get(st);
	err = store_ops_of(st)->correction_list(ar, c, article_id, out, n);
	store_pool_put(st, c);
	if (err != NG_OK) {
		*out = NULL;
		*n = 0;
	}
	return err;
}

/*
 * Autosaves are the editor's scratch copy, invisible to readers, so they
 * do not count as content changes for the page cache.
 */
enum ng_err
store_autosave_put(struct store *st, const struct autosave *as)
{
	struct store_conn *c;
	enum ng_err	   err;

	if ((err = check(as->title, 0, STORE_TITLE_MAX)) != NG_OK ||
	    (err = check(as->dek, 0, STORE_DEK_MAX)) != NG_OK ||
	    (err = check(as->body_md, 0, STORE_BODY_MAX)) != NG_OK)
		return err;
	if (as->user_id <= 0 || as->article_id < 0)
		return NG_EINVAL;
	c = store_pool_get(st);
	err = store_ops_of(st)->autosave_put(c, as);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_autosave_get(struct arena *ar, struct store *st, int64_t user_id,
    int64_t article_id, struct autosave **out)
{
	struct store_conn *c;
	struct autosave	  *as;
	enum ng_err	   err;

	*out = NULL;
	if (user_id <= 0 || article_id < 0)
		return NG_ENOTFOUND;
	if ((as = arena_calloc(ar, 1, sizeof(*as))) == NULL)
		return NG_ENOMEM;
	c = store_pool_get(st);
	err = store_ops_of(st)->autosave_get(ar, c, user_id, article_id, as);
	store_pool_put(st, c);
	if (err == NG_OK)
		*out = as;
	return err;
}

enum ng_err
store_autosave_delete(struct store *st, int64_t user_id, int64_t article_id)
{
	struct store_conn *c;
	enum ng_err	   err;

	if (user_id <= 0 || article_id < 0)
		return NG_OK;
	c = store_pool_get(st);
	err = store_ops_of(st)->autosave_delete(c, user_id, article_id);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_authors(struct arena *ar, struct store *st, struct author **out,
    size_t *n)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = NULL;
	*n = 0;
	c = store_pool_get(st);
	err = store_ops_of(st)->authors(ar, c, out, n);
	store_pool_put(st, c);
	if (err != NG_OK) {
		*out = NULL;
		*n = 0;
	}
	return err;
}

enum ng_err
store_tags(struct arena *ar, struct store *st, struct tag **out, size_t *n)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = NULL;
	*n = 0;
	c = store_pool_get(st);
	err = store_ops_of(st)->tags(ar, c, out, n);
	store_pool_put(st, c);
	if (err != NG_OK) {
		*out = NULL;
		*n = 0;
	}
	return err;
}

enum ng_err
store_section_update(struct store *st, const struct section *s)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if ((err = check(s->slug, 1, STORE_SLUG_MAX)) != NG_OK ||
	    (err = check(s->name, 1, STORE_NAME_MAX)) != NG_OK ||
	    (err = check(s->description, 0, STORE_DEK_MAX)) != NG_OK)
		return err;
	if (s->id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_SECTION_UPDATE,
	    &(struct write_subject){ .id = s->id },
	    store_ops_of(st)->section_update(tx.c, s));
}

enum ng_err
store_author_update(struct store *st, const struct author *au)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if ((err = check(au->slug, 1, STORE_SLUG_MAX)) != NG_OK ||
	    (err = check(au->name, 1, STORE_NAME_MAX)) != NG_OK ||
	    (err = check(au->bio, 0, STORE_BIO_MAX)) != NG_OK ||
	    (err = check(au->links, 0, STORE_AUTHOR_LINKS_MAX)) != NG_OK)
		return err;
	if (au->photo_id < 0)
		return NG_EINVAL;
	if (au->id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_AUTHOR_UPDATE,
	    &(struct write_subject){ .id = au->id },
	    store_ops_of(st)->author_update(tx.c, au));
}

enum ng_err
store_tag_update(struct store *st, const struct tag *t)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if ((err = check(t->slug, 1, STORE_SLUG_MAX)) != NG_OK ||
	    (err = check(t->name, 1, STORE_NAME_MAX)) != NG_OK)
		return err;
	if (t->id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_TAG_UPDATE,
	    &(struct write_subject){ .id = t->id },
	    store_ops_of(st)->tag_update(tx.c, t));
}

enum ng_err
store_section_delete(struct store *st, int64_t id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if (id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_SECTION_DELETE,
	    &(struct write_subject){ .id = id },
	    store_ops_of(st)->section_delete(tx.c, id));
}

enum ng_err
store_tag_merge(struct store *st, int64_t from, int64_t into)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if (from <= 0 || into <= 0)
		return NG_ENOTFOUND;
	if (from == into)
		return NG_EINVAL;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_TAG_MERGE,
	    &(struct write_subject){ .id = from },
	    store_ops_of(st)->tag_merge(tx.c, from, into));
}

enum ng_err
store_tag_delete(struct store *st, int64_t id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if (id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_TAG_DELETE,
	    &(struct write_subject){ .id = id },
	    store_ops_of(st)->tag_delete(tx.c, id));
}
