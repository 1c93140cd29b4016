/*
 * export.c -- `nutgraf export wordpress`: the site out as a WordPress
 * export (import/wp_cli.h).
 */
#include <stdio.h>

#include "cli/cli.h"
#include "import/wp_cli.h"

static int
run_wordpress(struct cli *c)
{
	if (cli_store(c) != 0)
		return 1;
	return wp_cli_export(c->st, &c->cfg, cli_get(c, "output"), c->out,
	    c->err);
}

static const struct cli_opt wordpress_opts[] = {
	{ "output", "FILE",
	    "write to FILE (made as FILE.part and renamed "
	    "when complete) instead of standard output",
	    0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct cli_cmd export_wordpress = {
	.name = "wordpress",
	.summary = "the site as a WordPress export (WXR 1.2)",
	.opts = wordpress_opts,
	.about =
	    "Write the whole site as a WordPress export (WXR 1.2): "
	    "articles, pages, comments (with emails: keep the file private), "
	    "authors, sections, tags, menus and media (their URLs on this "
	    "site, from base_url).  WordPress reads it with Tools > Import > "
	    "WordPress; nutgraf with \"nutgraf import wordpress\" (give "
	    "--uploads the old data directory's media/ to bring the images).",
	.run = run_wordpress,
};

static const struct cli_cmd *const export_subs[] = { &export_wordpress, NULL };

const struct cli_cmd cli_cmd_export = {
	.name = "export",
	.summary = "the site out to another system",
	.subs = export_subs,
};
