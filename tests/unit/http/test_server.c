/*
 * test_server.c -- the real server on a loopback port, with a small
 * route table and error page of its own (the site handlers are tested
 * through the node HTTP suite).  Requests go over raw sockets so that
 * the bytes on the wire, not a client library's view, are checked.
 */
#include "testlib.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define ZLIB_CONST
#include <zlib.h>
#include <brotli/decode.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "http/req.h"
#include "http/resp.h"
#include "http/router.h"
#include "http/server.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define CSP_DEFAULT                                                 \
	"default-src 'none'; style-src 'self'; "                    \
	"img-src 'self' data:; media-src 'self'; font-src 'self'; " \
	"form-action 'self'; "                                      \
	"base-uri 'none'; frame-ancestors 'none'; frame-src 'self'"

static char page[4096];

static enum ng_err
h_page(struct req *r, struct resp *rs)
{
	(void)r;
	rs->content_type = "text/html; charset=utf-8";
	rs->body = str_c(page);
	rs->compress = 1;
	return NG_OK;
}

static enum ng_err
h_small(struct req *r, struct resp *rs)
{
	resp_text(r, rs, 200, "ok");
	return NG_OK;
}

static enum ng_err
h_csp(struct req *r, struct resp *rs)
{
	resp_text(r, rs, 200, "framed");
	resp_header_add(r, rs, "Content-Security-Policy", "default-src 'self'");
	resp_header_add(r, rs, "X-Custom", "yes");
	rs->cache_control = "private, max-age=5";
	return NG_OK;
}

static enum ng_err
h_fail(struct req *r, struct resp *rs)
{
	resp_text(r, rs, 200, "half-made page that must not be sent");
	return NG_EDB;
}

static enum ng_err
h_missing(struct req *r, struct resp *rs)
{
	(void)r;
	(void)rs;
	return NG_ENOTFOUND;
}

static enum ng_err
h_query(struct req *r, struct resp *rs)
{
	struct str s = req_query(r, "s");
	struct str h = req_header(r, "X-Test");
	char	  *body;

	body = arena_printf(r->arena, "s=[%.*s] h=[%.*s] ip=%s", (int)s.n,
	    s.p != NULL ? s.p : "", (int)h.n, h.p != NULL ? h.p : "", r->ip);
	resp_text(r, rs, 200, body);
	return NG_OK;
}

static enum ng_err
h_post(struct req *r, struct resp *rs)
{
	char *body;

	body = arena_printf(r->arena, "got %zu: %.*s", r->body.n,
	    (int)r->body.n, r->body.p != NULL ? r->body.p : "");
	resp_text(r, rs, 200, body);
	return NG_OK;
}

/* Set once h_sleep() has begun: the test stops the server after that. */
static _Atomic int sleeping;

static enum ng_err
h_sleep(struct req *r, struct resp *rs)
{
	struct timespec ts = { 0, 400 * 1000000L };

	sleeping = 1;
	nanosleep(&ts, NULL); /* a slow handler, not a wait of the test */
	resp_text(r, rs, 200, "slept");
	return NG_OK;
}

static const struct route test_routes[] = {
	{ "/", ROUTE_GETHEAD, h_page, 0, "page" },
	{ "/small", ROUTE_GETHEAD, h_small, 0, "small" },
	{ "/csp", ROUTE_GETHEAD, h_csp, 0, "csp" },
	{ "/fail", ROUTE_GETHEAD, h_fail, 0, "fail" },
	{ "/missing/{}/", ROUTE_GETHEAD, h_missing, 0, "missing" },
	{ "/q", ROUTE_GETHEAD, h_query, 0, "query" },
	{ "/post", ROUTE_M(HTTP_POST), h_post, 16, "post" },
	{ "/sleep", ROUTE_GETHEAD, h_sleep, 0, "sleep" },
};

static void
t_error(struct req *r, struct resp *rs, int status, const char *msg)
{
	(void)msg;
	rs->status = status;
	rs->content_type = "text/html; charset=utf-8";
	rs->body = str_c(arena_printf(r->arena, "<h1>error %d %s</h1>", status,
	    resp_reason(status)));
}

static const struct server_hooks hooks = { test_routes, NELEM(test_routes),
	t_error, NULL };

static struct ng_config cfg;
static struct app	app;
static struct server   *srv;

/* ---- a tiny raw HTTP client ---------------------------------------- */

struct reply {
	int    status;
	char  *raw; /* whole response, NUL-terminated */
	size_t n;
	char  *body;
	size_t bodyn;
};

static int
dial(int family, unsigned port)
{
	struct sockaddr_in  sin;
	struct sockaddr_in6 sin6;
	struct timeval	    tv = { 8, 0 };
	int		    fd;

	fd = socket(family, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (family == AF_INET) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons((uint16_t)port);
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		assert_int_equal(connect(fd, (struct sockaddr *)&sin,
				     sizeof(sin)),
		    0);
	} else {
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons((uint16_t)port);
		sin6.sin6_addr = in6addr_loopback;
		assert_int_equal(connect(fd, (struct sockaddr *)&sin6,
				     sizeof(sin6)),
		    0);
	}
	return fd;
}

static void
send_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = send(fd, p, n, MSG_NOSIGNAL);
		if (w <= 0)
			return; /* the server may close early (413) */
		p += w;
		n -= (size_t)w;
	}
}

static void
read_reply(int fd, struct reply *rp)
{
	struct buf b;
	char	   chunk[4096], *sep;
	ssize_t	   r;

	buf_init(&b, NULL);
	while ((r = recv(fd, chunk, sizeof(chunk), 0)) > 0)
		buf_put(&b, chunk, (size_t)r);
	memset(rp, 0, sizeof(*rp));
	rp->raw = b.p != NULL ? b.p : strdup("");
	rp->n = b.n;
	if (sscanf(rp->raw, "HTTP/1.1 %d", &rp->status) != 1)
		rp->status = -1;
	if ((sep = strstr(rp->raw, "\r\n\r\n")) != NULL) {
		rp->body = sep + 4;
		rp->bodyn = rp->n - (size_t)(rp->body - rp->raw);
		sep[2] = '\0'; /* headers end with one CRLF */
	}
}

/* Send raw request bytes and read the reply to EOF. */
static void
exchange_fam(int family, unsigned port, const char *req, size_t n,
    struct reply *rp)
{
	int fd = dial(family, port);

	send_all(fd, req, n);
	read_reply(fd, rp);
	close(fd);
}

static void
exchange(const char *req, struct reply *rp)
{
	exchange_fam(AF_INET, server_port(srv), req, strlen(req), rp);
}

static void
get(const char *method, const char *target, const char *extra, struct reply *rp)
{
	char req[16384];

	snprintf(req, sizeof(req),
	    "%s %s HTTP/1.1\r\nHost: t\r\n%s"
	    "Connection: close\r\n\r\n",
	    method, target, extra);
	exchange(req, rp);
}

/* The value of header name (first), or NULL; *count gets how many. */
static const char *
header(const struct reply *rp, const char *name, int *count)
{
	static char val[4096];
	const char *p, *eol, *found = NULL;
	size_t	    nl = strlen(name);
	int	    k = 0;

	for (p = strstr(rp->raw, "\r\n"); p != NULL && p[2] != '\0'; p = eol) {
		p += 2;
		if ((eol = strstr(p, "\r\n")) == NULL)
			break;
		if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			if (k++ == 0) {
				p += nl + 1;
				while (*p == ' ')
					p++;
				snprintf(val, sizeof(val), "%.*s",
				    (int)(eol - p), p);
				found = val;
			}
		}
	}
	if (count != NULL)
		*count = k;
	return found;
}

static void
assert_header(const struct reply *rp, const char *name, const char *want)
{
	const char *v = header(rp, name, NULL);

	if (v == NULL || strcmp(v, want) != 0)
		fail_msg("%s: got \"%s\" want \"%s\"\n%s", name,
		    v != NULL ? v : "(none)", want, rp->raw);
}

static void
reply_free(struct reply *rp)
{
	free(rp->raw);
	memset(rp, 0, sizeof(*rp));
}

/* ---- setup --------------------------------------------------------- */

static void
make_page(void)
{
	size_t n = 0;
	int    i;

	for (i = 0; n + 64 < sizeof(page); i++)
		n += (size_t)snprintf(page + n, sizeof(page) - n,
		    "<p>Paragraph %d of a compressible page.</p>\n", i);
}

static int
setup(void **state)
{
	char err[256];

	(void)state;
	make_page();
	config_defaults(&cfg);
	cfg.listen_port = 0;
	cfg.threads = 2;
	cfg.header_max = 4096;
	cfg.request_deadline = 2;
	cfg.access_log = 1;
	app.cfg = &cfg;
	if (server_start(&app, &hooks, &srv, err, sizeof(err)) != NG_OK)
		fail_msg("server_start: %s", err);
	assert_true(server_port(srv) > 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	server_stop(srv);
	config_free(&cfg);
	return 0;
}

/* ---- tests --------------------------------------------------------- */

static void
test_get_headers(void **state)
{
	struct reply rp;
	int	     n;

	(void)state;
	get("GET", "/", "", &rp);
	assert_int_equal(rp.status, 200);
	assert_header(&rp, "Content-Security-Policy", CSP_DEFAULT);
	assert_header(&rp, "X-Content-Type-Options", "nosniff");
	assert_header(&rp, "Referrer-Policy",
	    "strict-origin-when-cross-origin");
	assert_header(&rp, "X-Frame-Options", "DENY");
	assert_header(&rp, "Cache-Control", "public, max-age=60");
	assert_header(&rp, "Content-Type", "text/html; charset=utf-8");
	assert_header(&rp, "Vary", "Accept-Encoding");
	assert_null(header(&rp, "Content-Encoding", NULL));
	header(&rp, "Content-Security-Policy", &n);
	assert_int_equal(n, 1);
	assert_int_equal(rp.bodyn, strlen(page));
	assert_memory_equal(rp.body, page, rp.bodyn);
	reply_free(&rp);
}

static void
test_compression(void **state)
{
	struct reply rp;
	char	    *out;
	size_t	     outn, gz_len;
	z_stream     zs;

	(void)state;
	get("GET", "/", "Accept-Encoding: gzip, deflate\r\n", &rp);
	assert_int_equal(rp.status, 200);
	assert_header(&rp, "Content-Encoding", "gzip");
	assert_header(&rp, "Vary", "Accept-Encoding");
	assert_true(rp.bodyn < strlen(page) / 2);
	assert_int_equal(atoi(header(&rp, "Content-Length", NULL)),
	    (int)rp.bodyn);
	gz_len = rp.bodyn;
	out = malloc(sizeof(page));
	memset(&zs, 0, sizeof(zs));
	assert_int_equal(inflateInit2(&zs, 15 + 16), Z_OK);
	zs.next_in = (const Bytef *)rp.body;
	zs.avail_in = (uInt)rp.bodyn;
	zs.next_out = (Bytef *)out;
	zs.avail_out = sizeof(page);
	assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END);
	assert_int_equal(zs.total_out, strlen(page));
	assert_memory_equal(out, page, zs.total_out);
	inflateEnd(&zs);
	reply_free(&rp);

	/* HEAD: the same headers, Content-Length included, and no body. */
	get("HEAD", "/", "Accept-Encoding: gzip, deflate\r\n", &rp);
	assert_int_equal(rp.status, 200);
	assert_header(&rp, "Content-Encoding", "gzip");
	assert_int_equal(atoi(header(&rp, "Content-Length", NULL)),
	    (int)gz_len);
	assert_int_equal(rp.bodyn, 0);
	reply_free(&rp);

	get("GET", "/", "Accept-Encoding: gzip, br\r\n", &rp);
	assert_header(&rp, "Content-Encoding", "br");
	outn = sizeof(page);
	assert_int_equal(BrotliDecoderDecompress(rp.bodyn,
			     (const uint8_t *)rp.body, &outn, (uint8_t *)out),
	    BROTLI_DECODER_RESULT_SUCCESS);
	assert_int_equal(outn, strlen(page));
	assert_memory_equal(out, page, outn);
	reply_free(&rp);
	free(out);

	/* q=0 refuses; small bodies are not worth it but still Vary. */
	get("GET", "/", "Accept-Encoding: br;q=0, gzip;q=0\r\n", &rp);
	assert_null(header(&rp, "Content-Encoding", NULL));
	assert_int_equal(rp.bodyn, strlen(page));
	reply_free(&rp);
	get("GET", "/small", "Accept-Encoding: gzip\r\n", &rp);
	assert_null(header(&rp, "Content-Encoding", NULL));
	assert_header(&rp, "Vary", "Accept-Encoding");
	assert_int_equal(rp.bodyn, 2);
	reply_free(&rp);
}

static void
test_head_plain(void **state)
{
	struct reply rp;

	(void)state;
	get("HEAD", "/small", "", &rp);
	assert_int_equal(rp.status, 200);
	assert_header(&rp, "Content-Length", "2");
	assert_header(&rp, "X-Frame-Options", "DENY");
	assert_int_equal(rp.bodyn, 0);
	reply_free(&rp);
}

static void
test_method_not_allowed(void **state)
{
	struct reply rp;

	(void)state;
	get("POST", "/small", "Content-Length: 0\r\n", &rp);
	assert_int_equal(rp.status, 405);
	assert_header(&rp, "Allow", "GET, HEAD");
	assert_header(&rp, "Cache-Control", "no-cache");
	assert_header(&rp, "X-Content-Type-Options", "nosniff");
	assert_non_null(strstr(rp.body, "error 405"));
	reply_free(&rp);
	get("DELETE", "/post", "", &rp);
	assert_int_equal(rp.status, 405);
	assert_header(&rp, "Allow", "POST");
	reply_free(&rp);
}

static void
test_slash_redirects(void **state)
{
	struct reply rp;

	(void)state;
	get("GET", "/missing/x?a=1&b=%20", "", &rp);
	assert_int_equal(rp.status, 301);
	assert_header(&rp, "Location", "/missing/x/?a=1&b=%20");
	assert_header(&rp, "Cache-Control", "public, max-age=300");
	reply_free(&rp);
	get("GET", "/small/", "", &rp);
	assert_int_equal(rp.status, 301);
	assert_header(&rp, "Location", "/small");
	reply_free(&rp);
	/* The raw spelling is kept, so the target decodes the same. */
	get("GET", "/missing/caf%C3%A9", "", &rp);
	assert_int_equal(rp.status, 301);
	assert_header(&rp, "Location", "/missing/caf%C3%A9/");
	reply_free(&rp);
	/* Never an off-site redirect. */
	get("GET", "//evil.example", "", &rp);
	assert_int_equal(rp.status, 404);
	assert_null(header(&rp, "Location", NULL));
	reply_free(&rp);
}

static const struct {
	const char *target;
	int	    status;
} bad_paths[] = {
	{ "/%zz", 400 }, { "/%", 400 }, { "/small%00", 400 },
	{ "/a/%2e%2e/small", 400 }, { "/a/../small", 400 }, { "/./small", 400 },
	{ "/..%2fsmall", 400 }, { "/a%0d%0aX-Injected:%201", 400 },
	{ "*", 400 }, { "/nowhere", 404 },
	{ "/smal%6c", 200 }, /* decoded once, then routed */
};

static void
test_bad_paths(void **state)
{
	struct reply rp;
	char	     want[64];
	size_t	     i;

	(void)state;
	for (i = 0; i < NELEM(bad_paths); i++) {
		get("GET", bad_paths[i].target, "", &rp);
		if (rp.status != bad_paths[i].status)
			fail_msg("%s: got %d want %d", bad_paths[i].target,
			    rp.status, bad_paths[i].status);
		if (rp.status >= 400) {
			/* Themed page and security headers on errors too. */
			snprintf(want, sizeof(want), "error %d",
			    bad_paths[i].status);
			assert_non_null(strstr(rp.body, want));
			assert_header(&rp, "X-Frame-Options", "DENY");
		}
		assert_null(header(&rp, "X-Injected", NULL));
		reply_free(&rp);
	}
}

static void
test_long_path(void **state)
{
	struct reply rp;
	char	     target[3000];

	(void)state;
	memset(target, 'a', sizeof(target) - 1);
	target[0] = '/';
	target[sizeof(target) - 1] = '\0';
	get("GET", target, "", &rp);
	assert_int_equal(rp.status, 414);
	reply_free(&rp);
}

static void
test_handler_errors(void **state)
{
	struct reply rp;

	(void)state;
	get("GET", "/fail", "", &rp);
	assert_int_equal(rp.status, 503);
	assert_non_null(strstr(rp.body, "error 503"));
	assert_null(strstr(rp.body, "half-made"));
	assert_header(&rp, "Cache-Control", "no-cache");
	reply_free(&rp);
	get("GET", "/missing/x/", "", &rp);
	assert_int_equal(rp.status, 404);
	assert_non_null(strstr(rp.body, "error 404 Not Found"));
	reply_free(&rp);
}

static void
test_handler_headers(void **state)
{
	struct reply rp;
	int	     n;

	(void)state;
	get("GET", "/csp", "", &rp);
	assert_int_equal(rp.status, 200);
	assert_header(&rp, "Content-Security-Policy", "default-src 'self'");
	header(&rp, "Content-Security-Policy", &n);
	assert_int_equal(n, 1);
	assert_header(&rp, "X-Custom", "yes");
	assert_header(&rp, "X-Frame-Options", "DENY");
	assert_header(&rp, "Cache-Control", "private, max-age=5");
	reply_free(&rp);
}

static void
test_query_and_headers(void **state)
{
	struct reply rp;

	(void)state;
	get("GET", "/q?x=1&s=a+b%21&s=second", "X-Test: hello\r\n", &rp);
	assert_int_equal(rp.status, 200);
	assert_string_equal(rp.body, "s=[a b!] h=[hello] ip=127.0.0.1");
	reply_free(&rp);
}

static void
test_bodies(void **state)
{
	struct reply rp;
	char	     req[512];
	const char  *big = "0123456789abcdefXYZ"; /* 19 > 16 */

	(void)state;
	snprintf(req, sizeof(req),
	    "POST /post HTTP/1.1\r\nHost: t\r\n"
	    "Connection: close\r\nContent-Length: 5\r\n\r\nhello");
	exchange(req, &rp);
	assert_int_equal(rp.status, 200);
	assert_string_equal(rp.body, "got 5: hello");
	reply_free(&rp);

	/* Declared too big: refused before the body is read. */
	snprintf(req, sizeof(req),
	    "POST /post HTTP/1.1\r\nHost: t\r\n"
	    "Connection: close\r\nContent-Length: %zu\r\n\r\n%s",
	    strlen(big), big);
	exchange(req, &rp);
	assert_int_equal(rp.status, 413);
	assert_non_null(strstr(rp.body, "error 413"));
	reply_free(&rp);

	/* Chunked, too big once the chunks add up. */
	snprintf(req, sizeof(req),
	    "POST /post HTTP/1.1\r\nHost: t\r\n"
	    "Connection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "a\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n");
	exchange(req, &rp);
	assert_int_equal(rp.status, 413);
	reply_free(&rp);

	/* Chunked within the limit. */
	snprintf(req, sizeof(req),
	    "POST /post HTTP/1.1\r\nHost: t\r\n"
	    "Connection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
	exchange(req, &rp);
	assert_int_equal(rp.status, 200);
	assert_string_equal(rp.body, "got 5: abcde");
	reply_free(&rp);

	/* GET routes take no body at all. */
	snprintf(req, sizeof(req),
	    "GET /small HTTP/1.1\r\nHost: t\r\n"
	    "Connection: close\r\nContent-Length: 3\r\n\r\nabc");
	exchange(req, &rp);
	assert_int_equal(rp.status, 413);
	reply_free(&rp);

	/* The server is still fine. */
	get("GET", "/small", "", &rp);
	assert_int_equal(rp.status, 200);
	reply_free(&rp);
}

static void
test_header_too_large(void **state)
{
	struct reply rp;
	char	     extra[12000];

	(void)state;
	/* Under header_max (4096): served. */
	snprintf(extra, sizeof(extra), "X-Pad: %03000d\r\n", 0);
	get("GET", "/small", extra, &rp);
	assert_int_equal(rp.status, 200);
	reply_free(&rp);
	/* Just over it: our own count says 431. */
	snprintf(extra, sizeof(extra), "X-Pad: %04100d\r\n", 0);
	get("GET", "/small", extra, &rp);
	assert_int_equal(rp.status, 431);
	assert_header(&rp, "X-Frame-Options", "DENY");
	reply_free(&rp);
	/* Far over it: libmicrohttpd's pool runs out and it says 431. */
	snprintf(extra, sizeof(extra), "X-Pad: %011000d\r\n", 0);
	get("GET", "/small", extra, &rp);
	assert_int_equal(rp.status, 431);
	reply_free(&rp);
	/* Many small headers add up the same way. */
	extra[0] = '\0';
	while (strlen(extra) + 16 < sizeof(extra))
		strcat(extra, "X-A: bbbbbbbb\r\n");
	get("GET", "/small", extra, &rp);
	assert_int_equal(rp.status, 431);
	reply_free(&rp);
	/* And the server carries on. */
	get("GET", "/small", "", &rp);
	assert_int_equal(rp.status, 200);
	reply_free(&rp);
}

/*
 * Slowloris: one header byte every 300 ms keeps libmicrohttpd's idle
 * timer from ever firing; the deadline (2 s here) must cut it off.
 */
static void
test_deadline(void **state)
{
	struct timespec t0, t1, gap = { 0, 300 * 1000000L };
	struct reply	rp;
	const char     *head = "GET /small HTTP/1.1\r\nHost: t\r\nX-Slow: ";
	char		c;
	double		secs;
	int		fd, i;
	ssize_t		r = 1;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fd = dial(AF_INET, server_port(srv));
	send_all(fd, head, strlen(head));
	for (i = 0; i < 40; i++) {
		nanosleep(&gap, NULL); /* the slow client's pace, not a wait */
		if (send(fd, "a", 1, MSG_NOSIGNAL) != 1)
			break;
		/* Closed by the server: recv sees EOF or a reset. */
		r = recv(fd, &c, 1, MSG_DONTWAIT);
		if (r == 0 ||
		    (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
			break;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	close(fd);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (i == 40)
		fail_msg("trickling client never cut off (%.1fs)", secs);
	assert_true(secs >= 1.9);
	assert_true(secs < 5.0);
	/* Others are still served. */
	get("GET", "/small", "", &rp);
	assert_int_equal(rp.status, 200);
	reply_free(&rp);
}

/*
 * The deadline is per request: a keep-alive connection that sends a
 * request every 1.2 s lives well past the 2 s deadline.
 */
static void
test_deadline_per_request(void **state)
{
	struct timespec gap = { 1, 200 * 1000000L };
	const char     *req = "GET /small HTTP/1.1\r\nHost: t\r\n\r\n";
	char		buf[4096];
	ssize_t		r;
	size_t		got;
	int		fd, i;

	(void)state;
	fd = dial(AF_INET, server_port(srv));
	for (i = 0; i < 4; i++) {
		send_all(fd, req, strlen(req));
		/* Read one whole response: headers end, then "ok". */
		got = 0;
		while (got < 4 || memcmp(buf + got - 4, "\r\nok", 4) != 0) {
			r = recv(fd, buf + got, sizeof(buf) - got - 1, 0);
			if (r <= 0)
				fail_msg("request %d: connection closed", i);
			got += (size_t)r;
		}
		buf[got] = '\0';
		assert_non_null(strstr(buf, "HTTP/1.1 200"));
		if (i < 3)
			nanosleep(&gap, NULL); /* the client's pace */
	}
	close(fd);
}

static void
test_listen_errors(void **state)
{
	struct ng_config c2;
	struct app	 a2 = { 0 }; /* no store: no page cache */
	struct server	*s2 = NULL;
	char		 err[256], want[128];

	(void)state;
	config_defaults(&c2);
	a2.cfg = &c2;
	c2.listen_port = server_port(srv);
	assert_int_equal(server_start(&a2, &hooks, &s2, err, sizeof(err)),
	    NG_EIO);
	assert_null(s2);
	snprintf(want, sizeof(want),
	    "cannot listen on 127.0.0.1:%u: "
	    "Address already in use",
	    server_port(srv));
	assert_string_equal(err, want);

	free(c2.listen_host);
	c2.listen_host = strdup("news.example");
	c2.listen_port = 8080;
	assert_int_equal(server_start(&a2, &hooks, &s2, err, sizeof(err)),
	    NG_EINVAL);
	assert_string_equal(err,
	    "cannot listen on news.example:8080: "
	    "not an IPv4 or IPv6 address");

	/* A broken table never starts. */
	{
		const struct route bad[] = {
			{ "/{}", ROUTE_GETHEAD, h_small, 0, "a" },
			{ "/x", ROUTE_GETHEAD, h_small, 0, "b" },
		};
		const struct server_hooks bh = { bad, 2, t_error, NULL };

		free(c2.listen_host);
		c2.listen_host = strdup("127.0.0.1");
		c2.listen_port = 0;
		assert_int_equal(server_start(&a2, &bh, &s2, err, sizeof(err)),
		    NG_EINVAL);
		assert_non_null(strstr(err, "shadowed"));
	}
	config_free(&c2);
}

static void
test_ipv6(void **state)
{
	struct ng_config c6;
	struct app	 a6 = { 0 }; /* no store: no page cache */
	struct server	*s6;
	struct reply	 rp;
	char		 err[256];
	const char	*req = "GET /q HTTP/1.1\r\nHost: t\r\n"
			       "Connection: close\r\n\r\n";
	int		 probe;

	(void)state;
	if ((probe = socket(AF_INET6, SOCK_STREAM, 0)) < 0)
		skip();
	close(probe);
	config_defaults(&c6);
	free(c6.listen_host);
	c6.listen_host = strdup("::1");
	c6.listen_port = 0;
	c6.threads = 1;
	a6.cfg = &c6;
	if (server_start(&a6, &hooks, &s6, err, sizeof(err)) != NG_OK) {
		config_free(&c6);
		if (strstr(err, "Cannot assign") != NULL)
			skip(); /* no ::1 in this sandbox */
		fail_msg("%s", err);
	}
	exchange_fam(AF_INET6, server_port(s6), req, strlen(req), &rp);
	assert_int_equal(rp.status, 200);
	assert_string_equal(rp.body, "s=[] h=[] ip=::1");
	reply_free(&rp);
	server_stop(s6);
	config_free(&c6);
}

struct slow_arg {
	unsigned port;
	int	 status;
};

static void *
slow_client(void *p)
{
	struct slow_arg *a = p;
	struct reply	 rp;
	const char	*req = "GET /sleep HTTP/1.1\r\nHost: t\r\n"
			       "Connection: close\r\n\r\n";

	exchange_fam(AF_INET, a->port, req, strlen(req), &rp);
	a->status = rp.status;
	reply_free(&rp);
	return NULL;
}

/* server_stop() lets a request in flight finish. */
static void
test_graceful_stop(void **state)
{
	struct ng_config c3;
	struct app	 a3 = { 0 }; /* no store: no page cache */
	struct server	*s3;
	struct slow_arg	 arg = { 0, 0 };
	struct timespec	 tick = { 0, 1000000L };
	pthread_t	 t;
	int		 ms;
	char		 err[256];

	(void)state;
	config_defaults(&c3);
	c3.listen_port = 0;
	c3.threads = 2;
	a3.cfg = &c3;
	if (server_start(&a3, &hooks, &s3, err, sizeof(err)) != NG_OK)
		fail_msg("%s", err);
	arg.port = server_port(s3);
	assert_int_equal(pthread_create(&t, NULL, slow_client, &arg), 0);
	/* Poll, up to 10 s, until the request is inside its handler. */
	for (ms = 0; !sleeping && ms < 10000; ms++)
		nanosleep(&tick, NULL);
	assert_true(sleeping);
	server_stop(s3);
	pthread_join(t, NULL);
	assert_int_equal(arg.status, 200);
	config_free(&c3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_headers),
		cmocka_unit_test(test_compression),
		cmocka_unit_test(test_head_plain),
		cmocka_unit_test(test_method_not_allowed),
		cmocka_unit_test(test_slash_redirects),
		cmocka_unit_test(test_bad_paths),
		cmocka_unit_test(test_long_path),
		cmocka_unit_test(test_handler_errors),
		cmocka_unit_test(test_handler_headers),
		cmocka_unit_test(test_query_and_headers),
		cmocka_unit_test(test_bodies),
		cmocka_unit_test(test_header_too_large),
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_deadline_per_request),
		cmocka_unit_test(test_listen_errors),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_graceful_stop),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
