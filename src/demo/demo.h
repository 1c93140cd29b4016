/*
 * demo.h -- the sample site that `nutgraf serve --demo` starts with.
 *
 * The demo gives a fresh install something to look at: a site title,
 * five sections, a news desk and three plainly fictional reporters, the
 * reference article of DESIGN.md (the seed page, as it should have
 * looked) with its related "ALSO READ" article, and a dozen clearly
 * labelled sample stories, enough for every archive to have a second
 * page.
 */
#ifndef NG_DEMO_DEMO_H
#define NG_DEMO_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct store;

/* The slug of the reference article, the demo's lead story. */
#define DEMO_LEAD_SLUG                                 \
	"us-to-negotiate-troop-withdrawal-from-niger-" \
	"amid-military-leadership-talks"

/*
 * Fill an empty store with the demo site.  Every article goes through
 * article_save(), so it is validated, rendered and gets a revision like
 * an editor's.  Returns NG_ECONFLICT (and writes nothing) when the store
 * already holds content, or the first error of the store or of
 * article_save(); on any failure a one-line reason is written to errbuf
 * (when errsz > 0).  The loader is not one transaction: after a failure
 * the store may hold part of the demo, and the caller should start again
 * from a new data directory.  With data_dir (the site's, not NULL) each
 * published story gets a featured image drawn by demo_add_picture().
 */
enum ng_err demo_load(struct store *st, const char *data_dir, char *errbuf,
    size_t errsz) NG_WUR;

/* --- comments --- */
/*
 * Add the demo's approved comment thread under the lead story (called
 * by demo_load() after the articles; demo_comments.c).  Errors as
 * demo_load().
 */
enum ng_err demo_load_comments(struct store *st, char *errbuf,
    size_t errsz) NG_WUR;

/* --- sliders and ads --- */
/* The ad slots the lead story's [ad] shortcodes name. */
#define DEMO_AD_SLOT_1 "article-inline-1"
#define DEMO_AD_SLOT_2 "article-inline-2"

/*
 * Add the demo's two house-ad sliders and the ad slots that show them
 * (called by demo_load() before the articles, whose lead story places
 * the slots; demo_ads.c).  Errors as demo_load().
 */
enum ng_err demo_load_ads(struct store *st, char *errbuf, size_t errsz) NG_WUR;

/* --- pictures (pictures.c) --- */
#define DEMO_PIC_W 480
#define DEMO_PIC_H 270
/*
 * Paint a DEMO_PIC_W x DEMO_PIC_H landscape into px (3 bytes a pixel): the
 * same seed, the same picture; palette picks the colours, city adds a
 * skyline.  Pure.
 */
void demo_draw_picture(unsigned char *px, unsigned seed, int palette, int city);

/*
 * Draw a picture, store it as an upload under data_dir with alt text
 * alt and make it article_id's featured image.
 */
struct arena;
enum ng_err demo_add_picture(struct arena *a, struct store *st,
    const char *data_dir, int64_t article_id, unsigned seed, int palette,
    int city, const char *alt) NG_WUR;

#endif
