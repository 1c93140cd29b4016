/*
 * ad.c -- `nutgraf ad ...`: ad slots (named places of a fixed size) and
 * the ads that fill them.  Lists are one row per line, tab-separated,
 * with text flattened so stored names cannot forge lines.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store.h"

static int
run_slot_add(struct cli *c)
{
	struct ad_slot slot;
	const char    *x;
	int	       w, h;
	char	       xc;
	int64_t	       id;
	enum ng_err    e;

	memset(&slot, 0, sizeof(slot));
	slot.name = str_c(c->args[0]);
	if (sscanf(cli_get(c, "size"), "%d%c%d", &w, &xc, &h) != 3 || xc != 'x')
		return cli_usage(c, "--size is WIDTHxHEIGHT, as 300x250");
	slot.width = w;
	slot.height = h;
	if ((x = cli_get(c, "placement")) != NULL &&
	    !store_ad_placement_parse(str_c(x), &slot.placement))
		return cli_usage(c, "unknown --placement \"%s\"", x);
	if ((x = cli_get(c, "position")) != NULL)
		slot.position = (int)cli_id(x);
	if (cli_store_create(c) != 0)
		return 1;
	if ((e = store_ad_slot_add(c->st, &slot, &id)) != NG_OK)
		return cli_fail(c, "%s", ng_strerror(e));
	fprintf(c->out, "%lld\n", (long long)id);
	return 0;
}

static int
run_slots(struct cli *c)
{
	struct ad_slot *slots;
	size_t		n, i;
	enum ng_err	e;

	if (cli_store(c) != 0)
		return 1;
	if ((e = store_ad_slot_list(c->a, c->st, &slots, &n)) != NG_OK)
		return cli_fail(c, "%s", ng_strerror(e));
	for (i = 0; i < n; i++) {
		fprintf(c->out, "%lld\t", (long long)slots[i].id);
		cli_put_flat(c->out, slots[i].name);
		fprintf(c->out, "\t%s\t%d\t%dx%d\n",
		    store_ad_placement_name(slots[i].placement),
		    slots[i].position, slots[i].width, slots[i].height);
	}
	return 0;
}

/* The numbers of an ad, checked before anything is opened. */
static int
ad_numbers(struct cli *c, struct ad *ad)
{
	const char *x;

	ad->weight = 1;
	if ((x = cli_get(c, "slider")) != NULL &&
	    (ad->slider_id = cli_id(x)) == 0)
		return cli_usage(c, "--slider is a slider ID");
	if ((x = cli_get(c, "weight")) != NULL &&
	    (ad->weight = (int)cli_id(x)) == 0)
		return cli_usage(c, "--weight is a positive number");
	if ((x = cli_get(c, "starts")) != NULL)
		ad->starts_at = cli_id(x);
	if ((x = cli_get(c, "ends")) != NULL)
		ad->ends_at = cli_id(x);
	return 0;
}

static int
run_add(struct cli *c)
{
	struct ad_slot	slot;
	struct ad	ad;
	struct section *sec;
	const char     *x;
	int64_t		id;
	int		rc;
	enum ng_err	e;

	memset(&ad, 0, sizeof(ad));
	if ((rc = ad_numbers(c, &ad)) != 0)
		return rc;
	ad.name = str_c(cli_get(c, "name"));
	ad.active = 1;
	if ((x = cli_get(c, "code-file")) != NULL) {
		ad.kind = AD_CODE;
		if (cli_read_file(c, x, STORE_AD_CODE_MAX, &ad.code) != 0)
			return 1;
	} else if (ad.slider_id != 0)
		ad.kind = AD_SLIDER;
	else {
		ad.kind = AD_IMAGE;
		ad.image_url = str_c(cli_get(c, "image"));
		ad.link_url = str_c(cli_get(c, "link"));
		ad.alt = str_c(cli_get(c, "alt"));
	}
	if (cli_store_create(c) != 0)
		return 1;
	if ((e = store_ad_slot_get(c->a, c->st, str_c(c->args[0]), &slot)) !=
	    NG_OK)
		return cli_fail(c, "%s: %s", c->args[0], ng_strerror(e));
	ad.slot_id = slot.id;
	if ((x = cli_get(c, "section")) != NULL) {
		if ((e = store_section_by_slug(c->a, c->st, str_c(x), &sec)) !=
		    NG_OK)
			return cli_fail(c, "%s: %s", x, ng_strerror(e));
		ad.section_id = sec->id;
	}
	if ((e = store_ad_add(c->st, &ad, &id)) != NG_OK)
		return cli_fail(c, "%s", ng_strerror(e));
	fprintf(c->out, "%lld\n", (long long)id);
	return 0;
}

static int
run_list(struct cli *c)
{
	struct ad_slot slot;
	struct ad     *ads;
	int64_t	       id = 0;
	size_t	       n, i;
	enum ng_err    e;

	if (cli_store(c) != 0)
		return 1;
	if (c->nargs == 1) {
		if ((e = store_ad_slot_get(c->a, c->st, str_c(c->args[0]),
			 &slot)) != NG_OK)
			return cli_fail(c, "%s: %s", c->args[0],
			    ng_strerror(e));
		id = slot.id;
	}
	if ((e = store_ad_list(c->a, c->st, id, &ads, &n)) != NG_OK)
		return cli_fail(c, "%s", ng_strerror(e));
	for (i = 0; i < n; i++) {
		fprintf(c->out, "%lld\t%lld\t%s\t%d\t%d\t",
		    (long long)ads[i].id, (long long)ads[i].slot_id,
		    store_ad_kind_name(ads[i].kind), ads[i].weight,
		    ads[i].active);
		cli_put_flat(c->out, ads[i].name);
		fputc('\n', c->out);
	}
	return 0;
}

static int
run_delete(struct cli *c)
{
	int64_t	    id;
	enum ng_err e;

	if ((id = cli_id(c->args[0])) == 0)
		return cli_usage(c, "\"%s\" is not an ad ID", c->args[0]);
	if (cli_store(c) != 0)
		return 1;
	if ((e = store_ad_delete(c->st, id)) != NG_OK)
		return cli_fail(c, "%s", ng_strerror(e));
	return 0;
}

static const struct cli_opt slot_opts[] = {
	{ "size", "WxH", "its size in pixels, as 300x250", 1 },
	{ "placement", "P",
	    "inline (only where [ad slot=\"NAME\"] asks; the "
	    "default), after_paragraph (the N-th), below_article, header, "
	    "sidebar or front",
	    0 },
	{ "position", "N", "the paragraph of after_paragraph", 0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct cli_opt add_opts[] = {
	{ "name", "N", "the ad's name in lists and reports", 1 },
	{ "image", "PATH", "an image ad: the image (a site path)", 0 },
	{ "link", "URL", "where a click on the image goes", 0 },
	{ "alt", "TEXT", "the image's text alternative", 0 },
	{ "code-file", "FILE",
	    "a code ad: its HTML, run in a sandboxed "
	    "frame",
	    0 },
	{ "slider", "ID", "a slider ad: the slider", 0 },
	{ "weight", "W",
	    "how often it is shown against the slot's others "
	    "(default 1)",
	    0 },
	{ "starts", "UNIX", "shown from this time (seconds since 1970)", 0 },
	{ "ends", "UNIX", "shown until this time", 0 },
	{ "section", "SLUG", "only on this section's pages", 0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct cli_cmd ad_slot_add = {
	.name = "slot-add",
	.summary = "a named place for ads, of a fixed size",
	.args = "NAME",
	.opts = slot_opts,
	.about = "Add a named place for ads, of a fixed size; prints its id.",
	.run = run_slot_add,
};

static const struct cli_cmd ad_slots = {
	.name = "slots",
	.summary = "the slots: id, name, placement, position, size",
	.run = run_slots,
};

static const struct cli_cmd ad_add = {
	.name = "add",
	.summary = "an ad in a slot",
	.args = "SLOT",
	.opts = add_opts,
	.about = "Add an ad to SLOT: an image (--image, --link, --alt), code "
		 "(--code-file) or a slider (--slider); prints its id.",
	.run = run_add,
};

static const struct cli_cmd ad_list = {
	.name = "list",
	.summary = "the ads: id, slot, kind, weight, active, name",
	.args = "[SLOT]",
	.run = run_list,
};

static const struct cli_cmd ad_delete = {
	.name = "delete",
	.summary = "delete an ad",
	.args = "ID",
	.run = run_delete,
};

static const struct cli_cmd *const ad_subs[] = { &ad_slot_add, &ad_slots,
	&ad_add, &ad_list, &ad_delete, NULL };

const struct cli_cmd cli_cmd_ad = {
	.name = "ad",
	.summary = "ad slots and ads",
	.about = "Ad slots and the ads that fill them.",
	.subs = ad_subs,
};
