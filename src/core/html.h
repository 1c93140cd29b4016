/*
 * html.h -- the type of HTML that may be written out unescaped.
 *
 * Templates escape every value unless it is a struct safe_html (STYLE.md
 * pattern 7).  One is made from raw bytes only by safe_html_trust(), and
 * only in the files tests/lint/check-trusted-html.sh lists (the lint
 * fails on any other, and on a struct safe_html built by hand):
 *
 *  - what turns an author's text into HTML: the Markdown renderer
 *    (content/markdown.c, md4c), the sanitizer (content/sanitize.c),
 *    imported HTML after blocks, paragraphs and the sanitizer
 *    (content/shortcode_render.c), and comment text (content/comment.c);
 *  - the store backends, handing back HTML one of those made at save
 *    time (store/sqlite/sqlite.c, sqlite_page.c, store/pg/pg.c,
 *    pg_page.c);
 *  - what is built of escaped parts and rendered theme partials when a
 *    page is shown: shortcode markers and ad slots (reader/shortcodes.c)
 *    and their placement (site/ads.c), feed bodies with absolute links
 *    (site/feed.c), search snippets with <mark> (site/search.c), and
 *    JSON-LD with <, > and & escaped (site/meta.c).
 *
 * Each of those calls says at the call why its bytes are safe.
 */
#ifndef NG_CORE_HTML_H
#define NG_CORE_HTML_H

#include "core/str.h"

struct safe_html {
	struct str s;
};

/*
 * Declare s to be safe HTML.  Call only on bytes that are escaped or come
 * from the Markdown renderer or the sanitizer (possibly after a round
 * trip through the store), in a file the lint allows.
 */
static inline struct safe_html
safe_html_trust(struct str s)
{
	return (struct safe_html){ s };
}

/* No HTML at all: safe without anyone's word for it. */
static inline struct safe_html
safe_html_empty(void)
{
	return (struct safe_html){ { "", 0 } };
}

/*
 * The end of the tag starting at s.p[i] ('<'), just past its '>' (a '>'
 * inside a quoted attribute value does not end it); 0 when it has none.
 */
static inline size_t
html_tag_end(struct str s, size_t i)
{
	char q = 0;

	for (i++; i < s.n; i++) {
		if (q != 0) {
			if (s.p[i] == q)
				q = 0;
		} else if (s.p[i] == '"' || s.p[i] == '\'')
			q = s.p[i];
		else if (s.p[i] == '>')
			return i + 1;
	}
	return 0;
}

#endif
