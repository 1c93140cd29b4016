/*
 * ratelimit.h -- a small, thread-safe rate limiter keyed by strings.
 *
 * Callers name what they limit with a key ("comment:192.0.2.7",
 * "login:alice") and pass the rules at each call, so one limiter serves
 * many purposes (comments per IP, newsroom logins per IP or per user)
 * and the rules can come from settings that change while the server runs.
 *
 * Each rule is "at most max events in any window seconds", enforced
 * exactly: a key's slot remembers the times of its last events (a
 * sliding-window log), so "20 per hour" never lets a 21st through within
 * the hour, however the 20 were spread.  That costs a few hundred bytes
 * per key, which is why a rule's max is capped at RATELIMIT_EVENTS_MAX.
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
#define RATELIMIT_KEY_MAX	96
/* Rules per call. */
#define RATELIMIT_RULES_MAX	4
/* Events remembered per key; a rule's max above it counts as this. */
#define RATELIMIT_EVENTS_MAX	64

/* At most max events per window seconds; max or window 0 turns it off. */
struct ratelimit_rule {
	uint32_t	 max;
	uint32_t	 window_s;
};

/*
 * A limiter that remembers about capacity keys (rounded up to fill its
 * shards; at least a few hundred).  Aborts if memory cannot be had, like
 * every process-lifetime allocation.  Free with ratelimit_free().
 */
struct ratelimit	*ratelimit_new(size_t capacity);
void			 ratelimit_free(struct ratelimit *rl);

/*
 * Record one event for key at now_ms (milliseconds of a monotonic clock,
 * see ratelimit_now_ms()) if every one of the nrules rules allows it, and
 * return 1.  Otherwise record nothing, return 0 and set *retry_ms (when
 * retry_ms is not NULL) to how long until the event would be allowed.  A
 * key must always be used with the same rules, in the same order.
 * Safe to call from any thread.
 */
int			 ratelimit_take(struct ratelimit *rl, struct str key,
			    const struct ratelimit_rule *rules, size_t nrules,
			    int64_t now_ms, int64_t *retry_ms);

/* As ratelimit_take(), but only asks: nothing is recorded. */
int			 ratelimit_check(struct ratelimit *rl, struct str key,
			    const struct ratelimit_rule *rules, size_t nrules,
			    int64_t now_ms, int64_t *retry_ms);

/* Forget key (after a successful login, say). */
void			 ratelimit_forget(struct ratelimit *rl, struct str key);

/* Milliseconds of CLOCK_MONOTONIC, for now_ms. */
int64_t			 ratelimit_now_ms(void);

#endif
