/*
 * sanitize.c -- the allow-list HTML sanitizer (see sanitize.h).
 *
 * The only file that includes gumbo.  gumbo builds the tree a browser
 * would; we walk it without recursion (an explicit stack, so a document
 * nested a million deep costs heap, not C stack) and write out only what
 * the tables below allow.  Whatever the input, every byte of the output
 * is written here: text is escaped, attribute values are escaped and
 * quoted, and tags come from the tables, so nothing of the input's
 * syntax survives.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gumbo.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/utf8.h"
#include "content/sanitize.h"
#include "content/shortcode.h"

/* How far the output nests; deeper elements are unwrapped. */
#define SANITIZE_DEPTH 64

enum attr_kind {
	A_TEXT,	 /* any text */
	A_URL,	 /* a link target */
	A_SRC,	 /* an image or media source */
	A_NUM,	 /* digits only (width, colspan) */
	A_TOKEN, /* [A-Za-z0-9 _-] only (class, id) */
	A_BOOL,	 /* present or not (controls, reversed) */
	A_STYLE, /* text-align only */
};

struct attr_rule {
	const char    *name;
	enum attr_kind kind;
};

/* Attributes every kept element may carry. */
static const struct attr_rule global_attrs[] = {
	{ "class", A_TOKEN },
	{ "id", A_TOKEN },
	{ "title", A_TEXT },
	{ "lang", A_TOKEN },
	{ "dir", A_TOKEN },
	{ "style", A_STYLE },
	{ NULL, A_TEXT },
};

struct elem_rule {
	GumboTag		tag;
	const struct attr_rule *attrs; /* beyond the global ones */
};

static const struct attr_rule a_attrs[] = { { "href", A_URL },
	{ "rel", A_TOKEN }, { "hreflang", A_TOKEN }, { NULL, A_TEXT } };
static const struct attr_rule img_attrs[] = { { "src", A_SRC },
	{ "alt", A_TEXT }, { "width", A_NUM }, { "height", A_NUM },
	{ NULL, A_TEXT } };
static const struct attr_rule cite_attrs[] = { { "cite", A_URL },
	{ "datetime", A_TEXT }, { NULL, A_TEXT } };
static const struct attr_rule ol_attrs[] = { { "start", A_NUM },
	{ "reversed", A_BOOL }, { "type", A_TOKEN }, { NULL, A_TEXT } };
static const struct attr_rule li_attrs[] = { { "value", A_NUM },
	{ NULL, A_TEXT } };
static const struct attr_rule cell_attrs[] = { { "colspan", A_NUM },
	{ "rowspan", A_NUM }, { "scope", A_TOKEN }, { "headers", A_TOKEN },
	{ NULL, A_TEXT } };
static const struct attr_rule col_attrs[] = { { "span", A_NUM },
	{ NULL, A_TEXT } };
static const struct attr_rule time_attrs[] = { { "datetime", A_TEXT },
	{ NULL, A_TEXT } };
static const struct attr_rule media_attrs[] = { { "src", A_SRC },
	{ "controls", A_BOOL }, { "width", A_NUM }, { "height", A_NUM },
	{ "loop", A_BOOL }, { "muted", A_BOOL }, { NULL, A_TEXT } };
static const struct attr_rule source_attrs[] = { { "src", A_SRC },
	{ "type", A_TEXT }, { NULL, A_TEXT } };
static const struct attr_rule no_attrs[] = { { NULL, A_TEXT } };

static const struct elem_rule elems[] = {
	{ GUMBO_TAG_P, no_attrs },
	{ GUMBO_TAG_BR, no_attrs },
	{ GUMBO_TAG_HR, no_attrs },
	{ GUMBO_TAG_H1, no_attrs },
	{ GUMBO_TAG_H2, no_attrs },
	{ GUMBO_TAG_H3, no_attrs },
	{ GUMBO_TAG_H4, no_attrs },
	{ GUMBO_TAG_H5, no_attrs },
	{ GUMBO_TAG_H6, no_attrs },
	{ GUMBO_TAG_UL, no_attrs },
	{ GUMBO_TAG_OL, ol_attrs },
	{ GUMBO_TAG_LI, li_attrs },
	{ GUMBO_TAG_DL, no_attrs },
	{ GUMBO_TAG_DT, no_attrs },
	{ GUMBO_TAG_DD, no_attrs },
	{ GUMBO_TAG_BLOCKQUOTE, cite_attrs },
	{ GUMBO_TAG_PRE, no_attrs },
	{ GUMBO_TAG_CODE, no_attrs },
	{ GUMBO_TAG_FIGURE, no_attrs },
	{ GUMBO_TAG_FIGCAPTION, no_attrs },
	{ GUMBO_TAG_TABLE, no_attrs },
	{ GUMBO_TAG_CAPTION, no_attrs },
	{ GUMBO_TAG_THEAD, no_attrs },
	{ GUMBO_TAG_TBODY, no_attrs },
	{ GUMBO_TAG_TFOOT, no_attrs },
	{ GUMBO_TAG_TR, no_attrs },
	{ GUMBO_TAG_TH, cell_attrs },
	{ GUMBO_TAG_TD, cell_attrs },
	{ GUMBO_TAG_COLGROUP, col_attrs },
	{ GUMBO_TAG_COL, col_attrs },
	{ GUMBO_TAG_A, a_attrs },
	{ GUMBO_TAG_IMG, img_attrs },
	{ GUMBO_TAG_EM, no_attrs },
	{ GUMBO_TAG_STRONG, no_attrs },
	{ GUMBO_TAG_B, no_attrs },
	{ GUMBO_TAG_I, no_attrs },
	{ GUMBO_TAG_U, no_attrs },
	{ GUMBO_TAG_S, no_attrs },
	{ GUMBO_TAG_SMALL, no_attrs },
	{ GUMBO_TAG_ABBR, no_attrs },
	{ GUMBO_TAG_CITE, no_attrs },
	{ GUMBO_TAG_Q, cite_attrs },
	{ GUMBO_TAG_SUB, no_attrs },
	{ GUMBO_TAG_SUP, no_attrs },
	{ GUMBO_TAG_DEL, cite_attrs },
	{ GUMBO_TAG_INS, cite_attrs },
	{ GUMBO_TAG_MARK, no_attrs },
	{ GUMBO_TAG_KBD, no_attrs },
	{ GUMBO_TAG_SAMP, no_attrs },
	{ GUMBO_TAG_VAR, no_attrs },
	{ GUMBO_TAG_DFN, no_attrs },
	{ GUMBO_TAG_TIME, time_attrs },
	{ GUMBO_TAG_SPAN, no_attrs },
	{ GUMBO_TAG_DIV, no_attrs },
	{ GUMBO_TAG_SECTION, no_attrs },
	{ GUMBO_TAG_ASIDE, no_attrs },
	{ GUMBO_TAG_ADDRESS, no_attrs },
	{ GUMBO_TAG_WBR, no_attrs },
	{ GUMBO_TAG_BDI, no_attrs },
	{ GUMBO_TAG_BDO, no_attrs },
	{ GUMBO_TAG_AUDIO, media_attrs },
	{ GUMBO_TAG_VIDEO, media_attrs },
	{ GUMBO_TAG_SOURCE, source_attrs },
	{ GUMBO_TAG_DETAILS, no_attrs },
	{ GUMBO_TAG_SUMMARY, no_attrs },
};

/* Removed with everything inside them. */
static const GumboTag dropped[] = {
	GUMBO_TAG_SCRIPT,
	GUMBO_TAG_STYLE,
	GUMBO_TAG_IFRAME,
	GUMBO_TAG_OBJECT,
	GUMBO_TAG_EMBED,
	GUMBO_TAG_APPLET,
	GUMBO_TAG_PARAM,
	GUMBO_TAG_FORM,
	GUMBO_TAG_INPUT,
	GUMBO_TAG_BUTTON,
	GUMBO_TAG_SELECT,
	GUMBO_TAG_OPTION,
	GUMBO_TAG_OPTGROUP,
	GUMBO_TAG_TEXTAREA,
	GUMBO_TAG_DATALIST,
	GUMBO_TAG_KEYGEN,
	GUMBO_TAG_OUTPUT,
	GUMBO_TAG_BASE,
	GUMBO_TAG_META,
	GUMBO_TAG_LINK,
	GUMBO_TAG_TITLE,
	GUMBO_TAG_HEAD,
	GUMBO_TAG_TEMPLATE,
	GUMBO_TAG_NOSCRIPT,
	GUMBO_TAG_NOEMBED,
	GUMBO_TAG_NOFRAMES,
	GUMBO_TAG_FRAME,
	GUMBO_TAG_FRAMESET,
	GUMBO_TAG_SVG,
	GUMBO_TAG_MATH,
	GUMBO_TAG_CANVAS,
	GUMBO_TAG_MENU,
	GUMBO_TAG_MENUITEM,
	GUMBO_TAG_TRACK,
	GUMBO_TAG_AREA,
	GUMBO_TAG_MAP,
	GUMBO_TAG_FIELDSET,
	GUMBO_TAG_LEGEND,
	GUMBO_TAG_LABEL,
	GUMBO_TAG_ISINDEX,
	GUMBO_TAG_XMP,
	GUMBO_TAG_PLAINTEXT,
};

static const struct elem_rule *
elem_rule(GumboTag t)
{
	size_t i;

	for (i = 0; i < sizeof(elems) / sizeof(elems[0]); i++)
		if (elems[i].tag == t)
			return &elems[i];
	return NULL;
}

static int
is_dropped(GumboTag t)
{
	size_t i;

	for (i = 0; i < sizeof(dropped) / sizeof(dropped[0]); i++)
		if (dropped[i] == t)
			return 1;
	return 0;
}

static int
is_void(GumboTag t)
{
	return t == GUMBO_TAG_BR || t == GUMBO_TAG_HR || t == GUMBO_TAG_IMG ||
	    t == GUMBO_TAG_WBR || t == GUMBO_TAG_COL || t == GUMBO_TAG_SOURCE;
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

int
sanitize_url_ok(const char *u, size_t n, int img)
{
	static const char *const link_ok[] = { "http", "https", "mailto", "tel",
		NULL };
	static const char *const src_ok[] = { "http", "https", NULL };
	const char *const	*ok = img ? src_ok : link_ok;
	char			 scheme[16];
	size_t			 i, k = 0;

	/*
	 * A browser drops leading C0 controls and spaces and every tab and
	 * newline before it reads the scheme ("java\tscript:" is
	 * javascript:); do the same, then look for a ':' before any of
	 * '/', '?' and '#'.  No scheme is a relative URL.
	 */
	i = 0;
	while (i < n && (unsigned char)u[i] <= 0x20)
		i++;
	for (; i < n; i++) {
		unsigned char c = (unsigned char)u[i];

		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == ':')
			break;
		if (c == '/' || c == '?' || c == '#')
			return 1;
		/* Anything but a scheme character: refuse outright. */
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '+' || c == '-' ||
			c == '.'))
			return 0;
		if (k + 1 >= sizeof(scheme))
			return 0;
		scheme[k++] = lower((char)c);
	}
	if (i == n)
		return 1; /* no ':' at all */
	scheme[k] = '\0';
	for (i = 0; ok[i] != NULL; i++)
		if (strcmp(scheme, ok[i]) == 0)
			return 1;
	return 0;
}

/*
 * Append value with & " < > escaped, dropping control characters.  A
 * tab or newline becomes a space, except in a URL: there the URL parser
 * of a browser removes them, and so does sanitize_url_ok() before it
 * judges the scheme, so a URL is written as it was checked ("java\nsc"
 * as "javasc", never "java sc").
 */
static void
put_attr_value(struct buf *b, const char *v, size_t n, int url)
{
	size_t i, s = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c >= 0x20 && c != 0x7f && c != '&' && c != '"' &&
		    c != '<' && c != '>')
			continue;
		buf_put(b, v + s, i - s);
		s = i + 1;
		switch (c) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '"':
			buf_puts(b, "&quot;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '\t':
		case '\n':
			if (!url)
				buf_putc(b, ' ');
			break;
		default:
			break;
		}
	}
	buf_put(b, v + s, n - s);
}

static void
put_text(struct buf *b, const char *v, size_t n)
{
	size_t i, s = 0;

	for (i = 0; i < n; i++) {
		char c = v[i];

		if (c != '&' && c != '<' && c != '>' && c != '\0')
			continue;
		buf_put(b, v + s, i - s);
		s = i + 1;
		if (c == '&')
			buf_puts(b, "&amp;");
		else if (c == '<')
			buf_puts(b, "&lt;");
		else if (c == '>')
			buf_puts(b, "&gt;");
	}
	buf_put(b, v + s, n - s);
}

static int
value_fits(enum attr_kind k, const char *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = v[i];

		if (k == A_NUM && !(c >= '0' && c <= '9'))
			return 0;
		if (k == A_TOKEN &&
		    !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == ' ' || c == '_' ||
			c == '-' || c == ':'))
			return 0;
	}
	return k != A_NUM || (n > 0 && n <= 6);
}

/*
 * style="...": keep "text-align: left|right|center|justify" only; no
 * other property can load anything or hide text, and alignment is the
 * one WordPress's classic editor writes everywhere.
 */
static void
put_style(struct buf *b, const char *v, size_t n, int *kept)
{
	static const char *const aligns[] = { "left", "right", "center",
		"justify" };
	const char		*p = v, *end = v + n, *semi, *colon;
	struct str		 prop, val;
	size_t			 i;

	*kept = 0;
	while (p < end) {
		semi = memchr(p, ';', (size_t)(end - p));
		if (semi == NULL)
			semi = end;
		colon = memchr(p, ':', (size_t)(semi - p));
		if (colon != NULL) {
			prop = (struct str){ p, (size_t)(colon - p) };
			val = (struct str){ colon + 1,
				(size_t)(semi - colon - 1) };
			while (prop.n > 0 && prop.p[0] == ' ') {
				prop.p++;
				prop.n--;
			}
			while (prop.n > 0 && prop.p[prop.n - 1] == ' ')
				prop.n--;
			while (val.n > 0 && val.p[0] == ' ') {
				val.p++;
				val.n--;
			}
			while (val.n > 0 && val.p[val.n - 1] == ' ')
				val.n--;
			if (prop.n == 10 &&
			    strncasecmp(prop.p, "text-align", 10) == 0) {
				for (i = 0; i < 4; i++) {
					if (val.n != strlen(aligns[i]) ||
					    strncasecmp(val.p, aligns[i],
						val.n) != 0)
						continue;
					if (!*kept)
						buf_puts(b, " style=\"");
					buf_printf(b, "%stext-align: %s",
					    *kept ? "; " : "", aligns[i]);
					*kept = 1;
				}
			}
		}
		p = semi + 1;
	}
	if (*kept)
		buf_putc(b, '"');
}

static const struct attr_rule *
find_attr(const struct attr_rule *r, const char *name)
{
	for (; r->name != NULL; r++)
		if (strcasecmp(r->name, name) == 0)
			return r;
	return NULL;
}

struct san {
	struct buf	      out;
	struct sanitize_stats st;
	size_t		      depth; /* elements open in the output */
};

static void
put_attrs(struct san *s, const GumboElement *el, const struct elem_rule *er)
{
	const struct attr_rule *r;
	size_t			i, vn;
	int			kept;

	for (i = 0; i < el->attributes.length; i++) {
		const GumboAttribute *at = el->attributes.data[i];

		if (at->attr_namespace != GUMBO_ATTR_NAMESPACE_NONE ||
		    ((r = find_attr(er->attrs, at->name)) == NULL &&
			(r = find_attr(global_attrs, at->name)) == NULL)) {
			s->st.attrs++;
			continue;
		}
		vn = strlen(at->value);
		if (r->kind == A_STYLE) {
			put_style(&s->out, at->value, vn, &kept);
			if (!kept)
				s->st.attrs++;
			continue;
		}
		if ((r->kind == A_URL && !sanitize_url_ok(at->value, vn, 0)) ||
		    (r->kind == A_SRC && !sanitize_url_ok(at->value, vn, 1)) ||
		    !value_fits(r->kind, at->value, vn) || vn > 8192) {
			s->st.attrs++;
			continue;
		}
		buf_putc(&s->out, ' ');
		buf_puts(&s->out, r->name);
		if (r->kind == A_BOOL)
			continue;
		buf_puts(&s->out, "=\"");
		put_attr_value(&s->out, at->value, vn,
		    r->kind == A_URL || r->kind == A_SRC);
		buf_putc(&s->out, '"');
	}
	/* Media never loads before a reader presses play. */
	if (er->tag == GUMBO_TAG_AUDIO || er->tag == GUMBO_TAG_VIDEO)
		buf_puts(&s->out, " preload=\"none\"");
	if (er->tag == GUMBO_TAG_IMG)
		buf_puts(&s->out, " loading=\"lazy\"");
}

/*
 * An iframe that plays a YouTube or Vimeo video becomes the same
 * click-to-load marker a bare video URL makes (content/shortcode.h), so
 * nothing is fetched from the provider before the reader asks.
 */
static int
put_video_iframe(struct san *s, const GumboElement *el)
{
	const GumboAttribute *src;
	const char	     *prov;
	struct str	      u, id;

	if ((src = gumbo_get_attribute(&el->attributes, "src")) == NULL)
		return 0;
	u = str_c(src->value);
	if (u.n > 2 && u.p[0] == '/' && u.p[1] == '/') {
		/* protocol-relative: "//www.youtube.com/embed/ID" */
		char *full = arena_printf(s->out.arena, "https:%s", u.p);

		if (full == NULL)
			return 0;
		u = str_c(full);
	}
	if (!shortcode_video_url(u, &prov, &id))
		return 0;
	buf_printf(&s->out, "<ng-sc k=\"video\" v=\"%s/%.*s\"><p><a href=\"",
	    prov, (int)id.n, id.p);
	if (prov[0] == 'y')
		buf_printf(&s->out, "https://www.youtube.com/watch?v=%.*s",
		    (int)id.n, id.p);
	else
		buf_printf(&s->out, "https://vimeo.com/%.*s", (int)id.n, id.p);
	buf_printf(&s->out, "\">Watch the video on %s</a></p></ng-sc>",
	    prov[0] == 'y' ? "YouTube" : "Vimeo");
	return 1;
}

struct frame {
	const GumboNode	       *node;
	size_t			next; /* next child to visit */
	const struct elem_rule *open; /* written open tag, or NULL */
	size_t			at;   /* output length before the tag */
	size_t			body; /* output length after it */
};

static void
open_elem(struct san *s, const GumboNode *nd, struct frame *f)
{
	const GumboElement     *el = &nd->v.element;
	const struct elem_rule *er;

	f->open = NULL;
	if (el->tag_namespace != GUMBO_NAMESPACE_HTML) {
		/* SVG or MathML content outside an <svg>/<math> root. */
		s->st.dropped++;
		f->next = SIZE_MAX;
		return;
	}
	if (el->tag == GUMBO_TAG_IFRAME && put_video_iframe(s, el)) {
		f->next = SIZE_MAX;
		return;
	}
	if (is_dropped(el->tag)) {
		s->st.dropped++;
		f->next = SIZE_MAX;
		return;
	}
	if ((er = elem_rule(el->tag)) == NULL || s->depth >= SANITIZE_DEPTH) {
		s->st.unwrapped++;
		return;
	}
	f->at = s->out.n;
	buf_putc(&s->out, '<');
	buf_puts(&s->out, gumbo_normalized_tagname(el->tag));
	put_attrs(s, el, er);
	buf_putc(&s->out, '>');
	f->body = s->out.n;
	if (is_void(el->tag)) {
		f->next = SIZE_MAX;
		return;
	}
	/* The parser ate one newline after <pre>; keep the text as it was. */
	if (el->tag == GUMBO_TAG_PRE && el->children.length > 0) {
		const GumboNode *c = el->children.data[0];

		if (c->type == GUMBO_NODE_TEXT && c->v.text.text[0] == '\n')
			buf_putc(&s->out, '\n');
	}
	f->open = er;
	s->depth++;
}

static void
close_elem(struct san *s, struct frame *f)
{
	if (f->open == NULL)
		return;
	s->depth--;
	/*
	 * An empty paragraph (a dropped shortcode, <!--more--> alone on
	 * its line) is not written at all.
	 */
	if (f->open->tag == GUMBO_TAG_P && s->out.n == f->body &&
	    s->out.err == NG_OK) {
		s->out.n = f->at;
		s->out.p[s->out.n] = '\0';
		return;
	}
	buf_puts(&s->out, "</");
	buf_puts(&s->out, gumbo_normalized_tagname(f->open->tag));
	buf_putc(&s->out, '>');
}

static const GumboVector *
children(const GumboNode *nd)
{
	if (nd->type == GUMBO_NODE_ELEMENT || nd->type == GUMBO_NODE_TEMPLATE)
		return &nd->v.element.children;
	if (nd->type == GUMBO_NODE_DOCUMENT)
		return &nd->v.document.children;
	return NULL;
}

static enum ng_err
walk(struct san *s, const GumboNode *root)
{
	struct frame	  *stk, *f;
	size_t		   cap = 64, top = 0;
	const GumboVector *kids;
	const GumboNode	  *c;

	if ((stk = malloc(cap * sizeof(*stk))) == NULL)
		return NG_ENOMEM;
	stk[0] = (struct frame){ root, 0, NULL, 0, 0 };
	top = 1;
	while (top > 0 && s->out.err == NG_OK) {
		f = &stk[top - 1];
		kids = children(f->node);
		if (kids == NULL || f->next >= kids->length) {
			close_elem(s, f);
			top--;
			continue;
		}
		c = kids->data[f->next++];
		switch (c->type) {
		case GUMBO_NODE_TEXT:
		case GUMBO_NODE_WHITESPACE:
		case GUMBO_NODE_CDATA:
			put_text(&s->out, c->v.text.text,
			    strlen(c->v.text.text));
			break;
		case GUMBO_NODE_ELEMENT:
			if (top == cap) {
				struct frame *n2;

				cap *= 2;
				if ((n2 = realloc(stk, cap * sizeof(*stk))) ==
				    NULL) {
					free(stk);
					return NG_ENOMEM;
				}
				stk = n2;
			}
			f = &stk[top++];
			*f = (struct frame){ c, 0, NULL, 0, 0 };
			open_elem(s, c, f);
			break;
		case GUMBO_NODE_TEMPLATE:
			s->st.dropped++;
			break;
		default: /* comments, documents */
			break;
		}
	}
	free(stk);
	return s->out.err;
}

/*
 * gumbo checks scopes by walking its stack of open elements, so parsing
 * N nested elements costs N squared; a hostile body of a million <div>s
 * would take minutes.  Count a rough depth first (start tags minus end
 * tags, not counting those the parser closes by itself) and refuse a
 * body that nests deeper than any article does.
 */
static int
too_deep(const char *s, size_t n)
{
	static const char *const self_closing[] = { "p", "li", "br", "img",
		"hr", "td", "th", "tr", "dt", "dd", "option", "input", "meta",
		"link", "col", "wbr", "source", "area", "base", "embed",
		"param", "track" };
	const char		*p = s, *end = s + n;
	size_t			 i, k, depth = 0;
	int			 closing;

	if (n == 0)
		return 0; /* an empty body may have no pointer */
	while (p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		p++;
		closing = p < end && *p == '/';
		if (closing)
			p++;
		for (k = 0; p + k < end &&
		     ((p[k] >= 'a' && p[k] <= 'z') ||
			 (p[k] >= 'A' && p[k] <= 'Z') ||
			 (p[k] >= '0' && p[k] <= '9'));
		     k++)
			;
		if (k == 0)
			continue;
		for (i = 0; i < sizeof(self_closing) / sizeof(self_closing[0]);
		     i++)
			if (strlen(self_closing[i]) == k &&
			    strncasecmp(self_closing[i], p, k) == 0)
				break;
		if (i < sizeof(self_closing) / sizeof(self_closing[0]))
			continue;
		if (closing) {
			if (depth > 0)
				depth--;
		} else if (++depth > SANITIZE_NEST_MAX)
			return 1;
	}
	return 0;
}

/*
 * Whether src is text an HTML5 parser returns as it is: no markup, no
 * character reference, nothing the parser's input stream rewrites (CR,
 * control characters and noncharacters, a leading byte order mark,
 * invalid UTF-8).  Most comments and excerpts are, and an import has a
 * million of them.
 */
static int
plain_text(const char *src, size_t n)
{
	uint32_t cp;
	size_t	 i, k;

	if (n >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
		return 0;
	for (i = 0; i < n; i += k) {
		unsigned char c = (unsigned char)src[i];

		if (c < 0x80) {
			if (c == '<' || c == '&' || c == 0x7f ||
			    (c < 0x20 && c != '\n' && c != '\t'))
				return 0;
			k = 1;
			continue;
		}
		if ((k = utf8_decode(src + i, n - i, &cp)) == 0 || cp <= 0x9f ||
		    (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
			return 0;
	}
	return 1;
}

enum ng_err
sanitize_html(struct arena *a, const char *src, size_t n, struct safe_html *out,
    struct sanitize_stats *stats)
{
	GumboOptions opt = kGumboDefaultOptions;
	GumboOutput *g;
	struct san   s;
	struct str   res;
	enum ng_err  err;

	*out = safe_html_trust(STR_NULL);
	if (stats != NULL)
		memset(stats, 0, sizeof(*stats));
	if (n > SANITIZE_MAX || too_deep(src, n))
		return NG_ETOOBIG;
	memset(&s, 0, sizeof(s));
	buf_init(&s.out, a);
	if (plain_text(src, n)) {
		/* What walk() would write for the one text node. */
		put_text(&s.out, src, n);
		if ((err = buf_finish(&s.out, &res)) != NG_OK)
			return err;
		*out = safe_html_trust(res);
		return NG_OK;
	}
	opt.fragment_context = GUMBO_TAG_BODY;
	opt.fragment_namespace = GUMBO_NAMESPACE_HTML;
	opt.max_errors = 0;
	if ((g = gumbo_parse_with_options(&opt, src, n)) == NULL)
		return NG_EINVAL;
	err = walk(&s, g->root);
	gumbo_destroy_output(&opt, g);
	if (err != NG_OK)
		return err;
	if ((err = buf_finish(&s.out, &res)) != NG_OK)
		return err;
	*out = safe_html_trust(res);
	if (stats != NULL)
		*stats = s.st;
	return NG_OK;
}

/* Tags after which the text starts a new paragraph or line. */
static int
is_break_tag(const char *p, size_t n, int *para)
{
	static const char *const paras[] = { "p", "h1", "h2", "h3", "h4", "h5",
		"h6", "blockquote", "pre", "figure", "table", "ul", "ol", "dl",
		"div", "section", "aside", "address", "details" };
	static const char *const lines[] = { "br", "li", "tr", "dt", "dd",
		"figcaption", "caption", "hr" };
	size_t			 i;

	for (i = 0; i < sizeof(paras) / sizeof(paras[0]); i++)
		if (strlen(paras[i]) == n && strncasecmp(paras[i], p, n) == 0) {
			*para = 1;
			return 1;
		}
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		if (strlen(lines[i]) == n && strncasecmp(lines[i], p, n) == 0) {
			*para = 0;
			return 1;
		}
	return 0;
}

enum ng_err
sanitize_text(struct arena *a, struct str h, struct str *out)
{
	static const struct {
		const char *ent;
		char	    c;
	} ents[] = { { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&#39;", '\'' } };
	struct buf  b;
	size_t	    i = 0, k, nl = 0, nn;
	const char *gt;
	int	    para;

	buf_init(&b, a);
	while (i < h.n) {
		if (h.p[i] == '<') {
			if ((gt = memchr(h.p + i, '>', h.n - i)) == NULL)
				break;
			k = i + 1 + (h.p[i + 1] == '/');
			for (nn = 0; k + nn < (size_t)(gt - h.p) &&
			     h.p[k + nn] != ' ' && h.p[k + nn] != '>';
			     nn++)
				;
			if (is_break_tag(h.p + k, nn, &para)) {
				if (para && nl < 2)
					nl = 2;
				else if (!para && nl < 1)
					nl = 1;
			}
			i = (size_t)(gt - h.p) + 1;
			continue;
		}
		if (h.p[i] == '\n' || (h.p[i] == ' ' && (b.n == 0 || nl > 0))) {
			if (h.p[i] == '\n' && b.n > 0 && nl == 0)
				buf_putc(&b, ' ');
			i++;
			continue;
		}
		if (nl > 0 && b.n > 0)
			buf_put(&b, "\n\n", nl);
		nl = 0;
		if (h.p[i] == '&') {
			for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++) {
				nn = strlen(ents[k].ent);
				if (h.n - i >= nn &&
				    memcmp(h.p + i, ents[k].ent, nn) == 0)
					break;
			}
			if (k < sizeof(ents) / sizeof(ents[0])) {
				buf_putc(&b, ents[k].c);
				i += strlen(ents[k].ent);
				continue;
			}
		}
		buf_putc(&b, h.p[i++]);
	}
	return buf_finish(&b, out);
}
