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

#endif
