/*
 * permalink.c -- parse, fill in and match article URL patterns.
 *
 * See permalink.h.  A pattern is kept as its text plus a segment table
 * (offsets, not pointers, so a struct permalink can be copied), and a
 * path is matched segment by segment against that table after its view
 * suffix is taken off.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/permalink.h"
#include "content/slug.h"
#include "core/arena.h"
#include "core/log.h"
#include "store/store.h"

/* The tags, by enum permalink_tag (PL_LITERAL has none). */
static const struct {
	const char *name;
	int	    width; /* digits of a date field */
	int	    lo, hi;
} tags[PL__MAX] = {
	[PL_YEAR] = { "%year%", 4, 0, 9999 },
	[PL_MONTHNUM] = { "%monthnum%", 2, 1, 12 },
	[PL_DAY] = { "%day%", 2, 1, 31 },
	[PL_HOUR] = { "%hour%", 2, 0, 23 },
	[PL_MINUTE] = { "%minute%", 2, 0, 59 },
	[PL_SECOND] = { "%second%", 2, 0, 59 },
	[PL_POSTNAME] = { "%postname%", 0, 0, 0 },
	[PL_POST_ID] = { "%post_id%", 0, 0, 0 },
};

/*
 * The suffixes of the views, longest first where one ends another, so
 * that "/x/feed/atom/" is the atom feed of x, not the page "atom".
 */
static const char *const suffixes[PV__MAX] = {
	"/",	       /* PV_PAGE */
	".txt",	       /* PV_TXT */
	"/comment",    /* PV_COMMENT */
	"/feed/",      /* PV_FEED */
	"/feed/atom/", /* PV_FEED_ATOM */
	"/feed/json/", /* PV_FEED_JSON */
	"/embed/",     /* PV_EMBED */
	"",	       /* PV_NOSLASH */
};
/*
 * The order match_views() tries them in; last, the feeds without their
 * final slash ("/x/feed"), found to be redirected.
 */
static const struct {
	enum permalink_view view;
	int		    slashless;
} match_order[] = {
	{ PV_FEED_ATOM, 0 },
	{ PV_FEED_JSON, 0 },
	{ PV_FEED, 0 },
	{ PV_EMBED, 0 },
	{ PV_COMMENT, 0 },
	{ PV_TXT, 0 },
	{ PV_PAGE, 0 },
	{ PV_NOSLASH, 0 },
	{ PV_FEED_ATOM, 1 },
	{ PV_FEED_JSON, 1 },
	{ PV_FEED, 1 },
};

/*
 * First path segments of the site's own pages (src/http/routes.c;
 * tests/unit/http/test_routes.c checks every literal one is here).
 */
static const char *const reserved[] = {
	"ad",
	"admin",
	"assets",
	"author",
	"category",
	"comments",
	"feed",
	"healthz",
	"house-ads",
	"live",
	"media",
	"metrics",
	"page",
	"preview",
	"readyz",
	"search",
	"sitemaps",
	"tag",
	"wp-admin",
	"wp-content",
	"wp-json",
};

const char *
permalink_suffix(enum permalink_view v)
{
	return (unsigned)v < PV__MAX ? suffixes[v] : "/";
}

int
permalink_slug_reserved(struct str slug)
{
	size_t i;

	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (str_eq(slug, str_c(reserved[i])))
			return 1;
	return 0;
}

static int
literal_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
	    c == '_' || c == '.';
}

/* One segment of a pattern into pl->segs[pl->nsegs]. */
static enum ng_err
parse_seg(struct permalink *pl, size_t off, size_t len, const char **why)
{
	const char *s = pl->text + off;
	size_t	    i;

	if (pl->nsegs == PERMALINK_MAXSEGS) {
		*why = "The permalink pattern has too many parts.";
		return NG_ETOOBIG;
	}
	pl->segs[pl->nsegs].off = (uint8_t)off;
	pl->segs[pl->nsegs].len = (uint8_t)len;
	if (len > 0 && s[0] == '%') {
		for (i = PL_LITERAL + 1; i < PL__MAX; i++)
			if (strlen(tags[i].name) == len &&
			    memcmp(tags[i].name, s, len) == 0)
				break;
		if (i == PL__MAX) {
			*why =
			    "The permalink pattern uses a tag nutgraf does "
			    "not know; known: %year% %monthnum% %day% %hour% "
			    "%minute% %second% %postname% %post_id%.";
			return NG_EINVAL;
		}
		pl->segs[pl->nsegs++].tag = (enum permalink_tag)i;
		return NG_OK;
	}
	if (len == 0) {
		*why = "The permalink pattern has an empty part (//).";
		return NG_EINVAL;
	}
	for (i = 0; i < len; i++)
		if (!literal_char(s[i])) {
			*why = "Each part of the permalink pattern is one tag "
			       "or plain text of a-z, 0-9, '.', '_' and '-'.";
			return NG_EINVAL;
		}
	pl->segs[pl->nsegs++].tag = PL_LITERAL;
	return NG_OK;
}

enum ng_err
permalink_parse(struct str pattern, struct permalink *out, const char **why)
{
	const char *dummy;
	size_t	    i, start, seen_name = 0;
	enum ng_err err;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	memset(out, 0, sizeof(*out));
	if (pattern.n > PERMALINK_MAX) {
		*why = "The permalink pattern is too long.";
		return NG_ETOOBIG;
	}
	if (pattern.n < 3 || pattern.p[0] != '/' ||
	    pattern.p[pattern.n - 1] != '/') {
		*why = "The permalink pattern starts and ends with '/', "
		       "as in /%year%/%monthnum%/%postname%/.";
		return NG_EINVAL;
	}
	memcpy(out->text, pattern.p, pattern.n);
	for (start = i = 1; i < pattern.n; i++) {
		if (pattern.p[i] != '/')
			continue;
		if ((err = parse_seg(out, start, i - start, why)) != NG_OK)
			return err;
		start = i + 1;
	}
	for (i = 0; i < out->nsegs; i++)
		if (out->segs[i].tag == PL_POSTNAME ||
		    out->segs[i].tag == PL_POST_ID)
			seen_name++;
	if (seen_name == 0) {
		*why = "The permalink pattern must name the article with "
		       "%postname% or %post_id%.";
		return NG_EINVAL;
	}
	/*
	 * A first segment that is one of the site's own words would hide
	 * its pages ("/feed/%postname%/" against the feed).
	 */
	if (out->segs[0].tag == PL_LITERAL &&
	    permalink_slug_reserved((struct str){ out->text + out->segs[0].off,
		out->segs[0].len })) {
		*why = "The permalink pattern may not start with a word the "
		       "site's own pages use (feed, tag, category, page, ...).";
		return NG_EINVAL;
	}
	return NG_OK;
}

/*
 * The date fields of t by tag (UTC); times outside years 0..9999, which
 * %year%'s four digits cannot hold, count as 1970.
 */
static void
date_fields(int64_t t, int f[PL_DATE_END])
{
	struct tm tm;
	time_t	  tt = (time_t)t;

	if (t < 0 || t > 253402300799LL || gmtime_r(&tt, &tm) == NULL) {
		tt = 0;
		gmtime_r(&tt, &tm);
	}
	f[PL_LITERAL] = 0;
	f[PL_YEAR] = tm.tm_year + 1900;
	f[PL_MONTHNUM] = tm.tm_mon + 1;
	f[PL_DAY] = tm.tm_mday;
	f[PL_HOUR] = tm.tm_hour;
	f[PL_MINUTE] = tm.tm_min;
	f[PL_SECOND] = tm.tm_sec;
}

char *
permalink_path(struct arena *a, const struct permalink *pl, int64_t id,
    struct str slug, int64_t published_at, enum permalink_view v)
{
	char   buf[PERMALINK_MAX + SLUG_MAX + 64 * PERMALINK_MAXSEGS];
	size_t i, len = 0;
	int    k, f[PL_DATE_END];
	enum permalink_tag t;

	date_fields(published_at, f);
	for (i = 0; i < pl->nsegs; i++) {
		switch ((t = pl->segs[i].tag)) {
		case PL_LITERAL:
			k = snprintf(buf + len, sizeof(buf) - len, "/%.*s",
			    (int)pl->segs[i].len, pl->text + pl->segs[i].off);
			break;
		case PL_POSTNAME:
			k = snprintf(buf + len, sizeof(buf) - len, "/%.*s",
			    (int)(slug.n > SLUG_MAX ? SLUG_MAX : slug.n),
			    slug.p);
			break;
		case PL_POST_ID:
			k = snprintf(buf + len, sizeof(buf) - len, "/%lld",
			    (long long)id);
			break;
		default:
			k = snprintf(buf + len, sizeof(buf) - len, "/%0*d",
			    tags[t].width, f[t]);
			break;
		}
		if (k < 0 || (size_t)k >= sizeof(buf) - len)
			return NULL;
		len += (size_t)k;
	}
	if (v == PV_NOSLASH)
		v = PV_PAGE;
	return arena_printf(a, "%.*s%s", (int)len, buf, permalink_suffix(v));
}

/* A number of exactly width digits (any count when 0) in lo..hi. */
static int
number(struct str s, int width, int64_t lo, int64_t hi, int64_t *out)
{
	int64_t v = 0;
	size_t	i;

	if (s.n == 0 || s.n > 18 || (width > 0 && s.n != (size_t)width) ||
	    (width == 0 && s.p[0] == '0'))
		return 0;
	for (i = 0; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return 0;
		v = v * 10 + (s.p[i] - '0');
	}
	if (v < lo || v > hi)
		return 0;
	*out = v;
	return 1;
}

/* Match base, the path without its view suffix and leading '/'. */
static int
match_base(const struct permalink *pl, struct str base, struct permalink_hit *h)
{
	const char	  *slash;
	struct str	   seg;
	int64_t		   v;
	size_t		   i;
	enum permalink_tag t;

	for (i = 0; i < pl->nsegs; i++) {
		if (base.n == 0)
			return 0;
		slash = memchr(base.p, '/', base.n);
		if ((slash == NULL) != (i + 1 == pl->nsegs))
			return 0;
		seg.p = base.p;
		seg.n = slash == NULL ? base.n : (size_t)(slash - base.p);
		base.p += seg.n + (slash != NULL);
		base.n -= seg.n + (slash != NULL);
		switch ((t = pl->segs[i].tag)) {
		case PL_LITERAL:
			if (!str_eq(seg,
				(struct str){ pl->text + pl->segs[i].off,
				    pl->segs[i].len }))
				return 0;
			break;
		case PL_POSTNAME:
			/*
			 * A reserved word is a site page's, never a slug;
			 * a WordPress slug in another script is an
			 * imported article's old URL (301).
			 */
			if ((!slug_valid(seg) && !slug_legacy_valid(seg)) ||
			    permalink_slug_reserved(seg))
				return 0;
			h->slug = seg;
			break;
		case PL_POST_ID:
			if (!number(seg, 0, 1, INT64_MAX / 16, &h->id))
				return 0;
			break;
		default:
			if (!number(seg, tags[t].width, tags[t].lo, tags[t].hi,
				&v))
				return 0;
			h->date[t] = (int)v;
			break;
		}
	}
	return base.n == 0;
}

/*
 * Try each view suffix on path, longest first; match(pl, base, hit)
 * decides whether the rest is an article URL.
 */
static enum ng_err
match_views(const struct permalink *pl, struct str path,
    struct permalink_hit *hit,
    int (*match)(const struct permalink *, struct str, struct permalink_hit *))
{
	struct str base, suf;
	size_t	   i, k;

	for (i = 0; i < sizeof(match_order) / sizeof(match_order[0]); i++) {
		memset(hit, 0, sizeof(*hit));
		for (k = 0; k < PL_DATE_END; k++)
			hit->date[k] = -1;
		hit->view = match_order[i].view;
		hit->slashless = match_order[i].slashless;
		suf = str_c(suffixes[hit->view]);
		suf.n -= (size_t)hit->slashless;
		if (path.n < 1 + suf.n || path.p[0] != '/' ||
		    memcmp(path.p + path.n - suf.n, suf.p, suf.n) != 0)
			continue;
		/* The slashless spellings are for paths without one. */
		if ((hit->view == PV_NOSLASH || hit->slashless) &&
		    path.p[path.n - 1] == '/')
			continue;
		base = (struct str){ path.p + 1, path.n - 1 - suf.n };
		if (match(pl, base, hit))
			return NG_OK;
	}
	memset(hit, 0, sizeof(*hit));
	return NG_ENOTFOUND;
}

enum ng_err
permalink_match(const struct permalink *pl, struct str path,
    struct permalink_hit *hit)
{
	if (pl->nsegs == 0)
		return NG_ENOTFOUND;
	return match_views(pl, path, hit, match_base);
}

/* base's last segment is a slug (no pattern: pl is unused). */
static int
match_last(const struct permalink *pl, struct str base, struct permalink_hit *h)
{
	const char *slash;

	(void)pl;
	slash = memrchr(base.p, '/', base.n);
	if (slash != NULL) {
		base.n -= (size_t)(slash + 1 - base.p);
		base.p = slash + 1;
	}
	if (!slug_valid(base) && !slug_legacy_valid(base))
		return 0;
	h->slug = base;
	return 1;
}

enum ng_err
permalink_guess(struct str path, struct permalink_hit *hit)
{
	return match_views(NULL, path, hit, match_last);
}

int
permalink_date_agrees(const struct permalink_hit *hit, int64_t published_at)
{
	int    f[PL_DATE_END];
	size_t t;

	date_fields(published_at, f);
	for (t = PL_LITERAL + 1; t < PL_DATE_END; t++)
		if (hit->date[t] >= 0 && hit->date[t] != f[t])
			return 0;
	return 1;
}

void
permalink_load(struct arena *a, struct store *st, struct permalink *out)
{
	struct str  text;
	const char *why;

	if (store_setting_get(a, st, "permalink", &text) == NG_OK &&
	    text.n > 0) {
		if (permalink_parse(text, out, &why) == NG_OK)
			return;
		log_warn("setting permalink: %s; using %s", why,
		    PERMALINK_DEFAULT);
	}
	if (permalink_parse(STR_LIT(PERMALINK_DEFAULT), out, NULL) != NG_OK)
		abort(); /* the default is tested */
}
