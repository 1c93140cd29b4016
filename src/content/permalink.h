/*
 * permalink.h -- the shape of article URLs, a site setting.
 *
 * A newsroom moving from WordPress keeps its URLs, so the pattern is
 * written the way WordPress writes its permalink structure:
 *
 *	/%year%/%monthnum%/%postname%/		the default
 *	/%year%/%monthnum%/%day%/%postname%/
 *	/%postname%/
 *	/archives/%post_id%/
 *	/news/%year%/%postname%-%post_id%/	(not allowed: one tag a segment)
 *
 * A pattern starts and ends with '/'; each segment between is a literal
 * of [a-z0-9._-] or exactly one tag; %postname% or %post_id% names the
 * article.  Dates are the publication time in UTC, as everywhere else
 * in URLs.
 *
 * An article URL is the pattern filled in, plus a suffix for the views
 * of the article: "/" (the page), ".txt", "/comment" (the form's POST
 * target) and "/feed/", "/feed/atom/", "/feed/json/" (its comments).
 * Everything but permalink_load() is pure and bounded; the site turns
 * a match into a lookup.
 */
#ifndef NG_CONTENT_PERMALINK_H
#define NG_CONTENT_PERMALINK_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

struct arena;
struct store;

#define PERMALINK_DEFAULT "/%year%/%monthnum%/%postname%/"
#define PERMALINK_MAX	  128 /* bytes of a pattern */
#define PERMALINK_MAXSEGS 8

enum permalink_tag {
	PL_LITERAL,
	PL_YEAR,		   /* %year%: 2024 */
	PL_MONTHNUM,		   /* %monthnum%: 01..12 */
	PL_DAY,			   /* %day%: 01..31 */
	PL_HOUR,		   /* %hour%: 00..23 */
	PL_MINUTE,		   /* %minute%: 00..59 */
	PL_SECOND,		   /* %second%: 00..59 */
	PL_DATE_END,		   /* the date tags are the ones before this */
	PL_POSTNAME = PL_DATE_END, /* %postname%: the slug */
	PL_POST_ID,		   /* %post_id%: the article's number */
	PL__MAX
};

struct permalink {
	char   text[PERMALINK_MAX + 1]; /* as written */
	size_t nsegs;
	struct {
		enum permalink_tag tag;
		uint8_t		   off, len; /* literal in text */
	} segs[PERMALINK_MAXSEGS];
};

/* Which view of the article a URL asks for (its suffix). */
enum permalink_view {
	PV_PAGE,      /* "/" */
	PV_TXT,	      /* ".txt" */
	PV_COMMENT,   /* "/comment" */
	PV_FEED,      /* "/feed/" */
	PV_FEED_ATOM, /* "/feed/atom/" */
	PV_FEED_JSON, /* "/feed/json/" */
	PV_EMBED,     /* "/embed/": the oEmbed card */
	PV_NOSLASH,   /* the page without its trailing slash: 301 */
	PV__MAX
};

/* The suffix that ends an article URL for view v ("" for PV_NOSLASH). */
const char *permalink_suffix(enum permalink_view v);

/* What a path that matched a pattern says. */
struct permalink_hit {
	enum permalink_view view;
	/*
	 * A feed's URL without its last slash ("/x/feed"): found, but to
	 * be redirected, as PV_NOSLASH is for the page.
	 */
	int	   slashless;
	struct str slug; /* STR_NULL without %postname% */
	int64_t	   id;	 /* 0 without %post_id% */
	/*
	 * The date fields the path holds, by tag (date[PL_YEAR] is the
	 * year), -1 for those it does not.
	 */
	int date[PL_DATE_END];
};

/*
 * Parse pattern into *out.  NG_EINVAL (or NG_ETOOBIG past PERMALINK_MAX
 * bytes or PERMALINK_MAXSEGS segments) with *why a sentence for the
 * editor when it is not one nutgraf can serve.
 */
enum ng_err permalink_parse(struct str pattern, struct permalink *out,
    const char **why) NG_WUR;

/*
 * The path of an article for view v (PV_NOSLASH gives the page), in
 * arena a; NULL when out of memory.  published_at outside 0..9999 years
 * counts as 1970.
 */
char *permalink_path(struct arena *a, const struct permalink *pl, int64_t id,
    struct str slug, int64_t published_at, enum permalink_view v);

/*
 * Match path (percent-decoded, starting with '/') against pl: NG_OK and
 * *hit filled (slices of path), or NG_ENOTFOUND.
 */
enum ng_err permalink_match(const struct permalink *pl, struct str path,
    struct permalink_hit *hit) NG_WUR;

/*
 * The last guess for a path no pattern matched: its last segment before
 * a view suffix as a slug, whatever comes before it ("/2024/4/x/",
 * "/news/x.txt").  NG_OK with hit->slug set, or NG_ENOTFOUND.
 */
enum ng_err permalink_guess(struct str path, struct permalink_hit *hit) NG_WUR;

/*
 * Non-zero when the article published at published_at has the date
 * fields hit holds (absent fields agree with everything).
 */
int permalink_date_agrees(const struct permalink_hit *hit,
    int64_t					      published_at);

/*
 * The site's pattern: the setting "permalink", or PERMALINK_DEFAULT when
 * it is unset, unreadable or (written by hand into the database) not one
 * permalink_parse() accepts.
 */
void permalink_load(struct arena *a, struct store *st, struct permalink *out);

/*
 * Non-zero when slug is a word the site's own pages start with
 * ("feed", "tag", "admin", ...): an article may not take it, or with a
 * "/%postname%/" pattern the article would hide the page or the page
 * the article.
 */
int permalink_slug_reserved(struct str slug);

#endif
