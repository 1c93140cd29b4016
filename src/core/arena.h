/*
 * arena.h -- a capped bump allocator for request-lifetime memory.
 *
 * Everything built while serving one request (parsed form, store rows,
 * template values, rendered HTML) comes from one arena that is freed in a
 * single call when the request completes, as h2o's req->pool and
 * libmicrohttpd's connection pool do.  Nothing allocated from an arena is
 * freed on its own.
 *
 * An arena has a byte cap.  Past it every allocation returns NULL and the
 * caller reports NG_ETOOBIG/NG_ENOMEM, so a hostile request cannot make the
 * process grow without bound.  An arena belongs to one thread at a time.
 */
#ifndef NG_CORE_ARENA_H
#define NG_CORE_ARENA_H

#include <stddef.h>

#include "core/str.h"

struct arena;

/*
 * Create an arena that will hand out at most cap bytes in total.  Aborts
 * the process if malloc fails (process-level OOM is fatal, as in h2o).
 * Free with arena_free().
 */
struct arena *arena_new(size_t cap);

/* Free the arena and everything allocated from it.  NULL is a no-op. */
void arena_free(struct arena *a);

/*
 * Return sz bytes aligned for any type, or NULL when the cap is reached
 * (or the fault-injection hook fires).  The memory is not zeroed.
 */
void *arena_alloc(struct arena *a, size_t sz);

/* As arena_alloc(), zero-filled. */
void *arena_calloc(struct arena *a, size_t n, size_t sz);

/*
 * Copy n bytes of s into the arena and NUL-terminate the copy.  NULL when
 * out of space.  The result lives as long as the arena.
 */
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* arena_strndup of a NUL-terminated string. */
char *arena_strdup(struct arena *a, const char *s);

/* Copy a slice into the arena; the copy is NUL-terminated (p[n] == 0). */
struct str arena_str(struct arena *a, struct str s);

/* printf into a new arena string; NULL when out of space. */
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Non-zero once any allocation from this arena has failed.  Builders that
 * ignore a NULL (template values, for instance) are checked with this once
 * before their result is used.
 */
int arena_failed(const struct arena *a);

/* Bytes handed out so far. */
size_t arena_used(const struct arena *a);

/*
 * Fault injection for tests (SQLite's malloc tests): the nth allocation
 * from now fails, and so does every one after it.  n < 0 turns it off.
 */
void arena_fail_after(struct arena *a, long n);

#endif
