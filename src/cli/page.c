/*
 * page.c -- `nutgraf page ...`: static pages (About, Contact) from
 * scripts, saved through page_save() as the newsroom's Pages screen
 * saves them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/admin.h"
#include "cli/cli.h"
#include "content/page.h"
#include "core/arena.h"
#include "routes.h"
#include "store/store.h"

#define BODY_MAX (1024u * 1024)

/* The page an argument names: a number is an id, else a path. */
static int
page_lookup(struct cli *c, const char *arg, struct page **p)
{
	struct str  path = str_c(arg);
	int64_t	    id;
	enum ng_err err;

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
	const char *base = c->cfg.base_url != NULL ? c->cfg.base_url : "";
	size_t	    n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	if (p->status == PAGE_PUBLISHED)
		fprintf(c->out, "%.*s/%.*s/\n", (int)n, base, (int)p->path.n,
		    p->path.p);
	else
		fprintf(c->out, "%.*s/admin/pages/%lld/\n", (int)n, base,
		    (long long)p->id);
}

static int
run_add(struct cli *c)
{
	struct page p, *parent, *got;
	const char *why = NULL, *status = cli_get(c, "status");
	const char *order = cli_get(c, "order");
	const char *body = cli_get(c, "body-file");
	char	   *end;
	long	    v;
	int64_t	    id;
	enum ng_err err;

	memset(&p, 0, sizeof(p));
	p.title = str_c(cli_get(c, "title"));
	p.slug = str_c(cli_get(c, "slug"));
	if (status == NULL || strcmp(status, "draft") == 0)
		p.status = PAGE_DRAFT;
	else if (strcmp(status, "published") == 0)
		p.status = PAGE_PUBLISHED;
	else
		return cli_usage(c, "--status is draft or published");
	if (order != NULL) {
		v = strtol(order, &end, 10);
		if (*order == '\0' || *end != '\0' || v < -1000000 ||
		    v > 1000000)
			return cli_usage(c, "--order is a number");
		p.menu_order = (int)v;
	}
	if (body != NULL && cli_read_file(c, body, BODY_MAX, &p.body_src) != 0)
		return 1;
	if (cli_store_create(c) != 0)
		return 1;
	if (cli_get(c, "parent") != NULL) {
		if (page_lookup(c, cli_get(c, "parent"), &parent) != 0)
			return 1;
		p.parent_id = parent->id;
	}
	err = page_save(c->a, c->st, &p, routes_segment_taken, 0, &id, &why);
	if (err != NG_OK)
		return cli_fail(c, "%s", why != NULL ? why : ng_strerror(err));
	if (store_page_by_id(c->a, c->st, id, &got) != NG_OK)
		return cli_fail(c, "saved, but cannot read it back");
	print_page_url(c, got);
	return 0;
}

static int
run_list(struct cli *c)
{
	struct page	*v;
	enum page_status ps;
	const char	*s = cli_get(c, "status");
	size_t		 i, n;
	int		 status = -1;
	enum ng_err	 err;

	if (s != NULL) {
		if (!store_page_status_parse(str_c(s), &ps))
			return cli_usage(c, "unknown status \"%s\"", s);
		status = (int)ps;
	}
	if (cli_store(c) != 0)
		return 1;
	if ((err = store_page_list(c->a, c->st, status, &v, &n)) != NG_OK)
		return cli_fail(c, "%s", ng_strerror(err));
	for (i = 0; i < n; i++)
		fprintf(c->out, "%lld\t%s\t/%.*s/\t%.*s\n", (long long)v[i].id,
		    store_page_status_name(v[i].status), (int)v[i].path.n,
		    v[i].path.p, (int)v[i].title.n, v[i].title.p);
	return 0;
}

static int
set_status(struct cli *c, int publish)
{
	struct page *p;
	enum ng_err  err;

	if (cli_store(c) != 0 || page_lookup(c, c->args[0], &p) != 0)
		return 1;
	if ((err = store_page_set_status(c->st, p->id,
		 publish ? PAGE_PUBLISHED : PAGE_DRAFT)) != NG_OK)
		return cli_fail(c, "page %lld: %s", (long long)p->id,
		    ng_strerror(err));
	if (store_page_by_id(c->a, c->st, p->id, &p) != NG_OK)
		return cli_fail(c, "cannot read it back");
	print_page_url(c, p);
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

static const struct cli_opt add_opts[] = { { "title", "T", "the page's title",
					       1 },
	{ "body-file", "F",
	    "the body: the file F, or standard input when F "
	    "is -",
	    0 },
	{ "slug", "S", "the last part of its URL (default: from the title)",
	    0 },
	{ "parent", "PATH|ID", "the page it sits under", 0 },
	{ "status", "S", "draft (the default) or published", 0 },
	{ "order", "N", "its place in menus and lists", 0 },
	{ NULL, NULL, NULL, 0 } };

static const struct cli_opt list_opts[] = {
	{ "status", "S",
	    "only these: draft, pending, published, private or "
	    "trashed",
	    0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct cli_cmd page_add = {
	.name = "add",
	.summary = "add a page",
	.opts = add_opts,
	.about =
	    "Add a page and print its URL: /SLUG/, or /PARENT/SLUG/ "
	    "under a parent page.  Slugs the site's own URLs use (feed, tag, "
	    "category, admin, ...) are refused at the top.",
	.run = run_add,
};

static const struct cli_cmd page_list = {
	.name = "list",
	.summary = "list pages",
	.opts = list_opts,
	.about = "List the pages, one per line: id, status, path, title "
		 "(tab-separated).",
	.run = run_list,
};

static const struct cli_cmd page_publish = {
	.name = "publish",
	.summary = "publish a page",
	.args = "ID|PATH",
	.about = "Publish the page (its id, or its path such as "
		 "about/team) and print its URL.",
	.run = run_publish,
};

static const struct cli_cmd page_unpublish = {
	.name = "unpublish",
	.summary = "make a page a draft again",
	.args = "ID|PATH",
	.about = "Make the page a draft again and print its newsroom URL.",
	.run = run_unpublish,
};

static const struct cli_cmd *const page_subs[] = { &page_add, &page_list,
	&page_publish, &page_unpublish, NULL };

const struct cli_cmd cli_cmd_page = {
	.name = "page",
	.summary = "static pages",
	.about = "Static pages at /SLUG/ and /PARENT/SLUG/, saved as the "
		 "newsroom's Pages screen saves them.",
	.subs = page_subs,
};
