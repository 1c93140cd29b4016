/*
 * ads.h -- `nutgraf slider ...` and `nutgraf ad ...`:
 * managing sliders, ad slots and ads from the command line.
 */
#ifndef NG_CLI_ADS_H
#define NG_CLI_ADS_H

#include <stdio.h>

struct store;

/* The usage text of "slider" or "ad" (static). */
const char	*ads_cli_usage(const char *cmd);

/*
 * Run cmd ("slider" or "ad") with argv[0..argc) (the subcommand and its
 * arguments) against st; results go to out, errors to err.  Returns the
 * process exit status: 0, 1 for a failure, 2 for bad usage.
 */
int		 ads_cli(struct store *st, const char *cmd, int argc,
		    char *argv[], FILE *out, FILE *err);

#endif
