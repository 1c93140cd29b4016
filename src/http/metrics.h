/*
 * metrics.h -- counters for /metrics, in the Prometheus text exposition
 * format (version 0.0.4).
 *
 * Requests by route and status, a latency histogram, database time, open
 * connections and the page cache's counters.  Every counter is a relaxed
 * atomic bumped by the server threads, so recording costs a few atomic
 * adds per request and no lock; /metrics reads a snapshot that may be a
 * request or two out of step between counters, as Prometheus expects.
 */
#ifndef NG_HTTP_METRICS_H
#define NG_HTTP_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct buf;
struct metrics;
struct pagecache_stats;
struct req;
struct resp;
struct route;

/*
 * Counters for the n routes of table (which must outlive them), plus one
 * slot for requests no route matched.  Never NULL.
 */
struct metrics *metrics_new(const struct route *table, size_t n);
void		metrics_free(struct metrics *m);

/*
 * Record one answered request: its route (NULL or outside the table:
 * "none"), status, duration in microseconds and database time in
 * nanoseconds.
 */
void metrics_request(struct metrics *m, const struct route *route, int status,
    int64_t us, uint64_t db_ns);

/* A connection opened (up = 1) or closed (up = 0). */
void metrics_connection(struct metrics *m, int up);

/* Write every metric to b; cs is NULL when there is no page cache. */
void metrics_write(const struct metrics *m, const struct pagecache_stats *cs,
    struct buf *b);

/* Non-zero for a loopback client address (127.0.0.0/8, ::1, mapped). */
int metrics_loopback(const char *ip);

/*
 * The /metrics handler: 404 for a client that is not on loopback unless
 * the config says metrics_public = yes (so the page does not even admit
 * to existing), else the text, never cached.
 */
enum ng_err metrics_handler(struct req *r, struct resp *rs) NG_WUR;

#endif
