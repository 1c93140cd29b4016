/*
 * utf8.c -- strict UTF-8 decoding (RFC 3629 section 4, Table 3-7 of the
 * Unicode standard).
 */
#include <stddef.h>
#include <stdint.h>

#include "core/utf8.h"

size_t
utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t	     c, min;
	size_t		     len, i;

	*cp = 0;
	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	/*
	 * Lead bytes: C0 and C1 could only start overlong forms and F5..FF
	 * would encode past U+10FFFF, so they are rejected here; the
	 * minimum checks below catch the remaining overlongs (E0 80..9F,
	 * F0 80..8F) and the upper bound catches F4 90..BF.
	 */
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		len = 2;
		c = u[0] & 0x1f;
		min = 0x80;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		len = 3;
		c = u[0] & 0x0f;
		min = 0x800;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		len = 4;
		c = u[0] & 0x07;
		min = 0x10000;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

int
utf8_valid(const char *s, size_t n)
{
	size_t	 i, len;
	uint32_t cp;

	for (i = 0; i < n; i += len) {
		/* ASCII runs are the common case; skip them cheaply. */
		if ((unsigned char)s[i] < 0x80) {
			len = 1;
			continue;
		}
		if ((len = utf8_decode(s + i, n - i, &cp)) == 0)
			return 0;
	}
	return 1;
}

size_t
utf8_chars(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xc0) != 0x80;
	return k;
}
