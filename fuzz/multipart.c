/*
 * fuzz/multipart.c -- libFuzzer driver for the multipart/form-data parser
 * (src/http/multipart.c): the newsroom's uploads.
 *
 * The input's first line is the Content-Type header value, the rest the
 * body.  Invariants besides the sanitizers: at most MULTIPART_PARTS_MAX
 * parts; every name, filename, type and data is a slice of the input;
 * every part has a name; multipart_find() finds the first part of each
 * name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "http/multipart.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
inside(struct str s, const char *lo, const char *hi)
{
	return s.p == NULL || (s.p >= lo && s.p + s.n <= hi);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char			*p = (const char *)data, *nl;
	struct arena			*a;
	struct multipart_part		*v;
	const struct multipart_part	*f;
	struct str			 ctype, body;
	size_t				 n, i;

	nl = memchr(p, '\n', size);
	if (nl == NULL)
		return 0;
	ctype = (struct str){ p, (size_t)(nl - p) };
	body = (struct str){ nl + 1, size - (size_t)(nl + 1 - p) };
	a = arena_new(1 << 20);
	if (multipart_parse(a, ctype, body, &v, &n) == NG_OK) {
		if (n > MULTIPART_PARTS_MAX)
			abort();
		for (i = 0; i < n; i++) {
			if (v[i].name.p == NULL ||
			    !inside(v[i].name, p, p + size) ||
			    !inside(v[i].filename, p, p + size) ||
			    !inside(v[i].data, body.p, body.p + body.n))
				abort();
			f = multipart_find(v, n, arena_strndup(a, v[i].name.p,
			    v[i].name.n));
			if (f == NULL || f > &v[i])
				abort();
		}
	}
	arena_free(a);
	return 0;
}
