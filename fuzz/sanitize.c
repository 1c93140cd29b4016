/*
 * fuzz/sanitize.c -- libFuzzer driver for the WordPress body pipeline:
 * the block parser, automatic paragraphs and the HTML sanitizer
 * (content/blocks.c, autop.c, sanitize.c).
 *
 * Invariants checked besides the sanitizers: no block delimiter and no
 * comment, script or iframe and no URL a second check refuses leaves the
 * sanitizer, and the same holds when its output is sanitized again.
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

/*
 * Every URL attribute written must pass the scheme check again.  The
 * sanitizer writes each attribute as name="value" with '"' escaped, so
 * a tag is walked attribute by attribute ("a javascript: in the text",
 * or " src=" inside another value, is not an attribute).
 */
static void
check_urls(struct str h)
{
	const char	*p = h.p, *end = h.p + h.n, *ns, *vs;
	size_t		 nn;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		p++;
		if (p < end && *p == '/')
			continue;
		while (p < end && *p != ' ' && *p != '>')
			p++;
		while (p < end && *p == ' ') {
			p++;
			ns = p;
			while (p < end && *p != '=' && *p != ' ' && *p != '>')
				p++;
			nn = (size_t)(p - ns);
			if (p >= end || *p != '=')
				continue;
			if (++p >= end || *p != '"')
				abort();
			vs = ++p;
			if ((p = memchr(p, '"', (size_t)(end - p))) == NULL)
				abort();
			if (((nn == 4 && memcmp(ns, "href", 4) == 0) ||
			    (nn == 3 && memcmp(ns, "src", 3) == 0) ||
			    (nn == 4 && memcmp(ns, "cite", 4) == 0)) &&
			    !sanitize_url_ok(vs, (size_t)(p - vs), 0))
				abort();
			p++;
		}
	}
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
	    has_ci(h.s, "<iframe") || has_ci(h.s, "<svg") ||
	    has_ci(h.s, "<style"))
		abort();
	check_urls(h.s);
	/*
	 * The output parsed again is just as clean.  (It is not always a
	 * fixed point: a heading the parser nested in a heading reparses
	 * as two.)
	 */
	if (sanitize_html(a, h.s.p, h.s.n, &h2, NULL) == NG_OK) {
		if (has_ci(h2.s, "<script") || has_ci(h2.s, "<!--") ||
		    has_ci(h2.s, "<iframe"))
			abort();
		check_urls(h2.s);
	}
out:
	arena_free(a);
	return 0;
}
