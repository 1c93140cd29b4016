/*
 * sitemap.c -- sitemaps (https://www.sitemaps.org/protocol.html) and the
 * Google News sitemap.
 *
 * /sitemap.xml is an index: one file of the site's own pages (front
 * page, sections) and one file per STORE_SITEMAP_MAX articles, the
 * protocol's limit of 50,000 URLs, oldest first so that a file's
 * contents only change when one of its articles does.  A full file is
 * about 8 MB, so it is built in chunks with a scratch arena for the
 * store rows and a heap buffer for the text, and only the finished text
 * is copied into the request arena: the request's memory cap then holds
 * one copy, not the rows and every doubling of a growing buffer.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "http/req.h"
#include "http/resp.h"
#include "site/discovery.h"
#include "site/feed.h"
#include "site/site_int.h"
#include "store/store.h"

#define SITEMAP_XML	 "application/xml; charset=utf-8"
#define SITEMAP_NS	 "http://www.sitemaps.org/schemas/sitemap/0.9"
#define SITEMAP_IMAGE_NS "http://www.google.com/schemas/sitemap-image/1.1"
#define SITEMAP_NEWS_NS	 "http://www.google.com/schemas/sitemap-news/0.9"
#define SITEMAP_CHUNK	 5000		   /* rows per store call */
#define SITEMAP_ROWS_MEM (8 * 1024 * 1024) /* per chunk */
#define NEWS_WINDOW	 (48 * 3600)	   /* Google News: 2 days */
#define NEWS_MAX	 1000		   /* URLs per news sitemap */

size_t
sitemap_nfiles(size_t total, size_t per)
{
	if (per == 0)
		return 0;
	return total / per + (total % per != 0);
}

const char *
sitemap_robots_lines(struct req *r)
{
	const char *o = site_origin(r);

	return arena_printf(r->arena,
	    "Sitemap: %s/sitemap.xml\n"
	    "Sitemap: %s/news-sitemap.xml\n",
	    o, o);
}

static void
loc(struct buf *b, const char *origin, const char *path)
{
	buf_puts(b, "<loc>");
	feed_xml_cstr(b, origin);
	feed_xml_cstr(b, path);
	buf_puts(b, "</loc>");
}

/* Copy a heap buf's text into the response, then free the heap copy. */
static enum ng_err
finish(struct req *r, struct resp *rs, struct buf *b)
{
	struct str  s;
	enum ng_err err;

	if ((err = buf_finish(b, &s)) == NG_OK) {
		rs->body = arena_str(r->arena, s);
		if (rs->body.p == NULL)
			err = NG_ENOMEM;
	}
	buf_release(b);
	if (err != NG_OK)
		return err;
	rs->status = 200;
	rs->content_type = SITEMAP_XML;
	rs->cache_control = SITE_CACHE_PAGE;
	rs->compress = 1;
	return NG_OK;
}

enum ng_err
site_sitemap_index(struct req *r, struct resp *rs)
{
	struct buf  b;
	const char *o = site_origin(r);
	size_t	    total, i, n;
	enum ng_err err;

	if (o == NULL)
		return NG_ENOMEM;
	if ((err = store_sitemap_count(r->app->store, 0, &total)) != NG_OK)
		return err;
	n = sitemap_nfiles(total, STORE_SITEMAP_MAX);
	buf_init(&b, NULL);
	buf_puts(&b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<sitemapindex xmlns=\"" SITEMAP_NS "\">\n<sitemap>");
	loc(&b, o, "/sitemaps/pages.xml");
	buf_puts(&b, "</sitemap>\n");
	for (i = 1; i <= n; i++) {
		buf_puts(&b, "<sitemap>");
		buf_printf(&b, "<loc>");
		feed_xml_cstr(&b, o);
		buf_printf(&b, "/sitemaps/articles-%zu.xml</loc>", i);
		buf_puts(&b, "</sitemap>\n");
	}
	buf_puts(&b, "</sitemapindex>\n");
	return finish(r, rs, &b);
}

static enum ng_err
pages(struct req *r, struct resp *rs, const char *o)
{
	struct section *secs;
	struct page    *pg;
	struct buf	b;
	char		date[64];
	size_t		i, n;
	enum ng_err	err;

	if ((err = store_sections(r->arena, r->app->store, &secs, &n)) != NG_OK)
		return err;
	buf_init(&b, NULL);
	buf_puts(&b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"" SITEMAP_NS "\">\n<url>");
	loc(&b, o, "/");
	buf_puts(&b, "<changefreq>hourly</changefreq></url>\n");
	for (i = 0; i < n; i++) {
		buf_puts(&b, "<url><loc>");
		feed_xml_cstr(&b, o);
		buf_puts(&b, "/category/");
		feed_xml_text(&b, secs[i].slug);
		buf_puts(&b, "/</loc><changefreq>hourly</changefreq></url>\n");
	}
	/* Static pages: in the sitemap, never in the news one. */
	if ((err = store_page_list(r->arena, r->app->store, PAGE_PUBLISHED, &pg,
		 &n)) != NG_OK) {
		buf_release(&b);
		return err;
	}
	for (i = 0; i < n; i++) {
		buf_puts(&b, "<url><loc>");
		feed_xml_cstr(&b, o);
		buf_putc(&b, '/');
		feed_xml_text(&b, pg[i].path);
		buf_puts(&b, "/</loc>");
		feed_date_3339(pg[i].updated_at, date, sizeof(date));
		buf_printf(&b, "<lastmod>%s</lastmod></url>\n", date);
	}
	buf_puts(&b, "</urlset>\n");
	return finish(r, rs, &b);
}

/* "articles-N" with N a decimal without leading zero; 0 if not. */
static size_t
part_number(struct str s)
{
	static const struct str prefix = STR_LIT("articles-");
	size_t			i, n = 0;

	if (!str_has_prefix(s, prefix) || s.n == prefix.n ||
	    s.n > prefix.n + 6 || s.p[prefix.n] == '0')
		return 0;
	for (i = prefix.n; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return 0;
		n = n * 10 + (size_t)(s.p[i] - '0');
	}
	return n;
}

static void
url_entry(struct buf *b, struct req *r, const char *o,
    const struct sitemap_entry *e, struct arena *scratch)
{
	struct str  img;
	char	    date[64];
	const char *path;

	path = site_article_path(r, scratch, e->id, e->slug, e->published_at,
	    PV_PAGE);
	buf_puts(b, "<url>");
	loc(b, o, path != NULL ? path : "/");
	feed_date_3339(e->updated_at > e->published_at ? e->updated_at :
							 e->published_at,
	    date, sizeof(date));
	buf_printf(b, "<lastmod>%s</lastmod>", date);
	if (e->image.n > 0) {
		/* As site_media_url(), written straight into b. */
		img = e->image;
		buf_puts(b, "<image:image><image:loc>");
		if (!(img.n > 7 && strncasecmp(img.p, "http://", 7) == 0) &&
		    !(img.n > 8 && strncasecmp(img.p, "https://", 8) == 0)) {
			while (img.n > 0 && img.p[0] == '/') {
				img.p++;
				img.n--;
			}
			feed_xml_cstr(b, o);
			buf_puts(b, "/media/");
		}
		feed_xml_text(b, img);
		buf_puts(b, "</image:loc></image:image>");
	}
	buf_puts(b, "</url>\n");
}

static enum ng_err
articles(struct req *r, struct resp *rs, const char *o, size_t part)
{
	struct sitemap_entry *v;
	struct arena	     *scratch;
	struct buf	      b;
	size_t		      total, off, end, i, n;
	enum ng_err	      err;

	if ((err = store_sitemap_count(r->app->store, 0, &total)) != NG_OK)
		return err;
	if (part > sitemap_nfiles(total, STORE_SITEMAP_MAX))
		return NG_ENOTFOUND;
	off = (part - 1) * STORE_SITEMAP_MAX;
	end = off + STORE_SITEMAP_MAX;
	buf_init(&b, NULL);
	buf_puts(&b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"" SITEMAP_NS "\" "
	    "xmlns:image=\"" SITEMAP_IMAGE_NS "\">\n");
	while (off < end) {
		scratch = arena_new(SITEMAP_ROWS_MEM);
		err = store_sitemap_entries(scratch, r->app->store, 0, off,
		    end - off < SITEMAP_CHUNK ? end - off : SITEMAP_CHUNK, &v,
		    &n);
		if (err == NG_OK)
			for (i = 0; i < n; i++)
				url_entry(&b, r, o, &v[i], scratch);
		arena_free(scratch);
		if (err != NG_OK) {
			buf_release(&b);
			return err;
		}
		if (n < SITEMAP_CHUNK)
			break;
		off += n;
	}
	buf_puts(&b, "</urlset>\n");
	return finish(r, rs, &b);
}

enum ng_err
site_sitemap_part(struct req *r, struct resp *rs)
{
	struct str  name = req_cap(r, 0);
	const char *o = site_origin(r);
	size_t	    part;

	if (o == NULL)
		return NG_ENOMEM;
	if (str_eqc(name, "pages"))
		return pages(r, rs, o);
	if ((part = part_number(name)) == 0)
		return NG_ENOTFOUND;
	return articles(r, rs, o, part);
}

enum ng_err
site_news_sitemap(struct req *r, struct resp *rs)
{
	struct sitemap_entry *v;
	struct buf	      b;
	struct str	      name, lang;
	const char	     *o = site_origin(r), *path;
	char		      date[64];
	size_t		      i, n;
	int64_t		      since = (int64_t)time(NULL) - NEWS_WINDOW;
	enum ng_err	      err;

	if (o == NULL)
		return NG_ENOMEM;
	err = store_setting_get(r->arena, r->app->store, "title", &name);
	if (err != NG_OK && err != NG_ENOTFOUND)
		return err;
	if (name.n == 0)
		name = STR_LIT("nutgraf");
	err = store_setting_get(r->arena, r->app->store, "language", &lang);
	if (err != NG_OK && err != NG_ENOTFOUND)
		return err;
	if (lang.n == 0)
		lang = STR_LIT("en");
	if ((err = store_sitemap_entries(r->arena, r->app->store, since, 0,
		 NEWS_MAX, &v, &n)) != NG_OK)
		return err;
	buf_init(&b, NULL);
	buf_puts(&b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"" SITEMAP_NS "\" "
	    "xmlns:news=\"" SITEMAP_NEWS_NS "\">\n");
	for (i = 0; i < n; i++) {
		path = site_article_path(r, r->arena, v[i].id, v[i].slug,
		    v[i].published_at, PV_PAGE);
		buf_puts(&b, "<url>");
		loc(&b, o, path != NULL ? path : "/");
		buf_puts(&b, "<news:news><news:publication><news:name>");
		feed_xml_text(&b, name);
		buf_puts(&b, "</news:name><news:language>");
		feed_xml_text(&b, lang);
		buf_puts(&b, "</news:language></news:publication>");
		feed_date_3339(v[i].published_at, date, sizeof(date));
		buf_printf(&b,
		    "<news:publication_date>%s"
		    "</news:publication_date><news:title>",
		    date);
		feed_xml_text(&b, v[i].title);
		buf_puts(&b, "</news:title></news:news></url>\n");
	}
	buf_puts(&b, "</urlset>\n");
	return finish(r, rs, &b);
}
