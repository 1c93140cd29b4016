/*
 * import.c -- `nutgraf import wordpress FILE.xml`: a WordPress export
 * into the site, and `nutgraf export wordpress`: the site out as one
 * (import/wp_cli.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/config.h"
#include "import/wp_cli.h"
#include "routes.h"
#include "store/store.h"

/*
 * nutgraf import wordpress FILE.xml [--uploads DIR] [--dry-run] and
 * nutgraf export wordpress [--output FILE], each with [--data DIR]
 * [--config FILE]: the store options may come anywhere.
 */
int
cmd_import(int argc, char *argv[])
{
	struct cli_opts		 o;
	struct ng_config	 cfg;
	struct store		*st = NULL;
	char			*sopt[6] = { argv[0] }, **rest;
	int			 k, ns = 1, nr = 0, rc = 1, export;

	rest = calloc((size_t)argc + 1, sizeof(*rest));
	if (rest == NULL)
		return cli_warn("out of memory");
	for (k = 1; k < argc; k++) {
		if ((strcmp(argv[k], "--data") == 0 ||
		    strcmp(argv[k], "--config") == 0) && k + 1 < argc &&
		    ns < 5) {
			sopt[ns++] = argv[k++];
			sopt[ns++] = argv[k];
		} else
			rest[nr++] = argv[k];
	}
	export = strcmp(argv[0], "export") == 0;
	if (nr == 0 || strcmp(rest[0], "wordpress") != 0) {
		k = nr > 0 && (strcmp(rest[0], "--help") == 0 ||
		    strcmp(rest[0], "-h") == 0);
		fputs(export ? wp_cli_export_usage() : wp_cli_usage(),
		    k ? stdout : stderr);
		free(rest);
		return k ? 0 : 2;
	}
	if (cli_parse_opts(ns, sopt, "dc", &o) != 0) {
		free(rest);
		return 2;
	}
	if (cli_load_config(&cfg, &o) != 0)
		goto out;
	if (cli_open_store(&cfg, &st) != 0)
		goto out;
	rc = export ? wp_cli_export(st, &cfg, nr, rest, stdout, stderr) :
	    wp_cli_import(st, &cfg, routes_segment_taken, nr, rest, stdout,
	    stderr);
out:
	if (st != NULL)
		store_close(st);
	config_free(&cfg);
	free(rest);
	return rc;
}
