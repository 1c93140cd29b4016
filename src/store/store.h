/*
 * store.h -- the whole persistence API.
 *
 * Callers (site handlers, the demo loader, the CLI) see only this header.
 * The SQLite backend (sqlite.c, its SQL in sqlite_sql.c) is the default;
 * a PostgreSQL backend (pg.c) will implement the same vtable in
 * store_int.h.  No other module writes SQL.
 *
 * Threading: a struct store is shared by all server threads.  It holds a
 * small pool of connections, each with its statements prepared once; every
 * call takes a connection for its duration and gives it back.
 *
 * Memory: rows are copied into the caller's arena and live as long as it.
 * Lookups have three outcomes (STYLE.md pattern 4): NG_OK with *out set,
 * NG_ENOTFOUND, or NG_EDB (logged once inside the store).  Out-parameters
 * are cleared on entry.
 *
 * Times are Unix seconds, UTC.
 */
#ifndef NG_STORE_STORE_H
#define NG_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/html.h"
#include "core/str.h"

struct arena;
struct store;

enum article_status {
	ARTICLE_DRAFT,
	ARTICLE_PENDING,	/* submitted for review */
	ARTICLE_SCHEDULED,
	ARTICLE_PUBLISHED,
	ARTICLE_TRASHED,
	ARTICLE__MAX
};

struct section {
	int64_t		 id;
	struct str	 slug;
	struct str	 name;
	struct str	 description;
	int		 position;	/* order in the navigation */
};

struct author {
	int64_t		 id;
	struct str	 slug;
	struct str	 name;
	struct str	 bio;
};

struct tag {
	int64_t		 id;
	struct str	 slug;
	struct str	 name;
};

/*
 * A short summary of another article, enough to link to it: used for the
 * related-article ("ALSO READ") box and for archive lists.
 */
struct article_ref {
	int64_t		 id;
	struct str	 slug;
	struct str	 title;
	int64_t		 published_at;
};

struct article {
	int64_t			 id;
	struct str		 slug;
	struct str		 kicker;	/* label above the headline */
	struct str		 title;
	struct str		 dek;		/* standfirst */
	struct str		 source_name;	/* syndication source */
	struct str		 source_url;
	struct str		 body_md;	/* Markdown source */
	struct safe_html	 body_html;	/* rendered when saved */
	struct str		 body_text;	/* plain text, rendered when saved */
	enum article_status	 status;
	int			 comments_open;
	int64_t			 created_at;
	int64_t			 published_at;
	int64_t			 updated_at;
	struct str		 seo_title;
	struct str		 seo_description;
	struct str		 legacy_url;

	int64_t			 author_id;	/* 0: none */
	int64_t			 section_id;	/* 0: none */
	int64_t			 related_id;	/* editor's ALSO READ pick, 0: none */

	/*
	 * Optimistic lock: lookups fill the row's version; a save of an
	 * existing article with version != 0 fails with NG_ECONFLICT when
	 * the row was saved by someone else since (version 0: no check).
	 */
	int64_t			 version;

	/* Filled by lookups (not read by store_article_save). */
	struct author		 author;	/* id 0 when none */
	struct section		 section;	/* id 0 when none */
	struct tag		*tags;
	size_t			 ntags;
	struct article_ref	 related;	/* id 0 when none or unpublished */
};

/* Which published articles an archive lists, newest first. */
struct article_query {
	int64_t		 section_id;	/* 0: any */
	int64_t		 tag_id;	/* 0: any */
	int64_t		 author_id;	/* 0: any */
	size_t		 offset;
	size_t		 limit;		/* at most STORE_LIST_MAX */
};

#define STORE_LIST_MAX	100

/*
 * Input limits, in bytes, checked by every write (NG_ETOOBIG beyond
 * them; an empty slug or name is NG_EINVAL).  Forms may show them.
 */
#define STORE_SLUG_MAX		200
#define STORE_NAME_MAX		200	/* section, author, tag names */
#define STORE_TITLE_MAX		300	/* title, kicker, seo_title */
#define STORE_DEK_MAX		1000	/* dek, seo_description, descriptions */
#define STORE_URL_MAX		2048	/* source_url, legacy_url */
#define STORE_BIO_MAX		8192
#define STORE_BODY_MAX		(1024 * 1024)	/* body_md, body_text */
#define STORE_HTML_MAX		(4 * 1024 * 1024)	/* body_html */
#define STORE_TAGS_MAX		64	/* tags per article */
#define STORE_KEY_MAX		64	/* setting keys */
#define STORE_VALUE_MAX		(64 * 1024)	/* setting values */
#define STORE_CONNS_MAX		64	/* store_open() nconns */

/* Articles of a query, each with author, section and tags filled. */
struct article_list {
	struct article	*v;
	size_t		 n;
	size_t		 total;		/* matches ignoring offset/limit */
};

/*
 * Open (creating if needed) the SQLite database at path, in WAL mode with
 * foreign keys on and a busy timeout, apply pending migrations, and
 * prepare nconns connections (1 to STORE_CONNS_MAX).  On failure a
 * one-line reason is written to errbuf.  Close with store_close().
 */
enum ng_err	store_open(const char *path, unsigned nconns, struct store **out,
		    char *errbuf, size_t errsz) NG_WUR;

/* Finish and close every connection (checkpointing the WAL). */
void		store_close(struct store *st);

/* The schema version after migrations (the highest applied number). */
enum ng_err	store_schema_version(struct store *st, int *out) NG_WUR;

/* *empty = 1 when the store holds no articles, sections or authors. */
enum ng_err	store_is_empty(struct store *st, int *empty) NG_WUR;

/* Writes.  *id receives the new row's id.  NG_ECONFLICT on a taken slug. */
enum ng_err	store_section_add(struct store *st, const struct section *s,
		    int64_t *id) NG_WUR;
enum ng_err	store_author_add(struct store *st, const struct author *au,
		    int64_t *id) NG_WUR;

/* The id of the tag called name, creating it (with slug) if needed. */
enum ng_err	store_tag_ensure(struct store *st, struct str name,
		    struct str slug, int64_t *id) NG_WUR;

/*
 * Insert (a->id == 0) or update an article, set its tags to tag_ids, and
 * record a revision, all in one transaction.  body_html and body_text must
 * already be rendered (content/article.c does that).  *id receives the
 * article's id.  NG_ECONFLICT when the slug is taken by another article.
 */
enum ng_err	store_article_save(struct store *st, const struct article *a,
		    const int64_t *tag_ids, size_t ntags, int64_t *id) NG_WUR;

/* Number of revisions recorded for an article. */
enum ng_err	store_article_revisions(struct store *st, int64_t id,
		    size_t *out) NG_WUR;

/*
 * The published article with this slug, with author, section, tags and
 * related filled.  NG_ENOTFOUND for unknown or unpublished slugs.
 */
enum ng_err	store_article_by_slug(struct arena *ar, struct store *st,
		    struct str slug, struct article **out) NG_WUR;

/* As store_article_by_slug() by id (any status). */
enum ng_err	store_article_by_id(struct arena *ar, struct store *st,
		    int64_t id, struct article **out) NG_WUR;

/* Published articles matching q, newest first. */
enum ng_err	store_article_list(struct arena *ar, struct store *st,
		    const struct article_query *q, struct article_list *out) NG_WUR;

/* All sections in navigation order. */
enum ng_err	store_sections(struct arena *ar, struct store *st,
		    struct section **out, size_t *n) NG_WUR;

enum ng_err	store_section_by_slug(struct arena *ar, struct store *st,
		    struct str slug, struct section **out) NG_WUR;
enum ng_err	store_tag_by_slug(struct arena *ar, struct store *st,
		    struct str slug, struct tag **out) NG_WUR;
enum ng_err	store_author_by_slug(struct arena *ar, struct store *st,
		    struct str slug, struct author **out) NG_WUR;

/*
 * A counter that grows with every committed write through this store
 * (any table).  Caches remember the value they were built at and treat
 * themselves as stale when it moves.  Cheap and thread-safe.
 */
uint64_t	store_generation(const struct store *st);

/* Site settings: a key/value table ("title", "tagline", ...). */
enum ng_err	store_setting_get(struct arena *ar, struct store *st,
		    const char *key, struct str *out) NG_WUR;
enum ng_err	store_setting_set(struct store *st, const char *key,
		    struct str value) NG_WUR;

#endif
