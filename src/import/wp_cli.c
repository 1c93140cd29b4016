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

static const char usage[] =
    "usage: nutgraf import wordpress FILE.xml [--uploads DIR] [--dry-run]\n"
    "           [--data DIR] [--config FILE]\n"
    "\n"
    "Import a WordPress export (Tools > Export > All content): posts,\n"
    "pages, comments, authors, categories, tags, menus and media (the\n"
    "originals read from DIR, a copy of wp-content/uploads; nothing is\n"
    "fetched).  The whole file is checked before anything is written, and\n"
    "everything is written in one transaction.  Importing the same site\n"
    "again updates what changed and adds what is new.  --dry-run does it\n"
    "all and rolls it back, printing the same summary.\n";

const char *
wp_cli_usage(void)
{
	return usage;
}

struct prog {
	FILE		*err;
	int		 tty;
	struct timespec	 start, last;
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
	static const char *const what[] = { "", "checking", "media, terms",
	    "posts, pages" };
	struct prog	*p = arg;
	struct timespec	 now;
	double		 el, rate, eta, frac;
	int		 i, w;

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
		fprintf(p->err, "\r%-12s [", what[pass & 3]);
		for (i = 0; i < 30; i++)
			fputc(i < w ? '#' : '.', p->err);
		fprintf(p->err, "] %3.0f%% %zu items %.0f/s ETA %.0fs ",
		    frac * 100, items, rate, eta);
	} else
		fprintf(p->err, "import: pass %d (%s): %.0f%%, %zu items, "
		    "%.0f items/s\n", pass, what[pass & 3], frac * 100, items,
		    rate);
	fflush(p->err);
}

int
wp_cli_import(struct store *st, const struct ng_config *cfg,
    page_taken_fn taken, int argc, char **argv, FILE *out, FILE *err)
{
	struct wp_import_opts	 o;
	struct wp_import_summary sum;
	struct wxr_error	 e;
	struct prog		 p;
	char			*text;
	int			 k;
	enum ng_err		 rc;

	memset(&o, 0, sizeof(o));
	for (k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--uploads") == 0 && k + 1 < argc)
			o.uploads = argv[++k];
		else if (strcmp(argv[k], "--dry-run") == 0)
			o.dry_run = 1;
		else if (argv[k][0] == '-' || o.file != NULL) {
			fprintf(err, "nutgraf import: unexpected \"%s\"\n%s",
			    argv[k], usage);
			return 2;
		} else
			o.file = argv[k];
	}
	if (o.file == NULL) {
		fputs(usage, err);
		return 2;
	}
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
		fprintf(err, "nutgraf import: %s: %s\nNothing was imported.\n",
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

static const char export_usage[] =
    "usage: nutgraf export wordpress [--output FILE] [--data DIR]\n"
    "           [--config FILE]\n"
    "\n"
    "Write the whole site as a WordPress export (WXR 1.2) to standard\n"
    "output or FILE: articles, pages, comments (with emails: keep the\n"
    "file private), authors, sections, tags, menus and media (their URLs\n"
    "on this site, from base_url).  WordPress reads it with Tools >\n"
    "Import > WordPress; nutgraf with \"nutgraf import wordpress\" (give\n"
    "--uploads the old data directory's media/ to bring the images).\n";

const char *
wp_cli_export_usage(void)
{
	return export_usage;
}

static void
on_export_progress(void *arg, size_t items)
{
	struct prog	*p = arg;
	struct timespec	 now;

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
wp_cli_export(struct store *st, const struct ng_config *cfg, int argc,
    char **argv, FILE *out, FILE *err)
{
	struct wp_export_opts	 o;
	struct wp_export_summary sum;
	struct prog		 p;
	const char		*file = NULL;
	char			*part = NULL, why[256];
	FILE			*f = out;
	int			 k, rc = 1;

	for (k = 1; k < argc; k++) {
		if ((strcmp(argv[k], "--output") == 0 ||
		    strcmp(argv[k], "-o") == 0) && k + 1 < argc &&
		    file == NULL)
			file = argv[++k];
		else {
			fprintf(err, "nutgraf export: unexpected \"%s\"\n%s",
			    argv[k], export_usage);
			return 2;
		}
	}
	if (file != NULL && strcmp(file, "-") != 0) {
		size_t n = strlen(file) + sizeof(".part");

		if ((part = malloc(n)) == NULL) {
			fputs("nutgraf export: out of memory\n", err);
			return 1;
		}
		snprintf(part, n, "%s.part", file);
		if ((f = fopen(part, "w")) == NULL) {
			fprintf(err, "nutgraf export: %s: %s\n", part,
			    strerror(errno));
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
		fprintf(err, "nutgraf export: %s\n", why);
		return rc;
	}
	fprintf(err, "exported %zu articles, %zu pages, %zu comments, "
	    "%zu media, %zu users, %zu sections, %zu tags, %zu menus "
	    "(%zu items)\n", sum.count[WPC_ARTICLE], sum.count[WPC_PAGE],
	    sum.count[WPC_COMMENT], sum.count[WPC_MEDIA], sum.count[WPC_USER],
	    sum.count[WPC_SECTION], sum.count[WPC_TAG], sum.count[WPC_MENU],
	    sum.count[WPC_MENU_ITEM]);
	return 0;
}
