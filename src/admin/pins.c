/*
 * pins.c -- pinning articles to the front page (WordPress's sticky
 * posts) from the newsroom: the Pin and Unpin buttons of the article
 * list, and what the editor's checkbox reads and writes.
 *
 * Pinning changes what every reader's front page shows first, so it is
 * an editor's decision (CAP_EDIT_OTHERS), as "Stick to the front page"
 * is in WordPress.  The store drops the cached front page when a pin
 * changes.
 */
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "core/arena.h"
#include "http/req.h"
#include "store/store.h"

int
admin_may_pin(const struct admin_ctx *ctx)
{
	return admin_role_can(ctx->user->role, CAP_EDIT_OTHERS);
}

enum ng_err
admin_pinned_ids(struct admin_ctx *ctx, int64_t **ids, size_t *n)
{
	return store_article_pins(ctx->a, ctx->st, 0, STORE_PINS_MAX, ids, n);
}

int
admin_id_in(const int64_t *ids, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

enum ng_err
admin_article_set_pin(struct admin_ctx *ctx, int64_t id, int on)
{
	int64_t	   *ids;
	size_t	    n;
	enum ng_err err;

	if ((err = admin_pinned_ids(ctx, &ids, &n)) != NG_OK)
		return err;
	/* Unchanged: no write, so the cached front page stays. */
	if (admin_id_in(ids, n, id) == (on != 0))
		return NG_OK;
	return store_article_pin(ctx->st, id, on);
}

/*
 * POST /admin/articles/{id}/pin/: field pin ("1" pins, "0" unpins),
 * back to the list the button was on.
 */
enum ng_err
admin_article_pin(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct str	 v;
	const char	*loc;
	int64_t		 id;
	int		 on;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_WRITE, &ctx))
		return NG_OK;
	if (!admin_may_pin(&ctx))
		return admin_forbidden(&ctx,
		    "Only editors and administrators pin articles to the "
		    "front page.");
	id = admin_parse_id(req_cap(r, 0));
	v = admin_field(r, "pin");
	if (str_eqc(v, "1"))
		on = 1;
	else if (str_eqc(v, "0"))
		on = 0;
	else
		return admin_refuse(&ctx, 400, "Bad request",
		    "The form says neither pin nor unpin.");
	err = id > 0 ? admin_article_set_pin(&ctx, id, on) : NG_ENOTFOUND;
	if (err == NG_ENOTFOUND)
		return admin_refuse(&ctx, 404, "Not found",
		    "There is no such article.");
	if (err != NG_OK)
		return err;
	loc = arena_printf(ctx.a, "/admin/articles/?msg=%s",
	    on ? "pinned" : "unpinned");
	admin_redirect(&ctx, loc != NULL ? loc : "/admin/articles/");
	return NG_OK;
}
