/*
 * test_ratelimit.c -- the sliding-window limiter: tables of (time, allowed?,
 * retry) steps per rule set, key independence, check versus take,
 * forgetting, eviction under a flood of keys, and many threads at once.
 */
#include "testlib.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "http/ratelimit.h"

struct step {
	int64_t at_ms;
	int	ok;
	int64_t retry_ms; /* checked when !ok */
};

static const struct ratelimit_rule one_per_15s[] = { { 1, 15 } };
static const struct ratelimit_rule comments[] = { { 1, 15 }, { 20, 3600 } };
static const struct ratelimit_rule three_per_min[] = { { 3, 60 } };
static const struct ratelimit_rule off[] = { { 0, 15 }, { 5, 0 } };

static const struct {
	const char		    *name;
	const struct ratelimit_rule *rules;
	size_t			     nrules;
	struct step		     steps[32];
	size_t			     nsteps;
} cases[] = {
	{ "one per 15 s", one_per_15s, 1,
	    {
		{ 0, 1, 0 },
		{ 1, 0, 14999 },
		{ 5000, 0, 10000 },
		{ 14999, 0, 1 },
		{ 15000, 1, 0 },
		{ 15001, 0, 14999 },
		{ 40000, 1, 0 },
	    },
	    7 },
	{ "three per minute, sliding", three_per_min, 1,
	    {
		{ 0, 1, 0 },
		{ 10000, 1, 0 },
		{ 20000, 1, 0 },
		{ 20000, 0, 40000 },
		{ 59999, 0, 1 },
		{ 60000, 1, 0 },
		{ 60000, 0, 10000 },
		{ 70000, 1, 0 },
		{ 79999, 0, 1 },
		{ 200000, 1, 0 },
		{ 200000, 1, 0 },
		{ 200000, 1, 0 },
		{ 200001, 0, 59999 },
	    },
	    13 },
	{ "rules off", off, 2,
	    {
		{ 0, 1, 0 },
		{ 0, 1, 0 },
		{ 0, 1, 0 },
		{ 1, 1, 0 },
	    },
	    4 },
};

static void
test_tables(void **state)
{
	struct ratelimit *rl;
	size_t		  i, j;
	int64_t		  retry;
	int		  ok;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rl = ratelimit_new(100);
		for (j = 0; j < cases[i].nsteps; j++) {
			ok = ratelimit_take(rl, STR_LIT("k"), cases[i].rules,
			    cases[i].nrules, 1000000 + cases[i].steps[j].at_ms,
			    &retry);
			if (ok != cases[i].steps[j].ok ||
			    (!ok && retry != cases[i].steps[j].retry_ms))
				fail_msg("%s, step %zu: ok %d retry %lld",
				    cases[i].name, j, ok, (long long)retry);
		}
		ratelimit_free(rl);
	}
}

/*
 * The comment defaults: one per 15 s and 20 in any hour, however the 20
 * are spread.
 */
static void
test_comment_rules(void **state)
{
	struct ratelimit *rl = ratelimit_new(100);
	int64_t		  t = 5000, retry = 0;
	int		  i;

	(void)state;
	for (i = 0; i < 20; i++) {
		assert_true(
		    ratelimit_take(rl, STR_LIT("ip"), comments, 2, t, &retry));
		assert_false(ratelimit_take(rl, STR_LIT("ip"), comments, 2,
		    t + 1000, &retry));
		/* The 20th fills the hour: then that rule waits longer. */
		if (i < 19)
			assert_int_equal(retry, 14000);
		t += 60000;
	}
	/* 20 in 19 minutes: the hour is full until the first one lapses. */
	assert_false(ratelimit_take(rl, STR_LIT("ip"), comments, 2, t, &retry));
	assert_int_equal(retry, 5000 + 3600000 - t);
	assert_false(ratelimit_take(rl, STR_LIT("ip"), comments, 2,
	    t + retry - 1, NULL));
	assert_true(
	    ratelimit_take(rl, STR_LIT("ip"), comments, 2, t + retry, &retry));
	ratelimit_free(rl);
}

/*
 * A max above the exact log is counted per tick (a minute of an hour):
 * 200 an hour lets exactly 200 through however they are spread, the
 * 201st waits until the tick of the oldest lapses, and the flood rule
 * beside it still holds exactly.
 */
static void
test_counted_rule(void **state)
{
	static const struct ratelimit_rule big[] = { { 1, 2 }, { 200, 3600 } };
	struct ratelimit		  *rl = ratelimit_new(100);
	int64_t t0 = 7200000 + 30000, t = t0, retry = 0;
	int	i;

	(void)state;
	for (i = 0; i < 200; i++) {
		if (!ratelimit_take(rl, STR_LIT("cgnat"), big, 2, t, &retry))
			fail_msg("event %d refused (retry %lld)", i,
			    (long long)retry);
		/* The flood rule: not again within 2 s. */
		assert_false(ratelimit_take(rl, STR_LIT("cgnat"), big, 2,
		    t + 1999, &retry));
		/* After the 200th the hour is full: that wait is longer. */
		if (i < 199)
			assert_int_equal(retry, 1);
		t += 2000;
	}
	/* 200 in 400 s: the 201st waits for the first minute to lapse. */
	assert_false(ratelimit_take(rl, STR_LIT("cgnat"), big, 2, t, &retry));
	/* t0 is in tick 120; it stops counting when tick 181 begins. */
	assert_int_equal(retry, 181 * 60000 - t);
	assert_true(retry >= t0 + 3600000 - t);
	assert_true(retry <= t0 + 3600000 + 60000 - t);
	assert_false(
	    ratelimit_check(rl, STR_LIT("cgnat"), big, 2, t + retry - 1, NULL));
	/* Then the events of that first minute (15 of them) are free. */
	t += retry;
	for (i = 0; i < 15; i++) {
		assert_true(
		    ratelimit_take(rl, STR_LIT("cgnat"), big, 2, t, NULL));
		t += 2000;
	}
	assert_false(ratelimit_take(rl, STR_LIT("cgnat"), big, 2, t, NULL));
	/* Another key is untouched; a quiet hour frees everything. */
	assert_true(ratelimit_take(rl, STR_LIT("other"), big, 2, t, NULL));
	t += 3600000 + 60000;
	for (i = 0; i < 200; i++, t += 2000)
		assert_true(
		    ratelimit_take(rl, STR_LIT("cgnat"), big, 2, t, NULL));
	assert_false(ratelimit_take(rl, STR_LIT("cgnat"), big, 2, t, NULL));
	ratelimit_free(rl);
}

/* Thousands an hour, with no memory per event. */
static void
test_counted_large(void **state)
{
	static const struct ratelimit_rule r[] = { { 10000, 3600 } };
	struct ratelimit		  *rl = ratelimit_new(10);
	int64_t				   t = 0;
	int				   i;

	(void)state;
	for (i = 0; i < 10000; i++, t += 300)
		if (!ratelimit_take(rl, STR_LIT("k"), r, 1, t, NULL))
			fail_msg("event %d refused", i);
	assert_false(ratelimit_take(rl, STR_LIT("k"), r, 1, t, NULL));
	ratelimit_free(rl);
}

static void
test_keys_check_forget(void **state)
{
	struct ratelimit *rl = ratelimit_new(10);
	int64_t		  retry;

	(void)state;
	assert_true(ratelimit_take(rl, STR_LIT("a"), one_per_15s, 1, 0, NULL));
	assert_false(ratelimit_take(rl, STR_LIT("a"), one_per_15s, 1, 1, NULL));
	/* Another key, and a key that is a prefix, are separate. */
	assert_true(ratelimit_take(rl, STR_LIT("b"), one_per_15s, 1, 1, NULL));
	assert_true(ratelimit_take(rl, STR_LIT("ab"), one_per_15s, 1, 1, NULL));
	/* check() asks without spending. */
	assert_true(ratelimit_check(rl, STR_LIT("c"), one_per_15s, 1, 1, NULL));
	assert_true(ratelimit_check(rl, STR_LIT("c"), one_per_15s, 1, 1, NULL));
	assert_false(
	    ratelimit_check(rl, STR_LIT("a"), one_per_15s, 1, 2, &retry));
	assert_int_equal(retry, 14998);
	ratelimit_forget(rl, STR_LIT("a"));
	assert_true(ratelimit_take(rl, STR_LIT("a"), one_per_15s, 1, 2, NULL));
	ratelimit_free(rl);
}

/* Long keys: only the first RATELIMIT_KEY_MAX bytes count. */
static void
test_long_keys(void **state)
{
	struct ratelimit *rl = ratelimit_new(10);
	char		  k1[300], k2[300];

	(void)state;
	memset(k1, 'x', sizeof(k1));
	memcpy(k2, k1, sizeof(k2));
	k2[299] = 'y';
	assert_true(ratelimit_take(rl, (struct str){ k1, sizeof(k1) },
	    one_per_15s, 1, 0, NULL));
	assert_false(ratelimit_take(rl, (struct str){ k2, sizeof(k2) },
	    one_per_15s, 1, 0, NULL));
	ratelimit_free(rl);
}

/*
 * A flood of fresh keys fills the table; memory stays fixed and the
 * limiter keeps working (a limited key may be forgotten, never wrongly
 * limited).
 */
static void
test_flood(void **state)
{
	struct ratelimit *rl = ratelimit_new(256);
	char		  k[32];
	int		  i, n;

	(void)state;
	for (i = 0; i < 100000; i++) {
		n = snprintf(k, sizeof(k), "ip-%d", i);
		assert_true(ratelimit_take(rl, (struct str){ k, (size_t)n },
		    one_per_15s, 1, 1000, NULL));
	}
	/* The most recent key is still remembered. */
	assert_false(ratelimit_take(rl, (struct str){ k, (size_t)n },
	    one_per_15s, 1, 1001, NULL));
	/* After the window everything is free again. */
	assert_true(
	    ratelimit_take(rl, STR_LIT("ip-5"), one_per_15s, 1, 17000, NULL));
	ratelimit_free(rl);
}

#define NTHREADS   8
#define PER_THREAD 2000

static struct ratelimit *shared;
static int		 granted[NTHREADS];

static void *
worker(void *arg)
{
	static const struct ratelimit_rule r[] = { { 50, 3600 } };
	int				   id = (int)(intptr_t)arg, i;

	for (i = 0; i < PER_THREAD; i++)
		granted[id] += ratelimit_take(shared, STR_LIT("hot"), r, 1, 0,
		    NULL);
	return NULL;
}

/* Threads racing on one key never get more than max between them. */
static void
test_threads(void **state)
{
	pthread_t t[NTHREADS];
	int	  i, total = 0;

	(void)state;
	shared = ratelimit_new(1000);
	for (i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, worker,
				     (void *)(intptr_t)i),
		    0);
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], NULL);
		total += granted[i];
	}
	assert_int_equal(total, 50);
	ratelimit_free(shared);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_comment_rules),
		cmocka_unit_test(test_counted_rule),
		cmocka_unit_test(test_counted_large),
		cmocka_unit_test(test_keys_check_forget),
		cmocka_unit_test(test_long_keys),
		cmocka_unit_test(test_flood),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
