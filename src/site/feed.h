/*
 * feed.h -- the feed model and its writers.
 *
 * feed.c turns store rows into one struct feed; each format is a small
 * struct of name, content type and writer (STYLE.md pattern 3, the shape
 * of an SQLite VFS), so RSS 2.0 (feed_rss.c), Atom (RFC 4287,
 * feed_atom.c) and JSON Feed 1.1 (feed_json.c) read the same model and
 * a new format is one new file.  Writers are pure: a model in, bytes
 * out, no store and no request.
 */
#ifndef NG_SITE_FEED_H
#define NG_SITE_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/html.h"
#include "core/str.h"

struct buf;

#define FEED_ITEMS 20 /* newest articles in a feed */

struct feed_item {
	const char	*id;  /* stable: origin/?p=ID */
	const char	*url; /* absolute permalink */
	struct str	 title;
	struct str	 summary; /* plain text; may be empty */
	struct safe_html content; /* empty: summary-only feed */
	int64_t		 published;
	int64_t		 updated;
	struct str	 author; /* empty when none */
	const char	*author_url;
	/*
	 * Co-authors after author, in byline order (more_urls[i] is the
	 * page of more[i]); nmore 0 for one byline.
	 */
	const struct str *more;
	const char	**more_urls;
	size_t		  nmore;
	struct str	 *categories; /* section, then tags */
	size_t		  ncategories;
	const char	 *image_url; /* NULL when none */
	const char	 *image_type;
	int64_t		  image_length; /* bytes; 0: unknown */
};

/* The breaking-news banner while it is on (JSON Feed's "_breaking_news"). */
struct feed_banner {
	struct str  text; /* empty: no banner */
	const char *url;  /* absolute, or NULL */
	const char *level;
	int64_t	    expires;
};

struct feed {
	struct str	   title;
	struct str	   description;
	const char	  *home_url; /* the HTML page it follows */
	const char	  *self_url; /* this document */
	const char	  *language; /* "en" */
	int64_t		   updated;  /* newest item's, or 0 */
	struct feed_item  *items;
	size_t		   nitems;
	struct feed_banner banner;
};

struct feed_format {
	const char *name; /* "rss", "atom", "json" */
	const char *content_type;
	const char *path; /* under a feed base: "", "atom/" */
	/* Append the whole document; the buf's sticky error reports. */
	void (*write)(const struct feed *f, struct buf *out);
};

extern const struct feed_format feed_rss_format;
extern const struct feed_format feed_atom_format;
extern const struct feed_format feed_json_format;

/*
 * Append s as XML character data, escaping & < > " ' and dropping what
 * XML 1.0 cannot carry at all (C0 controls but tab, newline and return;
 * U+FFFE and U+FFFF), so no stored text can make a document ill-formed.
 */
void feed_xml_text(struct buf *b, struct str s);
void feed_xml_cstr(struct buf *b, const char *s);

/*
 * Media RSS (https://www.rssboard.org/media-rss): the item's featured
 * image as <media:content>, which feed readers that ignore enclosures
 * (most of them show only an image's media:content or media:thumbnail)
 * take for the item's picture.  RSS and Atom both declare the prefix.
 */
#define FEED_MRSS_NS "http://search.yahoo.com/mrss/"
void feed_media_content(struct buf *b, const struct feed_item *it);

/*
 * Append plain text s where the reader takes the element's text as HTML
 * (RSS <description>): escaped for HTML first, then for XML, so one
 * XML parse gives back escaped HTML that shows s as typed -- a comment
 * "<script>" stays text in every reader.
 */
void feed_html_text(struct buf *b, struct str s);

/*
 * Dates: RFC 822 as RSS 2.0 wants it ("Thu, 25 Apr 2024 10:00:00
 * +0000") and RFC 3339 for Atom, JSON Feed and sitemaps
 * ("2024-04-25T10:00:00Z").  Return 0 (and an epoch date) for a time
 * that cannot be shown.
 */
int feed_date_822(int64_t t, char *buf, size_t sz);
int feed_date_3339(int64_t t, char *buf, size_t sz);

#endif
