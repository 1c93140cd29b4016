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

#include <jansson.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "http/req.h"
#include "render/theme.h"
#include "render/tv.h"
#include "site/discovery.h"
#include "site/site_int.h"
#include "store/store.h"

/* --- JSON-LD --- */

/*
 * The JSON text of o, safe inside <script type="application/ld+json">:
 * '<', '>' and '&' only occur inside JSON strings, where \u escapes mean
 * the same, so "</script>" or "<!--" can never end or change the
 * element.  This is why the result may be trusted as HTML.
 */
static struct tv *
jsonld(struct arena *a, json_t *o)
{
	struct buf b;
	struct str out;
	char	  *s, *p;
	struct tv *m;

	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (s == NULL)
		return NULL;
	buf_init(&b, a);
	for (p = s; *p != '\0'; p++) {
		if (*p == '<')
			buf_puts(&b, "\\u003c");
		else if (*p == '>')
			buf_puts(&b, "\\u003e");
		else if (*p == '&')
			buf_puts(&b, "\\u0026");
		else
			buf_putc(&b, *p);
	}
	free(s);
	if (buf_finish(&b, &out) != NG_OK)
		return NULL;
	m = tv_map(a);
	tv_set_html(a, m, "json", safe_html_trust(out));
	return m;
}

static void
js_str(json_t *o, const char *key, struct str s)
{
	json_t *v;

	if (s.p != NULL && s.n > 0 && (v = json_stringn(s.p, s.n)) != NULL)
		json_object_set_new(o, key, v);
}

static void
js_cstr(json_t *o, const char *key, const char *s)
{
	if (s != NULL)
		js_str(o, key, str_c(s));
}

static json_t *
js_typed(const char *type)
{
	json_t *o = json_object();

	js_cstr(o, "@type", type);
	return o;
}

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
	json_t *o, *items, *it;
	size_t	i;

	o = js_typed("BreadcrumbList");
	json_object_set_new(o, "@context", json_string("https://schema.org"));
	items = json_array();
	for (i = 0; i < n; i++) {
		it = js_typed("ListItem");
		json_object_set_new(it, "position",
		    json_integer((json_int_t)i + 1));
		js_str(it, "name", names[i]);
		js_cstr(it, "item", site_abs(v->r, paths[i]));
		json_array_append_new(items, it);
	}
	json_object_set_new(o, "itemListElement", items);
	tv_push(v->a, meta_list(v, "jsonld"), jsonld(v->a, o));
}

/* The publisher: the site, with the theme's icon as its logo. */
static json_t *
publisher(struct view *v)
{
	json_t	   *o, *logo;
	const char *icon;

	o = js_typed("Organization");
	js_str(o, "name", v->site_name);
	js_cstr(o, "url", site_abs(v->r, "/"));
	icon = v->r->app->theme != NULL ?
	    theme_asset_url(v->r->app->theme, "img/favicon.svg") :
	    NULL;
	if (icon != NULL) {
		logo = js_typed("ImageObject");
		js_cstr(logo, "url", site_abs(v->r, icon));
		json_object_set_new(o, "logo", logo);
	}
	return o;
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
	size_t		    i, n;
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
	for (i = 0; i < n; i++) {
		x = tv_map(v->a);
		tv_set_str(v->a, x, "title", refs[i].title);
		tv_set_cstr(v->a, x, "url",
		    site_article_path(v->r, v->a, refs[i].id, refs[i].slug,
			refs[i].published_at, PV_PAGE));
		if (site_date_fmt(refs[i].published_at, &d)) {
			tv_set_cstr(v->a, x, "date",
			    arena_strdup(v->a, d.human));
			tv_set_cstr(v->a, x, "date_iso",
			    arena_strdup(v->a, d.iso));
		}
		tv_push(v->a, l, x);
	}
	tv_set(v->a, v->root, "related_articles", l);
	tv_set_bool(v->a, v->root, "has_related", n > 0);
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

void
discovery_article(struct view *v, const struct article *a)
{
	struct arena	*ar = v->a;
	struct tv	*m = meta_of(v), *tags;
	struct site_date pub, mod;
	struct str	 img, mime, names[3];
	const char	*paths[3], *url, *image = NULL;
	json_t		*o, *x, *kw;
	size_t		 i, nb = 0;

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
	if (site_date_fmt(a->published_at, &pub))
		tv_set_cstr(ar, m, "published", arena_strdup(ar, pub.iso));
	if (!site_date_fmt(a->updated_at > a->published_at ? a->updated_at :
							     a->published_at,
		&mod))
		mod = pub;
	tv_set_cstr(ar, m, "modified", arena_strdup(ar, mod.iso));
	if (a->section.id != 0)
		tv_set_str(ar, m, "section", a->section.name);
	tags = tv_list(ar);
	for (i = 0; i < a->ntags; i++)
		tv_push(ar, tags, tv_str(ar, a->tags[i].name));
	tv_set(ar, m, "tags", tags);

	o = js_typed("NewsArticle");
	json_object_set_new(o, "@context", json_string("https://schema.org"));
	js_str(o, "headline", a->title);
	js_str(o, "description", a->dek);
	js_cstr(o, "url", url);
	js_cstr(o, "mainEntityOfPage", url);
	js_cstr(o, "datePublished", pub.iso);
	js_cstr(o, "dateModified", mod.iso);
	if (a->author.id != 0) {
		x = js_typed("Person");
		js_str(x, "name", a->author.name);
		js_cstr(x, "url",
		    site_abs(v->r,
			arena_printf(ar, "/author/%.*s/", (int)a->author.slug.n,
			    a->author.slug.p)));
	} else {
		x = js_typed("Organization");
		js_str(x, "name", v->site_name);
	}
	json_object_set_new(o, "author", x);
	json_object_set_new(o, "publisher", publisher(v));
	if (image != NULL)
		js_cstr(o, "image", image);
	if (a->section.id != 0)
		js_str(o, "articleSection", a->section.name);
	if (a->ntags > 0) {
		kw = json_array();
		for (i = 0; i < a->ntags; i++)
			if ((x = json_stringn(a->tags[i].name.p,
				 a->tags[i].name.n)) != NULL)
				json_array_append_new(kw, x);
		json_object_set_new(o, "keywords", kw);
	}
	/* The syndication source (the seed's "reports Asian Lite News"). */
	if (a->source_name.n > 0) {
		x = js_typed("Organization");
		js_str(x, "name", a->source_name);
		if (linkable(a->source_url)) {
			js_str(x, "url", a->source_url);
			js_str(o, "isBasedOn", a->source_url);
		}
		json_object_set_new(o, "sourceOrganization", x);
	}
	tv_push(ar, meta_list(v, "jsonld"), jsonld(ar, o));

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
	json_t	     *o, *act, *target;

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
	o = js_typed("WebSite");
	json_object_set_new(o, "@context", json_string("https://schema.org"));
	js_str(o, "name", v->site_name);
	js_cstr(o, "url", arena_printf(ar, "%s/", origin));
	act = js_typed("SearchAction");
	target = js_typed("EntryPoint");
	url = arena_printf(ar, "%s/search?q={search_term_string}", origin);
	js_cstr(target, "urlTemplate", url);
	json_object_set_new(act, "target", target);
	js_cstr(act, "query-input", "required name=search_term_string");
	json_object_set_new(o, "potentialAction", act);
	tv_push(ar, meta_list(v, "jsonld"), jsonld(ar, o));
}
