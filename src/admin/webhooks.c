/*
 * webhooks.c -- webhooks in the newsroom: the list, a new webhook (its
 * signing secret shown once), and one webhook's page, where it is
 * paused, resumed, tested or deleted and its delivery log is read, each
 * delivery sent again on demand.
 *
 * A webhook makes the server post to a URL someone typed, so only
 * administrators manage them (CAP_SETTINGS), and a URL is checked
 * exactly as a delivery checks it (jobs/webhook.h) before it is kept:
 * a private, loopback or link-local target is refused here, with the
 * reason, not later in the log.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "http/req.h"
#include "http/resp.h"
#include "jobs/webhook.h"
#include "render/tv.h"
#include "store/store.h"

#define LOG_ROWS 50 /* deliveries on a webhook's page */

/* What each event means, for the form (WEBHOOK_EVENTS, in order). */
static const struct {
	const char *name;
	const char *about;
} events[] = {
	{ "post.published", "an article goes live" },
	{ "post.updated", "a published article is saved again" },
	{ "post.unpublished", "an article is taken down or trashed" },
	{ "post.deleted", "an article is deleted for good" },
	{ "page.published", "a page goes live" },
	{ "page.updated", "a published page is saved again" },
	{ "page.deleted", "a page is taken down or deleted" },
	{ "comment.created", "a reader comments" },
	{ "comment.approved", "a comment is approved" },
};

#define NEVENTS (sizeof(events) / sizeof(events[0]))

static const struct admin_field_label labels[] = {
	{ "url", "URL" },
	{ "events", "Events" },
	{ NULL, NULL },
};

/* A webhook's events as a list of {name, on} for the page. */
static struct tv *
events_tv(struct admin_ctx *ctx, struct str list)
{
	struct tv  *v = tv_list(ctx->a), *x;
	const char *padded;
	size_t	    i;
	char	    key[80];

	/* ",a,b," holds ",a," exactly when a is one of the list. */
	padded = arena_printf(ctx->a, ",%.*s,", (int)list.n, list.p);
	for (i = 0; i < NEVENTS; i++) {
		x = tv_map(ctx->a);
		tv_set_cstr(ctx->a, x, "name", events[i].name);
		tv_set_cstr(ctx->a, x, "about", events[i].about);
		snprintf(key, sizeof(key), ",%s,", events[i].name);
		tv_set_bool(ctx->a, x, "on",
		    padded != NULL && strstr(padded, key) != NULL);
		tv_push(ctx->a, v, x);
	}
	return v;
}

/*
 * The list page.  form: what the new-webhook form shows (typed values
 * and a fault after a refusal); made: a webhook just added, whose
 * secret is shown this once.
 */
static enum ng_err
list_page(struct admin_ctx *ctx, const struct webhook *typed,
    const struct store_fault *f, const struct webhook *made, int status)
{
	struct webhook *v = NULL;
	struct tv      *root, *list, *x;
	size_t		i, n = 0;
	enum ng_err	err;

	if ((err = store_webhook_list(ctx->a, ctx->st, &v, &n)) != NG_OK)
		return err;
	root = admin_view(ctx, "Webhooks");
	list = tv_list(ctx->a);
	for (i = 0; i < n; i++) {
		x = tv_map(ctx->a);
		tv_set_int(ctx->a, x, "id", v[i].id);
		tv_set_str(ctx->a, x, "url", v[i].url);
		tv_set_str(ctx->a, x, "events",
		    str_eqc(v[i].events, "*") ? STR_LIT("all events") :
						v[i].events);
		tv_set_bool(ctx->a, x, "active", v[i].active);
		tv_push(ctx->a, list, x);
	}
	tv_set(ctx->a, root, "webhooks", list);
	tv_set_bool(ctx->a, root, "empty", n == 0);
	tv_set_bool(ctx->a, root, "full", n >= STORE_WEBHOOKS_MAX);
	if (made != NULL) {
		x = tv_map(ctx->a);
		tv_set_int(ctx->a, x, "id", made->id);
		tv_set_str(ctx->a, x, "url", made->url);
		tv_set_str(ctx->a, x, "secret", made->secret);
		tv_set(ctx->a, root, "made", x);
	}
	x = tv_map(ctx->a);
	tv_set_str(ctx->a, x, "url", typed != NULL ? typed->url : STR_LIT(""));
	tv_set(ctx->a, x, "events",
	    events_tv(ctx, typed != NULL ? typed->events : STR_LIT("")));
	tv_set_bool(ctx->a, x, "all",
	    typed == NULL || str_eqc(typed->events, "*"));
	if (f != NULL)
		admin_form_fault(ctx, x, labels, f);
	tv_set(ctx->a, root, "form", x);
	return admin_render(ctx, root, "admin_webhooks", status);
}

/* The events the form ticked, as a comma list ("*" for all). */
static enum ng_err
form_events(struct admin_ctx *ctx, struct str *out)
{
	struct str  v[NEVENTS + 1];
	struct buf  b;
	size_t	    i, n;
	enum ng_err err;

	*out = STR_LIT("");
	if (str_eqc(admin_field(ctx->r, "all"), "1")) {
		*out = STR_LIT("*");
		return NG_OK;
	}
	if ((err = admin_field_all(ctx->r, "events", v, NEVENTS + 1, &n)) !=
	    NG_OK)
		return err;
	buf_init(&b, ctx->a);
	for (i = 0; i < n; i++) {
		if (!webhook_event_known(v[i]) || str_eqc(v[i], "*"))
			continue;
		if (b.n > 0)
			buf_putc(&b, ',');
		buf_putstr(&b, v[i]);
	}
	return buf_finish(&b, out);
}

/* The URL's fault, or NULL: empty, too long, or refused by the policy. */
static const char *
url_fault(struct admin_ctx *ctx, struct str url)
{
	char why[300] = "not a URL";

	if (url.n == 0)
		return "Give the address that should receive the events.";
	if (url.n > STORE_WEBHOOK_URL_MAX)
		return "Too long: at most 2048 characters.";
	if (memchr(url.p, '\0', url.n) != NULL ||
	    webhooks_url_check(ctx->app->webhooks,
		arena_strndup(ctx->a, url.p, url.n), why,
		sizeof(why)) != NG_OK) {
		if (why[0] >= 'a' && why[0] <= 'z')
			why[0] = (char)(why[0] - 'a' + 'A');
		return arena_printf(ctx->a, "Not allowed: %s.", why);
	}
	return NULL;
}

enum ng_err
admin_webhooks(struct req *r, struct resp *rs)
{
	struct admin_ctx   ctx;
	struct webhook	   w;
	struct store_fault f;
	char		   secret[65];
	enum ng_err	   err;

	if (!admin_enter(r, rs, CAP_SETTINGS, &ctx))
		return NG_OK;
	if (r->method != HTTP_POST)
		return list_page(&ctx, NULL, NULL, NULL, 200);
	memset(&w, 0, sizeof(w));
	memset(&f, 0, sizeof(f));
	w.url = admin_field(r, "url");
	if ((err = form_events(&ctx, &w.events)) != NG_OK)
		return err;
	w.active = 1;
	if ((f.why = url_fault(&ctx, w.url)) != NULL)
		f.field = "url";
	else if (w.events.n == 0 || !webhook_events_valid(w.events)) {
		f.field = "events";
		f.why = "Choose at least one event, or all of them.";
	}
	if (f.why != NULL)
		return list_page(&ctx, &w, &f, NULL, 422);
	if (webhook_secret(secret) != NG_OK)
		return NG_EIO;
	w.secret = str_c(secret);
	err = store_webhook_add(ctx.st, &w, &w.id);
	if (err == NG_ETOOBIG) {
		f.field = "";
		f.why = "There are 100 webhooks already: delete one first.";
		return list_page(&ctx, &w, &f, NULL, 422);
	}
	if (err != NG_OK)
		return err;
	log_info("admin: %.*s added webhook %lld for %.*s",
	    (int)admin_log_name(ctx.user->login).n,
	    admin_log_name(ctx.user->login).p, (long long)w.id, (int)w.events.n,
	    w.events.p);
	/* Rendered, not redirected: the secret must not go into a URL. */
	return list_page(&ctx, NULL, NULL, &w, 201);
}

/* One delivery of the log, for the page. */
static struct tv *
delivery_tv(struct admin_ctx *ctx, const struct webhook_delivery *d,
    int64_t now)
{
	struct tv *x = tv_map(ctx->a);
	char	   when[96];

	tv_set_int(ctx->a, x, "id", d->id);
	tv_set_int(ctx->a, x, "webhook_id", d->webhook_id);
	admin_fmt_time(ctx, d->created_at, when, sizeof(when));
	tv_set_cstr(ctx->a, x, "when", arena_strdup(ctx->a, when));
	tv_set_str(ctx->a, x, "event", d->event);
	tv_set_cstr(ctx->a, x, "status", store_webhook_status_name(d->status));
	tv_set_bool(ctx->a, x, "failed", d->status == WEBHOOK_FAILED);
	if (d->last_code > 0)
		tv_set_int(ctx->a, x, "code", d->last_code);
	tv_set_int(ctx->a, x, "attempts", d->attempts);
	if (d->status == WEBHOOK_PENDING) {
		if (d->next_at <= now)
			tv_set_cstr(ctx->a, x, "next", "now");
		else {
			admin_fmt_time(ctx, d->next_at, when, sizeof(when));
			tv_set_cstr(ctx->a, x, "next",
			    arena_strdup(ctx->a, when));
		}
	}
	tv_set_str(ctx->a, x, "error", d->last_error);
	return x;
}

/* A webhook's page; error (NULL: none) is why an action was refused. */
static enum ng_err
hook_page(struct admin_ctx *ctx, const struct webhook *w, const char *error,
    int status)
{
	struct webhook_delivery *v;
	struct tv		*root, *list;
	char			 when[96];
	size_t			 i, n;
	int64_t			 now = (int64_t)time(NULL);
	enum ng_err		 err;

	if ((err = store_webhook_deliveries(ctx->a, ctx->st, w->id, LOG_ROWS,
		 &v, &n)) != NG_OK)
		return err;
	root = admin_view(ctx, "Webhook");
	tv_set_int(ctx->a, root, "id", w->id);
	tv_set_str(ctx->a, root, "url", w->url);
	tv_set_str(ctx->a, root, "events",
	    str_eqc(w->events, "*") ? STR_LIT("all events") : w->events);
	tv_set_bool(ctx->a, root, "active", w->active);
	admin_fmt_time(ctx, w->created_at, when, sizeof(when));
	tv_set_cstr(ctx->a, root, "created", arena_strdup(ctx->a, when));
	if (error != NULL)
		tv_set_cstr(ctx->a, root, "error", error);
	list = tv_list(ctx->a);
	for (i = 0; i < n; i++)
		tv_push(ctx->a, list, delivery_tv(ctx, &v[i], now));
	tv_set(ctx->a, root, "deliveries", list);
	tv_set_bool(ctx->a, root, "no_deliveries", n == 0);
	tv_set_int(ctx->a, root, "log_rows", LOG_ROWS);
	return admin_render(ctx, root, "admin_webhook", status);
}

/* Webhook id of the list, into *out (the list holds at most 100). */
static enum ng_err
find_hook(struct admin_ctx *ctx, int64_t id, struct webhook *out)
{
	struct webhook *v;
	size_t		i, n;
	enum ng_err	err;

	if ((err = store_webhook_list(ctx->a, ctx->st, &v, &n)) != NG_OK)
		return err;
	for (i = 0; i < n; i++)
		if (v[i].id == id) {
			*out = v[i];
			return NG_OK;
		}
	return NG_ENOTFOUND;
}

static enum ng_err
redirect(struct admin_ctx *ctx, int64_t id, const char *msg)
{
	const char *loc;

	loc = id > 0 ? arena_printf(ctx->a, "/admin/webhooks/%lld/?msg=%s",
			   (long long)id, msg) :
		       arena_printf(ctx->a, "/admin/webhooks/?msg=%s", msg);
	admin_redirect(ctx, loc != NULL ? loc : "/admin/webhooks/");
	return NG_OK;
}

enum ng_err
admin_webhook(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct webhook	 w;
	struct str	 act;
	int64_t		 delivery;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_SETTINGS, &ctx))
		return NG_OK;
	if ((err = find_hook(&ctx, admin_parse_id(req_cap(r, 0)), &w)) != NG_OK)
		return err;
	if (r->method != HTTP_POST)
		return hook_page(&ctx, &w, NULL, 200);
	act = admin_field(r, "action");
	if (str_eqc(act, "pause") || str_eqc(act, "resume")) {
		err = store_webhook_set_active(ctx.st, w.id,
		    str_eqc(act, "resume"));
		/* Resumed: what waited may be sent now. */
		if (err == NG_OK && str_eqc(act, "resume"))
			webhooks_wake(ctx.app->webhooks);
		return err != NG_OK ? err : redirect(&ctx, w.id, "updated");
	}
	if (str_eqc(act, "test")) {
		if (!w.active)
			return hook_page(&ctx, &w,
			    "This webhook is paused: resume it to send a "
			    "test.",
			    409);
		if ((err = webhook_ping(ctx.st, ctx.app->webhooks, &w,
			 &delivery)) != NG_OK)
			return err;
		return redirect(&ctx, w.id, "webhook-test");
	}
	if (str_eqc(act, "redeliver")) {
		delivery = admin_parse_id(admin_field(r, "delivery"));
		err = store_webhook_redeliver(ctx.st, w.id, delivery);
		if (err == NG_ENOTFOUND)
			return hook_page(&ctx, &w,
			    "That delivery is not in this webhook's log.", 404);
		if (err != NG_OK)
			return err;
		webhooks_wake(ctx.app->webhooks);
		return redirect(&ctx, w.id, "redelivered");
	}
	if (str_eqc(act, "delete")) {
		if ((err = store_webhook_delete(ctx.st, w.id)) != NG_OK)
			return err;
		log_info("admin: %.*s deleted webhook %lld",
		    (int)admin_log_name(ctx.user->login).n,
		    admin_log_name(ctx.user->login).p, (long long)w.id);
		return redirect(&ctx, 0, "deleted");
	}
	return admin_refuse(&ctx, 400, "Unknown action",
	    "This form has no such button.");
}
