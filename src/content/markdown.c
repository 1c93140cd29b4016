/*
 * markdown.c -- Markdown to HTML and to plain text, with md4c.
 *
 * The only file that includes md4c (STYLE.md 8.1), so moving to cmark-gfm
 * would touch nothing else.  Both renderers run when an article is saved;
 * readers are served the stored results.
 *
 * Dialect: CommonMark plus GitHub tables, strikethrough and bare http(s)
 * URL autolinks.  MD_FLAG_NOHTML makes raw HTML plain text, so the only
 * markup in md4c-html's output is markup md4c itself wrote.
 *
 * Link schemes.  CommonMark allows any scheme in a link destination, and
 * md4c-html writes it out as given, so "[x](javascript:alert(1))" would
 * become a live javascript: link.  We keep md4c-html as the renderer (it
 * is the tested, conformant part) and filter its output, rather than
 * re-implementing every block and span in an md_parse() renderer of our
 * own.  The filter is exact, not a heuristic: with raw HTML off, md4c-html
 * escapes every '<' and '"' of the document's text (&lt;, &quot;), so the
 * byte sequences '<a href="' and '<img src="' occur in its output only as
 * tags it generated, and the attribute values end at the next '"'
 * (md4c-html percent-encodes '"' in URLs and escapes it in titles and alt
 * text).  A link whose scheme is not on the allowlist loses its <a> tag
 * and keeps its text; such an image becomes its alt text.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <md4c.h>
#include <md4c-html.h>

#include "core/arena.h"
#include "core/buf.h"
#include "content/markdown.h"

#define MD_FLAGS                                  \
	(MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | \
	    MD_FLAG_PERMISSIVEURLAUTOLINKS | MD_FLAG_NOHTML)

/*
 * Output limits.  HTML can be several times the source ("&amp;" for each
 * '&', tags around one-letter table cells), text hardly ever longer (only
 * a reference link used many times repeats its URL).  Past these a body
 * is refused with NG_ETOOBIG rather than stored; they match the store's
 * STORE_HTML_MAX and STORE_BODY_MAX.
 */
#define HTML_MAX (4 * (size_t)MARKDOWN_MAX)
#define TEXT_MAX ((size_t)MARKDOWN_MAX)

/* Deepest list nesting whose numbering the text renderer tracks. */
#define LIST_DEPTH_MAX 16

/* Schemes a link or image may use; anything else is dropped. */
static const char *const schemes[] = {
	"http",
	"https",
	"mailto",
	"tel",
};

/*
 * Whether url (as md4c gives it, or as md4c-html wrote it) may be a link
 * target.  URLs without a scheme (relative paths, "#frag", "//host/...")
 * are safe.  A ':' before the first '/', '?' or '#' makes the prefix a
 * scheme, and that prefix must be on the allowlist exactly: a browser
 * would read "java%20script:" as a relative path, but refusing it costs
 * nothing and needs no knowledge of the WHATWG URL parser's corners.
 */
static int
url_safe(const char *url, size_t n)
{
	size_t i, k, len;

	for (i = 0; i < n; i++) {
		if (url[i] == '/' || url[i] == '?' || url[i] == '#')
			return 1;
		if (url[i] == ':')
			break;
	}
	if (i == n)
		return 1;
	for (k = 0; k < sizeof(schemes) / sizeof(schemes[0]); k++) {
		len = strlen(schemes[k]);
		if (len == i && strncasecmp(url, schemes[k], len) == 0)
			return 1;
	}
	return 0;
}

static int
has_prefix(const char *p, size_t n, const char *pfx)
{
	size_t len = strlen(pfx);

	return n >= len && memcmp(p, pfx, len) == 0;
}

/*
 * Copy md4c-html output in[0..n) to out, dropping links and images with
 * unsafe schemes (see the comment at the top of the file).
 */
static void
filter_links(const char *in, size_t n, struct buf *out)
{
	const char *lt, *url, *q, *gt, *alt, *altq;
	size_t	    i;
	int	    drop_close = 0;

	i = 0;
	while (i < n) {
		if ((lt = memchr(in + i, '<', n - i)) == NULL) {
			buf_put(out, in + i, n - i);
			break;
		}
		buf_put(out, in + i, (size_t)(lt - in) - i);
		i = (size_t)(lt - in);
		if (has_prefix(lt, n - i, "<a href=\""))
			url = lt + 9;
		else if (has_prefix(lt, n - i, "<img src=\""))
			url = lt + 10;
		else if (drop_close && has_prefix(lt, n - i, "</a>")) {
			/* Links do not nest: this closes the dropped one. */
			drop_close = 0;
			i += 4;
			continue;
		} else {
			buf_putc(out, '<');
			i++;
			continue;
		}
		if ((q = memchr(url, '"', (size_t)(in + n - url))) == NULL ||
		    (gt = memchr(q, '>', (size_t)(in + n - q))) == NULL) {
			/* Cannot happen with md4c-html; fail closed. */
			break;
		}
		if (url_safe(url, (size_t)(q - url))) {
			buf_put(out, lt, (size_t)(gt - lt) + 1);
		} else if (lt[1] == 'a') {
			drop_close = 1;
		} else {
			/* <img src="..." alt="..."...>: keep the alt text. */
			alt = memmem(q, (size_t)(gt - q), " alt=\"", 6);
			if (alt != NULL) {
				alt += 6;
				altq = memchr(alt, '"', (size_t)(gt - alt));
				if (altq != NULL)
					buf_put(out, alt, (size_t)(altq - alt));
			}
		}
		i = (size_t)(gt - in) + 1;
	}
}

static void
html_out(const MD_CHAR *text, MD_SIZE size, void *arg)
{
	buf_put(arg, text, size);
}

/*
 * md4c 0.4.8 can read a byte or two past the end of its input on some
 * malformed entities and link destinations at the very end of a document
 * (found by fuzz/markdown.c).  Handing it a private copy followed by NUL
 * padding turns that over-read into a harmless read of our own zeros.
 * Returns a heap copy the caller frees, or NULL.
 */
#define MD_PAD 16

static char *
padded_copy(const char *src, size_t n)
{
	char *p;

	if ((p = malloc(n + MD_PAD)) == NULL)
		return NULL;
	if (n > 0)
		memcpy(p, src, n);
	memset(p + n, 0, MD_PAD);
	return p;
}

enum ng_err
markdown_render(struct arena *a, const char *src, size_t n,
    struct safe_html *out)
{
	struct buf  raw, flt;
	struct str  s;
	enum ng_err err;
	char	   *copy = NULL;

	*out = safe_html_trust(STR_NULL);
	if (n > MARKDOWN_MAX)
		return NG_ETOOBIG;
	/*
	 * Both passes build on the heap, so the arena pays only for the
	 * final copy and not for every doubling of a growing buffer.
	 */
	buf_init(&raw, NULL);
	buf_set_max(&raw, HTML_MAX);
	buf_init(&flt, NULL);
	buf_set_max(&flt, HTML_MAX);
	if ((copy = padded_copy(src, n)) == NULL) {
		err = NG_ENOMEM;
		goto out;
	}
	if (md_html(copy, (MD_SIZE)n, html_out, &raw, MD_FLAGS,
		MD_HTML_FLAG_SKIP_UTF8_BOM) != 0) {
		err = raw.err != NG_OK ? raw.err : NG_EINVAL;
		goto out;
	}
	if ((err = buf_finish(&raw, &s)) != NG_OK)
		goto out;
	filter_links(s.p, s.n, &flt);
	if ((err = buf_finish(&flt, &s)) != NG_OK)
		goto out;
	if ((s.p = arena_strndup(a, s.p, s.n)) == NULL) {
		err = NG_ENOMEM;
		goto out;
	}
	*out = safe_html_trust(s);
out:
	free(copy);
	buf_release(&raw);
	buf_release(&flt);
	return err;
}

/*
 * Plain text.
 */

/* Named character references decoded in the text view. */
static const struct {
	const char *name;
	uint32_t    cp;
} entities[] = {
	{ "amp", '&' },
	{ "lt", '<' },
	{ "gt", '>' },
	{ "quot", '"' },
	{ "apos", '\'' },
	{ "nbsp", 0xa0 },
	{ "shy", 0xad },
	{ "copy", 0xa9 },
	{ "reg", 0xae },
	{ "trade", 0x2122 },
	{ "deg", 0xb0 },
	{ "plusmn", 0xb1 },
	{ "times", 0xd7 },
	{ "divide", 0xf7 },
	{ "minus", 0x2212 },
	{ "middot", 0xb7 },
	{ "para", 0xb6 },
	{ "sect", 0xa7 },
	{ "bull", 0x2022 },
	{ "hellip", 0x2026 },
	{ "ndash", 0x2013 },
	{ "mdash", 0x2014 },
	{ "lsquo", 0x2018 },
	{ "rsquo", 0x2019 },
	{ "sbquo", 0x201a },
	{ "ldquo", 0x201c },
	{ "rdquo", 0x201d },
	{ "bdquo", 0x201e },
	{ "laquo", 0xab },
	{ "raquo", 0xbb },
	{ "lsaquo", 0x2039 },
	{ "rsaquo", 0x203a },
	{ "prime", 0x2032 },
	{ "Prime", 0x2033 },
	{ "dagger", 0x2020 },
	{ "Dagger", 0x2021 },
	{ "permil", 0x2030 },
	{ "cent", 0xa2 },
	{ "pound", 0xa3 },
	{ "yen", 0xa5 },
	{ "euro", 0x20ac },
	{ "curren", 0xa4 },
	{ "iexcl", 0xa1 },
	{ "iquest", 0xbf },
	{ "frac12", 0xbd },
	{ "frac14", 0xbc },
	{ "frac34", 0xbe },
	{ "sup1", 0xb9 },
	{ "sup2", 0xb2 },
	{ "sup3", 0xb3 },
	{ "micro", 0xb5 },
	{ "ordf", 0xaa },
	{ "ordm", 0xba },
	{ "larr", 0x2190 },
	{ "uarr", 0x2191 },
	{ "rarr", 0x2192 },
	{ "darr", 0x2193 },
	{ "harr", 0x2194 },
	{ "ensp", 0x2002 },
	{ "emsp", 0x2003 },
	{ "thinsp", 0x2009 },
	{ "zwnj", 0x200c },
	{ "zwj", 0x200d },
	{ "lrm", 0x200e },
	{ "rlm", 0x200f },
	{ "Agrave", 0xc0 },
	{ "Aacute", 0xc1 },
	{ "Acirc", 0xc2 },
	{ "Atilde", 0xc3 },
	{ "Auml", 0xc4 },
	{ "Aring", 0xc5 },
	{ "AElig", 0xc6 },
	{ "Ccedil", 0xc7 },
	{ "Egrave", 0xc8 },
	{ "Eacute", 0xc9 },
	{ "Ecirc", 0xca },
	{ "Euml", 0xcb },
	{ "Igrave", 0xcc },
	{ "Iacute", 0xcd },
	{ "Icirc", 0xce },
	{ "Iuml", 0xcf },
	{ "ETH", 0xd0 },
	{ "Ntilde", 0xd1 },
	{ "Ograve", 0xd2 },
	{ "Oacute", 0xd3 },
	{ "Ocirc", 0xd4 },
	{ "Otilde", 0xd5 },
	{ "Ouml", 0xd6 },
	{ "Oslash", 0xd8 },
	{ "Ugrave", 0xd9 },
	{ "Uacute", 0xda },
	{ "Ucirc", 0xdb },
	{ "Uuml", 0xdc },
	{ "Yacute", 0xdd },
	{ "THORN", 0xde },
	{ "szlig", 0xdf },
	{ "agrave", 0xe0 },
	{ "aacute", 0xe1 },
	{ "acirc", 0xe2 },
	{ "atilde", 0xe3 },
	{ "auml", 0xe4 },
	{ "aring", 0xe5 },
	{ "aelig", 0xe6 },
	{ "ccedil", 0xe7 },
	{ "egrave", 0xe8 },
	{ "eacute", 0xe9 },
	{ "ecirc", 0xea },
	{ "euml", 0xeb },
	{ "igrave", 0xec },
	{ "iacute", 0xed },
	{ "icirc", 0xee },
	{ "iuml", 0xef },
	{ "eth", 0xf0 },
	{ "ntilde", 0xf1 },
	{ "ograve", 0xf2 },
	{ "oacute", 0xf3 },
	{ "ocirc", 0xf4 },
	{ "otilde", 0xf5 },
	{ "ouml", 0xf6 },
	{ "oslash", 0xf8 },
	{ "ugrave", 0xf9 },
	{ "uacute", 0xfa },
	{ "ucirc", 0xfb },
	{ "uuml", 0xfc },
	{ "yacute", 0xfd },
	{ "thorn", 0xfe },
	{ "yuml", 0xff },
	{ "OElig", 0x152 },
	{ "oelig", 0x153 },
	{ "Scaron", 0x160 },
	{ "scaron", 0x161 },
	{ "Yuml", 0x178 },
};

struct list {
	int	 ordered;
	unsigned next; /* number of the next ordered item */
};

struct txt {
	struct buf  b;
	int	    pend;  /* line breaks owed before more text */
	int	    fresh; /* a list marker was just written */
	unsigned    depth; /* list nesting */
	struct list lists[LIST_DEPTH_MAX];
	unsigned    cell;	/* cells begun in this table row */
	size_t	    code_start; /* b.n when the code block began */
	int	    in_link;
	size_t	    link_start; /* b.n when the link text began */
	struct buf  href;	/* the current link's decoded target */
};

static void
put_utf8(struct buf *b, uint32_t cp)
{
	char u[4];

	if (cp < 0x80) {
		u[0] = (char)cp;
		buf_put(b, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_put(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_put(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_put(b, u, 4);
	}
}

/*
 * Append the character that entity ("&name;", "&#123;" or "&#x1F;", as
 * md4c reports it) stands for.  Numeric references to nothing (0, a
 * surrogate, past U+10FFFF) give U+FFFD as CommonMark 6.2 says; unknown
 * names are kept as written, as md4c-html keeps them.
 */
static void
put_entity(struct buf *b, const char *e, size_t n)
{
	uint32_t cp;
	size_t	 i, k;
	int	 hex;

	if (n < 3 || e[0] != '&' || e[n - 1] != ';') {
		buf_put(b, e, n);
		return;
	}
	if (e[1] == '#') {
		hex = n > 3 && (e[2] == 'x' || e[2] == 'X');
		cp = 0;
		for (i = hex ? 3 : 2; i < n - 1; i++) {
			if (e[i] >= '0' && e[i] <= '9')
				k = (size_t)(e[i] - '0');
			else if (hex && e[i] >= 'a' && e[i] <= 'f')
				k = (size_t)(e[i] - 'a' + 10);
			else if (hex && e[i] >= 'A' && e[i] <= 'F')
				k = (size_t)(e[i] - 'A' + 10);
			else {
				buf_put(b, e, n);
				return;
			}
			/* Saturate: anything this large is invalid anyway. */
			if (cp <= 0x10ffff)
				cp = cp * (hex ? 16 : 10) + (uint32_t)k;
		}
		if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			cp = 0xfffd;
		put_utf8(b, cp);
		return;
	}
	for (k = 0; k < sizeof(entities) / sizeof(entities[0]); k++) {
		if (strlen(entities[k].name) == n - 2 &&
		    memcmp(entities[k].name, e + 1, n - 2) == 0) {
			put_utf8(b, entities[k].cp);
			return;
		}
	}
	buf_put(b, e, n);
}

/* Owe at least n line breaks before the next text. */
static void
sep(struct txt *t, int n)
{
	if (t->pend < n)
		t->pend = n;
}

/* Pay the owed line breaks (none at the very start), then indent. */
static void
flush(struct txt *t, int indent)
{
	unsigned i;

	if (t->pend > 0 && t->b.n > 0) {
		buf_put(&t->b, "\n\n", (size_t)t->pend);
		for (i = 0; indent && i < t->depth; i++)
			buf_put(&t->b, "  ", 2);
	}
	t->pend = 0;
	t->fresh = 0;
}

static void
emit(struct txt *t, const char *p, size_t n)
{
	flush(t, 1);
	buf_put(&t->b, p, n);
}

static void
list_marker(struct txt *t)
{
	struct list *l;
	unsigned     i;

	sep(t, 1);
	flush(t, 0);
	for (i = 1; i < t->depth; i++)
		buf_put(&t->b, "  ", 2);
	l = t->depth <= LIST_DEPTH_MAX ? &t->lists[t->depth - 1] : NULL;
	if (l != NULL && l->ordered)
		buf_printf(&t->b, "%u. ", l->next++);
	else
		buf_put(&t->b, "- ", 2);
	t->fresh = 1;
}

/* Append a block's separation unless it opens a list item. */
static void
block_sep(struct txt *t, int n)
{
	if (!t->fresh)
		sep(t, n);
}

static int
txt_enter_block(MD_BLOCKTYPE type, void *detail, void *arg)
{
	struct txt  *t = arg;
	struct list *l;

	switch (type) {
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		t->depth++;
		block_sep(t, t->depth == 1 ? 2 : 1);
		if (t->depth <= LIST_DEPTH_MAX) {
			l = &t->lists[t->depth - 1];
			l->ordered = type == MD_BLOCK_OL;
			l->next = type == MD_BLOCK_OL ?
			    ((MD_BLOCK_OL_DETAIL *)detail)->start :
			    0;
		}
		break;
	case MD_BLOCK_LI:
		list_marker(t);
		break;
	case MD_BLOCK_TR:
		sep(t, 1);
		t->cell = 0;
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		if (t->cell++ > 0)
			emit(t, " | ", 3);
		break;
	case MD_BLOCK_CODE:
		block_sep(t, 2);
		/* Pay the separation now so code_start excludes it. */
		flush(t, 1);
		t->code_start = t->b.n;
		break;
	case MD_BLOCK_DOC:
	case MD_BLOCK_THEAD:
	case MD_BLOCK_TBODY:
		break;
	default:
		/* Paragraphs, headings, quotes, rules, tables. */
		block_sep(t, 2);
		break;
	}
	return 0;
}

static int
txt_leave_block(MD_BLOCKTYPE type, void *detail, void *arg)
{
	struct txt *t = arg;

	(void)detail;
	switch (type) {
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		t->depth--;
		sep(t, t->depth == 0 ? 2 : 1);
		break;
	case MD_BLOCK_TR:
		/* An empty last cell leaves "a | "; keep lines tidy. */
		while (
		    t->b.n > 0 && t->b.p != NULL && t->b.p[t->b.n - 1] == ' ')
			t->b.p[--t->b.n] = '\0';
		__attribute__((fallthrough));
	case MD_BLOCK_LI:
		t->fresh = 0;
		sep(t, 1);
		break;
	case MD_BLOCK_CODE:
		/* md4c ends every code line with '\n'; drop the last. */
		while (t->b.n > t->code_start && t->b.p[t->b.n - 1] == '\n')
			t->b.n--;
		if (t->b.p != NULL)
			t->b.p[t->b.n] = '\0';
		sep(t, 2);
		break;
	case MD_BLOCK_DOC:
	case MD_BLOCK_THEAD:
	case MD_BLOCK_TBODY:
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		break;
	default:
		sep(t, 2);
		break;
	}
	return 0;
}

/* Append attribute at, with its entities decoded, to b. */
static void
put_attribute(struct buf *b, const MD_ATTRIBUTE *at)
{
	const char *p;
	size_t	    i, len;

	for (i = 0; at->substr_offsets[i] < at->size; i++) {
		p = at->text + at->substr_offsets[i];
		len = at->substr_offsets[i + 1] - at->substr_offsets[i];
		switch (at->substr_types[i]) {
		case MD_TEXT_ENTITY:
			put_entity(b, p, len);
			break;
		case MD_TEXT_NULLCHAR:
			put_utf8(b, 0xfffd);
			break;
		default:
			buf_put(b, p, len);
			break;
		}
	}
}

static int
txt_enter_span(MD_SPANTYPE type, void *detail, void *arg)
{
	struct txt *t = arg;

	if (type != MD_SPAN_A)
		return 0;
	flush(t, 1);
	t->in_link = 1;
	t->link_start = t->b.n;
	buf_reset(&t->href);
	put_attribute(&t->href, &((MD_SPAN_A_DETAIL *)detail)->href);
	return 0;
}

static int
txt_leave_span(MD_SPANTYPE type, void *detail, void *arg)
{
	struct txt *t = arg;
	struct str  text, href;

	(void)detail;
	if (type != MD_SPAN_A || !t->in_link)
		return 0;
	t->in_link = 0;
	if (t->href.err != NG_OK) {
		t->b.err = t->href.err;
		return 0;
	}
	/* A fragment ("#comments") means nothing outside the page. */
	if (t->b.err != NG_OK || t->href.n == 0 || t->href.p[0] == '#' ||
	    !url_safe(t->href.p, t->href.n))
		return 0;
	/* An empty link at the very start leaves the buffer unallocated. */
	text = t->b.p == NULL ?
	    STR_LIT("") :
	    (struct str){ t->b.p + t->link_start, t->b.n - t->link_start };
	href = (struct str){ t->href.p, t->href.n };
	/* An autolink's text is its URL (less "mailto:"): say it once. */
	if (str_eq(text, href) ||
	    (str_has_prefix(href, STR_LIT("mailto:")) && text.n == href.n - 7 &&
		memcmp(text.p, href.p + 7, text.n) == 0))
		return 0;
	buf_put(&t->b, " <", 2);
	buf_put(&t->b, href.p, href.n);
	buf_putc(&t->b, '>');
	return 0;
}

static int
txt_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *arg)
{
	struct txt *t = arg;

	switch (type) {
	case MD_TEXT_NULLCHAR:
		flush(t, 1);
		put_utf8(&t->b, 0xfffd);
		break;
	case MD_TEXT_BR:
		emit(t, "\n", 1);
		break;
	case MD_TEXT_SOFTBR:
		/* Paragraphs become one line; readers' tools wrap them. */
		emit(t, " ", 1);
		break;
	case MD_TEXT_ENTITY:
		flush(t, 1);
		put_entity(&t->b, text, size);
		break;
	default:
		emit(t, text, size);
		break;
	}
	/* Stop md4c early once the output is doomed. */
	return t->b.err != NG_OK ? -1 : 0;
}

enum ng_err
markdown_text(struct arena *a, const char *src, size_t n, struct str *out)
{
	MD_PARSER   parser;
	struct txt  t;
	struct str  s;
	enum ng_err err;
	char	   *copy = NULL;
	int	    rc;

	*out = STR_NULL;
	if (n > MARKDOWN_MAX)
		return NG_ETOOBIG;
	memset(&t, 0, sizeof(t));
	buf_init(&t.b, NULL);
	buf_set_max(&t.b, TEXT_MAX);
	buf_init(&t.href, NULL);
	buf_set_max(&t.href, MARKDOWN_MAX);
	memset(&parser, 0, sizeof(parser));
	parser.flags = MD_FLAGS;
	parser.enter_block = txt_enter_block;
	parser.leave_block = txt_leave_block;
	parser.enter_span = txt_enter_span;
	parser.leave_span = txt_leave_span;
	parser.text = txt_text;
	if ((copy = padded_copy(src, n)) == NULL) {
		err = NG_ENOMEM;
		goto out;
	}
	rc = md_parse(copy, (MD_SIZE)n, &parser, &t);
	if ((err = buf_finish(&t.b, &s)) != NG_OK)
		goto out;
	if (rc != 0) {
		err = NG_EINVAL;
		goto out;
	}
	if ((s.p = arena_strndup(a, s.p, s.n)) == NULL) {
		err = NG_ENOMEM;
		goto out;
	}
	*out = s;
out:
	free(copy);
	buf_release(&t.b);
	buf_release(&t.href);
	return err;
}
