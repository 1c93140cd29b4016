/*
 * backup.c -- `nutgraf backup DEST` and `nutgraf restore SRC`: a copy of
 * the site (database and media) and its way back (store/datadir.h).
 */
#include <stdio.h>

#include "cli/cli.h"
#include "core/config.h"
#include "store/datadir.h"
#include "store/store.h"

#define ERRSZ 512

static int
run_backup(struct cli *c)
{
	char err[ERRSZ];

	if (cli_config(c) != 0)
		return 1;
	if (store_is_url(c->cfg.database))
		/*
		 * PostgreSQL's own tools make a consistent copy of a
		 * database that many instances write; a second, weaker
		 * way here would only be one more to trust.
		 */
		return cli_fail(c,
		    "the database is PostgreSQL: back it up "
		    "with pg_dump -Fc (or pg_basebackup), and the media "
		    "directory with any file copy; see docs/deployment.md, "
		    "Backups");
	if (datadir_backup(c->cfg.data_dir, c->args[0], c->out, err,
		sizeof(err)) != NG_OK)
		return cli_fail(c, "%s", err);
	return 0;
}

static int
run_restore(struct cli *c)
{
	char err[ERRSZ];

	if (cli_config(c) != 0)
		return 1;
	if (store_is_url(c->cfg.database))
		return cli_fail(c,
		    "the database is PostgreSQL: restore it "
		    "with pg_restore; see docs/deployment.md, Backups");
	if (datadir_restore(c->args[0], c->cfg.data_dir, c->out, err,
		sizeof(err)) != NG_OK)
		return cli_fail(c, "%s", err);
	return 0;
}

const struct cli_cmd cli_cmd_backup = {
	.name = "backup",
	.summary = "copy the site (database and media) while it serves",
	.args = "DEST",
	.about =
	    "Copy the database (one consistent snapshot, SQLite's online "
	    "backup) and every media file into the new directory DEST, with "
	    "a MANIFEST of their sizes.  Safe while the server runs and takes "
	    "writes.",
	.run = run_backup,
};

const struct cli_cmd cli_cmd_restore = {
	.name = "restore",
	.summary = "fill an empty data directory from a backup",
	.args = "SRC",
	.about =
	    "Fill the data directory, which must be missing or empty, "
	    "from the backup SRC, then check the copy: every file of the "
	    "manifest with its size, and PRAGMA integrity_check.  Stop the "
	    "server first.",
	.run = run_restore,
};
