/*
 * import_job.h -- a WordPress import running in the background, so the
 * newsroom's Tools > Import answers at once and the site keeps serving
 * while it runs.
 *
 * One import at a time per server: a second start while one runs is
 * refused.  The job runs the same importer as the command line
 * (import/wp_import.h) on a file the newsroom saved, deletes the file
 * when done, and keeps the outcome of the last run (the summary, or
 * why nothing was imported) for the status page.  Stopping the server
 * stops a running import, which then rolls back: nothing half-imported
 * is ever visible.
 */
#ifndef NG_JOBS_IMPORT_JOB_H
#define NG_JOBS_IMPORT_JOB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "content/page.h"

struct store;
struct import_job;

enum import_state {
	IMPORT_IDLE, /* none since the server started */
	IMPORT_RUNNING,
	IMPORT_DONE,
	IMPORT_FAILED, /* nothing was imported */
};

/* The passes of an import (import/wp_import.h says which). */
#define IMPORT_PASSES 4

/* A snapshot of the job for the status page. */
struct import_status {
	enum import_state state;
	int		  dry_run;
	int		  pass;		     /* 1 check, 2 media and terms,
						   3 posts and pages, 4 related
						   articles (IMPORT_PASSES) */
	uint64_t	  done, total;	     /* bytes (4: articles) */
	size_t		  items;	     /* items of this pass */
	int64_t		  started, finished; /* Unix times */
	char		  name[128];	     /* the uploaded file's name */
	char		  error[256];
	char		 *summary; /* malloc'd or NULL: free it */
};

/* A job on st; media variants go under data_dir. */
struct import_job *import_job_new(struct store *st, const char *data_dir,
    page_taken_fn taken);

/*
 * Import file (a path the job now owns and deletes when done), named
 * name for people.  NG_ECONFLICT while an import runs; NG_EIO when the
 * thread cannot start (the file is then left to the caller).
 */
enum ng_err import_job_start(struct import_job *j, const char *file,
    const char *name, int dry_run) NG_WUR;

void import_job_status(struct import_job *j, struct import_status *out);

/* Stop a running import (it rolls back), wait for it, free j. */
void import_job_free(struct import_job *j);

/*
 * The other direction, for Tools > Export: the whole site as WXR to f
 * (import/wp_export.h), on the caller's thread, with URLs under
 * base_url.  *articles gets how many were written; errbuf why not.
 */
enum ng_err import_job_export(struct store *st, FILE *f, const char *base_url,
    size_t *articles, char *errbuf, size_t errsz) NG_WUR;

#endif
