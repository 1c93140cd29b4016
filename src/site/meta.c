/*
 * meta.c -- what a page tells machines about itself: Open Graph and
 * Twitter card values, JSON-LD (schema.org NewsArticle, BreadcrumbList,
 * WebSite with a SearchAction), feed autodiscovery links, and an
 * article's related articles.  The theme's partials/meta.mustache and
 * partials/related.mustache show them; everything here only builds
 * template values.  Absolute URLs come from reader/urls.h.
 *
 * The view gets one "meta" map:
 *	og_type og_title og_description og_url og_image site_name
 *	twitter_card published modified section tags[] noindex
 *	feeds[] {type, title, url}
 *	jsonld[] {json}	 (TV_HTML: JSON with <, > and & escaped)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/log.h"
#include "core/utf8.h"
#include "http/req.h"
#include "reader/shortcodes.h"
#include "render/theme.h"
#include "render/tv.h"
#include "site/discovery.h"
#include "site/site_int.h"
#include "store/store.h"

/* --- the meta map --- */

static struct tv *
meta_of(struct view *v)
{
	struct tv *m;

	if ((m = tv_get(v->root, STR_LIT("meta"))) != NULL && m->type == TV_MAP)
		return m;
	m = tv_map(v->a);
	tv_set(v->a, m, "feeds", tv_list(v->a));
	tv_set(v->a, m, "jsonld", tv_list(v->a));
	tv_set(v->a, v->root, "meta", m);
	return m;
}

static struct tv *
meta_list(struct view *v, const char *key)
{
	struct tv *l = tv_get(meta_of(v), str_c(key));

	return l != NULL && l->type == TV_LIST ? l : NULL;
}

/* --- JSON-LD --- */

/*
 * One JSON-LD block in the making: a schema.org object of a @type,
 * written with JSONW_SCRIPT, so '<', '>' and '&' only occur as \u
 * escapes inside JSON strings, where they mean the same: "</script>" or
 * "<!--" can never end or change the element.  This is why the result
 * may be trusted as HTML.
 */
struct ld {
	struct buf   b;
	struct jsonw w;
};

static void
ld_begin(struct ld *l, struct arena *a, const char *type)
{
	buf_init(&l->b, a);
	jsonw_init(&l->w, &l->b, JSONW_SCRIPT);
	jsonw_obj(&l->w);
	jsonw_kcstr(&l->w, "@type", type);
	jsonw_kcstr(&l->w, "@context", "https://schema.org");
}

/* Close the block and add it to the view's meta.jsonld as {json}. */
static void
ld_push(struct view *v, struct ld *l)
{
	struct str out;
	struct tv *m = NULL;

	jsonw_end(&l->w);
	if (buf_finish(&l->b, &out) == NG_OK) {
		m = tv_map(v->a);
		tv_set_html(v->a, m, "json", safe_html_trust(out));
	}
	tv_push(v->a, meta_list(v, "jsonld"), m);
}

/* A member with text; empty or absent text leaves it out. */
static void
ld_str(struct jsonw *w, const char *key, struct str s)
{
	if (s.n > 0)
		jsonw_kstr(w, key, s);
}

static void
ld_cstr(struct jsonw *w, const char *key, const char *s)
{
	if (s != NULL)
		ld_str(w, key, str_c(s));
}

/* A member with the ISO time of t in the site's zone; none if invalid. */
static void
ld_time(struct view *v, struct jsonw *w, const char *key, int64_t t)
{
	struct site_date d;

	if (t > 0 && site_date_fmt(v->r, t, &d))
		jsonw_kcstr(w, key, d.iso);
}

/*
 * A live article's coverage times and its updates (liveBlogUpdate),
 * each a BlogPosting at its anchor on the page (url: the page's).
 */
static void
ld_live(struct view *v, struct jsonw *w, const char *url)
{
	const struct live_update *u;
	size_t			  i;

	if (v->live == NULL)
		return;
	ld_time(v, w, "coverageStartTime", v->live->started_at);
	ld_time(v, w, "coverageEndTime", v->live->ended_at);
	jsonw_key(w, "liveBlogUpdate");
	jsonw_arr(w);
	for (i = 0; i < v->nlive_updates; i++) {
		u = &v->live_updates[i];
		jsonw_obj(w);
		jsonw_kcstr(w, "@type", "BlogPosting");
		ld_str(w, "headline", site_live_headline(v->a, u->body_text));
		ld_time(v, w, "datePublished", u->created_at);
		if (url != NULL)
			jsonw_kcstr(w, "url",
			    arena_printf(v->a, "%s#update-%lld", url,
				(long long)u->id));
		ld_str(w, "articleBody", u->body_text);
		jsonw_end(w);
	}
	jsonw_end(w);
}

/* Member key: a nested object of a @type, left open. */
static void
ld_typed(struct jsonw *w, const char *key, const char *type)
{
	jsonw_key(w, key);
	jsonw_obj(w);
	jsonw_kcstr(w, "@type", type);
}

/* A string value of map, or STR_NULL. */
static struct str
get_str(const struct tv *map, const char *key)
{
	const struct tv *x = tv_get(map, str_c(key));

	if (x == NULL || (x->type != TV_STR && x->type != TV_HTML))
		return STR_NULL;
	return x->u.s;
}

static void
add_feeds(struct view *v, const char *base, struct str title)
{
	static const struct {
		const char *type;
		const char *label;
		const char *path;
	} kinds[] = {
		{ "application/rss+xml", "RSS", "feed/" },
		{ "application/atom+xml", "Atom", "feed/atom/" },
		{ "application/feed+json", "JSON Feed", "feed/json/" },
	};
	struct tv *l = meta_list(v, "feeds"), *f;
	size_t	   i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		f = tv_map(v->a);
		tv_set_cstr(v->a, f, "type", kinds[i].type);
		tv_set_cstr(v->a, f, "title",
		    arena_printf(v->a, "%.*s (%s)", (int)title.n, title.p,
			kinds[i].label));
		/* The site's JSON Feed has the well-known name too. */
		tv_set_cstr(v->a, f, "url",
		    site_abs(v->r,
			strcmp(base, "/") == 0 && i == 2 ?
			    "/feed.json" :
			    arena_printf(v->a, "%s%s", base, kinds[i].path)));
		tv_push(v->a, l, f);
	}
}

/* BreadcrumbList of (name, path) pairs, Home first. */
static void
add_breadcrumbs(struct view *v, const struct str *names,
    const char *const *paths, size_t n)
{
	struct ld l;
	size_t	  i;

	ld_begin(&l, v->a, "BreadcrumbList");
	jsonw_key(&l.w, "itemListElement");
	jsonw_arr(&l.w);
	for (i = 0; i < n; i++) {
		jsonw_obj(&l.w);
		jsonw_kcstr(&l.w, "@type", "ListItem");
		jsonw_kint(&l.w, "position", (int64_t)i + 1);
		ld_str(&l.w, "name", names[i]);
		ld_cstr(&l.w, "item", site_abs(v->r, paths[i]));
		jsonw_end(&l.w);
	}
	jsonw_end(&l.w);
	ld_push(v, &l);
}

/*
 * The publisher: the site, with the theme's logo, a raster (search
 * engines take no SVG here) of LOGO_PX square, above the 112 px they ask
 * for.  themes/default/img/logo.png is the icon drawn at that size
 * (scripts/make-logo).
 */
#define LOGO_PX 192

static void
publisher(struct view *v, struct jsonw *w)
{
	const char *logo;

	ld_typed(w, "publisher", "Organization");
	ld_str(w, "name", v->site_name);
	ld_cstr(w, "url", site_abs(v->r, "/"));
	logo = v->r->app->theme != NULL ?
	    theme_asset_url(v->r->app->theme, "img/logo.png") :
	    NULL;
	if (logo != NULL) {
		ld_typed(w, "logo", "ImageObject");
		ld_cstr(w, "url", site_abs(v->r, logo));
		jsonw_key(w, "width");
		jsonw_int(w, LOGO_PX);
		jsonw_key(w, "height");
		jsonw_int(w, LOGO_PX);
		jsonw_end(w);
	}
	jsonw_end(w);
}

/*
 * schema.org's "correction": each correction note (update notes are
 * news, not corrections) as a CorrectionComment with its text and date.
 */
static void
ld_corrections(struct view *v, const struct article *a, struct jsonw *w)
{
	struct correction *c = NULL;
	struct site_date   d;
	size_t		   i, n = 0, k = 0;

	if (store_correction_list(v->a, v->r->app->store, a->id, &c, &n) !=
	    NG_OK)
		return;
	for (i = 0; i < n; i++) {
		if (c[i].kind != CORRECTION_CORRECTION ||
		    !utf8_valid(c[i].body.p, c[i].body.n))
			continue;
		if (k++ == 0) {
			jsonw_key(w, "correction");
			jsonw_arr(w);
		}
		jsonw_obj(w);
		ld_cstr(w, "@type", "CorrectionComment");
		ld_str(w, "text", c[i].body);
		if (site_date_fmt(v->r, c[i].created_at, &d))
			ld_cstr(w, "datePublished", d.iso);
		jsonw_end(w);
	}
	if (k > 0)
		jsonw_end(w);
}

static int
linkable(struct str url)
{
	return (url.n > 7 && strncasecmp(url.p, "http://", 7) == 0) ||
	    (url.n > 8 && strncasecmp(url.p, "https://", 8) == 0);
}

static void
related_view(struct view *v, const struct article *a)
{
	struct article_ref *refs;
	struct site_date    d;
	struct tv	   *l, *x;
	size_t		    i, n, shown;
	enum ng_err	    err;

	err = store_related(v->a, v->r->app->store, a->id, STORE_RELATED_MAX,
	    &refs, &n);
	if (err != NG_OK) {
		/* The box is optional; the article is not. */
		log_warn("related articles of %lld: %s", (long long)a->id,
		    ng_strerror(err));
		n = 0;
	}
	l = tv_list(v->a);
	for (i = 0, shown = 0; i < n; i++) {
		/* An "Also read" box names it already. */
		if ((a->related.id != 0 && refs[i].id == a->related.id) ||
		    site_shortcodes_relates(a, refs[i].id))
			continue;
		shown++;
		x = tv_map(v->a);
		tv_set_str(v->a, x, "title", refs[i].title);
		tv_set_cstr(v->a, x, "url",
		    site_article_path(v->r, v->a, refs[i].id, refs[i].slug,
			refs[i].published_at, PV_PAGE));
		if (site_date_fmt(v->r, refs[i].published_at, &d)) {
			tv_set_cstr(v->a, x, "date",
			    arena_strdup(v->a, d.human));
			tv_set_cstr(v->a, x, "date_iso",
			    arena_strdup(v->a, d.iso));
		}
		tv_push(v->a, l, x);
	}
	tv_set(v->a, v->root, "related_articles", l);
	tv_set_bool(v->a, v->root, "has_related", shown > 0);
}

/* s percent-encoded as one query value (RFC 3986 unreserved kept). */
static const char *
query_escape(struct arena *ar, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char		 *out, *p;
	size_t		  n = strlen(s);

	if ((out = p = arena_alloc(ar, n * 3 + 1)) == NULL)
		return "";
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			*p++ = (char)c;
		else {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	*p = '\0';
	return out;
}

/*
 * The REST API's discovery for an article: its post object
 * and the oEmbed provider's JSON and XML answers for its URL.
 */
static void
api_links(struct view *v, const struct article *a, const char *url)
{
	struct arena *ar = v->a;
	struct tv    *m = meta_of(v);
	const char   *origin = site_origin(v->r), *q;

	if (url == NULL || origin == NULL)
		return;
	q = query_escape(ar, url);
	tv_set_cstr(ar, m, "api_post",
	    arena_printf(ar, "%s/wp-json/wp/v2/posts/%lld", origin,
		(long long)a->id));
	tv_set_cstr(ar, m, "oembed_json",
	    arena_printf(ar, "%s/wp-json/oembed/1.0/embed?url=%s", origin, q));
	tv_set_cstr(ar, m, "oembed_xml",
	    arena_printf(ar, "%s/wp-json/oembed/1.0/embed?url=%s&format=xml",
		origin, q));
}

/*
 * An author's profile inside its open object: the photo (photo_url, or
 * looked up when NULL) and the links as sameAs.
 */
static void
ld_profile(struct view *v, struct jsonw *w, const struct author *au,
    const char *photo_url)
{
	struct media m;
	struct str   l;
	size_t	     i = 0, start;
	int	     open = 0;

	if (photo_url == NULL && au->photo_id > 0 &&
	    store_media_get(v->a, v->r->app->store, au->photo_id, &m) == NG_OK)
		photo_url = site_media_url(v->r, m.path);
	ld_cstr(w, "image", photo_url);
	while (i < au->links.n) {
		start = i;
		while (i < au->links.n && au->links.p[i] != '\n')
			i++;
		l = (struct str){ au->links.p + start, i - start };
		i++;
		/* Checked when saved (admin/authors.c); checked again. */
		if (!linkable(l) || !utf8_valid(l.p, l.n))
			continue;
		if (!open) {
			jsonw_key(w, "sameAs");
			jsonw_arr(w);
			open = 1;
		}
		jsonw_str(w, l);
	}
	if (open)
		jsonw_end(w);
}

/*
 * A byline inside its open object: Person, or Organization for a desk
 * ("News Desk"), with its name, page and profile.
 */
static void
ld_author(struct view *v, struct jsonw *w, const struct author *au)
{
	jsonw_kcstr(w, "@type", au->organization ? "Organization" : "Person");
	ld_str(w, "name", au->name);
	ld_cstr(w, "url",
	    site_abs(v->r,
		arena_printf(v->a, "/author/%.*s/", (int)au->slug.n,
		    au->slug.p)));
	ld_profile(v, w, au, NULL);
}

void
discovery_author(struct view *v, const struct author *au, const char *base,
    const char *photo_url)
{
	struct ld l;

	ld_begin(&l, v->a, "ProfilePage");
	ld_cstr(&l.w, "url", site_abs(v->r, base));
	ld_typed(&l.w, "mainEntity",
	    au->organization ? "Organization" : "Person");
	ld_str(&l.w, "name", au->name);
	ld_cstr(&l.w, "url", site_abs(v->r, base));
	if (au->bio.p != NULL && utf8_valid(au->bio.p, au->bio.n))
		ld_str(&l.w, "description", au->bio);
	ld_profile(v, &l.w, au, photo_url);
	jsonw_end(&l.w);
	ld_push(v, &l);
}

void
discovery_article(struct view *v, const struct article *a)
{
	struct arena	*ar = v->a;
	struct tv	*m = meta_of(v), *tags;
	struct site_date pub, mod;
	struct str	 img, mime, names[3];
	const char	*paths[3], *url, *image = NULL;
	struct author	*au;
	struct ld	 l;
	size_t		 i, nb = 0;
	int64_t		 changed;

	related_view(v, a);
	url = site_abs(v->r,
	    site_article_path(v->r, ar, a->id, a->slug, a->published_at,
		PV_PAGE));
	/*
	 * A story first published elsewhere names that page (the editor's
	 * canonical URL), so search engines credit the original.
	 */
	if (a->canonical_url.n > 0)
		url = arena_str(ar, a->canonical_url).p;
	if (store_article_image(ar, v->r->app->store, a->id, &img, &mime) ==
	    NG_OK)
		image = site_media_url(v->r, img);

	/* oEmbed names our own page, whatever the canonical says. */
	api_links(v, a,
	    site_abs(v->r,
		site_article_path(v->r, ar, a->id, a->slug, a->published_at,
		    PV_PAGE)));
	tv_set_cstr(ar, m, "og_type", "article");
	tv_set_str(ar, m, "og_title",
	    a->seo_title.n > 0 ? a->seo_title : a->title);
	tv_set_str(ar, m, "og_description",
	    a->seo_description.n > 0 ? a->seo_description : a->dek);
	tv_set_cstr(ar, m, "og_url", url);
	tv_set_cstr(ar, m, "og_image", image);
	if (site_date_fmt(v->r, a->published_at, &pub))
		tv_set_cstr(ar, m, "published", arena_strdup(ar, pub.iso));
	changed = a->updated_at > a->published_at ? a->updated_at :
						    a->published_at;
	/* A live article changes with each update. */
	if (v->nlive_updates > 0 && v->live_updates[0].created_at > changed)
		changed = v->live_updates[0].created_at;
	if (!site_date_fmt(v->r, changed, &mod))
		mod = pub;
	tv_set_cstr(ar, m, "modified", arena_strdup(ar, mod.iso));
	if (a->section.id != 0)
		tv_set_str(ar, m, "section", a->section.name);
	tags = tv_list(ar);
	for (i = 0; i < a->ntags; i++)
		tv_push(ar, tags, tv_str(ar, a->tags[i].name));
	tv_set(ar, m, "tags", tags);

	/* Live coverage, running or ended, is a LiveBlogPosting. */
	ld_begin(&l, ar, v->live != NULL ? "LiveBlogPosting" : "NewsArticle");
	ld_str(&l.w, "headline", a->title);
	ld_str(&l.w, "description", a->dek);
	ld_cstr(&l.w, "url", url);
	ld_cstr(&l.w, "mainEntityOfPage", url);
	ld_cstr(&l.w, "datePublished", pub.iso);
	ld_cstr(&l.w, "dateModified", mod.iso);
	if (a->nauthors > 1) {
		/* Co-authors: one object each, in byline order. */
		jsonw_key(&l.w, "author");
		jsonw_arr(&l.w);
		for (i = 0; i < a->nauthors; i++) {
			jsonw_obj(&l.w);
			ld_author(v, &l.w, &a->authors[i]);
			jsonw_end(&l.w);
		}
	} else if (a->author.id != 0) {
		/* The profile says whether the byline is a desk. */
		if (a->nauthors == 1)
			au = &a->authors[0];
		else if (store_author_by_slug(ar, v->r->app->store,
			     a->author.slug, &au) != NG_OK)
			au = NULL;
		jsonw_key(&l.w, "author");
		jsonw_obj(&l.w);
		ld_author(v, &l.w, au != NULL ? au : &a->author);
	} else {
		ld_typed(&l.w, "author", "Organization");
		ld_str(&l.w, "name", v->site_name);
	}
	jsonw_end(&l.w);
	publisher(v, &l.w);
	ld_cstr(&l.w, "image", image);
	if (a->section.id != 0)
		ld_str(&l.w, "articleSection", a->section.name);
	if (a->ntags > 0) {
		jsonw_key(&l.w, "keywords");
		jsonw_arr(&l.w);
		for (i = 0; i < a->ntags; i++)
			if (a->tags[i].name.p != NULL &&
			    utf8_valid(a->tags[i].name.p, a->tags[i].name.n))
				jsonw_str(&l.w, a->tags[i].name);
		jsonw_end(&l.w);
	}
	ld_corrections(v, a, &l.w);
	ld_live(v, &l.w, url);
	/* The syndication source (the seed's "reports Asian Lite News"). */
	if (a->source_name.n > 0) {
		if (linkable(a->source_url))
			ld_str(&l.w, "isBasedOn", a->source_url);
		ld_typed(&l.w, "sourceOrganization", "Organization");
		ld_str(&l.w, "name", a->source_name);
		if (linkable(a->source_url))
			ld_str(&l.w, "url", a->source_url);
		jsonw_end(&l.w);
	}
	ld_push(v, &l);

	names[nb] = STR_LIT("Home");
	paths[nb++] = "/";
	if (a->section.id != 0) {
		names[nb] = a->section.name;
		paths[nb++] = arena_printf(ar, "/category/%.*s/",
		    (int)a->section.slug.n, a->section.slug.p);
	}
	names[nb] = a->title;
	paths[nb++] = site_article_path(v->r, ar, a->id, a->slug,
	    a->published_at, PV_PAGE);
	add_breadcrumbs(v, names, paths, nb);
	/* Its comments feeds: the permalink + feed/ (site/article.c). */
	if (paths[nb - 1] != NULL)
		add_feeds(v, paths[nb - 1],
		    str_c(arena_printf(ar, "Comments on: %.*s", (int)a->title.n,
			a->title.p)));
}

void
discovery_archive(struct view *v, const char *base, struct str name)
{
	struct str  names[2];
	const char *paths[2];

	add_feeds(v, base,
	    str_c(arena_printf(v->a, "%.*s: %.*s", (int)v->site_name.n,
		v->site_name.p, (int)name.n, name.p)));
	names[0] = STR_LIT("Home");
	paths[0] = "/";
	names[1] = name;
	paths[1] = base;
	add_breadcrumbs(v, names, paths, 2);
}

void
discovery_page(struct view *v)
{
	struct arena *ar = v->a;
	struct tv    *m = meta_of(v);
	struct str    canon, s;
	const char   *origin, *url;
	struct ld     l;

	if (tv_get(m, STR_LIT("og_type")) == NULL)
		tv_set_cstr(ar, m, "og_type", "website");
	if (get_str(m, "og_title").n == 0) {
		s = get_str(v->root, "page_title");
		tv_set_str(ar, m, "og_title", s.n > 0 ? s : v->site_name);
	}
	if (get_str(m, "og_description").n == 0) {
		s = get_str(v->root, "description");
		tv_set_str(ar, m, "og_description", s.n > 0 ? s : v->tagline);
	}
	canon = get_str(v->root, "canonical");
	if (get_str(m, "og_url").n == 0 && canon.n > 0)
		tv_set_cstr(ar, m, "og_url",
		    canon.p[0] == '/' ?
			site_abs(v->r, arena_strndup(ar, canon.p, canon.n)) :
			arena_strndup(ar, canon.p, canon.n));
	tv_set_str(ar, m, "site_name", v->site_name);
	/* WordPress's API discovery, on every page. */
	if ((url = arena_printf(ar, "%s/wp-json/", site_origin(v->r))) != NULL)
		tv_set_cstr(ar, m, "api_root", url);
	tv_set_cstr(ar, m, "twitter_card",
	    get_str(m, "og_image").n > 0 ? "summary_large_image" : "summary");
	add_feeds(v, "/", v->site_name);

	origin = site_origin(v->r);
	ld_begin(&l, ar, "WebSite");
	ld_str(&l.w, "name", v->site_name);
	ld_cstr(&l.w, "url", arena_printf(ar, "%s/", origin));
	ld_typed(&l.w, "potentialAction", "SearchAction");
	ld_typed(&l.w, "target", "EntryPoint");
	url = arena_printf(ar, "%s/search?q={search_term_string}", origin);
	ld_cstr(&l.w, "urlTemplate", url);
	jsonw_end(&l.w);
	ld_cstr(&l.w, "query-input", "required name=search_term_string");
	jsonw_end(&l.w);
	ld_push(v, &l);
}
