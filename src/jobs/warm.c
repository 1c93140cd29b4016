/*
 * warm.c -- the background job that makes deferred image variants
 * (warm.h).
 */
#include <sys/resource.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "jobs/warm.h"
#include "jobs/worker.h"
#include "media/media.h"
#include "store/store.h"

#define WARM_BATCH 50 /* images listed at a time */

struct warm {
	struct store	   *st;
	char		   *data_dir;
	struct jobs_worker *wk;
	int		    niced;    /* the thread's priority lowered */
	int		    busy;     /* within a run of full batches */
	struct timespec	    t0;	      /* when that run began */
	size_t		    images;   /* looked at in that run */
	size_t		    variants; /* and files made */
};

enum ng_err
warm_run_once(struct store *st, const char *data_dir, size_t max,
    struct jobs_worker *wk, struct warm_pass *out)
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
	for (i = 0;
	     err == NG_OK && i < n && (wk == NULL || !jobs_worker_stopping(wk));
	     i++) {
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

/*
 * One batch, on the worker's thread (worker.h calls it again at once
 * after a full batch); a run of batches that made something is logged
 * once, when it ends.
 */
static size_t
warm_batch(struct jobs_worker *wk, void *arg)
{
	struct warm	*w = arg;
	struct warm_pass p;
	struct timespec	 t1;
	enum ng_err	 err;

	/* Readers first: this thread only gets what the CPU has spare. */
	if (!w->niced) {
		w->niced = 1;
		if (setpriority(PRIO_PROCESS, (id_t)gettid(), 19) == -1)
			log_warn("media: the variants job keeps its "
				 "priority: %s",
			    strerror(errno));
	}
	err = warm_run_once(w->st, w->data_dir, WARM_BATCH, wk, &p);
	if (p.images > 0 && !w->busy) {
		w->busy = 1;
		clock_gettime(CLOCK_MONOTONIC, &w->t0);
	}
	w->images += p.images;
	w->variants += p.variants;
	if (err != NG_OK)
		return 0;
	if (w->busy && p.images < WARM_BATCH) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		log_info("media: variants of %zu image%s made (%zu files) in "
			 "%.1f s",
		    w->images, w->images == 1 ? "" : "s", w->variants,
		    (double)(t1.tv_sec - w->t0.tv_sec) +
			(double)(t1.tv_nsec - w->t0.tv_nsec) / 1e9);
		w->busy = 0;
		w->images = w->variants = 0;
	}
	return p.images;
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
	if (jobs_worker_start(warm_batch, w, WARM_BATCH, seconds, &w->wk,
		&rc) != NG_OK) {
		snprintf(errbuf, errsz, "cannot start the variants job: %s",
		    strerror(rc));
		free(w->data_dir);
		free(w);
		return NG_EIO;
	}
	*out = w;
	return NG_OK;
}

void
warm_stop(struct warm *w)
{
	if (w == NULL)
		return;
	jobs_worker_stop(w->wk);
	free(w->data_dir);
	free(w);
}
