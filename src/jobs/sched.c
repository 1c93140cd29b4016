/*
 * sched.c -- the scheduler: a thread that publishes scheduled articles
 * at their time, with no visit needed to trigger it.
 *
 * It sleeps until the earliest scheduled time (or SCHED_MAX_SLEEP, so
 * that an article scheduled by another process -- the command line, a
 * second server on the same database -- is never missed for long), then
 * publishes everything due in one transaction.  That is a write, so the
 * page cache sees the store's generation move and the front page shows
 * the article.  At start it runs at once: whatever fell due while the
 * server was down goes live immediately.  An editor scheduling an
 * article wakes it (sched_wake()) so it can sleep until the new time.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "jobs/sched.h"
#include "store/store.h"

#define SCHED_MAX_SLEEP	  30   /* seconds */
#define SCHED_PURGE_EVERY 3600 /* expired sessions, seconds */

struct sched {
	struct store	   *st;
	int64_t		    session_idle;
	sched_published_fn *published;
	void		   *arg;
	pthread_t	    th;
	pthread_mutex_t	    mu;
	pthread_cond_t	    cv;
	int		    stop;
	int		    woken;
};

enum ng_err
sched_run_once(struct store *st, int64_t now, sched_published_fn *fn, void *arg,
    size_t *published, int64_t *next)
{
	struct arena *a = NULL;
	int64_t	     *ids = NULL;
	size_t	      i;
	enum ng_err   err;

	*published = 0;
	*next = 0;
	if (fn != NULL && (a = arena_new(4096)) == NULL)
		return NG_ENOMEM;
	err = store_article_publish_due_ids(a, st, now, &ids, published);
	for (i = 0; err == NG_OK && fn != NULL && i < *published; i++)
		fn(arg, ids[i]);
	arena_free(a);
	if (err != NG_OK)
		return err;
	err = store_article_next_due(st, next);
	if (err == NG_ENOTFOUND) {
		*next = 0;
		return NG_OK;
	}
	return err;
}

static void *
sched_main(void *arg)
{
	struct sched   *s = arg;
	struct timespec until;
	size_t		n, purged;
	int64_t		now, next, wake, last_purge = 0;

	pthread_mutex_lock(&s->mu);
	while (!s->stop) {
		s->woken = 0;
		pthread_mutex_unlock(&s->mu);

		now = (int64_t)time(NULL);
		if (sched_run_once(s->st, now, s->published, s->arg, &n,
			&next) != NG_OK)
			next = 0; /* logged by the store; retry soon */
		if (n > 0)
			log_info("scheduler: published %zu article%s", n,
			    n == 1 ? "" : "s");
		if (now - last_purge >= SCHED_PURGE_EVERY) {
			last_purge = now;
			if (store_session_purge(s->st, now, s->session_idle,
				&purged) == NG_OK &&
			    purged > 0)
				log_debug("scheduler: %zu sessions expired",
				    purged);
		}

		wake = now + SCHED_MAX_SLEEP;
		if (next > 0 && next < wake)
			wake = next;
		until.tv_sec = (time_t)wake;
		until.tv_nsec = 0;
		pthread_mutex_lock(&s->mu);
		while (!s->stop && !s->woken && (int64_t)time(NULL) < wake)
			if (pthread_cond_timedwait(&s->cv, &s->mu, &until) ==
			    ETIMEDOUT)
				break;
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

enum ng_err
sched_start(struct store *st, int64_t session_idle,
    sched_published_fn *published, void *arg, struct sched **out, char *errbuf,
    size_t errsz)
{
	struct sched *s;
	int	      rc;

	*out = NULL;
	s = xcalloc(1, sizeof(*s));
	s->st = st;
	s->session_idle = session_idle;
	s->published = published;
	s->arg = arg;
	if (pthread_mutex_init(&s->mu, NULL) != 0 ||
	    pthread_cond_init(&s->cv, NULL) != 0) {
		log_err("scheduler: cannot create its lock");
		abort();
	}
	if ((rc = pthread_create(&s->th, NULL, sched_main, s)) != 0) {
		snprintf(errbuf, errsz, "cannot start the scheduler: %s",
		    strerror(rc));
		pthread_cond_destroy(&s->cv);
		pthread_mutex_destroy(&s->mu);
		free(s);
		return NG_EIO;
	}
	*out = s;
	return NG_OK;
}

void
sched_wake(struct sched *s)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->mu);
	s->woken = 1;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

void
sched_stop(struct sched *s)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->mu);
	s->stop = 1;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->th, NULL);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free(s);
}
