/*
 * markdown.h -- article bodies: CommonMark + tables, to HTML and to text.
 *
 * The only module that includes md4c.  Rendering happens when an article
 * is saved, never per request; the store keeps both outputs.
 */
#ifndef NG_CONTENT_MARKDOWN_H
#define NG_CONTENT_MARKDOWN_H

#include <stddef.h>

#include "core/err.h"
#include "core/html.h"

struct arena;

/* Longest Markdown source accepted (bytes). */
#define MARKDOWN_MAX (1024 * 1024)

/*
 * Render src (n bytes of UTF-8 Markdown, CommonMark with GitHub tables and
 * strikethrough) to HTML in arena a.  Raw HTML in the source is escaped,
 * not passed through, so the output is safe to emit unescaped.  Returns
 * NG_ETOOBIG past MARKDOWN_MAX, NG_ENOMEM when the arena is exhausted,
 * NG_EINVAL when md4c fails.  *out lives as long as a.
 */
enum ng_err markdown_render(struct arena *a, const char *src, size_t n,
    struct safe_html *out) NG_WUR;

/*
 * Render src to plain text for the .txt view and search: paragraphs
 * separated by blank lines, list items prefixed "- ", links as
 * "text <url>", no markup.  Same errors as markdown_render().
 */
enum ng_err markdown_text(struct arena *a, const char *src, size_t n,
    struct str *out) NG_WUR;

#endif
