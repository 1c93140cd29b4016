/*
 * json.c -- the streaming JSON writer (json.h).
 *
 * Layout follows jansson's, so switching a writer from jansson to this
 * one changes no byte of well-formed output but the escapes json.h
 * adds: compact is "{"a":1,"b":[]}", JSONW_PRETTY is jansson's
 * JSON_INDENT(1) (": " after a key, a new line and one more space a
 * level before each member, the closing bracket on its own line unless
 * the container is empty).
 */
#include <inttypes.h>
#include <string.h>

#include "core/buf.h"
#include "core/json.h"
#include "core/utf8.h"

static void
fail(struct jsonw *w)
{
	if (w->b->err == NG_OK)
		w->b->err = NG_EINVAL;
}

static void
newline(struct jsonw *w, int depth)
{
	int i;

	buf_putc(w->b, '\n');
	for (i = 0; i < depth; i++)
		buf_putc(w->b, ' ');
}

/* A new member of the innermost container: a comma after the first. */
static void
next_member(struct jsonw *w)
{
	if (w->any[w->depth])
		buf_putc(w->b, ',');
	if (w->flags & JSONW_PRETTY)
		newline(w, w->depth);
	w->any[w->depth] = 1;
}

/*
 * What comes before a value: nothing after a key or at the top; in an
 * array, a comma after the first member and, pretty, a new line.  A
 * value in an object without its key is misuse.  0 when it was.
 */
static int
before_value(struct jsonw *w)
{
	if (w->want_value) {
		w->want_value = 0;
		return 1;
	}
	if (w->depth == 0)
		return 1;
	if (w->is_obj[w->depth]) {
		fail(w);
		return 0;
	}
	next_member(w);
	return 1;
}

/* The escaped text of s, quoted. */
static void
put_string(struct jsonw *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t		  i = 0, run = 0, len;
	uint32_t	  cp;
	unsigned char	  c;
	const char	 *esc;
	char		  u[7];

	buf_putc(w->b, '"');
	while (i < n) {
		c = (unsigned char)s[i];
		esc = NULL;
		len = 1;
		if (c >= 0x80) {
			if ((len = utf8_decode(s + i, n - i, &cp)) == 0) {
				esc = "\\ufffd";
				len = 1;
			} else if (cp == 0x2028)
				esc = "\\u2028";
			else if (cp == 0x2029)
				esc = "\\u2029";
		} else if (c == '"')
			esc = "\\\"";
		else if (c == '\\')
			esc = "\\\\";
		else if (c == '\b')
			esc = "\\b";
		else if (c == '\f')
			esc = "\\f";
		else if (c == '\n')
			esc = "\\n";
		else if (c == '\r')
			esc = "\\r";
		else if (c == '\t')
			esc = "\\t";
		else if (c < 0x20 ||
		    ((w->flags & JSONW_SCRIPT) &&
			(c == '<' || c == '>' || c == '&'))) {
			u[0] = '\\';
			u[1] = 'u';
			u[2] = '0';
			u[3] = '0';
			u[4] = hex[c >> 4];
			u[5] = hex[c & 15];
			u[6] = '\0';
			esc = u;
		}
		if (esc == NULL) {
			/* Plain text: copied in runs, not byte by byte. */
			run += len;
			i += len;
			continue;
		}
		buf_put(w->b, s + i - run, run);
		run = 0;
		buf_puts(w->b, esc);
		i += len;
	}
	buf_put(w->b, s + i - run, run);
	buf_putc(w->b, '"');
}

static void
begin(struct jsonw *w, int is_obj, char c)
{
	if (!before_value(w))
		return;
	if (w->depth == JSONW_DEPTH) {
		fail(w);
		return;
	}
	w->depth++;
	w->is_obj[w->depth] = (unsigned char)is_obj;
	w->any[w->depth] = 0;
	buf_putc(w->b, c);
}

void
jsonw_init(struct jsonw *w, struct buf *b, int flags)
{
	w->b = b;
	w->flags = flags;
	w->depth = 0;
	w->want_value = 0;
	w->is_obj[0] = 0;
	w->any[0] = 0;
}

void
jsonw_obj(struct jsonw *w)
{
	begin(w, 1, '{');
}

void
jsonw_arr(struct jsonw *w)
{
	begin(w, 0, '[');
}

void
jsonw_end(struct jsonw *w)
{
	if (w->depth == 0 || w->want_value) {
		fail(w);
		return;
	}
	if (w->any[w->depth] && (w->flags & JSONW_PRETTY))
		newline(w, w->depth - 1);
	buf_putc(w->b, w->is_obj[w->depth] ? '}' : ']');
	w->depth--;
}

void
jsonw_key(struct jsonw *w, const char *key)
{
	if (w->depth == 0 || !w->is_obj[w->depth] || w->want_value) {
		fail(w);
		return;
	}
	next_member(w);
	put_string(w, key, strlen(key));
	buf_puts(w->b, (w->flags & JSONW_PRETTY) ? ": " : ":");
	w->want_value = 1;
}

void
jsonw_str(struct jsonw *w, struct str s)
{
	if (before_value(w))
		put_string(w, s.p != NULL ? s.p : "", s.n);
}

void
jsonw_cstr(struct jsonw *w, const char *s)
{
	if (s == NULL)
		jsonw_null(w);
	else
		jsonw_str(w, str_c(s));
}

void
jsonw_int(struct jsonw *w, int64_t v)
{
	if (before_value(w))
		buf_printf(w->b, "%" PRId64, v);
}

void
jsonw_bool(struct jsonw *w, int v)
{
	if (before_value(w))
		buf_puts(w->b, v ? "true" : "false");
}

void
jsonw_null(struct jsonw *w)
{
	if (before_value(w))
		buf_puts(w->b, "null");
}

void
jsonw_kstr(struct jsonw *w, const char *key, struct str s)
{
	if (s.p == NULL || !utf8_valid(s.p, s.n))
		return;
	jsonw_key(w, key);
	jsonw_str(w, s);
}

void
jsonw_kcstr(struct jsonw *w, const char *key, const char *s)
{
	if (s != NULL)
		jsonw_kstr(w, key, str_c(s));
}

void
jsonw_kint(struct jsonw *w, const char *key, int64_t v)
{
	jsonw_key(w, key);
	jsonw_int(w, v);
}
