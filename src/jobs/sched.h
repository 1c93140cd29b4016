/*
 * sched.h -- the scheduler: a background thread that publishes scheduled
 * articles at their time and purges expired newsroom sessions.
 *
 * The newsroom starts it (admin_start()) and wakes it when an editor
 * schedules or unschedules an article, so it can sleep until then.
 */
#ifndef NG_JOBS_SCHED_H
#define NG_JOBS_SCHED_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct sched;
struct store;

/*
 * Told of each article the scheduler published, once (another instance
 * publishing at the same moment is told of others): the webhooks'
 * post.published.  Runs on the scheduler's thread, after the commit.
 */
typedef void sched_published_fn(void *arg, int64_t article_id);

/*
 * Start the thread on st; sessions idle longer than session_idle seconds
 * are purged about once an hour; published (may be NULL) is called with
 * arg for each article it publishes.  On failure one line goes to errbuf.
 */
enum ng_err sched_start(struct store *st, int64_t session_idle,
    sched_published_fn *published, void *arg, struct sched **out, char *errbuf,
    size_t errsz) NG_WUR;
void	    sched_wake(struct sched *s);
/* Stop and join the thread and free s; NULL is a no-op. */
void sched_stop(struct sched *s);
/*
 * One pass: publish what is due at now, calling fn (may be NULL) with arg
 * for each; *published how many, *next the next due time or 0.
 */
enum ng_err sched_run_once(struct store *st, int64_t now,
    sched_published_fn *fn, void *arg, size_t *published, int64_t *next) NG_WUR;

#endif
