/*
 * ads.c -- the public site's side of ads: the theme's own placements
 * (slots in the header, in the sidebar and between front-page blocks),
 * the slots placed in an article's body, the sandboxed document of a
 * code ad and the house-ad images.  A slot's ad is chosen and rendered
 * as for [ad] (reader/shortcodes.h); the layout and front templates show
 * what this leaves in the view, through the partials ads_header,
 * ads_sidebar and ads_front.  Feeds and the text view never come here:
 * only HTML pages rendered by view_render() do.
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
#include <string.h>
#include <strings.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/html.h"
#include "core/config.h"
#include "core/log.h"
#include "core/utf8.h"
#include "http/req.h"
#include "http/resp.h"
#include "reader/shortcodes.h"
#include "render/tv.h"
#include "site/site.h"
#include "site/site_int.h"
#include "store/store.h"

/*
 * The ad frame's policy: its own opaque origin (sandbox), scripts and
 * images from anywhere (third-party ad code loads its own), framed only
 * by this site.
 */
#define AD_FRAME_CSP                                                  \
	"sandbox allow-scripts allow-popups "                         \
	"allow-popups-to-escape-sandbox; default-src 'none'; "        \
	"script-src * 'unsafe-inline'; style-src * 'unsafe-inline'; " \
	"img-src * data:; connect-src *; frame-src *; "               \
	"frame-ancestors 'self'"

/* Map number n (1-based) of list, or NULL. */
static struct tv *
nth(const struct tv *list, size_t n)
{
	const struct tv_item *it;

	if (list == NULL || list->type != TV_LIST || n == 0)
		return NULL;
	for (it = list->u.list.head; it != NULL && --n > 0; it = it->next)
		;
	return it != NULL && it->v->type == TV_MAP ? it->v : NULL;
}

/* Ads are not worth an error page: on failure the page has none. */
static enum ng_err
ads_page(struct view *v)
{
	struct req	*r = v->r;
	struct ad_slot	*slots;
	struct safe_html h;
	struct buf	 head, side;
	struct str	 hs, ss;
	struct tv	*blk;
	size_t		 i, n;
	enum ng_err	 err;

	if ((err = view_ad_slots(v, &slots, &n)) != NG_OK)
		return err;
	buf_init(&head, v->a);
	buf_init(&side, v->a);
	for (i = 0; i < n; i++) {
		if (slots[i].placement != AD_PLACE_HEADER &&
		    slots[i].placement != AD_PLACE_SIDEBAR &&
		    slots[i].placement != AD_PLACE_FRONT)
			continue;
		/* Front blocks first: no block, no work. */
		blk = NULL;
		if (slots[i].placement == AD_PLACE_FRONT &&
		    (blk = nth(tv_get(v->root, STR_LIT("blocks")),
			 slots[i].position > 0 ? (size_t)slots[i].position :
						 1)) == NULL)
			continue;
		if ((err = site_ad_slot_html(r, slots[i].name, v->section_id,
			 &h)) != NG_OK)
			return err;
		if (h.s.n == 0)
			continue;
		if (blk != NULL)
			tv_set_html(v->a, blk, "ad_after", h);
		else if (slots[i].placement == AD_PLACE_HEADER)
			buf_putstr(&head, h.s);
		else
			buf_putstr(&side, h.s);
	}
	if ((err = buf_finish(&head, &hs)) != NG_OK ||
	    (err = buf_finish(&side, &ss)) != NG_OK)
		return err;
	tv_set_html(v->a, v->root, "ad_header", safe_html_trust(hs));
	tv_set_html(v->a, v->root, "ad_sidebar", safe_html_trust(ss));
	return NG_OK;
}

void
site_ads_page(struct view *v)
{
	enum ng_err err;

	if ((err = ads_page(v)) != NG_OK)
		log_warn("site: ad placements left out: %s", ng_strerror(err));
}

/*
 * Ads after a paragraph.  A slot placed "after paragraph N" goes after
 * the N-th paragraph of the body as it was written: <p> elements at the
 * top level of the body only -- not those inside a quote, a list, a
 * figure or a box ("Also read", another ad) -- counted before any ad is
 * put in, so one slot does not move another.  Two ads are never back to
 * back: a slot whose place already has an ad (another slot, or an
 * [ad] the author put there) is left out.  A body shorter than N
 * paragraphs shows the slot once at its end (of such slots, the one
 * with the smallest N), and only when nothing there is an ad already
 * (an [ad] after the last paragraph, a slot placed after a last
 * paragraph that ends the body, the "below article" slot).  After
 * paragraph 0 is before the first.
 */

#define PARAS_MAX 1024 /* paragraphs counted; an ad after more is at the end */

/* Elements without an end tag (HTML's void elements). */
static int
void_element(const char *name, size_t n)
{
	static const char *const v[] = { "area", "base", "br", "col", "embed",
		"hr", "img", "input", "link", "meta", "source", "track",
		"wbr" };
	size_t			 i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (strlen(v[i]) == n && strncasecmp(v[i], name, n) == 0)
			return 1;
	return 0;
}

/* Past the blank space at i. */
static size_t
skip_space(struct str s, size_t i)
{
	while (i < s.n &&
	    (s.p[i] == ' ' || s.p[i] == '\n' || s.p[i] == '\t' ||
		s.p[i] == '\r'))
		i++;
	return i;
}

/*
 * The offsets just past each top-level paragraph of body (its "</p>"
 * and blank space after), at most max; returns how many.
 */
static size_t
paragraph_ends(struct str body, size_t *ends, size_t max)
{
	const char *lt;
	size_t	    i = 0, e, k, n = 0;
	int	    depth = 0;

	while (
	    i < body.n && (lt = memchr(body.p + i, '<', body.n - i)) != NULL) {
		i = (size_t)(lt - body.p);
		if (body.n - i >= 4 && memcmp(body.p + i, "<!--", 4) == 0) {
			lt = memmem(body.p + i + 4, body.n - i - 4, "-->", 3);
			i = lt != NULL ? (size_t)(lt - body.p) + 3 : body.n;
			continue;
		}
		if ((e = html_tag_end(body, i)) == 0)
			e = body.n;
		if (i + 1 < body.n && body.p[i + 1] == '/') {
			if (depth > 0)
				depth--;
			if (depth == 0 && e - i >= 4 &&
			    (body.p[i + 2] == 'p' || body.p[i + 2] == 'P') &&
			    (body.p[i + 3] == '>' || body.p[i + 3] == ' ') &&
			    n < max)
				ends[n++] = skip_space(body, e);
		} else if (i + 1 < body.n &&
		    ((body.p[i + 1] | 0x20) >= 'a' &&
			(body.p[i + 1] | 0x20) <= 'z')) {
			for (k = i + 1; k < e && body.p[k] != ' ' &&
			     body.p[k] != '>' && body.p[k] != '/' &&
			     body.p[k] != '\n' && body.p[k] != '\t';
			     k++)
				;
			if (!void_element(body.p + i + 1, k - i - 1) &&
			    body.p[e - 2] != '/')
				depth++;
		}
		i = e;
	}
	return n;
}

/* Whether an ad (an [ad]'s box) starts at offset i of body. */
static int
ad_at(struct str body, size_t i)
{
	static const char box[] = "<aside class=\"ad-slot";

	return body.n - i >= sizeof(box) - 1 &&
	    memcmp(body.p + i, box, sizeof(box) - 1) == 0;
}

struct para_ad {
	size_t		 at; /* offset in the body */
	struct safe_html h;
};

/* Whether an ad of put (n) is at offset at already. */
static int
taken(const struct para_ad *put, size_t n, size_t at)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (put[k].at == at)
			return 1;
	return 0;
}

/*
 * The body with the slots' ads (the n of ads, each with its paragraph
 * in want: 1 is after the first, 0 before it) put in by the rules
 * above; below: whether an ad follows the body.
 */
static enum ng_err
put_paragraph_ads(struct arena *ar, struct safe_html *body,
    const struct safe_html *ads, const int *want, size_t n, int below)
{
	struct str	s = body->s, out;
	struct para_ad *put;
	struct buf	b;
	size_t	       *ends, np, nput = 0, i, k, at, from = 0;
	int		end_taken;

	if (n == 0)
		return NG_OK;
	if ((ends = arena_calloc(ar, PARAS_MAX, sizeof(*ends))) == NULL ||
	    (put = arena_calloc(ar, n, sizeof(*put))) == NULL)
		return NG_ENOMEM;
	np = paragraph_ends(s, ends, PARAS_MAX);
	/* The slots whose paragraph is there. */
	for (i = 0; i < n; i++) {
		if (want[i] < 0 || (size_t)want[i] > np)
			continue;
		at = want[i] == 0 ? 0 : ends[want[i] - 1];
		if (ad_at(s, at) || taken(put, nput, at))
			continue; /* the author's [ad] or another slot is */
		put[nput].at = at;
		put[nput++].h = ads[i];
	}
	/*
	 * The first of the others at the end, unless an ad is there: the
	 * slot below the article, an [ad] after the last paragraph, or a
	 * slot after a last paragraph that ends the body.
	 */
	end_taken = below || (np > 0 && ad_at(s, ends[np - 1])) ||
	    taken(put, nput, s.n);
	for (i = 0, k = n; i < n && !end_taken; i++)
		if (want[i] > 0 && (size_t)want[i] > np &&
		    (k == n || want[i] < want[k]))
			k = i;
	if (!end_taken && k < n) {
		put[nput].at = s.n;
		put[nput++].h = ads[k];
	}
	if (nput == 0)
		return NG_OK;
	/* In body order (a few: insertion sort, stable). */
	for (i = 1; i < nput; i++)
		for (k = i; k > 0 && put[k - 1].at > put[k].at; k--) {
			struct para_ad t = put[k];

			put[k] = put[k - 1];
			put[k - 1] = t;
		}
	buf_init(&b, ar);
	for (k = 0; k < nput; k++) {
		buf_put(&b, s.p + from, put[k].at - from);
		buf_putstr(&b, put[k].h.s);
		from = put[k].at;
	}
	buf_put(&b, s.p + from, s.n - from);
	if (buf_finish(&b, &out) != NG_OK)
		return NG_ENOMEM;
	/* The body's own HTML and the slots' partials, both escaped. */
	*body = safe_html_trust(out);
	return NG_OK;
}

enum ng_err
site_shortcodes_article(struct view *v, const struct article *a)
{
	struct req	*r = v->r;
	struct tv	*m;
	struct safe_html body, h, *para;
	struct ad_slot	*slots;
	struct buf	 below;
	struct str	 bs;
	int64_t		 sec = a->section.id;
	int		*want;
	size_t		 i, n, npara = 0;
	enum ng_err	 err;

	if ((m = tv_get(v->root, STR_LIT("article"))) == NULL)
		return NG_OK;
	if ((err = site_shortcodes_html(r, a, SITE_SC_PAGE, &body)) != NG_OK)
		return err;
	if ((err = view_ad_slots(v, &slots, &n)) != NG_OK)
		return err;
	if ((para = arena_calloc(r->arena, n + 1, sizeof(*para))) == NULL ||
	    (want = arena_calloc(r->arena, n + 1, sizeof(*want))) == NULL)
		return NG_ENOMEM;
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
		else {
			para[npara] = h;
			want[npara++] = slots[i].position;
		}
	}
	if ((err = buf_finish(&below, &bs)) != NG_OK)
		return err;
	if ((err = put_paragraph_ads(r->arena, &body, para, want, npara,
		 bs.n > 0)) != NG_OK)
		return err;
	tv_set_html(v->a, m, "body", body);
	tv_set_html(v->a, m, "ad_below", safe_html_trust(bs));
	return NG_OK;
}

enum ng_err
site_ad_frame(struct req *r, struct resp *rs)
{
	struct ad   ad;
	struct buf  b;
	struct str  cap = req_cap(r, 0);
	int64_t	    id = 0;
	size_t	    i;
	enum ng_err err;

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
	buf_puts(&b,
	    "<!doctype html>\n<html lang=\"en\"><head>"
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
 * system's sans-serif.  A headline may name the site ("%s": the site's
 * name now, not when the demo was made), so its length is not known in
 * advance: each line's font size is chosen for it to fit the banner
 * (house_font_size()), and textLength holds it to the width whatever
 * font the reader's system has.
 */
static const struct {
	const char *bg, *fg, *accent;
	const char *head, *sub, *cta;
} house[] = {
	{ "#1d3557", "#ffffff", "#f1c453", "Subscribe to %s",
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

#define HOUSE_TEXT_W   520 /* 600 less a 40 px margin each side */
#define HOUSE_NAME_MAX 80  /* characters of the site's name shown */

/*
 * The font size (px) at which a line of nchars fits HOUSE_TEXT_W, at
 * most max: em_per_char is a wide sans-serif's average advance (bold
 * ~0.66 em, regular ~0.56 em), so the guess errs on the narrow side.
 */
static int
house_font_size(size_t nchars, int max, double em_per_char)
{
	double fs;

	if (nchars == 0)
		return max;
	fs = HOUSE_TEXT_W / (em_per_char * (double)nchars);
	return fs >= max ? max : fs < 8 ? 8 : (int)fs;
}

/* One line of text at (40, y), sized to fit; textLength when long. */
static void
house_line(struct buf *b, int y, int max, double em, const char *weight,
    const char *fill, struct str text)
{
	size_t n = utf8_chars(text.p, text.n);
	int    fs = house_font_size(n, max, em);

	buf_printf(b,
	    "<text x=\"40\" y=\"%d\" font-family=\"sans-serif\" "
	    "font-size=\"%d\" font-weight=\"%s\" fill=\"%s\"",
	    y, fs, weight, fill);
	/* Only a line at its widest is held to the width (never stretched). */
	if (fs < max)
		buf_printf(b,
		    " textLength=\"%d\" lengthAdjust=\"spacingAndGlyphs\"",
		    HOUSE_TEXT_W);
	buf_putc(b, '>');
	buf_put_html(b, text.p, text.n);
	buf_puts(b, "</text>");
}

/* The site's name as the masthead shows it: settings, config, default. */
static struct str
house_site_name(struct req *r)
{
	struct str  t = STR_NULL;
	const char *cfg = r->app->cfg != NULL ? r->app->cfg->site_title : NULL;
	size_t	    i, n = 0;

	if (store_setting_get(r->arena, r->app->store, "title", &t) != NG_OK ||
	    t.n == 0)
		t = str_c(cfg != NULL && *cfg != '\0' ? cfg : "nutgraf");
	/* At most HOUSE_NAME_MAX characters, cut at a character. */
	for (i = 0; i < t.n; i++)
		if (((unsigned char)t.p[i] & 0xc0) != 0x80 &&
		    n++ == HOUSE_NAME_MAX) {
			t.n = i;
			break;
		}
	return t;
}

enum ng_err
site_house_ad_svg(struct req *r, struct resp *rs)
{
	struct str  cap = req_cap(r, 0), head;
	struct buf  b;
	const char *pct;
	size_t	    k;

	/* The router may leave the ".svg" suffix on the capture. */
	if (cap.n > 4 && memcmp(cap.p + cap.n - 4, ".svg", 4) == 0)
		cap.n -= 4;
	if (cap.n != 1 || cap.p[0] < '1' ||
	    (size_t)(cap.p[0] - '0') > sizeof(house) / sizeof(house[0]))
		return NG_ENOTFOUND;
	k = (size_t)(cap.p[0] - '1');
	head = str_c(house[k].head);
	if ((pct = strstr(house[k].head, "%s")) != NULL) {
		struct str name = house_site_name(r);

		head = str_c(arena_printf(r->arena, "%.*s%.*s%s",
		    (int)(pct - house[k].head), house[k].head, (int)name.n,
		    name.p, pct + 2));
		if (head.p == NULL)
			return NG_ENOMEM;
	}
	buf_init(&b, r->arena);
	buf_printf(&b,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"600\" height=\"200\" viewBox=\"0 0 600 200\">"
	    "<rect width=\"600\" height=\"200\" fill=\"%s\"/>"
	    "<circle cx=\"540\" cy=\"30\" r=\"90\" fill=\"%s\" "
	    "opacity=\".25\"/>",
	    house[k].bg, house[k].accent);
	house_line(&b, 84, 34, 0.66, "bold", house[k].fg, head);
	house_line(&b, 122, 19, 0.56, "normal", house[k].fg,
	    str_c(house[k].sub));
	buf_printf(&b,
	    "<rect x=\"40\" y=\"142\" width=\"150\" height=\"38\" rx=\"6\" "
	    "fill=\"%s\"/>"
	    "<text x=\"115\" y=\"167\" font-family=\"sans-serif\" "
	    "font-size=\"17\" font-weight=\"bold\" text-anchor=\"middle\" "
	    "fill=\"%s\">%s</text></svg>\n",
	    house[k].accent, house[k].bg, house[k].cta);
	if (buf_finish(&b, &rs->body) != NG_OK)
		return NG_ENOMEM;
	rs->status = 200;
	rs->content_type = "image/svg+xml";
	/* It names the site: a renamed site shows its new name soon. */
	rs->cache_control = SITE_CACHE_PAGE;
	rs->compress = 1;
	return NG_OK;
}
