/*
 * router.c -- segment matching over the route table.
 *
 * Patterns are matched as they are written, segment by segment, with no
 * compiled form: the table is a few dozen short strings and the walk is
 * cheaper than the allocation a compiled form would need.  A path is
 * split at each '/' after the first, so "/a/b/" has the segments "a",
 * "b" and "" -- the trailing slash is an empty last segment, which only
 * an empty literal (a pattern's own trailing slash) matches.
 */
#include <stdio.h>
#include <string.h>

#include "http/req.h"
#include "http/router.h"

/* Iterates the segments of a path or pattern that starts with '/'. */
struct segit {
	const char *p;
	const char *end;
	int	    done;
	int	    extra; /* yield one more empty segment at the end */
};

static void
segit_init(struct segit *it, const char *p, size_t n, int extra)
{
	it->p = p + 1;
	it->end = p + n;
	it->done = 0;
	it->extra = extra;
}

static int
segit_next(struct segit *it, struct str *seg)
{
	const char *slash;

	if (it->done) {
		if (!it->extra)
			return 0;
		it->extra = 0;
		*seg = (struct str){ it->end, 0 };
		return 1;
	}
	slash = memchr(it->p, '/', (size_t)(it->end - it->p));
	if (slash == NULL) {
		*seg = (struct str){ it->p, (size_t)(it->end - it->p) };
		it->done = 1;
	} else {
		*seg = (struct str){ it->p, (size_t)(slash - it->p) };
		it->p = slash + 1;
	}
	return 1;
}

int
route_is_fallback(const struct route *rt)
{
	return strcmp(rt->pattern, ROUTE_FALLBACK) == 0;
}

/* Non-zero if pattern segment s is a capture; *suffix gets its suffix. */
static int
seg_is_cap(struct str s, struct str *suffix)
{
	if (s.n < 2 || s.p[0] != '{' || s.p[1] != '}')
		return 0;
	*suffix = (struct str){ s.p + 2, s.n - 2 };
	return 1;
}

static int
ends_with(struct str s, struct str suffix)
{
	return s.n >= suffix.n &&
	    memcmp(s.p + s.n - suffix.n, suffix.p, suffix.n) == 0;
}

/*
 * Match path (p, n) against pattern; on success fill caps (at most
 * REQ_MAXCAPS) and *ncaps.  extra matches as if the path had one more
 * "/" at its end.
 */
static int
pattern_match(const char *pattern, const char *p, size_t n, int extra,
    struct str *caps, size_t *ncaps)
{
	struct segit pi, si;
	struct str   ps, ss, suffix;
	int	     hp, hs;

	*ncaps = 0;
	if (n == 0 || p[0] != '/')
		return 0;
	segit_init(&pi, pattern, strlen(pattern), 0);
	segit_init(&si, p, n, extra);
	for (;;) {
		hp = segit_next(&pi, &ps);
		hs = segit_next(&si, &ss);
		if (!hp || !hs)
			return hp == hs;
		if (seg_is_cap(ps, &suffix)) {
			if (ss.n <= suffix.n || !ends_with(ss, suffix) ||
			    *ncaps == REQ_MAXCAPS)
				return 0;
			caps[(*ncaps)++] = (struct str){ ss.p,
				ss.n - suffix.n };
		} else if (!str_eq(ps, ss))
			return 0;
	}
}

enum route_result
router_match(const struct route *table, size_t n, struct req *r,
    const struct route **out, unsigned *allow)
{
	struct str  caps[REQ_MAXCAPS];
	size_t	    i, ncaps;
	unsigned    seen = 0;
	const char *p = r->path.p;
	size_t	    len = r->path.n;

	*out = NULL;
	*allow = 0;
	r->ncaps = 0;
	for (i = 0; i < n; i++) {
		if (route_is_fallback(&table[i]) ||
		    !pattern_match(table[i].pattern, p, len, 0, caps, &ncaps))
			continue;
		if (table[i].methods & ROUTE_M(r->method)) {
			*out = &table[i];
			memcpy(r->caps, caps, ncaps * sizeof(caps[0]));
			r->ncaps = ncaps;
			return ROUTE_FOUND;
		}
		seen |= table[i].methods;
	}
	if (seen != 0) {
		*allow = seen;
		return ROUTE_WRONG_METHOD;
	}
	/* Canonical slashes: whatever the method, the other spelling. */
	for (i = 0; i < n; i++) {
		if (route_is_fallback(&table[i]))
			continue;
		if (len > 0 && p[len - 1] != '/' &&
		    pattern_match(table[i].pattern, p, len, 1, caps, &ncaps))
			return ROUTE_ADD_SLASH;
		if (len > 1 && p[len - 1] == '/' &&
		    pattern_match(table[i].pattern, p, len - 1, 0, caps,
			&ncaps))
			return ROUTE_DEL_SLASH;
	}
	/* Last, the fallback (router_check() keeps it at the end). */
	if (n > 0 && route_is_fallback(&table[n - 1]) &&
	    (table[n - 1].methods & ROUTE_M(r->method))) {
		*out = &table[n - 1];
		return ROUTE_FOUND;
	}
	return ROUTE_NONE;
}

static const char *const allow_names[HTTP_METHOD__MAX] = {
	"GET",
	"HEAD",
	"POST",
	"PUT",
	"DELETE",
	"PATCH",
	"OPTIONS",
	NULL,
};

const char *
router_allow_header(unsigned methods, char *buf, size_t sz)
{
	size_t i, len = 0, need;

	if (sz == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < HTTP_OTHER; i++) {
		if (!(methods & ROUTE_M(i)))
			continue;
		need = strlen(allow_names[i]) + (len > 0 ? 2 : 0);
		if (need >= sz - len)
			break;
		len += (size_t)snprintf(buf + len, sz - len, "%s%s",
		    len > 0 ? ", " : "", allow_names[i]);
	}
	return buf;
}

/* Segment-wise relation between two patterns of equal segment count. */
enum relation {
	REL_OVERLAP, /* some string matches both */
	REL_COVERS   /* every string matching b matches a */
};

static int
seg_relation(struct str a, struct str b, enum relation rel)
{
	struct str sa, sb;
	int	   ca, cb;

	ca = seg_is_cap(a, &sa);
	cb = seg_is_cap(b, &sb);
	if (!ca && !cb)
		return str_eq(a, b);
	if (rel == REL_OVERLAP) {
		if (ca && cb)
			return ends_with(sa, sb) || ends_with(sb, sa);
		if (ca)
			return b.n > sa.n && ends_with(b, sa);
		return a.n > sb.n && ends_with(a, sb);
	}
	if (!ca)
		return 0; /* a literal covers only itself */
	if (cb)
		return ends_with(sb, sa);
	return b.n > sa.n && ends_with(b, sa);
}

static int
pattern_relation(const char *a, const char *b, enum relation rel)
{
	struct segit ia, ib;
	struct str   sa, sb;
	int	     ha, hb;

	segit_init(&ia, a, strlen(a), 0);
	segit_init(&ib, b, strlen(b), 0);
	for (;;) {
		ha = segit_next(&ia, &sa);
		hb = segit_next(&ib, &sb);
		if (!ha || !hb)
			return ha == hb;
		if (!seg_relation(sa, sb, rel))
			return 0;
	}
}

int
router_patterns_overlap(const char *a, const char *b)
{
	return pattern_relation(a, b, REL_OVERLAP);
}

int
router_pattern_covers(const char *a, const char *b)
{
	return pattern_relation(a, b, REL_COVERS);
}

/* Non-zero if pattern is well formed (see router_check()). */
static int
pattern_valid(const char *pattern)
{
	struct segit it;
	struct str   s, suffix;
	size_t	     ncaps = 0, len;

	if (pattern == NULL || pattern[0] != '/')
		return 0;
	len = strlen(pattern);
	if (memchr(pattern, '?', len) != NULL ||
	    memchr(pattern, '%', len) != NULL)
		return 0;
	segit_init(&it, pattern, len, 0);
	while (segit_next(&it, &s)) {
		if (s.n == 0 && !it.done)
			return 0; /* "//" */
		if (seg_is_cap(s, &suffix)) {
			if (++ncaps > REQ_MAXCAPS)
				return 0;
			s = suffix;
		}
		if (memchr(s.p, '{', s.n) != NULL ||
		    memchr(s.p, '}', s.n) != NULL)
			return 0;
	}
	return 1;
}

static enum ng_err
check_route(const struct route *rt, char *errbuf, size_t errsz)
{
	const char *why = NULL;

	if (rt->pattern != NULL && route_is_fallback(rt))
		; /* position checked by router_check() */
	else if (!pattern_valid(rt->pattern))
		why = "malformed pattern";
	else if (rt->fn == NULL)
		why = "no handler";
	else if (rt->name == NULL || rt->name[0] == '\0')
		why = "no name";
	else if ((rt->methods & ((1u << HTTP_OTHER) - 1)) == 0 ||
	    (rt->methods & ~((1u << HTTP_OTHER) - 1)) != 0)
		why = "bad method mask";
	else if ((rt->methods & ROUTE_M(HTTP_GET)) &&
	    !(rt->methods & ROUTE_M(HTTP_HEAD)))
		why = "GET without HEAD";
	if (why == NULL)
		return NG_OK;
	snprintf(errbuf, errsz, "route %s (%s): %s",
	    rt->name != NULL ? rt->name : "?",
	    rt->pattern != NULL ? rt->pattern : "?", why);
	return NG_EINVAL;
}

enum ng_err
router_check(const struct route *table, size_t n, char *errbuf, size_t errsz)
{
	const struct route *a, *b;
	const char	   *why;
	size_t		    i, j;

	for (i = 0; i < n; i++) {
		if (check_route(&table[i], errbuf, errsz) != NG_OK)
			return NG_EINVAL;
		if (route_is_fallback(&table[i]) && i + 1 != n) {
			snprintf(errbuf, errsz,
			    "route %s (%s): the fallback "
			    "must be the last route",
			    table[i].name, table[i].pattern);
			return NG_EINVAL;
		}
	}
	for (j = 0; j < n; j++) {
		b = &table[j];
		for (i = 0; i < j; i++) {
			a = &table[i];
			why = NULL;
			if (strcmp(a->name, b->name) == 0)
				why = "has the same name as";
			else if (route_is_fallback(b))
				continue; /* gets what no one else did */
			else if (!(a->methods & b->methods))
				continue;
			else if (strcmp(a->pattern, b->pattern) == 0)
				why = "duplicates";
			else if (router_patterns_overlap(a->pattern,
				     b->pattern) &&
			    !router_pattern_covers(b->pattern, a->pattern))
				why = "is shadowed by";
			if (why == NULL)
				continue;
			snprintf(errbuf, errsz,
			    "route %s (%s) %s route %s "
			    "(%s) before it",
			    b->name, b->pattern, why, a->name, a->pattern);
			return NG_EINVAL;
		}
	}
	return NG_OK;
}

int
router_segment_taken(const struct route *table, size_t n, struct str seg)
{
	const char *p, *end;
	size_t	    i, len;

	if (seg.n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		p = table[i].pattern;
		if (route_is_fallback(&table[i]) || p == NULL || p[0] != '/')
			continue;
		p++;
		end = strchr(p, '/');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (len == seg.n && memcmp(p, seg.p, len) == 0 &&
		    strchr(p, '{') != p)
			return 1;
	}
	return 0;
}
