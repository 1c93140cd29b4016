/*
 * buf.h -- a growing byte buffer with a sticky error (sqlite3_str).
 *
 * A buf either grows inside an arena (the request's output) or on the heap
 * (arena == NULL; the caller then owns .p and frees it with buf_release()).
 * The first failure (out of space, or past max) is remembered; later
 * appends do nothing and buf_finish() reports it, so builders need check
 * only once at the end.  The contents are always NUL-terminated when
 * .p != NULL, but may also contain NULs: use .n, not strlen.
 */
#ifndef NG_CORE_BUF_H
#define NG_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "core/err.h"
#include "core/str.h"

struct arena;

struct buf {
	struct arena *arena; /* NULL: heap */
	char	     *p;
	size_t	      n;
	size_t	      cap;
	size_t	      max; /* refuse to grow past this many bytes */
	enum ng_err   err; /* sticky: first failure */
};

/* Start an empty buffer in arena a (or on the heap when a is NULL). */
void buf_init(struct buf *b, struct arena *a);

/* Limit the buffer to max bytes; appending past it sets NG_ETOOBIG. */
void buf_set_max(struct buf *b, size_t max);

/*
 * Make room for n more bytes in one allocation of just that size (a
 * request body of known length: doubling inside an arena would need up
 * to three times the body).  Past max it fails like buf_put().
 */
void buf_reserve(struct buf *b, size_t n);

void buf_put(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_putstr(struct buf *b, struct str s);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Append s with the five HTML-special characters escaped (& < > " '). */
void buf_put_html(struct buf *b, const char *s, size_t n);

/* Empty the buffer, keeping its memory.  The sticky error stays. */
void buf_reset(struct buf *b);

/*
 * Return the sticky error (NG_OK if none) and, on success, the contents
 * as a slice in *out.  The slice lives as long as the buffer.
 */
enum ng_err buf_finish(struct buf *b, struct str *out) NG_WUR;

/* Free a heap buffer's memory.  No-op for arena buffers. */
void buf_release(struct buf *b);

#endif
