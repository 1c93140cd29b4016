/*
 * article.c -- an article page (/YYYY/MM/slug/) and its plain-text view
 * (/YYYY/MM/slug.txt).
 *
 * The slug alone identifies the article; the year and month in the path
 * only make the URL WordPress-shaped.  When they disagree with the
 * publication date (an edited date, a hand-typed link) the reader is sent
 * to the canonical URL with a 301 rather than shown a duplicate page.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "http/req.h"
#include "http/resp.h"
#include "render/tv.h"
#include "media/media.h"
#include "site/shortcodes.h"
#include "site/site.h"
#include "site/corrections.h"
#include "site/discovery.h"
#include "site/site_int.h"
#include "store/store.h"

/* Non-zero if cap is the decimal number want written with width digits. */
static int
cap_is(struct str cap, int want, int width)
{
	char	 tmp[16];
	int	 k;

	k = snprintf(tmp, sizeof(tmp), "%0*d", width, want);
	return k > 0 && str_eq(cap, (struct str){ tmp, (size_t)k });
}

/*
 * Look up the article of the request.  On NG_OK either *out is the
 * article, or *out is NULL and rs already holds a 301 to the canonical
 * path (with suffix).
 */
static enum ng_err
load(struct req *r, struct resp *rs, const char *suffix,
    struct article **out)
{
	struct article		*a;
	struct site_date	 d;
	struct str		 slug;
	enum ng_err		 err;
	char			*path;

	*out = NULL;
	slug = req_cap(r, 2);
	if (suffix != NULL && slug.n > strlen(suffix) &&
	    memcmp(slug.p + slug.n - strlen(suffix), suffix,
	    strlen(suffix)) == 0)
		slug.n -= strlen(suffix);	/* router kept the suffix */
	if (slug.n == 0)
		return NG_ENOTFOUND;
	if ((err = store_article_by_slug(r->arena, r->app->store, slug, &a))
	    != NG_OK)
		return err;
	if (!site_date_fmt(a->published_at, &d) ||
	    !cap_is(req_cap(r, 0), d.year, 4) ||
	    !cap_is(req_cap(r, 1), d.month, 2)) {
		path = site_article_path(r->arena, a->slug, a->published_at,
		    suffix);
		if (path == NULL)
			return NG_ENOMEM;
		resp_redirect(r, rs, 301, path);
		return NG_OK;
	}
	*out = a;
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
	struct arena		*ar = v->a;
	struct site_date	 pub, upd;
	struct tv		*m, *x, *tags;
	size_t			 i;

	m = view_card(ar, a);
	tv_set_cstr(ar, m, "txt_url", site_article_path(ar, a->slug,
	    a->published_at, ".txt"));
	tv_set_html(ar, m, "body", a->body_html);

	/* Show an update only when it falls on a later day. */
	if (site_date_fmt(a->published_at, &pub) &&
	    site_date_fmt(a->updated_at, &upd) &&
	    a->updated_at > a->published_at &&
	    strcmp(pub.human, upd.human) != 0) {
		tv_set_cstr(ar, m, "updated", arena_strdup(ar, upd.human));
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

	x = NULL;
	if (a->related.id != 0) {
		x = tv_map(ar);
		tv_set_str(ar, x, "title", a->related.title);
		tv_set_cstr(ar, x, "url", site_article_path(ar,
		    a->related.slug, a->related.published_at, NULL));
	}
	tv_set(ar, m, "related", x);

	tags = tv_list(ar);
	for (i = 0; i < a->ntags; i++) {
		x = tv_map(ar);
		tv_set_str(ar, x, "name", a->tags[i].name);
		tv_set_cstr(ar, x, "url", arena_printf(ar, "/tag/%.*s/",
		    (int)a->tags[i].slug.n, a->tags[i].slug.p));
		tv_set_bool(ar, x, "last", i + 1 == a->ntags);
		tv_push(ar, tags, x);
	}
	tv_set(ar, m, "tags", tags);
	tv_set_bool(ar, m, "has_tags", a->ntags > 0);
	return m;
}

enum ng_err
site_article(struct req *r, struct resp *rs)
{
	struct article	*a;
	enum ng_err	 err;

	if ((err = load(r, rs, NULL, &a)) != NG_OK || a == NULL)
		return err;
	return site_article_page(r, rs, a, NULL);
}

/* The page itself; comments.c also calls it to show a refused form. */
enum ng_err
site_article_page(struct req *r, struct resp *rs, struct article *a,
    const struct comment_form *form)
{
	struct view	 v;
	struct str	 desc;
	const char	*title;
	enum ng_err	 err;

	if ((err = view_init(&v, r, a->section.id, 0)) != NG_OK)
		return err;
	tv_set(v.a, v.root, "article", article_view(&v, a));
	if ((err = site_shortcodes_article(&v, a)) != NG_OK)	/* issue 5 */
		return err;
	if ((err = comments_view(&v, a, form)) != NG_OK)	/* issue 3 */
		return err;
	discovery_article(&v, a);	/* metadata, related (issue 6) */
	site_corrections(&v, a);	/* notes for readers (issue 4) */
	media_featured(v.a, r->app->store, v.root, "featured_image", a->id);
	title = arena_str(v.a, a->seo_title.n > 0 ? a->seo_title :
	    a->title).p;
	desc = a->seo_description.n > 0 ? a->seo_description : a->dek;
	view_head(&v, title, desc, site_article_path(v.a, a->slug,
	    a->published_at, NULL));
	return view_render(&v, rs, "article");
}

/*
 * The text view: what a reader (or a text-only tool) needs and nothing
 * else -- no navigation, no ads, no markup.
 */
enum ng_err
site_article_txt(struct req *r, struct resp *rs)
{
	struct article		*a;
	struct site_date	 d;
	struct buf		 b;
	const char		*url = NULL;
	size_t			 i;
	enum ng_err		 err;

	if ((err = load(r, rs, ".txt", &a)) != NG_OK || a == NULL)
		return err;
	if (a->related.id != 0 && (url = site_abs_url(r,
	    site_article_path(r->arena, a->related.slug,
	    a->related.published_at, NULL))) == NULL)
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
	if (a->author.id != 0) {
		buf_puts(&b, "By ");
		buf_putstr(&b, a->author.name);
		buf_puts(&b, "\n");
	}
	if (site_date_fmt(a->published_at, &d))
		buf_printf(&b, "%s\n", d.human);
	buf_puts(&b, "\n");
	buf_putstr(&b, a->body_text);
	if (b.n > 0 && b.p[b.n - 1] != '\n')
		buf_puts(&b, "\n");
	if (a->related.id != 0) {
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
	comments_txt(r, a, &b);	/* comments (issue 3) */
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
