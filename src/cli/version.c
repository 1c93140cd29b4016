/*
 * version.c -- `nutgraf version`.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "ng_version.h"

int
cmd_version(int argc, char *argv[])
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		fputs("usage: nutgraf version\n\nPrint the version.\n",
		    stdout);
		return 0;
	}
	if (argc > 1)
		return cli_warn("version: unexpected argument \"%s\"", argv[1]);
	printf("nutgraf %s\n", NG_VERSION);
	return 0;
}
