/*
 * metrics.c -- request, latency, database, connection and cache counters
 * in the Prometheus text format.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/app.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/xalloc.h"
#include "http/http_int.h"
#include "http/metrics.h"
#include "http/pagecache.h"
#include "http/req.h"
#include "http/resp.h"
#include "http/router.h"

/*
 * The statuses counted one by one; any other goes under its class
 * ("2xx" ... "5xx") so the label set stays bounded whatever a handler
 * returns.
 */
static const int codes[] = { 200, 301, 302, 303, 304, 400, 403, 404, 405, 409,
	413, 414, 429, 431, 500, 503 };
#define NCODES (sizeof(codes) / sizeof(codes[0]))
#define NSLOTS (NCODES + 5) /* + 1xx .. 5xx */

/* Latency buckets (seconds): 50 us to 5 s, a cached hit to a stall. */
static const double buckets[] = { 0.00005, 0.0001, 0.00025, 0.0005, 0.001,
	0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5 };
#define NBUCKETS (sizeof(buckets) / sizeof(buckets[0]))

typedef atomic_uint_fast64_t counter;

struct metrics {
	const struct route *table;
	size_t		    nroutes;
	counter		   *requests;		/* [(nroutes + 1) * NSLOTS] */
	counter		    hist[NBUCKETS + 1]; /* last: +Inf */
	counter		    dur_us;		/* sum of durations */
	counter		    db_ns;
	atomic_int_fast64_t conns;
	counter		    conns_total;
};

struct metrics *
metrics_new(const struct route *table, size_t n)
{
	struct metrics *m;
	size_t		i;

	m = xcalloc(1, sizeof(*m));
	m->table = table;
	m->nroutes = n;
	m->requests = xcalloc((n + 1) * NSLOTS, sizeof(*m->requests));
	for (i = 0; i < (n + 1) * NSLOTS; i++)
		atomic_init(&m->requests[i], 0);
	for (i = 0; i <= NBUCKETS; i++)
		atomic_init(&m->hist[i], 0);
	atomic_init(&m->dur_us, 0);
	atomic_init(&m->db_ns, 0);
	atomic_init(&m->conns, 0);
	atomic_init(&m->conns_total, 0);
	return m;
}

void
metrics_free(struct metrics *m)
{
	if (m == NULL)
		return;
	free(m->requests);
	free(m);
}

static size_t
slot_of(int status)
{
	size_t i;

	for (i = 0; i < NCODES; i++)
		if (codes[i] == status)
			return i;
	if (status < 100 || status > 599)
		status = 500;
	return NCODES + (size_t)(status / 100 - 1);
}

static void
bump(counter *c, uint64_t v)
{
	atomic_fetch_add_explicit(c, v, memory_order_relaxed);
}

void
metrics_request(struct metrics *m, const struct route *route, int status,
    int64_t us, uint64_t db_ns)
{
	size_t ri = m->nroutes, b;
	double s;

	if (route != NULL && route >= m->table && route < m->table + m->nroutes)
		ri = (size_t)(route - m->table);
	bump(&m->requests[ri * NSLOTS + slot_of(status)], 1);
	if (us < 0)
		us = 0;
	s = (double)us / 1e6;
	for (b = 0; b < NBUCKETS && s > buckets[b]; b++)
		continue;
	bump(&m->hist[b], 1);
	bump(&m->dur_us, (uint64_t)us);
	bump(&m->db_ns, db_ns);
}

void
metrics_connection(struct metrics *m, int up)
{
	if (up) {
		atomic_fetch_add_explicit(&m->conns, 1, memory_order_relaxed);
		bump(&m->conns_total, 1);
	} else
		atomic_fetch_sub_explicit(&m->conns, 1, memory_order_relaxed);
}

static uint64_t
get(const counter *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

static void
head(struct buf *b, const char *name, const char *type, const char *help)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
one(struct buf *b, const char *name, const char *type, const char *help,
    uint64_t v)
{
	head(b, name, type, help);
	buf_printf(b, "%s %llu\n", name, (unsigned long long)v);
}

void
metrics_write(const struct metrics *m, const struct pagecache_stats *cs,
    struct buf *b)
{
	uint64_t    v, cum = 0;
	size_t	    r, k;
	const char *route;
	char	    code[8];

	head(b, "nutgraf_http_requests_total", "counter",
	    "Requests answered, by route and status.");
	for (r = 0; r <= m->nroutes; r++)
		for (k = 0; k < NSLOTS; k++) {
			if ((v = get(&m->requests[r * NSLOTS + k])) == 0)
				continue;
			route = r < m->nroutes ? m->table[r].name : "none";
			if (k < NCODES)
				snprintf(code, sizeof(code), "%d", codes[k]);
			else
				snprintf(code, sizeof(code), "%zuxx",
				    k - NCODES + 1);
			buf_printf(b,
			    "nutgraf_http_requests_total{route=\"%s\","
			    "code=\"%s\"} %llu\n",
			    route, code, (unsigned long long)v);
		}
	head(b, "nutgraf_http_request_duration_seconds", "histogram",
	    "Time from request line to last byte sent.");
	for (k = 0; k < NBUCKETS; k++) {
		cum += get(&m->hist[k]);
		buf_printf(b,
		    "nutgraf_http_request_duration_seconds_bucket"
		    "{le=\"%g\"} %llu\n",
		    buckets[k], (unsigned long long)cum);
	}
	cum += get(&m->hist[NBUCKETS]);
	buf_printf(b,
	    "nutgraf_http_request_duration_seconds_bucket"
	    "{le=\"+Inf\"} %llu\n",
	    (unsigned long long)cum);
	buf_printf(b, "nutgraf_http_request_duration_seconds_sum %.6f\n",
	    (double)get(&m->dur_us) / 1e6);
	buf_printf(b, "nutgraf_http_request_duration_seconds_count %llu\n",
	    (unsigned long long)cum);
	head(b, "nutgraf_db_seconds_total", "counter",
	    "Time request handlers spent in the store, pool waits included.");
	buf_printf(b, "nutgraf_db_seconds_total %.6f\n",
	    (double)get(&m->db_ns) / 1e9);
	head(b, "nutgraf_http_open_connections", "gauge",
	    "Client connections open now.");
	buf_printf(b, "nutgraf_http_open_connections %lld\n",
	    (long long)atomic_load_explicit(&m->conns, memory_order_relaxed));
	one(b, "nutgraf_http_connections_total", "counter",
	    "Client connections accepted.", get(&m->conns_total));
	if (cs == NULL)
		return;
	one(b, "nutgraf_cache_hits_total", "counter",
	    "Page cache lookups answered from memory.", cs->hits);
	one(b, "nutgraf_cache_misses_total", "counter",
	    "Page cache lookups that rendered (absent or stale).", cs->misses);
	one(b, "nutgraf_cache_stale_total", "counter",
	    "Entries dropped at lookup because they expired.", cs->stale);
	one(b, "nutgraf_cache_invalidated_total", "counter",
	    "Entries dropped by a write of what they were built from.",
	    cs->invalidated);
	one(b, "nutgraf_cache_fills_total", "counter", "Rendered pages stored.",
	    cs->fills);
	one(b, "nutgraf_cache_evictions_total", "counter",
	    "Entries dropped to stay within the byte budget.", cs->evictions);
	one(b, "nutgraf_cache_not_modified_total", "counter",
	    "Hits answered 304 Not Modified.", cs->not_modified);
	one(b, "nutgraf_cache_bypass_total", "counter",
	    "Rendered GET/HEAD responses that may not be shared.",
	    cs->bypasses);
	one(b, "nutgraf_cache_bytes", "gauge",
	    "Bytes held by the page cache (bodies, keys, overhead).",
	    cs->bytes);
	one(b, "nutgraf_cache_max_bytes", "gauge",
	    "The page cache's byte budget.", cs->max_bytes);
	one(b, "nutgraf_cache_entries", "gauge",
	    "Pages held by the page cache.", cs->entries);
}

int
metrics_loopback(const char *ip)
{
	if (ip == NULL)
		return 0;
	if (strncmp(ip, "::ffff:", 7) == 0)
		ip += 7;
	return strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0;
}

enum ng_err
metrics_handler(struct req *r, struct resp *rs)
{
	struct metrics	      *m = http_req_metrics(r);
	struct pagecache      *pc = http_req_cache(r);
	struct pagecache_stats cs;
	struct buf	       b;
	struct str	       out;
	enum ng_err	       err;

	/* A request a proxy relayed came from outside. */
	if (m == NULL ||
	    (!r->app->cfg->metrics_public &&
		(r->relayed || !metrics_loopback(r->ip))))
		return NG_ENOTFOUND;
	if (pc != NULL)
		pagecache_stats(pc, &cs);
	buf_init(&b, r->arena);
	metrics_write(m, pc != NULL ? &cs : NULL, &b);
	if ((err = buf_finish(&b, &out)) != NG_OK)
		return err;
	rs->status = 200;
	rs->content_type = "text/plain; version=0.0.4; charset=utf-8";
	rs->cache_control = "no-store";
	rs->compress = 1;
	rs->body = out;
	return NG_OK;
}
