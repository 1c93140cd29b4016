/*
 * search.c -- search latency on a large database.
 *
 *	nutgraf-bench-search DB [ROUNDS]
 *
 * Opens DB (made by nutgraf-bench-gen, e.g. 100,000 articles) through
 * the store, as the server does, and times store_search() -- parse,
 * FTS5 match, BM25 ranking of every match, count, snippets of one page
 * -- for a fixed set of queries: common and rare words, several words,
 * a phrase, prefixes, a deep page, a query that matches nothing and a
 * hostile one.  Each query runs once to warm the page cache, then ROUNDS
 * times (default 30).  Prints p50 and p99 per query and over all calls,
 * in milliseconds, and the hit count, so a change in ranking work shows.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/log.h"
#include "store/store.h"

struct query {
	const char	*label;
	const char	*q;
	size_t		 offset;
};

/* Words from bench/gen.c's vocabulary, so every query means something. */
static const struct query queries[] = {
	{ "common word", "government", 0 },
	{ "other word", "satellite", 0 },
	/* Titles end in the article's number: a rare word. */
	{ "rare word", "4242", 0 },
	{ "common+rare", "government 4242", 0 },
	{ "two words", "budget council", 0 },
	{ "three words", "minister election inquiry", 0 },
	{ "phrase", "\"prime minister\"", 0 },
	{ "phrase 2", "\"the government\"", 0 },
	{ "prefix", "satel*", 0 },
	{ "short prefix", "el*", 0 },
	{ "page 10", "government", 90 },
	{ "no match", "zzyzx", 0 },
	{ "hostile", "NEAR( \"') OR -- * title:", 0 },
};
#define NQUERIES	(sizeof(queries) / sizeof(queries[0]))

static double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The p-th percentile (nearest rank) of sorted v[0..n). */
static double
pct(const double *v, size_t n, double p)
{
	size_t	 k;

	if (n == 0)
		return 0;
	k = (size_t)(p / 100.0 * (double)n + 0.999999);
	if (k < 1)
		k = 1;
	return v[k > n ? n - 1 : k - 1];
}

int
main(int argc, char *argv[])
{
	struct search_result	 res;
	struct store		*st;
	struct arena		*a;
	double			*all, *one, t;
	char			 err[256];
	size_t			 i, r, rounds = 30, nall = 0, total;
	enum ng_err		 e;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: nutgraf-bench-search DB [ROUNDS]\n");
		return 2;
	}
	if (argc == 3 && (rounds = strtoul(argv[2], NULL, 10)) == 0)
		rounds = 30;
	log_set_level(LOG_LVL_WARN);
	if (store_open(argv[1], 1, &st, err, sizeof(err)) != NG_OK) {
		fprintf(stderr, "bench: %s\n", err);
		return 1;
	}
	if (store_sitemap_count(st, 0, &total) != NG_OK)
		total = 0;
	printf("search latency, %zu published articles, %zu rounds\n",
	    total, rounds);
	all = calloc(NQUERIES * rounds, sizeof(*all));
	one = calloc(rounds, sizeof(*one));
	if (all == NULL || one == NULL)
		return 1;
	for (i = 0; i < NQUERIES; i++) {
		a = arena_new(16 * 1024 * 1024);
		e = store_search(a, st, str_c(queries[i].q),
		    queries[i].offset, 10, &res);	/* warm-up */
		arena_free(a);
		if (e != NG_OK) {
			fprintf(stderr, "bench: %s: %s\n", queries[i].q,
			    ng_strerror(e));
			return 1;
		}
		for (r = 0; r < rounds; r++) {
			a = arena_new(16 * 1024 * 1024);
			t = now_ms();
			e = store_search(a, st, str_c(queries[i].q),
			    queries[i].offset, 10, &res);
			one[r] = now_ms() - t;
			arena_free(a);
			if (e != NG_OK)
				return 1;
			all[nall++] = one[r];
		}
		qsort(one, rounds, sizeof(*one), cmp_double);
		printf("%-13s %-32s hits %7zu  p50 %8.2f ms  p99 %8.2f ms\n",
		    queries[i].label, queries[i].q, res.total,
		    pct(one, rounds, 50), pct(one, rounds, 99));
	}
	qsort(all, nall, sizeof(*all), cmp_double);
	printf("all queries: %zu calls  p50 %.2f ms  p99 %.2f ms\n", nall,
	    pct(all, nall, 50), pct(all, nall, 99));
	free(all);
	free(one);
	store_close(st);
	return 0;
}
