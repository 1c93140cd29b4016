/*
 * ads.c -- the demo's ad slots and house-ad sliders.
 *
 * The seed page showed "Advertisements" twice, each over an unrendered
 * [soliloquy id="..."]: two ad widgets holding sliders.  The demo has
 * what that page should have shown: two ad slots placed in the lead
 * story by [ad slot="..."] shortcodes, each showing a slider of house
 * ads.  The sliders keep the seed's Soliloquy ids as their legacy ids,
 * so the seed's own [soliloquy] shortcodes would find them too.  The
 * images are the built-in house-ad SVGs (/house-ads/N.svg, drawn by
 * site/ads.c), so no image library is needed.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "demo/demo.h"
#include "store/store.h"

struct demo_slide {
	const char *image;
	const char *alt;
	const char *caption;
	const char *link;
};

static const struct {
	int64_t		  legacy_id; /* the seed's Soliloquy id */
	const char	 *name;
	const char	 *slot; /* DEMO_AD_SLOT_* */
	struct demo_slide slides[3];
} demo_sliders[] = {
	{ 31272, "House ads: reader services", DEMO_AD_SLOT_1,
	    { { "/house-ads/1.svg",
		  "Subscribe to The Nutgraf Times: every "
		  "story, every morning",
		  "Subscribe to The Nutgraf Times "
		  "(house ad, demo)",
		  "/" },
		{ "/house-ads/2.svg",
		    "The Morning Briefing: five stories before "
		    "breakfast, free by email",
		    "The Morning Briefing (house ad, "
		    "demo)",
		    "/category/world/" },
		{ "/house-ads/3.svg",
		    "Advertise with us: reach readers who read "
		    "to the end",
		    "Advertise with us (house ad, demo)",
		    "/category/business/" } } },
	{ 31269, "House ads: get involved", DEMO_AD_SLOT_2,
	    { { "/house-ads/4.svg",
		  "Support local reporting: members keep our "
		  "newsroom independent",
		  "Support local reporting (house ad, "
		  "demo)",
		  "/" },
		{ "/house-ads/5.svg",
		    "Tell us what you think: join our readers' "
		    "panel",
		    "Join our readers' panel (house ad, demo)",
		    "/category/politics/" },
		{ "/house-ads/6.svg",
		    "Tip the newsroom: seen something we should "
		    "know?",
		    "Tip the newsroom (house ad, demo)",
		    "/category/technology/" } } },
};

static void
seterr(char *errbuf, size_t errsz, const char *what, const char *name,
    enum ng_err err)
{
	if (errsz > 0)
		snprintf(errbuf, errsz, "%s \"%s\": %s", what, name,
		    ng_strerror(err));
}

enum ng_err
demo_load_ads(struct store *st, char *errbuf, size_t errsz)
{
	struct slider  sl;
	struct slide   s;
	struct ad_slot slot;
	struct ad      ad;
	int64_t	       slider_id, slot_id, id;
	size_t	       i, k;
	enum ng_err    err;

	for (i = 0; i < sizeof(demo_sliders) / sizeof(demo_sliders[0]); i++) {
		memset(&sl, 0, sizeof(sl));
		sl.legacy_id = demo_sliders[i].legacy_id;
		sl.name = str_c(demo_sliders[i].name);
		if ((err = store_slider_add(st, &sl, &slider_id)) != NG_OK) {
			seterr(errbuf, errsz, "slider", demo_sliders[i].name,
			    err);
			return err;
		}
		for (k = 0; k < 3; k++) {
			memset(&s, 0, sizeof(s));
			s.slider_id = slider_id;
			s.image_url = str_c(demo_sliders[i].slides[k].image);
			s.alt = str_c(demo_sliders[i].slides[k].alt);
			s.caption = str_c(demo_sliders[i].slides[k].caption);
			s.link_url = str_c(demo_sliders[i].slides[k].link);
			if ((err = store_slide_add(st, &s, &id)) != NG_OK) {
				seterr(errbuf, errsz, "slide of",
				    demo_sliders[i].name, err);
				return err;
			}
		}
		memset(&slot, 0, sizeof(slot));
		slot.name = str_c(demo_sliders[i].slot);
		slot.placement = AD_PLACE_INLINE;
		slot.width = 600;
		slot.height = 200;
		if ((err = store_ad_slot_add(st, &slot, &slot_id)) != NG_OK) {
			seterr(errbuf, errsz, "ad slot", demo_sliders[i].slot,
			    err);
			return err;
		}
		memset(&ad, 0, sizeof(ad));
		ad.slot_id = slot_id;
		ad.name = sl.name;
		ad.kind = AD_SLIDER;
		ad.slider_id = slider_id;
		ad.weight = 1;
		ad.active = 1;
		if ((err = store_ad_add(st, &ad, &id)) != NG_OK) {
			seterr(errbuf, errsz, "ad", demo_sliders[i].name, err);
			return err;
		}
	}
	return NG_OK;
}
