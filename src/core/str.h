/*
 * str.h -- borrowed byte slices that carry their length (h2o's iovec).
 *
 * A struct str never owns its bytes; whoever made it says how long they
 * live.  The bytes need not be NUL-terminated and may contain NULs, so
 * never pass .p to a function that calls strlen.
 */
#ifndef NG_CORE_STR_H
#define NG_CORE_STR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct str {
	const char *p;
	size_t	    n;
};

/* s must be a string literal ("" s "" refuses anything else). */
#define STR_LIT(s) ((struct str){ ("" s ""), sizeof(s) - 1 })
#define STR_NULL   ((struct str){ NULL, 0 })

/* A slice of a NUL-terminated string (or the empty slice for NULL). */
static inline struct str
str_c(const char *s)
{
	return (struct str){ s, s == NULL ? 0 : strlen(s) };
}

/* Non-zero if a and b hold the same bytes. */
static inline int
str_eq(struct str a, struct str b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

/* Non-zero if a equals the NUL-terminated string c. */
static inline int
str_eqc(struct str a, const char *c)
{
	return str_eq(a, str_c(c));
}

/* Non-zero if a begins with prefix. */
static inline int
str_has_prefix(struct str a, struct str prefix)
{
	return a.n >= prefix.n && memcmp(a.p, prefix.p, prefix.n) == 0;
}

/* Bytes str_fmt_i64() may write: "-9223372036854775808" and a NUL. */
#define STR_I64_LEN 21

/*
 * Write v in decimal to b (STR_I64_LEN bytes) with a NUL and return its
 * length.  A page listing fifty comments formats hundreds of numbers,
 * and snprintf's machinery was a tenth of its time.
 */
static inline size_t
str_fmt_i64(char *b, int64_t v)
{
	char	 tmp[STR_I64_LEN];
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	size_t	 n = 0, i = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (v < 0)
		b[i++] = '-';
	while (n > 0)
		b[i++] = tmp[--n];
	b[i] = '\0';
	return i;
}

#endif
