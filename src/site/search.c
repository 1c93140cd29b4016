/*
 * search.c -- /search?q=WORDS[&page=N], the reader's search page.
 *
 * The query goes to store_search() as the reader typed it; the store
 * reduces it to quoted terms (store_search_parse()), so nothing a reader
 * types is ever query syntax.  Results show a snippet of the best
 * matching passage with the matched words in <mark>: the store marks
 * them with two control bytes, and this file escapes the text and turns
 * the markers into tags, which is what makes the snippet safe HTML.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "http/req.h"
#include "http/resp.h"
#include "render/tv.h"
#include "site/discovery.h"
#include "site/site_int.h"
#include "store/store.h"

#define SEARCH_PER_PAGE	 SITE_PER_PAGE
#define SEARCH_PAGES_MAX 100 /* deeper pages are 404 */

/* Escaped text with the store's match markers as balanced <mark>s. */
static struct safe_html
snippet_html(struct arena *a, struct str s)
{
	struct buf b;
	struct str out;
	size_t	   i, run = 0;
	int	   open = 0;

	buf_init(&b, a);
	for (i = 0; i < s.n; i++) {
		if (s.p[i] != STORE_MARK_OPEN && s.p[i] != STORE_MARK_CLOSE)
			continue;
		buf_put_html(&b, s.p + run, i - run);
		run = i + 1;
		if (s.p[i] == STORE_MARK_OPEN && !open) {
			buf_puts(&b, "<mark>");
			open = 1;
		} else if (s.p[i] == STORE_MARK_CLOSE && open) {
			buf_puts(&b, "</mark>");
			open = 0;
		}
	}
	buf_put_html(&b, s.p + run, s.n - run);
	if (open)
		buf_puts(&b, "</mark>");
	if (buf_finish(&b, &out) != NG_OK)
		out = (struct str){ "", 0 };
	/* Every byte of the text went through buf_put_html(). */
	return safe_html_trust(out);
}

/* application/x-www-form-urlencoded, for links back to this page. */
static char *
form_encode(struct arena *a, struct str s)
{
	static const char hex[] = "0123456789ABCDEF";
	char		 *out, *p;
	size_t		  i;

	if ((out = arena_alloc(a, s.n * 3 + 1)) == NULL)
		return NULL;
	for (p = out, i = 0; i < s.n; i++) {
		unsigned char ch = (unsigned char)s.p[i];

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' ||
		    ch == '_' || ch == '~')
			*p++ = (char)ch;
		else if (ch == ' ')
			*p++ = '+';
		else {
			*p++ = '%';
			*p++ = hex[ch >> 4];
			*p++ = hex[ch & 15];
		}
	}
	*p = '\0';
	return out;
}

static char *
page_url(struct arena *a, const char *q, size_t page)
{
	if (page <= 1)
		return arena_printf(a, "/search?q=%s", q);
	return arena_printf(a, "/search?q=%s&page=%zu", q, page);
}

static struct tv *
hit_view(struct view *v, const struct search_hit *h)
{
	struct arena	*a = v->a;
	struct site_date d;
	struct tv	*m, *x = NULL;

	m = tv_map(a);
	tv_set_cstr(a, m, "url",
	    site_article_path(v->r, a, h->ref.id, h->ref.slug,
		h->ref.published_at, PV_PAGE));
	tv_set_str(a, m, "title", h->ref.title);
	tv_set_bool(a, m, "live", view_live(v, h->ref.id));
	tv_set_str(a, m, "dek", h->dek);
	if (h->snippet.n > 0)
		tv_set_html(a, m, "snippet", snippet_html(a, h->snippet));
	if (site_date_fmt(v->r, h->ref.published_at, &d)) {
		tv_set_cstr(a, m, "date", arena_strdup(a, d.human));
		tv_set_cstr(a, m, "date_iso", arena_strdup(a, d.iso));
	}
	if (h->section.id != 0) {
		x = tv_map(a);
		tv_set_str(a, x, "name", h->section.name);
		tv_set_cstr(a, x, "url",
		    arena_printf(a, "/category/%.*s/", (int)h->section.slug.n,
			h->section.slug.p));
	}
	tv_set(a, m, "section", x);
	return m;
}

/* Trim white space at both ends (queries typed with a stray space). */
static struct str
trim(struct str s)
{
	while (s.n > 0 &&
	    (s.p[0] == ' ' || s.p[0] == '\t' || s.p[0] == '\n' ||
		s.p[0] == '\r'))
		s.p++, s.n--;
	while (s.n > 0 &&
	    (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t' ||
		s.p[s.n - 1] == '\n' || s.p[s.n - 1] == '\r'))
		s.n--;
	return s;
}

enum ng_err
site_search(struct req *r, struct resp *rs)
{
	struct search_result res;
	struct view	     v;
	struct tv	    *m, *l, *p, *meta;
	struct str	     q, ps;
	const char	    *enc, *title;
	size_t		     page = 1, npages, i;
	enum ng_err	     err;

	/* WordPress's /?s=WORDS arrives here too. */
	q = req_query(r, "q");
	if (q.p == NULL)
		q = req_query(r, "s");
	q = trim(q);
	/* The form caps input; a longer one is cut where the store cuts. */
	if (q.n > STORE_SEARCH_QUERY_MAX) {
		q.n = STORE_SEARCH_QUERY_MAX;
		while (q.n > 0 && ((unsigned char)q.p[q.n] & 0xc0) == 0x80)
			q.n--;
	}
	ps = req_query(r, "page");
	if (ps.p != NULL && (err = site_page_parse(ps, &page)) != NG_OK)
		return err;
	if (page > SEARCH_PAGES_MAX)
		return NG_ENOTFOUND;

	memset(&res, 0, sizeof(res));
	if (q.n > 0 &&
	    (err = store_search(r->arena, r->app->store, q,
		 (page - 1) * SEARCH_PER_PAGE, SEARCH_PER_PAGE, &res)) != NG_OK)
		return err;
	/* Past the ranked matches there is nothing to page to. */
	npages = site_npages(res.about && res.ranked > 0 ? res.ranked :
		res.about && res.total > STORE_SEARCH_RANKED ?
							   STORE_SEARCH_RANKED :
							   res.total);
	if (page > npages)
		return NG_ENOTFOUND;

	if ((err = view_init(&v, r, 0, 0)) != NG_OK)
		return err;
	if ((enc = form_encode(v.a, q)) == NULL)
		return NG_ENOMEM;
	m = tv_map(v.a);
	tv_set_str(v.a, m, "query", q);
	tv_set_bool(v.a, m, "has_query", q.n > 0);
	tv_set_cstr(v.a, m, "count_label",
	    arena_printf(v.a, "%s%zu %s", res.about ? "About " : "", res.total,
		res.total == 1 ? "result" : "results"));
	tv_set_cstr(v.a, m, "start",
	    arena_printf(v.a, "%zu", (page - 1) * SEARCH_PER_PAGE + 1));
	l = tv_list(v.a);
	for (i = 0; i < res.n; i++)
		tv_push(v.a, l, hit_view(&v, &res.v[i]));
	tv_set(v.a, m, "results", l);
	tv_set_bool(v.a, m, "has_results", res.n > 0);
	tv_set(v.a, v.root, "search", m);

	p = NULL;
	if (npages > 1) {
		p = tv_map(v.a);
		tv_set_cstr(v.a, p, "page", arena_printf(v.a, "%zu", page));
		tv_set_cstr(v.a, p, "pages", arena_printf(v.a, "%zu", npages));
		if (page > 1)
			tv_set_cstr(v.a, p, "newer_url",
			    page_url(v.a, enc, page - 1));
		if (page < npages)
			tv_set_cstr(v.a, p, "older_url",
			    page_url(v.a, enc, page + 1));
	}
	tv_set(v.a, v.root, "pagination", p);

	/* Result pages are for readers, not for search engines. */
	meta = tv_map(v.a);
	tv_set(v.a, meta, "feeds", tv_list(v.a));
	tv_set(v.a, meta, "jsonld", tv_list(v.a));
	tv_set_bool(v.a, meta, "noindex", q.n > 0);
	tv_set(v.a, v.root, "meta", meta);

	title = q.n > 0 ? arena_printf(v.a, "Search: %.*s", (int)q.n, q.p) :
			  "Search";
	view_head(&v, title, STR_NULL,
	    q.n > 0 ? page_url(v.a, enc, page) : "/search");
	return view_render(&v, rs, "search");
}
