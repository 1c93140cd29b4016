/*
 * limits.h -- the named limits of the HTTP layer.
 *
 * Limits that an operator tunes live in struct ng_config; these are the
 * fixed ones, named here so that every bound in src/http/ can be found in
 * one place (OpenBSD httpd's http.h does the same).
 */
#ifndef NG_HTTP_LIMITS_H
#define NG_HTTP_LIMITS_H

/* Longest request path (before the '?'); longer ones get 414. */
#define HTTP_PATH_MAX 2048

/* Bodies shorter than this are sent as they are: the saving is smaller
 * than the Content-Encoding and Vary headers it costs. */
#define HTTP_COMPRESS_MIN 512

/*
 * Cached bodies at least this long go out with sendfile(2) from a memfd
 * (server.c, entry_body_response()), as nginx sends a file: the kernel
 * hands the socket the pages instead of copying them from our memory at
 * every request.  Below it one copy costs less than the extra system
 * call (headers and body then leave separately).
 */
#define HTTP_SENDFILE_MIN (16 * 1024)

/* How long server_stop() lets requests in flight finish, and how often it
 * looks. */
#define HTTP_QUIESCE_WAIT_MS 5000
#define HTTP_QUIESCE_POLL_MS 10

/* Writer threads (offload.c): enough for several comments to share a
 * sync to the disk; the store's pool bounds them too (server.c). */
#define HTTP_WRITERS_MAX 8

/* The request-deadline watchdog wakes this often. */
#define HTTP_WATCHDOG_TICK_MS 1000

/*
 * libmicrohttpd keeps the request line, the headers, its bookkeeping for
 * them and the response headers in one pool per connection.  The pool is
 * header_max plus this much, so that a request whose headers fit in
 * header_max is always served and one that does not gets 431.
 */
#define HTTP_POOL_SLACK (6 * 1024)

/* Strict-Transport-Security of every response over TLS: one year. */
#define HTTP_HSTS "max-age=31536000"

/* Descriptors kept for other than connections (database, logs, media
 * files, listeners) when checking RLIMIT_NOFILE against connections_max. */
#define HTTP_FD_RESERVE 256

/* listen(2) backlog. */
#define HTTP_LISTEN_BACKLOG 511

/* Longest path written to the access log (the rest is cut). */
#define HTTP_LOG_PATH_MAX 256

/* Longest Location header a trailing-slash redirect builds. */
#define HTTP_LOCATION_MAX (HTTP_PATH_MAX + 1 + 4096)

#endif
