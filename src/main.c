/*
 * main.c -- the nutgraf command line: the command table only.  Each
 * command is one file in src/cli/ (cli.h says how to add one).
 *
 * Settings come from built-in defaults, then the config file, then the
 * environment (NUTGRAF_LISTEN, NUTGRAF_DATA), then the command line.
 * Every failure prints one line "nutgraf: ..." and exits non-zero.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const char usage_main[] =
    "usage: nutgraf COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  serve     serve the site over HTTP\n"
    "  init      create a data directory and its database\n"
    "  user      newsroom users: add, passwd, disable, enable, list\n"
    "  article   articles from scripts: add, list, publish, unpublish\n"
    "  page      static pages: add, list, publish, unpublish\n"
    "  comments  moderate comments: list, approve, spam, trash, delete\n"
    "  settings  site settings: list, or set KEY=VALUE\n"
    "  backup    copy the site (database and media) while it serves\n"
    "  restore   fill an empty data directory from a backup\n"
    "  check     check config, data directory, database and media\n"
    "  import    import a WordPress export: import wordpress FILE.xml\n"
    "  export    the site as a WordPress export: export wordpress\n"
    "  version   print the version\n"
    "\n"
    "Run 'nutgraf COMMAND --help' for a command's options.\n";

int
main(int argc, char *argv[])
{
	static const struct {
		const char	*name;
		int		(*fn)(int, char *[]);
	} cmds[] = {
		{ "serve",	cmd_serve },
		{ "init",	cmd_init },
		{ "comments",	cmd_comments },
		{ "user",	cmd_newsroom },
		{ "article",	cmd_newsroom },
		{ "settings",	cmd_newsroom },
		{ "page",	cmd_newsroom },
		{ "slider",	cmd_ads },
		{ "ad",		cmd_ads },
		{ "backup",	cmd_backup },
		{ "restore",	cmd_restore },
		{ "check",	cmd_check },
		{ "import",	cmd_import },
		{ "export",	cmd_import },
		{ "version",	cmd_version },
	};
	size_t	 i;

	if (argc < 2) {
		fputs(usage_main, stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage_main, stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(1, argv);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	cli_warn("unknown command \"%s\" (try nutgraf --help)", argv[1]);
	return 2;
}
