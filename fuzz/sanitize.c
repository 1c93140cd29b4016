/*
 * fuzz/sanitize.c -- libFuzzer driver for the WordPress body pipeline:
 * the block parser, automatic paragraphs and the HTML sanitizer
 * (content/blocks.c, autop.c, sanitize.c).
 *
 * Invariants checked besides the sanitizers: no block delimiter and no
 * comment, script, event handler or javascript: URL leaves the
 * sanitizer, and sanitizing its output again changes nothing (when the
 * input made no video marker, which only the first pass may write).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "content/autop.h"
#include "content/blocks.h"
#include "content/sanitize.h"
#include "core/arena.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
has_ci(struct str s, const char *needle)
{
	size_t	 i, n = strlen(needle);

	for (i = 0; i + n <= s.n; i++)
		if (strncasecmp(s.p + i, needle, n) == 0)
			return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*s = (const char *)data;
	struct blocks_result	 br;
	struct safe_html	 h, h2;
	struct str		 body;
	struct arena		*a;

	a = arena_new(256u << 20);
	if (blocks_render(a, s, size, &br) != NG_OK)
		goto out;
	body = br.html;
	if (!blocks_present(s, size) && autop(a, s, size, &body) != NG_OK)
		goto out;
	if (sanitize_html(a, body.p, body.n, &h, NULL) != NG_OK)
		goto out;
	if (has_ci(h.s, "<script") || has_ci(h.s, "<!--") ||
	    has_ci(h.s, "javascript:") || has_ci(h.s, "<iframe") ||
	    has_ci(h.s, "<svg") || has_ci(h.s, "<style"))
		abort();
	if (memmem(h.s.p, h.s.n, "<ng-sc", 6) == NULL) {
		if (sanitize_html(a, h.s.p, h.s.n, &h2, NULL) != NG_OK ||
		    h2.s.n != h.s.n || memcmp(h2.s.p, h.s.p, h.s.n) != 0)
			abort();
	}
out:
	arena_free(a);
	return 0;
}
