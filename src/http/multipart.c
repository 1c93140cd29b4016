/*
 * multipart.c -- multipart/form-data parsing (multipart.h).
 *
 * Only what browsers send for an HTML form is accepted: CRLF line ends,
 * a Content-Disposition of form-data with a quoted name, an optional
 * quoted filename and Content-Type.  Anything else is refused rather
 * than guessed at.
 */
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "http/multipart.h"

static int
space(char c)
{
	return c == ' ' || c == '\t';
}

static struct str
trim(struct str s)
{
	while (s.n > 0 && space(s.p[0])) {
		s.p++;
		s.n--;
	}
	while (s.n > 0 && space(s.p[s.n - 1]))
		s.n--;
	return s;
}

/* Does s start with the case-insensitive prefix pre? */
static int
prefix_ci(struct str s, const char *pre)
{
	size_t n = strlen(pre);

	return s.n >= n && strncasecmp(s.p, pre, n) == 0;
}

/*
 * Parameter key of a header value such as `form-data; name="a"`: the
 * quoted or bare value, STR_NULL when absent.  Keys are matched whole
 * (name= does not match filename=).  The value is walked as RFC 9110's
 * parameters are written -- a quoted-string runs to its closing quote,
 * skipping backslash pairs -- so a ';' or "name=" inside quotes
 * (filename="a;name=x.jpg") is never taken for a parameter.  A quoted
 * value comes back without its quotes, escapes as sent.
 */
static struct str
param(struct str v, const char *key)
{
	const char *p = v.p, *end = v.p + v.n, *k, *val;
	size_t	    kn = strlen(key);
	struct str  found;

	/* Skip the first item (the disposition or media type). */
	while (p < end && *p != ';')
		p++;
	while (p < end) {
		p++; /* the ';' */
		while (p < end && space(*p))
			p++;
		for (k = p; p < end && *p != '=' && *p != ';'; p++)
			continue;
		found = trim((struct str){ k, (size_t)(p - k) });
		if (p == end || *p == ';')
			continue; /* a key without a value */
		p++;		  /* the '=' */
		while (p < end && space(*p))
			p++;
		if (p < end && *p == '"') {
			for (val = ++p; p < end && *p != '"'; p++)
				if (*p == '\\' && p + 1 < end)
					p++;
			if (p == end)
				return STR_NULL; /* unterminated */
			if (found.n == kn && strncasecmp(found.p, key, kn) == 0)
				return (struct str){ val, (size_t)(p - val) };
			p++;
		} else {
			for (val = p; p < end && *p != ';'; p++)
				continue;
			if (found.n == kn && strncasecmp(found.p, key, kn) == 0)
				return trim(
				    (struct str){ val, (size_t)(p - val) });
		}
		while (p < end && *p != ';')
			p++;
	}
	return STR_NULL;
}

enum ng_err
multipart_boundary(struct str ctype, struct str *out)
{
	struct str b;

	*out = STR_NULL;
	ctype = trim(ctype);
	if (!prefix_ci(ctype, "multipart/form-data"))
		return NG_EINVAL;
	ctype.p += 19;
	ctype.n -= 19;
	if (ctype.n > 0 && ctype.p[0] != ';' && !space(ctype.p[0]))
		return NG_EINVAL;
	b = param(ctype, "boundary");
	if (b.p == NULL || b.n == 0 || b.n > MULTIPART_BOUNDARY_MAX ||
	    memchr(b.p, '\r', b.n) != NULL || memchr(b.p, '\n', b.n) != NULL)
		return NG_EINVAL;
	*out = b;
	return NG_OK;
}

/* Parse one part's header block (without the final CRLF CRLF). */
static enum ng_err
part_head(struct str h, struct multipart_part *pt)
{
	const char *p = h.p, *end = h.p + h.n, *eol, *colon;
	struct str  line, key, val;
	size_t	    i;
	int	    have_cd = 0;

	while (p < end) {
		eol = memmem(p, (size_t)(end - p), "\r\n", 2);
		if (eol == NULL)
			eol = end;
		line = (struct str){ p, (size_t)(eol - p) };
		p = eol == end ? end : eol + 2;
		if (line.n == 0)
			continue;
		/* No control byte but tab in a part's header: a NUL or a
		 * lone CR would read one way here, another elsewhere. */
		for (i = 0; i < line.n; i++)
			if (((unsigned char)line.p[i] < 0x20 &&
				line.p[i] != '\t') ||
			    line.p[i] == 0x7f)
				return NG_EINVAL;
		if ((colon = memchr(line.p, ':', line.n)) == NULL)
			return NG_EINVAL;
		key = trim((struct str){ line.p, (size_t)(colon - line.p) });
		val = trim((struct str){ colon + 1,
		    (size_t)(line.p + line.n - colon - 1) });
		if (key.n == 19 &&
		    strncasecmp(key.p, "Content-Disposition", 19) == 0) {
			if (!prefix_ci(val, "form-data"))
				return NG_EINVAL;
			pt->name = param(val, "name");
			pt->filename = param(val, "filename");
			have_cd = 1;
		} else if (key.n == 12 &&
		    strncasecmp(key.p, "Content-Type", 12) == 0)
			pt->type = val;
	}
	if (!have_cd || pt->name.p == NULL || pt->name.n == 0)
		return NG_EINVAL;
	return NG_OK;
}

enum ng_err
multipart_parse(struct arena *a, struct str ctype, struct str body,
    struct multipart_part **out, size_t *n)
{
	struct multipart_part *v;
	struct str	       b;
	char		       delim[MULTIPART_BOUNDARY_MAX + 4];
	const char	      *p, *end, *next, *hend;
	size_t		       dn;
	enum ng_err	       err;

	*out = NULL;
	*n = 0;
	if ((err = multipart_boundary(ctype, &b)) != NG_OK)
		return err;
	if (body.p == NULL)
		return NG_EINVAL;
	/* "\r\n--" boundary: the delimiter between parts. */
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, b.p, b.n);
	dn = b.n + 4;
	end = body.p + body.n;
	/* The first delimiter may open the body (no CRLF before it). */
	if (body.n >= dn - 2 && memcmp(body.p, delim + 2, dn - 2) == 0)
		p = body.p + dn - 2;
	else if ((p = memmem(body.p, body.n, delim, dn)) != NULL)
		p += dn;
	else
		return NG_EINVAL;
	v = arena_calloc(a, MULTIPART_PARTS_MAX, sizeof(*v));
	if (v == NULL)
		return NG_ENOMEM;
	for (;;) {
		/* After a delimiter: "--" ends the body, CRLF a part. */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break;
		/* Transport padding (RFC 2046) before the CRLF. */
		while (p < end && space(*p))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return NG_EINVAL;
		p += 2;
		if (*n == MULTIPART_PARTS_MAX)
			return NG_ETOOBIG;
		if (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
			hend = p; /* no headers at all */
		else if ((hend = memmem(p, (size_t)(end - p), "\r\n\r\n", 4)) ==
			NULL ||
		    hend - p > MULTIPART_HEAD_MAX)
			return NG_EINVAL;
		memset(&v[*n], 0, sizeof(v[*n]));
		if ((err = part_head((struct str){ p, (size_t)(hend - p) },
			 &v[*n])) != NG_OK)
			return err;
		p = hend + (hend == p ? 2 : 4);
		if ((next = memmem(p, (size_t)(end - p), delim, dn)) == NULL)
			return NG_EINVAL;
		v[*n].data = (struct str){ p, (size_t)(next - p) };
		if (v[*n].type.p == NULL)
			v[*n].type = STR_LIT("");
		(*n)++;
		p = next + dn;
	}
	*out = v;
	return NG_OK;
}

const struct multipart_part *
multipart_find(const struct multipart_part *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (str_eqc(v[i].name, name))
			return &v[i];
	return NULL;
}
