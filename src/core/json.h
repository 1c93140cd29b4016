/*
 * json.h -- a streaming JSON writer (RFC 8259) into a struct buf.
 *
 * The public site writes JSON in two places, the JSON Feed and the
 * JSON-LD of every page, and needs no parser and no tree for that: each
 * value is appended as it is made, in the order the calls come.  The API
 * (src/api), which also reads JSON, keeps jansson.
 *
 * Strings are escaped here, always:
 *	" and \, and every control character (U+0000..U+001F): \b \f \n
 *	\r \t or \u00XX;
 *	U+2028 and U+2029 as \u2028 and \u2029: valid in JSON but line
 *	ends to JavaScript before ES2019, so the text stays a valid
 *	script literal;
 *	bytes that are not UTF-8 as \ufffd (one each), so the output is
 *	always valid JSON whatever the input;
 *	with JSONW_SCRIPT also <, > and & as \u003c, \u003e and \u0026:
 *	the text may then stand inside <script> (JSON-LD) -- "</script>",
 *	"<!--" and "]]>" cannot occur in it, and \u escapes mean the same
 *	to a JSON parser.
 *
 * Misuse (a value in an object without its key, a key outside an
 * object, ending what was not begun, nesting deeper than JSONW_DEPTH)
 * is recorded as the buf's sticky error NG_EINVAL, like running out of
 * room, so a writer checks once, with buf_finish().
 */
#ifndef NG_CORE_JSON_H
#define NG_CORE_JSON_H

#include <stdint.h>

#include "core/str.h"

struct buf;

#define JSONW_DEPTH 16 /* levels of nesting */

/* Flags of jsonw_init(). */
#define JSONW_PRETTY 1 /* a line per member, indented one space a level */
#define JSONW_SCRIPT 2 /* escape <, > and & (JSON inside <script>) */

struct jsonw {
	struct buf *b;
	int	    flags;
	int	    depth;	/* open objects and arrays */
	int	    want_value; /* a key was written: its value is next */
	/* At each level: an object (1) or array (0), and whether it has a
	 * member yet. */
	unsigned char is_obj[JSONW_DEPTH + 1];
	unsigned char any[JSONW_DEPTH + 1];
};

/* Start writing one JSON value into b (which keeps what it holds). */
void jsonw_init(struct jsonw *w, struct buf *b, int flags);

/* Values: in an array, or after jsonw_key() in an object, or the top. */
void jsonw_obj(struct jsonw *w);
void jsonw_arr(struct jsonw *w);
/* End the innermost object or array. */
void jsonw_end(struct jsonw *w);
void jsonw_str(struct jsonw *w, struct str s);
/* A C string; NULL writes null. */
void jsonw_cstr(struct jsonw *w, const char *s);
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_bool(struct jsonw *w, int v);
void jsonw_null(struct jsonw *w);

/* An object member's name; the next call writes its value. */
void jsonw_key(struct jsonw *w, const char *key);

/*
 * Members with a string value, left out (key and all) when s.p is NULL
 * or s is not valid UTF-8: a reader sees an absent field, never a
 * damaged one.
 */
void jsonw_kstr(struct jsonw *w, const char *key, struct str s);
/* The same for a C string; NULL leaves the member out. */
void jsonw_kcstr(struct jsonw *w, const char *key, const char *s);
void jsonw_kint(struct jsonw *w, const char *key, int64_t v);

#endif
