/*
 * offload.h -- a few threads that run the requests that write, so that
 * libmicrohttpd's threads (one a core) never wait on the database's
 * write lock or on a sync to the disk while readers queue behind them.
 */
#ifndef NG_HTTP_OFFLOAD_H
#define NG_HTTP_OFFLOAD_H

struct offload;

/* nthreads workers; NULL when a thread cannot be started. */
struct offload *offload_new(unsigned nthreads);

/*
 * Run fn(arg) on a worker, in the order pushed.  Returns 0 when the pool
 * is stopping (the caller then runs fn itself).
 */
int offload_push(struct offload *o, void (*fn)(void *), void *arg);

/* Run what is queued, then stop and free the workers.  NULL is a no-op. */
void offload_free(struct offload *o);

#endif
