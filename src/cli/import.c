/*
 * import.c -- `nutgraf import wordpress FILE.xml`: a WordPress export
 * into the site (import/wp_cli.h).
 */
#include <stdio.h>

#include "cli/cli.h"
#include "import/wp_cli.h"
#include "routes.h"

static int
run_wordpress(struct cli *c)
{
	if (cli_store_create(c) != 0)
		return 1;
	return wp_cli_import(c->st, &c->cfg, routes_segment_taken, c->args[0],
	    cli_get(c, "uploads"), cli_get(c, "dry-run") != NULL, c->out,
	    c->err);
}

static const struct cli_opt wordpress_opts[] = {
	{ "uploads", "DIR",
	    "read the media from DIR, a copy of "
	    "wp-content/uploads (nothing is fetched)",
	    0 },
	{ "dry-run", NULL,
	    "do it all and roll it back, printing the same "
	    "summary",
	    0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct cli_cmd import_wordpress = {
	.name = "wordpress",
	.summary = "a WordPress export (WXR) into the site",
	.args = "FILE.xml",
	.opts = wordpress_opts,
	.about =
	    "Import a WordPress export (Tools > Export > All content): "
	    "posts, pages, comments, authors, categories, tags, menus and "
	    "media.  The whole file is checked before anything is written, "
	    "and everything is written in one transaction.  Importing the "
	    "same site again updates what changed and adds what is new.",
	.run = run_wordpress,
};

static const struct cli_cmd *const import_subs[] = { &import_wordpress, NULL };

const struct cli_cmd cli_cmd_import = {
	.name = "import",
	.summary = "bring a site in from another system",
	.subs = import_subs,
};
