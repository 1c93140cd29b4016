/*
 * wp_cli.h -- "nutgraf import wordpress FILE.xml [--uploads DIR]
 * [--dry-run]" and "nutgraf export wordpress [--output FILE]": the
 * command lines of the WordPress importer and exporter.
 */
#ifndef NG_IMPORT_WP_CLI_H
#define NG_IMPORT_WP_CLI_H

#include <stdio.h>

#include "content/page.h"

struct ng_config;
struct store;

/* The usage text. */
const char	*wp_cli_usage(void);

/*
 * Run the command argv[0..argc) (argv[0] is "wordpress").  Progress and
 * the summary go to out (a bar with rate and ETA when err is a
 * terminal, a line every few seconds otherwise, on err); problems to
 * err.  Returns the exit status: 0, 1 when the import failed (nothing
 * was imported), 2 for a usage error.  taken says which top-level
 * slugs belong to routes, so an imported page never hides one (the
 * route table is above the importer: the caller passes it in).
 */
int		wp_cli_import(struct store *st, const struct ng_config *cfg,
		    page_taken_fn taken, int argc, char **argv, FILE *out,
		    FILE *err);

/* The usage text of the exporter. */
const char	*wp_cli_export_usage(void);

/*
 * "nutgraf export wordpress [--output FILE]": the site as WXR to out,
 * or to FILE (written beside it and renamed into place, so a failed
 * export never leaves half a file under that name).  Progress and
 * problems go to err.  Returns 0, 1 on failure, 2 for a usage error.
 */
int		wp_cli_export(struct store *st, const struct ng_config *cfg,
		    int argc, char **argv, FILE *out, FILE *err);

#endif
