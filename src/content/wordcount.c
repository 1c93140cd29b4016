/*
 * wordcount.c -- words and reading time of a body (wordcount.h).
 *
 * One pass over the source: white space, tags, images and shortcode
 * tags end a word; a link's target is passed over inside its word.
 */
#include <stdint.h>
#include <string.h>

#include "content/shortcode.h"
#include "content/wordcount.h"
#include "core/utf8.h"

static int
space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static int
alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
name_char(char c)
{
	return alpha(c) || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* A letter or digit, or a character past ASCII that is not punctuation. */
static int
letter(uint32_t cp)
{
	if (cp < 0x80)
		return alpha((char)cp) || (cp >= '0' && cp <= '9');
	return cp > 0xbf && !(cp >= 0x2000 && cp <= 0x206f) &&
	    !(cp >= 0x3000 && cp <= 0x303f);
}

/* Where c closes what opens at p[i], on the same line; 0 for nowhere. */
static size_t
close_on_line(const char *p, size_t n, size_t i, char c)
{
	size_t j;

	for (j = i + 1; j < n && p[j] != '\n'; j++) {
		if (p[j] == c)
			return j;
		if (c == ']' && p[j] == '[')
			return 0;
	}
	return 0;
}

/* Is the bracket's inside (m bytes) a shortcode tag? */
static int
shortcode_tag(const char *in, size_t m, int link_follows)
{
	size_t k;

	if (m == 0)
		return 0;
	if (memchr(in, '=', m) != NULL)
		return 1;
	if (link_follows)
		return 0;
	if (in[0] == '/' || in[m - 1] == '/')
		return 1;
	for (k = 0; k < m && name_char(in[k]); k++)
		;
	if (k == 0 || (k < m && !space(in[k])))
		return 0;
	return shortcode_kind_of((struct str){ in, k }) != SHORTCODE_UNKNOWN;
}

/* Where what is not read and ends a word at p[i] ends; 0: not that. */
static size_t
unread_end(const char *p, size_t n, size_t i)
{
	const char *e;
	size_t	    j, k;

	if (space(p[i]))
		return i + 1;
	if (p[i] == '<' && i + 1 < n &&
	    (alpha(p[i + 1]) || p[i + 1] == '/' || p[i + 1] == '!')) {
		if (n - i >= 4 && memcmp(p + i, "<!--", 4) == 0) {
			for (j = i + 4; j + 3 <= n; j++)
				if (memcmp(p + j, "-->", 3) == 0)
					return j + 3;
			return n;
		}
		e = memchr(p + i, '>', n - i);
		return e != NULL ? (size_t)(e - p) + 1 : n;
	}
	if (p[i] == '!' && i + 1 < n && p[i + 1] == '[' &&
	    (j = close_on_line(p, n, i + 1, ']')) != 0 && j + 1 < n &&
	    p[j + 1] == '(' && (k = close_on_line(p, n, j + 1, ')')) != 0)
		return k + 1;
	if (p[i] == '[' && (j = close_on_line(p, n, i, ']')) != 0 &&
	    shortcode_tag(p + i + 1, j - i - 1, j + 1 < n && p[j + 1] == '('))
		return j + 1;
	return 0;
}

size_t
wordcount_body(struct str body)
{
	const char *p = body.p;
	size_t	    n = p != NULL ? body.n : 0;
	size_t	    i = 0, words = 0, start = 0, end, len;
	int	    in = 0, has = 0;
	uint32_t    cp;

	for (;;) {
		end = i < n ? unread_end(p, n, i) : n + 1;
		if (end != 0) {
			/* A word ends: count it unless it is a bare URL. */
			if (in && has &&
			    !(n - start >= 7 &&
				memcmp(p + start, "http://", 7) == 0) &&
			    !(n - start >= 8 &&
				memcmp(p + start, "https://", 8) == 0))
				words++;
			in = has = 0;
			if (i >= n)
				break;
			i = end;
			continue;
		}
		if (!in) {
			in = 1;
			start = i;
		}
		/* "[text](url)": the text is read, the target is not. */
		if (p[i] == ']' && i + 1 < n && p[i + 1] == '(' &&
		    (end = close_on_line(p, n, i + 1, ')')) != 0) {
			i = end + 1;
			continue;
		}
		if ((len = utf8_decode(p + i, n - i, &cp)) == 0) {
			len = 1;
			cp = 0;
		}
		if (letter(cp))
			has = 1;
		i += len;
	}
	return words;
}

size_t
wordcount_minutes(size_t words)
{
	return words == 0 ? 0 : (words + WORDCOUNT_WPM - 1) / WORDCOUNT_WPM;
}
