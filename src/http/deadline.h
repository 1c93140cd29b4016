/*
 * deadline.h -- absolute time limits per request (internal to http/).
 *
 * libmicrohttpd's connection timeout restarts on every byte, so a client
 * that trickles one header byte a second (slowloris), or reads its
 * response one byte a second, holds a connection forever.  The server
 * registers each connection's socket here, and each socket is on one of
 * two clocks:
 *
 *	request	from the connection's start, or the end of its previous
 *		response, until a response is queued: the wait for a
 *		request, its head, its body and the handler.
 *	send	from the response being queued until the peer has
 *		acknowledged its last byte (the kernel's send queue,
 *		SIOCOUTQ, is empty: see deadline.c), checked at each tick.
 *
 * A watchdog thread wakes once a second and shuts down every socket past
 * the limit of its clock (0: no limit).  libmicrohttpd then sees the end
 * of stream or a failed send and closes the connection in its own
 * thread.  A response past the send limit is abandoned: the socket is
 * set to linger 0, so the close resets the connection and the kernel
 * drops the bytes still queued for the slow reader at once (nginx's
 * reset_timedout_connection) instead of holding them for minutes.
 * All calls are thread-safe.
 */
#ifndef NG_HTTP_DEADLINE_H
#define NG_HTTP_DEADLINE_H

#include <stddef.h>

#include "core/err.h"

struct deadline;
struct deadline_conn;

/* Why deadline_touch() found a connection cut off. */
enum deadline_cut {
	DEADLINE_NONE,
	DEADLINE_REQUEST, /* past the request limit */
	DEADLINE_SEND	  /* response abandoned past the send limit */
};

/*
 * Start the registry and, when either limit (in seconds) is non-zero,
 * its watchdog thread.  On failure a one-line reason goes to errbuf.
 */
enum ng_err deadline_start(unsigned request_s, unsigned send_s,
    struct deadline **out, char *errbuf, size_t errsz) NG_WUR;

/* Register an open socket; its clock starts now.  Never NULL. */
struct deadline_conn *deadline_add(struct deadline *d, int fd);

/*
 * Unregister and free c.  Call before the socket is closed, so that the
 * watchdog can never shut down a reused fd number.
 */
void deadline_remove(struct deadline *d, struct deadline_conn *c);

/* A response was queued on c: its send clock starts now. */
void deadline_sending(struct deadline *d, struct deadline_conn *c);

/*
 * A request on c finished: libmicrohttpd has handed the whole response
 * to the kernel.  The request clock restarts now, or, after a response,
 * once the peer has read it.  Says whether (and why) the watchdog cut c
 * off.
 */
enum deadline_cut deadline_touch(struct deadline *d, struct deadline_conn *c);

/* Stop the watchdog and free the registry (which should be empty). */
void deadline_stop(struct deadline *d);

#endif
