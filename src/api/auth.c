/*
 * auth.c -- who is calling the API, and what they may do.
 *
 * Only Application Passwords sign a caller in (HTTP Basic: the login and
 * one of the account's application passwords, admin/apppass.h); the
 * newsroom's session cookie is not accepted at all, so a page on another
 * site cannot make a signed-in editor's browser write through the API
 * (WordPress needs its X-WP-Nonce for the same reason; we have no use
 * for cookie calls).  Rights are the newsroom's own (admin/roles.h).
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "admin/roles.h"
#include "api/api_int.h"
#include "core/arena.h"
#include "core/tz.h"
#include "http/req.h"
#include "store/store.h"

int
api_user_can(struct api_ctx *ctx, enum admin_cap cap)
{
	return ctx->user != NULL && !ctx->user->disabled &&
	    admin_role_can(ctx->user->role, cap);
}

int
api_may_edit(struct api_ctx *ctx, const struct article *a)
{
	return ctx->user != NULL && admin_may_edit(ctx->user, a);
}

int32_t
api_tz_offset(struct api_ctx *ctx)
{
	struct str tz;
	int32_t	   off = 0;

	if (store_setting_get(ctx->a, ctx->st, "timezone", &tz) != NG_OK ||
	    tz.n == 0)
		return 0;
	if (tz_offset(tz, (int64_t)time(NULL), &off) != NG_OK)
		return 0;
	return off;
}

int
api_auth(struct api_ctx *ctx)
{
	struct str h = req_header(ctx->r, "Authorization");

	/* WordPress ignores schemes it does not know; so do we. */
	if (h.p == NULL || h.n < 6 || strncasecmp(h.p, "Basic ", 6) != 0)
		return 1;
	return api_auth_basic(ctx, (struct str){ h.p + 6, h.n - 6 });
}
