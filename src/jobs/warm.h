/*
 * warm.h -- the background job that makes the sized variants of images
 * stored with media_store_deferred() (the WordPress importer's), so a
 * site is fully warm soon after an import commits and no reader waits
 * for a variant to be made.
 *
 * A thread of its own at the lowest CPU priority (nice 19): it looks
 * for pending images every `media_warm` seconds, makes what each lacks
 * (media_variants_fill(), under the same per-name lock as a request
 * that asks for one first) and clears its mark.  Several instances on
 * one database may warm the same image at once: each makes its own
 * disk copy, the database keeps one.
 */
#ifndef NG_JOBS_WARM_H
#define NG_JOBS_WARM_H

#include <stddef.h>

#include "core/err.h"

struct jobs_worker;
struct store;
struct warm;

/* What warm_run_once() did. */
struct warm_pass {
	size_t images;	 /* pending images looked at */
	size_t variants; /* files made */
	size_t failed;	 /* images whose variants could not be made */
};

/*
 * Look at up to max pending images of st, oldest first, make their
 * missing variants under data_dir and clear their marks (an image that
 * cannot be made -- no original, does not decode -- too, logged, so it
 * is not tried forever).  A stop of wk (may be NULL) ends it between
 * images.  NG_EDB when the store fails.
 */
enum ng_err warm_run_once(struct store *st, const char *data_dir, size_t max,
    struct jobs_worker *wk, struct warm_pass *out) NG_WUR;

/*
 * Start the thread (a jobs_worker of worker.h: every seconds, at once
 * again after a full batch; 0: no thread, *out NULL).  On failure one
 * line goes to errbuf.
 */
enum ng_err warm_start(struct store *st, const char *data_dir, unsigned seconds,
    struct warm **out, char *errbuf, size_t errsz) NG_WUR;
/* Stop and join the thread and free w; NULL is a no-op. */
void warm_stop(struct warm *w);

#endif
