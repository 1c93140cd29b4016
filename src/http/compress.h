/*
 * compress.h -- content-coding negotiation and gzip/brotli bodies.
 *
 * Pure functions: no I/O, no globals, safe from any thread.  The server
 * uses them per response; the page cache can use the same calls to make
 * its pre-compressed bodies once, at render time, with the best level.
 */
#ifndef NG_HTTP_COMPRESS_H
#define NG_HTTP_COMPRESS_H

#include <stddef.h>

#include "core/err.h"
#include "core/str.h"

struct buf;

enum compress_enc {
	COMPRESS_IDENTITY,
	COMPRESS_GZIP,
	COMPRESS_BR,
	COMPRESS__MAX
};

enum compress_level {
	COMPRESS_FAST, /* per request: gzip 6, brotli 4 */
	COMPRESS_BEST, /* once, for a file: gzip 9, brotli 11 */
	/*
	 * Once per page-cache fill: gzip 9, brotli 6.  Brotli
	 * 10 and 11 shrink a 15 KB page by another 10-13% but cost 6-60 ms
	 * where 6 costs 0.3 ms, and a fill is paid again after every write
	 * and for every page a crawler touches once.
	 */
	COMPRESS_CACHE
};

/*
 * Pick the coding for a response from the request's Accept-Encoding value
 * (STR_NULL when the header is absent) per RFC 9110, 12.5.3: codings
 * with q=0 are refused, "*" stands for every coding not listed, brotli
 * wins a tie with gzip, and an explicit "identity" with a higher q than
 * either wins.  An absent or empty header, or one that refuses both,
 * gives COMPRESS_IDENTITY (identity is sent even when "identity;q=0":
 * RFC 9110 lets the server do that rather than answer 406).  Malformed
 * elements (a bad q-value) are ignored.
 */
enum compress_enc compress_negotiate(struct str accept_encoding);

/* The Content-Encoding token ("gzip", "br"), or NULL for identity. */
const char *compress_name(enum compress_enc enc);

/*
 * Non-zero if a body of this Content-Type is worth compressing: any text,
 * JSON, XML, JavaScript, SVG and the +xml/+json types.  Images, fonts
 * and archives are compressed already.
 */
int compress_type_ok(const char *content_type);

/*
 * Append in (n bytes) to out, encoded with enc at level.  out may be an
 * arena or a heap buf and keeps its max, so the caller bounds the output.
 * Returns NG_OK, NG_EINVAL for COMPRESS_IDENTITY or an unknown enc, the
 * buf's error (NG_ENOMEM, NG_ETOOBIG), or NG_EIO if the library fails.
 */
enum ng_err compress_body(struct buf *out, enum compress_enc enc,
    enum compress_level level, const void *in, size_t n) NG_WUR;

#endif
