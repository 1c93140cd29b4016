/*
 * apppass.c -- HTTP Basic with an Application Password (admin/apppass.h)
 * for the API: "Authorization: Basic base64(login:password)".
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "admin/apppass.h"
#include "api/api_int.h"
#include "core/arena.h"
#include "http/req.h"
#include "http/resp.h"

/* Credentials longer than this are not credentials (bytes, decoded). */
#define BASIC_MAX 1024

static int
b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

int
api_base64_decode(struct arena *a, struct str in, struct str *out)
{
	char	*p;
	size_t	 i, n = 0;
	unsigned acc = 0;
	int	 bits = 0, v;

	*out = STR_NULL;
	while (in.n > 0 && (in.p[in.n - 1] == '=' || in.p[in.n - 1] == ' '))
		in.n--;
	while (in.n > 0 && in.p[0] == ' ') {
		in.p++;
		in.n--;
	}
	if (in.n == 0 || in.n > BASIC_MAX * 4 / 3 + 4)
		return 0;
	if ((p = arena_alloc(a, in.n * 3 / 4 + 1)) == NULL)
		return 0;
	for (i = 0; i < in.n; i++) {
		if ((v = b64val(in.p[i])) < 0)
			return 0;
		acc = (acc << 6) | (unsigned)v;
		if ((bits += 6) >= 8) {
			bits -= 8;
			p[n++] = (char)((acc >> bits) & 0xff);
		}
	}
	p[n] = '\0';
	*out = (struct str){ p, n };
	return 1;
}

int
api_auth_basic(struct api_ctx *ctx, struct str b64)
{
	struct str  cred, login, pw;
	const char *colon;
	int64_t	    retry;
	char	    b[32];

	if (!api_base64_decode(ctx->a, b64, &cred) ||
	    (colon = memchr(cred.p, ':', cred.n)) == NULL) {
		(void)api_fail(ctx, 401, "rest_invalid_authorization",
		    "The Authorization header is not valid Basic "
		    "credentials.",
		    NULL);
		return 0;
	}
	login = (struct str){ cred.p, (size_t)(colon - cred.p) };
	pw = (struct str){ colon + 1, cred.n - login.n - 1 };
	switch (admin_apppass_check(ctx->r, login, pw, &ctx->user, &retry)) {
	case APPPASS_OK:
		return 1;
	case APPPASS_NO_USER:
		(void)api_fail(ctx, 401, "invalid_username",
		    "Unknown username. "
		    "Check again or try your email address.",
		    NULL);
		return 0;
	case APPPASS_WRONG:
		(void)api_fail(ctx, 401, "incorrect_password",
		    "The provided "
		    "password is an invalid application password.",
		    NULL);
		return 0;
	case APPPASS_LIMITED:
		snprintf(b, sizeof(b), "%lld", (long long)retry);
		(void)api_fail(ctx, 429, "rest_too_many_failed_logins",
		    "Too many failed attempts. Try again later.", NULL);
		resp_header_add(ctx->r, ctx->rs, "Retry-After", b);
		return 0;
	default:
		(void)api_fail(ctx, 503, "rest_auth_unavailable",
		    "Signing in is not available right now.", NULL);
		return 0;
	}
}
