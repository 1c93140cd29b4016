/*
 * buf.c -- growing byte buffer with a sticky error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"

void
buf_init(struct buf *b, struct arena *a)
{
	memset(b, 0, sizeof(*b));
	b->arena = a;
	b->max = SIZE_MAX / 2;
}

void
buf_set_max(struct buf *b, size_t max)
{
	b->max = max;
}

/*
 * Make room for n more bytes plus the terminating NUL: at least double
 * the capacity or, when exact, no more than needed.
 */
static int
grow_to(struct buf *b, size_t n, int exact)
{
	size_t want, ncap;
	char  *np;

	if (b->err != NG_OK)
		return 0;
	if (n > b->max - b->n || b->n > b->max) {
		b->err = NG_ETOOBIG;
		return 0;
	}
	want = b->n + n + 1;
	if (want <= b->cap)
		return 1;
	ncap = b->cap == 0 ? 256 : b->cap;
	while (ncap < want)
		ncap *= 2;
	if (exact)
		ncap = want;
	if (b->arena == NULL) {
		if ((np = realloc(b->p, ncap)) == NULL) {
			b->err = NG_ENOMEM;
			return 0;
		}
	} else {
		/* The old block stays in the arena: at most 2x waste. */
		if ((np = arena_alloc(b->arena, ncap)) == NULL) {
			b->err = NG_ENOMEM;
			return 0;
		}
		if (b->n > 0)
			memcpy(np, b->p, b->n);
	}
	b->p = np;
	b->cap = ncap;
	return 1;
}

static int
grow(struct buf *b, size_t n)
{
	return grow_to(b, n, 0);
}

void
buf_reserve(struct buf *b, size_t n)
{
	(void)grow_to(b, n, 1);
}

void
buf_put(struct buf *b, const void *p, size_t n)
{
	if (!grow(b, n))
		return;
	if (n > 0)
		memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_put(b, &c, 1);
}

void
buf_putstr(struct buf *b, struct str s)
{
	buf_put(b, s.p, s.n);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int	len;

	va_copy(ap2, ap);
	len = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (len < 0) {
		if (b->err == NG_OK)
			b->err = NG_EINVAL;
		return;
	}
	if (!grow(b, (size_t)len))
		return;
	vsnprintf(b->p + b->n, (size_t)len + 1, fmt, ap);
	b->n += (size_t)len;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_put_html(struct buf *b, const char *s, size_t n)
{
	size_t	    i, start;
	const char *rep;

	for (start = i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		buf_put(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_put(b, s + start, n - start);
}

void
buf_reset(struct buf *b)
{
	b->n = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

enum ng_err
buf_finish(struct buf *b, struct str *out)
{
	*out = STR_NULL;
	if (b->err != NG_OK)
		return b->err;
	if (b->p == NULL && !grow(b, 0))
		return b->err;
	if (b->p != NULL && b->n == 0)
		b->p[0] = '\0';
	*out = (struct str){ b->p, b->n };
	return NG_OK;
}

void
buf_release(struct buf *b)
{
	if (b->arena == NULL)
		free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}
