/*
 * feed.c -- the feeds of the site and of each section, tag and author:
 * the model built from the store, the handlers, and what the three
 * writers share (XML text, dates).
 *
 * Every URL in a feed is absolute (RSS 2.0, RFC 4287 and JSON Feed all
 * expect it, and readers show items far from the site), so feeds use
 * site_origin() from reader/urls.c.  GUIDs are WordPress's "origin/?p=ID":
 * stable across edits of the title or slug, and the same an imported
 * WordPress site already published, so readers do not see old stories
 * again after a move.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "http/req.h"
#include "http/resp.h"
#include "media/media.h"
#include "reader/shortcodes.h"
#include "site/corrections.h"
#include "site/discovery.h"
#include "site/feed.h"
#include "site/site_int.h"
#include "store/store.h"

static const char *const wdays[7] = {
	"Sun",
	"Mon",
	"Tue",
	"Wed",
	"Thu",
	"Fri",
	"Sat",
};
static const char *const mons[12] = {
	"Jan",
	"Feb",
	"Mar",
	"Apr",
	"May",
	"Jun",
	"Jul",
	"Aug",
	"Sep",
	"Oct",
	"Nov",
	"Dec",
};

/* Seconds that site_date_fmt() and ISO 8601 can show: years 0..9999. */
static int
broken_down(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;

	if (t < 0 || t > 253402300799LL || gmtime_r(&tt, tm) == NULL) {
		tt = 0;
		gmtime_r(&tt, tm);
		return 0;
	}
	return 1;
}

int
feed_date_822(int64_t t, char *buf, size_t sz)
{
	struct tm tm;
	int	  ok;

	ok = broken_down(t, &tm);
	snprintf(buf, sz, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    wdays[tm.tm_wday % 7], tm.tm_mday, mons[tm.tm_mon % 12],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return ok;
}

int
feed_date_3339(int64_t t, char *buf, size_t sz)
{
	struct tm tm;
	int	  ok;

	ok = broken_down(t, &tm);
	snprintf(buf, sz, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return ok;
}

void
feed_xml_text(struct buf *b, struct str s)
{
	const unsigned char *p = (const unsigned char *)s.p;
	size_t		     i, run = 0;

	/* Copy runs of plain bytes whole; stop at what needs care. */
	for (i = 0; i < s.n; i++) {
		const char *rep = NULL;
		size_t	    skip = 0;

		switch (p[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&apos;";
			break;
		case 0xef:
			/* U+FFFE, U+FFFF: not XML characters. */
			if (i + 2 < s.n && p[i + 1] == 0xbf &&
			    (p[i + 2] == 0xbe || p[i + 2] == 0xbf))
				skip = 3;
			break;
		default:
			if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' &&
			    p[i] != '\r')
				skip = 1;
			break;
		}
		if (rep == NULL && skip == 0)
			continue;
		buf_put(b, s.p + run, i - run);
		if (rep != NULL)
			buf_puts(b, rep);
		else
			i += skip - 1;
		run = i + 1;
	}
	buf_put(b, s.p + run, s.n - run);
}

void
feed_xml_cstr(struct buf *b, const char *s)
{
	feed_xml_text(b, str_c(s));
}

void
feed_html_text(struct buf *b, struct str s)
{
	size_t	    i, run = 0;
	const char *rep;

	/* The HTML escape of each special byte, XML-escaped in turn; the
	 * rest (controls included) goes through feed_xml_text(). */
	for (i = 0; i < s.n; i++) {
		switch (s.p[i]) {
		case '&':
			rep = "&amp;amp;";
			break;
		case '<':
			rep = "&amp;lt;";
			break;
		case '>':
			rep = "&amp;gt;";
			break;
		case '"':
			rep = "&amp;quot;";
			break;
		case '\'':
			rep = "&amp;#39;";
			break;
		default:
			continue;
		}
		feed_xml_text(b, (struct str){ s.p + run, i - run });
		buf_puts(b, rep);
		run = i + 1;
	}
	feed_xml_text(b, (struct str){ s.p + run, s.n - run });
}

/*
 * Root-relative URLs ("/media/...", "/tag/x/") in the href, src and
 * srcset attributes of html, made absolute with origin: a reader shows
 * an item far from the site, where "/" is not ours.  html is our own
 * renderer's output, so a '"' right after '=' only ever opens an
 * attribute value (text has its quotes escaped).
 */
static struct safe_html
abs_urls(struct arena *a, struct safe_html html, const char *origin)
{
	struct buf b;
	struct str s = html.s, out;
	size_t	   i, k, run = 0;
	int	   srcset;

	buf_init(&b, a);
	for (i = 1; i < s.n; i++) {
		if (s.p[i] != '"' || s.p[i - 1] != '=')
			continue;
		for (k = i - 1; k > 0 &&
		     ((s.p[k - 1] >= 'a' && s.p[k - 1] <= 'z') ||
			 s.p[k - 1] == '-');
		     k--)
			continue;
		srcset = i - 1 - k == 6 && memcmp(s.p + k, "srcset", 6) == 0;
		if (!srcset &&
		    !(i - 1 - k == 4 && memcmp(s.p + k, "href", 4) == 0) &&
		    !(i - 1 - k == 3 && memcmp(s.p + k, "src", 3) == 0))
			continue;
		/* Each URL of the value: its start, and after ", " in a
		 * srcset. */
		for (k = i + 1; k < s.n && s.p[k] != '"'; k++) {
			if (k > i + 1 &&
			    !(srcset &&
				(s.p[k - 1] == ',' ||
				    (s.p[k - 1] == ' ' && s.p[k - 2] == ','))))
				continue;
			if (s.p[k] != '/' || (k + 1 < s.n && s.p[k + 1] == '/'))
				continue;
			buf_put(&b, s.p + run, k - run);
			buf_puts(&b, origin);
			run = k;
		}
		i = k;
	}
	buf_put(&b, s.p + run, s.n - run);
	if (run == 0 || buf_finish(&b, &out) != NG_OK)
		return html;
	return safe_html_trust(out);
}

/* --- the model --- */

enum feed_kind {
	FEED_SITE,
	FEED_SECTION,
	FEED_TAG,
	FEED_AUTHOR,
	FEED_COMMENTS,
	FEED_ARTICLE, /* one article's comments */
	FEED__MAX
};

static const char *const kind_prefix[FEED__MAX] = {
	"/",	      /* FEED_SITE */
	"/category/", /* FEED_SECTION */
	"/tag/",      /* FEED_TAG */
	"/author/",   /* FEED_AUTHOR */
	"/comments/", /* FEED_COMMENTS */
	"",	      /* FEED_ARTICLE: its permalink, not a prefix */
};

static enum feed_kind
kind_of(const struct req *r)
{
	size_t k;

	if (str_has_prefix(r->path, str_c(kind_prefix[FEED_COMMENTS])))
		return FEED_COMMENTS;
	for (k = FEED_SECTION; k < FEED_COMMENTS; k++)
		if (r->ncaps >= 1 &&
		    str_has_prefix(r->path, str_c(kind_prefix[k])))
			return (enum feed_kind)k;
	return FEED_SITE;
}

/*
 * What the feed follows: fills the query, the page path and the name.
 * NG_ENOTFOUND for an unknown slug.
 */
static enum ng_err
subject(struct req *r, enum feed_kind k, struct article_query *q,
    const char **base, struct str *name, struct str *desc)
{
	struct section *sec;
	struct tag     *tag;
	struct author  *au;
	struct str	slug = req_cap(r, 0), s = STR_NULL;
	enum ng_err	err = NG_OK;

	*name = STR_NULL;
	*desc = STR_NULL;
	switch (k) {
	case FEED_SITE:
	case FEED_COMMENTS:
		*base = "/";
		return NG_OK;
	case FEED_SECTION:
		if ((err = store_section_by_slug(r->arena, r->app->store, slug,
			 &sec)) != NG_OK)
			return err;
		q->section_id = sec->id;
		s = sec->slug;
		*name = sec->name;
		*desc = sec->description;
		break;
	case FEED_TAG:
		if ((err = store_tag_by_slug(r->arena, r->app->store, slug,
			 &tag)) != NG_OK)
			return err;
		q->tag_id = tag->id;
		s = tag->slug;
		*name = tag->name;
		break;
	case FEED_AUTHOR:
		if ((err = store_author_by_slug(r->arena, r->app->store, slug,
			 &au)) != NG_OK)
			return err;
		q->author_id = au->id;
		s = au->slug;
		*name = au->name;
		*desc = au->bio;
		break;
	default:
		return NG_EINVAL;
	}
	*base = arena_printf(r->arena, "%s%.*s/", kind_prefix[k], (int)s.n,
	    s.p);
	return *base == NULL ? NG_ENOMEM : NG_OK;
}

/* The banner while it is on (nothing when off); store errors are errors. */
static enum ng_err
feed_banner(struct req *r, struct feed_banner *out)
{
	struct breaking_news b;
	enum ng_err	     err;

	memset(out, 0, sizeof(*out));
	err = store_breaking_get(r->arena, r->app->store, (int64_t)time(NULL),
	    &b);
	if (err == NG_ENOTFOUND)
		return NG_OK;
	if (err != NG_OK)
		return err;
	out->text = b.text;
	if (b.url.n > 0)
		out->url = b.url.p[0] == '/' ?
		    site_abs(r, arena_strndup(r->arena, b.url.p, b.url.n)) :
		    arena_strndup(r->arena, b.url.p, b.url.n);
	out->level = store_breaking_level_name(b.level);
	out->expires = b.expires_at;
	return NG_OK;
}

/* A setting, or fallback when unset; store errors are errors. */
static enum ng_err
setting(struct req *r, const char *key, const char *fallback, struct str *out)
{
	enum ng_err err;

	err = store_setting_get(r->arena, r->app->store, key, out);
	if (err == NG_OK && out->n > 0)
		return NG_OK;
	*out = str_c(fallback);
	return err == NG_OK || err == NG_ENOTFOUND ? NG_OK : err;
}

/*
 * The article's corrections and update notes after its body (a full
 * feed) or its summary, as the page shows them under the story: a
 * reader who saw the first version in a feed reader sees the fix.
 */
static enum ng_err
feed_corrections(struct req *r, const struct article *a, int full,
    struct feed_item *it)
{
	struct correction *c = NULL;
	struct site_date   d;
	struct buf	   h, t;
	struct str	   s;
	size_t		   i, n = 0;
	enum ng_err	   err;

	if ((err = store_correction_list(r->arena, r->app->store, a->id, &c,
		 &n)) != NG_OK)
		return err;
	if (n == 0)
		return NG_OK;
	buf_init(&h, r->arena);
	buf_init(&t, r->arena);
	buf_putstr(&h, it->content.s);
	buf_putstr(&t, it->summary);
	for (i = 0; i < n; i++) {
		const char *kind = site_correction_kind(&c[i]);
		int	    dated = site_date_fmt(r, c[i].created_at, &d);

		buf_printf(&h, "\n<p class=\"correction\"><strong>%s</strong>",
		    kind);
		buf_printf(&t, "%s%s", t.n > 0 ? "\n\n" : "", kind);
		if (dated) {
			buf_printf(&h, " (%s)", d.human);
			buf_printf(&t, " (%s)", d.human);
		}
		buf_puts(&h, ": ");
		buf_put_html(&h, c[i].body.p, c[i].body.n);
		buf_puts(&h, "</p>");
		buf_puts(&t, ": ");
		buf_putstr(&t, c[i].body);
	}
	if (full) {
		if ((err = buf_finish(&h, &s)) != NG_OK)
			return err;
		/* The body was safe; the notes went through buf_put_html(). */
		it->content = safe_html_trust(s);
	} else if ((err = buf_finish(&t, &it->summary)) != NG_OK)
		return err;
	return NG_OK;
}

static enum ng_err
fill_item(struct req *r, const struct article *a, int full,
    struct feed_item *it)
{
	struct arena *ar = r->arena;
	struct str    path, mime;
	size_t	      i, nc = 0;
	enum ng_err   err;

	memset(it, 0, sizeof(*it));
	it->id = arena_printf(ar, "%s/?p=%lld", site_origin(r),
	    (long long)a->id);
	it->url = site_abs(r,
	    site_article_path(r, ar, a->id, a->slug, a->published_at, PV_PAGE));
	it->title = a->title;
	it->summary = a->seo_description.n > 0 ? a->seo_description : a->dek;
	/* Shortcodes in their feed forms, no ads. */
	if (full &&
	    (err = site_shortcodes_html(r, a, SITE_SC_FEED, &it->content)) !=
		NG_OK)
		return err;
	if (full)
		it->content = abs_urls(ar, it->content, site_origin(r));
	if ((err = feed_corrections(r, a, full, it)) != NG_OK)
		return err;
	it->published = a->published_at;
	it->updated = a->updated_at > a->published_at ? a->updated_at :
							a->published_at;
	if (a->author.id != 0) {
		it->author = a->author.name;
		it->author_url = site_abs(r,
		    arena_printf(ar, "/author/%.*s/", (int)a->author.slug.n,
			a->author.slug.p));
	}
	if (a->author.id != 0 && a->nauthors > 1) {
		struct str  *more;
		const char **urls;
		size_t	     k, n = a->nauthors - 1;

		more = arena_calloc(ar, n, sizeof(*more));
		urls = arena_calloc(ar, n, sizeof(*urls));
		if (more == NULL || urls == NULL)
			return NG_ENOMEM;
		for (k = 0; k < n; k++) {
			more[k] = a->authors[k + 1].name;
			urls[k] = site_abs(r,
			    arena_printf(ar, "/author/%.*s/",
				(int)a->authors[k + 1].slug.n,
				a->authors[k + 1].slug.p));
		}
		it->more = more;
		it->more_urls = urls;
		it->nmore = n;
	}
	it->categories = arena_calloc(ar, a->ntags + 1,
	    sizeof(*it->categories));
	if (it->categories != NULL) {
		if (a->section.id != 0)
			it->categories[nc++] = a->section.name;
		for (i = 0; i < a->ntags; i++)
			it->categories[nc++] = a->tags[i].name;
		it->ncategories = nc;
	}
	err = store_article_image(ar, r->app->store, a->id, &path, &mime);
	if (err == NG_OK) {
		it->image_url = site_media_url(r, path);
		/* The file's own type: a PNG upload's variants are JPEG. */
		it->image_type = media_variant_type(path);
		if (it->image_type == NULL)
			it->image_type = arena_strndup(ar, mime.p, mime.n);
		it->image_length = media_file_size(r->app->store,
		    r->app->cfg->data_dir, path);
	} else if (err != NG_ENOTFOUND)
		return err;
	return it->id == NULL || it->url == NULL ? NG_ENOMEM : NG_OK;
}

void
feed_media_content(struct buf *b, const struct feed_item *it)
{
	buf_puts(b, "<media:content url=\"");
	feed_xml_cstr(b, it->image_url);
	buf_puts(b, "\" type=\"");
	feed_xml_cstr(b, it->image_type);
	buf_printf(b, "\" medium=\"%s\"",
	    strncmp(it->image_type, "image/", 6) == 0	  ? "image" :
		strncmp(it->image_type, "audio/", 6) == 0 ? "audio" :
							    "video");
	if (it->image_length > 0)
		buf_printf(b, " fileSize=\"%lld\"",
		    (long long)it->image_length);
	buf_puts(b, "/>\n");
}

/* One comment of article a as the next item of f. */
static enum ng_err
comment_item(struct req *r, struct feed *f, const struct article *a,
    const struct comment *c)
{
	struct feed_item *it;
	const char	 *path;

	it = &f->items[f->nitems++];
	path = site_art_path(r, a, PV_PAGE);
	/* WordPress's comment GUIDs, stable like the articles'. */
	it->id = arena_printf(r->arena, "%s/?p=%lld#comment-%lld",
	    site_origin(r), (long long)a->id, (long long)c->id);
	it->url = arena_printf(r->arena, "%s%s#comment-%lld", site_origin(r),
	    path != NULL ? path : "/", (long long)c->id);
	it->title = str_c(arena_printf(r->arena, "Comment on %.*s by %.*s",
	    (int)a->title.n, a->title.p, (int)c->author.n, c->author.p));
	it->summary = c->body;
	it->published = it->updated = c->created_at;
	it->author = c->author;
	if (it->updated > f->updated)
		f->updated = it->updated;
	if (it->id == NULL || it->url == NULL || it->title.p == NULL)
		return NG_ENOMEM;
	return NG_OK;
}

/*
 * The newest approved comments of the site (/comments/feed/), or of
 * article only (its /feed/).  Only the author's name, the text and the
 * time are used -- never the e-mail or address the moderation list
 * also holds -- and only comments on articles that are published now,
 * so a feed cannot name a draft.
 */
static enum ng_err
comment_items(struct req *r, struct feed *f, const struct article *only)
{
	struct comment_list l;
	struct comment	   *thread;
	struct article	   *a;
	size_t		    i, n;
	enum ng_err	    err;

	if (only != NULL) {
		/* Oldest first: the feed takes the newest FEED_ITEMS. */
		if ((err = store_comment_thread(r->arena, r->app->store,
			 only->id, &thread, &n)) != NG_OK)
			return err;
		if ((f->items = arena_calloc(r->arena, FEED_ITEMS + 1,
			 sizeof(*f->items))) == NULL)
			return NG_ENOMEM;
		for (i = n; i > 0 && f->nitems < FEED_ITEMS; i--)
			if ((err = comment_item(r, f, only, &thread[i - 1])) !=
			    NG_OK)
				return err;
		return NG_OK;
	}
	if ((err = store_comment_list(r->arena, r->app->store, COMMENT_APPROVED,
		 0, FEED_ITEMS, &l)) != NG_OK)
		return err;
	if ((f->items = arena_calloc(r->arena, l.n + 1, sizeof(*f->items))) ==
	    NULL)
		return NG_ENOMEM;
	for (i = 0; i < l.n; i++) {
		err = store_article_by_slug(r->arena, r->app->store,
		    l.v[i].article_slug, &a);
		if (err == NG_ENOTFOUND ||
		    (err == NG_OK && a->id != l.v[i].article_id))
			continue;
		if (err != NG_OK)
			return err;
		if ((err = comment_item(r, f, a, &l.v[i])) != NG_OK)
			return err;
	}
	return NG_OK;
}

/*
 * The feed of kind k in format fmt; for FEED_ARTICLE, the comments of
 * article art.
 */
static enum ng_err
serve(struct req *r, struct resp *rs, const struct feed_format *fmt,
    enum feed_kind k, const struct article *art)
{
	struct article_query q;
	struct article_list  l;
	struct feed	     f;
	struct buf	     b;
	struct str	     site, tagline, mode, lang, name, desc;
	const char	    *base;
	enum ng_err	     err;
	size_t		     i;
	int		     full;

	memset(&q, 0, sizeof(q));
	memset(&f, 0, sizeof(f));
	name = desc = STR_NULL;
	if (k == FEED_ARTICLE)
		base = site_art_path(r, art, PV_PAGE);
	else if ((err = subject(r, k, &q, &base, &name, &desc)) != NG_OK)
		return err;
	if ((err = setting(r, "title", "nutgraf", &site)) != NG_OK ||
	    (err = setting(r, "tagline", "", &tagline)) != NG_OK ||
	    (err = setting(r, "feed_content", "full", &mode)) != NG_OK ||
	    (err = setting(r, "language", "en", &lang)) != NG_OK)
		return err;
	/* "summary" keeps bodies on the site; anything else is full. */
	full = !str_eqc(mode, "summary");
	q.limit = FEED_ITEMS;
	q.no_total = 1; /* a feed has no pages */
	memset(&l, 0, sizeof(l));
	if (k != FEED_COMMENTS && k != FEED_ARTICLE &&
	    (err = store_article_list(r->arena, r->app->store, &q, &l)) !=
		NG_OK)
		return err;
	/* As its archive: a tag no story out carries is not public yet. */
	if (k == FEED_TAG && l.n == 0)
		return NG_ENOTFOUND;

	if (k == FEED_COMMENTS) {
		f.title = str_c(arena_printf(r->arena, "Comments on %.*s",
		    (int)site.n, site.p));
		f.description = f.title;
	} else if (k == FEED_ARTICLE) {
		/* WordPress's title, so readers that follow one see the same. */
		f.title = str_c(arena_printf(r->arena, "Comments on: %.*s",
		    (int)art->title.n, art->title.p));
		f.description = art->dek.n > 0 ? art->dek : f.title;
	} else if (k == FEED_SITE) {
		f.title = site;
		f.description = tagline.n > 0 ? tagline : site;
	} else {
		f.title = str_c(arena_printf(r->arena, "%.*s: %.*s",
		    (int)site.n, site.p, (int)name.n, name.p));
		f.description = desc.n > 0 ? desc : f.title;
	}
	if (k != FEED_COMMENTS && k != FEED_ARTICLE &&
	    (err = feed_banner(r, &f.banner)) != NG_OK)
		return err;
	f.home_url = site_abs(r, base);
	f.self_url = site_abs(r, r->path.p);
	f.language = arena_strndup(r->arena, lang.p, lang.n);
	if (k == FEED_COMMENTS || k == FEED_ARTICLE) {
		if ((err = comment_items(r, &f, art)) != NG_OK)
			return err;
	} else if ((f.items = arena_calloc(r->arena, l.n + 1,
			sizeof(*f.items))) == NULL)
		return NG_ENOMEM;
	for (i = 0; i < l.n; i++) {
		if ((err = fill_item(r, &l.v[i], full, &f.items[i])) != NG_OK)
			return err;
		if (f.items[i].updated > f.updated)
			f.updated = f.items[i].updated;
	}
	if (k != FEED_COMMENTS && k != FEED_ARTICLE)
		f.nitems = l.n;
	if (arena_failed(r->arena) || base == NULL || f.home_url == NULL ||
	    f.self_url == NULL)
		return NG_ENOMEM;

	buf_init(&b, r->arena);
	fmt->write(&f, &b);
	if ((err = buf_finish(&b, &rs->body)) != NG_OK)
		return err;
	rs->status = 200;
	rs->content_type = fmt->content_type;
	rs->cache_control = SITE_CACHE_PAGE;
	rs->compress = 1;
	return NG_OK;
}

enum ng_err
site_feed_rss(struct req *r, struct resp *rs)
{
	return serve(r, rs, &feed_rss_format, kind_of(r), NULL);
}

enum ng_err
site_feed_atom(struct req *r, struct resp *rs)
{
	return serve(r, rs, &feed_atom_format, kind_of(r), NULL);
}

enum ng_err
site_feed_json(struct req *r, struct resp *rs)
{
	return serve(r, rs, &feed_json_format, kind_of(r), NULL);
}

enum ng_err
site_feed_article(struct req *r, struct resp *rs, const struct article *a,
    enum permalink_view view)
{
	const struct feed_format *fmt;

	switch (view) {
	case PV_FEED:
		fmt = &feed_rss_format;
		break;
	case PV_FEED_ATOM:
		fmt = &feed_atom_format;
		break;
	case PV_FEED_JSON:
		fmt = &feed_json_format;
		break;
	default:
		return NG_ENOTFOUND;
	}
	return serve(r, rs, fmt, FEED_ARTICLE, a);
}
