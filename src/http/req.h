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

#define REQ_MAXCAPS	4

struct req {
	struct arena		*arena;
	const struct app	*app;
	enum http_method	 method;
	struct str		 method_name;
	struct str		 path;	/* percent-decoded, validated */
	struct str		 query;	/* raw, after '?' */
	struct str		 caps[REQ_MAXCAPS]; /* route captures */
	size_t			 ncaps;
	char			 ip[64];	/* client address */
	int64_t			 start_us;	/* monotonic, for the log */
	void			*conn;	/* server.c's; use the calls below */
};

/*
 * The value of request header name (case-insensitive), or STR_NULL.  The
 * slice lives as long as the request.
 */
struct str	req_header(const struct req *r, const char *name);

/*
 * The percent-decoded value of query parameter name (first occurrence), or
 * STR_NULL.  Allocated in the request arena.
 */
struct str	req_query(const struct req *r, const char *name);

/* Route capture i as a slice (STR_NULL past ncaps). */
struct str	req_cap(const struct req *r, size_t i);

#endif
