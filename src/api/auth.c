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
#include <stdlib.h>
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

/* The largest zoneinfo file kept per thread (most are under 4 KB). */
#define TZ_MEMO_MAX 16384

int32_t
api_tz_offset(struct api_ctx *ctx)
{
	/*
	 * The zone is read once per thread and store change (a setting
	 * write moves the generation), not once per request: the setting
	 * and the zoneinfo file were a tenth of an uncached list.  The
	 * offset itself is worked out each time (summer time).
	 */
	static _Thread_local struct {
		const struct store *st;
		uint64_t	    gen;
		int		    valid;
		int		    utc; /* "" or "UTC" */
		size_t		    n;	 /* 0: not kept, read each time */
		char		    name[TZ_NAME_MAX + 1];
		unsigned char	    data[TZ_MEMO_MAX];
	} memo;
	static const uint64_t settings = STORE_KEY(INVAL_SETTINGS, 0);
	unsigned char	     *buf;
	struct str	      tz;
	uint64_t	      gen;
	size_t		      n;
	int32_t		      off = 0;

	(void)store_generation_recent(ctx->st);
	if (memo.valid && memo.st == ctx->st &&
	    memo.gen == store_generation(ctx->st)) {
		store_read_note_keys(&settings, 1); /* as the read would */
		if (memo.utc)
			return 0;
		if (memo.n == 0)
			return tz_offset(str_c(memo.name), (int64_t)time(NULL),
				   &off) == NG_OK ?
			    off :
			    0;
		return tz_offset_data(memo.data, memo.n, (int64_t)time(NULL),
			   &off) == NG_OK ?
		    off :
		    0;
	}
	/* Stamped before the read: see store_read_generation(). */
	gen = store_read_generation(ctx->st);
	if (store_setting_get(ctx->a, ctx->st, "timezone", &tz) != NG_OK)
		return 0; /* not kept: asked again next time */
	memo.valid = 0;
	memo.st = ctx->st;
	memo.gen = gen;
	memo.n = 0;
	memo.utc = tz.n == 0 || str_eqc(tz, "UTC");
	if (!memo.utc) {
		if (tz.n > TZ_NAME_MAX || tz_file_read(tz, &buf, &n) != NG_OK)
			return 0; /* not a zone: UTC, read again next time */
		memcpy(memo.name, tz.p, tz.n);
		memo.name[tz.n] = '\0';
		if (n <= TZ_MEMO_MAX) {
			memcpy(memo.data, buf, n);
			memo.n = n;
		}
		if (tz_offset_data(buf, n, (int64_t)time(NULL), &off) != NG_OK)
			off = 0;
		free(buf);
	}
	memo.valid = 1;
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
