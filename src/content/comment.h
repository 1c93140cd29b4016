/*
 * comment.h -- readers' comments as pure functions: what a submitted
 * form must look like, which settings apply, what the moderation policy
 * decides, and how the text a reader typed becomes HTML.
 *
 * Nothing here does I/O or reads globals: the handler (site/comments.c)
 * gathers the form, the settings and the commenter's history from the
 * store and asks these functions, so every rule is tested as a table
 * (tests/unit/content/test_comment.c) and can be fuzzed.
 */
#ifndef NG_CONTENT_COMMENT_H
#define NG_CONTENT_COMMENT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/html.h"
#include "core/str.h"

struct arena;

/*
 * Field limits in characters (Unicode code points), WordPress's: name
 * 245, email 100, website 200, comment 65,525.
 */
#define COMMENT_AUTHOR_MAX 245
#define COMMENT_EMAIL_MAX  100
#define COMMENT_URL_MAX	   200
#define COMMENT_BODY_MAX   65525
/* Deepest thread_comments_depth accepted (WordPress's menu stops at 10). */
#define COMMENT_DEPTH_MAX 10
/* A URL longer than this (bytes) in a comment stays plain text. */
#define COMMENT_LINK_MAX 2048

/* The form's fields, in the order the form shows them. */
enum comment_field {
	COMMENT_F_AUTHOR, /* author */
	COMMENT_F_EMAIL,  /* email */
	COMMENT_F_URL,	  /* url */
	COMMENT_F_BODY,	  /* comment */
	COMMENT_F_PARENT, /* comment_parent */
	COMMENT_F__MAX
};

/* The raw values of a submitted form (any bytes, any length). */
struct comment_input {
	struct str v[COMMENT_F__MAX];
};

/* A valid comment, normalised (see comment_validate()). */
struct comment_clean {
	struct str author;
	struct str email;
	struct str url;
	struct str body;
	int64_t	   parent_id; /* 0: top level */
};

/* One static English sentence per failing field, NULL for good ones. */
struct comment_errors {
	const char *msg[COMMENT_F__MAX];
	size_t	    n; /* fields with a message */
};

/*
 * Check and normalise a submitted form:
 *   - every field valid UTF-8;
 *   - author required, trimmed, no control or bidi-override characters,
 *     at most COMMENT_AUTHOR_MAX characters;
 *   - email required, trimmed, an addr-spec of the usual shape (local
 *     part, '@', a domain of two or more labels), at most
 *     COMMENT_EMAIL_MAX characters, lower-cased;
 *   - url optional, trimmed, "http://" added when no scheme is given,
 *     then http or https with a host and no spaces, quotes, angle
 *     brackets or control characters, at most COMMENT_URL_MAX;
 *   - body required, CR LF and lone CR made LF, leading and trailing
 *     white space trimmed, no control characters but tab and newline,
 *     at most COMMENT_BODY_MAX characters;
 *   - comment_parent empty, "0" or a decimal comment id.
 * Returns NG_OK with *out filled (slices of in, or arena copies);
 * NG_EINVAL with errs filled; NG_ENOMEM.
 */
enum ng_err comment_validate(struct arena *a, const struct comment_input *in,
    struct comment_clean *out, struct comment_errors *errs) NG_WUR;

/*
 * As comment_validate() for a moderator's edit of a stored comment:
 * the same rules and limits for author, url and body, so an edited
 * comment is one a reader could have posted; email and comment_parent
 * are not part of an edit, are ignored, and come back empty and 0.
 */
enum ng_err comment_validate_edit(struct arena *a,
    const struct comment_input *in, struct comment_clean *out,
    struct comment_errors *errs) NG_WUR;

/*
 * s made safe to show again in a form: invalid UTF-8 sequences become
 * U+FFFD and NUL bytes are dropped (templates still escape it).  Returns
 * s itself when nothing needed changing; STR_NULL when a is full.
 */
struct str comment_scrub(struct arena *a, struct str s);

/*
 * The settings of comments, read from the store's settings table under
 * the keys of comment_setting_keys[] (WordPress's names where WordPress
 * has the setting).
 */
enum comment_setting {
	COMMENT_SET_MODERATION,	     /* comment_moderation: hold all */
	COMMENT_SET_PREV_APPROVED,   /* comment_previously_approved */
	COMMENT_SET_MAX_LINKS,	     /* comment_max_links (0: no check) */
	COMMENT_SET_MODERATION_KEYS, /* moderation_keys: one per line */
	COMMENT_SET_DISALLOWED_KEYS, /* disallowed_keys: one per line */
	COMMENT_SET_CLOSE_DAYS,	     /* close_comments_days_old (0: off) */
	COMMENT_SET_THREAD_DEPTH,    /* thread_comments_depth (1..10) */
	COMMENT_SET_FLOOD_SECONDS,   /* comment_flood_seconds (0: off) */
	COMMENT_SET_HOURLY_MAX,	     /* comment_hourly_max (0: off) */
	COMMENT_SET_PENDING_MAX,     /* comment_pending_max (0: no cap) */
	COMMENT_SET__MAX
};

extern const char *const comment_setting_keys[COMMENT_SET__MAX];

struct comment_settings {
	int	   moderation;
	int	   previously_approved;
	unsigned   max_links;
	struct str moderation_keys;
	struct str disallowed_keys;
	unsigned   close_days;
	unsigned   thread_depth;
	unsigned   flood_seconds;
	unsigned   hourly_max;
	unsigned   pending_max;
};

/*
 * The defaults, WordPress's where it has them: no blanket moderation,
 * previously approved authors pass, more than 2 links hold, empty key
 * lists, never close, threads 5 deep; one comment per 15 s and 20 per
 * hour per address; at most 10,000 comments waiting for moderation.
 */
void comment_settings_default(struct comment_settings *s);

/*
 * Check one setting's value: NG_OK, or NG_EINVAL with *why (a static
 * sentence) for an unknown key or a value out of range.  "" always
 * passes (it means the default).  Booleans are 1/0, yes/no, on/off,
 * true/false; numbers are decimal.
 */
enum ng_err comment_setting_check(struct str key, struct str value,
    const char **why) NG_WUR;

/*
 * Fill s from values[COMMENT_SET__MAX] (as stored; "" for unset): each
 * unset or invalid value keeps its default, so a bad setting can never
 * switch comments off.  Returns the number of invalid values ignored.
 * The key lists are borrowed from values.
 */
size_t comment_settings_load(struct comment_settings *s,
    const struct str				     *values);

/*
 * Non-zero when comments are closed: the article's own switch is off,
 * or close_days is set and the article was published more than that
 * many days before now.
 */
int comment_closed(const struct comment_settings *s, int comments_open,
    int64_t published_at, int64_t now);

/* What the moderation policy decided. */
enum comment_verdict {
	COMMENT_V_APPROVE,
	COMMENT_V_HOLD,
	COMMENT_V_SPAM
};

/*
 * The moderation policy, WordPress's order: a disallowed key in any
 * field (name, email, website, text, IP, user agent) makes it spam;
 * else "all comments need approval", more than max_links links, or a
 * moderation key in any field holds it; else it is approved when the
 * email already has an approved comment, or when previously_approved is
 * off.  Keys match case-insensitively (ASCII) anywhere in a field; blank
 * lines are ignored.  *why (may be NULL) gets a short static reason for
 * the moderators' log.
 */
enum comment_verdict comment_moderate(struct arena *a,
    const struct comment_settings *s, const struct comment_clean *c,
    struct str ip, struct str user_agent, int email_approved, const char **why);

/*
 * The rate-limit key a client's comments count under (the form's and
 * the API's alike): its address, or for IPv6 its /64, since one
 * subscriber usually holds a whole /64 and could otherwise pick a fresh
 * address per comment.  In a.
 */
struct str comment_limit_key(struct arena *a, const char *ip);

/* Links that comment_text_html() would make in text. */
size_t comment_count_links(struct str text);

/*
 * The HTML of a comment's text: paragraphs at blank lines, <br> at
 * single newlines, http://, https:// and www. addresses made links with
 * rel="nofollow ugc noopener", everything else escaped.  The only
 * producer of comment safe_html; *out lives in a.  NG_ENOMEM.
 */
enum ng_err comment_text_html(struct arena *a, struct str text,
    struct safe_html *out) NG_WUR;

/*
 * A plain-text excerpt of text for listings and logs: at most max bytes
 * of whole characters, then "..." when cut, with every run of white
 * space and control characters made one space.
 */
struct str comment_excerpt(struct arena *a, struct str text, size_t max);

#endif
