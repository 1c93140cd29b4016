/*
 * shortcodes.c -- shortcode markers, ad slots, the sandboxed ad frame and
 * the house-ad images, at render time.
 *
 * Markup comes from theme partials (sc_slider, sc_ad, sc_related,
 * sc_video), so a theme restyles sliders and ads like anything else; this
 * file only gathers the values.
 *
 * Ad isolation.  A code ad never touches the reader's page: the page
 * holds <iframe sandbox="allow-scripts allow-popups ..."> pointing at
 * /ad/ID/frame, and that response carries its own Content-Security-Policy
 * whose sandbox directive puts the document in an opaque origin even if
 * it is opened on its own.  Script there can run (ad code needs it) but
 * can read neither the page's DOM nor its cookies.  The reader's page
 * keeps its strict policy, with frame-src 'self' as the only addition.
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
#include "http/resp.h"
#include "render/theme.h"
#include "render/tv.h"
#include "site/shortcodes.h"
#include "site/site_int.h"
#include "store/store.h"

/*
 * The ad frame's policy: its own opaque origin (sandbox), scripts and
 * images from anywhere (third-party ad code loads its own), framed only
 * by this site.
 */
#define AD_FRAME_CSP \
	"sandbox allow-scripts allow-popups " \
	"allow-popups-to-escape-sandbox; default-src 'none'; " \
	"script-src * 'unsafe-inline'; style-src * 'unsafe-inline'; " \
	"img-src * data:; connect-src *; frame-src *; " \
	"frame-ancestors 'self'"

/* Per-render state: a counter that makes slider element ids unique. */
struct xctx {
	struct req	*r;
	int64_t		 section_id;
	unsigned	 nsliders;
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
	struct arena	*ar = x->r->arena;
	struct tv	*m, *list, *s;
	size_t		 i;
	unsigned	 uid = ++x->nsliders;

	if (sl->nslides == 0)
		return NULL;
	m = tv_map(ar);
	list = tv_list(ar);
	for (i = 0; i < sl->nslides; i++) {
		s = tv_map(ar);
		tv_set_cstr(ar, s, "id", arena_printf(ar, "sc-slider-%u-%zu",
		    uid, i + 1));
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
	tv_set_cstr(ar, m, "label", label != NULL ? label :
	    arena_strndup(ar, sl->name.p, sl->name.n));
	tv_set_cstr(ar, m, "uid", arena_printf(ar, "sc-slider-%u", uid));
	return m;
}

static enum ng_err
put_slider(struct xctx *x, int64_t id, const char *label, struct buf *out)
{
	struct slider	*sl;
	struct tv	*m;
	enum ng_err	 err;

	if ((err = store_slider_get(x->r->arena, x->r->app->store, id, &sl))
	    == NG_ENOTFOUND)
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
	uint32_t	 total = 0, k;
	size_t		 i;

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
	struct arena		*ar = x->r->arena;
	struct store		*st = x->r->app->store;
	struct ad_slot		 slot;
	struct ad		*ads;
	const struct ad		*ad;
	struct slider		*sl;
	struct tv		*m, *k;
	size_t			 n;
	enum ng_err		 err;

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
		tv_set_cstr(ar, k, "src", arena_printf(ar, "/ad/%lld/frame",
		    (long long)ad->id));
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

static enum ng_err
put_related(struct xctx *x, int64_t id, enum site_sc_mode mode,
    struct buf *out)
{
	struct arena	*ar = x->r->arena;
	struct article	*art;
	struct tv	*m;
	const char	*url;
	enum ng_err	 err;

	if ((err = store_article_by_id(ar, x->r->app->store, id, &art)) ==
	    NG_ENOTFOUND)
		return NG_OK;
	if (err != NG_OK)
		return err;
	if (art->status != ARTICLE_PUBLISHED ||
	    art->published_at > (int64_t)time(NULL))
		return NG_OK;
	url = site_art_path(x->r, art, PV_PAGE);
	if (url == NULL)
		return NG_ENOMEM;
	if (mode == SITE_SC_FEED) {
		buf_puts(out, "<p>Also read: <a href=\"");
		buf_puts(out, site_abs_url(x->r, url));
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
	struct arena	*ar = x->r->arena;
	struct tv	*m;
	const char	*slash;
	struct str	 prov, id;

	if ((slash = memchr(v.p, '/', v.n)) == NULL)
		return NG_OK;
	prov = (struct str){ v.p, (size_t)(slash - v.p) };
	id = (struct str){ slash + 1, v.n - prov.n - 1 };
	m = tv_map(ar);
	if (str_eqc(prov, "youtube")) {
		tv_set_cstr(ar, m, "site", "YouTube");
		tv_set_cstr(ar, m, "url", arena_printf(ar,
		    "https://www.youtube-nocookie.com/embed/%.*s?autoplay=1",
		    (int)id.n, id.p));
	} else if (str_eqc(prov, "vimeo")) {
		tv_set_cstr(ar, m, "site", "Vimeo");
		tv_set_cstr(ar, m, "url", arena_printf(ar,
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
	const char	*origin = site_abs_url(x->r, "");
	size_t		 i, start = 0;

	for (i = 0; i + 7 <= s.n; i++) {
		if ((memcmp(s.p + i, "href=\"/", 7) == 0 ||
		    (i + 6 <= s.n && memcmp(s.p + i, "src=\"/", 6) == 0)) &&
		    origin != NULL) {
			size_t k = s.p[i] == 'h' ? 6 : 5;

			if (i + k + 1 < s.n && s.p[i + k + 1] == '/')
				continue;	/* "//host": leave it */
			buf_put(out, s.p + start, i + k - start);
			buf_puts(out, origin);
			start = i + k;
			i = start;
		}
	}
	buf_put(out, s.p + start, s.n - start);
}

static enum ng_err
expand(struct xctx *x, const struct shortcode_marker *m,
    enum site_sc_mode mode, struct buf *out)
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

enum ng_err
site_shortcodes_html(struct req *r, const struct article *a,
    enum site_sc_mode mode, struct safe_html *out)
{
	const size_t		 olen = sizeof(SHORTCODE_MARKER_OPEN) - 1;
	struct shortcode_marker	 m;
	struct xctx		 x;
	struct buf		 b;
	struct str		 s = a->body_html.s, res;
	const char		*p;
	size_t			 i = 0;
	enum ng_err		 err;

	*out = a->body_html;
	if (s.n == 0 || memmem(s.p, s.n, SHORTCODE_MARKER_OPEN, olen) == NULL)
		return NG_OK;
	memset(&x, 0, sizeof(x));
	x.r = r;
	x.section_id = a->section_id != 0 ? a->section_id : a->section.id;
	buf_init(&b, r->arena);
	while (i < s.n &&
	    (p = memmem(s.p + i, s.n - i, SHORTCODE_MARKER_OPEN, olen)) !=
	    NULL) {
		buf_put(&b, s.p + i, (size_t)(p - s.p) - i);
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
	buf_put(&b, s.p + i, s.n - i);
	if ((err = buf_finish(&b, &res)) != NG_OK)
		return err;
	/* Markers, fallbacks and partials are all escaped HTML. */
	*out = safe_html_trust(res);
	return NG_OK;
}

enum ng_err
site_ad_slot_html(struct req *r, struct str name, int64_t section_id,
    struct safe_html *out)
{
	struct xctx	 x;
	struct buf	 b;
	struct str	 res;
	enum ng_err	 err;

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

/* Insert ins after the n-th "</p>" of body (at the end if fewer). */
static struct str
after_paragraph(struct arena *ar, struct str body, int n, struct str ins)
{
	struct buf	 b;
	struct str	 out;
	const char	*p = body.p, *e = body.p + body.n, *q;
	int		 k;

	for (k = 0; k < n && p < e &&
	    (q = memmem(p, (size_t)(e - p), "</p>\n", 5)) != NULL; k++)
		p = q + 5;
	if (k < n)
		p = e;
	buf_init(&b, ar);
	buf_put(&b, body.p, (size_t)(p - body.p));
	buf_putstr(&b, ins);
	buf_put(&b, p, (size_t)(e - p));
	if (buf_finish(&b, &out) != NG_OK)
		return body;
	return out;
}

enum ng_err
site_shortcodes_article(struct view *v, const struct article *a)
{
	struct req		*r = v->r;
	struct tv		*m;
	struct safe_html	 body, h;
	struct ad_slot		*slots;
	struct buf		 below;
	struct str		 bs;
	int64_t			 sec = a->section.id;
	size_t			 i, n;
	enum ng_err		 err;

	if ((m = tv_get(v->root, STR_LIT("article"))) == NULL)
		return NG_OK;
	if ((err = site_shortcodes_html(r, a, SITE_SC_PAGE, &body)) != NG_OK)
		return err;
	if ((err = view_ad_slots(v, &slots, &n)) != NG_OK)
		return err;
	buf_init(&below, r->arena);
	for (i = 0; i < n; i++) {
		if (slots[i].placement != AD_PLACE_AFTER_PARAGRAPH &&
		    slots[i].placement != AD_PLACE_BELOW_ARTICLE)
			continue;
		if ((err = site_ad_slot_html(r, slots[i].name, sec, &h)) !=
		    NG_OK)
			return err;
		if (h.s.n == 0)
			continue;
		if (slots[i].placement == AD_PLACE_BELOW_ARTICLE)
			buf_putstr(&below, h.s);
		else
			body = safe_html_trust(after_paragraph(r->arena,
			    body.s, slots[i].position, h.s));
	}
	if ((err = buf_finish(&below, &bs)) != NG_OK)
		return err;
	tv_set_html(v->a, m, "body", body);
	tv_set_html(v->a, m, "ad_below", safe_html_trust(bs));
	return NG_OK;
}

enum ng_err
site_ad_frame(struct req *r, struct resp *rs)
{
	struct ad	 ad;
	struct buf	 b;
	struct str	 cap = req_cap(r, 0);
	int64_t		 id = 0;
	size_t		 i;
	enum ng_err	 err;

	if (cap.n == 0 || cap.n > 18)
		return NG_ENOTFOUND;
	for (i = 0; i < cap.n; i++) {
		if (cap.p[i] < '0' || cap.p[i] > '9')
			return NG_ENOTFOUND;
		id = id * 10 + (cap.p[i] - '0');
	}
	if ((err = store_ad_get(r->arena, r->app->store, id, &ad)) != NG_OK)
		return err;
	if (ad.kind != AD_CODE || !ad.active)
		return NG_ENOTFOUND;
	buf_init(&b, r->arena);
	buf_puts(&b, "<!doctype html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\"><title>Advertisement</title>"
	    "<style>html,body{margin:0;padding:0;overflow:hidden}</style>"
	    "</head><body>\n");
	/* The advertiser's own code, as given: the sandbox contains it. */
	buf_putstr(&b, ad.code);
	buf_puts(&b, "\n</body></html>\n");
	if ((err = buf_finish(&b, &rs->body)) != NG_OK)
		return err;
	resp_header_add(r, rs, "Content-Security-Policy", AD_FRAME_CSP);
	resp_header_add(r, rs, "X-Frame-Options", "SAMEORIGIN");
	resp_header_add(r, rs, "Referrer-Policy", "no-referrer");
	rs->status = 200;
	rs->content_type = SITE_HTML;
	rs->cache_control = SITE_CACHE_PAGE;
	rs->compress = 1;
	return NG_OK;
}

/*
 * House ads: simple banners drawn as SVG, so the demo (and a new site)
 * has ad images without an image library.  600x200, text in the
 * system's sans-serif.
 */
static const struct {
	const char	*bg, *fg, *accent;
	const char	*head, *sub, *cta;
} house[] = {
	{ "#1d3557", "#ffffff", "#f1c453", "Subscribe to The Nutgraf Times",
	  "Every story, every morning, no paywall surprises", "Subscribe" },
	{ "#2a9d8f", "#ffffff", "#e9f5db", "The Morning Briefing",
	  "Five stories before breakfast, free by email", "Sign up" },
	{ "#e76f51", "#ffffff", "#fff3b0", "Advertise with us",
	  "Reach readers who read to the end", "Our rates" },
	{ "#6a4c93", "#ffffff", "#ffca3a", "Support local reporting",
	  "Members keep our newsroom independent", "Join now" },
	{ "#264653", "#ffffff", "#e9c46a", "Tell us what you think",
	  "Join our readers' panel: one question a week", "Take part" },
	{ "#bc4749", "#ffffff", "#f2e8cf", "Tip the newsroom",
	  "Seen something we should know? Write to the desk", "Send a tip" },
};

enum ng_err
site_house_ad_svg(struct req *r, struct resp *rs)
{
	struct str	 cap = req_cap(r, 0);
	struct buf	 b;
	size_t		 k;

	/* The router may leave the ".svg" suffix on the capture. */
	if (cap.n > 4 && memcmp(cap.p + cap.n - 4, ".svg", 4) == 0)
		cap.n -= 4;
	if (cap.n != 1 || cap.p[0] < '1' ||
	    (size_t)(cap.p[0] - '0') > sizeof(house) / sizeof(house[0]))
		return NG_ENOTFOUND;
	k = (size_t)(cap.p[0] - '1');
	buf_init(&b, r->arena);
	buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"600\" height=\"200\" viewBox=\"0 0 600 200\">"
	    "<rect width=\"600\" height=\"200\" fill=\"%s\"/>"
	    "<circle cx=\"540\" cy=\"30\" r=\"90\" fill=\"%s\" "
	    "opacity=\".25\"/>"
	    "<text x=\"40\" y=\"84\" font-family=\"sans-serif\" "
	    "font-size=\"34\" font-weight=\"bold\" fill=\"%s\">%s</text>"
	    "<text x=\"40\" y=\"122\" font-family=\"sans-serif\" "
	    "font-size=\"19\" fill=\"%s\">%s</text>"
	    "<rect x=\"40\" y=\"142\" width=\"150\" height=\"38\" rx=\"6\" "
	    "fill=\"%s\"/>"
	    "<text x=\"115\" y=\"167\" font-family=\"sans-serif\" "
	    "font-size=\"17\" font-weight=\"bold\" text-anchor=\"middle\" "
	    "fill=\"%s\">%s</text></svg>\n",
	    house[k].bg, house[k].accent, house[k].fg, house[k].head,
	    house[k].fg, house[k].sub, house[k].accent, house[k].bg,
	    house[k].cta);
	if (buf_finish(&b, &rs->body) != NG_OK)
		return NG_ENOMEM;
	rs->status = 200;
	rs->content_type = "image/svg+xml";
	rs->cache_control = SITE_CACHE_ASSET;
	rs->compress = 1;
	return NG_OK;
}
