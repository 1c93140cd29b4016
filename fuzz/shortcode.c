/*
 * fuzz/shortcode.c -- libFuzzer driver for the shortcode parser
 * (content/shortcode.c): bytes in, nodes out.
 *
 * Invariants checked besides the sanitizers: the nodes cover the input
 * exactly and in order (nothing is lost or invented, so nothing can leak
 * around the renderer), a CODE node's kind matches its name, and every
 * TEXT node's kept bytes lie inside the input.  The same input is also
 * parsed as an enclosing shortcode's content would be (another first
 * line), the marker reader is run on it, and its galleries are
 * renumbered (the importer's rewrite), which must give a body that
 * parses to as many nodes again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "content/shortcode.h"
#include "core/arena.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Each gallery's own ids=, doubled: numbers the rewrite writes. */
static size_t
renumber(void *arg, const struct shortcode_node *nd, int64_t *ids,
    size_t max)
{
	struct str	v;
	size_t		n, i;

	(void)arg;
	if (!shortcode_attr(nd, "ids", 0, &v))
		return 0;
	n = shortcode_id_list(v, ids, max);
	for (i = 0; i < n; i++)
		ids[i] = ids[i] % 1000000 * 2;
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*s = (const char *)data;
	struct shortcode_doc	 d, d2;
	struct shortcode_marker	 m;
	struct str		 r;
	struct arena		*a;
	size_t			 i, at = 0;
	int			 ok;

	a = arena_new(64u << 20);
	ok = shortcode_parse(a, s, size, 1, &d) == NG_OK;
	if (ok) {
		for (i = 0; i < d.n; i++) {
			if (d.v[i].src.p != s + at)
				abort();
			at += d.v[i].src.n;
			if (d.v[i].type == SHORTCODE_NODE_TEXT &&
			    (d.v[i].text.p < s ||
			    d.v[i].text.p + d.v[i].text.n > s + size))
				abort();
			if (d.v[i].type == SHORTCODE_NODE_CODE &&
			    d.v[i].kind != SHORTCODE_VIDEO_URL &&
			    d.v[i].kind != shortcode_kind_of(d.v[i].name))
				abort();
		}
		if (at != size)
			abort();
	}
	/* Another first line number changes line numbers, not the nodes. */
	if (shortcode_parse(a, s, size, 7, &d2) == NG_OK && ok &&
	    d2.n != d.n)
		abort();
	if (shortcode_marker_parse((struct str){ s, size }, &m) &&
	    m.len > size)
		abort();
	if (ok && shortcode_gallery_renumber(a, (struct str){ s, size },
	    renumber, NULL, &r) == NG_OK && r.p != s &&
	    shortcode_parse(a, r.p, r.n, 1, &d2) == NG_OK && d2.n != d.n)
		abort();
	arena_free(a);
	return 0;
}
