/*
 * wp_cli.c -- the importer's command line (see wp_cli.h).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/config.h"
#include "import/wp_cli.h"
#include "import/wp_export.h"
#include "import/wp_import.h"

struct prog {
	FILE	       *err;
	int		tty;
	struct timespec start, last;
};

static double
secs(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/*
 * A bar with rate and ETA on a terminal, redrawn at most ten times a
 * second; otherwise one line every five seconds (logs, the job runner).
 */
static void
on_progress(void *arg, int pass, uint64_t done, uint64_t total, size_t items)
{
	static const char *const what[WP_IMPORT_PASSES + 1] = { "", "checking",
		"media, terms", "posts, pages", "related" };
	struct prog		*p = arg;
	struct timespec		 now;
	double			 el, rate, eta, frac;
	int			 i, w;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (secs(&p->last, &now) < (p->tty ? 0.1 : 5.0))
		return;
	p->last = now;
	el = secs(&p->start, &now);
	frac = total > 0 ? (double)done / (double)total : 0;
	rate = el > 0 ? (double)items / el : 0;
	eta = frac > 0.001 ? el / frac - el : 0;
	if (p->tty) {
		w = (int)(frac * 30);
		fprintf(p->err, "\r%-12s [",
		    what[pass >= 0 && pass <= WP_IMPORT_PASSES ? pass : 0]);
		for (i = 0; i < 30; i++)
			fputc(i < w ? '#' : '.', p->err);
		fprintf(p->err, "] %3.0f%% %zu items %.0f/s ETA %.0fs ",
		    frac * 100, items, rate, eta);
	} else
		fprintf(p->err,
		    "import: pass %d (%s): %.0f%%, %zu items, "
		    "%.0f items/s\n",
		    pass,
		    what[pass >= 0 && pass <= WP_IMPORT_PASSES ? pass : 0],
		    frac * 100, items, rate);
	fflush(p->err);
}

int
wp_cli_import(struct store *st, const struct ng_config *cfg,
    page_taken_fn taken, const char *file, const char *uploads, int dry_run,
    FILE *out, FILE *err)
{
	struct wp_import_opts	 o;
	struct wp_import_summary sum;
	struct wxr_error	 e;
	struct prog		 p;
	char			*text;
	enum ng_err		 rc;

	memset(&o, 0, sizeof(o));
	o.file = file;
	o.uploads = uploads;
	o.dry_run = dry_run;
	memset(&p, 0, sizeof(p));
	p.err = err;
	p.tty = isatty(fileno(err));
	clock_gettime(CLOCK_MONOTONIC, &p.start);
	o.data_dir = cfg->data_dir;
	o.taken = taken;
	o.progress = on_progress;
	o.arg = &p;
	rc = wp_import(st, &o, &sum, &e);
	if (p.tty)
		fputc('\n', err);
	if (rc != NG_OK) {
		fprintf(err,
		    "nutgraf: import wordpress: %s: %s\nNothing was "
		    "imported.\n",
		    o.file, e.msg);
		free(sum.report);
		return 1;
	}
	if ((text = wp_import_summary_text(&sum)) != NULL) {
		fputs(text, out);
		free(text);
	}
	if (o.dry_run)
		fputs("dry run: nothing was kept.\n", out);
	free(sum.report);
	return 0;
}

static void
on_export_progress(void *arg, size_t items)
{
	struct prog    *p = arg;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (secs(&p->last, &now) < (p->tty ? 0.1 : 5.0))
		return;
	p->last = now;
	if (p->tty)
		fprintf(p->err, "\rexport: %zu items ", items);
	else
		fprintf(p->err, "export: %zu items\n", items);
	fflush(p->err);
}

int
wp_cli_export(struct store *st, const struct ng_config *cfg, const char *file,
    FILE *out, FILE *err)
{
	struct wp_export_opts	 o;
	struct wp_export_summary sum;
	struct prog		 p;
	char			*part = NULL, why[256];
	FILE			*f = out;
	int			 rc = 1;

	if (file != NULL && strcmp(file, "-") != 0) {
		size_t n = strlen(file) + sizeof(".part");

		if ((part = malloc(n)) == NULL) {
			fputs("nutgraf: export wordpress: out of memory\n",
			    err);
			return 1;
		}
		snprintf(part, n, "%s.part", file);
		if ((f = fopen(part, "w")) == NULL) {
			fprintf(err, "nutgraf: export wordpress: %s: %s\n",
			    part, strerror(errno));
			free(part);
			return 1;
		}
	}
	memset(&p, 0, sizeof(p));
	p.err = err;
	p.tty = isatty(fileno(err));
	clock_gettime(CLOCK_MONOTONIC, &p.start);
	memset(&o, 0, sizeof(o));
	o.base_url = cfg->base_url;
	o.progress = on_export_progress;
	o.arg = &p;
	if (wp_export(st, f, &o, &sum, why, sizeof(why)) == NG_OK)
		rc = 0;
	if (p.tty)
		fputc('\n', err);
	if (part != NULL) {
		if (fclose(f) != 0 && rc == 0) {
			snprintf(why, sizeof(why), "%s: %s", part,
			    strerror(errno));
			rc = 1;
		}
		if (rc == 0 && rename(part, file) == -1) {
			snprintf(why, sizeof(why), "%s: %s", file,
			    strerror(errno));
			rc = 1;
		}
		if (rc != 0)
			(void)unlink(part);
		free(part);
	}
	if (rc != 0) {
		fprintf(err, "nutgraf: export wordpress: %s\n", why);
		return rc;
	}
	fprintf(err,
	    "exported %zu articles, %zu pages, %zu comments, "
	    "%zu media, %zu users, %zu sections, %zu tags, %zu menus "
	    "(%zu items)\n",
	    sum.count[WPC_ARTICLE], sum.count[WPC_PAGE], sum.count[WPC_COMMENT],
	    sum.count[WPC_MEDIA], sum.count[WPC_USER], sum.count[WPC_SECTION],
	    sum.count[WPC_TAG], sum.count[WPC_MENU], sum.count[WPC_MENU_ITEM]);
	return 0;
}
