/*
 * init.c -- `nutgraf init --data DIR`: create (or upgrade) a data
 * directory and its database.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/config.h"
#include "store/store.h"

static int
run_init(struct cli *c)
{
	int version = 0;

	/* The directory to make must be named, not ./data by default. */
	if (c->data == NULL && getenv("NUTGRAF_DATA") == NULL)
		return cli_usage(c, "--data DIR is required");
	if (cli_store_create(c) != 0)
		return 1;
	if (store_schema_version(c->st, &version) != NG_OK)
		return cli_fail(c, "cannot read the schema version");
	fprintf(c->out, "initialised %s (schema version %d)\n", c->cfg.data_dir,
	    version);
	return 0;
}

const struct cli_cmd cli_cmd_init = {
	.name = "init",
	.summary = "create a data directory and its database",
	.about = "Create (or upgrade) the data directory that --data DIR "
		 "(or NUTGRAF_DATA) names, with its database.  --data is "
		 "required here: init does not fall back to ./data.",
	.run = run_init,
};
