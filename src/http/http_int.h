/*
 * http_int.h -- declarations shared inside src/http/ (and its unit tests).
 *
 * Not for handlers: they see req.h, resp.h and router.h only.
 */
#ifndef NG_HTTP_HTTP_INT_H
#define NG_HTTP_HTTP_INT_H

#include <stddef.h>

#include "core/err.h"
#include "http/req.h"

struct resp;

struct http_default_header {
	const char *name;
	const char *value;
};

/*
 * The headers every response carries unless the handler set its own
 * value for the same name (Content-Security-Policy, X-Frame-Options ...).
 */
extern const struct http_default_header http_security_headers[];
extern const size_t			http_nsecurity_headers;

/*
 * The Cache-Control value for a response whose handler left it NULL:
 * "public, max-age=60" for a successful GET/HEAD page, "public,
 * max-age=300" for a permanent redirect (301, 308), "no-cache" for an
 * error and "no-store" for everything else (temporary redirects, POST
 * results), which may depend on who asked.  Static; never NULL.
 */
const char *resp_cache_default(enum http_method m, int status);

/* Non-zero if rs already has a header called name (case-insensitive). */
int resp_has_header(const struct resp *rs, const char *name);

/*
 * Bind and listen on host:port ourselves rather than let libmicrohttpd
 * do it, so that "address in use" comes back with its errno and the
 * address.  *out gets the non-blocking socket.
 */
enum ng_err http_listen(const char *host, unsigned port, int *out, char *errbuf,
    size_t errsz) NG_WUR;

/* --- page cache and metrics, in server.c --- */
struct metrics;
struct pagecache;

/*
 * The server's metrics and page cache (NULL when off) for a request the
 * server is running; only for handlers the server calls.
 */
struct metrics	 *http_req_metrics(const struct req *r);
struct pagecache *http_req_cache(const struct req *r);

#endif
