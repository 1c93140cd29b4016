/*
 * wp_cli.h -- what "nutgraf import wordpress" and "nutgraf export
 * wordpress" (cli/import.c, cli/export.c) run: the WordPress importer
 * and exporter, with progress for a terminal or a log.
 */
#ifndef NG_IMPORT_WP_CLI_H
#define NG_IMPORT_WP_CLI_H

#include <stdio.h>

#include "content/page.h"

struct ng_config;
struct store;

/*
 * Import the WordPress export file, its media read from the uploads
 * directory (NULL: none), all rolled back at the end with dry_run.
 * Progress and the summary go to out (a bar with rate and ETA when err
 * is a terminal, a line every few seconds otherwise, on err); problems
 * to err.  Returns the exit status: 0, or 1 when the import failed
 * (nothing was imported).  taken says which top-level slugs belong to
 * routes, so an imported page never hides one (the route table is above
 * the importer: the caller passes it in).
 */
int wp_cli_import(struct store *st, const struct ng_config *cfg,
    page_taken_fn taken, const char *file, const char *uploads, int dry_run,
    FILE *out, FILE *err);

/*
 * The site as WXR to out, or to the file output unless it is NULL or
 * "-" (written beside it and renamed into place, so a failed export
 * never leaves half a file under that name).  Progress and problems go
 * to err.  Returns the exit status: 0, or 1 on failure.
 */
int wp_cli_export(struct store *st, const struct ng_config *cfg,
    const char *output, FILE *out, FILE *err);

#endif
