/*
 * fuzz/cookie.c -- libFuzzer driver for the Cookie header parser
 * (req_cookie_find()), which reads the session and CSRF cookies.
 *
 * The input's first byte picks how many of the next bytes are the
 * cookie name asked for; the rest is the header.  The fixed names the
 * server uses are asked for too.  Invariants besides the sanitizers: a
 * found value is a slice of the header, holds no ';' and is found again
 * when asked twice.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/req.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(struct str hdr, const char *name)
{
	struct str	 v, w;

	if (req_cookie_find(hdr, name, &v) != NG_OK)
		return;
	if (v.n > 0 && (v.p < hdr.p || v.p + v.n > hdr.p + hdr.n ||
	    memchr(v.p, ';', v.n) != NULL))
		abort();
	if (req_cookie_find(hdr, name, &w) != NG_OK || w.p != v.p ||
	    w.n != v.n)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		 name[64];
	struct str	 hdr;
	size_t		 k;

	if (size < 1)
		return 0;
	k = data[0] % sizeof(name);
	if (k > size - 1)
		k = size - 1;
	memcpy(name, data + 1, k);
	name[k] = '\0';
	hdr = (struct str){ (const char *)data + 1 + k, size - 1 - k };
	check(hdr, name);
	check(hdr, "ng_session");
	check(hdr, "ng_csrf");
	return 0;
}
