/*
 * ads.c -- the theme's own ad placements: slots placed in the
 * header, in the sidebar and between front-page blocks.  The slot's ad
 * is chosen and rendered as for [ad] (shortcodes.c); the layout and
 * front templates show what this leaves in the view, through the
 * partials ads_header, ads_sidebar and ads_front.  Feeds and the text
 * view never come here: only HTML pages rendered by view_render() do.
 */
#include <string.h>

#include "core/app.h"
#include "core/buf.h"
#include "core/log.h"
#include "http/req.h"
#include "render/tv.h"
#include "site/shortcodes.h"
#include "site/site_int.h"
#include "store/store.h"

/* Map number n (1-based) of list, or NULL. */
static struct tv *
nth(const struct tv *list, size_t n)
{
	const struct tv_item	*it;

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
	struct req		*r = v->r;
	struct ad_slot		*slots;
	struct safe_html	 h;
	struct buf		 head, side;
	struct str		 hs, ss;
	struct tv		*blk;
	size_t			 i, n;
	enum ng_err		 err;

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
		    slots[i].position > 0 ? (size_t)slots[i].position : 1)) ==
		    NULL)
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
	enum ng_err	 err;

	if ((err = ads_page(v)) != NG_OK)
		log_warn("site: ad placements left out: %s", ng_strerror(err));
}
