/*
 * gate.h -- strict HTTP/1.1 framing in front of libmicrohttpd.
 *
 * libmicrohttpd 0.9.75 frames leniently: it takes the first of two
 * Content-Length headers, prefers Transfer-Encoding over Content-Length
 * without a word, joins folded lines, cuts header values at a NUL and
 * answers an overlong chunk extension with 500.  Any of these lets a
 * front proxy that frames differently splice one client's bytes into
 * another's request.  The access handler cannot see all of it (a value
 * cut at a NUL looks clean), so every byte libmicrohttpd reads passes
 * through here first, in the order it arrives:
 *
 *	- a request head is held back until its blank line and checked
 *	  whole (request line, header syntax, Host, Content-Length,
 *	  Transfer-Encoding); only a head that passes is handed on;
 *	- a Content-Length body is passed through untouched;
 *	- a chunked body is checked and handed on re-framed ("<hex>\r\n"
 *	  lines, no extensions, no trailers), so the library never parses
 *	  a chunk line a client wrote.
 *
 * The first fault stops the connection: a rejected head is replaced by a
 * stand-in head the server answers with the gate's status (400, 413,
 * 431, 501 or 505) and "Connection: close"; a fault inside a chunked body
 * ends that body early and the server answers its request the same way.
 * After that not one more byte is read from the socket, so nothing a
 * client sent after the fault can ever run as a request.
 *
 * The gate sees plain HTTP only: a TLS listener would need it between the
 * TLS layer and libmicrohttpd's parser, which 0.9.75 does not offer.
 */
#ifndef NG_HTTP_GATE_H
#define NG_HTTP_GATE_H

#include <stddef.h>
#include <stdint.h>

struct gate_conn;

struct gate_limits {
	size_t	 head_max; /* request line + headers, bytes */
	uint64_t body_max; /* a chunked body, bytes */
};

/*
 * A gate for socket fd: libmicrohttpd's reads of fd go through it from
 * now on.  NULL if fd is beyond the table the process can track (the
 * caller must then refuse the connection).  Thread-safe.
 */
struct gate_conn *gate_open(int fd, const struct gate_limits *lim);

/* Stop gating and free g; call before the socket is closed. */
void gate_close(struct gate_conn *g);

/*
 * libmicrohttpd started parsing a request head (its URI callback):
 * returns the request's number on this connection, for gate_verdict().
 */
unsigned gate_request_begin(struct gate_conn *g);

/*
 * The status request number seq must be answered with instead of being
 * run (and the reason, for the log), or 0 if it is clean.
 */
int gate_verdict(const struct gate_conn *g, unsigned seq, const char **why);

/*
 * The parser without a socket, for the unit tests and the fuzzer: feed
 * bytes as a client sent them, then take what libmicrohttpd would read.
 */
struct gate_conn *gate_new(const struct gate_limits *lim);
void		  gate_free(struct gate_conn *g);
void		  gate_feed(struct gate_conn *g, const char *in, size_t n);
/* Copy up to n bytes of pending output to out; returns how many. */
size_t gate_take(struct gate_conn *g, char *out, size_t n);
/* The rejection status so far (0: none) and its reason. */
int gate_status(const struct gate_conn *g, const char **why);

#endif
