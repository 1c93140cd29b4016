/*
 * ratelimit.h -- a small, thread-safe rate limiter keyed by strings.
 *
 * Callers name what they limit with a key ("comment:192.0.2.7",
 * "login:alice") and pass the rules at each call, so one limiter serves
 * many purposes (comments per IP, newsroom logins per IP or per user)
 * and the rules can come from settings that change while the server runs.
 *
 * Each rule is "at most max events in any window seconds".  A rule with
 * a small max (up to RATELIMIT_EVENTS_MAX) is enforced exactly: a key's
 * slot remembers the times of its last events (a sliding-window log), so
 * "20 per hour" never lets a 21st through within the hour, however the
 * 20 were spread.  A log of thousands of times per key would cost too
 * much memory, so a rule with a larger max (up to RATELIMIT_COUNT_MAX;
 * "2,000 comments an hour" from a carrier's shared address) is counted
 * instead in RATELIMIT_TICKS + 1 counters, each covering 1/RATELIMIT_TICKS
 * of the window: a sliding window of per-minute counters for an hour.
 * Events are counted a little longer than the window (up to one tick),
 * never shorter, so the limit is never exceeded; a refused event may have
 * had to wait up to one tick less.  A key has one set of counters, so
 * only the first such rule of a call is counted; another one is held to
 * RATELIMIT_EVENTS_MAX.
 *
 * Memory is fixed when the limiter is made: a table of slots in
 * independently locked shards.  When a shard's bucket is full, the slot
 * whose limit would lapse soonest is reused, so a flood of new keys can
 * only make the limiter forget the least-limited keys, never grow it.
 */
#ifndef NG_HTTP_RATELIMIT_H
#define NG_HTTP_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/str.h"

struct ratelimit;

/* Bytes of a key that count; longer keys are cut to this length. */
#define RATELIMIT_KEY_MAX 96
/* Rules per call. */
#define RATELIMIT_RULES_MAX 4
/* Events remembered per key: rules up to this max are exact. */
#define RATELIMIT_EVENTS_MAX 64
/* A counted rule's max above this counts as this. */
#define RATELIMIT_COUNT_MAX 65535
/* Counters per window of a counted rule. */
#define RATELIMIT_TICKS 60

/* At most max events per window seconds; max or window 0 turns it off. */
struct ratelimit_rule {
	uint32_t max;
	uint32_t window_s;
};

/*
 * A limiter that remembers about capacity keys (rounded up to fill its
 * shards; at least a few hundred).  Aborts if memory cannot be had, like
 * every process-lifetime allocation.  Free with ratelimit_free().
 */
struct ratelimit *ratelimit_new(size_t capacity);
void		  ratelimit_free(struct ratelimit *rl);

/*
 * Record one event for key at now_ms (milliseconds of a monotonic clock,
 * see ratelimit_now_ms()) if every one of the nrules rules allows it, and
 * return 1.  Otherwise record nothing, return 0 and set *retry_ms (when
 * retry_ms is not NULL) to how long until the event would be allowed.  A
 * key must always be used with the same rules, in the same order.
 * Safe to call from any thread.
 */
int ratelimit_take(struct ratelimit *rl, struct str key,
    const struct ratelimit_rule *rules, size_t nrules, int64_t now_ms,
    int64_t *retry_ms);

/* As ratelimit_take(), but only asks: nothing is recorded. */
int ratelimit_check(struct ratelimit *rl, struct str key,
    const struct ratelimit_rule *rules, size_t nrules, int64_t now_ms,
    int64_t *retry_ms);

/* Forget key (after a successful login, say). */
void ratelimit_forget(struct ratelimit *rl, struct str key);

/* Milliseconds of CLOCK_MONOTONIC, for now_ms. */
int64_t ratelimit_now_ms(void);

#endif
