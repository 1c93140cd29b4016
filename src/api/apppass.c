/*
 * apppass.c -- Application Passwords: HTTP Basic for the API.
 */
#include "api/api_int.h"

int
api_auth_basic(struct api_ctx *ctx, struct str b64)
{
	(void)b64;
	(void)api_fail(ctx, 401, "incorrect_password", "The provided password "
	    "is an invalid application password.", NULL);
	return 0;
}
