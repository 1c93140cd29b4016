/*
 * router.h -- the route table and its matcher.
 *
 * Routes are data (STYLE.md pattern 1): src/http/routes.c holds the one
 * table of method mask, pattern and handler.  A pattern is a path whose
 * segments are literals or captures:
 *
 *	/category/{}/page/{}/	two captures
 *	/{}/{}/{}.txt		a capture may end in a literal suffix
 *
 * A capture matches one non-empty segment that contains no '/'.
 *
 * The last route may be the fallback, pattern ROUTE_FALLBACK: it gets
 * every path that no other route matches, not even with its trailing
 * slash added or removed.  It serves URLs whose shape is a setting
 * rather than code (the articles' permalink pattern); its handler
 * answers 404 for what it does not know.
 */
#ifndef NG_HTTP_ROUTER_H
#define NG_HTTP_ROUTER_H

#include <stddef.h>

#include "core/err.h"
#include "core/str.h"
#include "http/req.h"

struct resp;

typedef enum ng_err (*route_fn)(struct req *r, struct resp *rs);

#define ROUTE_M(m)     (1u << (m))
#define ROUTE_GETHEAD  (ROUTE_M(HTTP_GET) | ROUTE_M(HTTP_HEAD))
#define ROUTE_FALLBACK "*"

struct route {
	const char *pattern;
	unsigned    methods; /* mask of ROUTE_M(HTTP_*) */
	route_fn    fn;
	size_t	    body_max; /* bytes of request body accepted */
	const char *name;     /* for logs and metrics */
};

enum route_result {
	ROUTE_FOUND,	    /* *out set, captures in r */
	ROUTE_WRONG_METHOD, /* path matches, method does not: 405 */
	ROUTE_ADD_SLASH,    /* path + "/" would match: 301 */
	ROUTE_DEL_SLASH,    /* path without its last "/" would match: 301 */
	ROUTE_NONE	    /* 404 */
};

/*
 * Match r->path and r->method against the n routes of table.  On
 * ROUTE_FOUND *out is the route and r->caps/ncaps hold the captures; on
 * ROUTE_WRONG_METHOD *allow is the union of methods the path accepts.
 */
enum route_result router_match(const struct route *table, size_t n,
    struct req *r, const struct route **out, unsigned *allow);

/* Non-zero if rt is the fallback route (pattern ROUTE_FALLBACK). */
int route_is_fallback(const struct route *rt);

/* The Allow header value for a method mask, e.g. "GET, HEAD" (static). */
const char *router_allow_header(unsigned methods, char *buf, size_t sz);

/*
 * Check a route table before serving from it: every pattern well formed
 * (starts with '/', no empty segment but a trailing one, captures are
 * "{}" with an optional literal suffix, at most REQ_MAXCAPS of them),
 * every route has a handler, a name and methods, GET implies HEAD, and
 * no route is shadowed: an earlier route with a method in common may not
 * match any path of a later one unless the later one matches every path
 * the earlier one does (the earlier is then the deliberate special case).
 * On failure one line naming both routes goes to errbuf.
 */
enum ng_err router_check(const struct route *table, size_t n, char *errbuf,
    size_t errsz) NG_WUR;

/* Non-zero if some path matches both patterns. */
int router_patterns_overlap(const char *a, const char *b);

/* Non-zero if every path that matches b also matches a. */
int router_pattern_covers(const char *a, const char *b);

/*
 * Non-zero when some route of table (not the fallback) has seg as its
 * first path segment, literally: "feed" for /feed/, "tag" for
 * /tag/{}/.  A capture as the first segment takes nothing.
 */
int router_segment_taken(const struct route *table, size_t n, struct str seg);

#endif
