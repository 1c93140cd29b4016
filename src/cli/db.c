/*
 * db.c -- `nutgraf db copy`: move a site between its SQLite file (the
 * --data directory) and a PostgreSQL database, both ways
 * (store_copy(), store.h); `nutgraf db media-in`: media files of a
 * PostgreSQL site's disk into its database (media/backfill.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cli/cli.h"
#include "core/config.h"
#include "media/backfill.h"
#include "store/datadir.h"
#include "store/store.h"

#define ERRSZ 512

/* How long libpq may take to reach the server before the copy gives up. */
#define CONNECT_TIMEOUT_S "10"

static const struct cli_opt copy_opts[] = {
	{ "to", "URL",
	    "copy the SQLite site of --data into the PostgreSQL database "
	    "URL",
	    0 },
	{ "from", "URL",
	    "copy the PostgreSQL database URL into the SQLite site of --data",
	    0 },
	{ "replace", NULL,
	    "empty a target that holds data first (without it, such a target "
	    "is refused)",
	    0 },
	{ NULL, NULL, NULL, 0 },
};

static void
say_progress(void *arg, const char *what, int64_t n)
{
	fprintf(arg, "  %-22s %lld\n", what, (long long)n);
}

/* Open the database url, or the SQLite file of --data (NULL). */
static int
open_one(struct cli *c, const char *url, struct store **st)
{
	struct ng_config cfg = c->cfg;
	char		 err[ERRSZ], *db = NULL;
	enum ng_err	 e;

	if (url != NULL && (db = strdup(url)) == NULL)
		return cli_fail(c, "out of memory");
	cfg.database = db;
	cfg.db_conns = 1;
	e = app_open_store(&cfg, st, err, sizeof(err));
	free(db);
	if (e != NG_OK)
		return cli_fail(c, "%s", err);
	return 0;
}

static int
run_copy(struct cli *c)
{
	struct store_copy_report rep;
	struct store_copy_opts	 o;
	struct store		*from = NULL, *to = NULL;
	struct stat		 sb;
	const char		*to_url = cli_get(c, "to");
	const char		*from_url = cli_get(c, "from");
	const char		*url;
	char			 file[PATH_MAX], media[PATH_MAX], err[ERRSZ];
	int			 rc = 1;

	if ((to_url == NULL) == (from_url == NULL))
		return cli_usage(c, "give one of --to URL and --from URL");
	url = to_url != NULL ? to_url : from_url;
	if (!store_is_url(url))
		return cli_usage(c,
		    "%s is not a PostgreSQL URL (postgresql://...)", url);
	if (cli_config(c) != 0)
		return 1;
	datadir_db_path(c->cfg.data_dir, file, sizeof(file));
	if (snprintf(media, sizeof(media), "%s/media", c->cfg.data_dir) >=
	    (int)sizeof(media))
		return cli_fail(c, "%s: path too long", c->cfg.data_dir);
	/* An unreachable server is an error in seconds, not minutes. */
	setenv("PGCONNECT_TIMEOUT", CONNECT_TIMEOUT_S, 0);

	memset(&o, 0, sizeof(o));
	o.replace = cli_get(c, "replace") != NULL;
	o.progress = say_progress;
	o.arg = c->out;
	if (to_url != NULL) {
		/* Never create an empty site just to copy it. */
		if (stat(file, &sb) != 0)
			return cli_fail(c, "no site to copy: %s: %s", file,
			    strerror(errno));
		if (open_one(c, NULL, &from) != 0 || open_one(c, url, &to) != 0)
			goto out;
		o.media_from = media;
		fprintf(c->out, "copying %s into PostgreSQL\n", file);
	} else {
		if (open_one(c, url, &from) != 0 || open_one(c, NULL, &to) != 0)
			goto out;
		o.media_to = media;
		fprintf(c->out, "copying PostgreSQL into %s\n", file);
	}
	if (store_copy(from, to, &o, &rep, err, sizeof(err)) != NG_OK) {
		cli_fail(c, "%s", err);
		goto out;
	}
	fprintf(c->out,
	    "copied %zu tables, %lld rows and %lld media files (%lld bytes "
	    "from files or into them); every table's count verified\n",
	    rep.tables, (long long)rep.rows, (long long)rep.media_files,
	    (long long)rep.media_bytes);
	if (rep.media_missing > 0)
		fprintf(c->out,
		    "warning: %lld media item%s had no bytes in the source "
		    "(the log names them): copy those files into %s by hand\n",
		    (long long)rep.media_missing,
		    rep.media_missing == 1 ? "" : "s",
		    to_url != NULL ? "every instance's media directory" :
				     media);
	if (rep.media_skipped > 0)
		fprintf(c->out,
		    "warning: %lld media file%s stayed behind (too big or "
		    "badly named; the log names them)\n",
		    (long long)rep.media_skipped,
		    rep.media_skipped == 1 ? "" : "s");
	rc = 0;
out:
	store_close(to);
	store_close(from);
	return rc;
}

static const struct cli_cmd db_copy = {
	.name = "copy",
	.summary = "copy the site between SQLite and PostgreSQL",
	.opts = copy_opts,
	.about =
	    "Copy everything -- articles and their revisions, pages, comments, "
	    "users and sessions, media with their bytes, sliders, ads, menus, "
	    "settings, webhooks -- from the SQLite site of --data into an "
	    "empty PostgreSQL database (--to URL), or from one into the "
	    "SQLite site of --data (--from URL).  Ids are kept; the target's "
	    "search index is rebuilt.  Media files under --data/media go into "
	    "the database on the way in and come out as files on the way "
	    "back.  One transaction: the target gets all of it or nothing, "
	    "and every table's row count is verified before the commit.  A "
	    "target that holds any data is refused unless --replace is given. "
	    " Stop the servers writing to the source first.",
	.run = run_copy,
};

static int
run_media_in(struct cli *c)
{
	struct media_backfill rep;
	enum ng_err	      err;

	if (cli_store(c) != 0)
		return 1;
	if (!store_media_in_db(c->st))
		return cli_fail(c,
		    "this site is on SQLite, whose media stay files under "
		    "%s/media: nothing to do (give --db URL for a PostgreSQL "
		    "site)",
		    c->cfg.data_dir);
	if ((err = media_backfill(c->st, c->cfg.data_dir, &rep)) != NG_OK)
		return cli_fail(c,
		    "putting the media files into the database "
		    "stopped: %s (what was put stays)",
		    ng_strerror(err));
	fprintf(c->out,
	    "%lld media file%s (%lld bytes) of %lld item%s put into the "
	    "database\n",
	    (long long)rep.files, rep.files == 1 ? "" : "s",
	    (long long)rep.bytes, (long long)rep.items,
	    rep.items == 1 ? "" : "s");
	if (rep.missing > 0) {
		fprintf(c->out,
		    "warning: %lld media item%s ha%s no bytes in the database "
		    "or under %s/media (the log names them): run this where "
		    "those files are\n",
		    (long long)rep.missing, rep.missing == 1 ? "" : "s",
		    rep.missing == 1 ? "s" : "ve", c->cfg.data_dir);
		return 1;
	}
	fprintf(c->out, "every media item has its bytes in the database\n");
	return 0;
}

static const struct cli_cmd db_media_in = {
	.name = "media-in",
	.summary = "put media files of --data that the database lacks into it",
	.about =
	    "For a site on PostgreSQL (--db URL, database = in the config, or "
	    "NUTGRAF_DB): every media item whose bytes the database lacks "
	    "gets the files found under --data/media/ put into it, so every "
	    "instance can serve them.  Uploads made before schema 0016 were "
	    "files of the instance that took them; an instance puts its own "
	    "into the database as it starts, and this does it by hand on any "
	    "machine that holds such files.  Safe to run again and while "
	    "instances serve.  Exit status 1 when some item's bytes are "
	    "still nowhere in the database.",
	.run = run_media_in,
};

static const struct cli_cmd *const db_subs[] = { &db_copy, &db_media_in, NULL };

const struct cli_cmd cli_cmd_db = {
	.name = "db",
	.summary = "the database: move a site between SQLite and PostgreSQL",
	.about = "The database as a whole: `db copy` moves a site between its "
		 "SQLite file and a PostgreSQL database; `db media-in` puts "
		 "media files of a PostgreSQL site's disk into its database.",
	.subs = db_subs,
};
