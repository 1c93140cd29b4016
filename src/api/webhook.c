/*
 * webhook.c -- the API's side of webhooks: which event a write is.
 */
#include "api/api_int.h"

void
api_webhook_post(struct api_ctx *ctx, const struct article *prev, int64_t id)
{
	(void)ctx;
	(void)prev;
	(void)id;
}

void
api_webhook_unpublished(struct api_ctx *ctx, const struct article *prev)
{
	(void)ctx;
	(void)prev;
}
