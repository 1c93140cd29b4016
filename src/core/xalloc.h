/*
 * xalloc.h -- process-lifetime allocation that aborts on failure.
 *
 * Used for config, compiled templates and other objects created before
 * the server starts.  A server that cannot allocate a few hundred bytes at
 * startup has nothing sensible to do but stop (h2o_mem_alloc, zmalloc).
 */
#ifndef NG_CORE_XALLOC_H
#define NG_CORE_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t sz);
void *xcalloc(size_t n, size_t sz);
void *xrealloc(void *p, size_t sz);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
