/*
 * store_limit.c -- rate limits held in the database (store.h): the
 * same allowance for a key whichever instance or process asks.
 *
 * Each event is a row (key, time).  A rule "max per window" refuses
 * when the max-th newest event of the key lies inside the window, and
 * the wait is until that event leaves it.  The checks and the new row
 * are one write transaction, which the isolation contract serialises
 * with every other write (store_int.h), so two instances taking the
 * last allowed event at the same moment cannot both get it.
 */
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/store.h"
#include "store/store_int.h"

/* Everyone's events older than this are pruned as events are taken. */
#define LIMIT_KEEP_MS ((int64_t)STORE_LIMIT_WINDOW_MAX * 1000)

int64_t
store_limit_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

enum ng_err
store_limit_take(struct store *st, struct str key,
    const struct store_limit *rules, size_t nrules, int64_t now_ms,
    int64_t *retry_ms)
{
	const struct store_ops *ops = store_ops_of(st);
	struct store_wtx	tx;
	int64_t			wait = 0, longest = 0, win, at;
	uint32_t		max;
	size_t			i;
	enum ng_err		err;

	*retry_ms = 0;
	if (key.n == 0 || nrules > STORE_LIMIT_RULES_MAX)
		return NG_EINVAL;
	if (key.n > STORE_LIMIT_KEY_MAX)
		key.n = STORE_LIMIT_KEY_MAX;
	for (i = 0; i < nrules; i++) {
		win = rules[i].window_s > STORE_LIMIT_WINDOW_MAX ?
		    STORE_LIMIT_WINDOW_MAX :
		    rules[i].window_s;
		if (rules[i].max > 0 && win * 1000 > longest)
			longest = win * 1000;
	}
	if (longest == 0)
		return NG_OK; /* every rule off: nothing to count */
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	err = ops->limit_prune(tx.c, key, now_ms - longest,
	    now_ms - LIMIT_KEEP_MS);
	for (i = 0; i < nrules && err == NG_OK; i++) {
		max = rules[i].max > STORE_LIMIT_MAX ? STORE_LIMIT_MAX :
						       rules[i].max;
		win = rules[i].window_s > STORE_LIMIT_WINDOW_MAX ?
		    STORE_LIMIT_WINDOW_MAX :
		    rules[i].window_s;
		if (max == 0 || win == 0)
			continue;
		err = ops->limit_nth(tx.c, key, now_ms - win * 1000, max, &at);
		if (err == NG_ENOTFOUND) {
			err = NG_OK;
			continue;
		}
		if (err == NG_OK && at + win * 1000 - now_ms > wait)
			wait = at + win * 1000 - now_ms;
	}
	if (err == NG_OK && wait == 0)
		err = ops->limit_add(tx.c, key, now_ms);
	/* No reader sees an event: no page to drop, no sync. */
	err = store_wtx_end(&tx, err);
	if (err == NG_OK && wait > 0) {
		*retry_ms = wait;
		return NG_EFORBIDDEN;
	}
	return err;
}
