/*
 * wpcompat.c -- WordPress's addresses, for every site: links
 * and bookmarks made to a WordPress site keep working after it moves
 * here, and habits (/wp-admin/) lead somewhere useful.
 *
 *   /?p=ID, /?page_id=ID, /?attachment_id=ID	301 to the article, page
 *						or media file
 *   /?cat=ID, /?author=ID, /?tag=SLUG		301 to the section, author
 *						or tag page (a plain-
 *						permalink site's archives)
 *   /?feed=rss2 (or atom, ...)			301 to the feed
 *   /?s=WORDS					the search page
 *   /wp-admin/..., /wp-login.php		302 to the newsroom
 *   /wp-content/uploads/...			301 to the media library's
 *						file, when the importer
 *						recorded it; else 404
 *
 * IDs: a WordPress ID recorded by an import (the wp_id columns) wins,
 * since old links carry those; otherwise the number is taken as this
 * site's own id, so /?p=ID works on a site that never imported.  ?p=
 * also finds pages, as in WordPress, after articles.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "http/req.h"
#include "http/resp.h"
#include "site/discovery.h"
#include "site/site.h"
#include "site/site_int.h"
#include "store/store.h"

/* A positive decimal id without leading zero, or 0. */
static int64_t
parse_id(struct str s)
{
	int64_t id = 0;
	size_t	i;

	if (s.n == 0 || s.n > 18 || s.p[0] == '0')
		return 0;
	for (i = 0; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return 0;
		id = id * 10 + (s.p[i] - '0');
	}
	return id;
}

/* The WordPress ID's row of kind if recorded, else the id itself. */
static enum ng_err
native_id(struct req *r, enum wp_kind kind, int64_t wp, int64_t *id)
{
	enum ng_err err;

	err = store_wp_lookup(r->app->store, kind, wp, id);
	if (err == NG_ENOTFOUND) {
		*id = wp;
		return NG_OK;
	}
	return err;
}

/* 301 to published article id; NG_ENOTFOUND when it is not public. */
static enum ng_err
to_article(struct req *r, struct resp *rs, int64_t id)
{
	struct article *a;
	const char     *path;
	enum ng_err	err;

	if ((err = store_article_by_id(r->arena, r->app->store, id, &a)) !=
	    NG_OK)
		return err;
	if (a->status != ARTICLE_PUBLISHED ||
	    a->published_at > (int64_t)time(NULL))
		return NG_ENOTFOUND;
	if ((path = site_art_path(r, a, PV_PAGE)) == NULL)
		return NG_ENOMEM;
	resp_redirect(r, rs, 301, path);
	return NG_OK;
}

static enum ng_err
to_page(struct req *r, struct resp *rs, int64_t id)
{
	struct page *p;
	const char  *path;
	enum ng_err  err;

	if ((err = store_page_by_id(r->arena, r->app->store, id, &p)) != NG_OK)
		return err;
	if (p->status != PAGE_PUBLISHED)
		return NG_ENOTFOUND;
	if ((path = site_static_path(r->arena, p->path)) == NULL)
		return NG_ENOMEM;
	resp_redirect(r, rs, 301, path);
	return NG_OK;
}

static enum ng_err
to_media(struct req *r, struct resp *rs, int64_t id)
{
	struct media m;
	struct str   p;
	const char  *path;
	enum ng_err  err;

	if ((err = store_media_get(r->arena, r->app->store, id, &m)) != NG_OK)
		return err;
	p = m.path;
	if ((p.n > 7 && strncasecmp(p.p, "http://", 7) == 0) ||
	    (p.n > 8 && strncasecmp(p.p, "https://", 8) == 0))
		path = arena_strndup(r->arena, p.p, p.n);
	else {
		while (p.n > 0 && p.p[0] == '/') {
			p.p++;
			p.n--;
		}
		path = arena_printf(r->arena, "/media/%.*s", (int)p.n, p.p);
	}
	if (path == NULL)
		return NG_ENOMEM;
	resp_redirect(r, rs, 301, path);
	return NG_OK;
}

/* ?p=ID: an article (WordPress ID, then ours), then a page. */
static enum ng_err
post_link(struct req *r, struct resp *rs, int64_t wp)
{
	enum ng_err err;
	int64_t	    id;

	if (store_wp_lookup(r->app->store, WP_ARTICLE, wp, &id) == NG_OK &&
	    (err = to_article(r, rs, id)) != NG_ENOTFOUND)
		return err;
	if (store_wp_lookup(r->app->store, WP_PAGE, wp, &id) == NG_OK &&
	    (err = to_page(r, rs, id)) != NG_ENOTFOUND)
		return err;
	return to_article(r, rs, wp);
}

static enum ng_err
redirect_to(struct req *r, struct resp *rs, const char *path)
{
	if (path == NULL)
		return NG_ENOMEM;
	resp_redirect(r, rs, 301, path);
	return NG_OK;
}

/*
 * ?cat=ID, ?author=ID: a plain-permalink WordPress site's archive
 * links, 301 to the section's or author's page.  Sections and authors
 * are few, so the list is searched.
 */
static enum ng_err
to_section(struct req *r, struct resp *rs, int64_t wp)
{
	struct section *s;
	size_t		n, i;
	int64_t		id;
	enum ng_err	err;

	if ((err = native_id(r, WP_SECTION, wp, &id)) != NG_OK ||
	    (err = store_sections(r->arena, r->app->store, &s, &n)) != NG_OK)
		return err;
	for (i = 0; i < n && s[i].id != id; i++)
		;
	if (i == n)
		return NG_ENOTFOUND;
	return redirect_to(r, rs,
	    arena_printf(r->arena, "/category/%.*s/", (int)s[i].slug.n,
		s[i].slug.p));
}

static enum ng_err
to_author(struct req *r, struct resp *rs, int64_t wp)
{
	struct author *a;
	size_t	       n, i;
	int64_t	       id;
	enum ng_err    err;

	if ((err = native_id(r, WP_AUTHOR, wp, &id)) != NG_OK ||
	    (err = store_authors(r->arena, r->app->store, &a, &n)) != NG_OK)
		return err;
	for (i = 0; i < n && a[i].id != id; i++)
		;
	if (i == n)
		return NG_ENOTFOUND;
	return redirect_to(r, rs,
	    arena_printf(r->arena, "/author/%.*s/", (int)a[i].slug.n,
		a[i].slug.p));
}

/* ?tag=SLUG: the tag's page, when there is such a tag. */
static enum ng_err
to_tag(struct req *r, struct resp *rs, struct str slug)
{
	struct tag *t;
	enum ng_err err;

	if ((err = store_tag_by_slug(r->arena, r->app->store, slug, &t)) !=
	    NG_OK)
		return err;
	return redirect_to(r, rs,
	    arena_printf(r->arena, "/tag/%.*s/", (int)t->slug.n, t->slug.p));
}

int
site_wp_query(struct req *r, struct resp *rs, enum ng_err *err)
{
	struct str v;
	int64_t	   id;

	if (r->query.n == 0)
		return 0;
	if ((v = req_query(r, "p")).p != NULL) {
		*err = (id = parse_id(v)) == 0 ? NG_ENOTFOUND :
						 post_link(r, rs, id);
		return 1;
	}
	if ((v = req_query(r, "page_id")).p != NULL) {
		if ((id = parse_id(v)) == 0)
			*err = NG_ENOTFOUND;
		else if ((*err = native_id(r, WP_PAGE, id, &id)) == NG_OK)
			*err = to_page(r, rs, id);
		return 1;
	}
	if ((v = req_query(r, "attachment_id")).p != NULL) {
		if ((id = parse_id(v)) == 0)
			*err = NG_ENOTFOUND;
		else if ((*err = native_id(r, WP_MEDIA, id, &id)) == NG_OK)
			*err = to_media(r, rs, id);
		return 1;
	}
	if ((v = req_query(r, "cat")).p != NULL) {
		*err = (id = parse_id(v)) == 0 ? NG_ENOTFOUND :
						 to_section(r, rs, id);
		return 1;
	}
	if ((v = req_query(r, "author")).p != NULL) {
		*err = (id = parse_id(v)) == 0 ? NG_ENOTFOUND :
						 to_author(r, rs, id);
		return 1;
	}
	if ((v = req_query(r, "tag")).p != NULL) {
		*err = v.n == 0 || v.n > STORE_SLUG_MAX ? NG_ENOTFOUND :
							  to_tag(r, rs, v);
		return 1;
	}
	if ((v = req_query(r, "feed")).p != NULL) {
		/* ?feed=rss2, ?feed=atom...: the site's feed. */
		resp_redirect(r, rs, 301,
		    str_eqc(v, "atom") ? "/feed/atom/" : "/feed/");
		*err = NG_OK;
		return 1;
	}
	if (req_query(r, "s").p != NULL) {
		*err = site_search(r, rs);
		return 1;
	}
	return 0;
}

enum ng_err
site_wp_admin(struct req *r, struct resp *rs)
{
	resp_redirect(r, rs, 302, "/admin/");
	return NG_OK;
}

enum ng_err
site_wp_login(struct req *r, struct resp *rs)
{
	resp_redirect(r, rs, 302, "/admin/login");
	return NG_OK;
}

enum ng_err
site_wp_upload(struct req *r, struct resp *rs)
{
	struct buf  b;
	struct str  path;
	size_t	    i;
	int64_t	    id;
	enum ng_err err;

	buf_init(&b, r->arena);
	for (i = 0; i < r->ncaps; i++) {
		if (i > 0)
			buf_putc(&b, '/');
		buf_putstr(&b, req_cap(r, i));
	}
	if ((err = buf_finish(&b, &path)) != NG_OK)
		return err;
	if ((err = store_old_upload_lookup(r->app->store, path, &id)) != NG_OK)
		return err;
	return to_media(r, rs, id);
}
