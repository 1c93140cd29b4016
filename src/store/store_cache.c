/*
 * store_cache.c -- the store calls the page cache and the metrics need:
 * the watcher of other processes' writes (read by
 * store_inval.c), the next time an article becomes visible by date, and
 * per-thread database time.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "store/store.h"
#include "store/store_int.h"

/*
 * Database time of this thread.  Thread-local, not global: each server
 * thread reads only its own counter around its own handler, so nothing
 * is shared and nothing needs a lock.  depth guards a dispatcher that
 * would hold two connections at once (none does today): only the
 * outermost hold is timed.
 */
static _Thread_local uint64_t db_ns;
static _Thread_local uint64_t db_t0;
static _Thread_local unsigned db_depth;

static uint64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void
store_db_enter(void)
{
	if (db_depth++ == 0)
		db_t0 = mono_ns();
}

void
store_db_leave(void)
{
	if (db_depth > 0 && --db_depth == 0)
		db_ns += mono_ns() - db_t0;
}

uint64_t
store_thread_db_ns(void)
{
	return db_ns;
}

void
store_watch_init(struct store_watch *w, const struct store_ops *ops,
    const char *path)
{
	char err[256];

	memset(w, 0, sizeof(*w));
	if (pthread_mutex_init(&w->mu, NULL) != 0) {
		log_err("store: cannot create the watch lock");
		abort();
	}
	if (ops->open(path, &w->c, err, sizeof(err)) != NG_OK) {
		log_warn("store: cannot watch for other processes' writes, "
			 "so the page cache will not see them: %s",
		    err);
		w->c = NULL;
		return;
	}
	/* The baseline: the log as the store was opened. */
	if (ops->inval_last(w->c, &w->seq) != NG_OK)
		log_warn("store: cannot read the invalidation log");
	ops->idle(w->c);
}

void
store_watch_fini(const struct store_ops *ops, struct store_watch *w)
{
	if (w->c != NULL)
		ops->close(w->c, 0);
	w->c = NULL;
	pthread_mutex_destroy(&w->mu);
}

enum ng_err
store_next_publish_after(struct store *st, int64_t now, int64_t *out)
{
	struct store_conn *c;
	int64_t		   exp;
	enum ng_err	   err;

	*out = 0;
	/* Time, not content: pages expire by it (pagecache.h). */
	store_read_declared();
	c = store_pool_get(st);
	err = store_ops_of(st)->next_publish_after(c, now, out);
	/* The banner leaves every page at its expiry. */
	if (err == NG_OK || err == NG_ENOTFOUND) {
		exp = store_breaking_expiry_after(st, c, now);
		if (exp > 0 && (err == NG_ENOTFOUND || exp < *out)) {
			*out = exp;
			err = NG_OK;
		}
	}
	store_pool_put(st, c);
	return err;
}
