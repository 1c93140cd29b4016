/*
 * resp.h -- the response a handler builds.
 *
 * A handler fills status, content type and body (usually rendered into the
 * request arena); server.c adds the security headers, compresses text
 * bodies the client accepts, answers HEAD without the body, and logs.
 */
#ifndef NG_HTTP_RESP_H
#define NG_HTTP_RESP_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

struct req;

struct resp_header {
	const char	   *name;
	const char	   *value;
	struct resp_header *next;
};

struct resp {
	int		    status;
	const char	   *content_type;  /* static or arena string */
	struct str	    body;	   /* borrowed: arena or static */
	const char	   *cache_control; /* NULL: server default */
	int		    compress;	   /* may be gzip/br encoded */
	struct resp_header *headers;	   /* extra headers */
	/*
	 * A body too big for memory (an audio or video file): file_len
	 * bytes of file_fd from file_off, sent by libmicrohttpd as it
	 * goes, which closes file_fd after.  Never compressed or cached.
	 */
	int	 has_file;
	int	 file_fd;
	uint64_t file_off, file_len;
	/*
	 * A read to count (an article's id; 0: none): the server tells
	 * server_hooks.read at every GET answered with this page, from
	 * the cache or not.
	 */
	int64_t count_id;
};

/* Add header name: value (both copied into the request arena). */
void resp_header_add(struct req *r, struct resp *rs, const char *name,
    const char *value);

/* A 301/302/303/307/308 to location (copied). */
void resp_redirect(struct req *r, struct resp *rs, int status,
    const char *location);

/* A short text/plain response (copied) -- for tests and health checks. */
void resp_text(struct req *r, struct resp *rs, int status, const char *text);

/* The HTTP status that an error from a handler or the store maps to. */
int resp_status_of(enum ng_err err);

/* The reason phrase of an HTTP status ("Not Found"); never NULL. */
const char *resp_reason(int status);

#endif
