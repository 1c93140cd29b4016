/*
 * store_search.c -- the store's search, related-article and sitemap
 * calls: parsing a reader's query into terms, limits, and
 * dispatch to the backend (store_int.h).
 *
 * The parser lives here rather than in a backend so that every backend
 * receives the same small, already-safe list of terms and only has to
 * quote them in its own query language (FTS5 for SQLite, tsquery for
 * PostgreSQL later).
 */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "store/store.h"
#include "store/store_int.h"

static int
is_space(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	    ch == '\f' || ch == '\v';
}

/* A letter or digit: ASCII ones, or any byte of a multibyte character. */
static int
is_word(unsigned char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
	    (ch >= 'A' && ch <= 'Z') || ch >= 0x80;
}

static void
add_term(struct search_terms *out, struct str text, int phrase, int prefix)
{
	struct search_term *t;
	size_t		    i;
	int		    any = 0, plain = 1;

	for (i = 0; i < text.n; i++) {
		if (is_word((unsigned char)text.p[i]))
			any = 1;
		else
			plain = 0;
	}
	if (!any || out->n >= STORE_SEARCH_TERMS_MAX)
		return;
	/*
	 * A prefix of one character, or one ending in punctuation ("U.S*"
	 * is the phrase "u s*"), would expand to a large part of the
	 * vocabulary: it is searched as a plain term instead.
	 */
	if (prefix && (!plain || utf8_chars(text.p, text.n) < 2))
		prefix = 0;
	t = &out->v[out->n++];
	t->text = text;
	t->phrase = phrase;
	t->prefix = prefix;
}

void
store_search_parse(struct str input, struct search_terms *out)
{
	const char *p = input.p;
	size_t	    n = input.n, i = 0, j, k;
	int	    prefix;

	memset(out, 0, sizeof(*out));
	if (p == NULL)
		return;
	if (n > STORE_SEARCH_QUERY_MAX) {
		n = STORE_SEARCH_QUERY_MAX;
		/* Do not cut a character in two. */
		while (n > 0 && ((unsigned char)p[n] & 0xc0) == 0x80)
			n--;
	}
	while (i < n && out->n < STORE_SEARCH_TERMS_MAX) {
		if (is_space((unsigned char)p[i])) {
			i++;
			continue;
		}
		if (p[i] == '"') {
			/* A phrase runs to the next quote or the end. */
			for (j = i + 1; j < n && p[j] != '"'; j++)
				continue;
			k = j < n ? j + 1 : j;
			prefix = k < n && p[k] == '*';
			add_term(out, (struct str){ p + i + 1, j - i - 1 }, 1,
			    prefix);
			i = k + (prefix ? 1 : 0);
			continue;
		}
		for (j = i;
		     j < n && !is_space((unsigned char)p[j]) && p[j] != '"';
		     j++)
			continue;
		k = j;
		while (k > i && p[k - 1] == '*')
			k--;
		add_term(out, (struct str){ p + i, k - i }, 0, k < j);
		i = j;
	}
}

enum ng_err
store_search(struct arena *ar, struct store *st, struct str input,
    size_t offset, size_t limit, struct search_result *out)
{
	struct search_terms t;
	struct store_conn  *c;
	enum ng_err	    err;

	memset(out, 0, sizeof(*out));
	store_search_parse(input, &t);
	if (t.n == 0)
		return NG_OK;
	if (limit == 0 || limit > STORE_LIST_MAX)
		limit = STORE_LIST_MAX;
	/* SQLite's OFFSET is signed; nobody pages this far. */
	if (offset > (size_t)INT32_MAX)
		offset = (size_t)INT32_MAX;
	store_read_note(STORE_KEY(INVAL_SEARCH, 0));
	c = store_pool_get(st);
	err = store_ops_of(st)->search(ar, c, &t, (int64_t)time(NULL), offset,
	    limit, out);
	store_pool_put(st, c);
	if (err != NG_OK)
		memset(out, 0, sizeof(*out));
	return err;
}

enum ng_err
store_related(struct arena *ar, struct store *st, int64_t article_id,
    size_t max, struct article_ref **out, size_t *n)
{
	struct store_conn *c;
	enum ng_err	   err;
	size_t		   i;

	*out = NULL;
	*n = 0;
	if (article_id <= 0)
		return NG_OK;
	if (max == 0 || max > STORE_RELATED_MAX)
		max = STORE_RELATED_MAX;
	/* The box is the article's; the titles in it are theirs. */
	store_read_note(STORE_KEY(INVAL_ARTICLE, article_id));
	c = store_pool_get(st);
	err = store_ops_of(st)->related(ar, c, article_id, (int64_t)time(NULL),
	    max, out, n);
	store_pool_put(st, c);
	if (err != NG_OK) {
		*out = NULL;
		*n = 0;
	}
	for (i = 0; i < *n; i++)
		store_read_note(STORE_KEY(INVAL_ARTICLE, (*out)[i].id));
	return err;
}

enum ng_err
store_related_refresh(struct store *st, int64_t article_id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if (article_id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	/* Whether it is published is not asked: a box more or less. */
	return store_wtx_done(&tx, SW_RELATED_REFRESH,
	    &(struct write_subject){ .article_id = article_id,
		.public_before = 1,
		.public_after = 1 },
	    store_ops_of(st)->related_refresh(tx.c, article_id,
		(int64_t)time(NULL)));
}

enum ng_err
store_sitemap_count(struct store *st, int64_t since, size_t *out)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = 0;
	store_read_note(STORE_KEY(INVAL_SITEMAPS, 0));
	c = store_pool_get(st);
	err = store_ops_of(st)->sitemap_count(c, (int64_t)time(NULL),
	    since < 0 ? 0 : since, out);
	store_pool_put(st, c);
	if (err != NG_OK)
		*out = 0;
	return err;
}

enum ng_err
store_sitemap_entries(struct arena *ar, struct store *st, int64_t since,
    size_t offset, size_t limit, struct sitemap_entry **out, size_t *n)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = NULL;
	*n = 0;
	if (limit == 0 || limit > STORE_SITEMAP_MAX)
		limit = STORE_SITEMAP_MAX;
	if (offset > (size_t)INT32_MAX)
		offset = (size_t)INT32_MAX;
	store_read_note(STORE_KEY(INVAL_SITEMAPS, 0));
	c = store_pool_get(st);
	err = store_ops_of(st)->sitemap_entries(ar, c, (int64_t)time(NULL),
	    since < 0 ? 0 : since, offset, limit, out, n);
	store_pool_put(st, c);
	if (err != NG_OK) {
		*out = NULL;
		*n = 0;
	}
	return err;
}

enum ng_err
store_article_image(struct arena *ar, struct store *st, int64_t article_id,
    struct str *path, struct str *mime)
{
	struct store_conn *c;
	enum ng_err	   err;

	*path = (struct str){ "", 0 };
	*mime = (struct str){ "", 0 };
	if (article_id <= 0)
		return NG_ENOTFOUND;
	store_read_note(STORE_KEY(INVAL_ARTICLE, article_id));
	c = store_pool_get(st);
	err = store_ops_of(st)->article_image(ar, c, article_id, path, mime);
	store_pool_put(st, c);
	if (err != NG_OK) {
		*path = (struct str){ "", 0 };
		*mime = (struct str){ "", 0 };
	}
	return err;
}
