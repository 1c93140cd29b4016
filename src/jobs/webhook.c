/*
 * webhook.c -- webhook events: their names, the signature, the back-off,
 * and queueing an event (webhook.h).  The sender is webhook_send.c.
 */
#include <sys/random.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/hmac.h"
#include "core/json.h"
#include "core/log.h"
#include "jobs/webhook.h"
#include "store/store.h"

#define BACKOFF_MAX (6 * 3600) /* seconds */

int
webhook_event_known(struct str name)
{
	const char *p = WEBHOOK_EVENTS, *e;
	size_t	    n;

	if (str_eqc(name, "*"))
		return 1;
	for (;;) {
		e = strchr(p, ',');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (name.n == n && memcmp(name.p, p, n) == 0)
			return 1;
		if (e == NULL)
			return 0;
		p = e + 1;
	}
}

int
webhook_events_valid(struct str list)
{
	size_t i, start = 0;

	if (list.n == 0 || list.n > STORE_WEBHOOK_EVENTS_MAX)
		return 0;
	for (i = 0; i <= list.n; i++) {
		if (i < list.n && list.p[i] != ',')
			continue;
		if (!webhook_event_known(
			(struct str){ list.p + start, i - start }))
			return 0;
		start = i + 1;
	}
	return 1;
}

const char *
webhook_article_event(int from, int to)
{
	int was = from == ARTICLE_PUBLISHED, is = to == ARTICLE_PUBLISHED;

	if (is && !was)
		return "post.published";
	if (is)
		return "post.updated";
	if (was)
		return "post.unpublished";
	return NULL; /* drafts and schedules are nobody's news yet */
}

void
webhook_sign(struct str secret, int64_t timestamp, struct str body,
    char sig[WEBHOOK_SIG_LEN])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char	  mac[SHA256_LEN];
	struct buf	  m;
	struct str	  msg;
	size_t		  i;

	buf_init(&m, NULL);
	buf_printf(&m, "%lld.", (long long)timestamp);
	buf_putstr(&m, body);
	if (buf_finish(&m, &msg) != NG_OK) {
		/* No memory: a signature nobody can match, never a wrong one. */
		sig[0] = '\0';
		buf_release(&m);
		return;
	}
	hmac_sha256(secret.p, secret.n, msg.p, msg.n, mac);
	buf_release(&m);
	memcpy(sig, "sha256=", 7);
	for (i = 0; i < SHA256_LEN; i++) {
		sig[7 + 2 * i] = hex[mac[i] >> 4];
		sig[8 + 2 * i] = hex[mac[i] & 15];
	}
	sig[7 + 2 * SHA256_LEN] = '\0';
}

int64_t
webhook_backoff(unsigned retry_base, int n)
{
	int64_t w = retry_base > 0 ? retry_base : 1;

	while (--n > 0 && w < BACKOFF_MAX)
		w *= 3;
	return w < BACKOFF_MAX ? w : BACKOFF_MAX;
}

enum ng_err
webhook_secret(char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char	  b[32];
	size_t		  i;

	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
		return NG_EIO;
	for (i = 0; i < sizeof(b); i++) {
		out[2 * i] = hex[b[i] >> 4];
		out[2 * i + 1] = hex[b[i] & 15];
	}
	out[64] = '\0';
	return NG_OK;
}

void
webhook_emit(struct store *st, struct webhooks *w, const char *event,
    struct str data)
{
	struct buf  b;
	struct str  body;
	size_t	    queued = 0;
	enum ng_err err;

	buf_init(&b, NULL);
	/* event is one of ours and data is JSON: no escaping needed. */
	buf_printf(&b, "{\"event\":\"%s\",\"created_at\":%lld,\"data\":", event,
	    (long long)time(NULL));
	buf_putstr(&b, data);
	buf_putc(&b, '}');
	if (buf_finish(&b, &body) != NG_OK) {
		log_err("webhooks: no memory to queue %s", event);
		buf_release(&b);
		return;
	}
	err = store_webhook_enqueue(st, str_c(event), body, &queued);
	if (err != NG_OK)
		log_err("webhooks: cannot queue %s: %s", event,
		    ng_strerror(err));
	else if (queued > 0) {
		log_debug("webhooks: %s queued for %zu webhook%s", event,
		    queued, queued == 1 ? "" : "s");
		webhooks_wake(w);
	}
	buf_release(&b);
}

enum ng_err
webhook_ping(struct store *st, struct webhooks *w, const struct webhook *h,
    int64_t *delivery)
{
	struct buf   b;
	struct jsonw j;
	struct str   body;
	enum ng_err  err;

	*delivery = 0;
	buf_init(&b, NULL);
	jsonw_init(&j, &b, 0);
	jsonw_obj(&j);
	jsonw_kcstr(&j, "event", "ping");
	jsonw_kint(&j, "created_at", (int64_t)time(NULL));
	jsonw_key(&j, "data");
	jsonw_obj(&j);
	jsonw_kint(&j, "id", h->id);
	jsonw_kstr(&j, "url", h->url);
	jsonw_kstr(&j, "events", h->events);
	jsonw_end(&j);
	jsonw_end(&j);
	if ((err = buf_finish(&b, &body)) == NG_OK &&
	    (err = store_webhook_enqueue_one(st, h->id, STR_LIT("ping"), body,
		 delivery)) == NG_OK)
		webhooks_wake(w);
	buf_release(&b);
	return err;
}
