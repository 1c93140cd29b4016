/*
 * article.c -- every URL of an article: the page (/YYYY/MM/slug/ in the
 * default permalink pattern), its plain-text view (/YYYY/MM/slug.txt),
 * its comment form's target and its comment feeds.
 *
 * The shape is the site's permalink setting (content/permalink.h), so
 * these are the router's fallback rather than routes.  The slug (or
 * %post_id%) identifies the article; the date parts only make the URL
 * WordPress-shaped.  Any other spelling that finds the article -- an
 * older pattern, a date that disagrees with the publication date --
 * gets a 301 to the one URL, rather than a duplicate page.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "content/article.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "http/req.h"
#include "http/resp.h"
#include "media/media.h"
#include "reader/shortcodes.h"
#include "render/tv.h"
#include "site/corrections.h"
#include "site/discovery.h"
#include "site/site.h"
#include "site/site_int.h"
#include "store/store.h"

/*
 * Shapes tried when a path does not fit the site's pattern: WordPress's
 * presets, so that links made before the pattern last changed (or by
 * the WordPress site this one replaced) still find their article.
 */
static const char *const older_patterns[] = {
	PERMALINK_DEFAULT,
	"/%year%/%monthnum%/%day%/%postname%/",
	"/%postname%/",
	"/archives/%post_id%/",
};

/*
 * Find the article of the request's path and the view it asks for.  On
 * NG_OK either *out is the article, or *out is NULL and rs holds a 301
 * to the article's URL in the site's pattern: for an older shape, a
 * date that disagrees with the publication date (an edited date, a
 * hand-typed link), a changed slug under %post_id%, or a missing slash.
 */
static enum ng_err
resolve(struct req *r, struct resp *rs, struct article **out,
    enum permalink_view *view)
{
	struct permalink     older;
	struct permalink_hit hit;
	struct article	    *a;
	const char	    *path;
	size_t		     i;
	int		     exact;
	enum ng_err	     err;

	*out = NULL;
	exact = permalink_match(site_permalink(r), r->path, &hit) == NG_OK;
	for (i = 0;
	     !exact && i < sizeof(older_patterns) / sizeof(older_patterns[0]);
	     i++) {
		if (permalink_parse(str_c(older_patterns[i]), &older, NULL) !=
		    NG_OK)
			return NG_EINVAL; /* tested: never */
		if (permalink_match(&older, r->path, &hit) == NG_OK)
			break;
	}
	if (!exact && i == sizeof(older_patterns) / sizeof(older_patterns[0]) &&
	    permalink_guess(r->path, &hit) != NG_OK)
		return NG_ENOTFOUND;
	if ((err = site_article_hit(r, &hit, &a)) != NG_OK)
		return err;
	*view = hit.view == PV_NOSLASH ? PV_PAGE : hit.view;
	/* A comment form posts where the page said: take it as it came. */
	if (*view == PV_COMMENT ||
	    (exact && hit.view != PV_NOSLASH && !hit.slashless &&
		permalink_date_agrees(&hit, a->published_at) &&
		(hit.slug.n == 0 || str_eq(hit.slug, a->slug)))) {
		*out = a;
		return NG_OK;
	}
	if ((path = site_art_path(r, a, *view)) == NULL)
		return NG_ENOMEM;
	resp_redirect(r, rs, 301, path);
	return NG_OK;
}

/* 405 for a method the view does not take, with the Allow it does. */
static enum ng_err
wrong_method(struct req *r, struct resp *rs, const char *allow)
{
	site_error(r, rs, 405, NULL);
	resp_header_add(r, rs, "Allow", allow);
	return NG_OK;
}

/* Only http(s) sources become links: a stored URL is not trusted. */
static int
linkable(struct str url)
{
	return (url.n > 7 && strncasecmp(url.p, "http://", 7) == 0) ||
	    (url.n > 8 && strncasecmp(url.p, "https://", 8) == 0);
}

static struct tv *
article_view(struct view *v, const struct article *a)
{
	struct arena	*ar = v->a;
	struct site_date pub, upd;
	struct tv	*m, *x, *tags;
	size_t		 i;

	m = view_card(v, a);
	tv_set_cstr(ar, m, "txt_url",
	    site_article_path(v->r, ar, a->id, a->slug, a->published_at,
		PV_TXT));
	tv_set_html(ar, m, "body", a->body_html);

	/* Show an update only when it falls on a later day. */
	if (site_date_fmt(v->r, a->published_at, &pub) &&
	    site_date_fmt(v->r, a->updated_at, &upd) &&
	    a->updated_at > a->published_at &&
	    strcmp(pub.human, upd.human) != 0) {
		tv_set_cstr(ar, m, "updated", arena_strdup(ar, upd.human));
		tv_set_cstr(ar, m, "updated_time", arena_strdup(ar, upd.time));
		tv_set_cstr(ar, m, "updated_iso", arena_strdup(ar, upd.iso));
	}

	x = NULL;
	if (a->source_name.n > 0) {
		x = tv_map(ar);
		tv_set_str(ar, x, "name", a->source_name);
		if (linkable(a->source_url))
			tv_set_str(ar, x, "link", a->source_url);
	}
	tv_set(ar, m, "source", x);

	/* Not twice: the body's own box may name the same story. */
	x = NULL;
	if (a->related.id != 0 && !site_shortcodes_relates(a, a->related.id)) {
		x = tv_map(ar);
		tv_set_str(ar, x, "title", a->related.title);
		tv_set_cstr(ar, x, "url",
		    site_article_path(v->r, ar, a->related.id, a->related.slug,
			a->related.published_at, PV_PAGE));
	}
	tv_set(ar, m, "related", x);

	tags = tv_list(ar);
	for (i = 0; i < a->ntags; i++) {
		x = tv_map(ar);
		tv_set_str(ar, x, "name", a->tags[i].name);
		tv_set_cstr(ar, x, "url",
		    arena_printf(ar, "/tag/%.*s/", (int)a->tags[i].slug.n,
			a->tags[i].slug.p));
		tv_set_bool(ar, x, "last", i + 1 == a->ntags);
		tv_push(ar, tags, x);
	}
	tv_set(ar, m, "tags", tags);
	tv_set_bool(ar, m, "has_tags", a->ntags > 0);
	return m;
}

static enum ng_err article_txt(struct req *, struct resp *,
    const struct article *);
static enum ng_err article_embed(struct req *, struct resp *,
    const struct article *);

/* The card's policy: its own styles and images, framed by anyone. */
#define EMBED_CSP                                                \
	"default-src 'none'; style-src 'self' 'unsafe-inline'; " \
	"img-src 'self' data: https: http:; base-uri 'none'; "   \
	"form-action 'none'; frame-ancestors *"

/*
 * Every URL in the permalink pattern (the router's fallback): the page,
 * its text view, its comment form's target and its comment feeds.
 */
enum ng_err
site_article(struct req *r, struct resp *rs)
{
	struct article	   *a;
	enum permalink_view view;
	enum ng_err	    err;
	int		    post = r->method == HTTP_POST;

	if ((err = resolve(r, rs, &a, &view)) != NG_OK || a == NULL)
		return err;
	if (view == PV_COMMENT)
		return post ? site_comment_post_article(r, rs, a) :
			      site_comment_form_page(r, rs, a);
	if (post)
		return wrong_method(r, rs, "GET, HEAD");
	switch (view) {
	case PV_TXT:
		return article_txt(r, rs, a);
	case PV_FEED:
	case PV_FEED_ATOM:
	case PV_FEED_JSON:
		return site_feed_article(r, rs, a, view);
	case PV_EMBED:
		return article_embed(r, rs, a);
	default:
		if ((err = site_article_page(r, rs, a, NULL)) != NG_OK)
			return err;
		/* A read for "Most read" (counted by the server, hit or not). */
		rs->count_id = a->id;
		return NG_OK;
	}
}

/*
 * The page of a; preview, when not NULL, is the bar of an unpublished
 * article's preview ("preview" in the view: its note, when the link
 * that opened it stops working).
 */
static enum ng_err
article_page(struct req *r, struct resp *rs, struct article *a,
    const struct comment_form *form, struct tv *preview)
{
	struct view v;
	struct str  desc;
	const char *title;
	enum ng_err err;

	if ((err = view_init(&v, r, a->section.id, 0)) != NG_OK)
		return err;
	tv_set(v.a, v.root, "article", article_view(&v, a));
	if ((err = site_shortcodes_article(&v, a)) != NG_OK)
		return err;
	if ((err = comments_view(&v, a, form)) != NG_OK)
		return err;
	/* Before the metadata: live coverage makes it a LiveBlogPosting. */
	if ((err = site_live_article(&v, a)) != NG_OK)
		return err;
	discovery_article(&v, a); /* metadata, related */
	site_corrections(&v, a);  /* notes for readers */
	if ((err = view_most_read(&v, a->id)) != NG_OK)
		return err;
	media_featured(v.a, r->app->store, v.root, "featured_image", a->id);
	title = arena_str(v.a, a->seo_title.n > 0 ? a->seo_title : a->title).p;
	desc = a->seo_description.n > 0 ? a->seo_description : a->dek;
	view_head(&v, title, desc,
	    site_article_path(r, v.a, a->id, a->slug, a->published_at,
		PV_PAGE));
	/* Already absolute (article_check()), so not through view_head(). */
	if (a->canonical_url.n > 0)
		tv_set_str(v.a, v.root, "canonical", a->canonical_url);
	tv_set(v.a, v.root, "preview", preview);
	if ((err = view_render(&v, rs, "article")) != NG_OK)
		return err;
	site_live_response(&v, rs);
	return NG_OK;
}

/* The page itself; comments.c also calls it to show a refused form. */
enum ng_err
site_article_page(struct req *r, struct resp *rs, struct article *a,
    const struct comment_form *form)
{
	return article_page(r, rs, a, form, NULL);
}

enum ng_err
site_article_preview(struct req *r, struct resp *rs, int64_t id,
    int64_t expires_at)
{
	struct site_date d;
	struct article	*a;
	struct tv	*bar;
	const char	*path;
	int64_t		 now = (int64_t)time(NULL);
	enum ng_err	 err;

	if ((err = store_article_by_id(r->arena, r->app->store, id, &a)) !=
		NG_OK &&
	    err != NG_ENOTFOUND)
		return err;
	if (err == NG_ENOTFOUND || a->status == ARTICLE_TRASHED) {
		site_error(r, rs, 404, "This article is not there any more.");
		rs->cache_control = SITE_CACHE_NONE;
		return NG_OK;
	}
	if (a->status == ARTICLE_PUBLISHED && a->published_at <= now) {
		if ((path = site_art_path(r, a, PV_PAGE)) == NULL)
			return NG_ENOMEM;
		resp_redirect(r, rs, 303, path);
		rs->cache_control = SITE_CACHE_NONE;
		return NG_OK;
	}
	/* A draft has no date yet: readers will see the day it goes out. */
	if (a->published_at <= 0)
		a->published_at = now;
	bar = tv_map(r->arena);
	if (expires_at > 0 && site_date_fmt(r, expires_at, &d))
		tv_set_cstr(r->arena, bar, "until",
		    arena_printf(r->arena, "%s, %s", d.human, d.time));
	if ((err = article_page(r, rs, a, NULL, bar)) != NG_OK)
		return err;
	/* Never kept by us, a proxy or a browser, nor indexed. */
	rs->cache_control = SITE_CACHE_NONE;
	resp_header_add(r, rs, "X-Robots-Tag", "noindex, nofollow");
	return NG_OK;
}

/*
 * The text view: what a reader (or a text-only tool) needs and nothing
 * else -- no navigation, no ads, no markup.
 */
static enum ng_err
article_txt(struct req *r, struct resp *rs, const struct article *a)
{
	struct site_date d;
	struct buf	 b;
	const char	*url = NULL;
	size_t		 i, n;
	enum ng_err	 err;

	if (a->related.id != 0 &&
	    (url = site_abs(r,
		 site_article_path(r, r->arena, a->related.id, a->related.slug,
		     a->related.published_at, PV_PAGE))) == NULL)
		return NG_ENOMEM;
	buf_init(&b, r->arena);
	buf_putstr(&b, a->title);
	buf_puts(&b, "\n\n");
	if (a->dek.n > 0) {
		buf_putstr(&b, a->dek);
		buf_puts(&b, "\n\n");
	}
	if (a->source_name.n > 0) {
		buf_puts(&b, "Source: ");
		buf_putstr(&b, a->source_name);
		if (linkable(a->source_url)) {
			buf_puts(&b, " <");
			buf_putstr(&b, a->source_url);
			buf_puts(&b, ">");
		}
		buf_puts(&b, "\n");
	}
	if (a->nauthors > 0) {
		buf_puts(&b, "By ");
		for (i = 0; i < a->nauthors; i++) {
			buf_puts(&b, article_byline_sep(i, a->nauthors));
			buf_putstr(&b, a->authors[i].name);
		}
		buf_puts(&b, "\n");
	} else if (a->author.id != 0) {
		buf_puts(&b, "By ");
		buf_putstr(&b, a->author.name);
		buf_puts(&b, "\n");
	}
	if (site_date_fmt(r, a->published_at, &d))
		buf_printf(&b, "%s, %s\n", d.human, d.time);
	buf_puts(&b, "\n");
	buf_putstr(&b, a->body_text);
	if (b.n > 0 && b.p[b.n - 1] != '\n')
		buf_puts(&b, "\n");
	n = b.n;
	buf_puts(&b, "\n");
	if ((err = site_shortcodes_related_text(r, a, &b)) != NG_OK)
		return err;
	if (b.n == n + 1)
		b.n = n; /* no box out: no blank line either */
	if (a->related.id != 0 && !site_shortcodes_relates(a, a->related.id)) {
		buf_puts(&b, "\nAlso read: ");
		buf_putstr(&b, a->related.title);
		buf_puts(&b, " ");
		buf_puts(&b, url);
		buf_puts(&b, "\n");
	}
	if (a->ntags > 0) {
		buf_puts(&b, "\nTags: ");
		for (i = 0; i < a->ntags; i++) {
			if (i > 0)
				buf_puts(&b, ", ");
			buf_putstr(&b, a->tags[i].name);
		}
		buf_puts(&b, "\n");
	}
	site_live_text(r, a, &b);
	site_corrections_text(r, a, &b);
	comments_txt(r, a, &b); /* comments */
	if (arena_failed(r->arena))
		return NG_ENOMEM;
	if ((err = buf_finish(&b, &rs->body)) != NG_OK)
		return err;
	rs->status = 200;
	rs->content_type = SITE_TEXT;
	rs->cache_control = SITE_CACHE_PAGE;
	rs->compress = 1;
	return NG_OK;
}

/*
 * The oEmbed card: what another site shows in its sandboxed
 * iframe -- headline, dek, image and the site's name, linking to the
 * article.  No script, no ads; any site may frame it.
 */
static enum ng_err
article_embed(struct req *r, struct resp *rs, const struct article *a)
{
	struct view v;
	struct tv  *m;
	enum ng_err err;

	if ((err = view_init(&v, r, a->section.id, 0)) != NG_OK)
		return err;
	m = view_card(&v, a);
	tv_set_cstr(v.a, m, "abs_url",
	    site_abs(r, site_art_path(r, a, PV_PAGE)));
	tv_set(v.a, v.root, "article", m);
	media_featured(v.a, r->app->store, v.root, "featured_image", a->id);
	if ((err = view_render_bare(&v, rs, "embed")) != NG_OK)
		return err;
	resp_header_add(r, rs, "Content-Security-Policy", EMBED_CSP);
	/* No value forbids framing; browsers ignore this one (CSP rules). */
	resp_header_add(r, rs, "X-Frame-Options", "ALLOWALL");
	return NG_OK;
}
