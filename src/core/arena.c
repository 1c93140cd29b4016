/*
 * arena.c -- chunked bump allocator with a byte cap.
 *
 * Memory comes from a list of malloc'd chunks.  Small requests are carved
 * from the current chunk; a request bigger than a quarter of the chunk
 * size gets a chunk of its own so that it does not waste the tail of the
 * current one.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/xalloc.h"

#define CHUNK_SIZE 8192
#define ALIGN	   16

struct chunk {
	struct chunk *next;
	size_t	      size; /* usable bytes after the header */
	size_t	      used;
	/* data follows, aligned to ALIGN */
};

struct arena {
	struct chunk *head; /* current chunk for small allocations */
	struct chunk *big;  /* dedicated chunks for large allocations */
	size_t	      cap;
	size_t	      given;	  /* bytes handed out, counted against cap */
	long	      fail_after; /* < 0: off */
	int	      failed;	  /* sticky: an allocation failed */
};

#define CHUNK_HDR ((sizeof(struct chunk) + ALIGN - 1) & ~(size_t)(ALIGN - 1))

static unsigned char *
chunk_data(struct chunk *c)
{
	return (unsigned char *)c + CHUNK_HDR;
}

struct arena *
arena_new(size_t cap)
{
	struct arena *a;

	a = xcalloc(1, sizeof(*a));
	a->cap = cap;
	a->fail_after = -1;
	return a;
}

static void
chunks_free(struct chunk *c)
{
	struct chunk *next;

	for (; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	chunks_free(a->head);
	chunks_free(a->big);
	free(a);
}

static struct chunk *
chunk_new(size_t size)
{
	struct chunk *c;

	c = xmalloc(CHUNK_HDR + size);
	c->next = NULL;
	c->size = size;
	c->used = 0;
	return c;
}

void *
arena_alloc(struct arena *a, size_t sz)
{
	struct chunk *c;
	size_t	      rounded;

	if (a->fail_after == 0) {
		a->failed = 1;
		return NULL;
	}
	if (a->fail_after > 0)
		a->fail_after--;
	if (sz == 0)
		sz = 1;
	if (sz > SIZE_MAX - ALIGN) {
		a->failed = 1;
		return NULL;
	}
	rounded = (sz + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (rounded > a->cap - a->given || a->given > a->cap) {
		a->failed = 1;
		return NULL;
	}

	if (rounded > CHUNK_SIZE / 4) {
		c = chunk_new(rounded);
		c->next = a->big;
		a->big = c;
		c->used = rounded;
		a->given += rounded;
		return chunk_data(c);
	}
	c = a->head;
	if (c == NULL || c->size - c->used < rounded) {
		c = chunk_new(CHUNK_SIZE);
		c->next = a->head;
		a->head = c;
	}
	c->used += rounded;
	a->given += rounded;
	return chunk_data(c) + c->used - rounded;
}

void *
arena_calloc(struct arena *a, size_t n, size_t sz)
{
	void *p;

	if (sz != 0 && n > SIZE_MAX / sz)
		return NULL;
	if ((p = arena_alloc(a, n * sz)) != NULL)
		memset(p, 0, n * sz);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX || (p = arena_alloc(a, n + 1)) == NULL)
		return NULL;
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

struct str
arena_str(struct arena *a, struct str s)
{
	char *p;

	if ((p = arena_strndup(a, s.p, s.n)) == NULL)
		return STR_NULL;
	return (struct str){ p, s.n };
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int	len;
	char   *p;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || (p = arena_alloc(a, (size_t)len + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return p;
}

int
arena_failed(const struct arena *a)
{
	return a->failed;
}

size_t
arena_used(const struct arena *a)
{
	return a->given;
}

void
arena_fail_after(struct arena *a, long n)
{
	a->fail_after = n;
}
