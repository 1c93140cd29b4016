/*
 * server.h -- the HTTP server: all libmicrohttpd glue lives behind this.
 *
 * Runs libmicrohttpd with its internal epoll thread pool, routes requests
 * through the table it is given (src/routes.c), enforces the limits of the config
 * (header and body size, connections per IP, an absolute deadline per
 * request), adds security headers, compresses, and writes one access-log
 * line per request.
 */
#ifndef NG_HTTP_SERVER_H
#define NG_HTTP_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

struct app;
struct req;
struct resp;
struct route;
struct server;

/* The themed error page: fills rs for status; must not fail. */
typedef void (*server_error_fn)(struct req *r, struct resp *rs, int status,
    const char *message);

/* A GET was answered with a page whose resp.count_id is id; user agent. */
typedef void (
    *server_read_fn)(const struct app *app, int64_t id, struct str user_agent);

/*
 * What the layers above wire in: the route table (src/routes.c, or a
 * test's own), the themed error page and the read counter (may be NULL).
 */
struct server_hooks {
	const struct route *routes; /* checked by router_check() */
	size_t		    nroutes;
	server_error_fn	    error;
	server_read_fn	    read;
};

/*
 * Bind to the configured address and start serving hooks's routes.  On
 * failure (address in use, bad address, a bad table) a one-line reason
 * goes to errbuf.  The hooks are copied; the table must outlive the
 * server.
 */
enum ng_err server_start(const struct app *app,
    const struct server_hooks *hooks, struct server **out, char *errbuf,
    size_t errsz) NG_WUR;

/* The port actually bound (useful with port 0). */
unsigned server_port(const struct server *s);

/*
 * A reload (SIGHUP): requests that start from now on see app (its
 * config and theme), the trusted_proxies list of its config and, over
 * TLS, the certificate and key its config names, read again.  Open
 * connections stay open; requests in flight finish with what they
 * began with.  app and what it points to must outlive the server.  On
 * error (a bad list, an unreadable certificate) nothing changes.
 */
enum ng_err server_reload(struct server *s, const struct app *app, char *errbuf,
    size_t errsz) NG_WUR;

/*
 * Stop accepting, let requests in flight finish (up to a few seconds),
 * then stop the threads and free the server.
 */
void server_stop(struct server *s);

#endif
