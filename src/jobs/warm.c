/*
 * warm.c -- the background job that makes deferred image variants
 * (warm.h).
 */
#include <sys/resource.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "jobs/warm.h"
#include "media/media.h"
#include "store/store.h"

#define WARM_BATCH 50 /* images listed at a time */

struct warm {
	struct store   *st;
	char	       *data_dir;
	unsigned	seconds;
	pthread_t	th;
	pthread_mutex_t mu;
	pthread_cond_t	cv;
	volatile int	stop;
	int		woken;
};

enum ng_err
warm_run_once(struct store *st, const char *data_dir, size_t max,
    const volatile int *stop, struct warm_pass *out)
{
	struct arena	     *a, *one;
	struct media_pending *v;
	struct media	      m;
	size_t		      i, n, made;
	enum ng_err	      err;

	memset(out, 0, sizeof(*out));
	if ((a = arena_new(64u << 10)) == NULL)
		return NG_ENOMEM;
	err = store_media_pending(a, st, max, &v, &n);
	for (i = 0; err == NG_OK && i < n && (stop == NULL || !*stop); i++) {
		one = arena_new(64u << 10);
		err = store_media_get(one, st, v[i].id, &m);
		if (err == NG_OK)
			err = media_variants_fill(st, data_dir, &m, &made);
		arena_free(one);
		out->images++;
		if (err == NG_EDB)
			break;
		if (err != NG_OK) {
			log_warn("media: the variants of %.*s cannot be made "
				 "(%s); left as they are",
			    (int)v[i].path.n, v[i].path.p, ng_strerror(err));
			out->failed++;
		} else
			out->variants += made;
		err = store_media_pending_set(st, v[i].id, 0);
		if (err == NG_ENOTFOUND) /* deleted meanwhile */
			err = NG_OK;
	}
	arena_free(a);
	return err;
}

static void *
warm_main(void *arg)
{
	struct warm	*w = arg;
	struct warm_pass p;
	struct timespec	 until, t0, t1;
	size_t		 images = 0, variants = 0;
	int		 busy = 0;
	enum ng_err	 err;

	/* Readers first: this thread only gets what the CPU has spare. */
	if (setpriority(PRIO_PROCESS, (id_t)gettid(), 19) == -1)
		log_warn("media: the variants job keeps its priority: %s",
		    strerror(errno));
	pthread_mutex_lock(&w->mu);
	while (!w->stop) {
		w->woken = 0;
		pthread_mutex_unlock(&w->mu);
		do {
			err = warm_run_once(w->st, w->data_dir, WARM_BATCH,
			    &w->stop, &p);
			if (p.images > 0 && !busy) {
				busy = 1;
				clock_gettime(CLOCK_MONOTONIC, &t0);
			}
			images += p.images;
			variants += p.variants;
		} while (err == NG_OK && p.images == WARM_BATCH && !w->stop);
		if (busy && err == NG_OK && p.images < WARM_BATCH) {
			clock_gettime(CLOCK_MONOTONIC, &t1);
			log_info("media: variants of %zu image%s made (%zu "
				 "files) in %.1f s",
			    images, images == 1 ? "" : "s", variants,
			    (double)(t1.tv_sec - t0.tv_sec) +
				(double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
			busy = 0;
			images = variants = 0;
		}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t)w->seconds;
		pthread_mutex_lock(&w->mu);
		while (!w->stop && !w->woken)
			if (pthread_cond_timedwait(&w->cv, &w->mu, &until) ==
			    ETIMEDOUT)
				break;
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

enum ng_err
warm_start(struct store *st, const char *data_dir, unsigned seconds,
    struct warm **out, char *errbuf, size_t errsz)
{
	struct warm *w;
	int	     rc;

	*out = NULL;
	if (seconds == 0)
		return NG_OK;
	w = xcalloc(1, sizeof(*w));
	w->st = st;
	w->data_dir = xstrdup(data_dir);
	w->seconds = seconds;
	if (pthread_mutex_init(&w->mu, NULL) != 0 ||
	    pthread_cond_init(&w->cv, NULL) != 0) {
		log_err("media: cannot create the variants job's lock");
		abort();
	}
	if ((rc = pthread_create(&w->th, NULL, warm_main, w)) != 0) {
		snprintf(errbuf, errsz, "cannot start the variants job: %s",
		    strerror(rc));
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		free(w->data_dir);
		free(w);
		return NG_EIO;
	}
	*out = w;
	return NG_OK;
}

void
warm_wake(struct warm *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->mu);
	w->woken = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

void
warm_stop(struct warm *w)
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
	free(w->data_dir);
	free(w);
}
