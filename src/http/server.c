/*
 * server.c -- all libmicrohttpd glue.
 *
 * One request goes through these callbacks, in this order:
 *
 *	on_uri()	 MHD read the request line.  Allocate the request's
 *			 arena and context and keep the raw target: the URL
 *			 MHD later hands on_access() is already %-decoded
 *			 (and cut at an encoded NUL), so path validation
 *			 must see the bytes from here.
 *	on_access()	 first call: decode and route, answer early (400,
 *			 404, 405, 301, 413) or accept the body; then one
 *			 call per body chunk; last call: run the handler and
 *			 queue the response.
 *	on_completed()	 write the access-log line, count the request in
 *			 the metrics and free the arena.
 *
 * The page cache (pagecache.h) sits in first_call(): a GET or HEAD for
 * a target it holds is answered there from a libmicrohttpd response
 * made when the page was first rendered, without running the handler.
 * On a miss final_call() runs the handler and, when the response may be
 * shared, fills the cache and answers from the new entry, so the first
 * reader gets the same bytes and validators as the next thousand.
 *
 * Around them, on_connection() registers each socket with the request
 * and send deadlines (deadline.c), which cut off clients that trickle
 * bytes, or read their response a byte at a time, to dodge
 * libmicrohttpd's idle timeout (it counts only time without traffic);
 * on_access() moves the socket to the send clock once a response is
 * queued, on_completed() back.  Also the framing gate
 * (gate.c), which every byte passes before libmicrohttpd parses it.  A
 * request the gate refused is answered from first_call() or
 * final_call() with the gate's status, before any routing.
 */
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "http/compress.h"
#include "http/conncap.h"
#include "http/deadline.h"
#include "http/gate.h"
#include "http/http_int.h"
#include "http/limits.h"
#include "http/metrics.h"
#include "http/offload.h"
#include "http/pagecache.h"
#include "http/proxy.h"
#include "http/redirect.h"
#include "http/req.h"
#include "http/resp.h"
#include "http/router.h"
#include "http/server.h"
#include "http/tls.h"
#include "store/store.h"

/* Replaced objects of a reload, freed when the server stops. */
struct retired {
	struct retired *next;
	struct proxies *proxies;
};

struct server {
	struct MHD_Daemon *daemon;
	/* Swapped by server_reload(); a request keeps the one it began
	 * with (req->app), so it sees one configuration throughout. */
	const struct app *_Atomic app;
	struct retired		 *retired;
	struct server_hooks	  hooks;
	unsigned		  port;
	atomic_uint		  inflight; /* on_uri .. on_completed */
	atomic_int		  serving;  /* the daemon has started */
	struct deadline		 *deadline;
	struct metrics		 *metrics;
	struct pagecache	 *cache;   /* NULL: off */
	struct offload		 *writers; /* NULL: writes run inline */
	/* --- trusted proxies --- */
	struct proxies *_Atomic proxies;  /* NULL: trust no one */
	struct conncap	       *conncap;  /* NULL: libmicrohttpd caps */
	int			tls;	  /* this daemon speaks TLS */
	struct redirect	       *redirect; /* tls_redirect; NULL: none */
};

/* Per-connection state: libmicrohttpd's socket context. */
struct conn {
	struct deadline_conn *deadline;
	struct gate_conn     *gate;
	char		      peer[PROXY_IP_MAX]; /* the TCP peer, as text */
};

/* Per-request state; lives at the start of the request's arena. */
struct rctx {
	struct req	      req;
	struct server	     *srv;
	struct gate_conn     *gate;
	struct deadline_conn *deadline; /* the connection's clocks */
	unsigned	      seq;	/* request number on the connection */
	char		     *uri;	/* raw request target, NUL-terminated */
	size_t		      urin;
	struct str	      raw_path; /* uri up to '?' */
	const struct route   *route;
	struct buf	      body;
	int		      started; /* on_access has run */
	int		      responded;
	int		      status; /* for the log */
	size_t		      bytes;
	int		      fill;   /* cache miss: fill after */
	struct pc_entry	     *hit;    /* found before routing: send it */
	int		      looked; /* and missed before routing */
	uint64_t	      gen;    /* pagecache_generation() */
	const uint64_t	     *keys;   /* what the page was built from */
	size_t		      nkeys;
	time_t		      t0;    /* wall clock at render */
	uint64_t	      db_ns; /* database time */
	/* Run by a writer thread (run_offloaded()): its outcome, sent
	 * when libmicrohttpd calls again after the resume. */
	int	    offloaded;
	enum ng_err err;
	struct resp rs;
};

/* struct req is the first member of struct rctx (h2o's "super"). */
static const struct rctx *
rctx_of(const struct req *r)
{
	return (const struct rctx *)(const void *)r;
}

struct metrics *
http_req_metrics(const struct req *r)
{
	return rctx_of(r)->srv->metrics;
}

struct pagecache *
http_req_cache(const struct req *r)
{
	return rctx_of(r)->srv->cache;
}

static void client_ip(struct rctx *);

static int64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Non-zero if s holds no byte that could end or split a header line. */
static int
header_safe(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 && *s != '\t')
			return 0;
	return 1;
}

static int
add_header(struct MHD_Response *mr, const char *name, const char *value)
{
	if (!header_safe(name) || !header_safe(value)) {
		log_warn("dropped response header %s: control bytes", name);
		return 1;
	}
	return MHD_add_response_header(mr, name, value) == MHD_YES;
}

/*
 * Replace *body with a compressed copy when the client accepts one and
 * it comes out smaller.  On any failure the body goes out as it is.
 */
static const char *
maybe_compress(struct rctx *c, struct str *body)
{
	struct req	 *r = &c->req;
	struct buf	  b;
	struct str	  out;
	enum compress_enc enc;

	enc = compress_negotiate(
	    req_header(r, MHD_HTTP_HEADER_ACCEPT_ENCODING));
	if (enc == COMPRESS_IDENTITY)
		return NULL;
	buf_init(&b, r->arena);
	buf_set_max(&b, body->n - 1); /* no smaller: not worth it */
	if (compress_body(&b, enc, COMPRESS_FAST, body->p, body->n) != NG_OK ||
	    buf_finish(&b, &out) != NG_OK)
		return NULL;
	*body = out;
	return compress_name(enc);
}

/* Non-zero if the handler's own Vary already covers Accept-Encoding. */
static int
varies_on_encoding(const struct resp *rs)
{
	const struct resp_header *h;

	for (h = rs->headers; h != NULL; h = h->next)
		if (strcasecmp(h->name, "Vary") == 0 &&
		    (strcasestr(h->value, "Accept-Encoding") != NULL ||
			strchr(h->value, '*') != NULL))
			return 1;
	return 0;
}

/* Add the handler's headers, then the defaults it did not override. */
static int
add_headers(struct rctx *c, struct MHD_Response *mr, const struct resp *rs,
    int status, int vary, const char *enc)
{
	const struct resp_header *h;
	size_t			  i;
	const char		 *cc;

	for (h = rs->headers; h != NULL; h = h->next) {
		/* libmicrohttpd owns the framing headers. */
		if (strcasecmp(h->name, "Content-Length") == 0 ||
		    strcasecmp(h->name, "Transfer-Encoding") == 0)
			continue;
		if (!add_header(mr, h->name, h->value))
			return 0;
	}
	for (i = 0; i < http_nsecurity_headers; i++)
		if (!resp_has_header(rs, http_security_headers[i].name) &&
		    !add_header(mr, http_security_headers[i].name,
			http_security_headers[i].value))
			return 0;
	if (rs->content_type != NULL && !resp_has_header(rs, "Content-Type") &&
	    !add_header(mr, "Content-Type", rs->content_type))
		return 0;
	if (!resp_has_header(rs, "Cache-Control")) {
		cc = rs->cache_control != NULL ?
		    rs->cache_control :
		    resp_cache_default(c->req.method, status);
		if (!add_header(mr, "Cache-Control", cc))
			return 0;
	}
	/* Over TLS, browsers are told to come back only that way. */
	if (c->srv->tls && !resp_has_header(rs, "Strict-Transport-Security") &&
	    !add_header(mr, "Strict-Transport-Security", HTTP_HSTS))
		return 0;
	/* Vary is a list: a line of our own joins the handler's. */
	if (vary && !varies_on_encoding(rs) &&
	    !add_header(mr, "Vary", "Accept-Encoding"))
		return 0;
	if (enc != NULL && !add_header(mr, "Content-Encoding", enc))
		return 0;
	return 1;
}

/*
 * Queue rs.  The body stays in the arena, which outlives the response:
 * on_completed() frees it only after libmicrohttpd has sent the last
 * byte (or given up), so the buffer is handed over without a copy.  A
 * HEAD request gets the GET response; libmicrohttpd sends its headers
 * (Content-Length included) and no body.
 */
static enum MHD_Result
send_resp(struct rctx *c, const struct resp *rs)
{
	struct MHD_Connection *conn = c->req.conn;
	struct MHD_Response   *mr;
	struct str	       body = rs->body;
	const char	      *enc = NULL;
	int		       status = rs->status, vary = 0;
	enum MHD_Result	       ret;

	if (status < 100 || status > 599) {
		log_err("%s: handler set status %d",
		    c->route != NULL ? c->route->name : "?", status);
		status = 500;
	}
	if (body.p == NULL)
		body = STR_LIT("");
	if (rs->has_file) {
		/* libmicrohttpd owns the descriptor from here on. */
		mr = MHD_create_response_from_fd_at_offset64(rs->file_len,
		    rs->file_fd, rs->file_off);
		if (mr == NULL) {
			close(rs->file_fd);
			return MHD_NO;
		}
		body.n = (size_t)rs->file_len;
	} else {
		if (rs->compress && compress_type_ok(rs->content_type)) {
			vary = 1;
			if (body.n >= HTTP_COMPRESS_MIN)
				enc = maybe_compress(c, &body);
		}
		mr = MHD_create_response_from_buffer(body.n,
		    (void *)(uintptr_t)body.p, MHD_RESPMEM_PERSISTENT);
	}
	if (mr == NULL)
		return MHD_NO;
	if (!add_headers(c, mr, rs, status, vary, enc)) {
		MHD_destroy_response(mr);
		return MHD_NO;
	}
	ret = MHD_queue_response(conn, (unsigned)status, mr);
	MHD_destroy_response(mr);
	c->responded = 1;
	c->status = status;
	c->bytes = c->req.method == HTTP_HEAD ? 0 : body.n;
	return ret;
}

/*
 * The page cache's side of responding.
 */

/* The Cache-Control rs will go out with (see add_headers()). */
static const char *
cache_control_of(const struct rctx *c, const struct resp *rs, int status)
{
	const struct resp_header *h;

	for (h = rs->headers; h != NULL; h = h->next)
		if (strcasecmp(h->name, "Cache-Control") == 0)
			return h->value;
	return rs->cache_control != NULL ?
	    rs->cache_control :
	    resp_cache_default(c->req.method, status);
}

/*
 * Non-zero if the Cache-Control value cc has directive d.  A quoted
 * argument holding commas can only add false matches, and those can
 * only keep a response out of the cache (private, no-store) or let in
 * one its handler marked public anyway.
 */
static int
cc_has(const char *cc, const char *d)
{
	size_t	    n = strlen(d), k;
	const char *p = cc;

	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		for (k = 0; p[k] != '\0' && p[k] != ',' && p[k] != '=' &&
		     p[k] != ' ' && p[k] != '\t';
		     k++)
			continue;
		if (k == n && strncasecmp(p, d, n) == 0)
			return 1;
		p += k;
		while (*p != '\0' && *p != ',')
			p++;
	}
	return 0;
}

/*
 * May rs be kept and sent to anyone?  A 200 whose handler itself said
 * Cache-Control public (the server's default for a 200 does not count:
 * caching is opt-in, so a newsroom form that forgot to say private is
 * not handed to the next reader) and none of private, no-store,
 * no-cache; that sets no cookie, varies on nothing but Accept-Encoding
 * and brings no validators or coding of its own.
 */
static int
shareable(const struct resp *rs)
{
	const struct resp_header *h;
	const char		 *cc = NULL;

	if (rs->status != 200 || rs->has_file)
		return 0;
	for (h = rs->headers; h != NULL; h = h->next)
		if (strcasecmp(h->name, "Cache-Control") == 0)
			cc = h->value;
	if (cc == NULL)
		cc = rs->cache_control;
	if (cc == NULL || !cc_has(cc, "public") || cc_has(cc, "private") ||
	    cc_has(cc, "no-store") || cc_has(cc, "no-cache"))
		return 0;
	for (h = rs->headers; h != NULL; h = h->next) {
		if (strcasecmp(h->name, "Set-Cookie") == 0 ||
		    strcasecmp(h->name, "ETag") == 0 ||
		    strcasecmp(h->name, "Last-Modified") == 0 ||
		    strcasecmp(h->name, "Content-Encoding") == 0)
			return 0;
		if (strcasecmp(h->name, "Vary") == 0 &&
		    strcasecmp(h->value, "Accept-Encoding") != 0)
			return 0;
	}
	return 1;
}

/*
 * Answer from entry e: the representation the client accepts, or a 304
 * when its validators match (RFC 9110, 13.2.2).  libmicrohttpd takes its
 * own reference to the shared response; the caller keeps its own on e.
 */
static enum MHD_Result
send_entry(struct rctx *c, struct pc_entry *e)
{
	struct req	    *r = &c->req;
	struct pagecache    *pc = c->srv->cache;
	struct MHD_Response *mr;
	enum compress_enc    enc;
	int		     nm;

	enc = pc_entry_encoding(e,
	    req_header(r, MHD_HTTP_HEADER_ACCEPT_ENCODING));
	nm = pc_entry_not_modified(pc, e, enc,
	    req_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH),
	    req_header(r, MHD_HTTP_HEADER_IF_MODIFIED_SINCE), time(NULL));
	if ((mr = pc_entry_response(e, enc, nm)) == NULL)
		return MHD_NO;
	if (nm)
		pagecache_note_not_modified(pc);
	c->responded = 1;
	c->status = nm ? 304 : 200;
	c->bytes = nm || r->method == HTTP_HEAD ? 0 : pc_entry_body(e, enc).n;
	return MHD_queue_response(r->conn, (unsigned)c->status, mr);
}

/*
 * The 200 of a cached body.  A long one is copied once into a memfd
 * and sent from it with sendfile(2), each connection at its own offset
 * (libmicrohttpd owns the descriptor and closes it with the response);
 * the profile of a cached article had most of its time in the kernel
 * copying the body from our buffer into the socket, as nginx does not.
 * TLS encrypts from memory anyway: it, short bodies and a failed memfd
 * borrow e's buffer.  The memfd's pages are the kernel's (shmem), not
 * counted in cache_max_bytes or the process's resident set.
 */
static struct MHD_Response *
entry_body_response(struct rctx *c, struct pc_entry *e, struct str body)
{
	struct MHD_Response *mr;
	size_t		     off = 0;
	ssize_t		     n;
	int		     fd;

	if (c->srv->tls || body.n < HTTP_SENDFILE_MIN ||
	    (fd = memfd_create("nutgraf-page", MFD_CLOEXEC)) == -1)
		goto borrow;
	while (off < body.n) {
		n = write(fd, body.p + off, body.n - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	if (off == body.n &&
	    (mr = MHD_create_response_from_fd64(body.n, fd)) != NULL)
		return mr;
	close(fd);
borrow:
	mr = MHD_create_response_from_buffer_with_free_callback_cls(body.n,
	    (void *)(uintptr_t)body.p, pc_entry_mem_release, e);
	if (mr != NULL)
		pc_entry_mem_ref(e);
	return mr;
}

/*
 * Make e's libmicrohttpd responses, one 200 and one 304 per body, with
 * exactly the headers send_resp() would give rs plus the validators.
 * Each borrows its body from e and holds e's memory until the library
 * frees it (a long 200 sends a memfd copy: entry_body_response()).
 * The 304 gets the body too, though libmicrohttpd never sends a 304's
 * body: it then writes the Content-Length of the 200, which is what
 * RFC 9110, 8.6 allows, where an empty body would make it write
 * "Content-Length: 0", which is not.  Returns 0 on failure (e then owns
 * what was made).
 */
static int
entry_responses(struct rctx *c, struct pc_entry *e, const struct resp *rs,
    int vary)
{
	struct MHD_Response *ok, *nm;
	struct str	     body;
	const char	    *cc = cache_control_of(c, rs, 200);
	const char	    *etag;
	int		     i;

	for (i = 0; i < COMPRESS__MAX; i++) {
		body = pc_entry_body(e, (enum compress_enc)i);
		if (body.p == NULL)
			continue;
		etag = pc_entry_etag(e, (enum compress_enc)i);
		if ((ok = entry_body_response(c, e, body)) == NULL)
			return 0;
		nm = MHD_create_response_from_buffer_with_free_callback_cls(
		    body.n, (void *)(uintptr_t)body.p, pc_entry_mem_release, e);
		if (nm != NULL)
			pc_entry_mem_ref(e);
		pc_entry_set_response(e, (enum compress_enc)i, ok, nm);
		if (nm == NULL)
			return 0;

		/* RFC 9110, 15.4.5: a 304 repeats Cache-Control, ETag and
		 * Vary; other metadata would only be ignored. */
		if (!add_headers(c, ok, rs, 200, vary,
			compress_name((enum compress_enc)i)) ||
		    !add_header(ok, "ETag", etag) ||
		    !add_header(ok, "Last-Modified",
			pc_entry_last_modified(e)) ||
		    !add_header(nm, "Cache-Control", cc) ||
		    !add_header(nm, "ETag", etag) ||
		    (vary && !add_header(nm, "Vary", "Accept-Encoding")))
			return 0;
	}
	return 1;
}

/*
 * A miss rendered rs: store it and answer from the entry.  Anything
 * that keeps it out of the cache (too big, out of memory) sends rs as
 * an uncached response instead.
 */
static enum MHD_Result
fill_and_send(struct rctx *c, const struct resp *rs)
{
	struct pc_entry *e;
	enum MHD_Result	 ret;
	int		 vary;

	vary = rs->compress && compress_type_ok(rs->content_type);
	if (pc_entry_new(c->srv->cache, (struct str){ c->uri, c->urin }, c->gen,
		c->t0, c->route, rs->body, vary, &e) != NG_OK)
		return send_resp(c, rs);
	pc_entry_set_keys(e, c->keys, c->nkeys);
	pc_entry_set_count_id(e, rs->count_id);
	if (!entry_responses(c, e, rs, vary)) {
		pc_entry_release(e);
		return send_resp(c, rs);
	}
	ret = send_entry(c, e);
	pagecache_insert(c->srv->cache, e);
	return ret;
}

/*
 * A routed GET or HEAD, its (empty) body read: answer it from the cache
 * and return 1, or mark it to fill the cache once rendered and return 0.
 * The key is the raw request target, path and query as sent: two
 * spellings of one page are two entries, which costs memory but can
 * never serve one page for another.  Nothing skips the cache, a
 * newsroom session neither: only shareable responses fill it (public,
 * no cookie set), public pages are the same for everyone, and newsroom
 * pages are no-store, so they are never in it.  A free bypass would let
 * anyone make every request a render.
 *
 * This runs in the final access-handler call, not the first: a response
 * queued before libmicrohttpd has read the whole request makes it close
 * the connection, and a cache that cost every reader a new TCP
 * handshake would be slower than none.
 */
/* Count a read of id when the request is a GET (not HEAD). */
static void
note_read(struct rctx *c, int64_t id)
{
	if (id > 0 && c->srv->hooks.read != NULL && c->req.method == HTTP_GET)
		c->srv->hooks.read(c->req.app, id,
		    req_header(&c->req, "User-Agent"));
}

static int
cache_first(struct rctx *c, enum MHD_Result *ret)
{
	struct pc_entry *e;

	/*
	 * An API caller with credentials may see what the next one may
	 * not, and its own reads must not be anyone's.  Only the API
	 * (routes named "api...") reads credentials: a public page ignores
	 * Authorization and cookies alike, so sending them skips nothing.
	 */
	if (strncmp(c->route->name, "api", 3) == 0 &&
	    req_header(&c->req, "Authorization").p != NULL) {
		pagecache_note_bypass(c->srv->cache);
		return 0;
	}
	e = c->looked ? NULL :
			pagecache_get(c->srv->cache,
			    (struct str){ c->uri, c->urin }, time(NULL));
	if (e == NULL) {
		c->fill = c->urin <= PAGECACHE_KEY_MAX;
		return 0;
	}
	note_read(c, pc_entry_count_id(e));
	*ret = send_entry(c, e);
	pc_entry_release(e);
	return 1;
}

/*
 * A cache hit found before routing.  Routing is a walk over the whole
 * table (a hundred patterns, matched segment by segment) and was an
 * eighth of the time a cached article took, so a GET or HEAD without a
 * body looks its raw target up first: an entry under that exact target
 * was rendered by the route the same target would reach again (routing
 * depends on nothing else), whose record the entry keeps for the
 * metrics.  A request with credentials is routed first, as
 * cache_first() must know whether its route reads them.  The entry is
 * sent from final_call(), once libmicrohttpd has read the whole
 * request; a miss is not looked up again there.
 */
static int
cache_early(struct rctx *c)
{
	struct req	*r = &c->req;
	struct pc_entry *e;

	if (c->srv->cache == NULL ||
	    (r->method != HTTP_GET && r->method != HTTP_HEAD) ||
	    req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH).p != NULL ||
	    req_header(r, MHD_HTTP_HEADER_TRANSFER_ENCODING).p != NULL ||
	    req_header(r, MHD_HTTP_HEADER_AUTHORIZATION).p != NULL)
		return 0;
	c->looked = 1;
	e = pagecache_get(c->srv->cache, (struct str){ c->uri, c->urin },
	    time(NULL));
	if (e == NULL || pc_entry_route(e) == NULL) {
		pc_entry_release(e);
		return 0;
	}
	c->route = pc_entry_route(e);
	c->hit = e;
	/* No body was declared: any byte of one is too many. */
	buf_init(&c->body, r->arena);
	buf_set_max(&c->body, 0);
	return 1;
}

/* The themed error page for status; never fails. */
static void
error_page(struct rctx *c, struct resp *rs, int status)
{
	memset(rs, 0, sizeof(*rs));
	c->srv->hooks.error(&c->req, rs, status, NULL);
	if (rs->status == 0)
		rs->status = status;
}

static enum MHD_Result
respond_error(struct rctx *c, int status)
{
	struct resp rs;

	error_page(c, &rs, status);
	/* An early 413 leaves the body unread: do not parse it as the
	 * next request. */
	if (status == 413)
		resp_header_add(&c->req, &rs, "Connection", "close");
	return send_resp(c, &rs);
}

/*
 * The gate refused this request's framing: answer with its status and
 * close, without looking at anything the request says.
 */
static enum MHD_Result
respond_refused(struct rctx *c, int status, const char *why)
{
	struct resp rs;

	log_info("%s: refused request: %s", c->req.ip, why);
	/* Count it under no route: no handler ran. */
	c->route = NULL;
	error_page(c, &rs, status);
	resp_header_add(&c->req, &rs, "Connection", "close");
	return send_resp(c, &rs);
}

static enum MHD_Result
respond_405(struct rctx *c, unsigned allow)
{
	struct resp rs;
	char	    methods[64];

	error_page(c, &rs, 405);
	resp_header_add(&c->req, &rs, "Allow",
	    router_allow_header(allow, methods, sizeof(methods)));
	return send_resp(c, &rs);
}

/*
 * 301 to the canonical spelling: the raw path with a "/" added or
 * removed, and the query string kept.  The raw path passed validation,
 * so it decodes to the routed path; a query with control bytes is
 * dropped rather than echoed into a header.
 */
static enum MHD_Result
respond_slash(struct rctx *c, enum route_result rr)
{
	struct req *r = &c->req;
	struct resp rs;
	struct str  p = c->raw_path;
	const char *loc;
	size_t	    i;
	int	    keepq = r->query.n > 0;

	for (i = 0; i < r->query.n; i++)
		if ((unsigned char)r->query.p[i] < 0x20 ||
		    r->query.p[i] == 0x7f)
			keepq = 0;
	if (rr == ROUTE_DEL_SLASH)
		p.n--;
	if (p.n + r->query.n > HTTP_LOCATION_MAX)
		keepq = 0;
	loc = arena_printf(r->arena, "%.*s%s%s%.*s", (int)p.n, p.p,
	    rr == ROUTE_ADD_SLASH ? "/" : "", keepq ? "?" : "",
	    keepq ? (int)r->query.n : 0, keepq ? r->query.p : "");
	/* "//host" would be an off-site redirect; the router never
	 * matches empty segments, but do not trust that here. */
	if (loc == NULL || loc[0] != '/' || loc[1] == '/')
		return respond_error(c, loc == NULL ? 503 : 404);
	memset(&rs, 0, sizeof(rs));
	resp_redirect(r, &rs, 301, loc);
	return send_resp(c, &rs);
}

/* The declared Content-Length (the gate checked its syntax), or 0. */
static uint64_t
declared_length(struct rctx *c)
{
	struct str cl;
	size_t	   i;
	uint64_t   v = 0;

	cl = req_header(&c->req, MHD_HTTP_HEADER_CONTENT_LENGTH);
	for (i = 0; i < cl.n; i++) {
		if (cl.p[i] < '0' || cl.p[i] > '9')
			return 0;
		if (v > (UINT64_MAX - 9) / 10)
			return UINT64_MAX;
		v = v * 10 + (uint64_t)(cl.p[i] - '0');
	}
	return v;
}

/* A body declared bigger than max is refused unread. */
static int
declared_too_big(struct rctx *c, size_t max)
{
	return declared_length(c) > max;
}

static enum MHD_Result
add_header_size(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	size_t *total = cls;

	(void)kind;
	*total += strlen(key) + 2 + (value != NULL ? strlen(value) : 0) + 2;
	return MHD_YES;
}

/*
 * Bytes of request line and headers as sent (give or take whitespace).
 * libmicrohttpd's pool is a little bigger than header_max, as a hard
 * stop; this count makes header_max itself the limit.
 */
static size_t
header_size(struct rctx *c)
{
	size_t total;

	total = c->req.method_name.n + 1 + c->urin + sizeof(" HTTP/1.1\r\n");
	MHD_get_connection_values(c->req.conn, MHD_HEADER_KIND, add_header_size,
	    &total);
	return total;
}

static enum MHD_Result
first_call(struct rctx *c, const char *method)
{
	struct req	    *r = &c->req;
	const struct server *s = c->srv;
	const char	    *q;
	struct str	     path;
	enum route_result    rr;
	enum ng_err	     err;
	unsigned	     allow;
	const char	    *why;
	int		     refused;

	/* Error pages may run before the path is known: never NULL. */
	r->path = STR_LIT("");
	/* The headers are in now: who is the client? */
	client_ip(c);
	if ((refused = gate_verdict(c->gate, c->seq, &why)) != 0) {
		r->method_name = STR_LIT("-");
		return respond_refused(c, refused, why);
	}
	r->method = req_method_of(str_c(method));
	if ((r->method_name = arena_str(r->arena, str_c(method))).p == NULL)
		return respond_error(c, 503);
	if (header_size(c) > r->app->cfg->header_max)
		return respond_error(c, 431);
	c->raw_path = (struct str){ c->uri, c->urin };
	if ((q = memchr(c->uri, '?', c->urin)) != NULL) {
		c->raw_path.n = (size_t)(q - c->uri);
		r->query = (struct str){ q + 1, c->urin - c->raw_path.n - 1 };
	}
	/* A cached target decoded and routed when it was rendered. */
	if (cache_early(c))
		return MHD_YES;
	err = req_path_decode(r->arena, c->raw_path.p, c->raw_path.n, &path);
	if (err != NG_OK)
		return respond_error(c,
		    err == NG_ETOOBIG	 ? 414 :
			err == NG_ENOMEM ? 503 :
					   400);
	r->path = path;
	/*
	 * The server-wide cap comes before routing, so an oversized upload
	 * gets 413 whatever its path and method would have answered.
	 */
	if (declared_too_big(c, r->app->cfg->body_max))
		return respond_error(c, 413);
	rr = router_match(s->hooks.routes, s->hooks.nroutes, r, &c->route,
	    &allow);
	switch (rr) {
	case ROUTE_FOUND:
		if (declared_too_big(c, c->route->body_max))
			return respond_error(c, 413);
		buf_init(&c->body, r->arena);
		buf_set_max(&c->body, c->route->body_max);
		/* A body of known length gets one block of its size. */
		if (declared_length(c) > 0)
			buf_reserve(&c->body, (size_t)declared_length(c));
		return MHD_YES;
	case ROUTE_WRONG_METHOD:
		return respond_405(c, allow);
	case ROUTE_ADD_SLASH:
	case ROUTE_DEL_SLASH:
		return respond_slash(c, rr);
	default:
		return respond_error(c, 404);
	}
}

/* Copy the keys the handler's store reads noted (store.h) for the fill. */
static void
keep_keys(struct rctx *c)
{
	const uint64_t *keys;
	uint64_t       *copy;
	size_t		n;

	n = store_read_keys(&keys);
	if (n == 0)
		return;
	if ((copy = arena_calloc(c->req.arena, n, sizeof(*copy))) == NULL) {
		c->fill = 0; /* cannot say what it depends on */
		return;
	}
	memcpy(copy, keys, n * sizeof(*copy));
	c->keys = copy;
	c->nkeys = n;
}

/*
 * Run the route's handler: rs gets its response, or the error page of
 * what it returned (also returned).
 */
static enum ng_err
run_route(struct rctx *c, struct resp *rs)
{
	struct req *r = &c->req;
	enum ng_err err;
	uint64_t    db0;
	int	    status, reads;

	if (c->body.n > 0)
		r->body = (struct str){ c->body.p, c->body.n };
	memset(rs, 0, sizeof(*rs));
	rs->status = 200;
	/* Stamp the render before it reads anything (pagecache.h). */
	if (c->fill) {
		c->gen = pagecache_generation(c->srv->cache);
		c->t0 = time(NULL);
	}
	db0 = store_thread_db_ns();
	/* A page's reads share one connection and snapshot (store.h). */
	reads = r->method == HTTP_GET || r->method == HTTP_HEAD;
	if (reads)
		store_read_begin(c->req.app->store);
	err = c->route->fn(r, rs);
	if (reads) {
		if (c->fill)
			keep_keys(c);
		store_read_end(c->req.app->store);
	}
	if (err != NG_OK) {
		status = resp_status_of(err);
		if (status >= 500)
			log_warn("%s %.*s: %s", c->route->name,
			    (int)(r->path.n < HTTP_LOG_PATH_MAX ?
				    r->path.n :
				    HTTP_LOG_PATH_MAX),
			    r->path.p, ng_strerror(err));
		error_page(c, rs, status);
		/*
		 * The database is away (a PostgreSQL restart) or
		 * busy: the store reconnects by itself, so ask the client
		 * to come back rather than give up.  Nothing was saved.
		 */
		if (status == 503 && !resp_has_header(rs, "Retry-After"))
			resp_header_add(r, rs, "Retry-After", "5");
	}
	c->db_ns += store_thread_db_ns() - db0;
	return err;
}

/* Queue what run_route() made. */
static enum MHD_Result
respond_routed(struct rctx *c, enum ng_err err, const struct resp *rs)
{
	if (err == NG_OK && rs->status == 200)
		note_read(c, rs->count_id);
	if (err == NG_OK && c->fill && shareable(rs))
		return fill_and_send(c, rs);
	if (c->fill)
		pagecache_note_bypass(c->srv->cache);
	return send_resp(c, rs);
}

/* A writer thread's job: the handler, then wake the connection. */
static void
run_offloaded(void *arg)
{
	struct rctx *c = arg;

	c->err = run_route(c, &c->rs);
	MHD_resume_connection(c->req.conn);
}

/*
 * A request that can write (any method but GET and HEAD) waits on the
 * database's write lock and, for a comment, on a sync to the disk:
 * tens of milliseconds on a busy disk.  On one of libmicrohttpd's
 * threads every reader on that thread would wait as long (the news-day
 * bench: reader p99 ten times the quiet run's with five comments a
 * second), so the connection is suspended and a writer thread runs the
 * handler; libmicrohttpd calls again once it is done.
 */
static int
offload(struct rctx *c)
{
	struct req *r = &c->req;

	if (c->srv->writers == NULL || r->method == HTTP_GET ||
	    r->method == HTTP_HEAD)
		return 0;
	c->offloaded = 1;
	MHD_suspend_connection(r->conn);
	if (offload_push(c->srv->writers, run_offloaded, c))
		return 1;
	MHD_resume_connection(r->conn);
	c->offloaded = 0;
	return 0;
}

static enum MHD_Result
final_call(struct rctx *c)
{
	struct req     *r = &c->req;
	struct resp	rs;
	enum ng_err	err;
	enum MHD_Result ret;
	int		status;
	const char     *why;

	/* Back from a writer thread. */
	if (c->offloaded)
		return respond_routed(c, c->err, &c->rs);
	/* The gate cut this request's chunked body short. */
	if ((status = gate_verdict(c->gate, c->seq, &why)) != 0)
		return respond_refused(c, status, why);
	/* A chunked body past body_max was read and dropped. */
	if (c->body.err != NG_OK)
		return respond_error(c, resp_status_of(c->body.err));
	if (c->hit != NULL) {
		note_read(c, pc_entry_count_id(c->hit));
		ret = send_entry(c, c->hit);
		pc_entry_release(c->hit);
		c->hit = NULL;
		return ret;
	}
	if (c->srv->cache != NULL &&
	    (r->method == HTTP_GET || r->method == HTTP_HEAD) &&
	    cache_first(c, &ret))
		return ret;
	if (offload(c))
		return MHD_YES;
	err = run_route(c, &rs);
	return respond_routed(c, err, &rs);
}

static enum MHD_Result
on_access(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **req_cls)
{
	struct server  *s = cls;
	struct rctx    *c = *req_cls;
	enum MHD_Result ret;

	(void)conn;
	(void)url; /* already decoded: we route c->uri instead */
	(void)version;
	if (c == NULL)
		return MHD_NO; /* on_uri ran out of memory: close */
	if (c->responded) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (!c->started) {
		c->started = 1;
		ret = first_call(c, method);
	} else if (*upload_size > 0) {
		/* buf_put() refuses past body_max and stays refused. */
		buf_put(&c->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	} else
		ret = final_call(c);
	/* From here the reader's pace is what the clock measures. */
	if (c->responded && c->deadline != NULL)
		deadline_sending(s->deadline, c->deadline);
	return ret;
}

/* The address text of a socket address, or "-". */
static void
sa_text(const struct sockaddr *sa, char *buf, size_t sz)
{
	const void *addr = NULL;

	snprintf(buf, sz, "-");
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_INET)
		addr = &((const struct sockaddr_in *)(const void *)sa)
			    ->sin_addr;
	else if (sa->sa_family == AF_INET6)
		addr = &((const struct sockaddr_in6 *)(const void *)sa)
			    ->sin6_addr;
	if (addr == NULL ||
	    inet_ntop(sa->sa_family, addr, buf, (socklen_t)sz) == NULL)
		snprintf(buf, sz, "-");
}

static const struct sockaddr *
peer_addr(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci;

	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	return ci != NULL ? ci->client_addr : NULL;
}

struct xff_join {
	struct buf b;
	int	   seen;
};

/* Every X-Forwarded-For header, in order, joined by commas. */
static enum MHD_Result
on_xff(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct xff_join *j = cls;

	(void)kind;
	if (key == NULL || value == NULL ||
	    strcasecmp(key, "X-Forwarded-For") != 0)
		return MHD_YES;
	if (j->seen++)
		buf_put(&j->b, ",", 1);
	buf_put(&j->b, value, strlen(value));
	return MHD_YES;
}

/*
 * THE client address of a request: the TCP peer, or, when
 * the peer is a trusted proxy, the client it relayed for.  Everything
 * that counts, limits or logs by address reads req->ip, set here.
 */
static void
client_ip(struct rctx *c)
{
	struct req	      *r = &c->req;
	struct MHD_Connection *conn = r->conn;
	struct proxy_client    pc;
	struct xff_join	       j;
	struct str	       xff = STR_NULL;
	const struct proxies  *proxies;
	const char	      *peer = r->ip; /* on_uri() put the peer there */

	r->https = c->srv->tls;
	proxies = atomic_load(&c->srv->proxies);
	if (proxies == NULL)
		return;
	buf_init(&j.b, r->arena);
	buf_set_max(&j.b, r->app->cfg->header_max);
	j.seen = 0;
	MHD_get_connection_values(conn, MHD_HEADER_KIND, on_xff, &j);
	if (j.seen && buf_finish(&j.b, &xff) != NG_OK)
		xff = STR_LIT(""); /* too much: no client we can trust */
	proxy_client(proxies, peer, xff, req_header(r, "X-Forwarded-Proto"),
	    &pc);
	snprintf(r->ip, sizeof(r->ip), "%s", pc.ip);
	r->relayed = pc.relayed;
	if (pc.https != -1 && !c->srv->tls)
		r->https = pc.https;
}

static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct server		       *s = cls;
	const union MHD_ConnectionInfo *ci;
	const struct conn	       *cn;
	struct arena		       *a;
	struct rctx		       *c;

	const struct app *app = atomic_load(&s->app);

	a = arena_new(app->cfg->arena_max);
	if ((c = arena_calloc(a, 1, sizeof(*c))) == NULL ||
	    (c->uri = arena_strdup(a, uri)) == NULL) {
		arena_free(a);
		return NULL;
	}
	c->urin = strlen(c->uri);
	c->srv = s;
	/* The peer for now; first_call() looks behind proxies. */
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (ci != NULL && (cn = ci->socket_context) != NULL) {
		memcpy(c->req.ip, cn->peer, sizeof(cn->peer));
		c->deadline = cn->deadline;
		if (cn->gate != NULL) {
			c->gate = cn->gate;
			c->seq = gate_request_begin(cn->gate);
		}
	}
	c->req.arena = a;
	c->req.app = app;
	c->req.conn = conn;
	c->req.start_us = now_us();
	if (c->req.ip[0] == '\0')
		sa_text(peer_addr(conn), c->req.ip, sizeof(c->req.ip));
	atomic_fetch_add(&s->inflight, 1);
	return c;
}

static const char *
termination_note(enum MHD_RequestTerminationCode toe)
{
	switch (toe) {
	case MHD_REQUEST_TERMINATED_COMPLETED_OK:
		return "";
	case MHD_REQUEST_TERMINATED_TIMEOUT_REACHED:
		return " (timeout)";
	case MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN:
		return " (shutdown)";
	case MHD_REQUEST_TERMINATED_READ_ERROR:
		return " (read error)";
	case MHD_REQUEST_TERMINATED_CLIENT_ABORT:
		return " (client closed)";
	default:
		return " (error)";
	}
}

/* One line per request: ip method path status bytes duration. */
static void
access_log(const struct rctx *c, const char *note)
{
	const struct req  *r = &c->req;
	char		   path[HTTP_LOG_PATH_MAX + 1];
	struct log_request rq;
	const char	  *q;
	size_t		   i, n;
	unsigned char	   ch;

	/* The raw path, with anything that could forge a log line or
	 * drive a terminal replaced. */
	q = memchr(c->uri, '?', c->urin);
	n = q != NULL ? (size_t)(q - c->uri) : c->urin;
	if (n > HTTP_LOG_PATH_MAX)
		n = HTTP_LOG_PATH_MAX;
	for (i = 0; i < n; i++) {
		ch = (unsigned char)c->uri[i];
		path[i] = ch <= 0x20 || ch >= 0x7f ? '?' : (char)ch;
	}
	path[i] = '\0';
	rq.ip = r->ip;
	rq.method = r->method_name.n > 0 ?
	    arena_strndup(r->arena, r->method_name.p, r->method_name.n) :
	    "-";
	if (rq.method == NULL)
		rq.method = "-";
	rq.path = path[0] != '\0' ? path : "-";
	rq.status = c->responded ? c->status : 0;
	rq.bytes = c->bytes;
	rq.ms = (long long)((now_us() - r->start_us) / 1000);
	rq.note = note;
	log_request(&rq);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct server	 *s = cls;
	struct rctx	 *c = *req_cls;
	enum deadline_cut cut = DEADLINE_NONE;

	(void)conn;
	if (c == NULL)
		return;
	*req_cls = NULL;
	/* The next request on this connection gets a fresh deadline. */
	if (c->deadline != NULL)
		cut = deadline_touch(s->deadline, c->deadline);
	if (c->req.app->cfg->access_log)
		access_log(c,
		    cut == DEADLINE_SEND	? " (send deadline)" :
			cut == DEADLINE_REQUEST ? " (deadline)" :
						  termination_note(toe));
	if (c->responded)
		metrics_request(s->metrics, c->route, c->status,
		    now_us() - c->req.start_us, c->db_ns);
	/* Found before routing, never sent (the client went away). */
	pc_entry_release(c->hit);
	arena_free(c->req.arena);
	atomic_fetch_sub(&s->inflight, 1);
}

static void
on_connection(void *cls, struct MHD_Connection *conn, void **socket_ctx,
    enum MHD_ConnectionNotificationCode code)
{
	struct server		       *s = cls;
	const union MHD_ConnectionInfo *ci;
	struct conn		       *cn;
	struct gate_limits		lim;

	metrics_connection(s->metrics, code == MHD_CONNECTION_NOTIFY_STARTED);
	/* Every connection counts; on_accept() lets trusted proxies past
	 * the cap.  (Counting them too keeps open and close symmetric when
	 * a reload changes the list.) */
	conncap_count(s->conncap, peer_addr(conn),
	    code == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1);
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		ci = MHD_get_connection_info(conn,
		    MHD_CONNECTION_INFO_CONNECTION_FD);
		if (ci == NULL)
			return;
		cn = xcalloc(1, sizeof(*cn));
		/* Once a connection, not once a request. */
		sa_text(peer_addr(conn), cn->peer, sizeof(cn->peer));
		cn->deadline = deadline_add(s->deadline, ci->connect_fd);
		lim.head_max = s->app->cfg->header_max + HTTP_POOL_SLACK;
		lim.body_max = s->app->cfg->body_max;
		/*
		 * A TLS listener is not gated: GnuTLS reads the socket
		 * through the same recv(2), so the gate would see
		 * ciphertext, and 0.9.75 offers no hook between TLS and
		 * the parser.  Behind a front proxy (where smuggling
		 * matters) nutgraf speaks plain HTTP and is gated.
		 * Otherwise an ungated socket must not be served.
		 */
		if (!s->tls &&
		    (cn->gate = gate_open(ci->connect_fd, &lim)) == NULL) {
			log_warn("socket %d beyond the framing gate's table: "
				 "closed",
			    (int)ci->connect_fd);
			shutdown(ci->connect_fd, SHUT_RDWR);
		}
		*socket_ctx = cn;
		return;
	}
	/* libmicrohttpd reports the close before it closes the socket. */
	if ((cn = *socket_ctx) != NULL) {
		deadline_remove(s->deadline, cn->deadline);
		gate_close(cn->gate);
		free(cn);
	}
	*socket_ctx = NULL;
}

/*
 * The per-address connection cap is ours, not libmicrohttpd's: trusted
 * proxies are never capped, everyone else is as libmicrohttpd would.
 */
static enum MHD_Result
on_accept(void *cls, const struct sockaddr *sa, socklen_t len)
{
	struct server *s = cls;

	(void)len;
	if (proxies_trusted_sa(atomic_load(&s->proxies), sa))
		return MHD_YES;
	return conncap_allows(s->conncap, sa) ? MHD_YES : MHD_NO;
}

static void on_mhd_log(void *, const char *, va_list)
    __attribute__((format(printf, 2, 0)));

/*
 * libmicrohttpd's own messages.  At start they explain a refusal, so
 * they are warnings.  Once serving, nearly all are about one client's
 * bad request (already in the access log with its status), so they are
 * debug -- except trouble with accept() or the process's own resources.
 */
static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	const struct server *s = cls;
	char		     msg[512];
	size_t		     n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	if (!atomic_load(&s->serving) || strncmp(msg, "Failed", 6) == 0 ||
	    strstr(msg, "accept") != NULL)
		log_warn("libmicrohttpd: %s", msg);
	else
		log_debug("libmicrohttpd: %s", msg);
}

/*
 * Bind the configured address ourselves rather than let libmicrohttpd
 * do it, so that "address in use" comes back with its errno and the
 * address, and only the one configured address is bound.
 */
enum ng_err
http_listen(const char *host, unsigned port, int *out, char *errbuf,
    size_t errsz)
{
	struct sockaddr_storage ss;
	struct sockaddr_in     *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6    *sin6 = (struct sockaddr_in6 *)&ss;
	char			where[128];
	socklen_t		len;
	int			fd, one = 1;

	*out = -1;
	if (host == NULL)
		host = "";
	snprintf(where, sizeof(where),
	    strchr(host, ':') != NULL ? "[%s]:%u" : "%s:%u", host, port);
	if (port > 65535) {
		snprintf(errbuf, errsz, "cannot listen on %s: bad port", where);
		return NG_EINVAL;
	}
	if (strcmp(host, "localhost") == 0)
		host = "127.0.0.1";
	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		len = sizeof(*sin);
	} else if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		len = sizeof(*sin6);
	} else {
		snprintf(errbuf, errsz,
		    "cannot listen on %s: not an IPv4 or "
		    "IPv6 address",
		    where);
		return NG_EINVAL;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd == -1)
		goto fail;
	/* Restart while old connections sit in TIME_WAIT; unlike
	 * SO_REUSEPORT this still refuses a second live listener. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1)
		goto fail;
	if (ss.ss_family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) == -1)
		goto fail;
	if (bind(fd, (struct sockaddr *)&ss, len) == -1 ||
	    listen(fd, HTTP_LISTEN_BACKLOG) == -1)
		goto fail;
	*out = fd;
	return NG_OK;
fail:
	snprintf(errbuf, errsz, "cannot listen on %s: %s", where,
	    strerror(errno));
	if (fd != -1)
		close(fd);
	return NG_EIO;
}

static unsigned
pool_threads(const struct ng_config *cfg)
{
	long n;

	if (cfg->threads > 0)
		return cfg->threads;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	n = n < 1 ? 1 : n > 256 ? 256 : n;
	/*
	 * On PostgreSQL a worker waits for the server at every statement
	 * of a page; with only one worker a CPU, the CPUs idle meanwhile
	 * (an uncached article page ran at a quarter of SQLite's rate).
	 * Four a CPU, but no more than the store has connections: each
	 * worker holds one for the whole page.
	 */
	if (cfg->database != NULL && store_is_url(cfg->database)) {
		n *= 4;
		if (cfg->db_conns > 0 && n > (long)cfg->db_conns)
			n = cfg->db_conns;
	}
	return (unsigned)n;
}

static unsigned
bound_port(struct MHD_Daemon *d, int fd)
{
	const union MHD_DaemonInfo *di;
	struct sockaddr_storage	    ss;
	socklen_t		    len = sizeof(ss);

	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (di != NULL && di->port != 0)
		return di->port;
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		return 0;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

static struct MHD_Daemon *
start_daemon(struct server *s, int fd)
{
	const struct ng_config *cfg = atomic_load(&s->app)->cfg;
	unsigned		threads = pool_threads(cfg);
	unsigned		conns = cfg->conns_max;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ITC | MHD_USE_TURBO | MHD_USE_ERROR_LOG |
	    MHD_ALLOW_SUSPEND_RESUME;
	/* TLS: the credentials come from tls.c, per handshake. */
	struct MHD_OptionItem tls[] = {
		{ MHD_OPTION_HTTPS_CERT_CALLBACK, 0, NULL },
		{ MHD_OPTION_END, 0, NULL },
	};

	if (s->tls) {
		flags |= MHD_USE_TLS;
		tls[0].ptr_value = tls_cert_callback();
	} else
		tls[0].option = MHD_OPTION_END;
	/* libmicrohttpd splits the limit between the pool's threads. */
	if (conns < threads)
		conns = threads;
	/*
	 * A pool of one is no pool: libmicrohttpd warns about a size of 0
	 * or 1 and runs its single internal thread.  Varargs cannot leave
	 * an option out, so then the slot repeats the (harmless) timeout.
	 */
	return MHD_start_daemon(flags, 0, on_accept, s, on_access, s,
	    MHD_OPTION_ARRAY, tls, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, s,
	    MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
	    threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE :
			  MHD_OPTION_CONNECTION_TIMEOUT,
	    threads > 1 ? threads : cfg->idle_timeout,
	    MHD_OPTION_CONNECTION_LIMIT, conns,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, 0, /* conncap.c counts */
	    MHD_OPTION_CONNECTION_TIMEOUT, cfg->idle_timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    (size_t)(cfg->header_max + HTTP_POOL_SLACK),
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_NOTIFY_COMPLETED,
	    on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
	    MHD_OPTION_END);
}

/*
 * Every connection is a descriptor, and a shell or systemd starts us
 * with a soft limit of 1024 however high the hard one is: raise it to
 * the hard limit, as nginx's worker_rlimit_nofile would be set.  When
 * even that cannot hold connections_max plus the database, log files and
 * listeners, say so: libmicrohttpd then stops accepting at the limit.
 */
static void
raise_nofile(unsigned conns_max)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			(void)getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < (rlim_t)conns_max + HTTP_FD_RESERVE)
		log_warn("open-file limit %llu is below connections_max %u "
			 "+ %d: raise the hard limit (LimitNOFILE=)",
		    (unsigned long long)rl.rlim_cur, conns_max,
		    HTTP_FD_RESERVE);
}

enum ng_err
server_start(const struct app *app, const struct server_hooks *hooks,
    struct server **out, char *errbuf, size_t errsz)
{
	const struct ng_config *cfg = app->cfg;
	struct server	       *s;
	struct proxies	       *px;
	enum ng_err		err;
	unsigned		spare;
	int			fd;

	*out = NULL;
	if (router_check(hooks->routes, hooks->nroutes, errbuf, errsz) != NG_OK)
		return NG_EINVAL;
	if ((err = http_listen(cfg->listen_host, cfg->listen_port, &fd, errbuf,
		 errsz)) != NG_OK)
		return err;
	raise_nofile(cfg->conns_max);
	s = xcalloc(1, sizeof(*s));
	atomic_init(&s->app, app);
	s->hooks = *hooks;
	if ((err = proxies_parse(cfg->trusted_proxies, &px, errbuf, errsz)) !=
	    NG_OK) {
		close(fd);
		free(s);
		return err;
	}
	atomic_init(&s->proxies, px);
	s->conncap = conncap_new(cfg->conns_per_ip);
	if (*cfg->tls_cert != '\0' || *cfg->tls_key != '\0') {
		if (*cfg->tls_cert == '\0' || *cfg->tls_key == '\0') {
			snprintf(errbuf, errsz,
			    "tls_cert and tls_key go "
			    "together: set both or neither");
			err = NG_EINVAL;
		} else if (!tls_supported()) {
			snprintf(errbuf, errsz,
			    "tls_cert: this libmicrohttpd "
			    "was built without TLS");
			err = NG_EINVAL;
		} else
			err = tls_creds_load(cfg->tls_cert, cfg->tls_key,
			    errbuf, errsz);
		if (err != NG_OK) {
			close(fd);
			proxies_free(px);
			conncap_free(s->conncap);
			free(s);
			return err;
		}
		s->tls = 1;
	}
	atomic_init(&s->inflight, 0);
	atomic_init(&s->serving, 0);
	if ((err = deadline_start(cfg->request_deadline, cfg->send_deadline,
		 &s->deadline, errbuf, errsz)) != NG_OK) {
		close(fd);
		proxies_free(px);
		conncap_free(s->conncap);
		free(s);
		return err;
	}
	/*
	 * Each request's arena takes and frees a few hundred KB (a page
	 * with its comments); glibc hands such memory back to the kernel
	 * at every free, and the madvise() that does it costs a TLB
	 * shootdown on every CPU: 13% of an uncached article's time in
	 * the bench/ profile, 30% more requests a second without it.  Keep
	 * up to 64 MB of freed memory for the next request instead.
	 */
#ifdef M_TRIM_THRESHOLD
	mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
	mallopt(M_MMAP_THRESHOLD, 8 * 1024 * 1024);
#endif
	s->metrics = metrics_new(hooks->routes, hooks->nroutes);
	/* Without a store nothing could tell the cache that content moved. */
	if (cfg->cache_max_bytes > 0 && app->store != NULL)
		s->cache = pagecache_new(cfg->cache_max_bytes, app->store);
	/*
	 * Writer threads: as many as the store's pool can serve beside
	 * libmicrohttpd's threads and one background job, so that a page
	 * render never waits for a connection a writer holds.  With no
	 * room, writes run on libmicrohttpd's threads.
	 */
	spare = cfg->db_conns > pool_threads(cfg) + 1 ?
	    cfg->db_conns - pool_threads(cfg) - 1 :
	    0;
	if (app->store != NULL && spare > 0)
		s->writers = offload_new(
		    spare < HTTP_WRITERS_MAX ? spare : HTTP_WRITERS_MAX);
	if ((s->daemon = start_daemon(s, fd)) == NULL) {
		snprintf(errbuf, errsz,
		    "cannot start the HTTP server on "
		    "port %u: libmicrohttpd refused to start (see log)",
		    cfg->listen_port);
		close(fd);
		offload_free(s->writers);
		deadline_stop(s->deadline);
		pagecache_free(s->cache);
		metrics_free(s->metrics);
		proxies_free(px);
		conncap_free(s->conncap);
		free(s);
		return NG_EIO;
	}
	atomic_store(&s->serving, 1);
	s->port = bound_port(s->daemon, fd);
	if (s->tls && *cfg->tls_redirect != '\0' &&
	    (err = redirect_start(cfg, s->port, &s->redirect, errbuf, errsz)) !=
		NG_OK) {
		server_stop(s);
		return err;
	}
	*out = s;
	return NG_OK;
}

unsigned
server_port(const struct server *s)
{
	return s->port;
}

void
server_stop(struct server *s)
{
	struct timespec pause = { 0, HTTP_QUIESCE_POLL_MS * 1000000L };
	struct retired *old, *next;
	MHD_socket	lfd;
	unsigned	waited, left;

	if (s == NULL)
		return;
	redirect_stop(s->redirect);
	/* Stop accepting; connections already open carry on. */
	lfd = MHD_quiesce_daemon(s->daemon);
	for (waited = 0;
	     atomic_load(&s->inflight) > 0 && waited < HTTP_QUIESCE_WAIT_MS;
	     waited += HTTP_QUIESCE_POLL_MS)
		nanosleep(&pause, NULL);
	if ((left = atomic_load(&s->inflight)) > 0)
		log_warn("stopping with %u request%s in flight", left,
		    left == 1 ? "" : "s");
	/* Writes under way finish and resume their connections first:
	 * libmicrohttpd must not stop with one suspended. */
	offload_free(s->writers);
	MHD_stop_daemon(s->daemon);
	/* Once quiesced, the listen socket is ours to close. */
	if (lfd != MHD_INVALID_SOCKET)
		close(lfd);
	/* Every connection is closed (and unregistered) by now. */
	deadline_stop(s->deadline);
	pagecache_free(s->cache);
	metrics_free(s->metrics);
	proxies_free(atomic_load(&s->proxies));
	for (old = s->retired; old != NULL; old = next) {
		next = old->next;
		proxies_free(old->proxies);
		free(old);
	}
	conncap_free(s->conncap);
	if (s->tls)
		tls_creds_release();
	free(s);
}

enum ng_err
server_reload(struct server *s, const struct app *app, char *errbuf,
    size_t errsz)
{
	const struct ng_config *cfg = app->cfg;
	struct retired	       *old;
	struct proxies	       *px;
	enum ng_err		err;

	if ((err = proxies_parse(cfg->trusted_proxies, &px, errbuf, errsz)) !=
	    NG_OK)
		return err;
	/* New handshakes get the new certificate; open sessions keep
	 * theirs.  Turning TLS on or off needs a restart. */
	if (s->tls &&
	    (err = tls_creds_load(cfg->tls_cert, cfg->tls_key, errbuf,
		 errsz)) != NG_OK) {
		proxies_free(px);
		return err;
	}
	/* Requests in flight may still read the old list: keep it. */
	old = xcalloc(1, sizeof(*old));
	old->proxies = atomic_exchange(&s->proxies, px);
	old->next = s->retired;
	s->retired = old;
	atomic_store(&s->app, app);
	return NG_OK;
}
