/*
 * test_metrics.c -- the /metrics counters and their text format
 * (src/http/metrics.c).
 */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "http/metrics.h"
#include "http/pagecache.h"
#include "http/router.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static enum ng_err
h_none(struct req *r, struct resp *rs)
{
	(void)r;
	(void)rs;
	return NG_OK;
}

static const struct route table[] = {
	{ "/", ROUTE_GETHEAD, h_none, 0, "front" },
	{ "/{}/", ROUTE_GETHEAD, h_none, 0, "article" },
};

static char *
render(const struct metrics *m, const struct pagecache_stats *cs,
    struct arena *a)
{
	struct buf b;
	struct str out;

	buf_init(&b, a);
	metrics_write(m, cs, &b);
	assert_int_equal(buf_finish(&b, &out), NG_OK);
	return (char *)(uintptr_t)out.p;
}

static void
test_format(void **state)
{
	static const char *const want[] = {
		"# TYPE nutgraf_http_requests_total counter\n",
		"nutgraf_http_requests_total{route=\"front\",code=\"200\"} 2\n",
		"nutgraf_http_requests_total{route=\"front\",code=\"304\"} 1\n",
		"nutgraf_http_requests_total{route=\"article\",code=\"404\"} 1\n",
		"nutgraf_http_requests_total{route=\"none\",code=\"4xx\"} 1\n",
		"nutgraf_http_requests_total{route=\"none\",code=\"5xx\"} 1\n",
		"nutgraf_http_request_duration_seconds_bucket{le=\"5e-05\"} 1\n",
		"nutgraf_http_request_duration_seconds_bucket{le=\"0.001\"} 3\n",
		"nutgraf_http_request_duration_seconds_bucket{le=\"+Inf\"} 6\n",
		"nutgraf_http_request_duration_seconds_count 6\n",
		"nutgraf_db_seconds_total 0.003000\n",
		"nutgraf_http_open_connections 1\n",
		"nutgraf_http_connections_total 2\n",
		"nutgraf_cache_hits_total 7\n",
		"nutgraf_cache_evictions_total 3\n",
		"nutgraf_cache_bytes 4096\n",
		"# TYPE nutgraf_cache_bytes gauge\n",
	};
	struct metrics	      *m = metrics_new(table, NELEM(table));
	struct arena	      *a = arena_new(1 << 20);
	struct pagecache_stats cs;
	char		      *text;
	size_t		       i;

	(void)state;
	metrics_request(m, &table[0], 200, 40, 1000000);
	metrics_request(m, &table[0], 200, 900, 2000000);
	metrics_request(m, &table[0], 304, 700, 0);
	metrics_request(m, &table[1], 404, 30000, 0);
	metrics_request(m, NULL, 418, 3000000, 0);
	metrics_request(m, NULL, 999, 9000000, 0); /* bad: a 5xx */
	metrics_connection(m, 1);
	metrics_connection(m, 1);
	metrics_connection(m, 0);
	memset(&cs, 0, sizeof(cs));
	cs.hits = 7;
	cs.evictions = 3;
	cs.bytes = 4096;
	text = render(m, &cs, a);
	for (i = 0; i < NELEM(want); i++)
		if (strstr(text, want[i]) == NULL)
			fail_msg("missing: %s\nin:\n%s", want[i], text);
	/* Zero series are left out; no cache, no cache lines. */
	assert_null(strstr(text, "route=\"article\",code=\"200\""));
	text = render(m, NULL, a);
	assert_null(strstr(text, "nutgraf_cache_"));
	arena_free(a);
	metrics_free(m);
}

static void
test_loopback(void **state)
{
	static const struct {
		const char *ip;
		int	    want;
	} t[] = {
		{ "127.0.0.1", 1 },
		{ "127.3.2.1", 1 },
		{ "::1", 1 },
		{ "::ffff:127.0.0.1", 1 },
		{ "10.0.0.1", 0 },
		{ "1.127.0.0", 0 },
		{ "::2", 0 },
		{ "::ffff:10.0.0.1", 0 },
		{ "-", 0 },
		{ "", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(t); i++)
		if (metrics_loopback(t[i].ip) != t[i].want)
			fail_msg("%s: want %d", t[i].ip, t[i].want);
	assert_false(metrics_loopback(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_loopback),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
