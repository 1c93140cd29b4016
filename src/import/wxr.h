/*
 * wxr.h -- the WordPress eXtended RSS reader: a WordPress export file in,
 * one callback per author, term and item out.
 *
 * Streaming (expat, never the whole file in memory): every item is
 * handed over as soon as its </item> is read and its memory is reused
 * for the next.  Versions 1.0, 1.1 and 1.2 are read alike, with the wp
 * namespace written http:// or https://.
 *
 * Hostile files are refused with a message naming the line and column:
 * a DOCTYPE with an internal subset or any entity declaration, anything
 * nested deeper than WXR_DEPTH_MAX, a field longer than its cap (caps
 * follow WordPress's own columns), malformed or truncated XML, invalid
 * UTF-8 or an encoding expat does not know.  No external entity or DTD is
 * ever loaded and nothing touches the network.
 *
 * The only file that includes expat.
 */
#ifndef NG_IMPORT_WXR_H
#define NG_IMPORT_WXR_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

#define WXR_DEPTH_MAX	16
#define WXR_TEXT_MAX	(64 * 1024)	     /* WordPress's TEXT */
#define WXR_CONTENT_MAX (8 * 1024 * 1024)    /* a post body */
#define WXR_ITEM_MAX	(256u * 1024 * 1024) /* with comments */

struct wxr_site {
	struct str version; /* "1.2" */
	struct str title;
	struct str link;
	struct str description;
	struct str base_site_url;
	struct str base_blog_url;
};

struct wxr_author {
	int64_t	   id;
	struct str login;
	struct str email;
	struct str display_name;
	struct str first_name;
	struct str last_name;
};

enum wxr_term_kind {
	WXR_CATEGORY,
	WXR_TAG,
	WXR_TERM, /* any other taxonomy (nav_menu, post_format, ...) */
};

struct wxr_term {
	enum wxr_term_kind kind;
	int64_t		   id;
	struct str	   taxonomy; /* "category", "post_tag", "nav_menu" */
	struct str	   slug;
	struct str	   parent; /* the parent's slug, or empty */
	struct str	   name;
	struct str	   description;
};

struct wxr_meta {
	struct str key;
	struct str value;
};

struct wxr_comment {
	int64_t	   id;
	struct str author;
	struct str email;
	struct str url;
	struct str ip;
	struct str date;
	struct str date_gmt;
	struct str content;
	struct str approved; /* "1", "0", "spam", "trash" */
	struct str type;     /* "", "comment", "pingback", ... */
	int64_t	   parent;
	int64_t	   user_id;
};

struct wxr_cat {
	struct str domain;   /* "category", "post_tag", "nav_menu" */
	struct str nicename; /* the slug */
	struct str name;
};

struct wxr_item {
	struct str	    title;
	struct str	    link;
	struct str	    creator; /* dc:creator, an author's login */
	struct str	    guid;
	struct str	    content;
	struct str	    excerpt;
	int64_t		    id;	  /* wp:post_id */
	struct str	    date; /* wp:post_date, site time */
	struct str	    date_gmt;
	struct str	    modified;
	struct str	    modified_gmt;
	struct str	    comment_status;
	struct str	    name; /* wp:post_name, the slug */
	struct str	    status;
	int64_t		    parent;
	int64_t		    menu_order;
	struct str	    type; /* post, page, attachment, ... */
	struct str	    password;
	int		    sticky;
	struct str	    attachment_url;
	struct wxr_cat	   *cats;
	size_t		    ncats;
	struct wxr_meta	   *meta;
	size_t		    nmeta;
	struct wxr_comment *comments;
	size_t		    ncomments;
};

/* The value of meta key of it, or an empty slice. */
struct str wxr_meta_get(const struct wxr_item *it, const char *key);

struct wxr_handler {
	void *arg;
	/* Each may be NULL; a non-NG_OK return stops the read with it. */
	enum ng_err (*site)(void *, const struct wxr_site *);
	enum ng_err (*author)(void *, const struct wxr_author *);
	enum ng_err (*term)(void *, const struct wxr_term *);
	enum ng_err (*item)(void *, const struct wxr_item *);
};

struct wxr_error {
	unsigned long line;
	unsigned long column;
	char	      msg[256]; /* "line 12, column 3: ..." */
};

/*
 * Read the WXR document from file descriptor fd to its end, calling h.
 * Returns NG_OK; NG_EINVAL for a file that is not well-formed or not a
 * WordPress export, NG_ETOOBIG past a cap, NG_EIO when read() fails --
 * each with *e filled in -- or what a callback returned.
 */
enum ng_err wxr_read(int fd, const struct wxr_handler *h,
    struct wxr_error *e) NG_WUR;

/* The same over a buffer (tests and the fuzzer). */
enum ng_err wxr_read_mem(const char *p, size_t n, const struct wxr_handler *h,
    struct wxr_error *e) NG_WUR;

#endif
