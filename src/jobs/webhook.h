/*
 * webhook.h -- webhook events and their delivery: the queue's sender
 * thread, the signature, and the events the site's writes raise.
 *
 * A write that raises an event (a post published, a comment approved)
 * calls webhook_emit() after it committed: the event is queued in the
 * store, one row per webhook that takes it, and the sender is woken.
 * The write never waits for a delivery.  The sender POSTs each due row
 * through outbound/post.h (the address policy of outbound/ssrf.h), and
 * on anything but a 2xx tries again later, each wait three times the
 * last (retry_base, 3 x, 9 x, ..., at most six hours), until attempts
 * tries; then the row is "failed".  The queue is in the database, so a
 * restart loses nothing; a delivery taken by an instance that died is
 * sent again when its lease ends.
 *
 * Each POST carries the JSON envelope {"event", "created_at", "data"}
 * (data: the object as the REST API shows it) and these headers:
 *   X-Nutgraf-Event: post.published
 *   X-Nutgraf-Delivery: 42              (the row id; retries keep it)
 *   X-Nutgraf-Timestamp: 1733570000     (Unix seconds of this attempt)
 *   X-Nutgraf-Signature: sha256=HEX     (HMAC-SHA256 under the
 *                                        webhook's secret of
 *                                        TIMESTAMP "." BODY)
 */
#ifndef NG_JOBS_WEBHOOK_H
#define NG_JOBS_WEBHOOK_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

struct store;
struct webhook;
struct webhooks;

/* The events, as webhooks name them in their events list. */
#define WEBHOOK_EVENTS                                               \
	"post.published,post.updated,post.unpublished,post.deleted," \
	"page.published,page.updated,page.deleted,comment.created,"  \
	"comment.approved"

/* Bytes of "sha256=" and 64 hex digits, with the NUL. */
#define WEBHOOK_SIG_LEN 72

struct webhook_opts {
	const char *allow;	/* webhook_allow: CIDR list */
	unsigned    retry_base; /* seconds */
	unsigned    attempts;
	unsigned    timeout; /* seconds */
};

/*
 * Start the sender on st.  NG_EINVAL (errbuf) for a bad allow list.
 */
enum ng_err webhooks_start(struct store *st, const struct webhook_opts *o,
    struct webhooks **out, char *errbuf, size_t errsz) NG_WUR;
/* Something was queued: send it now (NULL: a no-op). */
void webhooks_wake(struct webhooks *w);
/* Stop and join the thread, free w; NULL is a no-op. */
void webhooks_stop(struct webhooks *w);

/*
 * Queue event (one of WEBHOOK_EVENTS) with data, a JSON value as text,
 * for every webhook that takes it, and wake w (may be NULL).  A failure
 * is logged, never returned: the write that raised it stands.
 */
void webhook_emit(struct store *st, struct webhooks *w, const char *event,
    struct str data);

/*
 * May webhooks post to url?  Checked as a delivery is (scheme, host and
 * every address it resolves to) under w's webhook_allow (w NULL: no
 * private address at all).  NG_OK, or NG_EINVAL with why, a sentence
 * for the person who typed it.
 */
enum ng_err webhooks_url_check(const struct webhooks *w, const char *url,
    char *why, size_t whysz) NG_WUR;

/*
 * Queue a "ping" event to webhook h alone, whatever events it takes, and
 * wake w (may be NULL): the newsroom's test.  Its data names the webhook
 * (id, url, events).  *delivery gets the delivery's id; NG_ENOTFOUND for
 * a webhook gone meanwhile.
 */
enum ng_err webhook_ping(struct store *st, struct webhooks *w,
    const struct webhook *h, int64_t *delivery) NG_WUR;

/* Is name one event, or "*"?  (The CLI and newsroom check lists.) */
int webhook_event_known(struct str name);
/* Is list a comma list of known events (or "*"), without spaces? */
int webhook_events_valid(struct str list);

/* The event of an article moving from status from (-1: new) to to. */
const char *webhook_article_event(int from, int to);

/* sig = "sha256=" hex HMAC-SHA256(secret, timestamp "." body). */
void webhook_sign(struct str secret, int64_t timestamp, struct str body,
    char sig[WEBHOOK_SIG_LEN]);

/* Seconds to wait after the n-th failed attempt (n >= 1). */
int64_t webhook_backoff(unsigned retry_base, int n);

/* A new random secret: 32 bytes as 64 hex digits (and a NUL). */
enum ng_err webhook_secret(char out[65]) NG_WUR;

#endif
