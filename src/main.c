/*
 * main.c -- the nutgraf command line: the command table only.  Each
 * command is one file in src/cli/, declared as data that cli_main()
 * parses the line against and writes --help from (cli/cli.h).
 *
 * Settings come from built-in defaults, then the config file, then the
 * environment (NUTGRAF_LISTEN, NUTGRAF_DATA, NUTGRAF_DB), then the
 * command line.  Every failure prints one line "nutgraf: ..." and exits
 * non-zero: 2 for bad usage, 1 for anything else.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

/* In the order of `nutgraf --help`. */
static const struct cli_cmd *const commands[] = { &cli_cmd_serve, &cli_cmd_init,
	&cli_cmd_user, &cli_cmd_article, &cli_cmd_page, &cli_cmd_comments,
	&cli_cmd_settings, &cli_cmd_slider, &cli_cmd_ad, &cli_cmd_import,
	&cli_cmd_export, &cli_cmd_backup, &cli_cmd_restore, &cli_cmd_check,
	&cli_cmd_db, &cli_cmd_webhook, &cli_cmd_version, NULL };

static const struct cli_cmd nutgraf = {
	.about = "nutgraf serves a news site and runs its newsroom; these "
		 "commands run it and manage its content from a shell.",
	.subs = commands,
};

int
main(int argc, char *argv[])
{
	static char word[] = "version";
	char	   *version[] = { word };

	if (argc == 2 && strcmp(argv[1], "--version") == 0)
		return cli_main(&nutgraf, 1, version, stdin, stdout, stderr);
	return cli_main(&nutgraf, argc - 1, argv + 1, stdin, stdout, stderr);
}
