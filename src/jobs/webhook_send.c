/*
 * webhook_send.c -- the webhook sender: a thread that takes due
 * deliveries from the store's queue and POSTs them (webhook.h).
 *
 * Its thread (jobs/worker.h) wakes on webhook_emit() or every SEND_POLL
 * seconds (another instance or the CLI may have queued something, a
 * retry may be due), takes up to a batch under a lease, sends each, and
 * records the answer: delivered on a 2xx; else pending again after the back-off, or failed
 * after the last attempt.  A URL the address policy refuses is failed at
 * once: retrying cannot make it allowed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "jobs/webhook.h"
#include "jobs/worker.h"
#include "outbound/post.h"
#include "outbound/ssrf.h"
#include "store/store.h"

#define SEND_POLL  5	      /* seconds between looks at the queue */
#define SEND_BATCH 20	      /* deliveries taken at once */
#define ANSWER_MAX (64 << 10) /* bytes of a receiver's answer */

struct webhooks {
	struct store	   *st;
	struct ssrf_allow   allow;
	unsigned	    retry_base, attempts, timeout;
	struct jobs_worker *wk;
};

/* Send one delivery and record how it went. */
static void
send_one(struct webhooks *w, const struct webhook_delivery *d)
{
	struct outbound_post   p;
	struct outbound_result r;
	enum webhook_status    st;
	char		       sig[WEBHOOK_SIG_LEN], h[4][128];
	int64_t		       now = (int64_t)time(NULL), next = now;
	int		       n = d->attempts + 1;
	enum ng_err	       err;

	webhook_sign(d->secret, now, d->payload, sig);
	snprintf(h[0], sizeof(h[0]), "X-Nutgraf-Event: %.*s", (int)d->event.n,
	    d->event.p);
	snprintf(h[1], sizeof(h[1]), "X-Nutgraf-Delivery: %lld",
	    (long long)d->id);
	snprintf(h[2], sizeof(h[2]), "X-Nutgraf-Timestamp: %lld",
	    (long long)now);
	snprintf(h[3], sizeof(h[3]), "X-Nutgraf-Signature: %s", sig);
	memset(&p, 0, sizeof(p));
	p.url = d->url.p;
	p.content_type = "application/json";
	p.headers[0] = h[0];
	p.headers[1] = h[1];
	p.headers[2] = h[2];
	p.headers[3] = h[3];
	p.nheaders = 4;
	p.body = d->payload;
	p.timeout_ms = (long)w->timeout * 1000;
	p.response_max = ANSWER_MAX;
	p.allow = &w->allow;
	err = outbound_post(&p, &r);
	if (err == NG_OK && r.status >= 200 && r.status <= 299)
		st = WEBHOOK_DELIVERED;
	else if (err == NG_EINVAL || n >= (int)w->attempts)
		st = WEBHOOK_FAILED;
	else {
		st = WEBHOOK_PENDING;
		next = now + webhook_backoff(w->retry_base, n);
	}
	if (st == WEBHOOK_DELIVERED)
		log_info("webhooks: delivery %lld (%.*s) to %s: HTTP %d",
		    (long long)d->id, (int)d->event.n, d->event.p, d->url.p,
		    r.status);
	else
		log_warn("webhooks: delivery %lld (%.*s) to %s, attempt %d: "
			 "%s%s",
		    (long long)d->id, (int)d->event.n, d->event.p, d->url.p, n,
		    r.error, st == WEBHOOK_FAILED ? "; given up" : "");
	if (store_webhook_done(w->st, d->id, st, n, next, r.status,
		str_c(st == WEBHOOK_DELIVERED ? "" : r.error)) != NG_OK)
		log_err("webhooks: cannot record delivery %lld",
		    (long long)d->id);
}

/* One pass over what is due (jobs_worker_fn); the number taken. */
static size_t
run_once(struct jobs_worker *wk, void *arg)
{
	struct webhooks		*w = arg;
	struct webhook_delivery *v;
	struct arena		*a;
	size_t			 i, n = 0;
	int64_t			 now = (int64_t)time(NULL);

	if ((a = arena_new(64 << 10)) == NULL)
		return 0;
	/* The lease outlasts the slowest batch: every send timing out. */
	if (store_webhook_due(a, w->st, now,
		now + (int64_t)w->timeout * SEND_BATCH + 60, SEND_BATCH, &v,
		&n) == NG_OK)
		/* Left leased when stopping: sent after the lease ends. */
		for (i = 0; i < n && !jobs_worker_stopping(wk); i++)
			send_one(w, &v[i]);
	arena_free(a);
	return n;
}

enum ng_err
webhooks_start(struct store *st, const struct webhook_opts *o,
    struct webhooks **out, char *errbuf, size_t errsz)
{
	struct webhooks *w;
	int		 rc;

	*out = NULL;
	w = xcalloc(1, sizeof(*w));
	if (ssrf_allow_parse(o->allow, &w->allow) != NG_OK) {
		snprintf(errbuf, errsz,
		    "webhook_allow: not a list of addresses and CIDR blocks "
		    "(at most %d): %s",
		    SSRF_ALLOW_MAX, o->allow);
		free(w);
		return NG_EINVAL;
	}
	w->st = st;
	w->retry_base = o->retry_base > 0 ? o->retry_base : 30;
	w->attempts = o->attempts > 0 ? o->attempts : 8;
	w->timeout = o->timeout > 0 ? o->timeout : 10;
	if (jobs_worker_start(run_once, w, SEND_BATCH, SEND_POLL, &w->wk,
		&rc) != NG_OK) {
		snprintf(errbuf, errsz, "cannot start the webhook sender: %s",
		    strerror(rc));
		free(w);
		return NG_EIO;
	}
	*out = w;
	return NG_OK;
}

enum ng_err
webhooks_url_check(const struct webhooks *w, const char *url, char *why,
    size_t whysz)
{
	static const struct ssrf_allow none;

	return outbound_url_check(url, w != NULL ? &w->allow : &none, why,
	    whysz);
}

void
webhooks_wake(struct webhooks *w)
{
	if (w != NULL)
		jobs_worker_wake(w->wk);
}

void
webhooks_stop(struct webhooks *w)
{
	if (w == NULL)
		return;
	jobs_worker_stop(w->wk);
	free(w);
}
