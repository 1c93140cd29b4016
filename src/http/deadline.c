/*
 * deadline.c -- the request-deadline registry and its watchdog thread.
 */
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <linux/sockios.h>

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "http/deadline.h"
#include "http/limits.h"

struct deadline_conn {
	struct deadline_conn *prev;
	struct deadline_conn *next;
	int		      fd;
	int64_t		      start_us; /* the current clock started */
	int		      sending;	/* on the send clock */
	int		      draining; /* all handed to the kernel */
	enum deadline_cut     cut;	/* shut down by the watchdog */
};

struct deadline {
	pthread_mutex_t	      mu; /* guards all below */
	pthread_cond_t	      cv;
	pthread_t	      thread;
	int		      running;
	int		      stopping;
	unsigned	      request_s; /* 0: no limit */
	unsigned	      send_s;	 /* 0: no limit */
	struct deadline_conn *conns;
	unsigned	      nconns;
	unsigned	      peak; /* most since the last trim */
};

/*
 * After a flood of connections (slow clients, a crawler) memory the
 * server keeps for reuse (see the M_TRIM_THRESHOLD in server.c) is given
 * back once the count falls to half its peak: one malloc_trim() per
 * flood, none in steady traffic.
 */
#define DEADLINE_TRIM_PEAK 256

static int64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

struct deadline_conn *
deadline_add(struct deadline *d, int fd)
{
	struct deadline_conn *c;

	c = xcalloc(1, sizeof(*c));
	c->fd = fd;
	c->start_us = now_us();
	pthread_mutex_lock(&d->mu);
	if ((c->next = d->conns) != NULL)
		c->next->prev = c;
	d->conns = c;
	if (++d->nconns > d->peak)
		d->peak = d->nconns;
	pthread_mutex_unlock(&d->mu);
	return c;
}

void
deadline_remove(struct deadline *d, struct deadline_conn *c)
{
	pthread_mutex_lock(&d->mu);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		d->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	d->nconns--;
	pthread_mutex_unlock(&d->mu);
	free(c);
}

void
deadline_sending(struct deadline *d, struct deadline_conn *c)
{
	pthread_mutex_lock(&d->mu);
	if (!c->sending) {
		c->sending = 1;
		c->start_us = now_us();
	}
	pthread_mutex_unlock(&d->mu);
}

enum deadline_cut
deadline_touch(struct deadline *d, struct deadline_conn *c)
{
	enum deadline_cut cut;

	pthread_mutex_lock(&d->mu);
	if (c->sending)
		c->draining = 1;
	else
		c->start_us = now_us();
	cut = c->cut;
	pthread_mutex_unlock(&d->mu);
	return cut;
}

/*
 * Bytes of c's responses the peer has not acknowledged yet, or 0 when
 * the socket cannot say.  A kernel send buffer grows to megabytes, so
 * libmicrohttpd's "sent" often means "queued": a reader taking a byte a
 * second would get the whole page into the kernel at once, and it is
 * the kernel that holds the bytes (and the connection) from then on.
 */
static int
unacked(const struct deadline_conn *c)
{
	int n = 0;

	if (ioctl(c->fd, SIOCOUTQ, &n) == -1)
		return 0;
	return n;
}

/*
 * Shut down every connection past the limit of its clock.  Called
 * locked; shutdown(2) and setsockopt(2) do not block.
 */
static void
reap(struct deadline *d)
{
	static const struct linger rst = { 1, 0 };
	struct deadline_conn	  *c;
	int64_t			   now = now_us(), limit;
	unsigned		   nreq = 0, nsend = 0;

	for (c = d->conns; c != NULL; c = c->next) {
		/* A response is sent when the reader has it: then the wait
		 * for the next request starts. */
		if (c->draining && c->cut == DEADLINE_NONE && unacked(c) == 0) {
			c->sending = c->draining = 0;
			c->start_us = now;
		}
		limit = (int64_t)(c->sending ? d->send_s : d->request_s) *
		    1000000;
		if (c->cut != DEADLINE_NONE || limit == 0 ||
		    now - c->start_us <= limit)
			continue;
		if (c->sending) {
			(void)setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &rst,
			    sizeof(rst));
			c->cut = DEADLINE_SEND;
			nsend++;
		} else {
			c->cut = DEADLINE_REQUEST;
			nreq++;
		}
		shutdown(c->fd, SHUT_RDWR);
	}
	if (nreq > 0)
		log_warn("closed %u connection%s past the request deadline "
			 "(%us)",
		    nreq, nreq == 1 ? "" : "s", d->request_s);
	if (nsend > 0)
		log_warn("abandoned %u response%s past the send deadline "
			 "(%us)",
		    nsend, nsend == 1 ? "" : "s", d->send_s);
}

static void *
watchdog(void *arg)
{
	struct deadline *d = arg;
	struct timespec	 ts;

	pthread_mutex_lock(&d->mu);
	while (!d->stopping) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += HTTP_WATCHDOG_TICK_MS / 1000;
		ts.tv_nsec += (HTTP_WATCHDOG_TICK_MS % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&d->cv, &d->mu, &ts);
		if (d->stopping)
			break;
		reap(d);
		if (d->peak >= DEADLINE_TRIM_PEAK && d->nconns <= d->peak / 2) {
			d->peak = d->nconns;
			/* Not under the lock: connections come and go. */
			pthread_mutex_unlock(&d->mu);
			malloc_trim(0);
			pthread_mutex_lock(&d->mu);
		}
	}
	pthread_mutex_unlock(&d->mu);
	return NULL;
}

static void
deadline_free(struct deadline *d)
{
	struct deadline_conn *c, *next;

	for (c = d->conns; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	pthread_cond_destroy(&d->cv);
	pthread_mutex_destroy(&d->mu);
	free(d);
}

enum ng_err
deadline_start(unsigned request_s, unsigned send_s, struct deadline **out,
    char *errbuf, size_t errsz)
{
	struct deadline	  *d;
	pthread_condattr_t ca;
	int		   rc;

	*out = NULL;
	d = xcalloc(1, sizeof(*d));
	d->request_s = request_s;
	d->send_s = send_s;
	pthread_mutex_init(&d->mu, NULL);
	/* Timed waits on the monotonic clock: a wall-clock step must not
	 * stall or hurry the watchdog. */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&d->cv, &ca);
	pthread_condattr_destroy(&ca);
	if (request_s > 0 || send_s > 0) {
		if ((rc = pthread_create(&d->thread, NULL, watchdog, d)) != 0) {
			snprintf(errbuf, errsz,
			    "cannot start the request "
			    "watchdog: %s",
			    strerror(rc));
			deadline_free(d);
			return NG_EIO;
		}
		d->running = 1;
	}
	*out = d;
	return NG_OK;
}

void
deadline_stop(struct deadline *d)
{
	if (d == NULL)
		return;
	if (d->running) {
		pthread_mutex_lock(&d->mu);
		d->stopping = 1;
		pthread_cond_signal(&d->cv);
		pthread_mutex_unlock(&d->mu);
		pthread_join(d->thread, NULL);
	}
	deadline_free(d);
}
