/*
 * shortcodes.h -- shortcodes and ads at render time, for everything that
 * shows an article's body: the public pages (src/site), the newsroom's
 * preview (src/admin) and the REST API's content.rendered (src/api).
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
 * -- but its links are site paths.)  The text view takes the stored
 * body_text and site_shortcodes_related_text().
 */
#ifndef NG_READER_SHORTCODES_H
#define NG_READER_SHORTCODES_H

#include <stdint.h>

#include "core/err.h"
#include "core/html.h"
#include "core/str.h"

struct article;
struct buf;
struct req;

enum site_sc_mode {
	SITE_SC_PAGE, /* the reader's page: sliders, ads, players */
	SITE_SC_FEED, /* feeds and the API: fallbacks, no ads */
};

/*
 * a->body_html with its markers expanded for mode, in the request arena.
 * A marker whose slider, article or slot is gone renders as nothing.
 * Returns NG_OK, NG_ENOMEM, or NG_EDB from the store.
 */
enum ng_err site_shortcodes_html(struct req *r, const struct article *a,
    enum site_sc_mode mode, struct safe_html *out) NG_WUR;

/*
 * The text view's "Also read: TITLE <URL>" line of each [related]
 * marker of a's body whose article is out now, appended to out.  At
 * view time, not save time, so that a box pointing at a scheduled
 * story stays empty until the story's time and then shows.
 */
enum ng_err site_shortcodes_related_text(struct req *r, const struct article *a,
    struct buf *out) NG_WUR;

/*
 * Whether a's body has a [related] marker for article id: the page's
 * other boxes ("Also read" under the body, "Related articles") leave
 * out a story the body's own box names already.
 */
int site_shortcodes_relates(const struct article *a, int64_t id);

/*
 * The HTML of ad slot name on a page of section_id (0: none): the
 * "Advertisement" label and one live ad picked by weight, or empty
 * when the slot does not exist or has no live ad.  For theme placements
 * and the [ad] shortcode alike.
 */
enum ng_err site_ad_slot_html(struct req *r, struct str name,
    int64_t section_id, struct safe_html *out) NG_WUR;

#endif
