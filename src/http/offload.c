/*
 * offload.c -- a small pool of threads fed by one queue.
 *
 * Jobs are few (a comment, an autosave, a form) and each waits mostly
 * on the database, so one mutex-protected list is enough.
 */
#include <pthread.h>
#include <stdlib.h>

#include "core/xalloc.h"
#include "http/offload.h"

struct job {
	struct job *next;
	void (*fn)(void *);
	void *arg;
};

struct offload {
	pthread_mutex_t mu;
	pthread_cond_t	cv;
	struct job     *head, *tail;
	int		stopping;
	unsigned	n; /* threads started */
	pthread_t	tid[];
};

static void *
worker(void *arg)
{
	struct offload *o = arg;
	struct job     *j;

	for (;;) {
		pthread_mutex_lock(&o->mu);
		while (o->head == NULL && !o->stopping)
			pthread_cond_wait(&o->cv, &o->mu);
		if ((j = o->head) == NULL) {
			/* Stopping, and nothing left to run. */
			pthread_mutex_unlock(&o->mu);
			return NULL;
		}
		if ((o->head = j->next) == NULL)
			o->tail = NULL;
		pthread_mutex_unlock(&o->mu);
		j->fn(j->arg);
		free(j);
	}
}

struct offload *
offload_new(unsigned nthreads)
{
	struct offload *o;

	if (nthreads == 0)
		return NULL;
	o = xcalloc(1, sizeof(*o) + nthreads * sizeof(o->tid[0]));
	pthread_mutex_init(&o->mu, NULL);
	pthread_cond_init(&o->cv, NULL);
	for (o->n = 0; o->n < nthreads; o->n++)
		if (pthread_create(&o->tid[o->n], NULL, worker, o) != 0)
			break;
	if (o->n == 0) {
		offload_free(o);
		return NULL;
	}
	return o;
}

int
offload_push(struct offload *o, void (*fn)(void *), void *arg)
{
	struct job *j;

	j = xcalloc(1, sizeof(*j));
	j->fn = fn;
	j->arg = arg;
	pthread_mutex_lock(&o->mu);
	if (o->stopping) {
		pthread_mutex_unlock(&o->mu);
		free(j);
		return 0;
	}
	if (o->tail != NULL)
		o->tail->next = j;
	else
		o->head = j;
	o->tail = j;
	pthread_cond_signal(&o->cv);
	pthread_mutex_unlock(&o->mu);
	return 1;
}

void
offload_free(struct offload *o)
{
	unsigned i;

	if (o == NULL)
		return;
	pthread_mutex_lock(&o->mu);
	o->stopping = 1;
	pthread_cond_broadcast(&o->cv);
	pthread_mutex_unlock(&o->mu);
	for (i = 0; i < o->n; i++)
		pthread_join(o->tid[i], NULL);
	pthread_mutex_destroy(&o->mu);
	pthread_cond_destroy(&o->cv);
	free(o);
}
