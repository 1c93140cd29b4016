/*
 * shortcodes.h -- shortcodes and ads at render time.
 *
 * An article's stored body_html holds marker elements where its
 * shortcodes were (content/shortcode.h); these calls turn them into what
 * a reader sees.  Sliders and ads are looked up when the page is
 * rendered, so editing a slider or rotating an ad needs no re-save; the
 * page cache keeps the result until the store changes.
 *
 * Feeds: call site_shortcodes_html(r, a, SITE_SC_FEED, &html) instead of
 * using a->body_html: a slider becomes its first image and a link, a
 * related box a plain "Also read:" link, a video a link, ads vanish, and
 * every URL is absolute.  (The stored body_html is already safe to send
 * as it is -- markers hold only those fallback forms, no shortcode text
 * -- but its links are site paths.)  The text view needs nothing: the
 * stored body_text already has the text forms.
 */
#ifndef NG_SITE_SHORTCODES_H
#define NG_SITE_SHORTCODES_H

#include <stdint.h>

#include "core/err.h"
#include "core/html.h"
#include "core/str.h"

struct ad_slot;
struct article;
struct req;
struct resp;
struct view;

enum site_sc_mode {
	SITE_SC_PAGE,	/* the reader's page: sliders, ads, players */
	SITE_SC_FEED,	/* feeds and the API: fallbacks, no ads */
};

/*
 * a->body_html with its markers expanded for mode, in the request arena.
 * A marker whose slider, article or slot is gone renders as nothing.
 * Returns NG_OK, NG_ENOMEM, or NG_EDB from the store.
 */
enum ng_err	site_shortcodes_html(struct req *r, const struct article *a,
		    enum site_sc_mode mode, struct safe_html *out) NG_WUR;

/*
 * The HTML of ad slot name on a page of section_id (0: none): the
 * "Advertisement" label and one live ad picked by weight, or empty
 * when the slot does not exist or has no live ad.  For theme placements
 * and the [ad] shortcode alike.
 */
enum ng_err	site_ad_slot_html(struct req *r, struct str name,
		    int64_t section_id, struct safe_html *out) NG_WUR;

/*
 * The article page's part: replace the "body" of the view's "article"
 * with the expanded body (slots placed after paragraph N inserted), and
 * set "ad_below" to the slots placed below the article.
 */
enum ng_err	site_shortcodes_article(struct view *v,
		    const struct article *a) NG_WUR;

/* GET /ad/{id}/frame: a code ad's document, sandboxed (own CSP). */
enum ng_err	site_ad_frame(struct req *r, struct resp *rs) NG_WUR;

/* GET /house-ads/{n}.svg: the built-in house-ad images. */
enum ng_err	site_house_ad_svg(struct req *r, struct resp *rs) NG_WUR;

/*
 * ads.c: put the ads of the header, sidebar and front-block slots into
 * v's root ("ad_header", "ad_sidebar", "ad_after" of front block N),
 * targeted at v->section_id.  view_render() calls it for every HTML
 * page; when the store fails the page simply shows no ads.
 */
void		site_ads_page(struct view *v);

#endif
