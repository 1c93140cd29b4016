/*
 * autop.c -- automatic paragraphs (see autop.h).
 *
 * WordPress does this with a cascade of regular expressions over the
 * whole string.  Here one left-to-right scan splits the input into
 * tokens (text, a tag, a comment, an opaque element such as <pre>) and
 * collects "chunks": a chunk ends at a blank line in text, just before
 * an opening block tag and just after a closing one -- where WordPress
 * inserts its "\n\n".  A chunk is then written as WordPress's clean-up
 * passes would leave it: wrapped in <p> unless a block tag begins it,
 * single newlines as <br />.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/buf.h"
#include "content/autop.h"

/* WordPress's $allblocks. */
static const char *const blocks[] = {
	"address",
	"area",
	"article",
	"aside",
	"blockquote",
	"caption",
	"col",
	"colgroup",
	"dd",
	"details",
	"div",
	"dl",
	"dt",
	"fieldset",
	"figcaption",
	"figure",
	"footer",
	"form",
	"h1",
	"h2",
	"h3",
	"h4",
	"h5",
	"h6",
	"header",
	"hgroup",
	"hr",
	"legend",
	"li",
	"map",
	"math",
	"menu",
	"nav",
	"ol",
	"p",
	"pre",
	"section",
	"style",
	"summary",
	"table",
	"tbody",
	"td",
	"tfoot",
	"th",
	"thead",
	"tr",
	"ul",
};

/* Elements whose inside is copied untouched. */
static const char *const opaque[] = {
	"pre",
	"script",
	"style",
	"textarea",
	"svg",
};

enum tok {
	T_TEXT,
	T_INLINE, /* an inline tag, a comment, an opaque element */
	T_OPEN,	  /* an opening block tag */
	T_CLOSE,  /* a closing block tag */
	T_VOID,	  /* <hr>: both */
};

static int
name_in(const char *p, size_t n, const char *const *list, size_t nlist)
{
	size_t i;

	for (i = 0; i < nlist; i++)
		if (strlen(list[i]) == n && strncasecmp(list[i], p, n) == 0)
			return 1;
	return 0;
}

static int
is_namec(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-';
}

/*
 * The token at s[i] (s[i] == '<'): its kind and end.  Not a tag ("a < b")
 * is text of one byte.
 */
static enum tok
tag_at(const char *s, size_t n, size_t i, size_t *end)
{
	const char *gt, *close;
	size_t	    j, ns, nn;
	int	    closing = 0;
	char	    q;

	if (i + 4 <= n && memcmp(s + i, "<!--", 4) == 0) {
		close = memmem(s + i + 4, n - i - 4, "-->", 3);
		*end = close == NULL ? n : (size_t)(close - s) + 3;
		return T_INLINE;
	}
	j = i + 1;
	if (j < n && s[j] == '/') {
		closing = 1;
		j++;
	}
	if (j >= n ||
	    !((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z'))) {
		*end = i + 1;
		return T_TEXT;
	}
	ns = j;
	while (j < n && is_namec(s[j]))
		j++;
	nn = j - ns;
	/* The tag ends at the first '>' outside quotes. */
	for (q = 0; j < n; j++) {
		if (q != 0) {
			if (s[j] == q)
				q = 0;
		} else if (s[j] == '"' || s[j] == '\'')
			q = s[j];
		else if (s[j] == '>')
			break;
	}
	if (j >= n) {
		*end = i + 1;
		return T_TEXT;
	}
	*end = j + 1;
	if (!closing &&
	    name_in(s + ns, nn, opaque, sizeof(opaque) / sizeof(opaque[0]))) {
		/* Through the matching close tag (or the end). */
		for (gt = s + *end;
		     (gt = memmem(gt, (size_t)(s + n - gt), "</", 2)) != NULL;
		     gt += 2) {
			if ((size_t)(s + n - gt) >= nn + 2 &&
			    strncasecmp(gt + 2, s + ns, nn) == 0) {
				const char *e = memchr(gt, '>',
				    (size_t)(s + n - gt));

				*end = e == NULL ? n : (size_t)(e - s) + 1;
				break;
			}
		}
		if (gt == NULL)
			*end = n;
		if (nn == 3 && strncasecmp(s + ns, "pre", 3) == 0)
			return T_VOID; /* a block of its own */
		return T_INLINE;
	}
	if (!name_in(s + ns, nn, blocks, sizeof(blocks) / sizeof(blocks[0])))
		return T_INLINE;
	if (nn == 2 && strncasecmp(s + ns, "hr", 2) == 0)
		return T_VOID;
	return closing ? T_CLOSE : T_OPEN;
}

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Write s[from..to): newlines in text become "<br />\n", tags and
 * comments are copied as they are.
 */
static void
put_middle(struct buf *b, const char *s, size_t from, size_t to)
{
	size_t i = from, e;

	while (i < to) {
		if (s[i] == '<') {
			(void)tag_at(s, to, i, &e);
			buf_put(b, s + i, e - i);
			i = e;
			continue;
		}
		if (s[i] == '\n') {
			/* Trailing spaces before the newline go. */
			while (b->n > 0 &&
			    (b->p[b->n - 1] == ' ' || b->p[b->n - 1] == '\t'))
				b->n--;
			buf_puts(b, "<br />\n");
			i++;
			while (i < to && (s[i] == ' ' || s[i] == '\t'))
				i++;
			continue;
		}
		buf_putc(b, s[i++]);
	}
}

/* Write the inline run s[from..to) as paragraphs split at blank lines. */
static void
flush(struct buf *b, const char *s, size_t from, size_t to, int lead)
{
	size_t i, e, ps;
	int    first = 1;

	i = from;
	while (i < to) {
		/* One paragraph: up to a blank line outside tags. */
		ps = i;
		for (;;) {
			if (i >= to)
				break;
			if (s[i] == '<') {
				(void)tag_at(s, to, i, &e);
				i = e;
				continue;
			}
			if (s[i] == '\n') {
				size_t j = i + 1;

				while (j < to &&
				    (s[j] == ' ' || s[j] == '\t' ||
					s[j] == '\r'))
					j++;
				if (j < to && s[j] == '\n')
					break;
			}
			i++;
		}
		e = i;
		while (ps < e && is_ws(s[ps]))
			ps++;
		while (e > ps && is_ws(s[e - 1]))
			e--;
		/*
		 * WordPress wraps every paragraph but one that starts
		 * right after an opening block tag ("<div>text</div>" and
		 * "<li>text" stay as they are) -- except in a blockquote,
		 * whose text always gets paragraphs (lead == 2).
		 */
		if (e > ps) {
			int wrap = !(first && lead == 1);

			if (wrap)
				buf_puts(b, "<p>");
			put_middle(b, s, ps, e);
			if (wrap)
				buf_puts(b, "</p>\n");
		}
		first = 0;
		/* Skip the blank line(s). */
		while (i < to && is_ws(s[i]))
			i++;
	}
}

enum ng_err
autop(struct arena *a, const char *src, size_t n, struct str *out)
{
	struct buf b;
	size_t	   i, e, run, k;
	enum tok   t;
	int	   lead = 0;
	char	  *norm;

	*out = STR_NULL;
	/* "\r\n" and lone "\r" are newlines. */
	if ((norm = arena_alloc(a, n + 1)) == NULL)
		return NG_ENOMEM;
	for (i = k = 0; i < n; i++) {
		if (src[i] == '\r') {
			norm[k++] = '\n';
			if (i + 1 < n && src[i + 1] == '\n')
				i++;
		} else
			norm[k++] = src[i];
	}
	norm[k] = '\0';
	n = k;
	buf_init(&b, a);
	run = 0;
	for (i = 0; i < n;) {
		if (norm[i] != '<') {
			i++;
			continue;
		}
		t = tag_at(norm, n, i, &e);
		switch (t) {
		case T_TEXT:
		case T_INLINE:
			break;
		case T_OPEN:
			flush(&b, norm, run, i, lead);
			buf_put(&b, norm + i, e - i);
			run = e;
			lead = e - i > 11 &&
				strncasecmp(norm + i + 1, "blockquote", 10) ==
				    0 ?
			    2 :
			    1;
			break;
		case T_CLOSE:
			flush(&b, norm, run, i, lead);
			buf_put(&b, norm + i, e - i);
			buf_putc(&b, '\n');
			run = e;
			lead = 0;
			break;
		case T_VOID:
			flush(&b, norm, run, i, lead);
			buf_put(&b, norm + i, e - i);
			buf_putc(&b, '\n');
			run = e;
			lead = 0;
			break;
		}
		i = e;
	}
	flush(&b, norm, run, n, lead);
	return buf_finish(&b, out);
}
