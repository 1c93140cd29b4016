/*
 * init.c -- `nutgraf init --data DIR`: create (or upgrade) a data
 * directory and its database.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/config.h"
#include "store/store.h"

static const char usage_init[] =
    "usage: nutgraf init --data DIR\n"
    "\n"
    "  --data DIR  data directory to create (or upgrade) with an empty\n"
    "              database; environment NUTGRAF_DATA\n";

int
cmd_init(int argc, char *argv[])
{
	struct cli_opts		 o;
	struct ng_config	 cfg;
	struct store		*st = NULL;
	int			 version = 0, rc = 1;

	if (cli_parse_opts(argc, argv, "dc", &o) != 0)
		return 2;
	if (o.help) {
		fputs(usage_init, stdout);
		return 0;
	}
	if (cli_load_config(&cfg, &o) != 0)
		goto out;
	if (o.data == NULL && getenv("NUTGRAF_DATA") == NULL) {
		cli_warn("init: --data DIR is required");
		goto out;
	}
	if (cli_open_store(&cfg, &st) != 0)
		goto out;
	if (store_schema_version(st, &version) != NG_OK) {
		cli_warn("init: cannot read the schema version");
		goto out;
	}
	printf("initialised %s (schema version %d)\n", cfg.data_dir, version);
	rc = 0;
out:
	if (st != NULL)
		store_close(st);
	config_free(&cfg);
	return rc;
}
