/*
 * deadline.h -- an absolute time limit per request (internal to http/).
 *
 * libmicrohttpd's connection timeout restarts on every byte, so a client
 * that trickles one header byte a second (slowloris) holds a connection
 * forever.  The server registers each connection's socket here; a
 * watchdog thread wakes once a second and shuts down every socket whose
 * current request (or the wait for one) has run longer than the limit.
 * libmicrohttpd then sees the end of stream and closes the connection in
 * its own thread.  All calls are thread-safe.
 */
#ifndef NG_HTTP_DEADLINE_H
#define NG_HTTP_DEADLINE_H

#include <stddef.h>

#include "core/err.h"

struct deadline;
struct deadline_conn;

/*
 * Start the registry and, when limit_s > 0, its watchdog thread.  On
 * failure a one-line reason goes to errbuf.
 */
enum ng_err	deadline_start(unsigned limit_s, struct deadline **out,
		    char *errbuf, size_t errsz) NG_WUR;

/* Register an open socket; its clock starts now.  Never NULL. */
struct deadline_conn *deadline_add(struct deadline *d, int fd);

/*
 * Unregister and free c.  Call before the socket is closed, so that the
 * watchdog can never shut down a reused fd number.
 */
void		deadline_remove(struct deadline *d, struct deadline_conn *c);

/* Restart c's clock (a request finished); non-zero if c was cut off. */
int		deadline_touch(struct deadline *d, struct deadline_conn *c);

/* Stop the watchdog and free the registry (which should be empty). */
void		deadline_stop(struct deadline *d);

#endif
