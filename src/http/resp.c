/*
 * resp.c -- response builders and the status tables.
 *
 * The error-to-status map is one table indexed by enum ng_err (OpenBSD
 * httpd's HTTP_ERRORS), so adding an error code without deciding its
 * status fails to compile.
 */
#include <stddef.h>
#include <stdlib.h>
#include <strings.h>

#include "core/arena.h"
#include "http/http_int.h"
#include "http/req.h"
#include "http/resp.h"

/*
 * Content-Security-Policy for server-rendered pages without JavaScript.
 * frame-src 'self' admits only the sandboxed ad frames
 * (/ad/ID/frame, which send a policy of their own); media-src 'self'
 * the players of the media library's audio and video (another site's
 * files are links, never players).
 */
#define DEFAULT_CSP                                                    \
	"default-src 'none'; style-src 'self'; img-src 'self' data:; " \
	"media-src 'self'; font-src 'self'; form-action 'self'; "      \
	"base-uri 'none'; frame-ancestors 'none'; frame-src 'self'"

const struct http_default_header http_security_headers[] = {
	{ "Content-Security-Policy", DEFAULT_CSP },
	{ "X-Content-Type-Options", "nosniff" },
	{ "Referrer-Policy", "strict-origin-when-cross-origin" },
	{ "X-Frame-Options", "DENY" },
};
const size_t http_nsecurity_headers = sizeof(http_security_headers) /
    sizeof(http_security_headers[0]);

static const int err_status[NG_ERR__MAX] = {
	[NG_OK] = 200,
	[NG_ENOMEM] = 503, /* out of request memory: try again later */
	[NG_EINVAL] = 400,
	[NG_ENOTFOUND] = 404,
	[NG_ECONFLICT] = 409,
	[NG_ETOOBIG] = 413,
	[NG_EFORBIDDEN] = 403,
	[NG_EIO] = 500,
	[NG_EDB] = 503, /* the database is busy or away */
};

int
resp_status_of(enum ng_err err)
{
	if ((unsigned)err >= NG_ERR__MAX || err_status[err] == 0)
		return 500;
	return err_status[err];
}

struct reason {
	int	    status;
	const char *text;
};

/* RFC 9110, section 15, plus 429 (RFC 6585) and 431 (RFC 6585). */
static const struct reason reasons[] = {
	{ 100, "Continue" },
	{ 200, "OK" },
	{ 201, "Created" },
	{ 202, "Accepted" },
	{ 204, "No Content" },
	{ 206, "Partial Content" },
	{ 301, "Moved Permanently" },
	{ 302, "Found" },
	{ 303, "See Other" },
	{ 304, "Not Modified" },
	{ 307, "Temporary Redirect" },
	{ 308, "Permanent Redirect" },
	{ 400, "Bad Request" },
	{ 401, "Unauthorized" },
	{ 403, "Forbidden" },
	{ 404, "Not Found" },
	{ 405, "Method Not Allowed" },
	{ 406, "Not Acceptable" },
	{ 408, "Request Timeout" },
	{ 409, "Conflict" },
	{ 410, "Gone" },
	{ 411, "Length Required" },
	{ 412, "Precondition Failed" },
	{ 413, "Content Too Large" },
	{ 414, "URI Too Long" },
	{ 415, "Unsupported Media Type" },
	{ 416, "Range Not Satisfiable" },
	{ 422, "Unprocessable Content" },
	{ 429, "Too Many Requests" },
	{ 431, "Request Header Fields Too Large" },
	{ 500, "Internal Server Error" },
	{ 501, "Not Implemented" },
	{ 502, "Bad Gateway" },
	{ 503, "Service Unavailable" },
	{ 504, "Gateway Timeout" },
};

const char *
resp_reason(int status)
{
	size_t i;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].status == status)
			return reasons[i].text;
	return "Unknown";
}

const char *
resp_cache_default(enum http_method m, int status)
{
	if (status >= 400)
		return "no-cache";
	if (status == 301 || status == 308)
		return "public, max-age=300";
	if (status == 200 && (m == HTTP_GET || m == HTTP_HEAD))
		return "public, max-age=60";
	return "no-store";
}

int
resp_has_header(const struct resp *rs, const char *name)
{
	const struct resp_header *h;

	for (h = rs->headers; h != NULL; h = h->next)
		if (strcasecmp(h->name, name) == 0)
			return 1;
	return 0;
}

void
resp_header_add(struct req *r, struct resp *rs, const char *name,
    const char *value)
{
	struct resp_header *h, **tail;

	/* A failed copy leaves the arena's sticky flag set; the header is
	 * dropped rather than sent half-made. */
	if ((h = arena_alloc(r->arena, sizeof(*h))) == NULL)
		return;
	if ((h->name = arena_strdup(r->arena, name)) == NULL ||
	    (h->value = arena_strdup(r->arena, value)) == NULL)
		return;
	h->next = NULL;
	/* Keep the handler's order on the wire. */
	for (tail = &rs->headers; *tail != NULL; tail = &(*tail)->next)
		continue;
	*tail = h;
}

void
resp_redirect(struct req *r, struct resp *rs, int status, const char *location)
{
	rs->status = status;
	rs->content_type = NULL;
	rs->body = STR_NULL;
	rs->compress = 0;
	resp_header_add(r, rs, "Location", location);
}

void
resp_text(struct req *r, struct resp *rs, int status, const char *text)
{
	const char *copy;

	rs->status = status;
	rs->content_type = "text/plain; charset=utf-8";
	rs->compress = 1;
	if ((copy = arena_strdup(r->arena, text)) == NULL)
		copy = resp_reason(status);
	rs->body = str_c(copy);
}
