/*
 * backup.c -- `nutgraf backup DEST` and `nutgraf restore SRC`: a copy of
 * the site (database and media) and its way back (store/datadir.h).
 */
#include <stdio.h>

#include "cli/cli.h"
#include "core/config.h"
#include "store/datadir.h"
#include "store/store.h"

#define ERRSZ	512

static const char usage_backup[] =
    "usage: nutgraf backup [--data DIR] [--config FILE] DEST\n"
    "\n"
    "Copy the database (one consistent snapshot, SQLite's online backup)\n"
    "and every media file into the new directory DEST, with a MANIFEST of\n"
    "their sizes.  Safe while the server runs and takes writes.\n";

static const char usage_restore[] =
    "usage: nutgraf restore [--data DIR] [--config FILE] SRC\n"
    "\n"
    "Fill the data directory, which must be missing or empty, from the\n"
    "backup SRC, then check the copy: every file of the manifest with its\n"
    "size, and PRAGMA integrity_check.  Stop the server first.\n";

int
cmd_backup(int argc, char *argv[])
{
	struct cli_opts		 o;
	struct ng_config	 cfg;
	const char		*dest;
	char			 err[ERRSZ];
	int			 rc;

	if ((rc = cli_opts_and_arg(argc, argv, &o, &dest, usage_backup)) != 0)
		return rc == 1 ? 0 : rc;
	rc = 1;
	if (cli_load_config(&cfg, &o) != 0)
		;
	else if (store_is_url(cfg.database))
		/*
		 * PostgreSQL's own tools make a consistent copy of a
		 * database that many instances write; a second, weaker
		 * way here would only be one more to trust.
		 */
		cli_warn("backup: the database is PostgreSQL: back it up "
		    "with pg_dump -Fc (or pg_basebackup), and the media "
		    "directory with any file copy; see docs/deployment.md, "
		    "Backups");
	else {
		if (datadir_backup(cfg.data_dir, dest, stdout, err,
		    sizeof(err)) == NG_OK)
			rc = 0;
		else
			cli_warn("backup: %s", err);
	}
	config_free(&cfg);
	return rc;
}

int
cmd_restore(int argc, char *argv[])
{
	struct cli_opts		 o;
	struct ng_config	 cfg;
	const char		*src;
	char			 err[ERRSZ];
	int			 rc;

	if ((rc = cli_opts_and_arg(argc, argv, &o, &src, usage_restore)) != 0)
		return rc == 1 ? 0 : rc;
	rc = 1;
	if (cli_load_config(&cfg, &o) != 0)
		;
	else if (store_is_url(cfg.database))
		cli_warn("restore: the database is PostgreSQL: restore it "
		    "with pg_restore; see docs/deployment.md, Backups");
	else {
		if (datadir_restore(src, cfg.data_dir, stdout, err,
		    sizeof(err)) == NG_OK)
			rc = 0;
		else
			cli_warn("restore: %s", err);
	}
	config_free(&cfg);
	return rc;
}
