/*
 * multipart.h -- multipart/form-data request bodies (RFC 7578): the
 * newsroom's image uploads.
 *
 * Pure functions over a body already in memory (the route's body_max
 * bounds it): no I/O, no globals, every part a slice of the body.
 */
#ifndef NG_HTTP_MULTIPART_H
#define NG_HTTP_MULTIPART_H

#include <stddef.h>

#include "core/err.h"
#include "core/str.h"

struct arena;

#define MULTIPART_PARTS_MAX    32   /* parts per body */
#define MULTIPART_HEAD_MAX     4096 /* header bytes per part */
#define MULTIPART_BOUNDARY_MAX 70   /* RFC 2046 */

struct multipart_part {
	struct str name;     /* the form field's name */
	struct str filename; /* STR_NULL unless a file field */
	struct str type;     /* the part's Content-Type, or "" */
	struct str data;     /* the content, a slice of the body */
};

/*
 * The boundary of a Content-Type header value
 * ("multipart/form-data; boundary=xyz", the value maybe quoted).
 * NG_EINVAL when the type is not multipart/form-data or the boundary is
 * missing, empty or longer than MULTIPART_BOUNDARY_MAX.
 */
enum ng_err multipart_boundary(struct str ctype, struct str *out) NG_WUR;

/*
 * Split body into its parts, at most MULTIPART_PARTS_MAX, into an arena
 * vector.  NG_EINVAL for a bad Content-Type, a missing or unterminated
 * delimiter, a part without a Content-Disposition form-data name or
 * with an oversized header block; NG_ETOOBIG for too many parts;
 * NG_ENOMEM.
 */
enum ng_err multipart_parse(struct arena *a, struct str ctype, struct str body,
    struct multipart_part **out, size_t *n) NG_WUR;

/* The first part named name, or NULL. */
const struct multipart_part *multipart_find(const struct multipart_part *v,
    size_t n, const char *name);

#endif
