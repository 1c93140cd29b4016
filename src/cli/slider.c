/*
 * slider.c -- `nutgraf slider ...`: image sliders for the [slider]
 * shortcode (and migrated Soliloquy ones).  Lists are one row per line,
 * tab-separated, with text flattened so stored names cannot forge lines.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store.h"

static int
run_add(struct cli *c)
{
	struct slider sl;
	const char   *legacy = cli_get(c, "legacy-id");
	int64_t	      id;
	enum ng_err   e;

	memset(&sl, 0, sizeof(sl));
	sl.name = str_c(c->args[0]);
	if (legacy != NULL && (sl.legacy_id = cli_id(legacy)) == 0)
		return cli_usage(c, "--legacy-id is a positive number");
	if (cli_store_create(c) != 0)
		return 1;
	if ((e = store_slider_add(c->st, &sl, &id)) != NG_OK)
		return cli_fail(c, "%s", ng_strerror(e));
	fprintf(c->out, "%lld\n", (long long)id);
	return 0;
}

static int
run_slide(struct cli *c)
{
	struct slide s;
	int64_t	     id;
	enum ng_err  e;

	memset(&s, 0, sizeof(s));
	if ((s.slider_id = cli_id(c->args[0])) == 0)
		return cli_usage(c, "\"%s\" is not a slider ID", c->args[0]);
	s.image_url = str_c(cli_get(c, "image"));
	s.alt = str_c(cli_get(c, "alt"));
	s.caption = str_c(cli_get(c, "caption"));
	s.link_url = str_c(cli_get(c, "link"));
	if (cli_store(c) != 0)
		return 1;
	if ((e = store_slide_add(c->st, &s, &id)) != NG_OK)
		return cli_fail(c, "%s", ng_strerror(e));
	fprintf(c->out, "%lld\n", (long long)id);
	return 0;
}

static int
run_list(struct cli *c)
{
	struct slider *v;
	size_t	       n, i;
	enum ng_err    e;

	if (cli_store(c) != 0)
		return 1;
	if ((e = store_slider_list(c->a, c->st, &v, &n)) != NG_OK)
		return cli_fail(c, "%s", ng_strerror(e));
	for (i = 0; i < n; i++) {
		fprintf(c->out, "%lld\t%lld\t%zu\t", (long long)v[i].id,
		    (long long)v[i].legacy_id, v[i].nslides);
		cli_put_flat(c->out, v[i].name);
		fputc('\n', c->out);
	}
	return 0;
}

static int
run_show(struct cli *c)
{
	struct slider *one;
	struct slide  *s;
	int64_t	       id;
	size_t	       i;
	enum ng_err    e;

	if ((id = cli_id(c->args[0])) == 0)
		return cli_usage(c, "\"%s\" is not a slider ID", c->args[0]);
	if (cli_store(c) != 0)
		return 1;
	if ((e = store_slider_get(c->a, c->st, id, &one)) != NG_OK)
		return cli_fail(c, "%s", ng_strerror(e));
	for (i = 0; i < one->nslides; i++) {
		s = &one->slides[i];
		fprintf(c->out, "%lld\t", (long long)s->id);
		cli_put_flat(c->out, s->image_url);
		fputc('\t', c->out);
		cli_put_flat(c->out, s->link_url);
		fputc('\t', c->out);
		cli_put_flat(c->out, s->alt);
		fputc('\t', c->out);
		cli_put_flat(c->out, s->caption);
		fputc('\n', c->out);
	}
	return 0;
}

/* delete (a slider, with its slides and ads) or delete-slide. */
static int delete (struct cli *c, int slide)
{
	int64_t	    id;
	enum ng_err e;

	if ((id = cli_id(c->args[0])) == 0)
		return cli_usage(c, "\"%s\" is not an ID", c->args[0]);
	if (cli_store(c) != 0)
		return 1;
	e = slide ? store_slide_delete(c->st, id) :
		    store_slider_delete(c->st, id);
	return e == NG_OK ? 0 : cli_fail(c, "%s", ng_strerror(e));
}

static int
run_delete(struct cli *c)
{
	return delete (c, 0);
}

static int
run_delete_slide(struct cli *c)
{
	return delete (c, 1);
}

static const struct cli_opt add_opts[] = {
	{ "legacy-id", "N",
	    "a migrated Soliloquy slider's id, so "
	    "[soliloquy id=\"N\"] finds it",
	    0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct cli_opt slide_opts[] = {
	{ "image", "PATH", "the image: a path on this site", 1 },
	{ "alt", "TEXT", "the image's text alternative", 0 },
	{ "caption", "TEXT", "a caption", 0 },
	{ "link", "URL", "where a click on the slide goes", 0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct cli_cmd slider_add = {
	.name = "add",
	.summary = "a new slider; prints its id",
	.args = "NAME",
	.opts = add_opts,
	.run = run_add,
};

static const struct cli_cmd slider_slide = {
	.name = "slide",
	.summary = "append a slide to a slider",
	.args = "ID",
	.opts = slide_opts,
	.about = "Append a slide to the slider ID; prints the slide's id.",
	.run = run_slide,
};

static const struct cli_cmd slider_list = {
	.name = "list",
	.summary = "the sliders: id, legacy id, slides, name",
	.run = run_list,
};

static const struct cli_cmd slider_show = {
	.name = "show",
	.summary = "a slider's slides: id, image, link, alt, caption",
	.args = "ID",
	.run = run_show,
};

static const struct cli_cmd slider_delete = {
	.name = "delete",
	.summary = "delete a slider, its slides and its ads",
	.args = "ID",
	.run = run_delete,
};

static const struct cli_cmd slider_delete_slide = {
	.name = "delete-slide",
	.summary = "delete one slide",
	.args = "ID",
	.run = run_delete_slide,
};

static const struct cli_cmd *const slider_subs[] = { &slider_add, &slider_slide,
	&slider_list, &slider_show, &slider_delete, &slider_delete_slide,
	NULL };

const struct cli_cmd cli_cmd_slider = {
	.name = "slider",
	.summary = "image sliders",
	.about = "Image sliders.  Place one in an article with "
		 "[slider id=\"ID\"].",
	.subs = slider_subs,
};
