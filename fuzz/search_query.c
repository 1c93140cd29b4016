/*
 * fuzz/search_query.c -- libFuzzer driver for the reader's search query
 * parser (store_search_parse()).
 *
 * Invariants besides the sanitizers: at most STORE_SEARCH_TERMS_MAX
 * terms; each a slice of the first STORE_SEARCH_QUERY_MAX bytes of the
 * input, without '"', with a letter or digit, and a prefix only after two
 * or more characters.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct search_terms	 t;
	struct str		 in = { (const char *)data, size }, s;
	size_t			 i, k;
	int			 alnum;

	store_search_parse(in, &t);
	if (t.n > STORE_SEARCH_TERMS_MAX)
		abort();
	for (i = 0; i < t.n; i++) {
		s = t.v[i].text;
		if (s.n == 0 || s.p < in.p || s.p + s.n > in.p + in.n ||
		    s.p + s.n > in.p + STORE_SEARCH_QUERY_MAX ||
		    memchr(s.p, '"', s.n) != NULL)
			abort();
		for (alnum = 0, k = 0; k < s.n; k++)
			if (isalnum((unsigned char)s.p[k]) ||
			    (unsigned char)s.p[k] >= 0x80)
				alnum = 1;
		if (!alnum)
			abort();
		if (t.v[i].prefix && s.n < 2)
			abort();
	}
	return 0;
}
