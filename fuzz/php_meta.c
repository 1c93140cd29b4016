/*
 * fuzz/php_meta.c -- libFuzzer driver for the PHP-serialized metadata
 * reader (src/import/php_meta.c), which reads _wp_attachment_metadata
 * and other post meta out of any WXR file an administrator imports.
 *
 * Invariants besides the sanitizers: every value found lies inside the
 * input; a value found in an input is found again, the same, when bytes
 * are added after the input (the reader never looks past what it
 * needs); and the whole-number reader never goes negative.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/php_meta.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const keys[] = { "width", "height", "file", "mime_type",
	"length", "artist", "album", "x", "" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct str in = { (const char *)data, size }, v, w;
	char	  *longer;
	size_t	   i;

	if ((longer = malloc(size + 8)) == NULL)
		abort();
	if (size > 0)
		memcpy(longer, data, size);
	memcpy(longer + size, "i:1;}}}}", 8);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		v = php_meta_field(in, keys[i]);
		if (php_meta_int(v) < 0)
			abort();
		if (v.p == NULL)
			continue;
		if (v.p < in.p || v.p + v.n > in.p + in.n)
			abort();
		w = php_meta_field((struct str){ longer, size + 8 }, keys[i]);
		if (w.p != longer + (v.p - in.p) || w.n != v.n)
			abort();
	}
	free(longer);
	return 0;
}
