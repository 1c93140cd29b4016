/*
 * search.c -- search latency on a large database.
 *
 *	nutgraf-bench-search DB [QUERIES]
 *
 * Opens DB (made by nutgraf-bench-gen, e.g. 100,000 articles) through
 * the store, as the server does, and times store_search() -- parse,
 * FTS5 match, bounded ranking, count, snippets of one page -- for
 * QUERIES (default 1,000, at least 100) queries drawn the way readers
 * type them, from the generator's own Zipf-distributed vocabulary:
 *
 *	80 %	one to three words drawn by frequency (50/35/15)
 *	10 %	a phrase: a function word and a content word ("the budget")
 *	 5 %	a prefix of a word drawn by frequency ("infla*")
 *	 5 %	one of the ten most common words, which match most of the
 *		archive: the case ranking must stay bounded for
 *
 * plus a few fixed ones (a deep page, no match, a hostile string).  The
 * same seed gives the same queries.  Each query runs once to warm the
 * page cache first.  Prints p50 and p99 per kind and over all calls, in
 * milliseconds, and how many answers were "about N" estimates;
 * NUTGRAF_BENCH_TRACE=1 in the environment prints each query's time,
 * CPU time, kind and count on stderr.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/log.h"
#include "store/store.h"
#include "vocab.h"

enum kind { K_WORDS, K_PHRASE, K_PREFIX, K_COMMON, K_FIXED, K__MAX };

static const char *const kind_names[K__MAX] = {
	"1-3 words", "phrase", "prefix", "common word", "fixed"
};

struct query {
	enum kind	 kind;
	char		 q[128];
	size_t		 offset;
};

static const struct { const char *q; size_t offset; } fixed[] = {
	{ "government", 90 },		/* page 10 of a broad query */
	{ "zzyzx", 0 },			/* nothing */
	{ "NEAR( \"') OR -- * title:", 0 },	/* hostile */
	{ "4242", 0 },			/* titles end in their number */
};
#define NFIXED	(sizeof(fixed) / sizeof(fixed[0]))

/* Query i of the mix, drawn with rng. */
static void
make_query(uint64_t *rng, struct query *q)
{
	unsigned	 d = (unsigned)(vocab_rnd(rng) % 100), n, i;
	size_t		 len = 0;
	const char	*w;

	memset(q, 0, sizeof(*q));
	if (d < 5) {
		q->kind = K_COMMON;
		snprintf(q->q, sizeof(q->q), "%s",
		    vocab_content(vocab_rnd(rng) % 10));
	} else if (d < 10) {
		q->kind = K_PREFIX;
		w = vocab_content(vocab_rank(rng));
		n = 3 + (unsigned)(vocab_rnd(rng) % 3);
		snprintf(q->q, sizeof(q->q), "%.*s*", (int)n, w);
	} else if (d < 20) {
		q->kind = K_PHRASE;
		snprintf(q->q, sizeof(q->q), "\"%s %s\"",
		    vocab_function(rng), vocab_content(vocab_rank(rng)));
	} else {
		q->kind = K_WORDS;
		d = (unsigned)(vocab_rnd(rng) % 100);
		n = d < 50 ? 1 : d < 85 ? 2 : 3;
		for (i = 0; i < n; i++)
			len += (size_t)snprintf(q->q + len, sizeof(q->q) - len,
			    "%s%s", i > 0 ? " " : "",
			    vocab_content(vocab_rank(rng)));
	}
}

static double
clock_ms(clockid_t id)
{
	struct timespec	 ts;

	clock_gettime(id, &ts);
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

/*
 * One query: *ms the time it took, *cpu the CPU time this thread spent
 * on it (user and system), which a busy machine inflates far less than
 * the elapsed time.
 */
static int
time_one(struct store *st, const struct query *q, double *ms, double *cpu,
    struct search_result *res)
{
	struct arena	*a = arena_new(16 * 1024 * 1024);
	enum ng_err	 e;
	double		 t, c;

	t = clock_ms(CLOCK_MONOTONIC);
	c = clock_ms(CLOCK_THREAD_CPUTIME_ID);
	e = store_search(a, st, str_c(q->q), q->offset, 10, res);
	*cpu = clock_ms(CLOCK_THREAD_CPUTIME_ID) - c;
	*ms = clock_ms(CLOCK_MONOTONIC) - t;
	arena_free(a);
	if (e != NG_OK) {
		fprintf(stderr, "bench: %s: %s\n", q->q, ng_strerror(e));
		return -1;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct search_result	 res;
	struct store		*st;
	struct query		*qs;
	double			*all, *cpus, *per[K__MAX], ms, cpu;
	char			 err[256];
	size_t			 i, nq = 1000, total, nper[K__MAX], nabout = 0;
	size_t			 nempty = 0;
	uint64_t		 rng = 0x5eed5eed12345678ULL;
	unsigned		 k;
	/* NUTGRAF_BENCH_TRACE=1: each query's ms, CPU ms, kind, count. */
	int			 trace = getenv("NUTGRAF_BENCH_TRACE") != NULL;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: nutgraf-bench-search DB [QUERIES]\n");
		return 2;
	}
	if (argc == 3 && (nq = strtoul(argv[2], NULL, 10)) < 100)
		nq = 100;
	log_set_level(LOG_LVL_WARN);
	if (store_open(argv[1], 1, &st, err, sizeof(err)) != NG_OK) {
		fprintf(stderr, "bench: %s\n", err);
		return 1;
	}
	if (store_sitemap_count(st, 0, &total) != NG_OK)
		total = 0;
	qs = calloc(nq + NFIXED, sizeof(*qs));
	all = calloc(nq + NFIXED, sizeof(*all));
	cpus = calloc(nq + NFIXED, sizeof(*cpus));
	for (k = 0; k < K__MAX; k++) {
		per[k] = calloc(nq + NFIXED, sizeof(double));
		nper[k] = 0;
	}
	if (qs == NULL || all == NULL || cpus == NULL)
		return 1;
	for (i = 0; i < nq; i++)
		make_query(&rng, &qs[i]);
	for (i = 0; i < NFIXED; i++) {
		qs[nq + i].kind = K_FIXED;
		snprintf(qs[nq + i].q, sizeof(qs[0].q), "%s", fixed[i].q);
		qs[nq + i].offset = fixed[i].offset;
	}
	nq += NFIXED;
	/* Warm the operating system's cache of the database. */
	for (i = 0; i < nq; i++)
		if (time_one(st, &qs[i], &ms, &cpu, &res) != 0)
			return 1;
	for (i = 0; i < nq; i++) {
		if (time_one(st, &qs[i], &ms, &cpu, &res) != 0)
			return 1;
		all[i] = ms;
		cpus[i] = cpu;
		per[qs[i].kind][nper[qs[i].kind]++] = ms;
		if (trace)
			fprintf(stderr, "%8.2f %8.2f %-11s %6zu%s %s\n", ms,
			    cpu, kind_names[qs[i].kind], res.total,
			    res.about ? "~" : " ", qs[i].q);
		nabout += res.about != 0;
		nempty += res.total == 0;
	}
	printf("search latency, %zu published articles, %zu queries "
	    "(%zu with no hit, %zu counted as \"about N\")\n", total, nq,
	    nempty, nabout);
	for (k = 0; k < K__MAX; k++) {
		qsort(per[k], nper[k], sizeof(double), cmp_double);
		printf("%-12s %5zu queries  p50 %7.2f ms  p99 %7.2f ms  "
		    "max %7.2f ms\n", kind_names[k], nper[k],
		    pct(per[k], nper[k], 50), pct(per[k], nper[k], 99),
		    nper[k] > 0 ? per[k][nper[k] - 1] : 0.0);
		free(per[k]);
	}
	qsort(all, nq, sizeof(*all), cmp_double);
	qsort(cpus, nq, sizeof(*cpus), cmp_double);
	printf("all queries: %zu calls  p50 %.2f ms  p99 %.2f ms "
	    "(CPU time: p50 %.2f ms  p99 %.2f ms)\n", nq, pct(all, nq, 50),
	    pct(all, nq, 99), pct(cpus, nq, 50), pct(cpus, nq, 99));
	free(all);
	free(cpus);
	free(qs);
	store_close(st);
	return 0;
}
