/*
 * php_meta.c -- values out of PHP-serialized metadata (see php_meta.h).
 *
 * The format, as PHP's var_unserializer reads it:
 *	N;			null
 *	b:0; b:1;		boolean
 *	i:-12;			integer
 *	d:0.5; d:1.0E+25; d:INF; d:-INF; d:NAN;
 *	s:LEN:"LEN bytes";	string, no escaping: the length rules
 *	E:LEN:"Class:Case";	enum case
 *	a:COUNT:{key value ...}	array; keys are i: or s:
 *	O:LEN:"Class":COUNT:{name value ...}	object
 *	C:LEN:"Class":LEN:{bytes}	object with its own serialization
 *	r:N; R:N;		reference to an earlier value
 */
#include <stdint.h>
#include <string.h>

#include "import/php_meta.h"

struct cur {
	const char *p;
	const char *end;
};

static int
take(struct cur *c, char ch)
{
	if (c->p >= c->end || *c->p != ch)
		return 0;
	c->p++;
	return 1;
}

/* A decimal count or length: digits only, at most nine of them. */
static int
count(struct cur *c, size_t *out)
{
	size_t n = 0, digits = 0;

	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		if (++digits > 9)
			return 0;
		n = n * 10 + (size_t)(*c->p++ - '0');
	}
	*out = n;
	return digits > 0;
}

/* The text up to ';' (an integer's or a float's), bounded. */
static int
number(struct cur *c, struct str *out)
{
	const char *s = c->p;

	while (c->p < c->end && *c->p != ';' && c->p - s < 32)
		c->p++;
	if (c->p == s || !take(c, ';'))
		return 0;
	*out = (struct str){ s, (size_t)(c->p - 1 - s) };
	return 1;
}

/* LEN:"bytes" -- the quoted run whose length comes first. */
static int
quoted(struct cur *c, struct str *out)
{
	size_t n;

	if (!count(c, &n) || !take(c, ':') || !take(c, '"') ||
	    (size_t)(c->end - c->p) < n + 1 || c->p[n] != '"')
		return 0;
	*out = (struct str){ c->p, n };
	c->p += n + 1;
	return 1;
}

static int value(struct cur *c, int depth, struct str *out, int *scalar);

/* COUNT:{ pairs } -- an array's or an object's members, stepped over. */
static int
members(struct cur *c, int depth)
{
	struct str ignored;
	size_t	   n, i;
	int	   scalar;

	if (!count(c, &n) || !take(c, ':') || !take(c, '{'))
		return 0;
	for (i = 0; i < n; i++)
		if (!value(c, depth, &ignored, &scalar) ||
		    !value(c, depth, &ignored, &scalar))
			return 0;
	return take(c, '}');
}

/*
 * One value at c, stepped over.  A scalar's text goes to out (*scalar
 * set); arrays, objects, null and references leave *scalar clear.
 */
static int
value(struct cur *c, int depth, struct str *out, int *scalar)
{
	struct str name;
	size_t	   n;
	char	   t;

	*scalar = 0;
	*out = STR_NULL;
	if (depth > PHP_META_DEPTH_MAX || c->end - c->p < 2)
		return 0;
	t = *c->p++;
	if (t == 'N')
		return take(c, ';');
	if (!take(c, ':'))
		return 0;
	switch (t) {
	case 'b':
		if (c->p >= c->end || (*c->p != '0' && *c->p != '1'))
			return 0;
		*out = (struct str){ c->p++, 1 };
		*scalar = 1;
		return take(c, ';');
	case 'i':
	case 'd':
		return (*scalar = number(c, out));
	case 's':
	case 'E':
		return (*scalar = quoted(c, out) && take(c, ';'));
	case 'r':
	case 'R':
		return count(c, &n) && take(c, ';');
	case 'a':
		return members(c, depth + 1);
	case 'O':
		return quoted(c, &name) && take(c, ':') &&
		    members(c, depth + 1);
	case 'C':
		if (!quoted(c, &name) || !take(c, ':') || !count(c, &n) ||
		    !take(c, ':') || !take(c, '{') ||
		    (size_t)(c->end - c->p) < n + 1 || c->p[n] != '}')
			return 0;
		c->p += n + 1;
		return 1;
	default:
		return 0;
	}
}

struct str
php_meta_field(struct str ser, const char *key)
{
	struct cur c = { ser.p, ser.p + ser.n };
	struct str k, v;
	size_t	   n, i;
	int	   named, kscalar, vscalar;

	if (ser.p == NULL || key == NULL || !take(&c, 'a') || !take(&c, ':') ||
	    !count(&c, &n) || !take(&c, ':') || !take(&c, '{'))
		return STR_NULL;
	for (i = 0; i < n; i++) {
		/* Keys are integers or strings; "s" keys are the named. */
		if (c.end - c.p < 2 || (c.p[0] != 'i' && c.p[0] != 's'))
			return STR_NULL;
		named = c.p[0] == 's';

		if (!value(&c, 1, &k, &kscalar) || !value(&c, 1, &v, &vscalar))
			return STR_NULL;
		if (named && vscalar && str_eqc(k, key))
			return v;
	}
	return STR_NULL;
}

int64_t
php_meta_int(struct str s)
{
	int64_t v = 0;
	size_t	i;

	for (i = 0; i < s.n && i < 12 && s.p[i] >= '0' && s.p[i] <= '9'; i++)
		v = v * 10 + (s.p[i] - '0');
	return i > 0 && (i == s.n || s.p[i] == '.') ? v : 0;
}
