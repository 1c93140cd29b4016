/*
 * shortcodes.c -- shortcode markers and ad slots expanded at render time
 * (shortcodes.h).
 *
 * Markup comes from theme partials (sc_slider, sc_ad, sc_related,
 * sc_video), so a theme restyles sliders and ads like anything else; this
 * file only gathers the values.  A code ad is only ever an <iframe> of
 * /ad/ID/frame here: the public site serves that document in its own
 * sandbox (src/site/ads.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/shortcode.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "http/req.h"
#include "media/pictures.h"
#include "reader/shortcodes.h"
#include "reader/urls.h"
#include "render/theme.h"
#include "render/tv.h"
#include "store/store.h"

/* Per-render state: a counter that makes slider element ids unique. */
struct xctx {
	struct req *r;
	int64_t	    section_id;
	unsigned    nsliders;
};

static enum ng_err
partial(struct req *r, const char *name, struct tv *ctx, struct buf *out)
{
	return theme_render(r->app->theme, name, ctx, out);
}

/* The template values of a slider (NULL when it has no slides). */
static struct tv *
slider_tv(struct xctx *x, const struct slider *sl, const char *label)
{
	struct arena *ar = x->r->arena;
	struct tv    *m, *list, *s;
	size_t	      i;
	unsigned      uid = ++x->nsliders;

	if (sl->nslides == 0)
		return NULL;
	m = tv_map(ar);
	list = tv_list(ar);
	for (i = 0; i < sl->nslides; i++) {
		s = tv_map(ar);
		tv_set_cstr(ar, s, "id",
		    arena_printf(ar, "sc-slider-%u-%zu", uid, i + 1));
		tv_set_int(ar, s, "n", (int64_t)i + 1);
		tv_set_int(ar, s, "total", (int64_t)sl->nslides);
		tv_set_str(ar, s, "image", sl->slides[i].image_url);
		tv_set_str(ar, s, "alt", sl->slides[i].alt);
		tv_set_str(ar, s, "caption", sl->slides[i].caption);
		tv_set_str(ar, s, "link", sl->slides[i].link_url);
		tv_set_bool(ar, s, "first", i == 0);
		tv_push(ar, list, s);
	}
	tv_set(ar, m, "slides", list);
	tv_set_bool(ar, m, "many", sl->nslides > 1);
	tv_set_cstr(ar, m, "label",
	    label != NULL ? label : arena_strndup(ar, sl->name.p, sl->name.n));
	tv_set_cstr(ar, m, "uid", arena_printf(ar, "sc-slider-%u", uid));
	return m;
}

static enum ng_err
put_slider(struct xctx *x, int64_t id, const char *label, struct buf *out)
{
	struct slider *sl;
	struct tv     *m;
	enum ng_err    err;

	if ((err = store_slider_get(x->r->arena, x->r->app->store, id, &sl)) ==
	    NG_ENOTFOUND)
		return NG_OK;
	if (err != NG_OK)
		return err;
	if ((m = slider_tv(x, sl, label)) == NULL)
		return NG_OK;
	return partial(x->r, "sc_slider", m, out);
}

/* Weighted choice among n live ads (n > 0). */
static const struct ad *
pick(const struct ad *v, size_t n)
{
	uint32_t total = 0, k;
	size_t	 i;

	for (i = 0; i < n; i++)
		total += (uint32_t)(v[i].weight > 0 ? v[i].weight : 1);
	k = arc4random_uniform(total);
	for (i = 0; i < n; i++) {
		uint32_t w = (uint32_t)(v[i].weight > 0 ? v[i].weight : 1);

		if (k < w)
			return &v[i];
		k -= w;
	}
	return &v[n - 1];
}

static enum ng_err
put_ad_slot(struct xctx *x, struct str name, struct buf *out)
{
	struct arena	*ar = x->r->arena;
	struct store	*st = x->r->app->store;
	struct ad_slot	 slot;
	struct ad	*ads;
	const struct ad *ad;
	struct slider	*sl;
	struct tv	*m, *k;
	size_t		 n;
	enum ng_err	 err;

	if ((err = store_ad_slot_get(ar, st, name, &slot)) == NG_ENOTFOUND)
		return NG_OK;
	if (err != NG_OK)
		return err;
	if ((err = store_ad_live(ar, st, slot.id, x->section_id,
		 (int64_t)time(NULL), &ads, &n)) != NG_OK)
		return err;
	if (n == 0)
		return NG_OK;
	ad = pick(ads, n);
	m = tv_map(ar);
	tv_set_str(ar, m, "slot", slot.name);
	tv_set_int(ar, m, "width", slot.width);
	tv_set_int(ar, m, "height", slot.height);
	k = tv_map(ar);
	switch (ad->kind) {
	case AD_IMAGE:
		tv_set_str(ar, k, "image", ad->image_url);
		tv_set_str(ar, k, "alt", ad->alt);
		tv_set_str(ar, k, "link", ad->link_url);
		tv_set(ar, m, "image", k);
		break;
	case AD_CODE:
		tv_set_cstr(ar, k, "src",
		    arena_printf(ar, "/ad/%lld/frame", (long long)ad->id));
		tv_set(ar, m, "code", k);
		break;
	case AD_SLIDER:
		if ((err = store_slider_get(ar, st, ad->slider_id, &sl)) ==
		    NG_ENOTFOUND)
			return NG_OK;
		if (err != NG_OK)
			return err;
		if ((k = slider_tv(x, sl, "Advertisement")) == NULL)
			return NG_OK;
		tv_set(ar, m, "slider", k);
		break;
	default:
		return NG_OK;
	}
	return partial(x->r, "sc_ad", m, out);
}

/* Article id when it is out now, else *out = NULL. */
static enum ng_err
related_out(struct req *r, int64_t id, struct article **out)
{
	struct article *art;
	enum ng_err	err;

	*out = NULL;
	if ((err = store_article_by_id(r->arena, r->app->store, id, &art)) ==
	    NG_ENOTFOUND)
		return NG_OK;
	if (err != NG_OK)
		return err;
	if (art->status == ARTICLE_PUBLISHED &&
	    art->published_at <= (int64_t)time(NULL))
		*out = art;
	return NG_OK;
}

static enum ng_err
put_related(struct xctx *x, int64_t id, enum site_sc_mode mode, struct buf *out)
{
	struct arena   *ar = x->r->arena;
	struct article *art;
	struct tv      *m;
	const char     *url;
	enum ng_err	err;

	if ((err = related_out(x->r, id, &art)) != NG_OK || art == NULL)
		return err;
	url = site_art_path(x->r, art, PV_PAGE);
	if (url == NULL)
		return NG_ENOMEM;
	if (mode == SITE_SC_FEED) {
		buf_puts(out, "<p>Also read: <a href=\"");
		buf_puts(out, site_abs(x->r, url));
		buf_puts(out, "\">");
		buf_put_html(out, art->title.p, art->title.n);
		buf_puts(out, "</a></p>\n");
		return NG_OK;
	}
	m = tv_map(ar);
	tv_set_str(ar, m, "title", art->title);
	tv_set_cstr(ar, m, "url", url);
	return partial(x->r, "sc_related", m, out);
}

static enum ng_err
put_video(struct xctx *x, struct str v, struct buf *out)
{
	struct arena *ar = x->r->arena;
	struct tv    *m;
	const char   *slash;
	struct str    prov, id;

	if ((slash = memchr(v.p, '/', v.n)) == NULL)
		return NG_OK;
	prov = (struct str){ v.p, (size_t)(slash - v.p) };
	id = (struct str){ slash + 1, v.n - prov.n - 1 };
	m = tv_map(ar);
	if (str_eqc(prov, "youtube")) {
		tv_set_cstr(ar, m, "site", "YouTube");
		tv_set_cstr(ar, m, "url",
		    arena_printf(ar,
			"https://www.youtube-nocookie.com/embed/%.*s?autoplay=1",
			(int)id.n, id.p));
	} else if (str_eqc(prov, "vimeo")) {
		tv_set_cstr(ar, m, "site", "Vimeo");
		tv_set_cstr(ar, m, "url",
		    arena_printf(ar,
			"https://player.vimeo.com/video/%.*s?autoplay=1&dnt=1",
			(int)id.n, id.p));
	} else
		return NG_OK;
	return partial(x->r, "sc_video", m, out);
}

/*
 * A marker's fallback HTML with site paths made absolute (href="/..."
 * and src="/..."), for feeds.
 */
static void
put_absolute(struct xctx *x, struct str s, struct buf *out)
{
	const char *origin = site_origin(x->r);
	size_t	    i, start = 0;

	for (i = 0; i + 7 <= s.n; i++) {
		if ((memcmp(s.p + i, "href=\"/", 7) == 0 ||
			(i + 6 <= s.n && memcmp(s.p + i, "src=\"/", 6) == 0)) &&
		    origin != NULL) {
			size_t k = s.p[i] == 'h' ? 6 : 5;

			if (i + k + 1 < s.n && s.p[i + k + 1] == '/')
				continue; /* "//host": leave it */
			buf_put(out, s.p + start, i + k - start);
			buf_puts(out, origin);
			start = i + k;
			i = start;
		}
	}
	buf_put(out, s.p + start, s.n - start);
}

static enum ng_err
expand(struct xctx *x, const struct shortcode_marker *m, enum site_sc_mode mode,
    struct buf *out)
{
	if (str_eqc(m->kind, "ad"))
		return mode == SITE_SC_PAGE ? put_ad_slot(x, m->v, out) : NG_OK;
	if (str_eqc(m->kind, "related"))
		return put_related(x, m->id, mode, out);
	if (mode == SITE_SC_FEED) {
		put_absolute(x, m->fallback, out);
		return NG_OK;
	}
	if (str_eqc(m->kind, "slider"))
		return put_slider(x, m->id, NULL, out);
	if (str_eqc(m->kind, "video"))
		return put_video(x, m->v, out);
	return NG_OK;
}

static enum ng_err
lookup_media(void *arg, struct str key, struct media *out)
{
	struct req *r = arg;

	return store_media_by_key(r->arena, r->app->store, key, out);
}

/*
 * Body text between markers: as it is for feeds, with its images as
 * <picture>s on a page (pc NULL: feeds).
 */
static enum ng_err
put_text(struct media_pictures *pc, struct str s, struct buf *b)
{
	if (pc == NULL) {
		buf_putstr(b, s);
		return NG_OK;
	}
	return media_pictures_put(pc, s, b);
}

enum ng_err
site_shortcodes_html(struct req *r, const struct article *a,
    enum site_sc_mode mode, struct safe_html *out)
{
	const size_t		olen = sizeof(SHORTCODE_MARKER_OPEN) - 1;
	struct shortcode_marker m;
	struct media_pictures	pics, *pc = NULL;
	struct xctx		x;
	struct buf		b;
	struct str		s = a->body_html.s, res;
	const char	       *p;
	size_t			i = 0;
	int64_t			featured = 0;
	enum ng_err		err;

	*out = a->body_html;
	if (mode == SITE_SC_PAGE && memmem(s.p, s.n, "<img", 4) != NULL) {
		/* The featured image above is the first screen's. */
		if (a->id > 0 &&
		    (err = store_article_featured(r->app->store, a->id,
			 &featured)) != NG_OK &&
		    err != NG_ENOTFOUND)
			return err;
		memset(&pics, 0, sizeof(pics));
		pics.lookup = lookup_media;
		pics.arg = r;
		pics.eager_first = featured == 0;
		pc = &pics;
	}
	if (s.n == 0 ||
	    (pc == NULL &&
		memmem(s.p, s.n, SHORTCODE_MARKER_OPEN, olen) == NULL))
		return NG_OK;
	memset(&x, 0, sizeof(x));
	x.r = r;
	x.section_id = a->section_id != 0 ? a->section_id : a->section.id;
	buf_init(&b, r->arena);
	while (i < s.n &&
	    (p = memmem(s.p + i, s.n - i, SHORTCODE_MARKER_OPEN, olen)) !=
		NULL) {
		if ((err = put_text(pc,
			 (struct str){ s.p + i, (size_t)(p - s.p) - i }, &b)) !=
		    NG_OK)
			return err;
		i = (size_t)(p - s.p);
		if (!shortcode_marker_parse((struct str){ p, s.n - i }, &m)) {
			/* Not ours after all (cannot happen): drop its '<'. */
			i++;
			continue;
		}
		if ((err = expand(&x, &m, mode, &b)) != NG_OK)
			return err;
		i += m.len;
	}
	if ((err = put_text(pc, (struct str){ s.p + i, s.n - i }, &b)) != NG_OK)
		return err;
	if ((err = buf_finish(&b, &res)) != NG_OK)
		return err;
	/*
	 * Markers, fallbacks and partials are all escaped HTML; pictures
	 * copy the stored attributes as they were escaped.
	 */
	*out = safe_html_trust(res);
	return NG_OK;
}

/*
 * The next [related] marker of s from *i on, into *m, with *i moved past
 * it; 0 when there is none.
 */
static int
next_related(struct str s, size_t *i, struct shortcode_marker *m)
{
	const size_t olen = sizeof(SHORTCODE_MARKER_OPEN) - 1;
	const char  *p;

	while (*i < s.n &&
	    (p = memmem(s.p + *i, s.n - *i, SHORTCODE_MARKER_OPEN, olen)) !=
		NULL) {
		*i = (size_t)(p - s.p);
		if (!shortcode_marker_parse((struct str){ p, s.n - *i }, m)) {
			(*i)++;
			continue;
		}
		*i += m->len;
		if (str_eqc(m->kind, "related"))
			return 1;
	}
	return 0;
}

enum ng_err
site_shortcodes_related_text(struct req *r, const struct article *a,
    struct buf *out)
{
	struct shortcode_marker m;
	struct article	       *art;
	const char	       *url;
	size_t			i = 0;
	enum ng_err		err;

	while (next_related(a->body_html.s, &i, &m)) {
		if ((err = related_out(r, m.id, &art)) != NG_OK)
			return err;
		if (art == NULL)
			continue;
		if ((url = site_abs(r, site_art_path(r, art, PV_PAGE))) == NULL)
			return NG_ENOMEM;
		buf_puts(out, "Also read: ");
		buf_putstr(out, art->title);
		buf_printf(out, " <%s>\n", url);
	}
	return NG_OK;
}

int
site_shortcodes_relates(const struct article *a, int64_t id)
{
	struct shortcode_marker m;
	size_t			i = 0;

	while (id > 0 && next_related(a->body_html.s, &i, &m))
		if (m.id == id)
			return 1;
	return 0;
}

enum ng_err
site_ad_slot_html(struct req *r, struct str name, int64_t section_id,
    struct safe_html *out)
{
	struct xctx x;
	struct buf  b;
	struct str  res;
	enum ng_err err;

	*out = safe_html_trust(STR_NULL);
	memset(&x, 0, sizeof(x));
	x.r = r;
	x.section_id = section_id;
	/* Distinct from the body's sliders on the same page. */
	x.nsliders = 100;
	buf_init(&b, r->arena);
	if ((err = put_ad_slot(&x, name, &b)) != NG_OK)
		return err;
	if ((err = buf_finish(&b, &res)) != NG_OK)
		return err;
	*out = safe_html_trust(res);
	return NG_OK;
}
