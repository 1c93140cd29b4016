/*
 * worker.c -- the queue-draining thread of the senders (worker.h).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "jobs/worker.h"

struct jobs_worker {
	jobs_worker_fn	fn;
	void	       *arg;
	size_t		batch;
	unsigned	poll;
	pthread_t	th;
	pthread_mutex_t mu;
	pthread_cond_t	cv;
	int		stop;
	int		woken;
};

static void *
loop(void *p)
{
	struct jobs_worker *w = p;
	struct timespec	    until;
	size_t		    n;

	pthread_mutex_lock(&w->mu);
	while (!w->stop) {
		w->woken = 0;
		pthread_mutex_unlock(&w->mu);
		n = w->fn(w, w->arg);
		pthread_mutex_lock(&w->mu);
		/* A full batch: there may be more due at once. */
		if (n == w->batch)
			continue;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += w->poll;
		while (!w->stop && !w->woken)
			if (pthread_cond_timedwait(&w->cv, &w->mu, &until) ==
			    ETIMEDOUT)
				break;
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

enum ng_err
jobs_worker_start(jobs_worker_fn fn, void *arg, size_t batch, unsigned poll,
    struct jobs_worker **out, int *rc)
{
	struct jobs_worker *w;

	*out = NULL;
	w = xcalloc(1, sizeof(*w));
	w->fn = fn;
	w->arg = arg;
	w->batch = batch;
	w->poll = poll;
	if (pthread_mutex_init(&w->mu, NULL) != 0 ||
	    pthread_cond_init(&w->cv, NULL) != 0) {
		log_err("jobs: cannot create a worker's lock");
		abort();
	}
	if ((*rc = pthread_create(&w->th, NULL, loop, w)) != 0) {
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		free(w);
		return NG_EIO;
	}
	*out = w;
	return NG_OK;
}

void
jobs_worker_wake(struct jobs_worker *w)
{
	pthread_mutex_lock(&w->mu);
	w->woken = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

int
jobs_worker_stopping(struct jobs_worker *w)
{
	int stop;

	pthread_mutex_lock(&w->mu);
	stop = w->stop;
	pthread_mutex_unlock(&w->mu);
	return stop;
}

void
jobs_worker_stop(struct jobs_worker *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->th, NULL);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	free(w);
}
