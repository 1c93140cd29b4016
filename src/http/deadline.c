/*
 * deadline.c -- the request-deadline registry and its watchdog thread.
 */
#include <sys/socket.h>

#include <errno.h>
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
	struct deadline_conn	*prev;
	struct deadline_conn	*next;
	int			 fd;
	int64_t			 start_us;	/* request (or wait) began */
	int			 killed;	/* shut down by the watchdog */
};

struct deadline {
	pthread_mutex_t		 mu;		/* guards all below */
	pthread_cond_t		 cv;
	pthread_t		 thread;
	int			 running;
	int			 stopping;
	unsigned		 limit_s;
	int64_t			 limit_us;
	struct deadline_conn	*conns;
};

static int64_t
now_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

struct deadline_conn *
deadline_add(struct deadline *d, int fd)
{
	struct deadline_conn	*c;

	c = xcalloc(1, sizeof(*c));
	c->fd = fd;
	c->start_us = now_us();
	pthread_mutex_lock(&d->mu);
	if ((c->next = d->conns) != NULL)
		c->next->prev = c;
	d->conns = c;
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
	pthread_mutex_unlock(&d->mu);
	free(c);
}

int
deadline_touch(struct deadline *d, struct deadline_conn *c)
{
	int	 killed;

	pthread_mutex_lock(&d->mu);
	c->start_us = now_us();
	killed = c->killed;
	pthread_mutex_unlock(&d->mu);
	return killed;
}

/* Shut down every connection past the limit.  Called locked. */
static void
reap(struct deadline *d)
{
	struct deadline_conn	*c;
	int64_t			 now = now_us();
	unsigned		 n = 0;

	for (c = d->conns; c != NULL; c = c->next) {
		if (c->killed || now - c->start_us <= d->limit_us)
			continue;
		shutdown(c->fd, SHUT_RDWR);
		c->killed = 1;
		n++;
	}
	if (n > 0)
		log_warn("closed %u connection%s past the request deadline "
		    "(%us)", n, n == 1 ? "" : "s", d->limit_s);
}

static void *
watchdog(void *arg)
{
	struct deadline	*d = arg;
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
		if (!d->stopping)
			reap(d);
	}
	pthread_mutex_unlock(&d->mu);
	return NULL;
}

static void
deadline_free(struct deadline *d)
{
	struct deadline_conn	*c, *next;

	for (c = d->conns; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	pthread_cond_destroy(&d->cv);
	pthread_mutex_destroy(&d->mu);
	free(d);
}

enum ng_err
deadline_start(unsigned limit_s, struct deadline **out, char *errbuf,
    size_t errsz)
{
	struct deadline		*d;
	pthread_condattr_t	 ca;
	int			 rc;

	*out = NULL;
	d = xcalloc(1, sizeof(*d));
	d->limit_s = limit_s;
	d->limit_us = (int64_t)limit_s * 1000000;
	pthread_mutex_init(&d->mu, NULL);
	/* Timed waits on the monotonic clock: a wall-clock step must not
	 * stall or hurry the watchdog. */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&d->cv, &ca);
	pthread_condattr_destroy(&ca);
	if (limit_s > 0) {
		if ((rc = pthread_create(&d->thread, NULL, watchdog, d)) != 0) {
			snprintf(errbuf, errsz, "cannot start the request "
			    "watchdog: %s", strerror(rc));
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
