/*
 * mustache.h -- the Mustache template engine.
 *
 * Implements the Mustache spec v1.3 (https://github.com/mustache/spec):
 * interpolation with HTML escaping, sections, inverted sections, comments,
 * set-delimiter tags, partials (with standalone indentation), template
 * inheritance ({{<parent}}{{$block}}...{{/block}}{{/parent}}) and dynamic
 * names ({{>*name}}); not lambdas.  Checked against the official spec files
 * by tests/conformance/.
 *
 * Templates are compiled once into a set, which is immutable afterwards and
 * may be rendered from many threads at once.  Partials and parents are
 * looked up by name in the same set at render time; a missing one renders
 * as the empty string, as the spec requires.
 */
#ifndef NG_RENDER_MUSTACHE_H
#define NG_RENDER_MUSTACHE_H

#include <stddef.h>

#include "core/err.h"

struct buf;
struct tv;
struct mustache_set;

/* Render flags. */
#define MUSTACHE_STRICT_RAW \
	0x01 /* {{{x}}} and {{&x}} emit only TV_HTML
					   raw; a plain string is escaped
					   anyway (nutgraf's pages use this) */

/* A new empty set.  Aborts on OOM.  Free with mustache_set_free(). */
struct mustache_set *mustache_set_new(void);

void mustache_set_free(struct mustache_set *set);

/*
 * Compile src (n bytes) and add it to set under name (copied), replacing
 * any template of that name.  On NG_EINVAL (unclosed section, mismatched
 * close tag, bad delimiters, ...) a one-line message naming the line is
 * written to errbuf (errsz bytes, may be 0) and the set is unchanged.
 */
enum ng_err mustache_set_add(struct mustache_set *set, const char *name,
    const char *src, size_t n, char *errbuf, size_t errsz) NG_WUR;

/* Non-zero if set has a template called name. */
int mustache_set_has(const struct mustache_set *set, const char *name);

/*
 * Render template name with ctx as the root context, appending to out.
 * flags is a mask of MUSTACHE_*.  Returns NG_ENOTFOUND when name is not in
 * the set, the buffer's sticky error if output failed, NG_ETOOBIG when
 * partial recursion exceeds a fixed depth, else NG_OK.
 */
enum ng_err mustache_render(const struct mustache_set *set, const char *name,
    const struct tv *ctx, unsigned flags, struct buf *out) NG_WUR;

#endif
