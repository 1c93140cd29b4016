/*
 * check.c -- `nutgraf check`: the config, the data directory, the
 * database and the media files, and what to fix.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/config.h"
#include "http/proxy.h"
#include "store/datadir.h"

#define ERRSZ 512

/* The config keys that name files: they must be there to be read. */
static int
check_config(const struct ng_config *cfg, FILE *out)
{
	struct proxies *p;
	char		err[ERRSZ];
	int		problems = 0;

	if (proxies_parse(cfg->trusted_proxies, &p, err, sizeof(err)) !=
	    NG_OK) {
		fprintf(out, "FIX: %s\n", err);
		problems++;
	}
	proxies_free(p);
	if ((*cfg->tls_cert != '\0') != (*cfg->tls_key != '\0')) {
		fprintf(out,
		    "FIX: tls_cert and tls_key go together: set "
		    "both or neither\n");
		problems++;
	}
	if (*cfg->tls_cert != '\0' && access(cfg->tls_cert, R_OK) != 0) {
		fprintf(out, "FIX: tls_cert %s is not readable: %s\n",
		    cfg->tls_cert, strerror(errno));
		problems++;
	}
	if (*cfg->tls_key != '\0' && access(cfg->tls_key, R_OK) != 0) {
		fprintf(out, "FIX: tls_key %s is not readable: %s\n",
		    cfg->tls_key, strerror(errno));
		problems++;
	}
	if (*cfg->acme_webroot != '\0' &&
	    access(cfg->acme_webroot, R_OK | X_OK) != 0) {
		fprintf(out,
		    "FIX: acme_webroot %s is not a readable "
		    "directory: %s\n",
		    cfg->acme_webroot, strerror(errno));
		problems++;
	}
	if (problems == 0)
		fprintf(out, "ok: config\n");
	return problems;
}

static int
run_check(struct cli *c)
{
	int problems;

	if (cli_config(c) != 0) {
		fprintf(c->out, "FIX: the config file (above)\n");
		return 1;
	}
	problems = check_config(&c->cfg, c->out);
	problems += datadir_check(c->cfg.data_dir, c->cfg.database, c->out);
	if (problems > 0)
		fprintf(c->out, "%d problem%s to fix\n", problems,
		    problems == 1 ? "" : "s");
	else
		fprintf(c->out, "all good\n");
	return problems > 0 ? 1 : 0;
}

const struct cli_cmd cli_cmd_check = {
	.name = "check",
	.summary = "check config, data directory, database and media",
	.about =
	    "Check the config, the data directory (ownership, "
	    "permissions), the database (integrity, schema version) and the "
	    "media files, and say what to fix.  Exits 1 if anything needs "
	    "fixing.",
	.run = run_check,
};
