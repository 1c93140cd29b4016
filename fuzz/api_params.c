/*
 * fuzz/api_params.c -- libFuzzer driver for the REST API's parsers
 * (src/api/params.c, json.c, apppass.c): WordPress integers and dates,
 * comma lists, _fields over a JSON body, Basic credentials.
 *
 * The input's first line is a query-ish value used for every scalar
 * parser, the rest a JSON document for json_loadb() and _fields.
 * Checked besides the sanitizers: a parsed integer round-trips through
 * its decimal form; list items lie inside the input, trimmed, non-empty;
 * a parsed date with an explicit zone does not depend on the site's.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/api_int.h"
#include "core/arena.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*s = (const char *)data, *nl;
	struct arena	*a;
	struct str	 line, rest, *items, dec;
	json_t		*v;
	json_error_t	 e;
	char		 b[32];
	int64_t		 i, t1, t2, back;
	size_t		 n, k;

	nl = memchr(s, '\n', size);
	line = (struct str){ s, nl != NULL ? (size_t)(nl - s) : size };
	rest = nl != NULL ? (struct str){ nl + 1, size - line.n - 1 } :
	    STR_LIT("");
	a = arena_new(1 << 20);

	if (api_parse_int(line, &i)) {
		snprintf(b, sizeof(b), "%lld", (long long)i);
		if (!api_parse_int(str_c(b), &back) || back != i)
			abort();
	}
	if (api_parse_date(line, 0, &t1) &&
	    api_parse_date(line, 7200, &t2) && line.n > 19 &&
	    (line.p[line.n - 1] == 'Z' || line.p[line.n - 6] == '+' ||
	    line.p[line.n - 6] == '-') && t1 != t2)
		abort();
	if (api_split_list(a, line, &items, &n, 100))
		for (k = 0; k < n; k++)
			if (items[k].n == 0 || items[k].p < line.p ||
			    items[k].p + items[k].n > line.p + line.n ||
			    items[k].p[0] == ' ' || items[k].p[0] == ',')
				abort();
	if (api_base64_decode(a, line, &dec) && dec.n > line.n)
		abort();
	if ((v = json_loadb(rest.p, rest.n, 0, &e)) != NULL) {
		api_fields_filter(v, line);
		json_decref(v);
	}
	arena_free(a);
	return 0;
}
