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
	ARTICLE_PENDING, /* submitted for review */
	ARTICLE_SCHEDULED,
	ARTICLE_PUBLISHED,
	ARTICLE_TRASHED,
	ARTICLE__MAX
};

struct section {
	int64_t	   id;
	struct str slug;
	struct str name;
	struct str description;
	int	   position; /* order in the navigation */
};

struct author {
	int64_t	   id;
	struct str slug;
	struct str name;
	struct str bio;
	/* The profile (author pages, structured data). */
	int64_t	   photo_id;	 /* a media library image; 0: none */
	struct str links;	 /* one http(s) URL a line */
	int	   organization; /* a desk byline, not a person */
};

struct tag {
	int64_t	   id;
	struct str slug;
	struct str name;
};

/*
 * A short summary of another article, enough to link to it: used for the
 * related-article ("ALSO READ") box and for archive lists.
 */
struct article_ref {
	int64_t	   id;
	struct str slug;
	struct str title;
	int64_t	   published_at;
};

/* What a body source is: Markdown written here, or imported HTML. */
enum body_format {
	BODY_MARKDOWN,
	BODY_HTML, /* already sanitized (the importer) */
	BODY__MAX
};

struct article {
	int64_t		    id;
	struct str	    slug;
	struct str	    kicker; /* label above the headline */
	struct str	    title;
	struct str	    dek;	 /* standfirst */
	struct str	    source_name; /* syndication source */
	struct str	    source_url;
	struct str	    body_md;   /* the body source: Markdown,
						   or HTML when format says */
	enum body_format    format;    /* 0009 */
	struct safe_html    body_html; /* rendered when saved */
	struct str	    body_text; /* plain text, rendered when saved */
	enum article_status status;
	int		    comments_open;
	int64_t		    created_at;
	int64_t		    published_at;
	int64_t		    updated_at;
	struct str	    seo_title;
	struct str	    seo_description;
	struct str	    legacy_url;
	/* Another site's address of this story (0006); "": our own. */
	struct str canonical_url;

	int64_t author_id;  /* 0: none */
	int64_t section_id; /* 0: none */
	int64_t related_id; /* editor's ALSO READ pick, 0: none */

	/*
	 * Every byline, in order (co-authors, 0029); the first is the
	 * article's author_id.  Read by store_article_save(): non-NULL
	 * replaces the list (at most STORE_AUTHORS_MAX distinct ids, none
	 * for no byline) and author_id becomes its first; NULL keeps the
	 * co-authors the article has and puts author_id first (0: no
	 * byline at all), so a caller that knows of one byline only never
	 * drops the others.  Lookups leave it NULL.
	 */
	const int64_t *author_ids;
	size_t	       nauthor_ids;

	/*
	 * Optimistic lock: lookups fill the row's version; a save of an
	 * existing article with version != 0 fails with NG_ECONFLICT when
	 * the row was saved by someone else since (version 0: no check).
	 */
	int64_t version;

	/* Filled by lookups (not read by store_article_save). */
	struct author	   author;  /* id 0 when none */
	struct section	   section; /* id 0 when none */
	struct tag	  *tags;
	size_t		   ntags;
	struct article_ref related; /* id 0 when none or unpublished */
	/* Every byline in order, author first; nauthors 0 when none. */
	struct author *authors;
	size_t	       nauthors;
};

/* Which published articles an archive lists, newest first. */
struct article_query {
	int64_t section_id; /* 0: any */
	int64_t tag_id;	    /* 0: any */
	int64_t author_id;  /* 0: any */
	/*
	 * Published in [from, to), Unix times (the date archives
	 * /YYYY/MM/); both 0: any time.  Not combined with the filters
	 * above.
	 */
	int64_t from, to;
	size_t	offset;
	size_t	limit; /* at most STORE_LIST_MAX */
	/*
	 * Skip counting every match (a walk over the whole index: 100,000
	 * entries for the front page of a big site); total is then only
	 * offset + the rows returned.  For lists that show no page count.
	 */
	int no_total;
};

#define STORE_LIST_MAX 100

/*
 * Input limits, in bytes, checked by every write (NG_ETOOBIG beyond
 * them; an empty slug or name is NG_EINVAL).  Forms may show them.
 */
#define STORE_SLUG_MAX	       200
#define STORE_NAME_MAX	       200  /* section, author, tag names */
#define STORE_TITLE_MAX	       300  /* title, kicker, seo_title */
#define STORE_DEK_MAX	       1000 /* dek, seo_description, descriptions */
#define STORE_URL_MAX	       2048 /* source_url, legacy_url, canonical */
#define STORE_BIO_MAX	       8192
#define STORE_AUTHOR_LINKS_MAX 2048	     /* bytes of an author's links */
#define STORE_BODY_MAX	       (1024 * 1024) /* body_md, body_text */
#define STORE_HTML_MAX	       (4 * 1024 * 1024) /* body_html */
#define STORE_TAGS_MAX	       64		 /* tags per article */
#define STORE_AUTHORS_MAX      16		 /* bylines per article */
#define STORE_KEY_MAX	       64		 /* setting keys */
#define STORE_VALUE_MAX	       (64 * 1024)	 /* setting values */
#define STORE_CONNS_MAX	       64		 /* store_open() nconns */

/* Articles of a query, each with author, section and tags filled. */
struct article_list {
	struct article *v;
	size_t		n;
	size_t		total; /* matches ignoring offset/limit */
};

/*
 * Open the database named by path, apply pending migrations, and prepare
 * nconns connections (1 to STORE_CONNS_MAX).  path is either a file,
 * opened (created if needed) as an SQLite database in WAL mode with
 * foreign keys on and a busy timeout, or a postgresql:// (postgres://)
 * libpq connection URI, whose database must exist (see
 * docs/deployment.md).  Migrations run once even when several nutgraf
 * instances open one PostgreSQL database together.  On failure a
 * one-line reason is written to errbuf.  Close with store_close().
 */
/*
 * NG_OK when the database answers and its schema is the one this binary
 * knows (every migration applied): what /readyz asks.  NG_EDB otherwise.
 */
enum ng_err store_ready(struct store *st) NG_WUR;

/* 1 when db is a database URL (PostgreSQL), not an SQLite file path. */
int store_is_url(const char *db);

enum ng_err store_open(const char *path, unsigned nconns, struct store **out,
    char *errbuf, size_t errsz) NG_WUR;

/* Finish and close every connection (checkpointing the WAL). */
void store_close(struct store *st);

/* The schema version after migrations (the highest applied number). */
enum ng_err store_schema_version(struct store *st, int *out) NG_WUR;

/* *empty = 1 when the store holds no articles, sections or authors. */
enum ng_err store_is_empty(struct store *st, int *empty) NG_WUR;

/* Writes.  *id receives the new row's id.  NG_ECONFLICT on a taken slug. */
enum ng_err store_section_add(struct store *st, const struct section *s,
    int64_t *id) NG_WUR;
enum ng_err store_author_add(struct store *st, const struct author *au,
    int64_t *id) NG_WUR;

/* The id of the tag called name, creating it (with slug) if needed. */
enum ng_err store_tag_ensure(struct store *st, struct str name, struct str slug,
    int64_t *id) NG_WUR;

/*
 * Insert (a->id == 0) or update an article, set its tags to tag_ids, and
 * record a revision, all in one transaction.  body_html and body_text must
 * already be rendered (content/article.c does that).  *id receives the
 * article's id.  NG_ECONFLICT when the slug is taken by another article.
 */
enum ng_err store_article_save(struct store *st, const struct article *a,
    const int64_t *tag_ids, size_t ntags, int64_t *id) NG_WUR;

/* Number of revisions recorded for an article. */
enum ng_err store_article_revisions(struct store *st, int64_t id,
    size_t *out) NG_WUR;

/*
 * The published article with this slug, with author, section, tags and
 * related filled.  NG_ENOTFOUND for unknown or unpublished slugs.
 */
enum ng_err store_article_by_slug(struct arena *ar, struct store *st,
    struct str slug, struct article **out) NG_WUR;

/* As store_article_by_slug() by id (any status). */
enum ng_err store_article_by_id(struct arena *ar, struct store *st, int64_t id,
    struct article **out) NG_WUR;

/* Published articles matching q, newest first. */
enum ng_err store_article_list(struct arena *ar, struct store *st,
    const struct article_query *q, struct article_list *out) NG_WUR;

/* All sections in navigation order. */
enum ng_err store_sections(struct arena *ar, struct store *st,
    struct section **out, size_t *n) NG_WUR;

enum ng_err store_section_by_slug(struct arena *ar, struct store *st,
    struct str slug, struct section **out) NG_WUR;
enum ng_err store_tag_by_slug(struct arena *ar, struct store *st,
    struct str slug, struct tag **out) NG_WUR;
enum ng_err store_author_by_slug(struct arena *ar, struct store *st,
    struct str slug, struct author **out) NG_WUR;

/*
 * A counter that grows with every write a reader could see: each batch
 * of the invalidation list applied, this process's or another's (see
 * store_on_invalidate()).  Writes that cannot change a public page
 * (sessions, autosaves, held comments, drafts) leave it alone.  Caches
 * of things any such write may change remember the value they were
 * built at.  Cheap and thread-safe.
 */
uint64_t store_generation(const struct store *st);

/*
 * Move the generation on without a write, so every cached page is
 * rendered again: a reload changed the theme or the config.
 */
void store_touch(struct store *st);

/* Site settings: a key/value table ("title", "tagline", ...). */
enum ng_err store_setting_get(struct arena *ar, struct store *st,
    const char *key, struct str *out) NG_WUR;
enum ng_err store_setting_set(struct store *st, const char *key,
    struct str value) NG_WUR;

/* --- newsroom: users, sessions, editing, scheduling --- */

/* WordPress's roles, in increasing power. */
enum user_role {
	ROLE_CONTRIBUTOR,   /* own drafts, submits for review */
	ROLE_AUTHOR,	    /* own articles, publishes them */
	ROLE_EDITOR,	    /* all content and comments */
	ROLE_ADMINISTRATOR, /* everything, users and settings too */
	ROLE__MAX
};

#define STORE_LOGIN_MAX 60
#define STORE_HASH_MAX	256  /* encoded password hash */
#define STORE_TOKEN_MAX 128  /* hex token hashes, CSRF tokens */
#define STORE_NOTE_MAX	4000 /* a correction's text */

struct user {
	int64_t	       id;
	struct str     login;
	struct str     name;
	enum user_role role;
	struct str     pass_hash; /* argon2id string */
	int64_t	       author_id; /* byline; 0: none */
	int	       disabled;
	int64_t	       created_at;
	int64_t	       updated_at;
	struct str     email;	       /* "" when none */
	int	       must_change_pw; /* only the profile page until set */
};

struct session {
	struct str token_hash; /* hex of a hash of the cookie token */
	int64_t	   user_id;
	struct str csrf; /* synchronizer token for its forms */
	int64_t	   created_at;
	int64_t	   last_seen;
	int64_t	   expires_at; /* absolute end */
};

/* "contributor" ... "administrator"; NULL for an invalid role. */
const char *store_role_name(enum user_role r);
/* 1 and *out set when name is a role's name, else 0. */
int store_role_parse(struct str name, enum user_role *out);

/* A new user; NG_ECONFLICT when the login is taken. */
enum ng_err store_user_add(struct store *st, const struct user *u,
    int64_t *id) NG_WUR;
enum ng_err store_user_by_login(struct arena *ar, struct store *st,
    struct str login, struct user **out) NG_WUR;
enum ng_err store_user_by_id(struct arena *ar, struct store *st, int64_t id,
    struct user **out) NG_WUR;
/* Every user, by login. */
enum ng_err store_user_list(struct arena *ar, struct store *st,
    struct user **out, size_t *n) NG_WUR;
/*
 * Change a user's password hash, role or disabled flag.  Changing the
 * password or disabling also ends every session of the user, in the same
 * transaction.  NG_ENOTFOUND for an unknown id.
 */
enum ng_err store_user_set_password(struct store *st, int64_t id,
    struct str pass_hash) NG_WUR;
enum ng_err store_user_set_role(struct store *st, int64_t id,
    enum user_role role) NG_WUR;
enum ng_err store_user_set_disabled(struct store *st, int64_t id,
    int disabled) NG_WUR;
/*
 * A user's email address ("" for none; up to STORE_EMAIL_MAX bytes,
 * checked by the caller as an address): NG_ECONFLICT when another user
 * has it (compared without case).
 */
#define STORE_EMAIL_MAX 254
enum ng_err store_user_set_email(struct store *st, int64_t id,
    struct str email) NG_WUR;
/* The user whose address is email (without case); NG_ENOTFOUND. */
enum ng_err store_user_by_email(struct arena *ar, struct store *st,
    struct str email, struct user **out) NG_WUR;
/*
 * Make the user choose a new password before anything else (a password
 * someone else chose or saw); store_user_set_password() clears it.
 */
enum ng_err store_user_require_new_password(struct store *st,
    int64_t						  id) NG_WUR;
/* Number of users (0 on a new site). */
enum ng_err store_user_count(struct store *st, size_t *out) NG_WUR;

/* Record a new session (the token hash is its key). */
enum ng_err store_session_add(struct store *st, const struct session *s) NG_WUR;
/*
 * The live session with token_hash and its (enabled) user: NG_ENOTFOUND
 * when there is none, it is past expires_at, it was last seen more than
 * idle seconds before now, or its user is disabled.
 */
enum ng_err store_session_get(struct arena *ar, struct store *st,
    struct str token_hash, int64_t now, int64_t idle, struct session **sout,
    struct user **uout) NG_WUR;
/* Move last_seen to now. */
enum ng_err store_session_touch(struct store *st, struct str token_hash,
    int64_t now) NG_WUR;
/* End one session (logout); ending an unknown one is not an error. */
enum ng_err store_session_delete(struct store *st,
    struct str				       token_hash) NG_WUR;
/* Delete sessions past expires_at or idle; *n gets how many. */
enum ng_err store_session_purge(struct store *st, int64_t now, int64_t idle,
    size_t *n) NG_WUR;

/*
 * Two-factor login (admin/totp.h): a user's TOTP secret, its single-use
 * recovery codes (hashes only), and logins whose password was right,
 * waiting for their code.  "Each code once" is decided here, by a
 * conditional write, so two requests racing with one code cannot both
 * win, on either backend.
 */
#define STORE_RECOVERY_CODES  10 /* made at enrolment */
#define STORE_CHALLENGE_TRIES 5	 /* wrong codes per password */

struct totp_state {
	struct str secret;	  /* base32 */
	int	   enabled;	  /* 0: begun, not yet confirmed */
	int64_t	   last_step;	  /* the last step whose code worked */
	size_t	   recovery_left; /* unused recovery codes */
};

/* The user's authenticator; NG_ENOTFOUND when there is none. */
enum ng_err store_totp_get(struct arena *ar, struct store *st, int64_t user_id,
    struct totp_state *out) NG_WUR;
/*
 * Begin enrolment with a new secret (replacing one not yet confirmed);
 * NG_ECONFLICT when the user already has 2FA on.
 */
enum ng_err store_totp_begin(struct store *st, int64_t user_id,
    struct str secret) NG_WUR;
/*
 * Turn 2FA on for the unconfirmed secret (the one a code was just
 * checked against), with step as used and n recovery code hashes
 * replacing any old ones, in one transaction.  NG_ECONFLICT when the
 * stored secret is no longer that one, or is already enabled.
 */
enum ng_err store_totp_enable(struct store *st, int64_t user_id,
    struct str secret, int64_t step, const struct str *hashes, size_t n) NG_WUR;
/* Spend step: NG_ECONFLICT when it (or a later one) was used already. */
enum ng_err store_totp_use_step(struct store *st, int64_t user_id,
    int64_t step) NG_WUR;
/* Spend the recovery code with hash: NG_ENOTFOUND when none is unused. */
enum ng_err store_totp_use_recovery(struct store *st, int64_t user_id,
    struct str hash) NG_WUR;
/* Turn 2FA off: the secret and the recovery codes go (NG_ENOTFOUND). */
enum ng_err store_totp_delete(struct store *st, int64_t user_id) NG_WUR;

/* A login waiting for its code until expires_at. */
enum ng_err store_login_challenge_add(struct store *st, struct str token_hash,
    int64_t user_id, int64_t expires_at) NG_WUR;
/*
 * The user of a live challenge: NG_ENOTFOUND when there is none, it
 * expired, it had STORE_CHALLENGE_TRIES wrong codes, or its user is
 * disabled.
 */
enum ng_err store_login_challenge_get(struct store *st, struct str token_hash,
    int64_t now, int64_t *user_id) NG_WUR;
/* Count a wrong code against the challenge. */
enum ng_err store_login_challenge_fail(struct store *st,
    struct str					     token_hash) NG_WUR;
/* End the challenge (and any that expired before now). */
enum ng_err store_login_challenge_delete(struct store *st,
    struct str token_hash, int64_t now) NG_WUR;

/*
 * Shareable preview links (store_preview.c): a draft or scheduled
 * article shown to whoever holds the link, until it expires or is
 * revoked.  Only a hash of each link's token is stored.
 */
#define STORE_PREVIEW_LINKS_MAX 50 /* listed per article, newest first */

struct preview_link {
	int64_t	   id;
	int64_t	   article_id;
	struct str created_by; /* the maker's login; "" once deleted */
	int64_t	   created_at;
	int64_t	   expires_at;
	int64_t	   revoked_at; /* 0: not revoked */
};

/* A new link for article_id, working until expires_at; its id in *id. */
enum ng_err store_preview_add(struct store *st, int64_t article_id,
    struct str token_hash, int64_t user_id, int64_t expires_at,
    int64_t *id) NG_WUR;
/*
 * The article and expiry of the link with token_hash when it works at
 * now; NG_ENOTFOUND when there is none, it expired or was revoked.
 */
enum ng_err store_preview_find(struct store *st, struct str token_hash,
    int64_t now, int64_t *article_id, int64_t *expires_at) NG_WUR;
/* The article's links (any state), newest first, at most the max. */
enum ng_err store_preview_list(struct arena *ar, struct store *st,
    int64_t article_id, struct preview_link **out, size_t *n) NG_WUR;
/*
 * Revoke link id of article_id at now; NG_ENOTFOUND when it is not one
 * of its links or was revoked already.
 */
enum ng_err store_preview_revoke(struct store *st, int64_t article_id,
    int64_t id, int64_t now) NG_WUR;

/*
 * Live coverage (store_live.c): an article followed as news happens,
 * with timestamped updates (Markdown rendered like a body, kept with
 * its HTML and text) shown newest first, pinned ones as key points.
 * Coverage is on from its start until it ends; an ended article keeps
 * its updates.  Writes drop the article's page (key live:ID) and, for
 * a start or end, every list that labels live articles (live-list).
 */
#define STORE_LIVE_TEXT_MAX    20000 /* an update's Markdown (bytes) */
#define STORE_LIVE_UPDATES_MAX 500   /* updates a page shows */
#define STORE_LIVE_NOW_MAX     50    /* articles live at once */

struct live_coverage {
	int64_t article_id;
	int64_t started_at;
	int64_t ended_at; /* 0: live now */
};

struct live_update {
	int64_t		 id;
	int64_t		 article_id;
	int64_t		 created_at;
	int64_t		 user_id; /* who wrote it; 0: unknown */
	int		 pinned;  /* a key point */
	struct str	 body_md;
	struct safe_html body_html; /* rendered when saved */
	struct str	 body_text;
};

/*
 * Start (live 1) or end (live 0) the coverage of article_id at now.  A
 * start of ended coverage takes it up again (the start time stays).
 * NG_ENOTFOUND: no such article, or ending coverage that is not on.
 */
enum ng_err store_live_set(struct store *st, int64_t article_id,
    int live) NG_WUR;
/* The coverage of article_id; NG_ENOTFOUND when it never had any. */
enum ng_err store_live_get(struct store *st, int64_t article_id,
    struct live_coverage *out) NG_WUR;
/*
 * Add u (rendered) to its article's coverage; its id in *id.
 * NG_ENOTFOUND when the coverage is not on.
 */
enum ng_err store_live_update_add(struct store *st, const struct live_update *u,
    int64_t *id) NG_WUR;
/* Pin (1) or unpin (0) update id of article_id; NG_ENOTFOUND. */
enum ng_err store_live_update_pin(struct store *st, int64_t article_id,
    int64_t id, int pinned) NG_WUR;
/* Delete update id of article_id; NG_ENOTFOUND. */
enum ng_err store_live_update_delete(struct store *st, int64_t article_id,
    int64_t id) NG_WUR;
/*
 * The updates of article_id with an id above after_id, newest first,
 * at most limit (1..STORE_LIVE_UPDATES_MAX).
 */
enum ng_err store_live_updates(struct arena *ar, struct store *st,
    int64_t article_id, int64_t after_id, size_t limit,
    struct live_update **out, size_t *n) NG_WUR;
/* The ids of the articles live now, at most STORE_LIVE_NOW_MAX. */
enum ng_err store_live_now(struct arena *ar, struct store *st, int64_t **ids,
    size_t *n) NG_WUR;

/* The newsroom's article list: any status, newest change first. */
struct article_admin_query {
	int	   status;     /* enum article_status, -1: any but
					   trashed */
	int64_t	   section_id; /* 0: any */
	int64_t	   author_id;  /* 0: any */
	struct str search;     /* words in title or body; empty: any */
	/* Dated (published, else created) in [from, to); 0: open. */
	int64_t from, to;
	size_t	offset;
	size_t	limit; /* at most STORE_LIST_MAX */
};

/*
 * Articles matching q with id, slug, title, status, dates, version,
 * author and section filled (not the bodies or tags).
 */
enum ng_err store_article_admin_list(struct arena *ar, struct store *st,
    const struct article_admin_query *q, struct article_list *out) NG_WUR;

/* Number of articles per status (counts[ARTICLE__MAX]). */
enum ng_err store_article_status_counts(struct store *st,
    size_t counts[ARTICLE__MAX]) NG_WUR;

struct revision {
	int64_t	   id;
	int64_t	   article_id;
	int64_t	   created_at;
	struct str title;
	struct str dek;
	struct str body_md; /* empty in store_revision_list() */
	int64_t	   user_id; /* who saved it; 0: unknown */
	struct str user_name;

	/*
	 * The other fields an editor changes, kept since migration 0025
	 * and read by store_revision_get() only; has_fields is 0 for an
	 * older revision, which did not record them.  tags: the names,
	 * ", " between them.  featured: media id, 0 for none.
	 */
	int	   has_fields;
	int64_t	   author_id;
	struct str kicker;
	int64_t	   section_id;
	struct str tags;
	struct str source_name;
	struct str source_url;
	struct str canonical_url;
	struct str seo_title;
	struct str seo_description;
	int64_t	   featured;
	/*
	 * Every byline's id, "," between them, in order (0029); "" for
	 * none.  authors_kept is 0 for a revision older than that, which
	 * kept author_id alone.
	 */
	int	   authors_kept;
	struct str authors;
};

/* An article's revisions, newest first (without bodies). */
enum ng_err store_revision_list(struct arena *ar, struct store *st,
    int64_t article_id, struct revision **out, size_t *n) NG_WUR;
/* One revision in full. */
enum ng_err store_revision_get(struct arena *ar, struct store *st, int64_t id,
    struct revision **out) NG_WUR;
/* Name user_id as the saver of the article's newest revision. */
enum ng_err store_revision_set_user(struct store *st, int64_t article_id,
    int64_t user_id) NG_WUR;

/*
 * Publish, in one transaction, every scheduled article whose time has
 * come (published_at <= now); *n gets how many.  The scheduler calls it
 * at start and whenever one falls due.
 */
enum ng_err store_article_publish_due(struct store *st, int64_t now,
    size_t *n) NG_WUR;
/*
 * The same, with the ids of the articles this call published (into ar),
 * each named by exactly one caller however many publish at once: what
 * the scheduler raises webhook events from.
 */
enum ng_err store_article_publish_due_ids(struct arena *ar, struct store *st,
    int64_t now, int64_t **ids, size_t *n) NG_WUR;
/* The earliest scheduled time, or NG_ENOTFOUND when nothing waits. */
enum ng_err store_article_next_due(struct store *st, int64_t *when) NG_WUR;

enum correction_kind {
	CORRECTION_CORRECTION,
	CORRECTION_UPDATE,
	CORRECTION__MAX
};

struct correction {
	int64_t		     id;
	int64_t		     article_id;
	enum correction_kind kind;
	struct str	     body;
	int64_t		     created_at;
	int64_t		     user_id;
};

/*
 * Add a correction or update note to an article and move the article's
 * updated_at to now, in one transaction.
 */
enum ng_err store_correction_add(struct store *st, const struct correction *c,
    int64_t *id) NG_WUR;
/* An article's notes, oldest first. */
enum ng_err store_correction_list(struct arena *ar, struct store *st,
    int64_t article_id, struct correction **out, size_t *n) NG_WUR;

struct autosave {
	int64_t	   user_id;
	int64_t	   article_id; /* 0: a new article */
	struct str title;
	struct str dek;
	struct str body_md;
	int64_t	   saved_at;
};

/* Replace the user's autosave for the article. */
enum ng_err store_autosave_put(struct store *st,
    const struct autosave		    *as) NG_WUR;
enum ng_err store_autosave_get(struct arena *ar, struct store *st,
    int64_t user_id, int64_t article_id, struct autosave **out) NG_WUR;
enum ng_err store_autosave_delete(struct store *st, int64_t user_id,
    int64_t article_id) NG_WUR;

/* Every author and tag, by name (management pages). */
enum ng_err store_authors(struct arena *ar, struct store *st,
    struct author **out, size_t *n) NG_WUR;
enum ng_err store_tags(struct arena *ar, struct store *st, struct tag **out,
    size_t *n) NG_WUR;
/* Update a section, author or tag in place (by id). */
enum ng_err store_section_update(struct store *st,
    const struct section		      *s) NG_WUR;
enum ng_err store_author_update(struct store *st,
    const struct author			     *au) NG_WUR;
enum ng_err store_tag_update(struct store *st, const struct tag *t) NG_WUR;
/* Delete; articles keep existing, without that section or tag. */
enum ng_err store_section_delete(struct store *st, int64_t id) NG_WUR;
enum ng_err store_tag_delete(struct store *st, int64_t id) NG_WUR;
/*
 * Merge tag from into tag into, in one transaction: every article
 * tagged from is tagged into (at from's place in its list, unless it
 * has both), then from is deleted.  NG_EINVAL when they are the same
 * tag, NG_ENOTFOUND when either does not exist.
 */
enum ng_err store_tag_merge(struct store *st, int64_t from,
    int64_t into) NG_WUR;

/*
 * A read session: until store_read_end(), the calling thread's store
 * calls share one pooled connection and one read snapshot, so a page's
 * dozen lookups take the connection, the database's locks and a
 * transaction once instead of a dozen times (about a quarter of an
 * uncached article's time).  A write inside it ends the snapshot first
 * and sees the latest data.  A second begin on the same thread joins
 * the first (and the first end ends it).  The server wraps every GET
 * and HEAD handler in one.
 */
void store_read_begin(struct store *st);

/*
 * Bulk writes (the WordPress importer): every store call of
 * this thread between begin and end joins one write transaction, so a
 * failure anywhere -- result != NG_OK at the end -- leaves the database
 * exactly as it was.  Other writers wait (readers do not) until it
 * ends.  store_bulk_end() returns result, or the commit's error.
 * NG_ECONFLICT when this thread already has a session.
 */
enum ng_err store_bulk_begin(struct store *st) NG_WUR;
enum ng_err store_bulk_end(struct store *st, enum ng_err result) NG_WUR;
void	    store_read_end(struct store *st);

/*
 * Invalidation keys: what a public page was built from, and what a
 * write changed (the list is in store_inval.c).  A key is a kind in the
 * top byte and an id (0 for kinds without one) below.
 */
enum inval_kind {
	INVAL_ALL,     /* every page */
	INVAL_ARTICLE, /* one article: its pages, comments, boxes */
	INVAL_SECTION, /* the list of a section's articles */
	INVAL_TAG,     /* the list of a tag's articles */
	INVAL_AUTHOR,  /* the list of an author's articles */
	INVAL_FRONT,   /* lists of all articles: front, feeds, dates */
	INVAL_SITEMAPS,
	INVAL_SEARCH,
	INVAL_COMMENT_FEEDS, /* the site's comment feed */
	INVAL_NAV,	     /* the sections' names and order */
	INVAL_SETTINGS,
	INVAL_SLIDERS,
	INVAL_ADS,
	INVAL_MEDIA, /* one media item's metadata */
	INVAL_PAGE,  /* one static page */
	INVAL_MENUS,
	INVAL_COMMENTS,	 /* one article's comment thread */
	INVAL_MOST_READ, /* the "Most read" list */
	INVAL_LIVE,	 /* one article's live updates */
	INVAL_LIVE_LIST, /* which articles are live */
	INVAL__MAX
};

#define STORE_KEY_ID_MASK 0x00ffffffffffffffULL
#define STORE_KEY(kind, id) \
	(((uint64_t)(kind) << 56) | ((uint64_t)(id)&STORE_KEY_ID_MASK))
#define STORE_KEY_KIND(key) ((unsigned)((key) >> 56))
#define STORE_KEY_ID(key)   ((int64_t)((key)&STORE_KEY_ID_MASK))

/* The most keys one read session records (more: INVAL_ALL). */
#define STORE_READ_KEYS_MAX 256

/* "article", "front", ...; NULL for an unknown kind. */
const char *store_inval_kind_name(enum inval_kind k);

/*
 * The keys this thread's read session has noted so far (the store's
 * read calls note what they read; a call that notes nothing makes the
 * page depend on INVAL_ALL).  *out stays valid until the session ends;
 * 0 outside a session.
 */
size_t store_read_keys(const uint64_t **out);

/*
 * store_generation() as it was when this thread's read session began,
 * before it read anything (the current one outside a session).  What
 * the session builds from its snapshot is stamped with it: a write the
 * snapshot misses moved the generation after it, so the stamp is
 * already old when that write is seen.
 */
uint64_t store_read_generation(const struct store *st);

/*
 * Capture the keys the session notes between begin and end, those
 * noted before as well, for a part of the page kept on its own and
 * used again (the REST API's post objects): whoever uses it notes them
 * again with store_read_note_keys().  end returns how many (*out valid
 * until the next begin; INVAL_ALL alone when they overflowed) and 0
 * outside a session.  One capture at a time per thread.
 */
void   store_read_capture_begin(void);
size_t store_read_capture_end(const uint64_t **out);
/* Note keys a capture returned, for the part used again. */
void store_read_note_keys(const uint64_t *keys, size_t n);

/*
 * The one listener of the invalidation list: fn(cls, keys, n) runs for
 * every committed write that can change a public page, this process's
 * right after its commit (in the writer's thread) and other processes'
 * when store_generation_sync() reads them from the log.  NULL removes
 * it; removal waits for a call in progress.
 */
typedef void (*store_inval_fn)(void *cls, const uint64_t *keys, size_t n);
void store_on_invalidate(struct store *st, store_inval_fn fn, void *cls);

/*
 * Text form of keys, as the log (and PostgreSQL's NOTIFY) carries them:
 * "article:12 front".  format writes at most sz bytes (NUL included)
 * and says "all" when they do not fit; it returns the length.  parse
 * reads at most max keys (more, or one it does not know: INVAL_ALL) and
 * returns how many.
 */
size_t store_inval_format(const uint64_t *keys, size_t n, char *buf, size_t sz);
size_t store_inval_parse(struct str text, uint64_t *out, size_t max);

/* --- page cache and metrics --- */

/*
 * store_generation(), after reading the invalidation log for writes of
 * other processes (a second server, a command-line tool) and applying
 * them (store_on_invalidate()).  This process's own rows are skipped:
 * they were applied when they committed.  With SQLite that is one
 * rowid range read on a connection of its own, about 5 us, so callers
 * rate-limit it.  Thread-safe; a caller that finds another one reading
 * does not wait.
 */
uint64_t store_generation_sync(struct store *st);

/*
 * store_generation_sync() at most once every STORE_SYNC_MS in this
 * process, by whichever caller comes first; the others read the
 * counter.  For the store's own caches of totals and the REST API's
 * posts, which must see other processes' writes with the page cache
 * off too, as soon as the page cache would.
 */
#define STORE_SYNC_MS 10
uint64_t store_generation_recent(struct store *st);

/*
 * The first time after now at which a public page changes by the clock
 * alone: a published article with a future published_at becomes
 * visible, or the breaking-news banner expires.  NG_OK with *out set,
 * NG_ENOTFOUND when neither is to come, NG_EDB.
 */
enum ng_err store_next_publish_after(struct store *st, int64_t now,
    int64_t *out) NG_WUR;

/*
 * The same time for caches of things built from the store (listing
 * totals, the REST API's posts), asked of the database once per
 * store_generation() and again once it has passed: INT64_MAX when
 * nothing is to come, now + 1 when the store could not say.
 */
int64_t store_clock_due(struct store *st, int64_t now);

/*
 * Nanoseconds the calling thread has spent in store calls since it
 * started, waits for a pooled connection included.  A server reads it
 * before and after a handler to measure the request's database time.
 */
uint64_t store_thread_db_ns(void);

/* --- search, related articles, sitemaps --- */

/*
 * Search.  A reader's query is never handed to the database as written:
 * store_search_parse() turns it into at most STORE_SEARCH_TERMS_MAX
 * terms, each a word or a "quoted phrase", a word optionally a prefix
 * (trailing '*', at least two characters before it), and the backend
 * quotes every term when it builds its own query.  Bytes past
 * STORE_SEARCH_QUERY_MAX are ignored, so no input can make a query
 * expensive to parse or run.
 */
#define STORE_SEARCH_QUERY_MAX 256
#define STORE_SEARCH_TERMS_MAX 12

/* Snippets mark matched words with these two bytes. */
#define STORE_MARK_OPEN	 '\x01'
#define STORE_MARK_CLOSE '\x02'

struct search_term {
	struct str text;   /* no '"'; has a letter or digit */
	int	   phrase; /* was quoted */
	int	   prefix; /* ended in '*' */
};

struct search_terms {
	struct search_term v[STORE_SEARCH_TERMS_MAX];
	size_t		   n;
};

struct search_hit {
	struct article_ref ref;
	struct str	   dek;
	struct str	   snippet; /* text with STORE_MARK_* */
	struct section	   section; /* id 0 when none */
	struct author	   author;  /* id 0 when none */
};

struct search_result {
	struct search_hit *v;
	size_t		   n;
	size_t		   total; /* matches ignoring offset/limit */
	/*
	 * total is an estimate ("about"): more articles matched than are
	 * ranked (STORE_SEARCH_RANKED), or a phrase of common words was
	 * looked for among the newest articles only; only the ranked
	 * can be paged to.
	 */
	int    about;
	size_t ranked; /* how many can be paged to; 0: total */
};

/*
 * Split input into terms (pure: no store needed).  Words are separated
 * by white space; a '"' opens a phrase that runs to the next '"' or the
 * end.  A term without a letter or digit is dropped; a trailing '*'
 * marks a prefix only after two or more characters.  Slices point into
 * input.  Never fails; out->n may be 0.
 */
void store_search_parse(struct str input, struct search_terms *out);

/*
 * Published articles matching every term of input, best first: BM25 with
 * the title weighted above dek, tags, author and body, and among equal
 * scores the newer first.  Only the STORE_SEARCH_RANKED newest matches
 * are ranked, so a word found in every article costs no more than a
 * rarer one; when more match, total is an estimate and about is set,
 * and pages past the ranked ones are empty.  limit is capped at
 * STORE_LIST_MAX.  An input with no usable term gives no hits (and
 * NG_OK).
 */
#define STORE_SEARCH_RANKED 500
enum ng_err store_search(struct arena *ar, struct store *st, struct str input,
    size_t offset, size_t limit, struct search_result *out) NG_WUR;

/*
 * The stored related articles of an article (the editor's pick first,
 * then by shared tags, section and text), published ones only, at most
 * max (capped at STORE_RELATED_MAX).  They are computed when the article
 * is saved (inside store_article_save()'s transaction), not here.
 */
#define STORE_RELATED_MAX 4
enum ng_err store_related(struct arena *ar, struct store *st,
    int64_t article_id, size_t max, struct article_ref **out, size_t *n) NG_WUR;

/* Recompute and store the related articles of one article. */
enum ng_err store_related_refresh(struct store *st, int64_t article_id) NG_WUR;

/* One article URL of the sitemaps. */
struct sitemap_entry {
	int64_t	   id;
	struct str slug;
	struct str title;
	int64_t	   published_at;
	int64_t	   updated_at;
	struct str image; /* featured media path, "" if none */
};

/*
 * Published articles for the sitemaps, oldest first so that the split
 * into files of STORE_SITEMAP_MAX URLs stays put as articles are added:
 * those published at or after since (0: all), skipping offset, at most
 * limit (capped at STORE_SITEMAP_MAX).  store_sitemap_count() counts the
 * same set.
 */
#define STORE_SITEMAP_MAX 50000
enum ng_err store_sitemap_count(struct store *st, int64_t since,
    size_t *out) NG_WUR;
enum ng_err store_sitemap_entries(struct arena *ar, struct store *st,
    int64_t since, size_t offset, size_t limit, struct sitemap_entry **out,
    size_t *n) NG_WUR;

/*
 * The featured image of an article: the media path and MIME type.
 * NG_ENOTFOUND when it has none.
 */
enum ng_err store_article_image(struct arena *ar, struct store *st,
    int64_t article_id, struct str *path, struct str *mime) NG_WUR;

/* --- comments --- */

enum comment_status {
	COMMENT_PENDING,  /* held for a moderator */
	COMMENT_APPROVED, /* shown to readers */
	COMMENT_SPAM,
	COMMENT_TRASH,
	COMMENT__MAX
};

/*
 * A reader's comment.  email, ip and user_agent are for moderators only:
 * the public lookup (store_comment_thread) does not even read them, so no
 * page can show them by mistake.
 */
struct comment {
	int64_t		    id;
	int64_t		    article_id;
	int64_t		    parent_id; /* 0: top level */
	int		    depth;     /* 1: top level; set by the store */
	enum comment_status status;
	struct str	    author;
	struct str	    email; /* lower-cased */
	struct str	    url;   /* "" or an http(s) URL */
	struct str	    body;  /* plain text, as written */
	struct str	    ip;
	struct str	    user_agent;
	int64_t		    created_at; /* 0 on add: now */

	/* Filled by store_comment_get() and store_comment_list(). */
	struct str article_slug;
	struct str article_title;
	int64_t	   article_published_at;
	int64_t	   wp_id; /* store_comment_export() */
};

/* Byte limits of every comment write (NG_ETOOBIG beyond them). */
#define STORE_COMMENT_AUTHOR_MAX 1024
#define STORE_COMMENT_EMAIL_MAX	 400
#define STORE_COMMENT_URL_MAX	 800
#define STORE_COMMENT_BODY_MAX	 (65525 * 4)
#define STORE_COMMENT_IP_MAX	 64
#define STORE_COMMENT_UA_MAX	 512
/* Approved comments an article page shows at most (oldest first). */
#define STORE_COMMENT_THREAD_MAX 1000

/*
 * Checks store_comment_add() makes inside its write transaction, so two
 * racing requests cannot both pass them.
 */
struct comment_guard {
	/*
	 * NG_ECONFLICT when the article already has a comment (not in the
	 * trash) with the same body from the same author name or email.
	 */
	int no_duplicate;
	/* NG_EINVAL unless the parent (if any) is approved. */
	int parent_approved;
	/*
	 * For a pending or spam comment: NG_ETOOBIG when queue_max
	 * comments of that status exist already (0: no cap).
	 */
	size_t queue_max;
};

/* What the moderation policy needs to know before a comment is added. */
struct comment_history {
	int		    email_approved; /* email has an approved comment */
	int		    parent_found;   /* parent_id names a comment */
	int64_t		    parent_article_id;
	int		    parent_depth;
	enum comment_status parent_status;
};

struct comment_list {
	struct comment *v;
	size_t		n;
	size_t		total; /* matches ignoring offset/limit */
};

/* "pending", "approved", "spam", "trash"; NULL for an invalid status. */
const char *store_comment_status_name(enum comment_status s);
/* 1 and *out set when name is one of those names, else 0. */
int store_comment_status_parse(struct str name, enum comment_status *out);

/*
 * Add c (id ignored; created_at 0 means now) checking g (NULL: no checks)
 * and the limits above.  The parent, when given, must be a comment of the
 * same article (NG_EINVAL); the new comment's depth is the parent's + 1.
 * The row is committed and on the disk before this returns (the
 * backend's sync after the commit, store_int.h), so an acknowledged
 * comment survives a kill -9 and a power loss.
 * *id receives the new id.  Bumps store_generation().
 */
enum ng_err store_comment_add(struct store *st, const struct comment *c,
    const struct comment_guard *g, int64_t *id) NG_WUR;

/*
 * What the moderation policy needs for a comment about to be added by
 * email, replying to parent_id (0: none), read in one snapshot.
 */
enum ng_err store_comment_history(struct store *st, struct str email,
    int64_t parent_id, struct comment_history *out) NG_WUR;

/*
 * The approved comments of an article, oldest first, at most
 * STORE_COMMENT_THREAD_MAX, without email, ip or user agent (those
 * fields are empty).  *n may be 0.
 */
enum ng_err store_comment_thread(struct arena *ar, struct store *st,
    int64_t article_id, struct comment **out, size_t *n) NG_WUR;

/* Number of approved comments of an article. */
enum ng_err store_comment_count(struct store *st, int64_t article_id,
    size_t *out) NG_WUR;

/* Any comment by id, every field filled.  NG_ENOTFOUND. */
enum ng_err store_comment_get(struct arena *ar, struct store *st, int64_t id,
    struct comment **out) NG_WUR;

/*
 * The moderation queue: comments with status (COMMENT__MAX: any),
 * newest first, every field filled; limit is capped at STORE_LIST_MAX
 * (0 means that).
 */
enum ng_err store_comment_list(struct arena *ar, struct store *st,
    enum comment_status status, size_t offset, size_t limit,
    struct comment_list *out) NG_WUR;

/* Comments per status, indexed by enum comment_status. */
struct comment_counts {
	size_t n[COMMENT__MAX];
};
enum ng_err store_comment_counts(struct store *st,
    struct comment_counts		      *out) NG_WUR;

/*
 * Moderate: set a comment's status, or delete it (its replies stay,
 * as top-level threads).  NG_ENOTFOUND for an unknown id.  Both bump
 * store_generation(), so cached pages show the change at once.
 */
enum ng_err store_comment_set_status(struct store *st, int64_t id,
    enum comment_status status) NG_WUR;
enum ng_err store_comment_delete(struct store *st, int64_t id) NG_WUR;

/*
 * A moderator's edit of comment id, whatever its status: its author
 * name, website ("" for none) and text are replaced; status, email,
 * thread and time stay.  Only the store's byte limits are checked here
 * (author and body required: NG_EINVAL; NG_ETOOBIG); what a comment may
 * say is comment_validate_edit()'s business.  NG_ENOTFOUND for an
 * unknown id.  Bumps store_generation().
 */
enum ng_err store_comment_edit(struct store *st, int64_t id, struct str author,
    struct str url, struct str body) NG_WUR;

/*
 * Read n settings in one snapshot (one pool checkout instead of n):
 * out[i] is the value of keys[i], or "" when unset.
 */
enum ng_err store_setting_get_many(struct arena *ar, struct store *st,
    const char *const *keys, size_t n, struct str *out) NG_WUR;

/*
 * --- the breaking-news banner: store_breaking.c ---
 * One per site, switched on with a text, an optional link, a level and
 * an expiry; it reads as none from its expiry on.
 */
#define STORE_BREAKING_KEY	"breaking_news" /* the setting it lives in */
#define STORE_BREAKING_TEXT_MAX 300		/* bytes of its text */

enum breaking_level {
	BREAKING_NEWS,	     /* "breaking" */
	BREAKING_DEVELOPING, /* "developing" */
	BREAKING_NOTICE,     /* "notice" */
	BREAKING__MAX
};

struct breaking_news {
	struct str	    text;
	struct str	    url; /* "" when none */
	enum breaking_level level;
	int64_t		    starts_at;
	int64_t		    expires_at;
};

/* "breaking", "developing", "notice"; NULL for no level. */
const char *store_breaking_level_name(enum breaking_level l);
/* 1 and *out set when s names a level. */
int store_breaking_level_parse(struct str s, enum breaking_level *out);
/*
 * Decode the setting's value v (borrowed by *out): NG_ENOTFOUND when
 * empty (switched off), NG_EINVAL when it is not a banner.
 */
enum ng_err store_breaking_decode(struct str v,
    struct breaking_news		    *out) NG_WUR;
/* 1 when b is on at now (before its expiry). */
int store_breaking_live(const struct breaking_news *b, int64_t now);
/* The banner on at now; NG_ENOTFOUND when off or expired, NG_EDB. */
enum ng_err store_breaking_get(struct arena *ar, struct store *st, int64_t now,
    struct breaking_news *out) NG_WUR;
/*
 * Switch the banner on with b (NULL: off), replacing any: NG_EINVAL for
 * an empty text, control characters, an unknown level or an expiry not
 * after the start; NG_ETOOBIG beyond the limits.  Drops every page that
 * shows settings (all public pages).
 */
enum ng_err store_breaking_set(struct arena *ar, struct store *st,
    const struct breaking_news *b) NG_WUR;

/*
 * A key the site makes for itself (store_secret.c): 64 hex digits, made
 * at random on first use and the same on every instance after; no
 * public page shows it, so making one drops no cached page.
 */
enum ng_err store_secret(struct arena *ar, struct store *st, const char *name,
    struct str *out) NG_WUR;

/*
 * --- most read: store_reads.c ---
 * Reads are counted in memory by the site and added here in batches:
 * per article and hour, counts only.
 */
#define STORE_READS_HOURS 48 /* hours of counts kept */

/*
 * Add counts[i] reads of ids[i] (i < n) in the hour starting at hour, in
 * one transaction, and delete hours older than STORE_READS_HOURS before
 * it.  Articles deleted since are skipped.  Drops no cached page.
 */
enum ng_err store_reads_add(struct store *st, int64_t hour, const int64_t *ids,
    const int64_t *counts, size_t n) NG_WUR;

/*
 * The published articles (visible at now) read most since since, most
 * first (ties: the newer id), at most limit (<= STORE_LIST_MAX).
 */
enum ng_err store_most_read(struct arena *ar, struct store *st, int64_t since,
    int64_t now, size_t limit, int64_t **ids, size_t *n) NG_WUR;

/*
 * The list a process shows changed: every page showing it goes, on
 * every instance (store_most_read_shown() marks those pages).
 */
enum ng_err store_most_read_changed(struct store *st) NG_WUR;

/* The page being built shows the most-read list. */
void store_most_read_shown(void);

/* --- shortcodes, sliders, ads: store_shortcode.c --- */

#define STORE_SLIDES_MAX    50		/* slides a slider shows */
#define STORE_AD_CODE_MAX   (64 * 1024) /* third-party ad code */
#define STORE_ADS_LIVE_MAX  100		/* ads a slot rotates */
#define STORE_AD_SIZE_MAX   2000	/* slot width, height (px) */
#define STORE_AD_WEIGHT_MAX 1000

struct slide {
	int64_t	   id;
	int64_t	   slider_id;
	int	   position;  /* 0 on add: after the last */
	struct str image_url; /* a site path, "/..." */
	struct str alt;
	struct str caption;
	struct str link_url; /* optional */
};

struct slider {
	int64_t	      id;
	int64_t	      legacy_id; /* WordPress id of [soliloquy], 0 */
	struct str    name;
	struct slide *slides;  /* filled by store_slider_get() */
	size_t	      nslides; /* store_slider_list(): the count */
};

enum ad_kind {
	AD_IMAGE,  /* image_url + link_url + alt */
	AD_CODE,   /* third-party code, in a sandboxed frame */
	AD_SLIDER, /* a slider of house ads (slider_id) */
	AD__MAX
};

/* Where the theme shows a slot by itself (beside [ad slot=...]). */
enum ad_placement {
	AD_PLACE_INLINE, /* only where a shortcode asks */
	AD_PLACE_HEADER,
	AD_PLACE_SIDEBAR,
	AD_PLACE_AFTER_PARAGRAPH, /* position: after paragraph N */
	AD_PLACE_FRONT,		  /* position: after front block N */
	AD_PLACE_BELOW_ARTICLE,
	AD_PLACE__MAX
};

struct ad_slot {
	int64_t		  id;
	struct str	  name; /* [a-z0-9_-], 1..64 bytes */
	enum ad_placement placement;
	int		  position;
	int		  width, height; /* px, 1..STORE_AD_SIZE_MAX */
};

struct ad {
	int64_t	     id;
	int64_t	     slot_id;
	struct str   name; /* for the newsroom */
	enum ad_kind kind;
	struct str   image_url;	 /* AD_IMAGE: a site path */
	struct str   link_url;	 /* AD_IMAGE: http(s) */
	struct str   alt;	 /* AD_IMAGE */
	struct str   code;	 /* AD_CODE */
	int64_t	     slider_id;	 /* AD_SLIDER */
	int	     weight;	 /* 1..STORE_AD_WEIGHT_MAX */
	int64_t	     starts_at;	 /* 0: no start */
	int64_t	     ends_at;	 /* 0: no end; else shown before it */
	int64_t	     section_id; /* 0: every section */
	int	     active;
};

/* Names for forms and the CLI; _parse returns 0 for an unknown name. */
const char *store_ad_kind_name(enum ad_kind k);
int	    store_ad_kind_parse(struct str name, enum ad_kind *out);
const char *store_ad_placement_name(enum ad_placement p);
int	    store_ad_placement_parse(struct str name, enum ad_placement *out);

/*
 * Sliders.  _add writes the slider row only (not s->slides); a slide's
 * slider must exist (NG_EINVAL otherwise).  _get fills the slides in
 * order (at most STORE_SLIDES_MAX); by_legacy looks up legacy_id.
 * _list gives every slider, nslides holding its slide count.  Deleting a
 * slider deletes its slides and the ads that show it.
 */
enum ng_err store_slider_add(struct store *st, const struct slider *s,
    int64_t *id) NG_WUR;
enum ng_err store_slide_add(struct store *st, const struct slide *s,
    int64_t *id) NG_WUR;
enum ng_err store_slider_get(struct arena *ar, struct store *st, int64_t id,
    struct slider **out) NG_WUR;
enum ng_err store_slider_by_legacy(struct arena *ar, struct store *st,
    int64_t legacy_id, struct slider **out) NG_WUR;
enum ng_err store_slider_list(struct arena *ar, struct store *st,
    struct slider **out, size_t *n) NG_WUR;
enum ng_err store_slider_delete(struct store *st, int64_t id) NG_WUR;
enum ng_err store_slide_delete(struct store *st, int64_t id) NG_WUR;

/*
 * Ad slots and ads.  NG_ECONFLICT for a taken slot name; NG_EINVAL for
 * a bad name, size, kind field, weight, or a slot, slider or section
 * that does not exist.  store_ad_live() gives the ads of slot_id that
 * may be shown now on a page of section_id (0: not in a section):
 * active, started, not ended, targeted at that section or at all.
 */
enum ng_err store_ad_slot_add(struct store *st, const struct ad_slot *s,
    int64_t *id) NG_WUR;
enum ng_err store_ad_slot_get(struct arena *ar, struct store *st,
    struct str name, struct ad_slot *out) NG_WUR;
enum ng_err store_ad_slot_list(struct arena *ar, struct store *st,
    struct ad_slot **out, size_t *n) NG_WUR;
enum ng_err store_ad_add(struct store *st, const struct ad *ad,
    int64_t *id) NG_WUR;
enum ng_err store_ad_get(struct arena *ar, struct store *st, int64_t id,
    struct ad *out) NG_WUR;
enum ng_err store_ad_list(struct arena *ar, struct store *st, int64_t slot_id,
    struct ad **out, size_t *n) NG_WUR;
enum ng_err store_ad_live(struct arena *ar, struct store *st, int64_t slot_id,
    int64_t section_id, int64_t now, struct ad **out, size_t *n) NG_WUR;
enum ng_err store_ad_delete(struct store *st, int64_t id) NG_WUR;

/*
 * What the writes above would refuse in a slide, an ad slot or an ad,
 * found before writing: NG_OK, or the error the write would return with
 * f->field, the form field at fault ("image_url", "weight", ...; "" for
 * none of the form's), and f->why, a sentence for whoever typed it.
 * The writes themselves check with these, so the two cannot differ.
 * A slot, slider or section that does not exist is found only by the
 * write (NG_EINVAL).
 */
struct store_fault {
	const char *field;
	const char *why;
};
enum ng_err store_slide_fault(const struct slide *s, struct store_fault *f);
enum ng_err store_ad_slot_fault(const struct ad_slot *s, struct store_fault *f);
enum ng_err store_ad_fault(const struct ad *ad, struct store_fault *f);

/*
 * Newsroom edits.  _rename and the updates check as _add does;
 * a slide is updated only inside s->slider_id; deleting a slot deletes
 * its ads.  NG_ENOTFOUND when no such row.
 */
enum ng_err store_slider_rename(struct store *st, int64_t id,
    struct str name) NG_WUR;
enum ng_err store_slide_update(struct store *st, const struct slide *s) NG_WUR;
enum ng_err store_ad_slot_delete(struct store *st, int64_t id) NG_WUR;
enum ng_err store_ad_slot_update(struct store *st,
    const struct ad_slot		      *s) NG_WUR;
enum ng_err store_ad_update(struct store *st, const struct ad *ad) NG_WUR;

/* A media row for [gallery]: its path, alt text and caption. */
enum ng_err store_media_brief(struct arena *ar, struct store *st, int64_t id,
    struct str *path, struct str *alt, struct str *caption) NG_WUR;

/* --- media: uploaded images --- */

/*
 * One uploaded image.  path is the largest JPEG variant under /media/
 * ("<key>/<width>.jpg"); the other variants sit beside it (see
 * src/media/media.h).  Or an audio or video file, kept as it came
 * ("<key>/media.mp3", src/media/av.h): mime audio/... or video/...,
 * alt its title.  Text fields are optional.
 */
struct media {
	int64_t	   id;
	struct str path;
	struct str mime;  /* of the upload as sent */
	int64_t	   width; /* of the original */
	int64_t	   height;
	struct str alt;
	struct str caption;
	struct str credit;
	int64_t	   created_at;
	int64_t	   bytes;    /* audio and video: the file's length */
	int64_t	   duration; /* audio and video: seconds, 0 if not known */
	struct str filename; /* as uploaded, for search; empty if not known */
};

#define STORE_MEDIA_TEXT_MAX 2000 /* bytes of alt, caption, credit */
#define STORE_MEDIA_LIST_MAX 200

/*
 * Add a media row (NG_EINVAL for an empty path or mime, a text field
 * over STORE_MEDIA_TEXT_MAX), get one (NG_ENOTFOUND), list the newest
 * first.  store_article_featured() gives an article's featured media id
 * (0: none; NG_ENOTFOUND for no such article); set_featured() sets it
 * (0 clears; NG_EINVAL for a media id that does not exist).
 */
enum ng_err store_media_add(struct store *st, const struct media *m,
    int64_t *id) NG_WUR;
enum ng_err store_media_get(struct arena *ar, struct store *st, int64_t id,
    struct media *out) NG_WUR;
/*
 * Change m->id's alt text, caption and credit (the rest stays): pages
 * that show the image are dropped from the cache.  NG_EINVAL for a field
 * over STORE_MEDIA_TEXT_MAX, NG_ENOTFOUND for no such media.
 */
enum ng_err store_media_update(struct store *st, const struct media *m) NG_WUR;
/*
 * The image whose files are under media key (the directory of its
 * variants, "<key>/..."): how a body's <img src="/media/KEY/W.jpg">
 * finds its dimensions and variants.  NG_ENOTFOUND when none.
 */
enum ng_err store_media_by_key(struct arena *ar, struct store *st,
    struct str key, struct media *out) NG_WUR;
enum ng_err store_media_list(struct arena *ar, struct store *st, size_t offset,
    size_t limit, struct media **out, size_t *n) NG_WUR;
/*
 * The library's page: the items whose file name, alt text, caption or
 * credit hold q (any case of ASCII letters; an empty q: every item),
 * newest first, at most limit (up to STORE_MEDIA_LIST_MAX) from offset;
 * *total is how many q finds in all.  q longer than
 * STORE_MEDIA_QUERY_MAX finds nothing.
 */
#define STORE_MEDIA_QUERY_MAX 200
enum ng_err store_media_search(struct arena *ar, struct store *st, struct str q,
    size_t offset, size_t limit, struct media **out, size_t *n,
    size_t *total) NG_WUR;

/* What shows a media item (store_media_usage()). */
enum media_use_kind {
	MEDIA_USE_ARTICLE, /* its featured image or in its body */
	MEDIA_USE_PAGE,	   /* in a static page's body */
	MEDIA_USE_SLIDER,  /* a slide of the slider */
	MEDIA_USE_AD,	   /* an image ad */
	MEDIA_USE_AUTHOR,  /* an author's photo */
	MEDIA_USE_LIVE,	   /* a live update of the article */
	MEDIA_USE__MAX
};

struct media_use {
	enum media_use_kind kind;
	int64_t		    id; /* of the article, page, slider, ad, author */
	struct str	    title;
	struct str	    status; /* articles and pages: "draft", ... */
	struct str	    body;   /* the store's own: ids="..." to check */
};

/*
 * Everything that shows media id, whatever its status (a draft or a
 * trashed article may come back): articles that have it as featured
 * image or name its files (/media/KEY/, a WordPress upload path that
 * answers for it, or a [gallery] or [playlist] ids list), static pages,
 * sliders with a slide of it, image ads, author photos and live
 * updates.  Sorted by kind, then id.  n 0: nothing uses it.
 */
enum ng_err store_media_usage(struct arena *ar, struct store *st, int64_t id,
    struct media_use **out, size_t *n) NG_WUR;
/*
 * Delete media id and its variants' bytes in the database (the files
 * under data_dir are the caller's), unless something uses it
 * (store_media_usage()): then NG_ECONFLICT and nothing changes.  Its
 * key (the directory of its files) into *key, from ar.  NG_ENOTFOUND
 * for no such media.
 */
enum ng_err store_media_delete(struct arena *ar, struct store *st, int64_t id,
    struct str *key) NG_WUR;
enum ng_err store_article_featured(struct store *st, int64_t article_id,
    int64_t *media_id) NG_WUR;
enum ng_err store_article_set_featured(struct store *st, int64_t article_id,
    int64_t media_id) NG_WUR;

/*
 * The bytes of each media variant ("<w>.jpg" under its media key), in
 * the database: several instances on different machines serve every
 * upload without a shared disk, each keeping a copy in its own media/
 * directory (src/media/media.h).  store_media_in_db() says whether
 * uploads put their bytes here: yes on PostgreSQL; on SQLite, one
 * machine, the files are the copy and only `nutgraf db copy` fills the
 * table.  put needs no write lock (a key is new and random; an existing
 * name is left as it is).  get copies the bytes into ar; size is their
 * length.  NG_ENOTFOUND for a name not stored, NG_EINVAL for a key or
 * name over STORE_MEDIA_NAME_MAX, NG_ETOOBIG for bytes over
 * STORE_MEDIA_FILE_MAX.
 */
#define STORE_MEDIA_NAME_MAX 64
#define STORE_MEDIA_FILE_MAX (8u * 1024 * 1024)
/*
 * An audio or video file ("media.<ext>", media/av.h) is bigger: it is
 * kept as pieces "media.<ext>.0", "media.<ext>.1", ... of this size.
 */
#define STORE_MEDIA_PIECE (4u * 1024 * 1024)

int	    store_media_in_db(const struct store *st);
enum ng_err store_media_file_put(struct store *st, struct str key,
    struct str name, struct str bytes) NG_WUR;
enum ng_err store_media_file_get(struct arena *ar, struct store *st,
    struct str key, struct str name, struct str *bytes) NG_WUR;
enum ng_err store_media_file_size(struct store *st, struct str key,
    struct str name, int64_t *size) NG_WUR;

/*
 * Images whose sized variants are made later (src/media/media.h): an
 * import keeps the original and marks the row pending; the variants
 * are made on first request or by the background job (jobs/warm.h),
 * which clears the mark once every one exists.  Not a change any page
 * shows (a page's markup is the same before and after), so no cache
 * is dropped.  store_media_pending() lists up to limit pending images,
 * oldest first (id and path); store_media_pending_count() how many.
 */
struct media_pending {
	int64_t	   id;
	struct str path;
};

enum ng_err store_media_pending_set(struct store *st, int64_t id,
    int pending) NG_WUR;
enum ng_err store_media_pending(struct arena *ar, struct store *st,
    size_t limit, struct media_pending **out, size_t *n) NG_WUR;

/* --- moving a site between backends: store_copy.c --- */

/*
 * Copy every row of the site in from into to (`nutgraf db copy`):
 * articles with their revisions, comments, users and sessions, media
 * and their bytes, settings, everything but each database's own
 * migrations record and invalidation log.  Ids are kept, the target's
 * search index is rebuilt and its id sequences moved past them.  One
 * write transaction on the target, from one snapshot of the source:
 * all of it or nothing, and the row count of every table is checked
 * before the commit.
 *
 * A target holding any row is refused (NG_ECONFLICT, errbuf names the
 * table) unless replace is set, which empties it first.  Media bytes
 * follow the target's way (store_media_in_db()): into a database target
 * go the source's media_files rows and the files of each media item
 * found under media_from (a data directory's media/, NULL: none); a
 * target that keeps files gets the source's media_files rows written
 * under media_to.  progress, when set, hears each table's count.
 */
struct store_copy_opts {
	int	    replace;
	const char *media_from;
	const char *media_to;
	void (*progress)(void *arg, const char *what, int64_t n);
	void *arg;
};

struct store_copy_report {
	size_t	tables;
	int64_t rows;
	int64_t media_files;   /* variants moved */
	int64_t media_bytes;   /* of those read from files or written out */
	int64_t media_missing; /* media items whose bytes were nowhere */
	int64_t media_skipped; /* files too big or badly named, left */
};

enum ng_err store_copy(struct store *from, struct store *to,
    const struct store_copy_opts *o, struct store_copy_report *rep,
    char *errbuf, size_t errsz) NG_WUR;

/* --- rate limits held in the database: store_limit.c --- */

/*
 * "At most max events in any window seconds"; max or window 0 is off.
 * The events are rows of the database, so every instance and process
 * on it sees the same count: a spammer gets the same limits whichever
 * instance they reach.  The window slides exactly (a log of times, not
 * counters).  Times are wall-clock milliseconds, so instances need
 * their clocks in step (NTP), as scheduled publishing does.
 */
struct store_limit {
	uint32_t max;
	uint32_t window_s;
};

#define STORE_LIMIT_KEY_MAX    96 /* bytes of a key that count */
#define STORE_LIMIT_RULES_MAX  4
#define STORE_LIMIT_MAX	       65535 /* a max above this counts as this */
#define STORE_LIMIT_WINDOW_MAX 86400 /* a longer window counts as this */

/*
 * Record one event for key at now_ms if every rule allows it: NG_OK.
 * Otherwise record nothing and answer NG_EFORBIDDEN with *retry_ms the
 * wait until it would be allowed.  Checks and record are one write
 * transaction, so two instances cannot both take the last event.  A key
 * must always be used with the same rules.  NG_EINVAL for an empty key
 * or too many rules; NG_EDB when the database is away.
 */
enum ng_err store_limit_take(struct store *st, struct str key,
    const struct store_limit *rules, size_t nrules, int64_t now_ms,
    int64_t *retry_ms) NG_WUR;

/*
 * As store_limit_take(), but only asks: nothing is recorded (the login
 * limits, which count failures after the check, with note() below).
 */
enum ng_err store_limit_check(struct store *st, struct str key,
    const struct store_limit *rules, size_t nrules, int64_t now_ms,
    int64_t *retry_ms) NG_WUR;

/* Wall-clock milliseconds, for now_ms. */
int64_t store_limit_now_ms(void);

/*
 * Counting without a rule (the login budget, admin/session.c):
 * note() records an event for key at now_ms whatever came before;
 * recent() gives how many of key's events lie after since_ms, counting
 * at most max (up to STORE_LIMIT_RECENT_MAX), and the newest one's
 * time (0: none); forget() drops key's events.  Events older than
 * STORE_LIMIT_WINDOW_MAX are pruned as events are noted.
 */
#define STORE_LIMIT_RECENT_MAX 32
enum ng_err store_limit_note(struct store *st, struct str key,
    int64_t now_ms) NG_WUR;
enum ng_err store_limit_recent(struct store *st, struct str key,
    int64_t since_ms, size_t max, size_t *n, int64_t *last_ms) NG_WUR;
enum ng_err store_limit_forget(struct store *st, struct str key) NG_WUR;

/*
 * Pinned articles (WordPress's sticky posts): the front page shows the
 * published ones first, newest first.  store_article_pin() pins (on) or
 * unpins article_id (NG_ENOTFOUND when there is no such article); a pin
 * outlives unpublishing and shows again on republishing.
 * store_article_pins() lists the pinned ids, newest story first: only
 * those published now when published is set, else every one (the
 * export, the editor); at most limit (up to STORE_PINS_MAX).
 */
#define STORE_PINS_MAX 10000
enum ng_err store_article_pin(struct store *st, int64_t article_id,
    int on) NG_WUR;
enum ng_err store_article_pins(struct arena *ar, struct store *st,
    int published, size_t limit, int64_t **ids, size_t *n) NG_WUR;

/* --- pages, menus, WordPress compatibility: store_page.c --- */

/*
 * Static pages ("About", "Contact"): a title, a slug under an optional
 * parent page, a body.  Their URL is /path/, path being the parent's path,
 * '/', the slug ("about/team"); the store keeps paths in step when a
 * slug or a parent changes, and remembers a published page's earlier
 * paths (store_page_old_path()).  Only published pages are public;
 * private ones are WordPress's "logged-in only" and never shown here.
 */
enum page_status {
	PAGE_DRAFT,
	PAGE_PENDING,
	PAGE_PUBLISHED,
	PAGE_PRIVATE,
	PAGE_TRASHED,
	PAGE__MAX
};

#define STORE_PAGE_DEPTH_MAX 8	  /* levels of parents */
#define STORE_PAGE_PATH_MAX  1024 /* bytes of a path */
#define STORE_PAGE_LIST_MAX  5000 /* pages a list returns at most */

struct page {
	int64_t		 id;
	int64_t		 wp_id;	    /* WordPress ID, 0: none */
	int64_t		 parent_id; /* 0: top level */
	struct str	 slug;
	struct str	 path; /* set by the store */
	struct str	 title;
	enum body_format format;
	struct str	 body_src;  /* Markdown or HTML */
	struct safe_html body_html; /* rendered when saved */
	struct str	 body_text;
	enum page_status status;
	int		 menu_order; /* among siblings, then title */
	int64_t		 author_id;  /* 0: none */
	int64_t		 created_at;
	int64_t		 published_at; /* first published; 0 */
	int64_t		 updated_at;
	int64_t		 version; /* as struct article */
	int		 depth;	  /* lists: 0 for top level */
};

/* "draft", "published", ...; NULL for an invalid value. */
const char *store_page_status_name(enum page_status s);
int	    store_page_status_parse(struct str name, enum page_status *out);
const char *store_body_format_name(enum body_format f);
int	    store_body_format_parse(struct str name, enum body_format *out);

/*
 * Insert (p->id == 0) or update a page and record a revision naming
 * user_id (0: none), in one transaction.  Bodies must be rendered
 * (content/page.c).  NG_ECONFLICT when a sibling has the slug, the path
 * is taken or the version moved on; NG_EINVAL for a bad field, a parent
 * that does not exist, is the page itself or one of its descendants, or
 * nesting deeper than STORE_PAGE_DEPTH_MAX.  Moving or renaming a page
 * moves its descendants' paths too.  *id receives the page's id.
 */
enum ng_err store_page_save(struct store *st, const struct page *p,
    int64_t user_id, int64_t *id) NG_WUR;
/* The published page at path ("about/team"); NG_ENOTFOUND. */
enum ng_err store_page_by_path(struct arena *ar, struct store *st,
    struct str path, struct page **out) NG_WUR;
/* Any page by id. */
enum ng_err store_page_by_id(struct arena *ar, struct store *st, int64_t id,
    struct page **out) NG_WUR;
/*
 * Pages in tree order (each page followed by its children, siblings by
 * menu_order then title), without bodies, depth filled: status -1 for
 * every page but trashed ones, else that status only.
 */
enum ng_err store_page_list(struct arena *ar, struct store *st, int status,
    struct page **out, size_t *n) NG_WUR;
/* Set a page's status (publishing sets published_at the first time). */
enum ng_err store_page_set_status(struct store *st, int64_t id,
    enum page_status status) NG_WUR;
/* Delete a page; NG_ECONFLICT while it has child pages. */
enum ng_err store_page_delete(struct store *st, int64_t id) NG_WUR;
/*
 * A page's revisions, newest first, without bodies; one in full.  They
 * reuse struct revision: article_id holds the page's id, dek is empty,
 * body_md the body source.
 */
enum ng_err store_page_revision_list(struct arena *ar, struct store *st,
    int64_t page_id, struct revision **out, size_t *n) NG_WUR;
enum ng_err store_page_revision_get(struct arena *ar, struct store *st,
    int64_t id, struct revision **out) NG_WUR;
/* The published page that once lived at path; NG_ENOTFOUND. */
enum ng_err store_page_old_path(struct arena *ar, struct store *st,
    struct str path, struct page **out) NG_WUR;

/*
 * Navigation menus: named, ordered lists of links, nested one level.
 * Every write bumps store_generation(), which drops every cached page:
 * menus show on all of them.
 */
enum menu_item_kind {
	MENU_ITEM_PAGE,
	MENU_ITEM_SECTION,
	MENU_ITEM_ARTICLE,
	MENU_ITEM_URL, /* http(s) or a site path */
	MENU_ITEM__MAX
};

enum menu_location {
	MENU_LOC_PRIMARY, /* the theme's masthead */
	MENU_LOC_FOOTER,
	MENU_LOC__MAX
};

/* How store_menu_item_move() moves an item. */
enum menu_move {
	MENU_MOVE_UP,	   /* before its previous sibling */
	MENU_MOVE_DOWN,	   /* after its next sibling */
	MENU_MOVE_INDENT,  /* last child of its previous sibling */
	MENU_MOVE_OUTDENT, /* top level, right after its parent */
	MENU_MOVE__MAX
};

#define STORE_MENU_ITEMS_MAX 500 /* items in one menu */
#define STORE_MENUS_MAX	     100

struct menu_item {
	int64_t		    id;
	int64_t		    menu_id;
	int64_t		    wp_id;     /* 0: none */
	int64_t		    parent_id; /* 0: top level */
	int		    position;  /* among siblings; 0 on add:
						   last */
	enum menu_item_kind kind;
	int64_t		    target_id; /* page, section, article */
	struct str	    url;       /* MENU_ITEM_URL */
	struct str	    label;     /* "": the target's title */

	/* Filled by store_menu_get(): the target as it is now. */
	int	   live; /* target exists, public */
	struct str target_title;
	struct str target_slug; /* page: its path */
	int64_t	   target_published_at;
};

struct menu {
	int64_t	   id;
	int64_t	   wp_id;
	struct str name;
	/* store_menu_get(): top-level items, each followed by its
	 * children, in order. */
	struct menu_item *items;
	size_t		  nitems;
};

const char *store_menu_item_kind_name(enum menu_item_kind k);
int store_menu_item_kind_parse(struct str name, enum menu_item_kind *out);
const char *store_menu_location_name(enum menu_location l);
int	    store_menu_location_parse(struct str name, enum menu_location *out);

/* NG_ECONFLICT for a taken name (or wp_id). */
enum ng_err store_menu_add(struct store *st, const struct menu *m,
    int64_t *id) NG_WUR;
enum ng_err store_menu_rename(struct store *st, int64_t id,
    struct str name) NG_WUR;
/* Deletes its items and unassigns its locations. */
enum ng_err store_menu_delete(struct store *st, int64_t id) NG_WUR;
/* Every menu by name, without items (nitems: their count). */
enum ng_err store_menu_list(struct arena *ar, struct store *st,
    struct menu **out, size_t *n) NG_WUR;
enum ng_err store_menu_get(struct arena *ar, struct store *st, int64_t id,
    struct menu **out) NG_WUR;
/*
 * Add an item: the parent, when given, must be a top-level item of the
 * same menu (NG_EINVAL); a url item needs an http(s) URL or a site path,
 * the others a target id; at most STORE_MENU_ITEMS_MAX items (NG_ETOOBIG).
 */
enum ng_err store_menu_item_add(struct store *st, const struct menu_item *it,
    int64_t *id) NG_WUR;
/* Change an item's label, kind, target and url (not its place). */
enum ng_err store_menu_item_update(struct store *st,
    const struct menu_item			*it) NG_WUR;
/* Remove an item; its children move up to the top level in its place. */
enum ng_err store_menu_item_delete(struct store *st, int64_t id) NG_WUR;
/* Move an item; a move that cannot be made (first item up) is NG_EINVAL. */
enum ng_err store_menu_item_move(struct store *st, int64_t id,
    enum menu_move how) NG_WUR;
/* Show menu_id at loc (0: none, the theme's fallback). */
enum ng_err store_menu_location_set(struct store *st, enum menu_location loc,
    int64_t menu_id) NG_WUR;
/* ids[loc] = the menu shown there, 0 for none. */
enum ng_err store_menu_locations(struct store *st,
    int64_t				       ids[MENU_LOC__MAX]) NG_WUR;

/*
 * WordPress IDs (the importer's matching keys, /?p=ID and friends): each
 * kind of row may carry one, unique within its kind.
 */
enum wp_kind {
	WP_ARTICLE,
	WP_PAGE,
	WP_MEDIA,
	WP_SECTION,
	WP_TAG,
	WP_AUTHOR,
	WP_USER,
	WP_COMMENT,
	WP_MENU,
	WP_MENU_ITEM,
	WP__MAX
};

/* Give row id of kind the WordPress ID wp_id (0 clears): NG_ECONFLICT
 * when another row of the kind has it, NG_ENOTFOUND for no row id. */
enum ng_err store_wp_id_set(struct store *st, enum wp_kind kind, int64_t id,
    int64_t wp_id) NG_WUR;
/* *id = the row of kind whose WordPress ID is wp_id; NG_ENOTFOUND. */
enum ng_err store_wp_lookup(struct store *st, enum wp_kind kind, int64_t wp_id,
    int64_t *id) NG_WUR;

/*
 * The WordPress exporter walks whole tables in bounded memory: up to
 * limit (at most STORE_WP_ROWS_MAX) rows of kind with an id above
 * after, in id order, each with its WordPress ID (0: none).  *n < limit
 * means the walk is done.
 */
#define STORE_WP_ROWS_MAX 1000

struct wp_row {
	int64_t id;
	int64_t wp_id;
};

enum ng_err store_wp_rows(struct arena *ar, struct store *st, enum wp_kind kind,
    int64_t after, size_t limit, struct wp_row **out, size_t *n) NG_WUR;

/*
 * Every comment of an article, whatever its status, in the order they
 * were written (a parent before its replies), every field and wp_id
 * filled: the exporter's read (its file is an administrator's, so
 * emails and addresses go in it).  *n may be 0.
 */
enum ng_err store_comment_export(struct arena *ar, struct store *st,
    int64_t article_id, struct comment **out, size_t *n) NG_WUR;

/*
 * An article's earlier slugs: its old URLs answer 301.  Renaming a
 * published article records one by itself; the importer adds
 * WordPress's _wp_old_slug values.  A slug that is some article's
 * current slug is never looked up here (that article wins).
 */
enum ng_err store_old_slug_add(struct store *st, struct str slug,
    int64_t article_id) NG_WUR;
enum ng_err store_old_slug_lookup(struct store *st, struct str slug,
    int64_t *article_id) NG_WUR;

/*
 * WordPress upload paths ("2019/05/photo.jpg": what followed
 * /wp-content/uploads/) of imported media.  The lookup also finds a
 * sized copy ("photo-300x200.jpg") of a recorded original.
 */
enum ng_err store_old_upload_add(struct store *st, struct str path,
    int64_t media_id) NG_WUR;
enum ng_err store_old_upload_lookup(struct store *st, struct str path,
    int64_t *media_id) NG_WUR;

/* A section's parent (0: top level); NG_EINVAL for a loop. */
enum ng_err store_section_set_parent(struct store *st, int64_t id,
    int64_t parent_id) NG_WUR;
enum ng_err store_section_parent(struct store *st, int64_t id,
    int64_t *parent_id) NG_WUR;

/* --- REST API: store_api.c --- */

/* How the API orders articles (WordPress's orderby values). */
enum api_orderby {
	API_ORDER_DATE,
	API_ORDER_ID,
	API_ORDER_TITLE,
	API_ORDER_SLUG,
	API_ORDER_MODIFIED,
	API_ORDER_INCLUDE, /* the order of include[] */
	API_ORDER__MAX
};

/* An id filter: the ids of a list ("include=1,2"). */
struct id_set {
	const int64_t *v;
	size_t	       n;
};

#define STORE_API_IDS_MAX 100 /* ids in one id_set or slug list */

/*
 * Articles for /wp-json/wp/v2/posts: every filter set is ANDed; an
 * empty id_set or slug list does not filter.  Only statuses in
 * status_mask (bits 1 << enum article_status) match; a published
 * article matches only once its time has come unless future is set.
 */
struct api_article_query {
	unsigned	  status_mask;
	int		  future;
	struct str	  search; /* in title, dek, body; "": any */
	const struct str *slugs;
	size_t		  nslugs;
	struct id_set	  include, exclude;
	struct id_set	  authors, authors_not;
	struct id_set	  sections, sections_not;
	struct id_set	  tags, tags_not;
	int64_t		  after, before; /* published_at; 0: none */
	int64_t		  modified_after, modified_before;
	enum api_orderby  orderby;
	int		  asc;
	size_t		  offset;
	size_t		  limit;    /* at most STORE_LIST_MAX */
	int		  no_total; /* the backend skips the count */
};

/*
 * The ids of the articles matching q in order, at most q->limit after
 * skipping q->offset, and *total the matches ignoring both.  The total
 * of a public list is counted once per store generation (the count
 * cache of the listings).  NG_EINVAL for a set or slug list over
 * STORE_API_IDS_MAX.
 */
enum ng_err store_api_article_ids(struct arena *ar, struct store *st,
    const struct api_article_query *q, int64_t **ids, size_t *n,
    size_t *total) NG_WUR;

/* What a count of published articles is per. */
enum term_kind {
	TERM_SECTION,
	TERM_TAG,
	TERM_AUTHOR,
	TERM__MAX
};

struct term_count {
	int64_t id;
	size_t	count; /* published, visible articles */
};

/*
 * The number of published articles of every section, tag or author
 * that has any, by id.
 */
enum ng_err store_term_counts(struct arena *ar, struct store *st,
    enum term_kind kind, struct term_count **out, size_t *n) NG_WUR;

/* Number of media rows. */
enum ng_err store_media_count(struct store *st, size_t *out) NG_WUR;

/*
 * Delete an article for good, with its tags, revisions and comments
 * (the API's DELETE ?force=true).  NG_ENOTFOUND for an unknown id.
 */
enum ng_err store_article_delete(struct store *st, int64_t id) NG_WUR;

/*
 * Application passwords: WordPress's per-user secrets for
 * the API.  hash is the hex BLAKE2b-256 of the password (admin/auth.h);
 * uuid its public handle.  last_used and last_ip: the newest use.
 */
struct app_password {
	int64_t	   id;
	int64_t	   user_id;
	struct str uuid;
	struct str name;
	struct str hash;
	int64_t	   created_at;
	int64_t	   last_used; /* 0: never */
	struct str last_ip;
};

#define STORE_APPPASS_NAME_MAX 200
#define STORE_APPPASS_PER_USER 50

/*
 * Add one (NG_EINVAL for an empty or too long name, NG_ETOOBIG past
 * STORE_APPPASS_PER_USER for the user, NG_ECONFLICT for a taken uuid or
 * hash); list a user's, oldest first; find the one with hash (and its
 * user); delete one of a user's by uuid (NG_ENOTFOUND); note a use.
 */
enum ng_err store_app_password_add(struct store *st,
    const struct app_password *p, int64_t *id) NG_WUR;
enum ng_err store_app_password_list(struct arena *ar, struct store *st,
    int64_t user_id, struct app_password **out, size_t *n) NG_WUR;
enum ng_err store_app_password_by_hash(struct arena *ar, struct store *st,
    struct str hash, struct app_password *out) NG_WUR;
enum ng_err store_app_password_delete(struct store *st, int64_t user_id,
    struct str uuid) NG_WUR;
enum ng_err store_app_password_used(struct store *st, int64_t id, int64_t now,
    struct str ip) NG_WUR;

/*
 * Webhooks: an administrator's URL told about events ("post.published",
 * ...; events is a comma list, "*" for every event), each delivery
 * signed with secret.  Deliveries are queued rows (one per event per
 * active webhook whose events match), taken by the delivery job with a
 * lease so that one instance sends each, retried until delivered or
 * given up; the rows are also the delivery log.
 */
struct webhook {
	int64_t	   id;
	struct str url;
	struct str secret;
	struct str events;
	int	   active;
	int64_t	   created_at;
};

enum webhook_status {
	WEBHOOK_PENDING,
	WEBHOOK_DELIVERED,
	WEBHOOK_FAILED,
	WEBHOOK__MAX
};

struct webhook_delivery {
	int64_t		    id;
	int64_t		    webhook_id;
	struct str	    url;    /* the webhook's, by store_webhook_due() */
	struct str	    secret; /* the webhook's, by store_webhook_due() */
	struct str	    event;
	struct str	    payload;
	enum webhook_status status;
	int		    attempts;
	int64_t		    next_at;
	int		    last_code; /* HTTP status; 0: no answer */
	struct str	    last_error;
	int64_t		    created_at;
	int64_t		    done_at; /* 0: not done */
};

#define STORE_WEBHOOK_URL_MAX	  2048
#define STORE_WEBHOOK_SECRET_MAX  256
#define STORE_WEBHOOK_EVENTS_MAX  512
#define STORE_WEBHOOKS_MAX	  100
#define STORE_WEBHOOK_PAYLOAD_MAX (2u * 1024 * 1024)
#define STORE_WEBHOOK_ERROR_MAX	  400

/* "pending", "delivered", "failed". */
const char *store_webhook_status_name(enum webhook_status s);

/*
 * Add one (NG_EINVAL for an empty or oversized field, NG_ETOOBIG past
 * STORE_WEBHOOKS_MAX); delete one with its deliveries (NG_ENOTFOUND);
 * list them, oldest first.
 */
enum ng_err store_webhook_add(struct store *st, const struct webhook *w,
    int64_t *id) NG_WUR;
enum ng_err store_webhook_delete(struct store *st, int64_t id) NG_WUR;
enum ng_err store_webhook_list(struct arena *ar, struct store *st,
    struct webhook **out, size_t *n) NG_WUR;

/*
 * Pause (active 0) or resume (1) webhook id: a paused webhook is queued
 * nothing new and its pending deliveries wait until it is resumed.
 * NG_ENOTFOUND for no such webhook.
 */
enum ng_err store_webhook_set_active(struct store *st, int64_t id,
    int active) NG_WUR;

/*
 * Queue event with payload for webhook id alone, whatever events it
 * takes (the newsroom's test delivery); *delivery gets the row's id.
 * NG_ENOTFOUND for no such webhook.
 */
enum ng_err store_webhook_enqueue_one(struct store *st, int64_t id,
    struct str event, struct str payload, int64_t *delivery) NG_WUR;

/*
 * Send delivery id of webhook webhook_id again: pending, due now, with
 * a new count of attempts; it keeps its id (the receiver's key for
 * duplicates) and its last answer until the next one.  NG_ENOTFOUND
 * when webhook_id has no such delivery.
 */
enum ng_err store_webhook_redeliver(struct store *st, int64_t webhook_id,
    int64_t id) NG_WUR;

/*
 * Queue event with payload for every active webhook that takes it, due
 * now; *queued (may be NULL) gets the number of rows added.
 */
enum ng_err store_webhook_enqueue(struct store *st, struct str event,
    struct str payload, size_t *queued) NG_WUR;

/*
 * Take at most limit pending deliveries of active webhooks due at now,
 * oldest first, with
 * their webhook's url and secret, and lease them until lease_until (their
 * next_at), in one transaction, so no other instance takes them before
 * store_webhook_done() or the lease ends (a crash mid-send: sent again).
 */
enum ng_err store_webhook_due(struct arena *ar, struct store *st, int64_t now,
    int64_t lease_until, size_t limit, struct webhook_delivery **out,
    size_t *n) NG_WUR;

/*
 * Record an attempt of delivery id: its status (pending again with
 * next_at for a retry), attempts so far, the HTTP code and the error.
 */
enum ng_err store_webhook_done(struct store *st, int64_t id,
    enum webhook_status status, int attempts, int64_t next_at, int code,
    struct str error) NG_WUR;

/* The newest limit deliveries of webhook_id (0: of every webhook). */
enum ng_err store_webhook_deliveries(struct arena *ar, struct store *st,
    int64_t webhook_id, size_t limit, struct webhook_delivery **out,
    size_t *n) NG_WUR;

/*
 * Outgoing mail (jobs/mail.h): a queue of whole RFC 5322 messages, each
 * to one recipient, taken by the sender thread under a lease as webhook
 * deliveries are, retried with back-off until sent or given up; the
 * rows stay as the log.
 */
enum mail_status {
	MAIL_PENDING,
	MAIL_SENT,
	MAIL_FAILED,
	MAIL__MAX
};

struct mail_item {
	int64_t		 id;
	struct str	 recipient; /* an address, checked by the caller */
	struct str	 message;   /* headers and body, CRLF lines */
	enum mail_status status;
	int		 attempts;
	int64_t		 next_try;
	struct str	 last_error;
	int64_t		 created_at;
};

#define STORE_MAIL_MESSAGE_MAX (256u * 1024)
#define STORE_MAIL_ERROR_MAX   400

/* Queue message to recipient, due now; *id gets its row. */
enum ng_err store_mail_enqueue(struct store *st, struct str recipient,
    struct str message, int64_t *id) NG_WUR;

/*
 * Take at most limit pending messages due at now, oldest first, and
 * lease them until lease_until (their next_try) in one transaction, so
 * no other instance sends them before store_mail_done() or the lease
 * ends (a crash mid-send: sent again).
 */
enum ng_err store_mail_due(struct arena *ar, struct store *st, int64_t now,
    int64_t lease_until, size_t limit, struct mail_item **out,
    size_t *n) NG_WUR;

/*
 * Record an attempt at message id: its status (pending again with
 * next_try for a retry), the attempts so far and the error.
 */
enum ng_err store_mail_done(struct store *st, int64_t id,
    enum mail_status status, int attempts, int64_t next_try,
    struct str error) NG_WUR;

/* The newest limit messages, newest first (the log, tests). */
enum ng_err store_mail_list(struct arena *ar, struct store *st, size_t limit,
    struct mail_item **out, size_t *n) NG_WUR;

/*
 * Password reset links: only the hash of each token is kept.
 * store_reset_add() records one for user_id, good until expires_at;
 * store_reset_find() answers which user an unused, unexpired one is for
 * (NG_ENOTFOUND otherwise); store_reset_use() spends it by a
 * conditional write, so of two requests racing with one link only one
 * gets NG_OK, and every other link of that user goes with it.
 */
enum ng_err store_reset_add(struct store *st, int64_t user_id,
    struct str token_hash, int64_t expires_at) NG_WUR;
enum ng_err store_reset_find(struct store *st, struct str token_hash,
    int64_t now, int64_t *user_id) NG_WUR;
enum ng_err store_reset_use(struct store *st, struct str token_hash,
    int64_t now, int64_t *user_id) NG_WUR;

/*
 * Mail a user does not want, by kind (STORE_MAIL_COMMENTS: notices of
 * new comments on their articles).  *out 1 when user_id opted out.
 */
#define STORE_MAIL_COMMENTS "comments"
enum ng_err store_mail_optout_get(struct store *st, int64_t user_id,
    const char *kind, int *out) NG_WUR;
enum ng_err store_mail_optout_set(struct store *st, int64_t user_id,
    const char *kind, int optout) NG_WUR;

#endif
