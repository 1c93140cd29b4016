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

/*
 * The wait the rules put on one more event of key at now_ms (0: none),
 * read inside tx.
 */
static enum ng_err
rules_wait(struct store_wtx *tx, const struct store_ops *ops, struct str key,
    const struct store_limit *rules, size_t nrules, int64_t now_ms,
    int64_t *wait)
{
	int64_t	    win, at;
	uint32_t    max;
	size_t	    i;
	enum ng_err err = NG_OK;

	*wait = 0;
	for (i = 0; i < nrules && err == NG_OK; i++) {
		max = rules[i].max > STORE_LIMIT_MAX ? STORE_LIMIT_MAX :
						       rules[i].max;
		win = rules[i].window_s > STORE_LIMIT_WINDOW_MAX ?
		    STORE_LIMIT_WINDOW_MAX :
		    rules[i].window_s;
		if (max == 0 || win == 0)
			continue;
		err = ops->limit_nth(tx->c, key, now_ms - win * 1000, max, &at);
		if (err == NG_ENOTFOUND) {
			err = NG_OK;
			continue;
		}
		if (err == NG_OK && at + win * 1000 - now_ms > *wait)
			*wait = at + win * 1000 - now_ms;
	}
	return err;
}

/* The longest window of the rules, in ms; 0 when every rule is off. */
static int64_t
rules_longest(const struct store_limit *rules, size_t nrules)
{
	int64_t win, longest = 0;
	size_t	i;

	for (i = 0; i < nrules; i++) {
		win = rules[i].window_s > STORE_LIMIT_WINDOW_MAX ?
		    STORE_LIMIT_WINDOW_MAX :
		    rules[i].window_s;
		if (rules[i].max > 0 && win * 1000 > longest)
			longest = win * 1000;
	}
	return longest;
}

/* take() when record is set, check() otherwise. */
static enum ng_err
limit_ask(struct store *st, struct str key, const struct store_limit *rules,
    size_t nrules, int64_t now_ms, int record, int64_t *retry_ms)
{
	const struct store_ops *ops = store_ops_of(st);
	struct store_wtx	tx;
	int64_t			wait = 0, longest;
	enum ng_err		err = NG_OK;

	*retry_ms = 0;
	if (key.n == 0 || nrules > STORE_LIMIT_RULES_MAX)
		return NG_EINVAL;
	if (key.n > STORE_LIMIT_KEY_MAX)
		key.n = STORE_LIMIT_KEY_MAX;
	if ((longest = rules_longest(rules, nrules)) == 0)
		return NG_OK; /* every rule off: nothing to count */
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	if (record)
		err = ops->limit_prune(tx.c, key, now_ms - longest,
		    now_ms - LIMIT_KEEP_MS);
	if (err == NG_OK)
		err = rules_wait(&tx, ops, key, rules, nrules, now_ms, &wait);
	if (err == NG_OK && wait == 0 && record)
		err = ops->limit_add(tx.c, key, now_ms);
	/* No reader sees an event: no page to drop, no sync. */
	err = store_wtx_end(&tx, err);
	if (err == NG_OK && wait > 0) {
		*retry_ms = wait;
		return NG_EFORBIDDEN;
	}
	return err;
}

enum ng_err
store_limit_take(struct store *st, struct str key,
    const struct store_limit *rules, size_t nrules, int64_t now_ms,
    int64_t *retry_ms)
{
	return limit_ask(st, key, rules, nrules, now_ms, 1, retry_ms);
}

enum ng_err
store_limit_check(struct store *st, struct str key,
    const struct store_limit *rules, size_t nrules, int64_t now_ms,
    int64_t *retry_ms)
{
	return limit_ask(st, key, rules, nrules, now_ms, 0, retry_ms);
}

enum ng_err
store_limit_note(struct store *st, struct str key, int64_t now_ms)
{
	const struct store_ops *ops = store_ops_of(st);
	struct store_wtx	tx;
	enum ng_err		err;

	if (key.n == 0)
		return NG_EINVAL;
	if (key.n > STORE_LIMIT_KEY_MAX)
		key.n = STORE_LIMIT_KEY_MAX;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	err = ops->limit_prune(tx.c, key, now_ms - LIMIT_KEEP_MS,
	    now_ms - LIMIT_KEEP_MS);
	if (err == NG_OK)
		err = ops->limit_add(tx.c, key, now_ms);
	return store_wtx_end(&tx, err);
}

enum ng_err
store_limit_recent(struct store *st, struct str key, int64_t since_ms,
    size_t max, size_t *n, int64_t *last_ms)
{
	const struct store_ops *ops = store_ops_of(st);
	struct store_wtx	tx;
	enum ng_err		err;
	int64_t			at;
	size_t			lo, hi, mid;

	*n = 0;
	*last_ms = 0;
	if (key.n == 0 || max == 0 || max > STORE_LIMIT_RECENT_MAX)
		return NG_EINVAL;
	if (key.n > STORE_LIMIT_KEY_MAX)
		key.n = STORE_LIMIT_KEY_MAX;
	/*
	 * The n-th newest event exists exactly when there are n: a binary
	 * search over the one query every backend has, in one transaction
	 * so the answers agree.
	 */
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	err = ops->limit_nth(tx.c, key, since_ms, 1, last_ms);
	if (err == NG_ENOTFOUND) {
		*last_ms = 0;
		return store_wtx_end(&tx, NG_OK);
	}
	lo = 1;	      /* exists */
	hi = max + 1; /* may not */
	while (err == NG_OK && hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		err = ops->limit_nth(tx.c, key, since_ms, mid, &at);
		if (err == NG_OK)
			lo = mid;
		else if (err == NG_ENOTFOUND) {
			hi = mid;
			err = NG_OK;
		}
	}
	if ((err = store_wtx_end(&tx, err)) == NG_OK)
		*n = lo;
	return err;
}

enum ng_err
store_limit_forget(struct store *st, struct str key)
{
	const struct store_ops *ops = store_ops_of(st);
	struct store_wtx	tx;
	enum ng_err		err;
	int64_t			now_ms = store_limit_now_ms();

	if (key.n == 0)
		return NG_EINVAL;
	if (key.n > STORE_LIMIT_KEY_MAX)
		key.n = STORE_LIMIT_KEY_MAX;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	err = ops->limit_prune(tx.c, key, INT64_MAX, now_ms - LIMIT_KEEP_MS);
	return store_wtx_end(&tx, err);
}
