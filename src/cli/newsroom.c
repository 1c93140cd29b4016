/*
 * newsroom.c -- `nutgraf user ...`, `nutgraf article ...` and `nutgraf
 * page ...`: the newsroom from a shell, as WP-CLI gives WordPress newsrooms.
 *
 * Articles go through article_save() like the web editor's: the same
 * validation, a revision per save, and a store write that the running
 * server's page cache notices.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin/admin.h"
#include "admin/apppass.h"
#include "admin/auth.h"
#include "admin/editor.h"
#include "cli/cli.h"
#include "cli/newsroom.h"
#include "content/article.h"
#include "content/shortcode.h"
#include "content/page.h"
#include "content/permalink.h"
#include "core/arena.h"
#include "core/config.h"
#include "routes.h"
#include "store/store.h"

#define CLI_ARENA	(64u * 1024 * 1024)
#define CLI_BODY_MAX	(1024u * 1024)

static const char usage_user[] =
    "usage: nutgraf user add LOGIN --role ROLE [--name NAME] "
    "[--password-stdin]\n"
    "       nutgraf user passwd LOGIN [--password-stdin]\n"
    "       nutgraf user disable|enable LOGIN\n"
    "       nutgraf user list\n"
    "       nutgraf user app-password LOGIN NAME\n"
    "       nutgraf user 2fa-reset LOGIN\n"
    "  (each also takes --data DIR and --config FILE)\n"
    "\n"
    "ROLE is administrator, editor, author or contributor.  Without\n"
    "--password-stdin a random password is made and printed once.\n"
    "Changing a password or disabling a user ends their sessions.\n"
    "app-password prints a new application password for the REST API\n"
    "(HTTP Basic with LOGIN), named NAME; it is shown only this once.\n"
    "2fa-reset turns LOGIN's two-factor login off (a lost phone) and\n"
    "ends their sessions; they log in with the password alone, and set\n"
    "it up again (at once, if their role must use it).\n";

static const char usage_article[] =
    "usage: nutgraf article add --title T --body-file F [--dek D]\n"
    "           [--section SLUG] [--tags a,b] [--author LOGIN]\n"
    "           [--status draft|published] [--source-name N "
    "--source-url U]\n"
    "           [--canonical-url U]\n"
    "       nutgraf article list [--status STATUS]\n"
    "       nutgraf article publish|unpublish ID\n"
    "  (each also takes --data DIR and --config FILE)\n"
    "\n"
    "add prints the new article's URL.\n";

static const char usage_settings[] =
    "usage: nutgraf settings [KEY=VALUE ...]\n"
    "  (also takes --data DIR and --config FILE)\n"
    "\n"
    "Without arguments, prints each site setting and its value (an unset\n"
    "one shows its default).  With KEY=VALUE pairs, checks them all as\n"
    "the newsroom's Settings page does and saves them only if every one\n"
    "is valid; KEY= restores the default.  Keys: title, tagline,\n"
    "timezone, comment_moderation, comment_previously_approved,\n"
    "close_comments_days_old, comment_max_links, feed_content,\n"
    "permalink.\n";

static const char usage_page[] =
    "usage: nutgraf page add --title T [--body-file F] [--slug S]\n"
    "           [--parent PATH|ID] [--status draft|published] "
    "[--order N]\n"
    "       nutgraf page list [--status STATUS]\n"
    "       nutgraf page publish|unpublish ID|PATH\n"
    "  (each also takes --data DIR and --config FILE)\n"
    "\n"
    "A page's URL is /SLUG/, or /PARENT/SLUG/ under a parent page.  Slugs\n"
    "the site's own URLs use (feed, tag, category, admin, ...) are\n"
    "refused.  add, publish and unpublish print the page's URL.\n";

const char *
admin_cli_usage(const char *cmd)
{
	if (cmd != NULL && strcmp(cmd, "page") == 0)
		return usage_page;
	if (cmd != NULL && strcmp(cmd, "article") == 0)
		return usage_article;
	if (cmd != NULL && strcmp(cmd, "settings") == 0)
		return usage_settings;
	return usage_user;
}

struct cli {
	struct store		*st;
	const struct ng_config	*cfg;
	struct arena		*a;
	FILE			*in, *out, *err;
};

static int
cli_fail(struct cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
cli_fail(struct cli *c, const char *fmt, ...)
{
	va_list	 ap;

	fputs("nutgraf: ", c->err);
	va_start(ap, fmt);
	vfprintf(c->err, fmt, ap);
	va_end(ap);
	fputc('\n', c->err);
	return 1;
}

/* One line from in, without its newline; NULL when too long or none. */
static char *
read_password(struct cli *c)
{
	char	*buf;
	size_t	 n;

	if ((buf = arena_alloc(c->a, AUTH_PASSWORD_MAX + 3)) == NULL)
		return NULL;
	if (fgets(buf, AUTH_PASSWORD_MAX + 3, c->in) == NULL)
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

/* The password to set: from stdin, or a new random one (shown). */
static int
get_password(struct cli *c, int from_stdin, char gen[AUTH_GENERATED_LEN + 1],
    const char **pw)
{
	size_t	 n;

	if (!from_stdin) {
		auth_password_generate(gen);
		*pw = gen;
		return 0;
	}
	if ((*pw = read_password(c)) == NULL)
		return cli_fail(c, "no password on standard input (or longer "
		    "than %d bytes)", AUTH_PASSWORD_MAX);
	n = strlen(*pw);
	if (n < AUTH_PASSWORD_MIN)
		return cli_fail(c, "the password must have at least %d "
		    "characters", AUTH_PASSWORD_MIN);
	return 0;
}

enum { O_ROLE = 300, O_NAME, O_PWSTDIN, O_TITLE, O_BODY, O_DEK, O_SECTION,
    O_TAGS, O_AUTHOR, O_STATUS, O_SRCNAME, O_SRCURL, O_CANON,
    O_SLUG, O_PARENT, O_ORDER };	/* pages */

static const struct option longopts[] = {
	{ "role",		required_argument, NULL, O_ROLE },
	{ "name",		required_argument, NULL, O_NAME },
	{ "password-stdin",	no_argument,	   NULL, O_PWSTDIN },
	{ "title",		required_argument, NULL, O_TITLE },
	{ "body-file",		required_argument, NULL, O_BODY },
	{ "dek",		required_argument, NULL, O_DEK },
	{ "section",		required_argument, NULL, O_SECTION },
	{ "tags",		required_argument, NULL, O_TAGS },
	{ "author",		required_argument, NULL, O_AUTHOR },
	{ "status",		required_argument, NULL, O_STATUS },
	{ "source-name",	required_argument, NULL, O_SRCNAME },
	{ "source-url",		required_argument, NULL, O_SRCURL },
	{ "canonical-url",	required_argument, NULL, O_CANON },
	{ "slug",		required_argument, NULL, O_SLUG },
	{ "parent",		required_argument, NULL, O_PARENT },
	{ "order",		required_argument, NULL, O_ORDER },
	{ NULL,			0,		   NULL, 0 }
};

struct copts {
	const char	*role, *name, *title, *body, *dek, *section, *tags;
	const char	*author, *status, *srcname, *srcurl, *canon;
	const char	*slug, *parent, *order;	/* pages */
	int		 pwstdin;
	char		**args;		/* positional arguments */
	int		 nargs;
};

/* Parse options; allowed lists the O_ codes the subcommand takes. */
static int
parse(struct cli *c, int argc, char *argv[], const int *allowed,
    struct copts *o)
{
	const char	**slot;
	int		 ch, i, ok;

	memset(o, 0, sizeof(*o));
	opterr = 0;
	optind = 0;	/* glibc: 0 also resets its permutation state */
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		for (ok = 0, i = 0; allowed[i] != 0; i++)
			if (allowed[i] == ch)
				ok = 1;
		if (!ok)
			return cli_fail(c, "%s: unknown option or missing "
			    "value: %s", argv[0], argv[optind - 1]);
		slot = NULL;
		switch (ch) {
		case O_ROLE: slot = &o->role; break;
		case O_NAME: slot = &o->name; break;
		case O_PWSTDIN: o->pwstdin = 1; break;
		case O_TITLE: slot = &o->title; break;
		case O_BODY: slot = &o->body; break;
		case O_DEK: slot = &o->dek; break;
		case O_SECTION: slot = &o->section; break;
		case O_TAGS: slot = &o->tags; break;
		case O_AUTHOR: slot = &o->author; break;
		case O_STATUS: slot = &o->status; break;
		case O_SRCNAME: slot = &o->srcname; break;
		case O_SRCURL: slot = &o->srcurl; break;
		case O_CANON: slot = &o->canon; break;
		case O_SLUG: slot = &o->slug; break;
		case O_PARENT: slot = &o->parent; break;
		case O_ORDER: slot = &o->order; break;
		default: break;
		}
		if (slot != NULL)
			*slot = optarg;
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	return 0;
}

static int
user_lookup(struct cli *c, const char *login, struct user **u)
{
	enum ng_err	 err;

	err = store_user_by_login(c->a, c->st, str_c(login), u);
	if (err == NG_ENOTFOUND)
		return cli_fail(c, "no user \"%s\"", login);
	if (err != NG_OK)
		return cli_fail(c, "cannot read users: %s", ng_strerror(err));
	return 0;
}

static int
user_add(struct cli *c, int argc, char *argv[])
{
	static const int allowed[] = { O_ROLE, O_NAME, O_PWSTDIN, 0 };
	struct copts	 o;
	enum user_role	 role;
	char		 gen[AUTH_GENERATED_LEN + 1];
	const char	*pw;
	int64_t		 id;
	enum ng_err	 err;

	if (parse(c, argc, argv, allowed, &o) != 0)
		return 2;
	if (o.nargs != 1)
		return cli_fail(c, "user add: give one LOGIN"), 2;
	if (o.role == NULL || !store_role_parse(str_c(o.role), &role))
		return cli_fail(c, "user add: --role must be administrator, "
		    "editor, author or contributor"), 2;
	if (admin_login_check(str_c(o.args[0])) != NG_OK)
		return cli_fail(c, "user add: a login is 1 to %d of the "
		    "characters A-Z a-z 0-9 . _ - @", STORE_LOGIN_MAX), 2;
	if (get_password(c, o.pwstdin, gen, &pw) != 0)
		return 1;
	err = admin_user_create(c->a, c->st, str_c(o.args[0]),
	    str_c(o.name), role, str_c(pw), &id);
	if (err == NG_ECONFLICT)
		return cli_fail(c, "user add: \"%s\" exists", o.args[0]);
	if (err != NG_OK)
		return cli_fail(c, "user add: %s", ng_strerror(err));
	fprintf(c->out, "added %s (%s)\n", o.args[0], o.role);
	if (!o.pwstdin)
		fprintf(c->out, "one-time password: %s\n", gen);
	return 0;
}

static int
user_passwd(struct cli *c, int argc, char *argv[])
{
	static const int allowed[] = { O_PWSTDIN, 0 };
	struct copts	 o;
	struct user	*u;
	char		 gen[AUTH_GENERATED_LEN + 1], hash[AUTH_HASH_MAX];
	const char	*pw;
	enum ng_err	 err;

	if (parse(c, argc, argv, allowed, &o) != 0)
		return 2;
	if (o.nargs != 1)
		return cli_fail(c, "user passwd: give one LOGIN"), 2;
	if (user_lookup(c, o.args[0], &u) != 0 ||
	    get_password(c, o.pwstdin, gen, &pw) != 0)
		return 1;
	if ((err = auth_password_hash(pw, strlen(pw), hash)) != NG_OK ||
	    (err = store_user_set_password(c->st, u->id, str_c(hash))) !=
	    NG_OK)
		return cli_fail(c, "user passwd: %s", ng_strerror(err));
	fprintf(c->out, "changed the password of %s; their sessions "
	    "ended\n", o.args[0]);
	if (!o.pwstdin)
		fprintf(c->out, "one-time password: %s\n", gen);
	return 0;
}

/* nutgraf user app-password LOGIN NAME. */
static int
user_app_password(struct cli *c, int argc, char *argv[])
{
	static const int allowed[] = { 0 };
	struct copts	 o;
	struct user	*u;
	const char	*pw, *uuid;
	enum ng_err	 err;

	if (parse(c, argc, argv, allowed, &o) != 0)
		return 2;
	if (o.nargs != 2)
		return cli_fail(c, "user app-password: give LOGIN and NAME"),
		    2;
	if (user_lookup(c, o.args[0], &u) != 0)
		return 1;
	err = admin_apppass_create(c->a, c->st, u->id, str_c(o.args[1]), &pw,
	    &uuid);
	if (err == NG_EINVAL)
		return cli_fail(c, "user app-password: NAME must be 1 to %d "
		    "bytes", STORE_APPPASS_NAME_MAX), 2;
	if (err == NG_ETOOBIG)
		return cli_fail(c, "user app-password: %s has %d application "
		    "passwords already; revoke one first", o.args[0],
		    STORE_APPPASS_PER_USER);
	if (err != NG_OK)
		return cli_fail(c, "user app-password: %s", ng_strerror(err));
	fprintf(c->out, "%s\n", pw);
	fprintf(c->err, "application password \"%s\" (%s) for %s: shown "
	    "only now\n", o.args[1], uuid, o.args[0]);
	return 0;
}

static int
user_disable(struct cli *c, int argc, char *argv[], int disable)
{
	static const int allowed[] = { 0 };
	struct copts	 o;
	struct user	*u;
	enum ng_err	 err;

	if (parse(c, argc, argv, allowed, &o) != 0)
		return 2;
	if (o.nargs != 1)
		return cli_fail(c, "user %s: give one LOGIN",
		    disable ? "disable" : "enable"), 2;
	if (user_lookup(c, o.args[0], &u) != 0)
		return 1;
	if ((err = store_user_set_disabled(c->st, u->id, disable)) != NG_OK)
		return cli_fail(c, "user: %s", ng_strerror(err));
	fprintf(c->out, "%s %s\n", disable ? "disabled" : "enabled",
	    o.args[0]);
	return 0;
}

static int
user_2fa_reset(struct cli *c, int argc, char *argv[])
{
	static const int allowed[] = { 0 };
	struct copts	 o;
	struct user	*u;
	enum ng_err	 err;

	if (parse(c, argc, argv, allowed, &o) != 0)
		return 2;
	if (o.nargs != 1)
		return cli_fail(c, "user 2fa-reset: give one LOGIN"), 2;
	if (user_lookup(c, o.args[0], &u) != 0)
		return 1;
	err = store_totp_delete(c->st, u->id);
	if (err == NG_ENOTFOUND) {
		fprintf(c->out, "%s has no two-factor login; nothing to "
		    "reset\n", o.args[0]);
		return 0;
	}
	if (err != NG_OK)
		return cli_fail(c, "user 2fa-reset: %s", ng_strerror(err));
	/* Whoever holds the lost phone may hold a session too. */
	if ((err = store_user_set_password(c->st, u->id, u->pass_hash)) !=
	    NG_OK)
		return cli_fail(c, "user 2fa-reset: sessions: %s",
		    ng_strerror(err));
	fprintf(c->out, "two-factor login of %s reset; their sessions "
	    "ended\n", o.args[0]);
	return 0;
}

static int
user_list(struct cli *c)
{
	struct user	*v;
	size_t		 i, n;
	enum ng_err	 err;

	if ((err = store_user_list(c->a, c->st, &v, &n)) != NG_OK)
		return cli_fail(c, "user list: %s", ng_strerror(err));
	for (i = 0; i < n; i++)
		fprintf(c->out, "%.*s\t%s\t%s\t%.*s\n", (int)v[i].login.n,
		    v[i].login.p, store_role_name(v[i].role),
		    v[i].disabled ? "disabled" : "active", (int)v[i].name.n,
		    v[i].name.p);
	return 0;
}

/* Read a whole file of at most CLI_BODY_MAX bytes into the arena. */
static int
read_body(struct cli *c, const char *path, struct str *out)
{
	FILE	*f;
	char	*buf;
	size_t	 n;

	if (strcmp(path, "-") == 0)
		f = c->in;
	else if ((f = fopen(path, "rb")) == NULL)
		return cli_fail(c, "cannot open %s", path);
	if ((buf = arena_alloc(c->a, CLI_BODY_MAX + 1)) == NULL) {
		if (f != c->in)
			fclose(f);
		return cli_fail(c, "out of memory");
	}
	n = fread(buf, 1, CLI_BODY_MAX + 1, f);
	if (f != c->in)
		fclose(f);
	if (n > CLI_BODY_MAX)
		return cli_fail(c, "%s is longer than %u bytes", path,
		    CLI_BODY_MAX);
	buf[n] = '\0';
	*out = (struct str){ buf, n };
	return 0;
}

/* The URL to print for an article: public when published. */
static void
print_url(struct cli *c, const struct article *art)
{
	const char	*base = c->cfg != NULL ? c->cfg->base_url : "";
	const char	*path;
	size_t		 n;

	if (base == NULL)
		base = "";
	n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	if (art->status == ARTICLE_PUBLISHED &&
	    (path = admin_article_path(c->a, c->st,
	    &(struct permalink){ .nsegs = 0 }, art->id, art->slug,
	    art->published_at)) != NULL)
		fprintf(c->out, "%.*s%s\n", (int)n, base, path);
	else
		fprintf(c->out, "%.*s/admin/articles/%lld/\n", (int)n, base,
		    (long long)art->id);
}

/*
 * The shortcodes of body that were left out, as the web editor shows
 * them ("Line 3: [toc] was left out: ..."), one per line on stderr.
 */
static void
print_sc_warnings(struct cli *c, struct str body)
{
	struct shortcode_warning	*w;
	size_t				 nw, i;

	if (shortcode_warnings(c->a, c->st, body, &w, &nw) != NG_OK)
		return;
	for (i = 0; i < nw; i++)
		fprintf(c->err, "nutgraf: warning: %.*s\n",
		    (int)w[i].message.n, w[i].message.p);
}

static int
article_add(struct cli *c, int argc, char *argv[])
{
	static const int allowed[] = { O_TITLE, O_BODY, O_DEK, O_SECTION,
	    O_TAGS, O_AUTHOR, O_STATUS, O_SRCNAME, O_SRCURL, O_CANON, 0 };
	struct copts	 o;
	struct article	 art;
	struct section	*se;
	struct user	*u;
	struct str	 tags[ARTICLE_TAGS_MAX + 1];
	const char	*why = NULL, *p, *q;
	size_t		 ntags = 0;
	int64_t		 id;
	enum ng_err	 err;

	if (parse(c, argc, argv, allowed, &o) != 0)
		return 2;
	if (o.nargs != 0)
		return cli_fail(c, "article add: unexpected \"%s\"",
		    o.args[0]), 2;
	if (o.title == NULL || o.body == NULL)
		return cli_fail(c, "article add: --title and --body-file "
		    "are required"), 2;
	memset(&art, 0, sizeof(art));
	art.title = str_c(o.title);
	art.dek = str_c(o.dek);
	art.source_name = str_c(o.srcname);
	art.source_url = str_c(o.srcurl);
	art.canonical_url = str_c(o.canon);
	art.comments_open = 1;
	if (read_body(c, o.body, &art.body_md) != 0)
		return 1;
	if (o.status == NULL || strcmp(o.status, "draft") == 0)
		art.status = ARTICLE_DRAFT;
	else if (strcmp(o.status, "published") == 0)
		art.status = ARTICLE_PUBLISHED;
	else
		return cli_fail(c, "article add: --status is draft or "
		    "published"), 2;
	if (o.section != NULL) {
		err = store_section_by_slug(c->a, c->st, str_c(o.section),
		    &se);
		if (err != NG_OK)
			return cli_fail(c, "article add: no section \"%s\"",
			    o.section);
		art.section_id = se->id;
	}
	if (o.author != NULL) {
		if (user_lookup(c, o.author, &u) != 0)
			return 1;
		art.author_id = u->author_id;
	}
	for (p = o.tags; p != NULL && *p != '\0' && ntags <=
	    ARTICLE_TAGS_MAX; p = *q == ',' ? q + 1 : q) {
		for (q = p; *q != '\0' && *q != ','; q++)
			continue;
		while (p < q && *p == ' ')
			p++;
		if (q > p)
			tags[ntags++] = (struct str){ p, (size_t)(q - p) };
	}
	if (ntags > ARTICLE_TAGS_MAX)
		return cli_fail(c, "article add: too many tags");
	if (article_check(&art, tags, ntags, &why) != NG_OK)
		return cli_fail(c, "article add: %s", why);
	err = admin_save_unique(c->a, c->st, &art, tags, ntags, 1, &id);
	if (err == NG_ECONFLICT)
		return cli_fail(c, "article add: the slug \"%.*s\" is taken",
		    (int)art.slug.n, art.slug.p);
	if (err != NG_OK)
		return cli_fail(c, "article add: %s", ng_strerror(err));
	art.id = id;
	print_url(c, &art);
	print_sc_warnings(c, art.body_md);
	return 0;
}

static const char *const status_names[ARTICLE__MAX] = {
	"draft", "pending", "scheduled", "published", "trashed",
};

static int
article_list(struct cli *c, int argc, char *argv[])
{
	static const int allowed[] = { O_STATUS, 0 };
	struct copts			 o;
	struct article_admin_query	 q;
	struct article_list		 l;
	size_t				 i;
	int				 s;
	enum ng_err			 err;

	if (parse(c, argc, argv, allowed, &o) != 0)
		return 2;
	memset(&q, 0, sizeof(q));
	q.status = -1;
	for (s = 0; o.status != NULL && s < ARTICLE__MAX; s++)
		if (strcmp(o.status, status_names[s]) == 0)
			q.status = s;
	if (o.status != NULL && q.status < 0)
		return cli_fail(c, "article list: unknown status \"%s\"",
		    o.status), 2;
	q.search = STR_LIT("");
	q.limit = STORE_LIST_MAX;
	do {
		if ((err = store_article_admin_list(c->a, c->st, &q, &l)) !=
		    NG_OK)
			return cli_fail(c, "article list: %s",
			    ng_strerror(err));
		for (i = 0; i < l.n; i++)
			fprintf(c->out, "%lld\t%s\t%.*s\t%.*s\n",
			    (long long)l.v[i].id, status_names[l.v[i].status],
			    (int)l.v[i].slug.n, l.v[i].slug.p,
			    (int)l.v[i].title.n, l.v[i].title.p);
		q.offset += l.n;
	} while (l.n > 0 && q.offset < l.total);
	return 0;
}

static int
article_status(struct cli *c, int argc, char *argv[], int publish)
{
	static const int allowed[] = { 0 };
	struct copts	 o;
	struct article	*art;
	struct str	 tags[STORE_TAGS_MAX];
	size_t		 i;
	int64_t		 id;
	enum ng_err	 err;

	if (parse(c, argc, argv, allowed, &o) != 0)
		return 2;
	if (o.nargs != 1 || (id = admin_parse_id(str_c(o.args[0]))) == 0)
		return cli_fail(c, "article %s: give one article ID",
		    publish ? "publish" : "unpublish"), 2;
	if ((err = store_article_by_id(c->a, c->st, id, &art)) != NG_OK)
		return cli_fail(c, "article %lld: %s", (long long)id,
		    err == NG_ENOTFOUND ? "no such article" :
		    ng_strerror(err));
	if (publish) {
		if (art->status != ARTICLE_PUBLISHED ||
		    art->published_at == 0)
			art->published_at = (int64_t)time(NULL);
		art->status = ARTICLE_PUBLISHED;
	} else
		art->status = ARTICLE_DRAFT;
	art->updated_at = (int64_t)time(NULL);
	for (i = 0; i < art->ntags && i < STORE_TAGS_MAX; i++)
		tags[i] = art->tags[i].name;
	if ((err = article_save(c->a, c->st, art, tags, i, &id)) != NG_OK)
		return cli_fail(c, "article %lld: %s", (long long)art->id,
		    ng_strerror(err));
	print_url(c, art);
	return 0;
}

/* --- pages --- */

/* The page an argument names: a number is an id, else a path. */
static int
page_lookup(struct cli *c, const char *arg, struct page **p)
{
	struct str	 path = str_c(arg);
	int64_t		 id;
	enum ng_err	 err;

	if ((id = admin_parse_id(path)) != 0)
		err = store_page_by_id(c->a, c->st, id, p);
	else {
		while (path.n > 0 && path.p[0] == '/') {
			path.p++;
			path.n--;
		}
		while (path.n > 0 && path.p[path.n - 1] == '/')
			path.n--;
		err = admin_page_by_path(c->a, c->st, path, p);
	}
	if (err == NG_ENOTFOUND)
		return cli_fail(c, "no page \"%s\"", arg);
	if (err != NG_OK)
		return cli_fail(c, "cannot read pages: %s", ng_strerror(err));
	return 0;
}

static void
print_page_url(struct cli *c, const struct page *p)
{
	const char	*base = c->cfg != NULL && c->cfg->base_url != NULL ?
	    c->cfg->base_url : "";
	size_t		 n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	if (p->status == PAGE_PUBLISHED)
		fprintf(c->out, "%.*s/%.*s/\n", (int)n, base,
		    (int)p->path.n, p->path.p);
	else
		fprintf(c->out, "%.*s/admin/pages/%lld/\n", (int)n, base,
		    (long long)p->id);
}

static int
page_add(struct cli *c, int argc, char *argv[])
{
	static const int allowed[] = { O_TITLE, O_BODY, O_SLUG, O_PARENT,
	    O_STATUS, O_ORDER, 0 };
	struct copts	 o;
	struct page	 p, *parent, *got;
	const char	*why = NULL;
	char		*end;
	long		 order;
	int64_t		 id;
	enum ng_err	 err;

	if (parse(c, argc, argv, allowed, &o) != 0)
		return 2;
	if (o.nargs != 0)
		return cli_fail(c, "page add: unexpected \"%s\"", o.args[0]), 2;
	if (o.title == NULL)
		return cli_fail(c, "page add: --title is required"), 2;
	memset(&p, 0, sizeof(p));
	p.title = str_c(o.title);
	p.slug = str_c(o.slug);
	if (o.body != NULL && read_body(c, o.body, &p.body_src) != 0)
		return 1;
	if (o.status == NULL || strcmp(o.status, "draft") == 0)
		p.status = PAGE_DRAFT;
	else if (strcmp(o.status, "published") == 0)
		p.status = PAGE_PUBLISHED;
	else
		return cli_fail(c, "page add: --status is draft or "
		    "published"), 2;
	if (o.order != NULL) {
		order = strtol(o.order, &end, 10);
		if (*o.order == '\0' || *end != '\0' || order < -1000000 ||
		    order > 1000000)
			return cli_fail(c, "page add: --order is a number"), 2;
		p.menu_order = (int)order;
	}
	if (o.parent != NULL) {
		if (page_lookup(c, o.parent, &parent) != 0)
			return 1;
		p.parent_id = parent->id;
	}
	err = page_save(c->a, c->st, &p, routes_segment_taken, 0, &id, &why);
	if (err != NG_OK)
		return cli_fail(c, "page add: %s", why != NULL ? why :
		    ng_strerror(err));
	if (store_page_by_id(c->a, c->st, id, &got) != NG_OK)
		return cli_fail(c, "page add: saved, but cannot read it back");
	print_page_url(c, got);
	return 0;
}

static int
page_list(struct cli *c, int argc, char *argv[])
{
	static const int allowed[] = { O_STATUS, 0 };
	struct copts	 o;
	struct page	*v;
	enum page_status ps;
	size_t		 i, n;
	int		 status = -1;
	enum ng_err	 err;

	if (parse(c, argc, argv, allowed, &o) != 0)
		return 2;
	if (o.status != NULL) {
		if (!store_page_status_parse(str_c(o.status), &ps))
			return cli_fail(c, "page list: unknown status \"%s\"",
			    o.status), 2;
		status = (int)ps;
	}
	if ((err = store_page_list(c->a, c->st, status, &v, &n)) != NG_OK)
		return cli_fail(c, "page list: %s", ng_strerror(err));
	for (i = 0; i < n; i++)
		fprintf(c->out, "%lld\t%s\t/%.*s/\t%.*s\n",
		    (long long)v[i].id, store_page_status_name(v[i].status),
		    (int)v[i].path.n, v[i].path.p, (int)v[i].title.n,
		    v[i].title.p);
	return 0;
}

static int
page_status(struct cli *c, int argc, char *argv[], int publish)
{
	static const int allowed[] = { 0 };
	struct copts	 o;
	struct page	*p;
	enum ng_err	 err;

	if (parse(c, argc, argv, allowed, &o) != 0)
		return 2;
	if (o.nargs != 1)
		return cli_fail(c, "page %s: give one page ID or path",
		    publish ? "publish" : "unpublish"), 2;
	if (page_lookup(c, o.args[0], &p) != 0)
		return 1;
	if ((err = store_page_set_status(c->st, p->id, publish ?
	    PAGE_PUBLISHED : PAGE_DRAFT)) != NG_OK)
		return cli_fail(c, "page %lld: %s", (long long)p->id,
		    ng_strerror(err));
	if (store_page_by_id(c->a, c->st, p->id, &p) != NG_OK)
		return cli_fail(c, "page: cannot read it back");
	print_page_url(c, p);
	return 0;
}

int
admin_cli(struct store *st, const struct ng_config *cfg, const char *cmd,
    int argc, char *argv[], FILE *in, FILE *out, FILE *errf)
{
	struct cli	 c;
	const char	*sub = argc > 0 ? argv[0] : "";
	int		 rc;

	memset(&c, 0, sizeof(c));
	c.st = st;
	c.cfg = cfg;
	c.in = in;
	c.out = out;
	c.err = errf;
	if (auth_init() != NG_OK)
		return cli_fail(&c, "cannot initialise libsodium");
	c.a = arena_new(CLI_ARENA);
	if (strcmp(cmd, "settings") == 0) {
		rc = admin_settings_cli(st, c.a, argc, argv, out, errf);
		if (rc == 2)
			fputs(usage_settings, errf);
	} else if (strcmp(cmd, "user") == 0) {
		if (strcmp(sub, "add") == 0)
			rc = user_add(&c, argc, argv);
		else if (strcmp(sub, "passwd") == 0)
			rc = user_passwd(&c, argc, argv);
		else if (strcmp(sub, "disable") == 0)
			rc = user_disable(&c, argc, argv, 1);
		else if (strcmp(sub, "enable") == 0)
			rc = user_disable(&c, argc, argv, 0);
		else if (strcmp(sub, "list") == 0)
			rc = user_list(&c);
		else if (strcmp(sub, "app-password") == 0)
			rc = user_app_password(&c, argc, argv);
		else if (strcmp(sub, "2fa-reset") == 0)
			rc = user_2fa_reset(&c, argc, argv);
		else {
			fputs(usage_user, errf);
			rc = 2;
		}
	} else if (strcmp(cmd, "page") == 0) {
		if (strcmp(sub, "add") == 0)
			rc = page_add(&c, argc, argv);
		else if (strcmp(sub, "list") == 0)
			rc = page_list(&c, argc, argv);
		else if (strcmp(sub, "publish") == 0)
			rc = page_status(&c, argc, argv, 1);
		else if (strcmp(sub, "unpublish") == 0)
			rc = page_status(&c, argc, argv, 0);
		else {
			fputs(usage_page, errf);
			rc = 2;
		}
	} else {
		if (strcmp(sub, "add") == 0)
			rc = article_add(&c, argc, argv);
		else if (strcmp(sub, "list") == 0)
			rc = article_list(&c, argc, argv);
		else if (strcmp(sub, "publish") == 0)
			rc = article_status(&c, argc, argv, 1);
		else if (strcmp(sub, "unpublish") == 0)
			rc = article_status(&c, argc, argv, 0);
		else {
			fputs(usage_article, errf);
			rc = 2;
		}
	}
	arena_free(c.a);
	return rc;
}

/*
 * nutgraf user|article|settings ... [--data DIR] [--config FILE]: the
 * store options may come anywhere; everything else is admin_cli()'s.
 */
int
cmd_newsroom(int argc, char *argv[])
{
	struct cli_opts		 o;
	struct ng_config	 cfg;
	struct store		*st = NULL;
	char			*sopt[6] = { argv[0] }, **rest;
	int			 k, ns = 1, nr = 0, rc = 1;

	rest = calloc((size_t)argc + 1, sizeof(*rest));
	if (rest == NULL)
		return cli_warn("out of memory");
	for (k = 1; k < argc; k++) {
		if ((strcmp(argv[k], "--data") == 0 ||
		    strcmp(argv[k], "--db") == 0 ||
		    strcmp(argv[k], "--config") == 0) && k + 1 < argc &&
		    ns < 5) {
			sopt[ns++] = argv[k++];
			sopt[ns++] = argv[k];
		} else
			rest[nr++] = argv[k];
	}
	/* "nutgraf settings" alone lists them; the others need more. */
	if ((nr == 0 && strcmp(argv[0], "settings") != 0) || (nr > 0 &&
	    (strcmp(rest[0], "--help") == 0 || strcmp(rest[0], "-h") == 0))) {
		fputs(admin_cli_usage(argv[0]), nr == 0 ? stderr : stdout);
		free(rest);
		return nr == 0 ? 2 : 0;
	}
	if (cli_parse_opts(ns, sopt, "dc", &o) != 0) {
		free(rest);
		return 2;
	}
	if (cli_load_config(&cfg, &o) != 0)
		goto out;
	if (cli_open_store(&cfg, &st) != 0)
		goto out;
	rc = admin_cli(st, &cfg, argv[0], nr, rest, stdin, stdout, stderr);
out:
	if (st != NULL)
		store_close(st);
	config_free(&cfg);
	free(rest);
	return rc;
}
