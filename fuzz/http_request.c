/*
 * fuzz/http_request.c -- libFuzzer driver for the request parsers that
 * see raw client bytes: the path decoder, the query/form decoder and the
 * Cookie header parser (all pure functions in src/http/req.c).
 *
 * Invariants checked besides the sanitizers: a decoded path never holds
 * a NUL, never holds a "." or ".." segment, and always starts with '/';
 * decoded query values never hold a NUL.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "http/req.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
has_dot_segment(struct str p)
{
	size_t	 i, start = 0, len;

	for (i = 0; i <= p.n; i++) {
		if (i < p.n && p.p[i] != '/')
			continue;
		len = i - start;
		if ((len == 1 && p.p[start] == '.') ||
		    (len == 2 && p.p[start] == '.' && p.p[start + 1] == '.'))
			return 1;
		start = i + 1;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	*a;
	struct str	 in = { (const char *)data, size }, out;
	static const char *const names[] = { "q", "page", "author", "" };
	size_t		 i;

	a = arena_new(1 << 20);
	if (req_path_decode(a, in.p, in.n, &out) == NG_OK) {
		if (out.n == 0 || out.p[0] != '/' ||
		    memchr(out.p, '\0', out.n) != NULL || has_dot_segment(out))
			abort();
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (req_query_find(a, in, names[i], &out) == NG_OK &&
		    memchr(out.p, '\0', out.n) != NULL)
			abort();
		if (req_cookie_find(in, names[i], &out) == NG_OK &&
		    (out.p < in.p || out.p + out.n > in.p + in.n))
			abort();
	}
	arena_free(a);
	return 0;
}
