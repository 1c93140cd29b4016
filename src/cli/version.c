/*
 * version.c -- `nutgraf version`.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "ng_version.h"

static int
run_version(struct cli *c)
{
	fprintf(c->out, "nutgraf %s\n", NG_VERSION);
	return 0;
}

const struct cli_cmd cli_cmd_version = {
	.name = "version",
	.summary = "print the version",
	.about = "Print the version of this nutgraf (also nutgraf --version).",
	.run = run_version,
};
