/*
 * webhook.c -- `nutgraf webhook`: register, list and remove webhooks,
 * read their delivery log, and check a URL against the address policy.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/config.h"
#include "jobs/webhook.h"
#include "outbound/post.h"
#include "outbound/ssrf.h"
#include "store/store.h"

/* Check url as a delivery would; 0, or the failure printed. */
static int
check_url(struct cli *c, const char *url)
{
	struct ssrf_allow allow;
	char		  why[300];
	enum ng_err	  err;

	if (cli_config(c) != 0)
		return 1;
	if (ssrf_allow_parse(c->cfg.webhook_allow, &allow) != NG_OK)
		return cli_fail(c,
		    "webhook_allow: not a list of addresses "
		    "and CIDR blocks");
	if (outbound_init() != NG_OK)
		return cli_fail(c, "cannot initialise libcurl");
	err = outbound_url_check(url, &allow, why, sizeof(why));
	outbound_cleanup();
	if (err != NG_OK)
		return cli_fail(c, "%s: %s", url, why);
	return 0;
}

static int
run_add(struct cli *c)
{
	struct webhook w;
	const char    *events = cli_get(c, "events"), *secret;
	char	       made[65];
	int64_t	       id;
	enum ng_err    err;

	if (events == NULL)
		events = "*";
	if (!webhook_events_valid(str_c(events)))
		return cli_usage(c, "--events: a comma list of %s, or *",
		    WEBHOOK_EVENTS);
	if (strlen(c->args[0]) > STORE_WEBHOOK_URL_MAX)
		return cli_usage(c, "URL: at most %d bytes",
		    STORE_WEBHOOK_URL_MAX);
	if ((secret = cli_get(c, "secret")) == NULL) {
		if (webhook_secret(made) != NG_OK)
			return cli_fail(c, "no randomness for a secret");
		secret = made;
	} else if (strlen(secret) < 16 ||
	    strlen(secret) > STORE_WEBHOOK_SECRET_MAX)
		return cli_usage(c, "--secret: 16 to %d bytes",
		    STORE_WEBHOOK_SECRET_MAX);
	if (check_url(c, c->args[0]) != 0 || cli_store_create(c) != 0)
		return 1;
	memset(&w, 0, sizeof(w));
	w.url = str_c(c->args[0]);
	w.secret = str_c(secret);
	w.events = str_c(events);
	w.active = 1;
	if ((err = store_webhook_add(c->st, &w, &id)) == NG_ETOOBIG)
		return cli_fail(c, "there are %d webhooks already",
		    STORE_WEBHOOKS_MAX);
	if (err != NG_OK)
		return cli_fail(c, "%s", ng_strerror(err));
	fprintf(c->out, "%lld\t%s\n", (long long)id, secret);
	fprintf(c->err,
	    "webhook %lld for %s: keep its secret to check "
	    "signatures\n",
	    (long long)id, events);
	return 0;
}

static int
run_list(struct cli *c)
{
	struct webhook *v;
	size_t		i, n;
	enum ng_err	err;

	if (cli_store(c) != 0)
		return 1;
	if ((err = store_webhook_list(c->a, c->st, &v, &n)) != NG_OK)
		return cli_fail(c, "%s", ng_strerror(err));
	for (i = 0; i < n; i++)
		fprintf(c->out, "%lld\t%s\t%.*s\t%.*s\n", (long long)v[i].id,
		    v[i].active ? "active" : "paused", (int)v[i].events.n,
		    v[i].events.p, (int)v[i].url.n, v[i].url.p);
	return 0;
}

static int
run_delete(struct cli *c)
{
	int64_t	    id = cli_id(c->args[0]);
	enum ng_err err;

	if (id == 0)
		return cli_usage(c, "ID: a webhook's number");
	if (cli_store(c) != 0)
		return 1;
	if ((err = store_webhook_delete(c->st, id)) == NG_ENOTFOUND)
		return cli_fail(c, "no webhook %lld", (long long)id);
	if (err != NG_OK)
		return cli_fail(c, "%s", ng_strerror(err));
	return 0;
}

static int
run_deliveries(struct cli *c)
{
	struct webhook_delivery *v;
	const char		*lim = cli_get(c, "limit");
	int64_t			 id = 0, limit = 50;
	size_t			 i, n;
	char			 when[32];
	struct tm		 tm;
	time_t			 t;
	enum ng_err		 err;

	if (c->nargs > 0 && (id = cli_id(c->args[0])) == 0)
		return cli_usage(c, "ID: a webhook's number");
	if (lim != NULL && ((limit = cli_id(lim)) == 0 || limit > 1000))
		return cli_usage(c, "--limit: 1 to 1000");
	if (cli_store(c) != 0)
		return 1;
	if ((err = store_webhook_deliveries(c->a, c->st, id, (size_t)limit, &v,
		 &n)) != NG_OK)
		return cli_fail(c, "%s", ng_strerror(err));
	for (i = 0; i < n; i++) {
		t = (time_t)v[i].created_at;
		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		fprintf(c->out, "%lld\t%lld\t%.*s\t%s\t%d\t%d\t%s\t",
		    (long long)v[i].id, (long long)v[i].webhook_id,
		    (int)v[i].event.n, v[i].event.p,
		    store_webhook_status_name(v[i].status), v[i].attempts,
		    v[i].last_code, when);
		cli_put_flat(c->out, v[i].last_error);
		fputc('\n', c->out);
	}
	return 0;
}

static int
run_check(struct cli *c)
{
	if (check_url(c, c->args[0]) != 0)
		return 1;
	fprintf(c->out, "%s: allowed\n", c->args[0]);
	return 0;
}

static const struct cli_opt add_opts[] = {
	{ "events", "LIST",
	    "the events to send, a comma list (post.published,"
	    "comment.approved, ...); * (the default) for all",
	    0 },
	{ "secret", "SECRET",
	    "the signing secret (16 bytes or more); a random one is made "
	    "and printed without it",
	    0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct cli_opt deliveries_opts[] = {
	{ "limit", "N", "show the newest N (50)", 0 }, { NULL, NULL, NULL, 0 }
};

static const struct cli_cmd webhook_add = {
	.name = "add",
	.summary = "register a webhook",
	.args = "URL",
	.opts = add_opts,
	.about = "Register URL (http or https; no private, loopback or "
		 "link-local address unless webhook_allow names it) for the "
		 "events of --events.  Prints its id and signing secret, "
		 "tab-separated.",
	.run = run_add,
};

static const struct cli_cmd webhook_list = {
	.name = "list",
	.summary = "list the webhooks",
	.about = "List the webhooks, one per line: id, active or paused, "
		 "events, URL (tab-separated).",
	.run = run_list,
};

static const struct cli_cmd webhook_delete = {
	.name = "delete",
	.summary = "remove a webhook and its delivery log",
	.args = "ID",
	.run = run_delete,
};

static const struct cli_cmd webhook_deliveries = {
	.name = "deliveries",
	.summary = "the delivery log",
	.args = "[ID]",
	.opts = deliveries_opts,
	.about = "The newest deliveries (of webhook ID, or of all), one per "
		 "line: delivery, webhook, event, status (pending, delivered, "
		 "failed), attempts, last HTTP status, queued at (UTC), last "
		 "error (tab-separated).",
	.run = run_deliveries,
};

static const struct cli_cmd webhook_check = {
	.name = "check",
	.summary = "check a URL against the address policy",
	.args = "URL",
	.about = "Resolve URL's host as a delivery would and say whether "
		 "webhooks may reach it (exit 0) or why not (exit 1).",
	.run = run_check,
};

static const struct cli_cmd *const webhook_subs[] = { &webhook_add,
	&webhook_list, &webhook_delete, &webhook_deliveries, &webhook_check,
	NULL };

const struct cli_cmd cli_cmd_webhook = {
	.name = "webhook",
	.summary = "webhooks: URLs told about new posts and comments",
	.about = "Webhooks: URLs that hear about events (posts published, "
		 "updated, unpublished or deleted, pages, comments created "
		 "or approved) by a signed JSON POST, queued and retried.",
	.subs = webhook_subs,
};
