/*
 * wp_cli.h -- "nutgraf import wordpress FILE.xml [--uploads DIR]
 * [--dry-run]": the command line of the WordPress importer.
 */
#ifndef NG_IMPORT_WP_CLI_H
#define NG_IMPORT_WP_CLI_H

#include <stdio.h>

struct ng_config;
struct store;

/* The usage text. */
const char	*wp_cli_usage(void);

/*
 * Run the command argv[0..argc) (argv[0] is "wordpress").  Progress and
 * the summary go to out (a bar with rate and ETA when err is a
 * terminal, a line every few seconds otherwise, on err); problems to
 * err.  Returns the exit status: 0, 1 when the import failed (nothing
 * was imported), 2 for a usage error.
 */
int		wp_cli_import(struct store *st, const struct ng_config *cfg,
		    int argc, char **argv, FILE *out, FILE *err);

#endif
