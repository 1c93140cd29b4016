/*
 * events.c -- webhook events with the API's shapes: a write that
 * changes what the public sees raises an event whose data is the object
 * as GET /wp/v2/... shows it to anyone (the view context), queued by
 * jobs/webhook.h.  The newsroom and the comment form reach this through
 * app->event (set by app.c), since they may not include the API.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/api.h"
#include "api/api_int.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/log.h"
#include "jobs/webhook.h"
#include "store/store.h"

void
api_event_send(struct api_ctx *ctx, const char *event, json_t *data)
{
	char *s;

	if (event == NULL || data == NULL)
		return;
	if ((s = json_dumps(data, JSON_COMPACT)) == NULL) {
		log_err("webhooks: cannot write the %s event", event);
		return;
	}
	webhook_emit(ctx->st, ctx->r->app->webhooks, event, str_c(s));
	free(s);
}

/* The page event of a move from status from (-1: new) to to. */
static const char *
page_event(int from, int to)
{
	if (to == PAGE_PUBLISHED)
		return from == PAGE_PUBLISHED ? "page.updated" :
						"page.published";
	return from == PAGE_PUBLISHED ? "page.deleted" : NULL;
}

void
api_event(struct req *r, const char *kind, int64_t id, int from, int to)
{
	struct api_ctx	ctx;
	struct article *a;
	struct page    *p;
	struct comment *c;
	const char     *ev[2] = { NULL, NULL };
	json_t	       *o = NULL;
	int		i;

	if (r->app == NULL || r->app->webhooks == NULL)
		return;
	memset(&ctx, 0, sizeof(ctx));
	ctx.r = r;
	ctx.a = r->arena;
	ctx.st = r->app->store;
	ctx.tz_off = api_tz_offset(&ctx);
	ctx.context = API_CTX_VIEW;
	if (strcmp(kind, "post") == 0) {
		ev[0] = webhook_article_event(from, to);
		if (ev[0] != NULL &&
		    store_article_by_id(ctx.a, ctx.st, id, &a) == NG_OK)
			o = api_post_json(&ctx, a, 0);
	} else if (strcmp(kind, "page") == 0) {
		ev[0] = page_event(from, to);
		if (ev[0] != NULL &&
		    store_page_by_id(ctx.a, ctx.st, id, &p) == NG_OK)
			o = api_page_json(&ctx, p, 0);
	} else if (strcmp(kind, "comment") == 0) {
		if (from < 0)
			ev[0] = "comment.created";
		if (to == COMMENT_APPROVED && from != COMMENT_APPROVED)
			ev[ev[0] != NULL] = "comment.approved";
		if (ev[0] != NULL &&
		    store_comment_get(ctx.a, ctx.st, id, &c) == NG_OK) {
			/* Held comments are reported held, spam as held. */
			if (c->status == COMMENT_SPAM)
				c->status = COMMENT_PENDING;
			o = api_comment_json(&ctx, c);
		}
	}
	for (i = 0; i < 2 && o != NULL; i++)
		api_event_send(&ctx, ev[i], o);
	if (o != NULL)
		json_decref(o);
}
