/*
 * article.c -- `nutgraf article ...`: articles from scripts.
 *
 * Articles go through the checks and the save of the web editor: the
 * same validation, a revision per save, and a store write that the
 * running server's page cache notices.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "admin/admin.h"
#include "admin/editor.h"
#include "cli/cli.h"
#include "content/article.h"
#include "content/permalink.h"
#include "content/shortcode.h"
#include "core/arena.h"
#include "store/store.h"

#define BODY_MAX (1024u * 1024)

static const char *const status_names[ARTICLE__MAX] = {
	"draft",
	"pending",
	"scheduled",
	"published",
	"trashed",
};

/* The URL to print for an article: public when published. */
static void
print_url(struct cli *c, const struct article *art)
{
	const char *base = c->cfg.base_url != NULL ? c->cfg.base_url : "";
	const char *path;
	size_t	    n = strlen(base);

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
	struct shortcode_warning *w;
	size_t			  nw, i;

	if (shortcode_warnings(c->a, c->st, body, &w, &nw) != NG_OK)
		return;
	for (i = 0; i < nw; i++)
		fprintf(c->err, "nutgraf: %s: warning: %.*s\n", c->name,
		    (int)w[i].message.n, w[i].message.p);
}

/*
 * The shortcodes of body that would be left out.  The web editor saves
 * such a body and shows the warnings to the person who pressed the
 * button, who sees them before anything else happens; a script has no
 * one looking, so a publication with warnings is refused unless --force
 * says the warnings were read.  Returns 0 to go on, 1 (printed) to stop.
 */
static int
check_shortcodes(struct cli *c, const struct article *art)
{
	struct shortcode_warning *w;
	struct safe_html	  html; /* only the warnings count */
	size_t			  nw, i;
	enum ng_err		  err;

	if (art->status != ARTICLE_PUBLISHED || cli_get(c, "force") != NULL)
		return 0;
	/* An imported body is HTML, checked as the editor checks it. */
	err = art->format == BODY_HTML ?
	    shortcode_render_html(c->a, c->st, art->body_md, &html,
		&(struct str){ NULL, 0 }, &w, &nw, NULL) :
	    shortcode_warnings(c->a, c->st, art->body_md, &w, &nw);
	if (err != NG_OK)
		return cli_fail(c, "the body cannot be rendered: %s",
		    ng_strerror(err));
	if (nw == 0)
		return 0;
	for (i = 0; i < nw; i++)
		fprintf(c->err, "nutgraf: %s: warning: %.*s\n", c->name,
		    (int)w[i].message.n, w[i].message.p);
	return cli_fail(c,
	    "not published: %zu shortcode%s would be left "
	    "out (fix the body, or --force to publish anyway)",
	    nw, nw == 1 ? "" : "s");
}

/*
 * --author: a user's login, or an author's slug or name, so that desk
 * bylines ("News Desk"), which no one logs in as, can be credited.
 */
static int
find_author(struct cli *c, const char *name, int64_t *id)
{
	struct author *au, *all;
	struct user   *u;
	size_t	       n, i;

	if (store_user_by_login(c->a, c->st, str_c(name), &u) == NG_OK &&
	    u->author_id > 0) {
		*id = u->author_id;
		return 0;
	}
	if (store_author_by_slug(c->a, c->st, str_c(name), &au) == NG_OK) {
		*id = au->id;
		return 0;
	}
	if (store_authors(c->a, c->st, &all, &n) != NG_OK)
		return cli_fail(c, "cannot list the authors");
	for (i = 0; i < n; i++)
		if (all[i].name.n == strlen(name) &&
		    strncasecmp(all[i].name.p, name, all[i].name.n) == 0) {
			*id = all[i].id;
			return 0;
		}
	return cli_fail(c,
	    "no user or byline \"%s\" (nutgraf user list "
	    "names the logins)",
	    name);
}

/*
 * --author "Ann, News Desk" (or --author given again): every byline, in
 * order, into ids[0..STORE_AUTHORS_MAX); repeats count once.
 */
static int
find_authors(struct cli *c, const char *list, int64_t *ids, size_t *n)
{
	const char *p, *q, *e;
	char	   *one;
	int64_t	    id = 0;
	size_t	    i;

	*n = 0;
	for (p = list; *p != '\0'; p = *q == ',' ? q + 1 : q) {
		for (q = p; *q != '\0' && *q != ','; q++)
			continue;
		for (e = q; e > p && e[-1] == ' '; e--)
			continue;
		while (p < e && *p == ' ')
			p++;
		if (e == p)
			continue;
		if ((one = arena_strndup(c->a, p, (size_t)(e - p))) == NULL)
			return cli_fail(c, "out of memory");
		if (find_author(c, one, &id) != 0)
			return 1;
		for (i = 0; i < *n && ids[i] != id; i++)
			continue;
		if (i < *n)
			continue;
		if (*n == STORE_AUTHORS_MAX)
			return cli_fail(c, "more than %d bylines",
			    STORE_AUTHORS_MAX);
		ids[(*n)++] = id;
	}
	return 0;
}

/* --tags "a, b": the names, at most ARTICLE_TAGS_MAX. */
static int
split_tags(const char *p, struct str *tags, size_t *ntags)
{
	const char *q;

	*ntags = 0;
	for (; p != NULL && *p != '\0'; p = *q == ',' ? q + 1 : q) {
		for (q = p; *q != '\0' && *q != ','; q++)
			continue;
		while (p < q && *p == ' ')
			p++;
		if (q == p)
			continue;
		if (*ntags == ARTICLE_TAGS_MAX)
			return -1;
		tags[(*ntags)++] = (struct str){ p, (size_t)(q - p) };
	}
	return 0;
}

static int
run_add(struct cli *c)
{
	struct article	art;
	struct section *se;
	struct str	tags[ARTICLE_TAGS_MAX];
	const char     *why = NULL, *status = cli_get(c, "status");
	const char     *section = cli_get(c, "section");
	const char     *author = cli_get(c, "author");
	int64_t		bylines[STORE_AUTHORS_MAX];
	size_t		ntags;
	int64_t		id;
	enum ng_err	err;

	memset(&art, 0, sizeof(art));
	art.title = str_c(cli_get(c, "title"));
	art.dek = str_c(cli_get(c, "dek"));
	art.source_name = str_c(cli_get(c, "source-name"));
	art.source_url = str_c(cli_get(c, "source-url"));
	art.canonical_url = str_c(cli_get(c, "canonical-url"));
	art.comments_open = 1;
	if (status == NULL || strcmp(status, "draft") == 0)
		art.status = ARTICLE_DRAFT;
	else if (strcmp(status, "published") == 0)
		art.status = ARTICLE_PUBLISHED;
	else
		return cli_usage(c, "--status is draft or published");
	if (split_tags(cli_get(c, "tags"), tags, &ntags) != 0)
		return cli_usage(c, "more than %d tags", ARTICLE_TAGS_MAX);
	if (cli_read_file(c, cli_get(c, "body-file"), BODY_MAX, &art.body_md) !=
	    0)
		return 1;
	if (article_check(&art, tags, ntags, &why) != NG_OK)
		return cli_fail(c, "%s", why);
	if (cli_store_create(c) != 0)
		return 1;
	if (section != NULL) {
		if (store_section_by_slug(c->a, c->st, str_c(section), &se) !=
		    NG_OK)
			return cli_fail(c, "no section \"%s\"", section);
		art.section_id = se->id;
	}
	if (author != NULL) {
		if (find_authors(c, author, bylines, &art.nauthor_ids) != 0)
			return 1;
		art.author_ids = bylines;
	}
	if (check_shortcodes(c, &art) != 0)
		return 1;
	err = admin_save_unique(c->a, c->st, &art, tags, ntags, 1, &id);
	if (err == NG_ECONFLICT)
		return cli_fail(c, "the slug \"%.*s\" is taken",
		    (int)art.slug.n, art.slug.p);
	if (err != NG_OK)
		return cli_fail(c, "%s", ng_strerror(err));
	art.id = id;
	print_url(c, &art);
	print_sc_warnings(c, art.body_md);
	return 0;
}

static int
run_list(struct cli *c)
{
	struct article_admin_query q;
	struct article_list	   l;
	const char		  *status = cli_get(c, "status");
	size_t			   i;
	int			   s;
	enum ng_err		   err;

	memset(&q, 0, sizeof(q));
	q.status = -1;
	for (s = 0; status != NULL && s < ARTICLE__MAX; s++)
		if (strcmp(status, status_names[s]) == 0)
			q.status = s;
	if (status != NULL && q.status < 0)
		return cli_usage(c, "unknown status \"%s\"", status);
	if (cli_store(c) != 0)
		return 1;
	q.search = STR_LIT("");
	q.limit = STORE_LIST_MAX;
	do {
		if ((err = store_article_admin_list(c->a, c->st, &q, &l)) !=
		    NG_OK)
			return cli_fail(c, "%s", ng_strerror(err));
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
set_status(struct cli *c, int publish)
{
	struct article *art;
	struct str	tags[STORE_TAGS_MAX];
	size_t		i;
	int64_t		id;
	enum ng_err	err;

	if ((id = cli_id(c->args[0])) == 0)
		return cli_usage(c, "\"%s\" is not an article ID", c->args[0]);
	if (cli_store(c) != 0)
		return 1;
	if ((err = store_article_by_id(c->a, c->st, id, &art)) != NG_OK)
		return cli_fail(c, "article %lld: %s", (long long)id,
		    err == NG_ENOTFOUND ? "no such article" : ng_strerror(err));
	if (publish) {
		if (art->status != ARTICLE_PUBLISHED || art->published_at == 0)
			art->published_at = (int64_t)time(NULL);
		art->status = ARTICLE_PUBLISHED;
		if (check_shortcodes(c, art) != 0)
			return 1;
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

static int
run_publish(struct cli *c)
{
	return set_status(c, 1);
}

static int
run_unpublish(struct cli *c)
{
	return set_status(c, 0);
}

static const struct cli_opt add_opts[] = { { "title", "T", "the headline", 1 },
	{ "body-file", "F",
	    "the body, Markdown with shortcodes: the file F, "
	    "or standard input when F is -",
	    1 },
	{ "dek", "D", "the standfirst", 0 },
	{ "section", "SLUG", "the section", 0 },
	{ "tags", "a,b", "tags, separated by commas", 0 },
	{ "author", "WHO...",
	    "the byline: a user's login, or an author's name or slug "
	    "(a desk byline such as \"News Desk\"); co-authors after it, "
	    "separated by commas or with --author again",
	    0 },
	{ "status", "S", "draft (the default) or published", 0 },
	{ "force", NULL,
	    "publish even when shortcodes would be left out (they are "
	    "still warned about)",
	    0 },
	{ "source-name", "N", "the name of the story's source", 0 },
	{ "source-url", "U", "the URL of the story's source", 0 },
	{ "canonical-url", "U",
	    "the story's canonical URL, when it is "
	    "elsewhere",
	    0 },
	{ NULL, NULL, NULL, 0 } };

static const struct cli_opt list_opts[] = {
	{ "status", "S",
	    "only these: draft, pending, scheduled, published or "
	    "trashed",
	    0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct cli_cmd article_add = {
	.name = "add",
	.summary = "write an article",
	.opts = add_opts,
	.about = "Save a new article, checked as the web editor checks it, "
		 "and print its URL (its newsroom URL while it is a draft).  "
		 "Shortcodes that would be left out (a slider, slot, "
		 "article or image that does not exist) are warned about on "
		 "stderr, as the editor shows them; a draft is saved with "
		 "them, but --status published is refused (nothing is saved, "
		 "exit 1) unless --force is given.",
	.run = run_add,
};

static const struct cli_cmd article_list = {
	.name = "list",
	.summary = "list articles",
	.opts = list_opts,
	.about = "List the articles, one per line: id, status, slug, title "
		 "(tab-separated).",
	.run = run_list,
};

static const struct cli_opt publish_opts[] = {
	{ "force", NULL,
	    "publish even when shortcodes would be left out (they are "
	    "still warned about)",
	    0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct cli_cmd article_publish = {
	.name = "publish",
	.summary = "publish an article",
	.args = "ID",
	.opts = publish_opts,
	.about = "Publish the article ID and print its URL.  As with "
		 "article add, shortcodes that would be left out are "
		 "printed and the article stays as it was, unless --force "
		 "is given.",
	.run = run_publish,
};

static const struct cli_cmd article_unpublish = {
	.name = "unpublish",
	.summary = "make an article a draft again",
	.args = "ID",
	.about = "Make the article ID a draft again and print its newsroom "
		 "URL.",
	.run = run_unpublish,
};

static const struct cli_cmd *const article_subs[] = { &article_add,
	&article_list, &article_publish, &article_unpublish, NULL };

const struct cli_cmd cli_cmd_article = {
	.name = "article",
	.summary = "articles from scripts",
	.about = "Articles from scripts, saved as the web editor saves them "
		 "(a revision each time).",
	.subs = article_subs,
};
