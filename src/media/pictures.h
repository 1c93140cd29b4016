/*
 * pictures.h -- the images of an article body shown as the featured
 * image is: every variant, width and height, WebP first.
 *
 * A body's images are saved as plain <img src="/media/KEY/W.jpg">: a
 * Markdown image, a [caption]'s, a [gallery]'s.  Left so, every reader
 * -- a phone too -- downloads the one file named, and the page jumps
 * when it arrives.  When a page is shown each such tag becomes a
 * <picture>: a WebP and a JPEG srcset of the image's variants, sizes
 * for the column (or the gallery's cell), width and height (so the
 * browser keeps the space before the bytes come: no layout shift),
 * lazy loading after the first.  Narrow screens get sources without
 * the largest variant, so a phone never fetches the 1600 px file
 * whatever its pixel density.  Done when shown, not when saved, so that
 * bodies saved before, imported ones and a later change of variants all
 * get it.
 */
#ifndef NG_MEDIA_PICTURES_H
#define NG_MEDIA_PICTURES_H

#include "core/err.h"
#include "core/str.h"

struct buf;
struct media;

/* The media row of key (NG_ENOTFOUND: leave the tag as it is). */
typedef enum ng_err (
    *media_lookup_fn)(void *arg, struct str key, struct media *out);

/*
 * State across the pieces of one body (the text between shortcode
 * markers comes in several calls).  Zero it, then set eager_first when
 * nothing above the body holds an image (no featured image): its first
 * image is then on the first screen and loads at once.
 */
struct media_pictures {
	media_lookup_fn lookup;
	void	       *arg;
	int		eager_first;
	int		seen;	    /* images shown so far */
	int		in_gallery; /* inside <ul class="sc-gallery"> */
};

/*
 * Append html to out with each <img> of one of our images rewritten
 * as above; everything else, and an image the lookup does not find,
 * copied as it is.  html is trusted (a stored body: sanitized, or
 * written by us); attribute values are copied as they were escaped.
 * NG_OK, or the lookup's error other than NG_ENOTFOUND.
 */
enum ng_err media_pictures_put(struct media_pictures *pc, struct str html,
    struct buf *out) NG_WUR;

#endif
