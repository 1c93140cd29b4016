/*
 * comments.c -- `nutgraf comments ...` (see comments.h).
 *
 * Output is meant for people and for scripts alike: list prints one
 * comment per line as tab-separated fields, with every text field
 * flattened (white space and control characters become one space) so a
 * hostile comment cannot forge lines or columns in a moderator's
 * terminal.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/comments.h"
#include "content/comment.h"
#include "core/arena.h"
#include "core/config.h"
#include "store/store.h"

#define CLI_ARENA_MAX	(64 * 1024 * 1024)

static const char usage[] =
    "usage: nutgraf comments [--data DIR] [--config FILE] COMMAND\n"
    "\n"
    "commands:\n"
    "  list [--status S] [--limit N] [--offset N]\n"
    "                   comments, newest first; S is pending, approved,\n"
    "                   spam, trash or all (default all); one per line:\n"
    "                   id, status, date, article, parent, author, email,\n"
    "                   ip, text\n"
    "  show ID          one comment in full\n"
    "  approve ID...    publish comments\n"
    "  unapprove ID...  hold comments for moderation again\n"
    "  spam ID...       mark comments as spam\n"
    "  trash ID...      move comments to the trash\n"
    "  delete ID...     delete comments for good (replies stay)\n"
    "  counts           comments per status\n"
    "  settings [KEY[=VALUE]...]\n"
    "                   show the comment settings, or set them\n"
    "                   (KEY= restores the default)\n";

const char *
comment_cli_usage(void)
{
	return usage;
}

/* A positive decimal id, or 0. */
static int64_t
parse_id(const char *s)
{
	char		*end;
	long long	 v;

	if (s == NULL || *s < '1' || *s > '9')
		return 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v <= 0)
		return 0;
	return (int64_t)v;
}

static int
parse_size(const char *s, size_t *out)
{
	char		*end;
	long long	 v;

	if (s == NULL || *s < '0' || *s > '9')
		return 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v < 0)
		return 0;
	*out = (size_t)v;
	return 1;
}

static void
put_date(FILE *out, int64_t t)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;
	char		 buf[32];

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, sizeof(buf), "%lld", (long long)t);
	fputs(buf, out);
}

/* A text field on one line, at most max bytes. */
static void
put_flat(struct arena *a, FILE *out, struct str s, size_t max)
{
	struct str	 e = comment_excerpt(a, s, max);

	fwrite(e.p, 1, e.n, out);
}

static int
cmd_list(struct store *st, struct arena *a, int argc, char *argv[],
    FILE *out, FILE *err)
{
	struct comment_list	 l;
	struct comment		*c;
	enum comment_status	 status = COMMENT__MAX;
	size_t			 limit = 50, offset = 0, i;
	int			 k;

	for (k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--status") == 0 && k + 1 < argc) {
			k++;
			if (strcmp(argv[k], "all") != 0 &&
			    !store_comment_status_parse(str_c(argv[k]),
			    &status)) {
				fprintf(err, "nutgraf: comments: unknown status "
				    "\"%s\"\n", argv[k]);
				return 2;
			}
		} else if (strcmp(argv[k], "--limit") == 0 && k + 1 < argc) {
			if (!parse_size(argv[++k], &limit) || limit == 0 ||
			    limit > STORE_LIST_MAX) {
				fprintf(err, "nutgraf: comments: --limit must "
				    "be 1 to %d\n", STORE_LIST_MAX);
				return 2;
			}
		} else if (strcmp(argv[k], "--offset") == 0 && k + 1 < argc) {
			if (!parse_size(argv[++k], &offset)) {
				fprintf(err, "nutgraf: comments: bad --offset\n");
				return 2;
			}
		} else {
			fprintf(err, "nutgraf: comments: list: unexpected "
			    "\"%s\"\n", argv[k]);
			return 2;
		}
	}
	if (store_comment_list(a, st, status, offset, limit, &l) != NG_OK) {
		fprintf(err, "nutgraf: comments: cannot read the comments\n");
		return 1;
	}
	for (i = 0; i < l.n; i++) {
		c = &l.v[i];
		fprintf(out, "%lld\t%s\t", (long long)c->id,
		    store_comment_status_name(c->status));
		put_date(out, c->created_at);
		fputc('\t', out);
		put_flat(a, out, c->article_slug, 80);
		fprintf(out, "\t%lld\t", (long long)c->parent_id);
		put_flat(a, out, c->author, 60);
		fputc('\t', out);
		put_flat(a, out, c->email, 100);
		fputc('\t', out);
		put_flat(a, out, c->ip, 64);
		fputc('\t', out);
		put_flat(a, out, c->body, 100);
		fputc('\n', out);
	}
	fprintf(out, "# %zu of %zu\n", l.n, l.total);
	return 0;
}

static int
cmd_show(struct store *st, struct arena *a, int argc, char *argv[],
    FILE *out, FILE *err)
{
	struct comment	*c;
	enum ng_err	 e;
	int64_t		 id;
	size_t		 i;
	int		 ch;

	if (argc != 2 || (id = parse_id(argv[1])) == 0) {
		fprintf(err, "nutgraf: comments: show takes one comment id\n");
		return 2;
	}
	if ((e = store_comment_get(a, st, id, &c)) != NG_OK) {
		fprintf(err, "nutgraf: comments: comment %lld: %s\n",
		    (long long)id, e == NG_ENOTFOUND ? "no such comment" :
		    ng_strerror(e));
		return 1;
	}
	fprintf(out, "id: %lld\nstatus: %s\ndate: ", (long long)c->id,
	    store_comment_status_name(c->status));
	put_date(out, c->created_at);
	fputs("\narticle: ", out);
	put_flat(a, out, c->article_title, 300);
	fprintf(out, " (id %lld, ", (long long)c->article_id);
	put_flat(a, out, c->article_slug, 300);
	fprintf(out, ")\nparent: %lld\ndepth: %d\nauthor: ",
	    (long long)c->parent_id, c->depth);
	put_flat(a, out, c->author, 1024);
	fputs("\nemail: ", out);
	put_flat(a, out, c->email, 400);
	fputs("\nwebsite: ", out);
	put_flat(a, out, c->url, 800);
	fputs("\nip: ", out);
	put_flat(a, out, c->ip, 64);
	fputs("\nuser agent: ", out);
	put_flat(a, out, c->user_agent, 512);
	fputs("\nlinks: ", out);
	fprintf(out, "%zu\n\n", comment_count_links(c->body));
	/*
	 * The text as written, lines kept (it is what a moderator judges),
	 * other control characters shown as spaces so that no escape
	 * sequence reaches the terminal.
	 */
	for (i = 0; i < c->body.n; i++) {
		ch = (unsigned char)c->body.p[i];
		fputc(ch == '\n' || (ch >= 0x20 && ch != 0x7f) ? ch : ' ', out);
	}
	fputc('\n', out);
	return 0;
}

static int
cmd_status(struct store *st, int argc, char *argv[], FILE *out, FILE *err,
    int del, enum comment_status status)
{
	enum ng_err	 e;
	int64_t		 id;
	int		 k, rc = 0;

	if (argc < 2) {
		fprintf(err, "nutgraf: comments: %s needs comment ids\n",
		    argv[0]);
		return 2;
	}
	for (k = 1; k < argc; k++)
		if (parse_id(argv[k]) == 0) {
			fprintf(err, "nutgraf: comments: \"%s\" is not a "
			    "comment id\n", argv[k]);
			return 2;
		}
	for (k = 1; k < argc; k++) {
		id = parse_id(argv[k]);
		e = del ? store_comment_delete(st, id) :
		    store_comment_set_status(st, id, status);
		if (e != NG_OK) {
			fprintf(err, "nutgraf: comments: comment %lld: %s\n",
			    (long long)id, e == NG_ENOTFOUND ?
			    "no such comment" : ng_strerror(e));
			rc = 1;
			continue;
		}
		fprintf(out, "comment %lld: %s\n", (long long)id, del ?
		    "deleted" : store_comment_status_name(status));
	}
	return rc;
}

static int
cmd_counts(struct store *st, FILE *out, FILE *err)
{
	struct comment_counts	 cc;
	size_t			 i;

	if (store_comment_counts(st, &cc) != NG_OK) {
		fprintf(err, "nutgraf: comments: cannot count comments\n");
		return 1;
	}
	for (i = 0; i < COMMENT__MAX; i++)
		fprintf(out, "%s\t%zu\n",
		    store_comment_status_name((enum comment_status)i), cc.n[i]);
	return 0;
}

static int
cmd_settings(struct store *st, struct arena *a, int argc, char *argv[],
    FILE *out, FILE *err)
{
	struct str		 vals[COMMENT_SET__MAX], key, val;
	const char		*why, *eq;
	char			 k_buf[STORE_KEY_MAX + 1];
	size_t			 i;
	int			 k, rc = 0;

	for (k = 1; k < argc; k++) {
		if ((eq = strchr(argv[k], '=')) == NULL) {
			fprintf(err, "nutgraf: comments: settings: expected "
			    "KEY=VALUE, not \"%s\"\n", argv[k]);
			return 2;
		}
		key = (struct str){ argv[k], (size_t)(eq - argv[k]) };
		val = str_c(eq + 1);
		if (comment_setting_check(key, val, &why) != NG_OK) {
			fprintf(err, "nutgraf: comments: %.*s: %s\n",
			    (int)key.n, key.p, why);
			return 2;
		}
	}
	for (k = 1; k < argc; k++) {
		eq = strchr(argv[k], '=');
		snprintf(k_buf, sizeof(k_buf), "%.*s", (int)(eq - argv[k]),
		    argv[k]);
		if (store_setting_set(st, k_buf, str_c(eq + 1)) != NG_OK) {
			fprintf(err, "nutgraf: comments: cannot set %s\n",
			    k_buf);
			rc = 1;
		}
	}
	if (store_setting_get_many(a, st, comment_setting_keys,
	    COMMENT_SET__MAX, vals) != NG_OK) {
		fprintf(err, "nutgraf: comments: cannot read the settings\n");
		return 1;
	}
	for (i = 0; i < COMMENT_SET__MAX; i++) {
		fprintf(out, "%s = ", comment_setting_keys[i]);
		if (vals[i].n == 0) {
			fputs("(default)\n", out);
			continue;
		}
		/* Lists keep their lines; show them escaped on one line. */
		for (k = 0; (size_t)k < vals[i].n; k++) {
			if (vals[i].p[k] == '\n')
				fputs("\\n", out);
			else if ((unsigned char)vals[i].p[k] < 0x20)
				fputc(' ', out);
			else
				fputc(vals[i].p[k], out);
		}
		fputc('\n', out);
	}
	return rc;
}

int
comment_cli(struct store *st, int argc, char *argv[], FILE *out, FILE *err)
{
	static const struct {
		const char		*name;
		enum comment_status	 status;
	} moves[] = {
		{ "approve", COMMENT_APPROVED },
		{ "unapprove", COMMENT_PENDING },
		{ "spam", COMMENT_SPAM },
		{ "trash", COMMENT_TRASH },
	};
	struct arena	*a;
	size_t		 i;
	int		 rc = 2;

	if (argc < 1)
		return 2;
	a = arena_new(CLI_ARENA_MAX);
	for (i = 0; i < sizeof(moves) / sizeof(moves[0]); i++)
		if (strcmp(argv[0], moves[i].name) == 0) {
			rc = cmd_status(st, argc, argv, out, err, 0,
			    moves[i].status);
			goto done;
		}
	if (strcmp(argv[0], "list") == 0)
		rc = cmd_list(st, a, argc, argv, out, err);
	else if (strcmp(argv[0], "show") == 0)
		rc = cmd_show(st, a, argc, argv, out, err);
	else if (strcmp(argv[0], "delete") == 0)
		rc = cmd_status(st, argc, argv, out, err, 1, COMMENT_TRASH);
	else if (strcmp(argv[0], "counts") == 0 && argc == 1)
		rc = cmd_counts(st, out, err);
	else if (strcmp(argv[0], "settings") == 0)
		rc = cmd_settings(st, a, argc, argv, out, err);
	else
		fprintf(err, "nutgraf: comments: unknown command \"%s\" "
		    "(try nutgraf comments --help)\n", argv[0]);
done:
	arena_free(a);
	return rc;
}

/*
 * nutgraf comments [--data DIR] [--config FILE] SUBCOMMAND ...: the
 * options before the subcommand open the store; the rest is
 * comment_cli()'s.
 */
int
cmd_comments(int argc, char *argv[])
{
	struct cli_opts		 o;
	struct ng_config	 cfg;
	struct store		*st = NULL;
	int			 k, rc = 1;

	for (k = 1; k < argc && argv[k][0] == '-'; k++)
		if ((strcmp(argv[k], "--data") == 0 ||
		    strcmp(argv[k], "--db") == 0 ||
		    strcmp(argv[k], "--config") == 0) && k + 1 < argc)
			k++;
	if (cli_parse_opts(k, argv, "dc", &o) != 0)
		return 2;
	if (o.help || k == argc) {
		fputs(comment_cli_usage(), o.help ? stdout : stderr);
		return o.help ? 0 : 2;
	}
	if (cli_load_config(&cfg, &o) != 0)
		goto out;
	if (cli_open_store(&cfg, &st) != 0)
		goto out;
	rc = comment_cli(st, argc - k, argv + k, stdout, stderr);
out:
	if (st != NULL)
		store_close(st);
	config_free(&cfg);
	return rc;
}
