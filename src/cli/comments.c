/*
 * comments.c -- `nutgraf comments ...`: moderation from a shell, besides
 * the newsroom's moderation queue.
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
#include "content/comment.h"
#include "core/arena.h"
#include "store/store.h"

static int
parse_size(const char *s, size_t *out)
{
	char	 *end;
	long long v;

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
	struct tm tm;
	time_t	  tt = (time_t)t;
	char	  buf[32];

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, sizeof(buf), "%lld", (long long)t);
	fputs(buf, out);
}

/* A text field on one line, at most max bytes. */
static void
put_flat(struct arena *a, FILE *out, struct str s, size_t max)
{
	struct str e = comment_excerpt(a, s, max);

	fwrite(e.p, 1, e.n, out);
}

static int
run_list(struct cli *c)
{
	struct comment_list l;
	struct comment	   *cm;
	enum comment_status status = COMMENT__MAX;
	const char	   *s = cli_get(c, "status");
	size_t		    limit = 50, offset = 0, i;

	if (s != NULL && strcmp(s, "all") != 0 &&
	    !store_comment_status_parse(str_c(s), &status))
		return cli_usage(c, "unknown status \"%s\"", s);
	if ((s = cli_get(c, "limit")) != NULL &&
	    (!parse_size(s, &limit) || limit == 0 || limit > STORE_LIST_MAX))
		return cli_usage(c, "--limit must be 1 to %d", STORE_LIST_MAX);
	if ((s = cli_get(c, "offset")) != NULL && !parse_size(s, &offset))
		return cli_usage(c, "--offset must be a number");
	if (cli_store(c) != 0)
		return 1;
	if (store_comment_list(c->a, c->st, status, offset, limit, &l) != NG_OK)
		return cli_fail(c, "cannot read the comments");
	for (i = 0; i < l.n; i++) {
		cm = &l.v[i];
		fprintf(c->out, "%lld\t%s\t", (long long)cm->id,
		    store_comment_status_name(cm->status));
		put_date(c->out, cm->created_at);
		fputc('\t', c->out);
		put_flat(c->a, c->out, cm->article_slug, 80);
		fprintf(c->out, "\t%lld\t", (long long)cm->parent_id);
		put_flat(c->a, c->out, cm->author, 60);
		fputc('\t', c->out);
		put_flat(c->a, c->out, cm->email, 100);
		fputc('\t', c->out);
		put_flat(c->a, c->out, cm->ip, 64);
		fputc('\t', c->out);
		put_flat(c->a, c->out, cm->body, 100);
		fputc('\n', c->out);
	}
	fprintf(c->out, "# %zu of %zu\n", l.n, l.total);
	return 0;
}

static int
run_show(struct cli *c)
{
	struct comment *cm;
	struct arena   *a;
	FILE	       *out = c->out;
	enum ng_err	e;
	int64_t		id;
	size_t		i;
	int		ch;

	if ((id = cli_id(c->args[0])) == 0)
		return cli_usage(c, "\"%s\" is not a comment id", c->args[0]);
	if (cli_store(c) != 0)
		return 1;
	a = c->a;
	if ((e = store_comment_get(a, c->st, id, &cm)) != NG_OK)
		return cli_fail(c, "comment %lld: %s", (long long)id,
		    e == NG_ENOTFOUND ? "no such comment" : ng_strerror(e));
	fprintf(out, "id: %lld\nstatus: %s\ndate: ", (long long)cm->id,
	    store_comment_status_name(cm->status));
	put_date(out, cm->created_at);
	fputs("\narticle: ", out);
	put_flat(a, out, cm->article_title, 300);
	fprintf(out, " (id %lld, ", (long long)cm->article_id);
	put_flat(a, out, cm->article_slug, 300);
	fprintf(out,
	    ")\nparent: %lld\ndepth: %d\nauthor: ", (long long)cm->parent_id,
	    cm->depth);
	put_flat(a, out, cm->author, 1024);
	fputs("\nemail: ", out);
	put_flat(a, out, cm->email, 400);
	fputs("\nwebsite: ", out);
	put_flat(a, out, cm->url, 800);
	fputs("\nip: ", out);
	put_flat(a, out, cm->ip, 64);
	fputs("\nuser agent: ", out);
	put_flat(a, out, cm->user_agent, 512);
	fputs("\nlinks: ", out);
	fprintf(out, "%zu\n\n", comment_count_links(cm->body));
	/*
	 * The text as written, lines kept (it is what a moderator judges),
	 * other control characters shown as spaces so that no escape
	 * sequence reaches the terminal.
	 */
	for (i = 0; i < cm->body.n; i++) {
		ch = (unsigned char)cm->body.p[i];
		fputc(ch == '\n' || (ch >= 0x20 && ch != 0x7f) ? ch : ' ', out);
	}
	fputc('\n', out);
	return 0;
}

/* approve, unapprove, spam, trash (status) or delete (del) ID... */
static int
set_status(struct cli *c, int del, enum comment_status status)
{
	struct comment *cm;
	enum ng_err	e;
	int64_t		id;
	int		k, rc = 0;

	for (k = 0; k < c->nargs; k++)
		if (cli_id(c->args[k]) == 0)
			return cli_usage(c, "\"%s\" is not a comment id",
			    c->args[k]);
	if (cli_store(c) != 0)
		return 1;
	/*
	 * Every id is looked up before any is changed: one that does not
	 * exist changes none (all or none, as the command line promises).
	 */
	for (k = 0; k < c->nargs; k++) {
		id = cli_id(c->args[k]);
		if ((e = store_comment_get(c->a, c->st, id, &cm)) != NG_OK)
			rc = cli_fail(c, "comment %lld: %s", (long long)id,
			    e == NG_ENOTFOUND ? "no such comment" :
						ng_strerror(e));
	}
	if (rc != 0 && c->nargs > 1)
		return cli_fail(c, "nothing was changed");
	if (rc != 0)
		return rc;
	for (k = 0; k < c->nargs; k++) {
		id = cli_id(c->args[k]);
		e = del ? store_comment_delete(c->st, id) :
			  store_comment_set_status(c->st, id, status);
		if (e != NG_OK) {
			rc = cli_fail(c, "comment %lld: %s", (long long)id,
			    e == NG_ENOTFOUND ? "no such comment" :
						ng_strerror(e));
			continue;
		}
		fprintf(c->out, "comment %lld: %s\n", (long long)id,
		    del ? "deleted" : store_comment_status_name(status));
	}
	return rc;
}

static int
run_approve(struct cli *c)
{
	return set_status(c, 0, COMMENT_APPROVED);
}

static int
run_unapprove(struct cli *c)
{
	return set_status(c, 0, COMMENT_PENDING);
}

static int
run_spam(struct cli *c)
{
	return set_status(c, 0, COMMENT_SPAM);
}

static int
run_trash(struct cli *c)
{
	return set_status(c, 0, COMMENT_TRASH);
}

static int
run_delete(struct cli *c)
{
	return set_status(c, 1, COMMENT_TRASH);
}

static int
run_counts(struct cli *c)
{
	struct comment_counts cc;
	size_t		      i;

	if (cli_store(c) != 0)
		return 1;
	if (store_comment_counts(c->st, &cc) != NG_OK)
		return cli_fail(c, "cannot count comments");
	for (i = 0; i < COMMENT__MAX; i++)
		fprintf(c->out, "%s\t%zu\n",
		    store_comment_status_name((enum comment_status)i), cc.n[i]);
	return 0;
}

static int
run_settings(struct cli *c)
{
	struct str  vals[COMMENT_SET__MAX], key;
	const char *why, *eq;
	char	    k_buf[STORE_KEY_MAX + 1];
	size_t	    i, j;
	int	    k, rc = 0;

	for (k = 0; k < c->nargs; k++) {
		if ((eq = strchr(c->args[k], '=')) == NULL)
			return cli_usage(c, "expected KEY=VALUE, not \"%s\"",
			    c->args[k]);
		key = (struct str){ c->args[k], (size_t)(eq - c->args[k]) };
		if (comment_setting_check(key, str_c(eq + 1), &why) != NG_OK)
			return cli_usage(c, "%.*s: %s", (int)key.n, key.p, why);
	}
	if ((c->nargs > 0 ? cli_store_create(c) : cli_store(c)) != 0)
		return 1;
	for (k = 0; k < c->nargs; k++) {
		eq = strchr(c->args[k], '=');
		snprintf(k_buf, sizeof(k_buf), "%.*s", (int)(eq - c->args[k]),
		    c->args[k]);
		if (store_setting_set(c->st, k_buf, str_c(eq + 1)) != NG_OK)
			rc = cli_fail(c, "cannot set %s", k_buf);
	}
	if (store_setting_get_many(c->a, c->st, comment_setting_keys,
		COMMENT_SET__MAX, vals) != NG_OK)
		return cli_fail(c, "cannot read the settings");
	for (i = 0; i < COMMENT_SET__MAX; i++) {
		fprintf(c->out, "%s = ", comment_setting_keys[i]);
		if (vals[i].n == 0) {
			fputs("(default)\n", c->out);
			continue;
		}
		/* Lists keep their lines; show them escaped on one line. */
		for (j = 0; j < vals[i].n; j++) {
			if (vals[i].p[j] == '\n')
				fputs("\\n", c->out);
			else if ((unsigned char)vals[i].p[j] < 0x20)
				fputc(' ', c->out);
			else
				fputc(vals[i].p[j], c->out);
		}
		fputc('\n', c->out);
	}
	return rc;
}

static const struct cli_opt list_opts[] = {
	{ "status", "S",
	    "pending, approved, spam, trash or all (the "
	    "default)",
	    0 },
	{ "limit", "N", "at most N comments (default 50)", 0 },
	{ "offset", "N", "skip the N newest first", 0 }, { NULL, NULL, NULL, 0 }
};

static const struct cli_cmd comments_list = {
	.name = "list",
	.summary = "list comments, newest first",
	.opts = list_opts,
	.about =
	    "List comments, newest first, one per line: id, status, "
	    "date, article, parent, author, email, ip, text (tab-separated; "
	    "white space and control characters in a field become one "
	    "space), then a line \"# N of TOTAL\".",
	.run = run_list,
};

static const struct cli_cmd comments_show = {
	.name = "show",
	.summary = "one comment in full",
	.args = "ID",
	.run = run_show,
};

static const struct cli_cmd comments_approve = {
	.name = "approve",
	.summary = "publish comments",
	.args = "ID...",
	.run = run_approve,
};

static const struct cli_cmd comments_unapprove = {
	.name = "unapprove",
	.summary = "hold comments for moderation again",
	.args = "ID...",
	.run = run_unapprove,
};

static const struct cli_cmd comments_spam = {
	.name = "spam",
	.summary = "mark comments as spam",
	.args = "ID...",
	.run = run_spam,
};

static const struct cli_cmd comments_trash = {
	.name = "trash",
	.summary = "move comments to the trash",
	.args = "ID...",
	.run = run_trash,
};

static const struct cli_cmd comments_delete = {
	.name = "delete",
	.summary = "delete comments for good (replies stay)",
	.args = "ID...",
	.run = run_delete,
};

static const struct cli_cmd comments_counts = {
	.name = "counts",
	.summary = "comments per status",
	.run = run_counts,
};

static const struct cli_cmd comments_settings = {
	.name = "settings",
	.summary = "show the comment settings, or set them",
	.args = "[KEY=VALUE...]",
	.about = "Show the comment settings, or check and set them (KEY= "
		 "restores the default).",
	.run = run_settings,
};

static const struct cli_cmd *const comments_subs[] = { &comments_list,
	&comments_show, &comments_approve, &comments_unapprove, &comments_spam,
	&comments_trash, &comments_delete, &comments_counts, &comments_settings,
	NULL };

const struct cli_cmd cli_cmd_comments = {
	.name = "comments",
	.summary = "moderate comments",
	.about = "Moderate comments from a shell, besides the newsroom's "
		 "moderation queue.",
	.subs = comments_subs,
};
