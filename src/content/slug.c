/*
 * slug.c -- titles to URL slugs.
 *
 * The transliteration table covers U+00C0..U+017F, the Latin letters of
 * the Western, Central European, Baltic and Turkish alphabets that news
 * headlines use most; other scripts become separators, and a title with
 * nothing else (all Cyrillic, say) gets NG_EINVAL so the editor is asked
 * for a slug instead of receiving "-" or a random one.
 */
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "content/slug.h"
#include "core/utf8.h"

#define TRANS_FIRST 0x00c0
#define TRANS_LAST  0x017f

/*
 * ASCII for U+00C0..U+017F, already lowercase; NULL for the two symbols
 * in the range (U+00D7 multiplication sign, U+00F7 division sign), which
 * are separators.  German umlauts map to the bare vowel (ü -> u, not ue),
 * as WordPress's remove_accents() does for non-German locales.
 */
static const char *const trans[TRANS_LAST - TRANS_FIRST + 1] = {
	/* U+00C0 */ "a",
	"a",
	"a",
	"a",
	"a",
	"a",
	"ae",
	"c",
	/* U+00C8 */ "e",
	"e",
	"e",
	"e",
	"i",
	"i",
	"i",
	"i",
	/* U+00D0 */ "d",
	"n",
	"o",
	"o",
	"o",
	"o",
	"o",
	NULL,
	/* U+00D8 */ "o",
	"u",
	"u",
	"u",
	"u",
	"y",
	"th",
	"ss",
	/* U+00E0 */ "a",
	"a",
	"a",
	"a",
	"a",
	"a",
	"ae",
	"c",
	/* U+00E8 */ "e",
	"e",
	"e",
	"e",
	"i",
	"i",
	"i",
	"i",
	/* U+00F0 */ "d",
	"n",
	"o",
	"o",
	"o",
	"o",
	"o",
	NULL,
	/* U+00F8 */ "o",
	"u",
	"u",
	"u",
	"u",
	"y",
	"th",
	"y",
	/* U+0100 */ "a",
	"a",
	"a",
	"a",
	"a",
	"a",
	"c",
	"c",
	/* U+0108 */ "c",
	"c",
	"c",
	"c",
	"c",
	"c",
	"d",
	"d",
	/* U+0110 */ "d",
	"d",
	"e",
	"e",
	"e",
	"e",
	"e",
	"e",
	/* U+0118 */ "e",
	"e",
	"e",
	"e",
	"g",
	"g",
	"g",
	"g",
	/* U+0120 */ "g",
	"g",
	"g",
	"g",
	"h",
	"h",
	"h",
	"h",
	/* U+0128 */ "i",
	"i",
	"i",
	"i",
	"i",
	"i",
	"i",
	"i",
	/* U+0130 */ "i",
	"i",
	"ij",
	"ij",
	"j",
	"j",
	"k",
	"k",
	/* U+0138 */ "k",
	"l",
	"l",
	"l",
	"l",
	"l",
	"l",
	"l",
	/* U+0140 */ "l",
	"l",
	"l",
	"n",
	"n",
	"n",
	"n",
	"n",
	/* U+0148 */ "n",
	"n",
	"n",
	"n",
	"o",
	"o",
	"o",
	"o",
	/* U+0150 */ "o",
	"o",
	"oe",
	"oe",
	"r",
	"r",
	"r",
	"r",
	/* U+0158 */ "r",
	"r",
	"s",
	"s",
	"s",
	"s",
	"s",
	"s",
	/* U+0160 */ "s",
	"s",
	"t",
	"t",
	"t",
	"t",
	"t",
	"t",
	/* U+0168 */ "u",
	"u",
	"u",
	"u",
	"u",
	"u",
	"u",
	"u",
	/* U+0170 */ "u",
	"u",
	"u",
	"u",
	"w",
	"w",
	"y",
	"y",
	/* U+0178 */ "y",
	"z",
	"z",
	"z",
	"z",
	"z",
	"z",
	"s",
};

/*
 * Room for SLUG_MAX bytes, one more to learn whether the cut fell on a
 * word boundary, and the longest transliteration (2 bytes) on top.
 */
#define WORK_MAX (SLUG_MAX + 4)

int
slug_valid(struct str s)
{
	size_t i;
	char   c;

	if (s.n == 0 || s.n > SLUG_MAX || s.p[0] == '-' || s.p[s.n - 1] == '-')
		return 0;
	for (i = 0; i < s.n; i++) {
		c = s.p[i];
		if (c == '-') {
			if (s.p[i - 1] == '-')
				return 0;
		} else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

int
slug_legacy_valid(struct str s)
{
	size_t i;
	int    wide = 0;
	char   c;

	if (s.n == 0 || s.n > SLUG_MAX || !utf8_valid(s.p, s.n))
		return 0;
	for (i = 0; i < s.n; i++) {
		c = s.p[i];
		if ((unsigned char)c >= 0x80)
			wide = 1;
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			     c == '-' || c == '_'))
			return 0;
	}
	return wide;
}

/* Build the slug of title in w; return its length (0: none). */
static size_t
build(struct str title, char w[WORK_MAX])
{
	const char   *t;
	size_t	      n, i, len, k;
	uint32_t      cp;
	int	      dash;
	unsigned char c;

	n = 0;
	dash = 0; /* a separator is pending */
	/* Stop once past SLUG_MAX: the rest would be cut anyway. */
	for (i = 0; i < title.n && n <= SLUG_MAX; i += len) {
		c = (unsigned char)title.p[i];
		len = 1;
		t = NULL;
		if (c >= 'A' && c <= 'Z')
			c = c - 'A' + 'a';
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && n > 0)
				w[n++] = '-';
			dash = 0;
			w[n++] = (char)c;
			continue;
		}
		if (c == '\'')
			continue;
		if (c >= 0x80) {
			if ((len = utf8_decode(title.p + i, title.n - i,
				 &cp)) == 0)
				len = 1; /* invalid byte: a separator */
			else if (cp == 0x2018 || cp == 0x2019)
				continue;
			else if (cp >= TRANS_FIRST && cp <= TRANS_LAST)
				t = trans[cp - TRANS_FIRST];
		}
		if (t == NULL) {
			dash = 1;
			continue;
		}
		if (dash && n > 0)
			w[n++] = '-';
		dash = 0;
		for (k = 0; t[k] != '\0'; k++)
			w[n++] = t[k];
	}
	if (n > SLUG_MAX) {
		/*
		 * Cut at the last dash that keeps the slug within SLUG_MAX,
		 * so no word is cut in half; w[SLUG_MAX] itself being a dash
		 * means the cut already falls between words.
		 */
		for (k = SLUG_MAX; k > 0 && w[k] != '-'; k--)
			;
		n = k > 0 ? k : SLUG_MAX;
	}
	return n;
}

int
slug_possible(struct str title)
{
	char w[WORK_MAX];

	return build(title, w) > 0;
}

enum ng_err
slug_make(struct arena *a, struct str title, struct str *out)
{
	char   w[WORK_MAX];
	char  *p;
	size_t n;

	*out = STR_NULL;
	if ((n = build(title, w)) == 0)
		return NG_EINVAL;
	if ((p = arena_strndup(a, w, n)) == NULL)
		return NG_ENOMEM;
	*out = (struct str){ p, n };
	return NG_OK;
}
