/*
 * gate.c -- strict HTTP/1.1 framing in front of libmicrohttpd (gate.h).
 *
 * The rules are RFC 9112's, read the way nginx and h2o read them, and
 * stricter wherever a lenient reading could frame a request two ways:
 *
 *	request line	method = 1*tchar, one SP, a target of visible
 *			bytes, one SP, "HTTP/1.0" or "HTTP/1.1" (other
 *			versions: 505).  Empty lines before it are skipped.
 *	header lines	field-name = 1*tchar directly followed by ':'; the
 *			value holds no control byte but HTAB.  A line that
 *			starts with SP or HTAB (obsolete folding) is refused.
 *	line ends	CRLF or a bare LF; a CR not followed by LF is refused.
 *	Host		exactly one in HTTP/1.1, at most one in 1.0.
 *	Content-Length	at most one, digits only.
 *	Transfer-Encoding  at most one line, never with Content-Length or
 *			in HTTP/1.0, and then exactly "chunked": a coding
 *			we do not know is 501, anything else (chunked not
 *			last, "Chunked", "chunked ", a tab before it) 400.
 *	chunked body	1 to 16 hex digits, an extension of at most
 *			GATE_CHUNK_EXT_MAX bytes, CRLF after every line and
 *			after every chunk's data, trailers checked like
 *			headers and dropped; over body_max in all: 413.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "http/gate.h"

/* Longest chunk extension; nutgraf reads none, clients send none. */
#define GATE_CHUNK_EXT_MAX 1024
/* Most hex digits in a chunk size (leading zeros included). */
#define GATE_CHUNK_DIGITS_MAX 16
/* Longest method. */
#define GATE_METHOD_MAX 32
/* Bytes read from the socket at a time outside a body. */
#define GATE_READ_CHUNK 4096
/* Most sockets tracked, whatever RLIMIT_NOFILE says. */
#define GATE_FD_MAX (1 << 20)

/* What libmicrohttpd parses in place of a refused head. */
#define GATE_STANDIN "REJECT / HTTP/1.1\r\nHost: gate\r\n\r\n"

enum gate_state {
	GS_HEAD,     /* collecting a request head */
	GS_BODY,     /* Content-Length bytes left to pass */
	GS_CSIZE,    /* chunk-size digits */
	GS_CBWS,     /* white space after the digits */
	GS_CEXT,     /* chunk extension */
	GS_CLF,	     /* CR seen at the end of a chunk line */
	GS_CDATA,    /* chunk data left to pass */
	GS_CDATA_CR, /* CRLF after the data */
	GS_CDATA_LF,
	GS_TRAILER, /* trailer lines up to the blank one */
	GS_REJECTED /* stopped: nothing more is read */
};

enum gate_te {
	TE_NONE,
	TE_CHUNKED,
	TE_BAD,	   /* 400 */
	TE_UNKNOWN /* 501 */
};

struct gate_buf {
	char  *p;
	size_t n, off, cap;
};

struct gate_conn {
	int		   fd;
	struct gate_limits lim;
	enum gate_state	   st;
	int		   status; /* rejection, 0 while clean */
	const char	  *why;
	unsigned	   heads;      /* heads handed on */
	unsigned	   reject_seq; /* the request refused */
	unsigned	   seen;       /* heads the library began */
	struct gate_buf	   head;       /* head or trailer lines */
	struct gate_buf	   out;	       /* for libmicrohttpd */
	size_t		   line;       /* start of the open line */
	int		   cr;	       /* last byte was a CR */
	/* facts about the head being read */
	unsigned     nlines, nhost, ncl, nte;
	int	     http10;
	enum gate_te te;
	uint64_t     cl;
	/* body */
	uint64_t left, total, size;
	unsigned ndigits;
	size_t	 extn;
};

/* tchar (RFC 9110, 5.6.2). */
static int
is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* A byte allowed in a field value: VCHAR, obs-text, SP or HTAB. */
static int
is_vbyte(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void
gbuf_put(struct gate_buf *b, const void *p, size_t n)
{
	size_t cap;

	if (n == 0)
		return;
	if (b->off > 0 && b->off == b->n)
		b->off = b->n = 0;
	if (b->n + n > b->cap) {
		cap = b->cap > 0 ? b->cap : 512;
		while (cap < b->n + n)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

static void
gbuf_puts(struct gate_buf *b, const char *s)
{
	gbuf_put(b, s, strlen(s));
}

static void
gbuf_free(struct gate_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/*
 * Stop at the first fault.  A head is replaced by the stand-in; a
 * chunked body is ended where it stands, so the library finishes the
 * request it is in and the server answers it with the status.
 */
static void
reject(struct gate_conn *g, int status, const char *why)
{
	if (g->st == GS_REJECTED)
		return;
	switch (g->st) {
	case GS_HEAD:
		gbuf_puts(&g->out, GATE_STANDIN);
		g->reject_seq = ++g->heads;
		break;
	case GS_CDATA_CR:
	case GS_CDATA_LF:
		gbuf_puts(&g->out, "\r\n0\r\n\r\n");
		g->reject_seq = g->heads;
		break;
	default: /* a chunk or trailer line: none of it passed */
		gbuf_puts(&g->out, "0\r\n\r\n");
		g->reject_seq = g->heads;
		break;
	}
	g->status = status;
	g->why = why;
	g->st = GS_REJECTED;
	gbuf_free(&g->head);
}

static int
ieq(const char *p, size_t n, const char *lit)
{
	return strlen(lit) == n && strncasecmp(p, lit, n) == 0;
}

/*
 * Classify a Transfer-Encoding value v (leading OWS included): only
 * "chunked" with nothing after it, as every client writes it, frames a
 * body.
 */
static enum gate_te
te_classify(const char *v, size_t n)
{
	size_t i = 0, s, e, k;
	int    chunked_at = -1, idx = 0, unknown = 0, canonical;

	while (i < n && v[i] == ' ')
		i++;
	canonical = n - i == 7 && memcmp(v + i, "chunked", 7) == 0;
	for (i = 0; i <= n; idx++) {
		for (s = i; s < n && v[s] != ','; s++)
			continue;
		/* one list member in [i, s) */
		for (k = i; k < s && (v[k] == ' ' || v[k] == '\t'); k++)
			continue;
		for (e = s; e > k && (v[e - 1] == ' ' || v[e - 1] == '\t'); e--)
			continue;
		if (e == k)
			return TE_BAD; /* an empty member */
		if (ieq(v + k, e - k, "chunked")) {
			if (chunked_at != -1)
				return TE_BAD;
			chunked_at = idx;
		} else
			unknown = 1;
		i = s + 1;
	}
	if (chunked_at != -1 && chunked_at != idx - 1)
		return TE_BAD; /* chunked is not the last coding */
	if (unknown)
		return TE_UNKNOWN;
	return canonical ? TE_CHUNKED : TE_BAD;
}

/* The request line p[0..n). */
static void
request_line(struct gate_conn *g, const char *p, size_t n)
{
	size_t i, m;

	for (m = 0; m < n && is_tchar((unsigned char)p[m]); m++)
		continue;
	if (m == 0 || m > GATE_METHOD_MAX || m == n || p[m] != ' ') {
		reject(g, 400, "bad method");
		return;
	}
	for (i = m + 1; i < n && (unsigned char)p[i] > 0x20 && p[i] != 0x7f;
	     i++)
		continue;
	if (i == m + 1 || i == n || p[i] != ' ') {
		reject(g, 400, "bad request target");
		return;
	}
	i++;
	if (n - i != 8 || memcmp(p + i, "HTTP/", 5) != 0 || p[i + 5] < '0' ||
	    p[i + 5] > '9' || p[i + 6] != '.' || p[i + 7] < '0' ||
	    p[i + 7] > '9') {
		reject(g, 400, "bad HTTP version");
		return;
	}
	if (p[i + 5] != '1' || (p[i + 7] != '0' && p[i + 7] != '1')) {
		reject(g, 505, "HTTP version not supported");
		return;
	}
	g->http10 = p[i + 7] == '0';
}

/*
 * A header or trailer line p[0..n); with facts set, note what framing
 * needs to know.  Returns 0 after rejecting.
 */
static int
field_line(struct gate_conn *g, const char *p, size_t n, int facts)
{
	size_t k, i, e;

	if (p[0] == ' ' || p[0] == '\t') {
		reject(g, 400, "folded header line");
		return 0;
	}
	for (k = 0; k < n && is_tchar((unsigned char)p[k]); k++)
		continue;
	if (k == 0 || k == n || p[k] != ':') {
		reject(g, 400, "bad header name");
		return 0;
	}
	for (i = k + 1; i < n; i++)
		if (!is_vbyte((unsigned char)p[i])) {
			reject(g, 400, "control byte in a header value");
			return 0;
		}
	if (!facts)
		return 1;
	for (i = k + 1; i < n && (p[i] == ' ' || p[i] == '\t'); i++)
		continue;
	for (e = n; e > i && (p[e - 1] == ' ' || p[e - 1] == '\t'); e--)
		continue;
	if (ieq(p, k, "host")) {
		g->nhost++;
	} else if (ieq(p, k, "content-length")) {
		g->ncl++;
		if (e == i || e - i > 18) {
			reject(g, 400, "bad Content-Length");
			return 0;
		}
		for (g->cl = 0; i < e; i++) {
			if (p[i] < '0' || p[i] > '9') {
				reject(g, 400, "bad Content-Length");
				return 0;
			}
			g->cl = g->cl * 10 + (uint64_t)(p[i] - '0');
		}
	} else if (ieq(p, k, "transfer-encoding")) {
		g->nte++;
		g->te = te_classify(p + k + 1, n - k - 1);
	}
	return 1;
}

/* The blank line after the headers: decide how the body is framed. */
static void
end_of_head(struct gate_conn *g)
{
	if (g->nhost > 1 || (g->nhost == 0 && !g->http10)) {
		reject(g, 400,
		    g->nhost > 1 ? "two Host headers" : "no Host header");
		return;
	}
	if (g->ncl > 1) {
		reject(g, 400, "two Content-Length headers");
		return;
	}
	if (g->nte > 0) {
		if (g->nte > 1 || g->ncl > 0 || g->http10 || g->te == TE_BAD) {
			reject(g, 400,
			    g->ncl > 0 ?
				"Content-Length with Transfer-Encoding" :
				"bad Transfer-Encoding");
			return;
		}
		if (g->te == TE_UNKNOWN) {
			reject(g, 501, "unknown transfer coding");
			return;
		}
	}
	gbuf_put(&g->out, g->head.p, g->head.n);
	g->heads++;
	g->head.n = 0;
	g->line = 0;
	g->total = 0;
	if (g->nte > 0) {
		g->st = GS_CSIZE;
		g->size = 0;
		g->ndigits = 0;
		g->extn = 0;
	} else if (g->ncl > 0 && g->cl > 0) {
		g->st = GS_BODY;
		g->left = g->cl;
	}
	g->nlines = g->nhost = g->ncl = g->nte = 0;
	g->http10 = 0;
	g->te = TE_NONE;
}

/* A line of the head (or trailer) ended at the LF just added. */
static void
line_done(struct gate_conn *g)
{
	const char *p = g->head.p + g->line;
	size_t	    n = g->head.n - g->line - 1;

	if (n > 0 && p[n - 1] == '\r')
		n--;
	if (g->st == GS_TRAILER) {
		if (n == 0) {
			gbuf_puts(&g->out, "0\r\n\r\n");
			g->head.n = g->line = 0;
			g->st = GS_HEAD;
			return;
		}
		if (field_line(g, p, n, 0))
			g->line = g->head.n;
		return;
	}
	if (n == 0) {
		if (g->nlines == 0) /* empty lines before a request */
			g->head.n = g->line = 0;
		else
			end_of_head(g);
		return;
	}
	if (g->nlines++ == 0)
		request_line(g, p, n);
	else
		field_line(g, p, n, 1);
	if (g->st != GS_REJECTED)
		g->line = g->head.n;
}

/* One byte of a head or trailer section. */
static void
line_byte(struct gate_conn *g, unsigned char c)
{
	if (g->cr && c != '\n') {
		reject(g, 400, "CR without LF");
		return;
	}
	g->cr = c == '\r';
	if (g->head.n >= g->lim.head_max) {
		reject(g, 431, "request head too large");
		return;
	}
	gbuf_put(&g->head, &c, 1);
	if (c == '\n')
		line_done(g);
}

/* A chunk line ended; hand on its canonical form. */
static void
chunk_line_done(struct gate_conn *g)
{
	char line[32];

	if (g->size > g->lim.body_max || g->total + g->size > g->lim.body_max) {
		reject(g, 413, "chunked body too large");
		return;
	}
	if (g->size == 0) {
		g->st = GS_TRAILER;
		g->head.n = g->line = 0;
		g->cr = 0;
		return;
	}
	snprintf(line, sizeof(line), "%llx\r\n", (unsigned long long)g->size);
	gbuf_puts(&g->out, line);
	g->total += g->size;
	g->left = g->size;
	g->st = GS_CDATA;
}

static void
chunk_byte(struct gate_conn *g, unsigned char c)
{
	int d;

	switch (g->st) {
	case GS_CSIZE:
		if ((d = hexval(c)) != -1) {
			if (++g->ndigits > GATE_CHUNK_DIGITS_MAX) {
				reject(g, 400, "chunk size too long");
				return;
			}
			g->size = g->size * 16 + (uint64_t)d;
			return;
		}
		if (g->ndigits == 0) {
			reject(g, 400, "bad chunk size");
			return;
		}
		if (c == ' ' || c == '\t')
			g->st = GS_CBWS;
		else if (c == ';')
			g->st = GS_CEXT;
		else if (c == '\r')
			g->st = GS_CLF;
		else
			reject(g, 400, "bad chunk size");
		return;
	case GS_CBWS:
		if (c == ';')
			g->st = GS_CEXT;
		else if (c == '\r')
			g->st = GS_CLF;
		else if (c != ' ' && c != '\t')
			reject(g, 400, "bad chunk line");
		return;
	case GS_CEXT:
		if (c == '\r')
			g->st = GS_CLF;
		else if (!is_vbyte(c))
			reject(g, 400, "control byte in a chunk extension");
		else if (++g->extn > GATE_CHUNK_EXT_MAX)
			reject(g, 400, "chunk extension too long");
		return;
	case GS_CLF:
		if (c != '\n')
			reject(g, 400, "chunk line without CRLF");
		else
			chunk_line_done(g);
		return;
	case GS_CDATA_CR:
		if (c != '\r')
			reject(g, 400, "chunk data without CRLF");
		else
			g->st = GS_CDATA_LF;
		return;
	case GS_CDATA_LF:
		if (c != '\n') {
			reject(g, 400, "chunk data without CRLF");
			return;
		}
		gbuf_puts(&g->out, "\r\n");
		g->st = GS_CSIZE;
		g->size = 0;
		g->ndigits = 0;
		g->extn = 0;
		return;
	default:
		return;
	}
}

/* Body bytes passed on: move to what follows them. */
static void
passed(struct gate_conn *g, size_t n)
{
	g->left -= n;
	if (g->left > 0)
		return;
	g->st = g->st == GS_CDATA ? GS_CDATA_CR : GS_HEAD;
}

void
gate_feed(struct gate_conn *g, const char *in, size_t n)
{
	size_t i = 0, k;

	while (i < n && g->st != GS_REJECTED) {
		switch (g->st) {
		case GS_HEAD:
		case GS_TRAILER:
			line_byte(g, (unsigned char)in[i++]);
			break;
		case GS_BODY:
		case GS_CDATA:
			k = n - i < g->left ? n - i : (size_t)g->left;
			gbuf_put(&g->out, in + i, k);
			i += k;
			passed(g, k);
			break;
		default:
			chunk_byte(g, (unsigned char)in[i++]);
			break;
		}
	}
}

size_t
gate_take(struct gate_conn *g, char *out, size_t n)
{
	size_t k = g->out.n - g->out.off;

	if (k > n)
		k = n;
	if (k == 0)
		return 0;
	memcpy(out, g->out.p + g->out.off, k);
	g->out.off += k;
	if (g->out.off == g->out.n)
		g->out.off = g->out.n = 0;
	return k;
}

int
gate_status(const struct gate_conn *g, const char **why)
{
	if (why != NULL)
		*why = g->why;
	return g->status;
}

struct gate_conn *
gate_new(const struct gate_limits *lim)
{
	struct gate_conn *g;

	g = xcalloc(1, sizeof(*g));
	g->fd = -1;
	g->lim = *lim;
	return g;
}

void
gate_free(struct gate_conn *g)
{
	if (g == NULL)
		return;
	gbuf_free(&g->head);
	gbuf_free(&g->out);
	free(g);
}

unsigned
gate_request_begin(struct gate_conn *g)
{
	return ++g->seen;
}

int
gate_verdict(const struct gate_conn *g, unsigned seq, const char **why)
{
	if (g == NULL || g->status == 0 || seq != g->reject_seq)
		return 0;
	if (why != NULL)
		*why = g->why;
	return g->status;
}

/*
 * The sockets being gated, indexed by fd.  Only the thread that serves
 * a connection reads or writes its slot (libmicrohttpd keeps a
 * connection on one thread); other threads' recv() calls on their own
 * sockets find NULL.  Relaxed atomics keep that race-free on paper.
 */
static _Atomic(struct gate_conn *) *gate_table;
static size_t			    gate_nfd;
static pthread_once_t		    gate_once = PTHREAD_ONCE_INIT;

static void
gate_table_init(void)
{
	struct rlimit rl;
	size_t	      n = 1024;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_max != RLIM_INFINITY)
		n = rl.rlim_max > GATE_FD_MAX ? GATE_FD_MAX :
						(size_t)rl.rlim_max;
	else
		n = GATE_FD_MAX;
	/* calloc of this size is fresh zero pages: untouched slots cost
	 * no memory. */
	gate_table = xcalloc(n, sizeof(*gate_table));
	gate_nfd = n;
}

struct gate_conn *
gate_open(int fd, const struct gate_limits *lim)
{
	struct gate_conn *g;

	pthread_once(&gate_once, gate_table_init);
	if (fd < 0 || (size_t)fd >= gate_nfd)
		return NULL;
	g = gate_new(lim);
	g->fd = fd;
	atomic_store_explicit(&gate_table[fd], g, memory_order_relaxed);
	return g;
}

/*
 * Lingering close (nginx's lingering_close).  A refused client may
 * still be sending: closing a socket with unread bytes makes the kernel
 * answer with a reset, and a reset can throw away the 400 (or 413) the
 * client has not read yet.  So the socket of a connection closed in the
 * middle of a request is kept open past
 * libmicrohttpd's close (through a dup), shut for writing, and drained
 * here until the client closes, GATE_LINGER_MS pass or
 * GATE_LINGER_BYTES arrive.  At most GATE_LINGER_MAX sockets linger;
 * beyond that they close at once.
 */
#define GATE_LINGER_MAX	  256
#define GATE_LINGER_MS	  2000
#define GATE_LINGER_BYTES (32 * 1024 * 1024)

struct gate_linger {
	int		fd;
	size_t		bytes;
	struct timespec until;
};

static pthread_mutex_t	  linger_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	  linger_cv = PTHREAD_COND_INITIALIZER;
static struct gate_linger linger_set[GATE_LINGER_MAX];
static size_t		  linger_n;
static int		  linger_started;

static int
linger_expired(const struct gate_linger *l, const struct timespec *now)
{
	return now->tv_sec > l->until.tv_sec ||
	    (now->tv_sec == l->until.tv_sec &&
		now->tv_nsec >= l->until.tv_nsec);
}

static void *
linger_main(void *arg)
{
	struct pollfd	pfd[GATE_LINGER_MAX];
	struct timespec now;
	char		sink[GATE_READ_CHUNK];
	size_t		i, n;
	ssize_t		r;
	int		done;

	(void)arg;
	for (;;) {
		pthread_mutex_lock(&linger_mu);
		while (linger_n == 0)
			pthread_cond_wait(&linger_cv, &linger_mu);
		n = linger_n;
		for (i = 0; i < n; i++) {
			pfd[i].fd = linger_set[i].fd;
			pfd[i].events = POLLIN;
		}
		pthread_mutex_unlock(&linger_mu);
		/* Wake now and then for newcomers and expiry. */
		(void)poll(pfd, n, 100);
		clock_gettime(CLOCK_MONOTONIC, &now);
		pthread_mutex_lock(&linger_mu);
		for (i = 0; i < linger_n;) {
			done = linger_expired(&linger_set[i], &now);
			if (!done && i < n && pfd[i].revents != 0) {
				r = read(linger_set[i].fd, sink, sizeof(sink));
				if (r <= 0 && !(r == -1 && errno == EAGAIN))
					done = 1;
				else if (r > 0 &&
				    (linger_set[i].bytes += (size_t)r) >
					GATE_LINGER_BYTES)
					done = 1;
			}
			if (done) {
				close(linger_set[i].fd);
				linger_set[i] = linger_set[--linger_n];
				/* pfd[i] now describes another socket: skip
				 * the rest of this round's events. */
				n = 0;
			} else
				i++;
		}
		pthread_mutex_unlock(&linger_mu);
	}
	return NULL;
}

/* Keep a refused connection's socket open for a while after fd closes. */
static void
linger_add(int fd)
{
	pthread_t t;
	int	  dfd;

	if ((dfd = fcntl(fd, F_DUPFD_CLOEXEC, 0)) == -1)
		return;
	(void)shutdown(dfd, SHUT_WR);
	pthread_mutex_lock(&linger_mu);
	if (!linger_started) {
		if (pthread_create(&t, NULL, linger_main, NULL) == 0) {
			pthread_detach(t);
			linger_started = 1;
		}
	}
	if (!linger_started || linger_n == GATE_LINGER_MAX) {
		pthread_mutex_unlock(&linger_mu);
		close(dfd);
		return;
	}
	linger_set[linger_n].fd = dfd;
	linger_set[linger_n].bytes = 0;
	clock_gettime(CLOCK_MONOTONIC, &linger_set[linger_n].until);
	linger_set[linger_n].until.tv_sec += GATE_LINGER_MS / 1000;
	linger_n++;
	pthread_cond_signal(&linger_cv);
	pthread_mutex_unlock(&linger_mu);
}

void
gate_close(struct gate_conn *g)
{
	if (g == NULL)
		return;
	atomic_store_explicit(&gate_table[g->fd], NULL, memory_order_relaxed);
	/* Refused, or closed with a request half read (an early 413):
	 * the client may still be sending. */
	if (g->st != GS_HEAD || g->head.n > 0)
		linger_add(g->fd);
	gate_free(g);
}

/*
 * libmicrohttpd's read: fill buf from what the gate lets through.  The
 * library polls with edge-triggered epoll and takes a short read to mean
 * the socket is drained, so this returns fewer than len bytes only when
 * the socket itself had no more (or the gate has stopped).
 */
static ssize_t
gate_recv(struct gate_conn *g, char *buf, size_t len)
{
	char	tmp[GATE_READ_CHUNK];
	size_t	got = 0, k;
	ssize_t n = -1;
	int	err = EAGAIN;

	while (got < len) {
		if (g->out.n > g->out.off) {
			got += gate_take(g, buf + got, len - got);
			continue;
		}
		if (g->st == GS_REJECTED) {
			n = -1;
			err = EAGAIN;
			break;
		}
		if (g->st == GS_BODY || g->st == GS_CDATA) {
			/* Body bytes go straight into the library's buffer. */
			k = len - got < g->left ? len - got : (size_t)g->left;
			n = recvfrom(g->fd, buf + got, k, 0, NULL, NULL);
			if (n <= 0) {
				err = errno;
				break;
			}
			got += (size_t)n;
			passed(g, (size_t)n);
			continue;
		}
		n = recvfrom(g->fd, tmp, sizeof(tmp), 0, NULL, NULL);
		if (n <= 0) {
			err = errno;
			break;
		}
		gate_feed(g, tmp, (size_t)n);
	}
	if (got > 0)
		return (ssize_t)got;
	if (n == 0)
		return 0;
	errno = err;
	return -1;
}

/*
 * libmicrohttpd reads every socket with recv(2).  This definition, in
 * the executable, comes first in symbol lookup, so the library's calls
 * (and only calls on sockets gate_open() registered) go through the gate.
 * Everything else -- other libraries' sockets, MSG_PEEK -- goes straight
 * to the kernel through recvfrom(2), which is what recv(2) is.
 */
ssize_t
recv(int fd, void *buf, size_t len, int flags)
{
	struct gate_conn *g = NULL;

	if (gate_table != NULL && fd >= 0 && (size_t)fd < gate_nfd)
		g = atomic_load_explicit(&gate_table[fd], memory_order_relaxed);
	if (g == NULL || flags != 0)
		return recvfrom(fd, buf, len, flags, NULL, NULL);
	return gate_recv(g, buf, len);
}
