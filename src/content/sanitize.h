/*
 * sanitize.h -- untrusted HTML (imported WordPress bodies) to HTML that
 * may be written out unescaped.
 *
 * The input is parsed as an HTML5 fragment by gumbo -- the same tree a
 * browser would build, so no trick of malformed markup, odd nesting or
 * entity encoding reaches the output as anything but what the tree says
 * -- and the tree is written back out through an allow-list:
 *
 *   - kept: paragraphs, headings, lists, definition lists, tables,
 *     blockquote, pre/code, figure/figcaption, hr/br, links, images,
 *     audio/video/source, and the phrase elements (em, strong, abbr,
 *     cite, q, sub, sup, del, ins, mark, code, kbd, time, ...);
 *   - unwrapped (tag dropped, children kept): any other element (font,
 *     center, custom elements, ...);
 *   - dropped with everything inside: script, style, iframe (other than
 *     a YouTube/Vimeo player, which becomes nutgraf's click-to-load video
 *     marker), object, embed, applet, form and its controls, base, meta,
 *     link, template, noscript, frames, and every SVG and MathML subtree;
 *   - attributes: only those listed per element; URLs (href, src, cite)
 *     must be relative or http(s) (mailto:/tel: for links) once the
 *     parser has decoded entities and control characters and spaces are
 *     stripped as a browser would; style keeps text-align only; no event
 *     handler, srcset, poster or target ever passes.
 *   - comments are dropped.
 *
 * Sanitizing the output again gives the same bytes for markup the parser
 * keeps as it is (the golden cases check it); odd trees (a heading the
 * parser nested in a heading) may reparse differently, never unsafely.
 * Pure: no I/O, no globals.  fuzz/sanitize.c drives it.
 */
#ifndef NG_CONTENT_SANITIZE_H
#define NG_CONTENT_SANITIZE_H

#include <stddef.h>

#include "core/err.h"
#include "core/html.h"

struct arena;

#define SANITIZE_MAX	  (4 * 1024 * 1024) /* bytes of input */
#define SANITIZE_NEST_MAX 2000		    /* elements open at once, roughly */

struct sanitize_stats {
	size_t dropped;	  /* elements removed with their content */
	size_t unwrapped; /* elements whose tag was removed */
	size_t attrs;	  /* attributes removed */
};

/*
 * Sanitize src[0..n) into *out (in arena a).  stats may be NULL.
 * Returns NG_ETOOBIG past SANITIZE_MAX or nested deeper than
 * SANITIZE_NEST_MAX, NG_ENOMEM when a is full,
 * NG_EINVAL when the parser fails.
 */
enum ng_err sanitize_html(struct arena *a, const char *src, size_t n,
    struct safe_html *out, struct sanitize_stats *stats) NG_WUR;

/*
 * The plain text of sanitized HTML h (this module's output), for the
 * .txt view and search: tags removed, block elements on lines of their
 * own, paragraphs separated by a blank line, the five escapes undone.
 */
enum ng_err sanitize_text(struct arena *a, struct str h,
    struct str *out) NG_WUR;

/*
 * Non-zero if url is safe as an href (img == 0) or as an image/media
 * source (img != 0): relative, http, https, and for links mailto and
 * tel, after stripping what a browser strips.
 */
int sanitize_url_ok(const char *url, size_t n, int img);

#endif
