/*
 * fuzz/markdown.c -- libFuzzer driver for the Markdown glue: md4c's HTML
 * output through our link-scheme filter, and the plain-text renderer.
 *
 * Invariants checked besides the sanitizers: the HTML never contains a
 * raw "<script" or an href/src with a javascript: scheme (raw HTML is off
 * and the filter drops unsafe schemes), and the text view never holds a
 * '<' followed by a letter that came from markup (it may from the input
 * text, so only the HTML is checked strictly).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "content/markdown.h"
#include "core/arena.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
contains_ci(struct str s, const char *needle)
{
	size_t	 i, j, n = strlen(needle);

	for (i = 0; i + n <= s.n; i++) {
		for (j = 0; j < n; j++)
			if (tolower((unsigned char)s.p[i + j]) != needle[j])
				break;
		if (j == n)
			return 1;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		*a;
	struct safe_html	 html;
	struct str		 text;

	a = arena_new(64 << 20);
	if (markdown_render(a, (const char *)data, size, &html) == NG_OK) {
		if (contains_ci(html.s, "<script") ||
		    contains_ci(html.s, "href=\"javascript:") ||
		    contains_ci(html.s, "src=\"javascript:"))
			abort();
	}
	/* A text result that has length has bytes behind it. */
	if (markdown_text(a, (const char *)data, size, &text) == NG_OK &&
	    text.n > 0 && text.p == NULL)
		abort();
	arena_free(a);
	return 0;
}
