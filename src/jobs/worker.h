/*
 * worker.h -- a thread that drains a queue kept in the store: the shape
 * the webhook and mail senders share.
 *
 * The thread calls fn, which takes what is due and returns how many
 * items it took; after a full batch it calls fn again at once, else it
 * sleeps until jobs_worker_wake() or poll seconds (another instance may
 * have queued something, a retry may be due).  fn checks
 * jobs_worker_stopping() between items, so a stop waits for one item at
 * most.
 */
#ifndef NG_JOBS_WORKER_H
#define NG_JOBS_WORKER_H

#include <stddef.h>

#include "core/err.h"

struct jobs_worker;

typedef size_t (*jobs_worker_fn)(struct jobs_worker *w, void *arg);

/* Start the thread; NG_EIO (errno-style reason in *rc) when it cannot. */
enum ng_err jobs_worker_start(jobs_worker_fn fn, void *arg, size_t batch,
    unsigned poll, struct jobs_worker **out, int *rc) NG_WUR;
/* Something was queued: run fn now. */
void jobs_worker_wake(struct jobs_worker *w);
/* Has jobs_worker_stop() been called?  (For fn, between items.) */
int jobs_worker_stopping(struct jobs_worker *w);
/* Stop and join the thread, free w; NULL is a no-op. */
void jobs_worker_stop(struct jobs_worker *w);

#endif
