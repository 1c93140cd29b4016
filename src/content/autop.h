/*
 * autop.h -- WordPress's automatic paragraphs (wpautop) for bodies
 * written in the classic editor, which stores text with blank lines
 * where the author pressed Enter twice and no <p> tags.
 *
 * The semantics WordPress readers have seen for twenty years:
 *   - a blank line ends a paragraph; each paragraph is wrapped in <p>;
 *   - a single newline inside a paragraph becomes <br />;
 *   - block-level tags (div, ul, li, table, blockquote, h1..h6, figure,
 *     pre, p, ...) end paragraphs themselves; text that sits directly
 *     between a block tag's open and close is not wrapped again, and no
 *     <br /> is put beside a block tag;
 *   - the inside of <pre>, <script>, <style>, <textarea> and <svg>, and
 *     of every tag and HTML comment, is copied untouched.
 * The output is HTML still to be sanitized (content/sanitize.h).
 * Pure: no I/O, no globals.
 */
#ifndef NG_CONTENT_AUTOP_H
#define NG_CONTENT_AUTOP_H

#include <stddef.h>

#include "core/err.h"
#include "core/str.h"

struct arena;

/*
 * Add paragraphs to src[0..n) into *out (in a).  Returns NG_ENOMEM when
 * a is full.
 */
enum ng_err autop(struct arena *a, const char *src, size_t n,
    struct str *out) NG_WUR;

#endif
