/*
 * newsroom.h -- `nutgraf user ...`, `nutgraf article ...` and `nutgraf
 * settings ...`: the newsroom from scripts.
 */
#ifndef NG_CLI_NEWSROOM_H
#define NG_CLI_NEWSROOM_H

#include <stdio.h>

struct ng_config;
struct store;

/*
 * The command line: cmd is "user" or "article", argv[0] the subcommand
 * (add, passwd, disable, enable, list; add, list, publish, unpublish).
 * Reads a password from in with --password-stdin, writes results to out
 * and one-line errors to err.  Returns the process exit status.
 */
int		admin_cli(struct store *st, const struct ng_config *cfg,
		    const char *cmd, int argc, char *argv[], FILE *in,
		    FILE *out, FILE *err);

/* The usage text of cmd ("user" or "article"); static. */
const char	*admin_cli_usage(const char *cmd);

#endif
