/*
 * post.h -- an HTTP POST to a URL someone typed, made safely (libcurl).
 *
 * The webhook sender's only way out.  http and https only; the host is
 * resolved once here and every address it has must pass the address
 * policy (ssrf.h) -- a name with one private address among public ones
 * is refused -- then curl is pinned to that address (CURLOPT_RESOLVE),
 * and the socket curl opens is checked again, so a second, different
 * DNS answer cannot redirect the request.  No redirects are followed,
 * no proxy from the environment is used, the whole exchange has a time
 * limit, and the answer's body is read up to a cap.
 */
#ifndef NG_OUTBOUND_POST_H
#define NG_OUTBOUND_POST_H

#include <stddef.h>

#include "core/err.h"
#include "core/str.h"

struct ssrf_allow;

#define OUTBOUND_HEADERS_MAX 16

struct outbound_post {
	const char		*url;
	const char		*content_type;
	const char		*headers[OUTBOUND_HEADERS_MAX]; /* "K: v" */
	size_t			 nheaders;
	struct str		 body;
	long			 timeout_ms;   /* the whole exchange */
	size_t			 response_max; /* bytes of body kept */
	const struct ssrf_allow *allow;	       /* NULL: nothing private */
};

struct outbound_result {
	int    status;	   /* HTTP status; 0: no answer */
	char   error[256]; /* why, when not NG_OK or status is not 2xx */
	char   body[512];  /* the start of the answer, for the log */
	size_t body_len;   /* bytes read (at most response_max) */
};

/* Once per process, before any thread posts (curl_global_init). */
enum ng_err outbound_init(void) NG_WUR;
void	    outbound_cleanup(void);

/*
 * Send p.  NG_OK when an HTTP answer came (any status: see r->status);
 * NG_EINVAL for a URL that may not be used (scheme, host, or an address
 * the policy refuses: r->error says which); NG_EIO for a failure to
 * connect, a timeout or an answer over response_max.
 */
enum ng_err outbound_post(const struct outbound_post *p,
    struct outbound_result			     *r) NG_WUR;

/*
 * Check url as outbound_post() would before sending (scheme, host and
 * every address it resolves to); NG_OK, or NG_EINVAL with why.
 */
enum ng_err outbound_url_check(const char *url, const struct ssrf_allow *allow,
    char *why, size_t whysz) NG_WUR;

#endif
