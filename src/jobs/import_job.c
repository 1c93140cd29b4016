/*
 * import_job.c -- a WordPress import on a thread of its own (see
 * import_job.h).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "import/wp_export.h"
#include "import/wp_import.h"
#include "jobs/import_job.h"

_Static_assert(IMPORT_PASSES == WP_IMPORT_PASSES,
    "the status page names every pass of the importer");

struct import_job {
	struct store	    *st;
	char		    *data_dir;
	page_taken_fn	     taken;
	pthread_mutex_t	     mu;
	pthread_t	     thread;
	int		     joinable;
	atomic_int	     stop;
	char		    *file;
	struct import_status s; /* under mu; summary owned here */
};

struct import_job *
import_job_new(struct store *st, const char *data_dir, page_taken_fn taken)
{
	struct import_job *j = xcalloc(1, sizeof(*j));

	j->st = st;
	j->data_dir = xstrdup(data_dir);
	j->taken = taken;
	pthread_mutex_init(&j->mu, NULL);
	atomic_init(&j->stop, 0);
	return j;
}

static void
on_progress(void *arg, int pass, uint64_t done, uint64_t total, size_t items)
{
	struct import_job *j = arg;

	pthread_mutex_lock(&j->mu);
	j->s.pass = pass;
	j->s.done = done;
	j->s.total = total;
	j->s.items = items;
	pthread_mutex_unlock(&j->mu);
}

static int
stopping(void *arg)
{
	struct import_job *j = arg;

	return atomic_load(&j->stop);
}

static void *
run(void *arg)
{
	struct import_job	*j = arg;
	struct wp_import_opts	 o;
	struct wp_import_summary sum;
	struct wxr_error	 e;
	char			*text = NULL;
	enum ng_err		 err;

	memset(&o, 0, sizeof(o));
	o.file = j->file;
	o.data_dir = j->data_dir;
	o.dry_run = j->s.dry_run;
	o.taken = j->taken;
	o.progress = on_progress;
	o.stopping = stopping;
	o.arg = j;
	err = wp_import(j->st, &o, &sum, &e);
	if (err == NG_OK)
		text = wp_import_summary_text(&sum);
	free(sum.report);
	(void)unlink(j->file);
	pthread_mutex_lock(&j->mu);
	j->s.finished = (int64_t)time(NULL);
	if (err == NG_OK) {
		j->s.state = IMPORT_DONE;
		j->s.summary = text;
	} else {
		j->s.state = IMPORT_FAILED;
		snprintf(j->s.error, sizeof(j->s.error), "%s", e.msg);
	}
	if (err == NG_OK)
		log_info("import: %s imported%s", j->s.name,
		    j->s.dry_run ? " (dry run, rolled back)" : "");
	else
		log_warn("import: %s not imported: %s", j->s.name, e.msg);
	pthread_mutex_unlock(&j->mu);
	return NULL;
}

enum ng_err
import_job_start(struct import_job *j, const char *file, const char *name,
    int dry_run)
{
	pthread_mutex_lock(&j->mu);
	if (j->s.state == IMPORT_RUNNING) {
		pthread_mutex_unlock(&j->mu);
		return NG_ECONFLICT;
	}
	/* The last run's thread has ended (its state says so). */
	if (j->joinable) {
		pthread_join(j->thread, NULL);
		j->joinable = 0;
	}
	free(j->s.summary);
	free(j->file);
	memset(&j->s, 0, sizeof(j->s));
	j->file = xstrdup(file);
	j->s.state = IMPORT_RUNNING;
	j->s.dry_run = dry_run;
	j->s.pass = 1; /* the check comes first */
	j->s.started = (int64_t)time(NULL);
	snprintf(j->s.name, sizeof(j->s.name), "%s", name);
	if (pthread_create(&j->thread, NULL, run, j) != 0) {
		j->s.state = IMPORT_IDLE;
		free(j->file);
		j->file = NULL;
		pthread_mutex_unlock(&j->mu);
		return NG_EIO;
	}
	j->joinable = 1;
	pthread_mutex_unlock(&j->mu);
	return NG_OK;
}

void
import_job_status(struct import_job *j, struct import_status *out)
{
	pthread_mutex_lock(&j->mu);
	*out = j->s;
	out->summary = j->s.summary != NULL ? xstrdup(j->s.summary) : NULL;
	pthread_mutex_unlock(&j->mu);
}

void
import_job_free(struct import_job *j)
{
	if (j == NULL)
		return;
	atomic_store(&j->stop, 1);
	if (j->joinable)
		pthread_join(j->thread, NULL);
	pthread_mutex_destroy(&j->mu);
	free(j->s.summary);
	free(j->file);
	free(j->data_dir);
	free(j);
}

enum ng_err
import_job_export(struct store *st, FILE *f, const char *base_url,
    size_t *articles, char *errbuf, size_t errsz)
{
	struct wp_export_opts	 o;
	struct wp_export_summary sum;
	enum ng_err		 err;

	memset(&o, 0, sizeof(o));
	o.base_url = base_url;
	err = wp_export(st, f, &o, &sum, errbuf, errsz);
	*articles = sum.count[WPC_ARTICLE];
	return err;
}
