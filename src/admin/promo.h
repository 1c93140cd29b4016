/*
 * promo.h -- what the newsroom's slider and ad pages (sliders.c, ads.c)
 * share.
 */
#ifndef NG_ADMIN_PROMO_H
#define NG_ADMIN_PROMO_H

#include "admin/admin_int.h"

/*
 * Sliders and ads are managed by editors and administrators: exactly the
 * roles with the taxonomy capability, so they share it rather than grow
 * the role table.
 */
#define CAP_PROMO CAP_TAXONOMY

/* A store error of a slider or ad write as a page, or the error. */
enum ng_err promo_write_failed(struct admin_ctx *ctx, enum ng_err err);

/* A 303 to base with flash msg. */
enum ng_err promo_redirect(struct admin_ctx *ctx, const char *base,
    const char *msg);

/*
 * The library's images for a slide or an image ad: at most
 * PROMO_LIBRARY_MAX, newest first, into *v, *n (images only).
 */
#define PROMO_LIBRARY_MAX 100
enum ng_err promo_library_load(struct admin_ctx *ctx, struct media **v,
    size_t *n) NG_WUR;

/*
 * The options of a form's "media_id" <select> over v: "(the path
 * below)" first, then each image; chosen (0: none) is selected.
 */
struct tv *promo_library_options(struct admin_ctx *ctx, const struct media *v,
    size_t n, int64_t chosen);

/*
 * The form's "media_id": 0 when none was chosen; else the image's site
 * path into *image_url, its alt text into *alt and its caption into
 * *caption (caption may be NULL) where those were left empty.  A
 * media_id that is not a library image sets f (field "media_id") and
 * returns -1.  *chosen is what the form sent, for the form to be put
 * back.
 */
int promo_library_pick(struct admin_ctx *ctx, struct str *image_url,
    struct str *alt, struct str *caption, int64_t *chosen,
    struct store_fault *f);

#endif
