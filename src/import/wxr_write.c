/*
 * wxr_write.c -- escaped text and CDATA for WXR files (see wxr_write.h).
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#include "core/utf8.h"
#include "import/wxr_write.h"

/*
 * Write s[0..n) with every byte sequence XML cannot carry replaced or
 * dropped; esc says whether & < > become entity references.
 */
static void
put_clean(FILE *f, const char *s, size_t n, int esc)
{
	size_t	 i = 0, k;
	uint32_t cp;

	while (i < n) {
		unsigned char ch = (unsigned char)s[i];

		if (ch >= 0x20 && ch < 0x80) {
			if (esc && ch == '&')
				fputs("&amp;", f);
			else if (esc && ch == '<')
				fputs("&lt;", f);
			else if (esc && ch == '>')
				fputs("&gt;", f);
			else
				fputc(ch, f);
			i++;
			continue;
		}
		if (ch < 0x20) {
			/* Only tab, newline and carriage return are XML. */
			if (ch == '\t' || ch == '\n' || ch == '\r')
				fputc(ch, f);
			i++;
			continue;
		}
		if ((k = utf8_decode(s + i, n - i, &cp)) == 0) {
			fputs("\xef\xbf\xbd", f);
			i++;
			continue;
		}
		if (cp != 0xfffe && cp != 0xffff)
			fwrite(s + i, 1, k, f);
		i += k;
	}
}

void
wxw_text(FILE *f, struct str s)
{
	put_clean(f, s.p, s.n, 1);
}

void
wxw_cdata(FILE *f, struct str s)
{
	size_t i, start = 0;

	fputs("<![CDATA[", f);
	for (i = 0; i + 2 < s.n; i++)
		if (s.p[i] == ']' && s.p[i + 1] == ']' && s.p[i + 2] == '>') {
			/* "]]" ends this section, ">" opens the next. */
			put_clean(f, s.p + start, i + 2 - start, 0);
			fputs("]]><![CDATA[", f);
			start = i + 2;
		}
	if (s.n > start)
		put_clean(f, s.p + start, s.n - start, 0);
	fputs("]]>", f);
}

static void
indent_to(FILE *f, int indent)
{
	while (indent-- > 0)
		fputc('\t', f);
}

void
wxw_el(FILE *f, int indent, const char *name, struct str v)
{
	indent_to(f, indent);
	fprintf(f, "<%s>", name);
	wxw_cdata(f, v);
	fprintf(f, "</%s>\n", name);
}

void
wxw_el_text(FILE *f, int indent, const char *name, struct str v)
{
	indent_to(f, indent);
	fprintf(f, "<%s>", name);
	wxw_text(f, v);
	fprintf(f, "</%s>\n", name);
}

void
wxw_el_i64(FILE *f, int indent, const char *name, int64_t v)
{
	indent_to(f, indent);
	fprintf(f, "<%s>%" PRId64 "</%s>\n", name, v, name);
}
