/*
 * fuzz/permalink.c -- libFuzzer driver for article URL patterns
 * (content/permalink.c).
 *
 * The input's first line is a pattern and the rest a path.  Checked
 * besides the sanitizers: a pattern that parses fills in to a path that
 * matches back to the same slug, id and view; a path that matches gives
 * a slug inside the path that is a valid slug; the last-segment guess
 * never returns what is not a slug.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "content/permalink.h"
#include "content/slug.h"
#include "core/arena.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_hit(const struct permalink_hit *h, struct str path)
{
	if (h->slug.n > 0 && (h->slug.p < path.p ||
	    h->slug.p + h->slug.n > path.p + path.n || !slug_valid(h->slug)))
		abort();
	if ((unsigned)h->view >= PV__MAX)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*s = (const char *)data, *nl;
	struct permalink	 pl;
	struct permalink_hit	 hit;
	struct arena		*a;
	struct str		 pattern, path;
	const char		*p;
	int64_t			 t;
	enum permalink_view	 v;

	nl = memchr(s, '\n', size);
	pattern = (struct str){ s, nl != NULL ? (size_t)(nl - s) : size };
	path = nl != NULL ? (struct str){ nl + 1, size - pattern.n - 1 } :
	    STR_LIT("/2024/08/x/");
	if (permalink_guess(path, &hit) == NG_OK)
		check_hit(&hit, path);
	if (permalink_parse(pattern, &pl, NULL) != NG_OK)
		return 0;
	if (permalink_match(&pl, path, &hit) == NG_OK) {
		check_hit(&hit, path);
		(void)permalink_date_agrees(&hit, 1722841689);
	}
	/* Round trip at a time taken from the input. */
	a = arena_new(1 << 16);
	t = 0;
	memcpy(&t, s, size < sizeof(t) ? size : sizeof(t));
	t = t < 0 ? -(t + 1) : t;
	t %= 253402300800LL;
	for (v = PV_PAGE; v < PV_NOSLASH; v++) {
		if ((p = permalink_path(a, &pl, 42, STR_LIT("a-slug"), t, v)) ==
		    NULL)
			abort();
		if (permalink_match(&pl, str_c(p), &hit) != NG_OK ||
		    hit.view != v || !permalink_date_agrees(&hit, t) ||
		    (hit.slug.n > 0 && !str_eq(hit.slug, STR_LIT("a-slug"))) ||
		    (hit.id != 0 && hit.id != 42))
			abort();
	}
	arena_free(a);
	return 0;
}
