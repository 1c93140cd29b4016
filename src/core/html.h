/*
 * html.h -- the type of HTML that may be written out unescaped.
 *
 * Templates escape every value unless it is a struct safe_html (STYLE.md
 * pattern 7).  Only three places make one: markdown_render() (md4c output
 * of our own Markdown), the sanitizer (later), and the store when it hands
 * back HTML that one of those two produced at save time.  grep for
 * safe_html_trust to audit them.
 */
#ifndef NG_CORE_HTML_H
#define NG_CORE_HTML_H

#include "core/str.h"

struct safe_html {
	struct str	 s;
};

/*
 * Declare s to be safe HTML.  Call only on bytes produced by the Markdown
 * renderer or the sanitizer (possibly after a round trip through the
 * store).
 */
static inline struct safe_html
safe_html_trust(struct str s)
{
	return (struct safe_html){ s };
}

#endif
