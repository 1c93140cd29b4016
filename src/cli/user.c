/*
 * user.c -- `nutgraf user ...`: newsroom accounts from a shell, as
 * WP-CLI gives WordPress newsrooms.  Accounts are made and changed by
 * the same calls as the newsroom's Users page.
 */
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "admin/apppass.h"
#include "admin/auth.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "store/store.h"

static int
user_lookup(struct cli *c, const char *login, struct user **u)
{
	enum ng_err err;

	err = store_user_by_login(c->a, c->st, str_c(login), u);
	if (err == NG_ENOTFOUND)
		return cli_fail(c, "no user \"%s\"", login);
	if (err != NG_OK)
		return cli_fail(c, "cannot read users: %s", ng_strerror(err));
	return 0;
}

/* One line from in, without its newline; NULL when too long or none. */
static const char *
read_password(struct cli *c, char *buf, size_t bufsz)
{
	size_t n;

	if (fgets(buf, (int)bufsz, c->in) == NULL)
		return NULL;
	n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	if (n > AUTH_PASSWORD_MAX)
		return NULL;
	return buf;
}

/*
 * The password to set: from stdin with --password-stdin, else a new
 * random one (shown once).  Read before the store is opened: a bad one
 * changes nothing.
 */
static int
get_password(struct cli *c, char *buf, size_t bufsz, const char **pw)
{
	if (cli_get(c, "password-stdin") == NULL) {
		auth_password_generate(buf);
		*pw = buf;
		return 0;
	}
	if ((*pw = read_password(c, buf, bufsz)) == NULL)
		return cli_fail(c,
		    "no password on standard input (or longer "
		    "than %d bytes)",
		    AUTH_PASSWORD_MAX);
	if (strlen(*pw) < AUTH_PASSWORD_MIN)
		return cli_fail(c,
		    "the password must have at least %d "
		    "characters",
		    AUTH_PASSWORD_MIN);
	return 0;
}

static int
run_add(struct cli *c)
{
	const char    *login = c->args[0], *pw;
	char	       buf[AUTH_PASSWORD_MAX + AUTH_GENERATED_LEN + 3];
	enum user_role role;
	int64_t	       id;
	enum ng_err    err;

	if (!store_role_parse(str_c(cli_get(c, "role")), &role))
		return cli_usage(c,
		    "--role must be administrator, editor, "
		    "author or contributor");
	if (admin_login_check(str_c(login)) != NG_OK)
		return cli_usage(c,
		    "a login is 1 to %d of the characters "
		    "A-Z a-z 0-9 . _ - @",
		    STORE_LOGIN_MAX);
	if (auth_init() != NG_OK ||
	    get_password(c, buf, sizeof(buf), &pw) != 0 ||
	    cli_store_create(c) != 0)
		return 1;
	err = admin_user_create(c->a, c->st, str_c(login),
	    str_c(cli_get(c, "name")), role, str_c(pw), &id);
	if (err == NG_ECONFLICT)
		return cli_fail(c, "\"%s\" exists", login);
	if (err != NG_OK)
		return cli_fail(c, "%s", ng_strerror(err));
	fprintf(c->out, "added %s (%s)\n", login, cli_get(c, "role"));
	if (cli_get(c, "password-stdin") == NULL)
		fprintf(c->out, "one-time password: %s\n", pw);
	return 0;
}

static int
run_passwd(struct cli *c)
{
	struct user *u;
	char	     buf[AUTH_PASSWORD_MAX + AUTH_GENERATED_LEN + 3];
	char	     hash[AUTH_HASH_MAX];
	const char  *pw;
	enum ng_err  err;

	if (auth_init() != NG_OK ||
	    get_password(c, buf, sizeof(buf), &pw) != 0 || cli_store(c) != 0 ||
	    user_lookup(c, c->args[0], &u) != 0)
		return 1;
	if ((err = auth_password_hash(pw, strlen(pw), hash)) != NG_OK ||
	    (err = store_user_set_password(c->st, u->id, str_c(hash))) != NG_OK)
		return cli_fail(c, "%s", ng_strerror(err));
	fprintf(c->out,
	    "changed the password of %s; their sessions "
	    "ended\n",
	    c->args[0]);
	if (cli_get(c, "password-stdin") == NULL)
		fprintf(c->out, "one-time password: %s\n", pw);
	return 0;
}

static int
set_disabled(struct cli *c, int disable)
{
	struct user *u;
	enum ng_err  err;

	if (cli_store(c) != 0 || user_lookup(c, c->args[0], &u) != 0)
		return 1;
	if ((err = store_user_set_disabled(c->st, u->id, disable)) != NG_OK)
		return cli_fail(c, "%s", ng_strerror(err));
	fprintf(c->out, "%s %s\n", disable ? "disabled" : "enabled",
	    c->args[0]);
	return 0;
}

static int
run_disable(struct cli *c)
{
	return set_disabled(c, 1);
}

static int
run_enable(struct cli *c)
{
	return set_disabled(c, 0);
}

static int
run_2fa_reset(struct cli *c)
{
	struct user *u;
	enum ng_err  err;

	if (cli_store(c) != 0 || user_lookup(c, c->args[0], &u) != 0)
		return 1;
	err = store_totp_delete(c->st, u->id);
	if (err == NG_ENOTFOUND) {
		fprintf(c->out,
		    "%s has no two-factor login; nothing to "
		    "reset\n",
		    c->args[0]);
		return 0;
	}
	if (err != NG_OK)
		return cli_fail(c, "%s", ng_strerror(err));
	/* Whoever holds the lost phone may hold a session too. */
	if ((err = store_user_set_password(c->st, u->id, u->pass_hash)) !=
	    NG_OK)
		return cli_fail(c, "sessions: %s", ng_strerror(err));
	fprintf(c->out,
	    "two-factor login of %s reset; their sessions "
	    "ended\n",
	    c->args[0]);
	return 0;
}

static int
run_list(struct cli *c)
{
	struct user *v;
	size_t	     i, n;
	enum ng_err  err;

	if (cli_store(c) != 0)
		return 1;
	if ((err = store_user_list(c->a, c->st, &v, &n)) != NG_OK)
		return cli_fail(c, "%s", ng_strerror(err));
	for (i = 0; i < n; i++)
		fprintf(c->out, "%.*s\t%s\t%s\t%.*s\n", (int)v[i].login.n,
		    v[i].login.p, store_role_name(v[i].role),
		    v[i].disabled ? "disabled" : "active", (int)v[i].name.n,
		    v[i].name.p);
	return 0;
}

static int
run_app_password(struct cli *c)
{
	struct user *u;
	const char  *pw, *uuid, *name = c->args[1];
	size_t	     n = strlen(name);
	enum ng_err  err;

	if (n == 0 || n > STORE_APPPASS_NAME_MAX)
		return cli_usage(c, "NAME must be 1 to %d bytes",
		    STORE_APPPASS_NAME_MAX);
	if (cli_store(c) != 0 || user_lookup(c, c->args[0], &u) != 0)
		return 1;
	err = admin_apppass_create(c->a, c->st, u->id, str_c(name), &pw, &uuid);
	if (err == NG_EINVAL)
		return cli_usage(c, "NAME must be 1 to %d bytes",
		    STORE_APPPASS_NAME_MAX);
	if (err == NG_ETOOBIG)
		return cli_fail(c,
		    "%s has %d application passwords already; "
		    "revoke one first",
		    c->args[0], STORE_APPPASS_PER_USER);
	if (err != NG_OK)
		return cli_fail(c, "%s", ng_strerror(err));
	fprintf(c->out, "%s\n", pw);
	fprintf(c->err,
	    "application password \"%s\" (%s) for %s: shown "
	    "only now\n",
	    name, uuid, c->args[0]);
	return 0;
}

#define PW_STDIN_HELP                                        \
	"read the password from the first line of standard " \
	"input instead of making a random one"

static const struct cli_opt pw_opt[] = {
	{ "password-stdin", NULL, PW_STDIN_HELP, 0 }, { NULL, NULL, NULL, 0 }
};

static const struct cli_opt add_opts[] = {
	{ "role", "ROLE", "administrator, editor, author or contributor", 1 },
	{ "name", "NAME", "the name shown on the site", 0 },
	{ "password-stdin", NULL, PW_STDIN_HELP, 0 }, { NULL, NULL, NULL, 0 }
};

static const struct cli_cmd user_add = {
	.name = "add",
	.summary = "add a newsroom user",
	.args = "LOGIN",
	.opts = add_opts,
	.about = "Add the user LOGIN with the role ROLE.  Without "
		 "--password-stdin a random password is made and printed once.",
	.run = run_add,
};

static const struct cli_cmd user_passwd = {
	.name = "passwd",
	.summary = "set a new password",
	.args = "LOGIN",
	.opts = pw_opt,
	.about = "Set a new password for LOGIN (a random one, printed once, "
		 "without --password-stdin) and end their sessions.",
	.run = run_passwd,
};

static const struct cli_cmd user_disable = {
	.name = "disable",
	.summary = "stop a user from signing in",
	.args = "LOGIN",
	.about = "Stop LOGIN from signing in and end their sessions; their "
		 "articles stay.",
	.run = run_disable,
};

static const struct cli_cmd user_enable = {
	.name = "enable",
	.summary = "let a disabled user sign in again",
	.args = "LOGIN",
	.run = run_enable,
};

static const struct cli_cmd user_list = {
	.name = "list",
	.summary = "list the users",
	.about = "List the users, one per line: login, role, active or "
		 "disabled, name (tab-separated).",
	.run = run_list,
};

static const struct cli_cmd user_app_password = {
	.name = "app-password",
	.summary = "make an application password for the REST API",
	.args = "LOGIN NAME",
	.about = "Print a new application password for the REST API (HTTP "
		 "Basic with LOGIN), named NAME; it is shown only this once.",
	.run = run_app_password,
};

static const struct cli_cmd user_2fa_reset = {
	.name = "2fa-reset",
	.summary = "turn a user's two-factor login off",
	.args = "LOGIN",
	.about =
	    "Turn LOGIN's two-factor login off (a lost phone) and end "
	    "their sessions; they log in with the password alone, and set it "
	    "up again (at once, if their role must use it).",
	.run = run_2fa_reset,
};

static const struct cli_cmd *const user_subs[] = { &user_add, &user_passwd,
	&user_disable, &user_enable, &user_list, &user_app_password,
	&user_2fa_reset, NULL };

const struct cli_cmd cli_cmd_user = {
	.name = "user",
	.summary = "newsroom users",
	.about =
	    "Newsroom users and their roles: administrator, editor, "
	    "author, contributor.  Changing a password or disabling a user "
	    "ends their sessions.",
	.subs = user_subs,
};
