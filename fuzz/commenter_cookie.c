/*
 * fuzz/commenter_cookie.c -- libFuzzer driver for the "save my name"
 * cookie's parser (commenter_cookie_parse(), src/site/commenter.c), which
 * reads what any browser sends.
 *
 * Invariants besides the sanitizers: a value it accepts is three fields
 * that, hex-encoded again and joined with '.', give back the input; a
 * value it refuses leaves all three fields empty.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "site/site_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char hexdig[] = "0123456789abcdef";
	struct arena	 *a;
	struct str	  v = { (const char *)data, size }, out[3];
	size_t		  i, j, k = 0;
	char		 *back;

	if ((a = arena_new(64 * 1024)) == NULL)
		abort();
	if (!commenter_cookie_parse(a, v, out)) {
		for (i = 0; i < 3; i++)
			if (out[i].n != 0)
				abort();
		arena_free(a);
		return 0;
	}
	if ((back = malloc(size + 1)) == NULL)
		abort();
	for (i = 0; i < 3; i++) {
		if (i > 0)
			back[k++] = '.';
		for (j = 0; j < out[i].n; j++) {
			if (k + 2 > size)
				abort();
			back[k++] = hexdig[(unsigned char)out[i].p[j] >> 4];
			back[k++] = hexdig[(unsigned char)out[i].p[j] & 15];
		}
	}
	if (k != size || memcmp(back, data, size) != 0)
		abort();
	free(back);
	arena_free(a);
	return 0;
}
