/*
 * req.h -- one HTTP request as handlers see it.
 *
 * Created by server.c on libmicrohttpd's first access-handler call and
 * freed in its completion callback; everything hanging off it lives in
 * req->arena.  Handlers never see libmicrohttpd types.
 */
#ifndef NG_HTTP_REQ_H
#define NG_HTTP_REQ_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

struct app;
struct arena;

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_DELETE,
	HTTP_PATCH,
	HTTP_OPTIONS,
	HTTP_OTHER,
	HTTP_METHOD__MAX
};

#define REQ_MAXCAPS 4

struct req {
	struct arena	 *arena;
	const struct app *app;
	enum http_method  method;
	struct str	  method_name;
	struct str	  path;		     /* percent-decoded, validated */
	struct str	  query;	     /* raw, after '?' */
	struct str	  caps[REQ_MAXCAPS]; /* route captures */
	size_t		  ncaps;
	char		  ip[64];   /* client address: client_ip() */
	int		  relayed;  /* via a trusted proxy */
	int		  https;    /* TLS here, or the proxy's */
	int64_t		  start_us; /* monotonic, for the log */
	void		 *conn;	    /* server.c's; use the calls below */
	struct str	  body;	    /* request body (at most the route's
					   body_max), in the arena */
};

/*
 * The value of request header name (case-insensitive), or STR_NULL.  The
 * slice lives as long as the request.
 */
struct str req_header(const struct req *r, const char *name);

/*
 * The percent-decoded value of query parameter name (first occurrence), or
 * STR_NULL.  Allocated in the request arena.
 */
struct str req_query(const struct req *r, const char *name);

/* Route capture i as a slice (STR_NULL past ncaps). */
struct str req_cap(const struct req *r, size_t i);

/*
 * The decoded value of field name in an application/x-www-form-urlencoded
 * request body (the HTML forms of comments and the newsroom), or STR_NULL
 * when the body is not such a form, lacks the field, or the field does
 * not decode.  Allocated in the request arena.
 */
struct str req_form(const struct req *r, const char *name);

/* The value of cookie name (RFC 6265 Cookie header), or STR_NULL. */
struct str req_cookie(const struct req *r, const char *name);

/*
 * Find cookie name in a Cookie header value ("a=1; b=2"): the first
 * match wins, surrounding double quotes are removed, the value is a slice
 * of header.  Returns NG_OK or NG_ENOTFOUND.  Pure; fuzzed.
 */
enum ng_err req_cookie_find(struct str header, const char *name,
    struct str *out) NG_WUR;

/*
 * The pure parsers below do no I/O and read no globals: each is a libFuzzer
 * target.  All take the request arena first and clear *out on entry.
 */

/* The method enum for a request-line method token (HTTP_OTHER if unknown). */
enum http_method req_method_of(struct str name);

/*
 * Validate the raw request path (the request target before '?', n bytes)
 * and percent-decode it once into a NUL-terminated arena copy in *out.
 * Returns NG_EINVAL (400) for a path that does not start with '/', a bad
 * or truncated %-escape, a raw or encoded NUL or other control byte, an
 * encoded '/' (%2F, which would change the segment structure), or a "."
 * or ".." segment, raw or encoded; NG_ETOOBIG (414) past HTTP_PATH_MAX
 * bytes; NG_ENOMEM when the arena is full.
 */
enum ng_err req_path_decode(struct arena *a, const char *raw, size_t n,
    struct str *out) NG_WUR;

/*
 * Decode one application/x-www-form-urlencoded component ('+' is a
 * space, %XX a byte) of n bytes into a NUL-terminated arena copy.
 * NG_EINVAL for a bad %-escape or an encoded NUL; NG_ENOMEM.
 */
enum ng_err req_query_decode(struct arena *a, const char *s, size_t n,
    struct str *out) NG_WUR;

/*
 * Find parameter name in the raw query string (the part after '?', pairs
 * separated by '&', key and value by the first '=') and decode its value
 * into *out.  The first pair whose decoded key equals name wins; a pair
 * without '=' has the empty value; a pair that does not decode (bad
 * escape, NUL) is skipped as if absent.  Returns NG_OK, NG_ENOTFOUND or
 * NG_ENOMEM.
 */
enum ng_err req_query_find(struct arena *a, struct str query, const char *name,
    struct str *out) NG_WUR;

#endif
