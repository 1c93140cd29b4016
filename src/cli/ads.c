/*
 * ads.c -- `nutgraf slider ...` and `nutgraf ad ...` (see ads.h).
 *
 * Lists are one row per line, tab-separated, with text flattened (control
 * characters become spaces) so stored names cannot forge lines.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/ads.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "core/config.h"
#include "store/store.h"

#define CLI_ARENA_MAX	(16 * 1024 * 1024)
#define CODE_FILE_MAX	STORE_AD_CODE_MAX

static const char usage_slider[] =
    "usage: nutgraf slider [--data DIR] [--config FILE] COMMAND\n"
    "\n"
    "commands:\n"
    "  add NAME [--legacy-id N]   a new slider (N: a migrated Soliloquy id,\n"
    "                             so [soliloquy id=\"N\"] finds it); prints "
    "its id\n"
    "  slide ID --image PATH [--alt TEXT] [--caption TEXT] [--link URL]\n"
    "                             append a slide (PATH is a site path)\n"
    "  list                       id, legacy id, slides, name\n"
    "  show ID                    its slides: id, image, link, alt, caption\n"
    "  delete ID                  delete a slider, its slides and its ads\n"
    "  delete-slide ID            delete one slide\n"
    "\n"
    "Place a slider in an article with [slider id=\"ID\"].\n";

static const char usage_ad[] =
    "usage: nutgraf ad [--data DIR] [--config FILE] COMMAND\n"
    "\n"
    "commands:\n"
    "  slot-add NAME --size WxH [--placement P] [--position N]\n"
    "                 a named place for ads, of a fixed size; P is inline\n"
    "                 (only where [ad slot=\"NAME\"] asks, the default),\n"
    "                 after_paragraph (N), below_article, header, sidebar\n"
    "                 or front\n"
    "  slots          id, name, placement, position, size\n"
    "  add SLOT --name N (--image PATH --link URL --alt TEXT |\n"
    "                 --code-file FILE | --slider ID) [--weight W]\n"
    "                 [--starts UNIX] [--ends UNIX] [--section SLUG]\n"
    "                 an ad in SLOT; code ads run in a sandboxed frame\n"
    "  list [SLOT]    id, slot, kind, weight, active, name\n"
    "  delete ID      delete an ad\n";

const char *
ads_cli_usage(const char *cmd)
{
	return cmd != NULL && strcmp(cmd, "ad") == 0 ? usage_ad :
	    usage_slider;
}

struct cli {
	struct store	*st;
	struct arena	*a;
	FILE		*out, *err;
};

static int
fail(struct cli *c, const char *what, enum ng_err e)
{
	fprintf(c->err, "nutgraf: %s: %s\n", what, ng_strerror(e));
	return 1;
}

static int
usage(struct cli *c, const char *cmd)
{
	fputs(ads_cli_usage(cmd), c->err);
	return 2;
}

/* A positive decimal number, or 0. */
static int64_t
num(const char *s)
{
	char		*end;
	long long	 v;

	if (s == NULL || *s < '0' || *s > '9')
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v <= 0 || errno != 0)
		return 0;
	return v;
}

/* The value of --name in argv[from..argc), or NULL. */
static const char *
opt(int argc, char *argv[], int from, const char *name)
{
	int	 i;

	for (i = from; i + 1 < argc; i++)
		if (argv[i][0] == '-' && argv[i][1] == '-' &&
		    strcmp(argv[i] + 2, name) == 0)
			return argv[i + 1];
	return NULL;
}

/* Every "--x" in argv[from..) is one of names[] and has a value. */
static int
opts_ok(int argc, char *argv[], int from, const char *const *names)
{
	int	 i, k;

	for (i = from; i < argc; i += 2) {
		if (strncmp(argv[i], "--", 2) != 0 || i + 1 >= argc)
			return 0;
		for (k = 0; names[k] != NULL; k++)
			if (strcmp(argv[i] + 2, names[k]) == 0)
				break;
		if (names[k] == NULL)
			return 0;
	}
	return 1;
}

static void
flat(FILE *f, struct str s)
{
	size_t	 i;

	for (i = 0; i < s.n; i++)
		fputc((unsigned char)s.p[i] < 0x20 ? ' ' : s.p[i], f);
}

static int
slider_cmd(struct cli *c, int argc, char *argv[])
{
	static const char *const o_add[] = { "legacy-id", NULL };
	static const char *const o_slide[] = { "image", "alt", "caption",
	    "link", NULL };
	struct slider	 sl, *v, *one;
	struct slide	 s;
	const char	*x;
	int64_t		 id;
	size_t		 n, i;
	enum ng_err	 e;

	if (argc < 1)
		return usage(c, "slider");
	if (strcmp(argv[0], "add") == 0) {
		if (argc < 2 || !opts_ok(argc, argv, 2, o_add))
			return usage(c, "slider");
		memset(&sl, 0, sizeof(sl));
		sl.name = str_c(argv[1]);
		if ((x = opt(argc, argv, 2, "legacy-id")) != NULL &&
		    (sl.legacy_id = num(x)) == 0)
			return usage(c, "slider");
		if ((e = store_slider_add(c->st, &sl, &id)) != NG_OK)
			return fail(c, "slider add", e);
		fprintf(c->out, "%lld\n", (long long)id);
		return 0;
	}
	if (strcmp(argv[0], "slide") == 0) {
		if (argc < 2 || (id = num(argv[1])) == 0 ||
		    !opts_ok(argc, argv, 2, o_slide) ||
		    opt(argc, argv, 2, "image") == NULL)
			return usage(c, "slider");
		memset(&s, 0, sizeof(s));
		s.slider_id = id;
		s.image_url = str_c(opt(argc, argv, 2, "image"));
		s.alt = str_c(opt(argc, argv, 2, "alt"));
		s.caption = str_c(opt(argc, argv, 2, "caption"));
		s.link_url = str_c(opt(argc, argv, 2, "link"));
		if ((e = store_slide_add(c->st, &s, &id)) != NG_OK)
			return fail(c, "slider slide", e);
		fprintf(c->out, "%lld\n", (long long)id);
		return 0;
	}
	if (strcmp(argv[0], "list") == 0 && argc == 1) {
		if ((e = store_slider_list(c->a, c->st, &v, &n)) != NG_OK)
			return fail(c, "slider list", e);
		for (i = 0; i < n; i++) {
			fprintf(c->out, "%lld\t%lld\t%zu\t", (long long)v[i].id,
			    (long long)v[i].legacy_id, v[i].nslides);
			flat(c->out, v[i].name);
			fputc('\n', c->out);
		}
		return 0;
	}
	if (strcmp(argv[0], "show") == 0 && argc == 2) {
		if ((id = num(argv[1])) == 0)
			return usage(c, "slider");
		if ((e = store_slider_get(c->a, c->st, id, &one)) != NG_OK)
			return fail(c, "slider show", e);
		for (i = 0; i < one->nslides; i++) {
			fprintf(c->out, "%lld\t", (long long)one->slides[i].id);
			flat(c->out, one->slides[i].image_url);
			fputc('\t', c->out);
			flat(c->out, one->slides[i].link_url);
			fputc('\t', c->out);
			flat(c->out, one->slides[i].alt);
			fputc('\t', c->out);
			flat(c->out, one->slides[i].caption);
			fputc('\n', c->out);
		}
		return 0;
	}
	if ((strcmp(argv[0], "delete") == 0 ||
	    strcmp(argv[0], "delete-slide") == 0) && argc == 2) {
		if ((id = num(argv[1])) == 0)
			return usage(c, "slider");
		e = argv[0][6] == '\0' ? store_slider_delete(c->st, id) :
		    store_slide_delete(c->st, id);
		return e == NG_OK ? 0 : fail(c, argv[0], e);
	}
	return usage(c, "slider");
}

/* Read a whole (small) file into the arena. */
static int
read_code(struct cli *c, const char *path, struct str *out)
{
	FILE	*f;
	char	*p;
	size_t	 n;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(c->err, "nutgraf: %s: %s\n", path, strerror(errno));
		return -1;
	}
	p = arena_alloc(c->a, CODE_FILE_MAX + 1);
	n = p == NULL ? 0 : fread(p, 1, CODE_FILE_MAX + 1, f);
	fclose(f);
	if (p == NULL || n > CODE_FILE_MAX) {
		fprintf(c->err, "nutgraf: %s: larger than %d bytes\n", path,
		    CODE_FILE_MAX);
		return -1;
	}
	*out = (struct str){ p, n };
	return 0;
}

static int
ad_cmd(struct cli *c, int argc, char *argv[])
{
	static const char *const o_slot[] = { "size", "placement", "position",
	    NULL };
	static const char *const o_add[] = { "name", "image", "link", "alt",
	    "code-file", "slider", "weight", "starts", "ends", "section",
	    NULL };
	struct ad_slot	 slot, *slots;
	struct ad	 ad, *ads;
	struct section	*sec;
	const char	*x;
	int64_t		 id;
	size_t		 n, i;
	int		 w, h;
	char		 xc;
	enum ng_err	 e;

	if (argc < 1)
		return usage(c, "ad");
	if (strcmp(argv[0], "slot-add") == 0) {
		if (argc < 2 || !opts_ok(argc, argv, 2, o_slot) ||
		    (x = opt(argc, argv, 2, "size")) == NULL ||
		    sscanf(x, "%d%c%d", &w, &xc, &h) != 3 || xc != 'x')
			return usage(c, "ad");
		memset(&slot, 0, sizeof(slot));
		slot.name = str_c(argv[1]);
		slot.width = w;
		slot.height = h;
		if ((x = opt(argc, argv, 2, "placement")) != NULL &&
		    !store_ad_placement_parse(str_c(x), &slot.placement))
			return usage(c, "ad");
		if ((x = opt(argc, argv, 2, "position")) != NULL)
			slot.position = (int)num(x);
		if ((e = store_ad_slot_add(c->st, &slot, &id)) != NG_OK)
			return fail(c, "ad slot-add", e);
		fprintf(c->out, "%lld\n", (long long)id);
		return 0;
	}
	if (strcmp(argv[0], "slots") == 0 && argc == 1) {
		if ((e = store_ad_slot_list(c->a, c->st, &slots, &n)) != NG_OK)
			return fail(c, "ad slots", e);
		for (i = 0; i < n; i++)
			fprintf(c->out, "%lld\t%.*s\t%s\t%d\t%dx%d\n",
			    (long long)slots[i].id, (int)slots[i].name.n,
			    slots[i].name.p,
			    store_ad_placement_name(slots[i].placement),
			    slots[i].position, slots[i].width,
			    slots[i].height);
		return 0;
	}
	if (strcmp(argv[0], "add") == 0) {
		if (argc < 2 || !opts_ok(argc, argv, 2, o_add) ||
		    opt(argc, argv, 2, "name") == NULL)
			return usage(c, "ad");
		if ((e = store_ad_slot_get(c->a, c->st, str_c(argv[1]),
		    &slot)) != NG_OK)
			return fail(c, argv[1], e);
		memset(&ad, 0, sizeof(ad));
		ad.slot_id = slot.id;
		ad.name = str_c(opt(argc, argv, 2, "name"));
		ad.weight = 1;
		ad.active = 1;
		if ((x = opt(argc, argv, 2, "code-file")) != NULL) {
			ad.kind = AD_CODE;
			if (read_code(c, x, &ad.code) != 0)
				return 1;
		} else if ((x = opt(argc, argv, 2, "slider")) != NULL) {
			ad.kind = AD_SLIDER;
			if ((ad.slider_id = num(x)) == 0)
				return usage(c, "ad");
		} else {
			ad.kind = AD_IMAGE;
			ad.image_url = str_c(opt(argc, argv, 2, "image"));
			ad.link_url = str_c(opt(argc, argv, 2, "link"));
			ad.alt = str_c(opt(argc, argv, 2, "alt"));
		}
		if ((x = opt(argc, argv, 2, "weight")) != NULL &&
		    (ad.weight = (int)num(x)) == 0)
			return usage(c, "ad");
		if ((x = opt(argc, argv, 2, "starts")) != NULL)
			ad.starts_at = num(x);
		if ((x = opt(argc, argv, 2, "ends")) != NULL)
			ad.ends_at = num(x);
		if ((x = opt(argc, argv, 2, "section")) != NULL) {
			if ((e = store_section_by_slug(c->a, c->st, str_c(x),
			    &sec)) != NG_OK)
				return fail(c, x, e);
			ad.section_id = sec->id;
		}
		if ((e = store_ad_add(c->st, &ad, &id)) != NG_OK)
			return fail(c, "ad add", e);
		fprintf(c->out, "%lld\n", (long long)id);
		return 0;
	}
	if (strcmp(argv[0], "list") == 0 && argc <= 2) {
		id = 0;
		if (argc == 2) {
			if ((e = store_ad_slot_get(c->a, c->st, str_c(argv[1]),
			    &slot)) != NG_OK)
				return fail(c, argv[1], e);
			id = slot.id;
		}
		if ((e = store_ad_list(c->a, c->st, id, &ads, &n)) != NG_OK)
			return fail(c, "ad list", e);
		for (i = 0; i < n; i++) {
			fprintf(c->out, "%lld\t%lld\t%s\t%d\t%d\t",
			    (long long)ads[i].id, (long long)ads[i].slot_id,
			    store_ad_kind_name(ads[i].kind), ads[i].weight,
			    ads[i].active);
			flat(c->out, ads[i].name);
			fputc('\n', c->out);
		}
		return 0;
	}
	if (strcmp(argv[0], "delete") == 0 && argc == 2) {
		if ((id = num(argv[1])) == 0)
			return usage(c, "ad");
		e = store_ad_delete(c->st, id);
		return e == NG_OK ? 0 : fail(c, "ad delete", e);
	}
	return usage(c, "ad");
}

int
ads_cli(struct store *st, const char *cmd, int argc, char *argv[],
    FILE *out, FILE *err)
{
	struct cli	 c;
	int		 rc;

	c.st = st;
	c.out = out;
	c.err = err;
	c.a = arena_new(CLI_ARENA_MAX);
	rc = strcmp(cmd, "ad") == 0 ? ad_cmd(&c, argc, argv) :
	    slider_cmd(&c, argc, argv);
	arena_free(c.a);
	return rc;
}

/*
 * nutgraf slider|ad SUBCOMMAND ... [--data DIR] [--config FILE]: the
 * store options may come anywhere; everything else is ads_cli()'s.
 */
int
cmd_ads(int argc, char *argv[])
{
	struct cli_opts		 o;
	struct ng_config	 cfg;
	struct store		*st = NULL;
	char			*sopt[6] = { argv[0] }, **rest;
	int			 k, ns = 1, nr = 0, rc = 1;

	if ((rest = calloc((size_t)argc + 1, sizeof(*rest))) == NULL)
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
	if (nr == 0 || strcmp(rest[0], "--help") == 0 ||
	    strcmp(rest[0], "-h") == 0) {
		fputs(ads_cli_usage(argv[0]), nr == 0 ? stderr : stdout);
		free(rest);
		return nr == 0 ? 2 : 0;
	}
	if (cli_parse_opts(ns, sopt, "dc", &o) != 0) {
		free(rest);
		return 2;
	}
	if (cli_load_config(&cfg, &o) == 0 && cli_open_store(&cfg, &st) == 0)
		rc = ads_cli(st, argv[0], nr, rest, stdout, stderr);
	if (st != NULL)
		store_close(st);
	config_free(&cfg);
	free(rest);
	return rc;
}
