/*
 * req.c -- request accessors and the pure parsers behind them.
 *
 * The path and query decoders work on (bytes, len) and an arena only, so
 * the exact behaviour is what the unit tables say and each can be fed to
 * a fuzzer.  Only req_header() talks to libmicrohttpd.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <microhttpd.h>

#include "core/arena.h"
#include "http/limits.h"
#include "http/req.h"

static const char *const method_names[HTTP_METHOD__MAX] = {
	"GET",
	"HEAD",
	"POST",
	"PUT",
	"DELETE",
	"PATCH",
	"OPTIONS",
	NULL,
};

enum http_method
req_method_of(struct str name)
{
	size_t i;

	/* Methods are case-sensitive (RFC 9110, 9.1). */
	for (i = 0; i < HTTP_OTHER; i++)
		if (str_eqc(name, method_names[i]))
			return (enum http_method)i;
	return HTTP_OTHER;
}

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decode the byte at s[*i] (n bytes in all), moving *i past it: a %XX
 * escape is one byte, '+' is a space when plus is set.  Returns the byte,
 * or -1 for a bad or truncated escape.
 */
static int
decode_next(const char *s, size_t n, size_t *i, int plus)
{
	unsigned char c = (unsigned char)s[*i];
	int	      hi, lo;

	if (c == '%') {
		if (n - *i < 3)
			return -1;
		hi = hexval((unsigned char)s[*i + 1]);
		lo = hexval((unsigned char)s[*i + 2]);
		if (hi < 0 || lo < 0)
			return -1;
		*i += 3;
		return hi << 4 | lo;
	}
	(*i)++;
	if (c == '+' && plus)
		return ' ';
	return c;
}

static int
is_ctl(int c)
{
	return c < 0x20 || c == 0x7f;
}

/* Non-zero if the decoded path p (n bytes) has a "." or ".." segment. */
static int
has_dot_segment(const char *p, size_t n)
{
	size_t i, start, len;

	for (i = 0; i < n; i = start + len) {
		start = i + 1; /* past the '/' */
		for (len = 0; start + len < n && p[start + len] != '/'; len++)
			continue;
		if ((len == 1 && p[start] == '.') ||
		    (len == 2 && p[start] == '.' && p[start + 1] == '.'))
			return 1;
	}
	return 0;
}

enum ng_err
req_path_decode(struct arena *a, const char *raw, size_t n, struct str *out)
{
	char  *p;
	size_t i, o;
	int    c, escaped;

	*out = STR_NULL;
	if (n == 0 || raw[0] != '/')
		return NG_EINVAL;
	if (n > HTTP_PATH_MAX)
		return NG_ETOOBIG;
	if ((p = arena_alloc(a, n + 1)) == NULL)
		return NG_ENOMEM;
	for (i = o = 0; i < n;) {
		escaped = raw[i] == '%';
		if ((c = decode_next(raw, n, &i, 0)) < 0)
			return NG_EINVAL;
		/*
		 * Control bytes have no place in a path and NUL would cut
		 * it short for any C string consumer.  An encoded '/'
		 * would make "a%2F..%2Fb" one segment on the wire and
		 * three after decoding, so refuse it (as Apache does).
		 */
		if (is_ctl(c) || (escaped && c == '/'))
			return NG_EINVAL;
		p[o++] = (char)c;
	}
	p[o] = '\0';
	/* Slashes were not decoded, so raw and decoded segments line up
	 * and checking the decoded ones covers "%2e%2E" as well. */
	if (has_dot_segment(p, o))
		return NG_EINVAL;
	*out = (struct str){ p, o };
	return NG_OK;
}

enum ng_err
req_query_decode(struct arena *a, const char *s, size_t n, struct str *out)
{
	char  *p;
	size_t i, o;
	int    c;

	*out = STR_NULL;
	if (n == SIZE_MAX || (p = arena_alloc(a, n + 1)) == NULL)
		return NG_ENOMEM;
	for (i = o = 0; i < n;) {
		if ((c = decode_next(s, n, &i, 1)) <= 0)
			return NG_EINVAL; /* bad escape or NUL */
		p[o++] = (char)c;
	}
	p[o] = '\0';
	*out = (struct str){ p, o };
	return NG_OK;
}

/*
 * Non-zero if the encoded key k (n bytes) decodes to exactly name.
 * Decodes on the fly so that looking a parameter up allocates nothing
 * for the keys that do not match.
 */
static int
key_equals(const char *k, size_t n, const char *name)
{
	size_t i = 0, j = 0;
	int    c;

	while (i < n) {
		if ((c = decode_next(k, n, &i, 1)) <= 0)
			return 0;
		if (name[j] == '\0' || (unsigned char)name[j] != c)
			return 0;
		j++;
	}
	return name[j] == '\0';
}

enum ng_err
req_query_find(struct arena *a, struct str query, const char *name,
    struct str *out)
{
	const char *pair, *end, *amp, *eq;
	size_t	    plen, klen;
	enum ng_err err;

	*out = STR_NULL;
	if (query.p == NULL)
		return NG_ENOTFOUND;
	end = query.p + query.n;
	for (pair = query.p; pair < end; pair = amp + 1) {
		if ((amp = memchr(pair, '&', (size_t)(end - pair))) == NULL)
			amp = end;
		plen = (size_t)(amp - pair);
		if ((eq = memchr(pair, '=', plen)) == NULL)
			klen = plen;
		else
			klen = (size_t)(eq - pair);
		if (plen == 0 || !key_equals(pair, klen, name))
			continue;
		if (eq == NULL)
			err = req_query_decode(a, "", 0, out);
		else
			err = req_query_decode(a, eq + 1, plen - klen - 1, out);
		if (err != NG_EINVAL)
			return err;
	}
	return NG_ENOTFOUND;
}

struct str
req_header(const struct req *r, const char *name)
{
	const char *v;
	size_t	    n;

	if (r->conn == NULL)
		return STR_NULL;
	if (MHD_lookup_connection_value_n(r->conn, MHD_HEADER_KIND, name,
		strlen(name), &v, &n) != MHD_YES ||
	    v == NULL)
		return STR_NULL;
	return (struct str){ v, n };
}

struct str
req_query(const struct req *r, const char *name)
{
	struct str v;

	if (req_query_find(r->arena, r->query, name, &v) != NG_OK)
		return STR_NULL;
	return v;
}

struct str
req_form(const struct req *r, const char *name)
{
	struct str ct, v;

	ct = req_header(r, "Content-Type");
	if (!str_has_prefix(ct, STR_LIT("application/x-www-form-urlencoded")))
		return STR_NULL;
	if (req_query_find(r->arena, r->body, name, &v) != NG_OK)
		return STR_NULL;
	return v;
}

enum ng_err
req_cookie_find(struct str header, const char *name, struct str *out)
{
	size_t i = 0, ks, ke, vs, ve, nlen = strlen(name);

	*out = STR_NULL;
	while (i < header.n) {
		while (i < header.n &&
		    (header.p[i] == ' ' || header.p[i] == '\t' ||
			header.p[i] == ';'))
			i++;
		ks = i;
		while (i < header.n && header.p[i] != '=' && header.p[i] != ';')
			i++;
		ke = i;
		while (ke > ks && header.p[ke - 1] == ' ')
			ke--;
		if (i >= header.n || header.p[i] != '=') {
			/* A pair without '=' is ignored (RFC 6265 5.2). */
			continue;
		}
		vs = ++i;
		while (i < header.n && header.p[i] != ';')
			i++;
		ve = i;
		while (ve > vs &&
		    (header.p[ve - 1] == ' ' || header.p[ve - 1] == '\t'))
			ve--;
		while (vs < ve && header.p[vs] == ' ')
			vs++;
		if (ve - vs >= 2 && header.p[vs] == '"' &&
		    header.p[ve - 1] == '"') {
			vs++;
			ve--;
		}
		if (ke - ks == nlen && memcmp(header.p + ks, name, nlen) == 0) {
			*out = (struct str){ header.p + vs, ve - vs };
			return NG_OK;
		}
	}
	return NG_ENOTFOUND;
}

struct str
req_cookie(const struct req *r, const char *name)
{
	struct str v;

	if (req_cookie_find(req_header(r, "Cookie"), name, &v) != NG_OK)
		return STR_NULL;
	return v;
}

struct str
req_cap(const struct req *r, size_t i)
{
	if (i >= r->ncaps || i >= REQ_MAXCAPS)
		return STR_NULL;
	return r->caps[i];
}
