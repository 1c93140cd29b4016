/*
 * settings.c -- `nutgraf settings [KEY=VALUE...]`: the site settings of
 * the newsroom's Settings page, listed, or checked all together and
 * saved only when every one is good.
 */
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "store/store.h"

/* The setting "KEY=VALUE" names: its index, or -1. */
static int
setting_of(const char *arg)
{
	const char *key;
	size_t	    i, n = strcspn(arg, "=");

	for (i = 0; (key = admin_setting_key(i)) != NULL; i++)
		if (strlen(key) == n && strncmp(key, arg, n) == 0)
			return (int)i;
	return -1;
}

static int
run_settings(struct cli *c)
{
	struct str *values;
	const char *eq, *why;
	size_t	    i, n = admin_setting_count();
	int	    k, bad = 0;
	enum ng_err err;

	for (k = 0; k < c->nargs; k++) {
		if ((eq = strchr(c->args[k], '=')) == NULL)
			return cli_usage(c, "expected KEY=VALUE, not \"%s\"",
			    c->args[k]);
		if (setting_of(c->args[k]) < 0)
			return cli_fail(c, "unknown key \"%.*s\"",
			    (int)(eq - c->args[k]), c->args[k]);
		if ((why = admin_setting_check((size_t)setting_of(c->args[k]),
			 str_c(eq + 1))) != NULL) {
			cli_fail(c, "%.*s: %s", (int)(eq - c->args[k]),
			    c->args[k], why);
			bad = 1;
		}
	}
	if (bad)
		return cli_fail(c, "nothing was saved");
	if ((c->nargs > 0 ? cli_store_create(c) : cli_store(c)) != 0)
		return 1;
	for (k = 0; k < c->nargs; k++)
		if ((err = store_setting_set(c->st,
			 admin_setting_key((size_t)setting_of(c->args[k])),
			 str_c(strchr(c->args[k], '=') + 1))) != NG_OK)
			return cli_fail(c, "%s: %s", c->args[k],
			    ng_strerror(err));
	if (c->nargs > 0)
		return 0;
	if ((values = arena_calloc(c->a, n, sizeof(*values))) == NULL ||
	    (err = admin_settings_load(c->a, c->st, values)) != NG_OK)
		return cli_fail(c, "cannot read the settings");
	for (i = 0; i < n; i++)
		fprintf(c->out, "%s\t%.*s\n", admin_setting_key(i),
		    (int)values[i].n, values[i].p);
	return 0;
}

const struct cli_cmd cli_cmd_settings = {
	.name = "settings",
	.summary = "site settings: list, or set KEY=VALUE",
	.args = "[KEY=VALUE...]",
	.about =
	    "Without arguments, print each site setting and its value "
	    "(an unset one shows its default).  With KEY=VALUE pairs, check "
	    "them all as the newsroom's Settings page does and save them "
	    "only if every one is good; KEY= restores the default.  The "
	    "keys are those the list shows.",
	.run = run_settings,
};
