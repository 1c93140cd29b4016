/*
 * mail.c -- building messages (mail.h): RFC 5322 header fields, RFC
 * 2047 encoded-words for what is not ASCII, RFC 2045 quoted-printable
 * bodies.  Pure functions over an arena; the sender is mail_send.c.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/utf8.h"
#include "jobs/mail.h"

#define LINE_MAX_QP 76 /* RFC 2045: encoded lines at most 76 chars */
#define EW_BYTES    45 /* raw bytes per encoded-word: 60 base64 chars */

int
mail_address_ok(struct str e)
{
	const char *at;
	size_t	    i;

	if (e.p == NULL || e.n < 3 || e.n > 254)
		return 0;
	for (i = 0; i < e.n; i++)
		if ((unsigned char)e.p[i] <= 0x20 ||
		    (unsigned char)e.p[i] >= 0x7f ||
		    strchr("\"(),:;<>[\\]", e.p[i]) != NULL)
			return 0;
	if ((at = memchr(e.p, '@', e.n)) == NULL || at == e.p ||
	    memchr(at + 1, '@', e.n - (size_t)(at + 1 - e.p)) != NULL)
		return 0;
	i = (size_t)(at + 1 - e.p);
	return i < e.n && e.p[i] != '.' && e.p[e.n - 1] != '.' &&
	    memchr(e.p + i, '.', e.n - i) != NULL;
}

void
mail_date(int64_t t, char out[MAIL_DATE_LEN])
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
		"Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t			 tt = (time_t)t;
	struct tm		 tm;

	gmtime_r(&tt, &tm);
	snprintf(out, MAIL_DATE_LEN, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/*
 * v cleaned for a header: valid UTF-8 ('?' for a bad byte), controls as
 * spaces, runs of spaces as one, no space at either end, at most max
 * bytes (cut on a character).
 */
static struct str
clean(struct arena *a, struct str v, size_t max)
{
	char	*o;
	size_t	 i = 0, n = 0, k;
	uint32_t cp;

	if (v.p == NULL || (o = arena_alloc(a, v.n + 1)) == NULL)
		return STR_LIT("");
	while (i < v.n) {
		if ((k = utf8_decode(v.p + i, v.n - i, &cp)) == 0) {
			cp = '?';
			k = 1;
		}
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
		    cp == 0x2028 || cp == 0x2029) {
			if (n > 0 && o[n - 1] != ' ' && n < max)
				o[n++] = ' ';
		} else if (cp == ' ') {
			if (n > 0 && o[n - 1] != ' ' && n < max)
				o[n++] = ' ';
		} else if (cp == '?' && k == 1 && v.p[i] != '?') {
			if (n < max)
				o[n++] = '?';
		} else {
			if (n + k > max)
				break;
			memcpy(o + n, v.p + i, k);
			n += k;
		}
		i += k;
	}
	while (n > 0 && o[n - 1] == ' ')
		n--;
	o[n] = '\0';
	return (struct str){ o, n };
}

static int
plain_ascii(struct str s)
{
	size_t i;

	for (i = 0; i < s.n; i++)
		if ((unsigned char)s.p[i] < 0x20 ||
		    (unsigned char)s.p[i] > 0x7e)
			return 0;
	/* Something a reader would decode as an encoded-word is encoded. */
	for (i = 0; i + 1 < s.n; i++)
		if (s.p[i] == '=' && s.p[i + 1] == '?')
			return 0;
	return 1;
}

static void
base64(struct buf *b, const unsigned char *p, size_t n)
{
	static const char
		 t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		       "0123456789+/";
	size_t	 i;
	unsigned v;

	for (i = 0; i + 2 < n; i += 3) {
		v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
		buf_putc(b, t[v >> 18 & 63]);
		buf_putc(b, t[v >> 12 & 63]);
		buf_putc(b, t[v >> 6 & 63]);
		buf_putc(b, t[v & 63]);
	}
	if (n - i == 1) {
		v = (unsigned)p[i] << 16;
		buf_putc(b, t[v >> 18 & 63]);
		buf_putc(b, t[v >> 12 & 63]);
		buf_puts(b, "==");
	} else if (n - i == 2) {
		v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8;
		buf_putc(b, t[v >> 18 & 63]);
		buf_putc(b, t[v >> 12 & 63]);
		buf_putc(b, t[v >> 6 & 63]);
		buf_putc(b, '=');
	}
}

/*
 * s (clean UTF-8) as encoded-words of whole characters, each on a line
 * of its own after the first (folded with CRLF and a space).
 */
static void
encoded_words(struct buf *b, struct str s)
{
	size_t	 i = 0, start, k;
	uint32_t cp;

	while (i < s.n) {
		start = i;
		while (i < s.n) {
			if ((k = utf8_decode(s.p + i, s.n - i, &cp)) == 0)
				k = 1;
			if (i - start + k > EW_BYTES)
				break;
			i += k;
		}
		if (start > 0)
			buf_puts(b, "\r\n ");
		buf_puts(b, "=?UTF-8?B?");
		base64(b, (const unsigned char *)s.p + start, i - start);
		buf_puts(b, "?=");
	}
}

struct str
mail_header_value(struct arena *a, struct str v, size_t max, size_t name_len)
{
	struct buf b;
	struct str c = clean(a, v, max), out;

	if (plain_ascii(c) && name_len + c.n <= 78)
		return c;
	buf_init(&b, a);
	if (plain_ascii(c) && name_len + c.n <= 998)
		buf_putstr(&b, c);
	else
		encoded_words(&b, c);
	if (buf_finish(&b, &out) != NG_OK)
		return STR_LIT("");
	return out;
}

/* "Name" <addr>, or addr alone when name is empty. */
static void
mailbox(struct buf *b, struct arena *a, struct str name, struct str addr)
{
	struct str c = clean(a, name, MAIL_NAME_MAX);
	size_t	   i;

	if (c.n == 0) {
		buf_putstr(b, addr);
		return;
	}
	if (plain_ascii(c)) {
		buf_putc(b, '"');
		for (i = 0; i < c.n; i++) {
			if (c.p[i] == '"' || c.p[i] == '\\')
				buf_putc(b, '\\');
			buf_putc(b, c.p[i]);
		}
		buf_putc(b, '"');
	} else
		encoded_words(b, c);
	buf_puts(b, "\r\n <");
	buf_putstr(b, addr);
	buf_putc(b, '>');
}

struct str
mail_qp(struct arena *a, struct str s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf	  b;
	struct str	  out;
	size_t		  i, j, end, col;
	char		  tok[4];
	size_t		  tn;
	unsigned char	  c;

	buf_init(&b, a);
	i = 0;
	while (s.p != NULL && i < s.n) {
		for (end = i; end < s.n && s.p[end] != '\n'; end++)
			;
		j = end;
		if (j > i && s.p[j - 1] == '\r')
			j--;
		col = 0;
		for (; i < j; i++) {
			c = (unsigned char)s.p[i];
			if ((c >= 33 && c <= 126 && c != '=') ||
			    ((c == ' ' || c == '\t') && i + 1 < j)) {
				tok[0] = (char)c;
				tn = 1;
			} else {
				tok[0] = '=';
				tok[1] = hex[c >> 4];
				tok[2] = hex[c & 15];
				tn = 3;
			}
			/* Room for the token and a soft break's '='. */
			if (col + tn > LINE_MAX_QP - 1) {
				buf_puts(&b, "=\r\n");
				col = 0;
			}
			buf_put(&b, tok, tn);
			col += tn;
		}
		buf_puts(&b, "\r\n");
		i = end < s.n ? end + 1 : end;
	}
	if (buf_finish(&b, &out) != NG_OK)
		return STR_LIT("");
	return out;
}

enum ng_err
mail_build(struct arena *a, const struct mail_msg *m, struct str *out)
{
	struct buf  b;
	const char *at;
	char	    date[MAIL_DATE_LEN];

	*out = STR_LIT("");
	if (!mail_address_ok(m->from) || !mail_address_ok(m->to))
		return NG_EINVAL;
	at = memchr(m->from.p, '@', m->from.n);
	mail_date(m->date, date);
	buf_init(&b, a);
	buf_printf(&b, "Date: %s\r\n", date);
	buf_puts(&b, "From: ");
	mailbox(&b, a, m->from_name, m->from);
	buf_puts(&b, "\r\nTo: ");
	mailbox(&b, a, m->to_name, m->to);
	buf_puts(&b, "\r\nSubject: ");
	buf_putstr(&b, mail_header_value(a, m->subject, MAIL_SUBJECT_MAX, 9));
	buf_puts(&b, "\r\nMessage-ID: <");
	buf_putstr(&b, clean(a, m->id, 64));
	buf_printf(&b, ".%lld@%.*s>\r\n", (long long)m->date,
	    (int)(m->from.n - (size_t)(at + 1 - m->from.p)), at + 1);
	buf_puts(&b,
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n"
	    "Auto-Submitted: auto-generated\r\n"
	    "\r\n");
	buf_putstr(&b, mail_qp(a, m->body));
	return buf_finish(&b, out);
}
