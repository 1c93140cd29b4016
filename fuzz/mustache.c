/*
 * fuzz/mustache.c -- libFuzzer driver for the Mustache compiler and
 * renderer.
 *
 * The input is compiled as template "t" next to a few fixed partials and
 * rendered against a small fixed view, with and without
 * MUSTACHE_STRICT_RAW.  Besides the sanitizers, one invariant is checked:
 * in strict mode, when the template itself holds no '<', every '<' in the
 * output must come from the view's safe_html value, so an unsanitized
 * string can never reach the page raw (STYLE.md pattern 7).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/html.h"
#include "render/mustache.h"
#include "render/tv.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
	const char	*name;
	const char	*src;
} partials[] = {
	{ "p", "[{{s}}]\n  {{$b}}default {{n}}{{/b}}\n" },
	{ "layout", "{{$head}}{{h}}{{/head}}\n{{>p}}\n{{$body}}{{/body}}" },
};

static struct tv *
make_view(struct arena *a)
{
	struct tv	*v, *l, *it;
	int		 i;

	v = tv_map(a);
	tv_set_cstr(a, v, "s", "<script>&'\"");
	tv_set_html(a, v, "h", safe_html_trust(STR_LIT("<em>ok</em>")));
	tv_set(a, v, "n", tv_num(a, 1.5));
	tv_set_bool(a, v, "t", 1);
	tv_set_bool(a, v, "f", 0);
	tv_set_cstr(a, v, "tpl", "p");
	tv_set_cstr(a, v, "self", "t");
	l = tv_list(a);
	for (i = 0; i < 3; i++) {
		it = tv_map(a);
		tv_set_int(a, it, "i", i);
		tv_set(a, it, "m", v);	/* a cycle: lookups must stay bounded */
		tv_push(a, l, it);
	}
	tv_set(a, v, "items", l);
	return v;
}

/* Every '<' in out must open "<em>" or "</em>" from the safe_html. */
static int
only_safe_tags(struct str out)
{
	const char	*p, *end = out.p + out.n;

	for (p = out.p; (p = memchr(p, '<', (size_t)(end - p))) != NULL;
	    p++) {
		if ((size_t)(end - p) >= 4 && memcmp(p, "<em>", 4) == 0)
			continue;
		if ((size_t)(end - p) >= 5 && memcmp(p, "</em>", 5) == 0)
			continue;
		return 0;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mustache_set	*set;
	struct arena		*a;
	struct tv		*view;
	struct buf		 b;
	struct str		 out;
	char			 err[128];
	size_t			 i;
	unsigned		 flags;

	set = mustache_set_new();
	for (i = 0; i < sizeof(partials) / sizeof(partials[0]); i++)
		if (mustache_set_add(set, partials[i].name, partials[i].src,
		    strlen(partials[i].src), NULL, 0) != NG_OK)
			abort();
	if (mustache_set_add(set, "t", (const char *)data, size, err,
	    sizeof(err)) != NG_OK) {
		/* The message must be a terminated line naming the line. */
		if (memchr(err, '\0', sizeof(err)) == NULL ||
		    strncmp(err, "line ", 5) != 0)
			abort();
		mustache_set_free(set);
		return 0;
	}
	a = arena_new(4 << 20);
	view = make_view(a);
	for (flags = 0; flags <= MUSTACHE_STRICT_RAW; flags++) {
		buf_init(&b, a);
		buf_set_max(&b, 256 * 1024);
		if (mustache_render(set, "t", view, flags, &b) != NG_OK)
			continue;
		if (buf_finish(&b, &out) != NG_OK)
			abort();
		if ((flags & MUSTACHE_STRICT_RAW) &&
		    memchr(data, '<', size) == NULL && !only_safe_tags(out))
			abort();
	}
	arena_free(a);
	mustache_set_free(set);
	return 0;
}
