/*
 * store_int.h -- what the store's backends implement (private to src/store
 * and its tests).
 *
 * store.c owns everything every backend shares: the connection pool,
 * input validation and limits, clearing out-parameters, the clock, the
 * arena allocations for results, and the migration runner (migrate.c).
 * A backend (sqlite.c, or pg/pg.c for a postgresql:// URL) only opens
 * connections and runs its SQL: it fills one struct store_ops, much as
 * an SQLite VFS fills sqlite3_io_methods.  Each backend has its own
 * migrations, in its own dialect, with the same numbers.
 *
 * The isolation contract.  Every backend must give each operation the
 * following, whatever the number of connections, processes or nutgraf
 * instances writing to the same database:
 *
 *  - A write operation is atomic (all of it commits, or none), and it
 *    is durable when it returns NG_OK: callers acknowledge writes to
 *    people (a 303 after a comment) only after that.
 *  - Write operations are serialisable with each other: each one sees
 *    every write committed before it began and checks it makes inside
 *    the write hold at its commit.  comment_add's guard (duplicate
 *    comment, approved parent, pending-queue cap), tag_ensure's
 *    insert-or-find, slug uniqueness, article_save's version check and
 *    article_publish_due's "scheduled and due" all depend on it.  SQLite
 *    gets it from BEGIN IMMEDIATE (one writer at a time); PostgreSQL
 *    from one transaction-level advisory lock every write takes first
 *    (pg_int.h), plus the unique constraints as the last word.
 *  - A read that runs several queries sees one snapshot (counts and
 *    rows agree); a read never blocks a write or waits for one.
 *  - A backend that cannot reach its database answers NG_EDB quickly
 *    and recovers by itself when the database is back.
 *
 * Every operation receives one connection that the calling thread holds
 * alone for the duration of the call.  Operations return NG_OK,
 * NG_ENOTFOUND (lookups), NG_ECONFLICT (a unique key or version clash),
 * NG_EINVAL (a constraint such as a foreign key the input broke),
 * NG_ENOMEM (the arena is full) or NG_EDB, which the backend has already
 * logged with the database's own message.
 */
#ifndef NG_STORE_STORE_INT_H
#define NG_STORE_STORE_INT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"
#include "store/store.h"
#include "store/backup.h"

struct arena;
struct article_state;
struct inval_row;

/*
 * The part of a connection the pool sees.  A backend embeds it as the
 * first member of its own connection struct and casts back (h2o's
 * "super"), so store.c needs no knowledge of the backend's handle.
 */
struct store_conn {
	struct store_conn *next; /* free list, owned by the pool */
};

/*
 * One migration, from src/store/migrations/NNNN_name.sql, compiled in by
 * tools/embed_sql.c into store_migrations[] (sorted by version, the count
 * in store_nmigrations, followed by an all-zero sentinel).
 */
struct store_migration {
	int	    version; /* NNNN, > 0 */
	const char *name;    /* "init" */
	const char *file;    /* "0001_init.sql" */
	const char *sql;     /* NUL-terminated */
	size_t	    len;     /* bytes before the NUL */
};

extern const struct store_migration store_migrations[];
extern const size_t		    store_nmigrations;

/*
 * One value of a row `nutgraf db copy` moves: the types both backends'
 * schemas use (text and blob in s, not NUL-terminated).
 */
enum store_vtype {
	SV_NULL,
	SV_INT,
	SV_REAL,
	SV_TEXT,
	SV_BLOB
};

struct store_value {
	enum store_vtype type;
	int64_t		 i;
	double		 d;
	struct str	 s;
};

/* The quoted column list "a", "b", "c" into buf; 0 when it does not fit. */
int store_copy_col_list(char *buf, size_t sz, const char *const *cols,
    size_t n);

/* Called with each row read; a result other than NG_OK stops the read. */
typedef enum ng_err (
    *store_row_fn)(void *arg, const struct store_value *v, size_t n);

struct store_ops {
	const char *name;
	/* This backend's migrations (store_migrations for SQLite). */
	const struct store_migration *migrations;
	const size_t		     *nmigrations;
	/* Uploads keep their bytes in the database (store_media_in_db()). */
	int media_in_db;

	/*
	 * Open and configure one connection (pragmas, timeouts) without
	 * preparing statements, which need the schema: store.c migrates on
	 * the first connection and then calls prepare() on each.  On error
	 * write a one-line reason to errbuf and leave *out NULL.
	 */
	enum ng_err (*open)(const char *path, struct store_conn **out,
	    char *errbuf, size_t errsz);
	enum ng_err (
	    *prepare)(struct store_conn *c, char *errbuf, size_t errsz);

	/*
	 * `nutgraf check` (store/backup.h): look at the database named db
	 * without migrating or writing it, on a connection of its own.
	 */
	enum ng_err (*db_inspect)(const char *db, struct store_db_report *out,
	    char *errbuf, size_t errsz);
	enum ng_err (*db_media)(const char *db,
	    int (*fn)(void *arg, const char *media_path), void *arg,
	    char *errbuf, size_t errsz);

	/*
	 * Return c to a clean state after a call: statements reset, no
	 * transaction open.  Called by the pool on every check-in, so an
	 * operation that bails out early can never leak a read snapshot
	 * or a lock to the next caller.
	 */
	void (*idle)(struct store_conn *c);

	/*
	 * Read sessions (store_read_begin()): on, open one read
	 * transaction that the calls to come share -- each call's own read
	 * transaction nests in it, and a write first ends it -- while idle
	 * resets statements but keeps it; off, end it and behave as
	 * before.
	 */
	void (*pin)(struct store_conn *c, int on);

	/*
	 * Bulk writes (store_bulk_begin()): on, open one write transaction
	 * that every call to come joins; off, commit it when result is
	 * NG_OK, else roll it back, and return what that gave.
	 */
	enum ng_err (*bulk)(struct store_conn *c, int on, enum ng_err result);

	/* Close c; last is set for the final one (checkpoint the log). */
	void (*close)(struct store_conn *c, int last);

	/* Migrations: see migrate.c.  errbuf gets the reason on failure. */
	enum ng_err (
	    *migration_init)(struct store_conn *c, char *errbuf, size_t errsz);
	enum ng_err (*migration_apply)(struct store_conn *c,
	    const struct store_migration *m, int64_t now, int *applied,
	    char *errbuf, size_t errsz);
	/* The highest applied version, 0 for none. */
	enum ng_err (*schema_version)(struct store_conn *c, int *out);

	enum ng_err (*is_empty)(struct store_conn *c, int *empty);
	enum ng_err (*section_add)(struct store_conn *c,
	    const struct section *s, int64_t *id);
	enum ng_err (*author_add)(struct store_conn *c, const struct author *au,
	    int64_t now, int64_t *id);
	enum ng_err (*tag_ensure)(struct store_conn *c, struct str name,
	    struct str slug, int64_t *id);

	/*
	 * a is already validated and normalised by store.c: timestamps
	 * set, comments_open 0 or 1, status in range; tag_ids holds ntags
	 * distinct ids; author_ids holds the nauthor_ids distinct bylines
	 * in order (never NULL when nauthor_ids > 0), author_id their
	 * first or 0.  The bylines are written before the revision, which
	 * keeps them.
	 */
	enum ng_err (*article_save)(struct store_conn *c,
	    const struct article *a, const int64_t *tag_ids, size_t ntags,
	    int64_t now, int64_t *id);
	enum ng_err (
	    *article_revisions)(struct store_conn *c, int64_t id, size_t *out);
	/*
	 * The bylines of the articles ids[0..n) (n <= STORE_LIST_MAX), in
	 * one query: rows grouped by article, each group in byline order;
	 * owner[i] is the article of au[i].  Into ar.
	 */
	enum ng_err (*article_authors)(struct arena *ar, struct store_conn *c,
	    const int64_t *ids, size_t n, int64_t **owner, struct author **au,
	    size_t *nrows);

	/*
	 * Lookups fill a zeroed *out that store.c allocated in ar; strings
	 * go into ar.  "Published" means status published and
	 * published_at <= now.
	 */
	enum ng_err (*article_by_slug)(struct arena *ar, struct store_conn *c,
	    struct str slug, int64_t now, struct article *out);
	enum ng_err (*article_by_id)(struct arena *ar, struct store_conn *c,
	    int64_t id, int64_t now, struct article *out);
	/* q->limit is already capped and non-zero. */
	enum ng_err (*article_list)(struct arena *ar, struct store_conn *c,
	    const struct article_query *q, int64_t now,
	    struct article_list *out);
	enum ng_err (*sections)(struct arena *ar, struct store_conn *c,
	    struct section **out, size_t *n);
	enum ng_err (*section_by_slug)(struct arena *ar, struct store_conn *c,
	    struct str slug, struct section *out);
	enum ng_err (*tag_by_slug)(struct arena *ar, struct store_conn *c,
	    struct str slug, struct tag *out);
	enum ng_err (*author_by_slug)(struct arena *ar, struct store_conn *c,
	    struct str slug, struct author *out);
	enum ng_err (*setting_get)(struct arena *ar, struct store_conn *c,
	    struct str key, struct str *out);
	enum ng_err (*setting_set)(struct store_conn *c, struct str key,
	    struct str value);
	/* --- pages, menus, WordPress compatibility: checked by
	 * store_page.c and store_menu.c --- */
	enum ng_err (*page_save)(struct store_conn *c, const struct page *p,
	    int64_t user_id, int64_t now, int64_t *id);
	/* by: 0 id, 1 published at path, 2 published once at path */
	enum ng_err (*page_get)(struct arena *ar, struct store_conn *c, int by,
	    int64_t id, struct str path, struct page *out);
	/* status -1: all but trashed */
	enum ng_err (*page_list)(struct arena *ar, struct store_conn *c,
	    int status, struct page **out, size_t *n);
	enum ng_err (*page_set_status)(struct store_conn *c, int64_t id,
	    enum page_status status, int64_t now);
	enum ng_err (*page_delete)(struct store_conn *c, int64_t id);
	enum ng_err (*page_revision_list)(struct arena *ar,
	    struct store_conn *c, int64_t page_id, struct revision **out,
	    size_t *n);
	enum ng_err (*page_revision_get)(struct arena *ar, struct store_conn *c,
	    int64_t id, struct revision *out);
	enum ng_err (*wp_id_set)(struct store_conn *c, enum wp_kind kind,
	    int64_t id, int64_t wp_id);
	enum ng_err (*wp_lookup)(struct store_conn *c, enum wp_kind kind,
	    int64_t wp_id, int64_t *id);
	/* limit capped and non-zero */
	enum ng_err (*wp_rows)(struct arena *ar, struct store_conn *c,
	    enum wp_kind kind, int64_t after, size_t limit, struct wp_row **out,
	    size_t *n);
	enum ng_err (*comment_export)(struct arena *ar, struct store_conn *c,
	    int64_t article_id, struct comment **out, size_t *n);
	enum ng_err (*old_slug_add)(struct store_conn *c, struct str slug,
	    int64_t article_id, int64_t now);
	enum ng_err (*old_slug_lookup)(struct store_conn *c, struct str slug,
	    int64_t *article_id);
	enum ng_err (*old_upload_add)(struct store_conn *c, struct str path,
	    int64_t media_id);
	enum ng_err (*old_upload_lookup)(struct store_conn *c, struct str path,
	    int64_t *media_id);
	enum ng_err (*section_set_parent)(struct store_conn *c, int64_t id,
	    int64_t parent_id);
	enum ng_err (*section_parent)(struct store_conn *c, int64_t id,
	    int64_t *parent_id);
	enum ng_err (*menu_add)(struct store_conn *c, const struct menu *m,
	    int64_t now, int64_t *id);
	enum ng_err (
	    *menu_rename)(struct store_conn *c, int64_t id, struct str name);
	enum ng_err (*menu_delete)(struct store_conn *c, int64_t id);
	enum ng_err (*menu_list)(struct arena *ar, struct store_conn *c,
	    struct menu **out, size_t *n);
	enum ng_err (*menu_get)(struct arena *ar, struct store_conn *c,
	    int64_t id, int64_t now, struct menu *out);
	enum ng_err (*menu_item_add)(struct store_conn *c,
	    const struct menu_item *it, int64_t *id);
	enum ng_err (*menu_item_update)(struct store_conn *c,
	    const struct menu_item			  *it);
	enum ng_err (*menu_item_delete)(struct store_conn *c, int64_t id);
	enum ng_err (*menu_item_move)(struct store_conn *c, int64_t id,
	    enum menu_move how);
	enum ng_err (*menu_location_set)(struct store_conn *c,
	    enum menu_location loc, int64_t menu_id);
	enum ng_err (
	    *menu_locations)(struct store_conn *c, int64_t ids[MENU_LOC__MAX]);

	/* --- newsroom: see store.h; inputs checked by store.c */
	enum ng_err (*user_add)(struct store_conn *c, const struct user *u,
	    int64_t now, int64_t *id);
	enum ng_err (*user_by_login)(struct arena *ar, struct store_conn *c,
	    struct str login, struct user *out);
	enum ng_err (*user_by_id)(struct arena *ar, struct store_conn *c,
	    int64_t id, struct user *out);
	enum ng_err (*user_list)(struct arena *ar, struct store_conn *c,
	    struct user **out, size_t *n);
	enum ng_err (*user_set_password)(struct store_conn *c, int64_t id,
	    struct str pass_hash, int64_t now);
	enum ng_err (*user_set_role)(struct store_conn *c, int64_t id,
	    enum user_role role, int64_t now);
	enum ng_err (*user_set_disabled)(struct store_conn *c, int64_t id,
	    int disabled, int64_t now);
	enum ng_err (*user_count)(struct store_conn *c, size_t *out);
	enum ng_err (*user_set_email)(struct store_conn *c, int64_t id,
	    struct str email, int64_t now);
	enum ng_err (*user_by_email)(struct arena *ar, struct store_conn *c,
	    struct str email, struct user *out);
	enum ng_err (*user_require_new_password)(struct store_conn *c,
	    int64_t id, int64_t now);
	enum ng_err (
	    *session_add)(struct store_conn *c, const struct session *s);
	enum ng_err (*session_get)(struct arena *ar, struct store_conn *c,
	    struct str token_hash, int64_t now, int64_t idle,
	    struct session *sout, struct user *uout);
	enum ng_err (*session_touch)(struct store_conn *c,
	    struct str token_hash, int64_t now);
	enum ng_err (
	    *session_delete)(struct store_conn *c, struct str token_hash);
	enum ng_err (*session_purge)(struct store_conn *c, int64_t now,
	    int64_t idle, size_t *n);
	/* q->limit is capped and non-zero; search already a LIKE pattern. */
	enum ng_err (*article_admin_list)(struct arena *ar,
	    struct store_conn *c, const struct article_admin_query *q,
	    struct article_list *out);
	enum ng_err (*article_status_counts)(struct store_conn *c,
	    size_t counts[ARTICLE__MAX]);
	enum ng_err (*revision_list)(struct arena *ar, struct store_conn *c,
	    int64_t article_id, struct revision **out, size_t *n);
	enum ng_err (*revision_get)(struct arena *ar, struct store_conn *c,
	    int64_t id, struct revision *out);
	enum ng_err (*revision_set_user)(struct store_conn *c,
	    int64_t article_id, int64_t user_id);
	/* ids: each article published, into ar (ar NULL: counted only). */
	enum ng_err (*article_publish_due)(struct store_conn *c, int64_t now,
	    struct arena *ar, int64_t **ids, size_t *n);
	enum ng_err (*article_next_due)(struct store_conn *c, int64_t *when);
	enum ng_err (*correction_add)(struct store_conn *c,
	    const struct correction *co, int64_t now, int64_t *id);
	enum ng_err (*correction_list)(struct arena *ar, struct store_conn *c,
	    int64_t article_id, struct correction **out, size_t *n);
	enum ng_err (
	    *autosave_put)(struct store_conn *c, const struct autosave *as);
	enum ng_err (*autosave_get)(struct arena *ar, struct store_conn *c,
	    int64_t user_id, int64_t article_id, struct autosave *out);
	enum ng_err (*autosave_delete)(struct store_conn *c, int64_t user_id,
	    int64_t article_id);
	enum ng_err (*authors)(struct arena *ar, struct store_conn *c,
	    struct author **out, size_t *n);
	enum ng_err (*tags)(struct arena *ar, struct store_conn *c,
	    struct tag **out, size_t *n);
	enum ng_err (
	    *section_update)(struct store_conn *c, const struct section *s);
	enum ng_err (
	    *author_update)(struct store_conn *c, const struct author *au);
	enum ng_err (*tag_update)(struct store_conn *c, const struct tag *t);
	enum ng_err (*section_delete)(struct store_conn *c, int64_t id);
	enum ng_err (*tag_delete)(struct store_conn *c, int64_t id);
	enum ng_err (
	    *tag_merge)(struct store_conn *c, int64_t from, int64_t into);
	/* --- the invalidation list (store_inval.c) --- */
	/*
	 * The write transaction of struct store_wtx: begin takes the write
	 * lock (SQLite: BEGIN IMMEDIATE; ending a read session first), and
	 * every operation's own transaction on c nests in it until end
	 * commits (err NG_OK; a failed commit becomes the result) or rolls
	 * back.
	 */
	enum ng_err (*write_begin)(struct store_conn *c);
	enum ng_err (*write_end)(struct store_conn *c, enum ng_err err);
	/*
	 * Make every commit so far durable, c's and those of the other
	 * connections: on the disk, not only past the process (a power
	 * loss keeps it).  Called after the write lock is given back, by
	 * one writer at a time (store_durable_wait()), so writers queue
	 * behind a commit, not behind its sync, and one sync covers the
	 * commits of every writer before it (group commit).  NG_OK inside
	 * a bulk transaction, whose own commit decides.
	 */
	enum ng_err (*sync)(struct store_conn *c);
	/*
	 * Append one row (the next seq, origin, keys text, now) to the log
	 * inside the open write transaction, and prune rows far behind.
	 * PostgreSQL also NOTIFYs the keys.
	 */
	enum ng_err (*inval_log)(struct store_conn *c, int64_t origin,
	    const char *keys, int64_t now);
	/* Rows with seq > after, oldest first, at most max, into ar. */
	enum ng_err (*inval_read)(struct arena *ar, struct store_conn *c,
	    int64_t after, size_t max, struct inval_row **out, size_t *n);
	/* The last seq written (0: none yet). */
	enum ng_err (*inval_last)(struct store_conn *c, int64_t *seq);
	/* Article id's state (any status); NG_ENOTFOUND if none. */
	enum ng_err (*article_state)(struct arena *ar, struct store_conn *c,
	    int64_t id, struct article_state *out);
	/* The least published_at > now of a published article. */
	enum ng_err (*next_publish_after)(struct store_conn *c, int64_t now,
	    int64_t *out);
	/* --- search, related articles, sitemaps --- */
	/* t has n > 0; limit capped and non-zero. */
	enum ng_err (*search)(struct arena *ar, struct store_conn *c,
	    const struct search_terms *t, int64_t now, size_t offset,
	    size_t limit, struct search_result *out);
	enum ng_err (*related)(struct arena *ar, struct store_conn *c,
	    int64_t id, int64_t now, size_t max, struct article_ref **out,
	    size_t *n);
	enum ng_err (
	    *related_refresh)(struct store_conn *c, int64_t id, int64_t now);
	enum ng_err (*sitemap_count)(struct store_conn *c, int64_t now,
	    int64_t since, size_t *out);
	enum ng_err (*sitemap_entries)(struct arena *ar, struct store_conn *c,
	    int64_t now, int64_t since, size_t offset, size_t limit,
	    struct sitemap_entry **out, size_t *n);
	enum ng_err (*article_image)(struct arena *ar, struct store_conn *c,
	    int64_t id, struct str *path, struct str *mime);
	/* --- comments: see store.h; checked by store_comment.c */
	enum ng_err (*comment_add)(struct store_conn *c,
	    const struct comment *cm, const struct comment_guard *g,
	    int64_t *id);
	enum ng_err (*comment_history)(struct store_conn *c, struct str email,
	    int64_t parent_id, struct comment_history *out);
	enum ng_err (*comment_thread)(struct arena *ar, struct store_conn *c,
	    int64_t article_id, struct comment **out, size_t *n);
	enum ng_err (*comment_count)(struct store_conn *c, int64_t article_id,
	    size_t *out);
	enum ng_err (*comment_get)(struct arena *ar, struct store_conn *c,
	    int64_t id, struct comment *out);
	/* limit capped and non-zero; status COMMENT__MAX: any. */
	enum ng_err (*comment_list)(struct arena *ar, struct store_conn *c,
	    enum comment_status status, size_t offset, size_t limit,
	    struct comment_list *out);
	enum ng_err (
	    *comment_counts)(struct store_conn *c, struct comment_counts *out);
	enum ng_err (*comment_set_status)(struct store_conn *c, int64_t id,
	    enum comment_status status);
	enum ng_err (*comment_delete)(struct store_conn *c, int64_t id);
	enum ng_err (*comment_edit)(struct store_conn *c, int64_t id,
	    struct str author, struct str url, struct str body);
	enum ng_err (*setting_get_many)(struct arena *ar, struct store_conn *c,
	    const char *const *keys, size_t n, struct str *out);
	/* --- shortcodes, sliders, ads: see store_shortcode.c */
	enum ng_err (*slider_add)(struct store_conn *c, const struct slider *s,
	    int64_t now, int64_t *id);
	enum ng_err (*slide_add)(struct store_conn *c, const struct slide *s,
	    int64_t *id);
	/* legacy: look up legacy_id instead of id */
	enum ng_err (*slider_get)(struct arena *ar, struct store_conn *c,
	    int64_t id, int legacy, struct slider *out);
	enum ng_err (*slider_list)(struct arena *ar, struct store_conn *c,
	    struct slider **out, size_t *n);
	enum ng_err (*slider_delete)(struct store_conn *c, int64_t id);
	enum ng_err (*slide_delete)(struct store_conn *c, int64_t id);
	enum ng_err (*ad_slot_add)(struct store_conn *c,
	    const struct ad_slot *s, int64_t *id);
	enum ng_err (*ad_slot_get)(struct arena *ar, struct store_conn *c,
	    struct str name, struct ad_slot *out);
	enum ng_err (*ad_slot_list)(struct arena *ar, struct store_conn *c,
	    struct ad_slot **out, size_t *n);
	enum ng_err (
	    *ad_add)(struct store_conn *c, const struct ad *ad, int64_t *id);
	enum ng_err (*ad_get)(struct arena *ar, struct store_conn *c,
	    int64_t id, struct ad *out);
	/* live: only ads showable now in section_id; else all of slot_id
	 * (0: every slot) */
	enum ng_err (*ad_list)(struct arena *ar, struct store_conn *c,
	    int64_t slot_id, int live, int64_t section_id, int64_t now,
	    struct ad **out, size_t *n);
	enum ng_err (*ad_delete)(struct store_conn *c, int64_t id);
	enum ng_err (*media_brief)(struct arena *ar, struct store_conn *c,
	    int64_t id, struct str *path, struct str *alt, struct str *caption);
	/* --- newsroom sliders and ads --- */
	enum ng_err (
	    *slider_rename)(struct store_conn *c, int64_t id, struct str name);
	enum ng_err (
	    *slide_update)(struct store_conn *c, const struct slide *s);
	enum ng_err (*ad_slot_delete)(struct store_conn *c, int64_t id);
	enum ng_err (
	    *ad_slot_update)(struct store_conn *c, const struct ad_slot *s);
	enum ng_err (*ad_update)(struct store_conn *c, const struct ad *ad);
	/* --- media --- */
	enum ng_err (*media_add)(struct store_conn *c, const struct media *m,
	    int64_t now, int64_t *id);
	enum ng_err (
	    *media_update)(struct store_conn *c, const struct media *m);
	enum ng_err (*media_get)(struct arena *ar, struct store_conn *c,
	    int64_t id, struct media *out);
	enum ng_err (*media_by_key)(struct arena *ar, struct store_conn *c,
	    struct str key, struct media *out);
	enum ng_err (*media_list)(struct arena *ar, struct store_conn *c,
	    size_t offset, size_t limit, struct media **out, size_t *n);
	enum ng_err (*media_search)(struct arena *ar, struct store_conn *c,
	    struct str q, size_t offset, size_t limit, struct media **out,
	    size_t *n, size_t *total);
	/* frag: "/media/KEY/"; rows found by ids= only carry a body. */
	enum ng_err (*media_usage)(struct arena *ar, struct store_conn *c,
	    int64_t id, struct str frag, struct media_use **out, size_t *n);
	enum ng_err (
	    *media_delete)(struct store_conn *c, int64_t id, struct str key);
	enum ng_err (*article_featured)(struct store_conn *c,
	    int64_t article_id, int64_t *media_id);
	enum ng_err (*article_set_featured)(struct store_conn *c,
	    int64_t article_id, int64_t media_id);
	/* Pins (sticky posts); see store_article_pin(). */
	enum ng_err (*article_pin)(struct store_conn *c, int64_t article_id,
	    int on, int64_t now);
	enum ng_err (*article_pins)(struct arena *ar, struct store_conn *c,
	    int64_t now, size_t limit, int64_t **ids, size_t *n);
	/* --- REST API; q validated by store_api.c --- */
	enum ng_err (*api_article_ids)(struct arena *ar, struct store_conn *c,
	    const struct api_article_query *q, int64_t now, int64_t **ids,
	    size_t *n, size_t *total);
	enum ng_err (*term_counts)(struct arena *ar, struct store_conn *c,
	    enum term_kind kind, int64_t now, struct term_count **out,
	    size_t *n);
	enum ng_err (*media_count)(struct store_conn *c, size_t *out);
	enum ng_err (
	    *media_pending_set)(struct store_conn *c, int64_t id, int pending);
	enum ng_err (*media_pending)(struct arena *ar, struct store_conn *c,
	    size_t limit, struct media_pending **out, size_t *n);
	/* --- media bytes (store_media.c) --- */
	enum ng_err (*media_file_put)(struct store_conn *c, struct str key,
	    struct str name, struct str bytes);
	enum ng_err (*media_file_get)(struct arena *ar, struct store_conn *c,
	    struct str key, struct str name, struct str *bytes);
	enum ng_err (*media_file_size)(struct store_conn *c, struct str key,
	    struct str name, int64_t *size);
	/*
	 * --- rate limits (store_limit.c), each inside the write
	 * transaction store_limit_take() holds: prune drops key's events at
	 * or before key_before and everyone's at or before all_before; nth
	 * gives the time of key's n-th newest event after since
	 * (NG_ENOTFOUND: fewer); add records one ---
	 */
	enum ng_err (*limit_prune)(struct store_conn *c, struct str key,
	    int64_t key_before, int64_t all_before);
	enum ng_err (*limit_nth)(struct store_conn *c, struct str key,
	    int64_t since, size_t n, int64_t *at);
	enum ng_err (
	    *limit_add)(struct store_conn *c, struct str key, int64_t at);
	enum ng_err (*article_delete)(struct store_conn *c, int64_t id);
	enum ng_err (*app_password_add)(struct store_conn *c,
	    const struct app_password *p, int64_t now, int64_t *id);
	enum ng_err (*app_password_list)(struct arena *ar, struct store_conn *c,
	    int64_t user_id, struct app_password **out, size_t *n);
	enum ng_err (*app_password_by_hash)(struct arena *ar,
	    struct store_conn *c, struct str hash, struct app_password *out);
	enum ng_err (*app_password_delete)(struct store_conn *c,
	    int64_t user_id, struct str uuid);
	enum ng_err (*app_password_used)(struct store_conn *c, int64_t id,
	    int64_t now, struct str ip);
	/* --- webhooks (store_webhook.c) --- */
	enum ng_err (*webhook_add)(struct store_conn *c,
	    const struct webhook *w, int64_t now, int64_t *id);
	enum ng_err (*webhook_delete)(struct store_conn *c, int64_t id);
	enum ng_err (*webhook_list)(struct arena *ar, struct store_conn *c,
	    struct webhook **out, size_t *n);
	enum ng_err (*webhook_enqueue)(struct store_conn *c, struct str event,
	    struct str payload, int64_t now, size_t *queued);
	enum ng_err (
	    *webhook_set_active)(struct store_conn *c, int64_t id, int active);
	enum ng_err (*webhook_enqueue_one)(struct store_conn *c, int64_t id,
	    struct str event, struct str payload, int64_t now,
	    int64_t *delivery);
	enum ng_err (*webhook_redeliver)(struct store_conn *c,
	    int64_t webhook_id, int64_t id, int64_t now);
	enum ng_err (*webhook_due)(struct arena *ar, struct store_conn *c,
	    int64_t now, int64_t lease_until, size_t limit,
	    struct webhook_delivery **out, size_t *n);
	enum ng_err (*webhook_done)(struct store_conn *c, int64_t id,
	    enum webhook_status status, int attempts, int64_t next_at, int code,
	    struct str error, int64_t now);
	enum ng_err (*webhook_deliveries)(struct arena *ar,
	    struct store_conn *c, int64_t webhook_id, size_t limit,
	    struct webhook_delivery **out, size_t *n);
	/* --- outgoing mail, reset links (store_mail.c) --- */
	enum ng_err (*mail_enqueue)(struct store_conn *c, struct str recipient,
	    struct str message, int64_t now, int64_t *id);
	enum ng_err (*mail_due)(struct arena *ar, struct store_conn *c,
	    int64_t now, int64_t lease_until, size_t limit,
	    struct mail_item **out, size_t *n);
	enum ng_err (*mail_done)(struct store_conn *c, int64_t id,
	    enum mail_status status, int attempts, int64_t next_try,
	    struct str error, int64_t now);
	enum ng_err (*mail_list)(struct arena *ar, struct store_conn *c,
	    size_t limit, struct mail_item **out, size_t *n);
	enum ng_err (*reset_add)(struct store_conn *c, int64_t user_id,
	    struct str token_hash, int64_t now, int64_t expires_at);
	enum ng_err (*reset_find)(struct store_conn *c, struct str token_hash,
	    int64_t now, int64_t *user_id);
	enum ng_err (*reset_use)(struct store_conn *c, struct str token_hash,
	    int64_t now, int64_t *user_id);
	enum ng_err (*mail_optout_get)(struct store_conn *c, int64_t user_id,
	    struct str kind, int *out);
	enum ng_err (*mail_optout_set)(struct store_conn *c, int64_t user_id,
	    struct str kind, int optout);
	/* --- two-factor login (store_twofactor.c) --- */
	enum ng_err (*totp_get)(struct arena *ar, struct store_conn *c,
	    int64_t user_id, struct totp_state *out);
	enum ng_err (*totp_begin)(struct store_conn *c, int64_t user_id,
	    struct str secret, int64_t now);
	enum ng_err (*totp_enable)(struct store_conn *c, int64_t user_id,
	    struct str secret, int64_t step, const struct str *hashes,
	    size_t n);
	enum ng_err (*totp_use_step)(struct store_conn *c, int64_t user_id,
	    int64_t step);
	enum ng_err (*totp_use_recovery)(struct store_conn *c, int64_t user_id,
	    struct str hash, int64_t now);
	enum ng_err (*totp_delete)(struct store_conn *c, int64_t user_id);
	enum ng_err (*challenge_add)(struct store_conn *c,
	    struct str token_hash, int64_t user_id, int64_t expires_at);
	enum ng_err (*challenge_get)(struct store_conn *c,
	    struct str token_hash, int64_t now, int64_t *user_id);
	enum ng_err (
	    *challenge_fail)(struct store_conn *c, struct str token_hash);
	enum ng_err (*challenge_delete)(struct store_conn *c,
	    struct str token_hash, int64_t now);
	/* --- preview links (store_preview.c) --- */
	enum ng_err (*preview_add)(struct store_conn *c, int64_t article_id,
	    struct str token_hash, int64_t user_id, int64_t now,
	    int64_t expires_at, int64_t *id);
	enum ng_err (*preview_find)(struct store_conn *c, struct str token_hash,
	    int64_t now, int64_t *article_id, int64_t *expires_at);
	enum ng_err (*preview_list)(struct arena *ar, struct store_conn *c,
	    int64_t article_id, size_t limit, struct preview_link **out,
	    size_t *n);
	enum ng_err (*preview_revoke)(struct store_conn *c, int64_t article_id,
	    int64_t id, int64_t now);
	/* --- live coverage (store_live.c) --- */
	enum ng_err (*live_set)(struct store_conn *c, int64_t article_id,
	    int live, int64_t now);
	enum ng_err (*live_get)(struct store_conn *c, int64_t article_id,
	    struct live_coverage *out);
	enum ng_err (*live_update_add)(struct store_conn *c,
	    const struct live_update *u, int64_t now, int64_t *id);
	enum ng_err (*live_update_pin)(struct store_conn *c, int64_t article_id,
	    int64_t id, int pinned);
	enum ng_err (*live_update_delete)(struct store_conn *c,
	    int64_t article_id, int64_t id);
	enum ng_err (*live_updates)(struct arena *ar, struct store_conn *c,
	    int64_t article_id, int64_t after_id, size_t limit,
	    struct live_update **out, size_t *n);
	enum ng_err (*live_now)(struct arena *ar, struct store_conn *c,
	    size_t limit, int64_t **ids, size_t *n);
	/*
	 * --- most read (store_reads.c): add n reads of an article in the
	 * hour starting at hour; delete hours before a time; the published
	 * articles read most since a time, most first.
	 */
	enum ng_err (*reads_add)(struct store_conn *c, int64_t article_id,
	    int64_t hour, int64_t n);
	enum ng_err (*reads_prune)(struct store_conn *c, int64_t before);
	enum ng_err (*most_read)(struct arena *ar, struct store_conn *c,
	    int64_t since, int64_t now, size_t limit, int64_t **ids, size_t *n);
	/*
	 * --- moving a site between backends (store_copy.c).  Names are
	 * the catalog's own ([a-z0-9_], checked by store_copy.c), so a
	 * backend may quote them into its SQL.  tables lists this schema's
	 * tables (its own internal ones left out) and columns a table's,
	 * in order, into ar.  copy_long lifts the statement and idle
	 * timeouts for the rest of c's transaction: a copy is one long
	 * transaction on each side.  copy_read calls fn with each row of
	 * table's cols (values valid for the call), ordered by the first.
	 * Inside a write transaction: copy_clear empties table,
	 * copy_insert adds one row (keeping its statement while the table
	 * and columns stay the same), copy_update sets col of the row whose
	 * id column is id.  copy_count counts table's rows.  copy_finish
	 * runs after the last row: the search index rebuilt from the rows,
	 * identity sequences moved past the highest ids, the planner's
	 * statistics gathered where the backend keeps them. ---
	 */
	enum ng_err (*copy_tables)(struct arena *ar, struct store_conn *c,
	    const char ***names, size_t *n);
	enum ng_err (*copy_columns)(struct arena *ar, struct store_conn *c,
	    const char *table, const char ***cols, size_t *n);
	enum ng_err (*copy_long)(struct store_conn *c);
	enum ng_err (*copy_read)(struct store_conn *c, const char *table,
	    const char *const *cols, size_t ncols, store_row_fn fn, void *arg);
	enum ng_err (*copy_clear)(struct store_conn *c, const char *table);
	enum ng_err (*copy_insert)(struct store_conn *c, const char *table,
	    const char *const *cols, size_t ncols, const struct store_value *v);
	enum ng_err (*copy_update)(struct store_conn *c, const char *table,
	    const char *col, int64_t id, const struct store_value *v);
	enum ng_err (
	    *copy_count)(struct store_conn *c, const char *table, int64_t *n);
	enum ng_err (*copy_finish)(struct store_conn *c);
};

extern const struct store_ops store_sqlite_ops;
extern const struct store_ops store_pg_ops;

/* The PostgreSQL backend's migrations (src/store/pg/migrations). */
extern const struct store_migration store_pg_migrations[];
extern const size_t		    store_pg_nmigrations;

/*
 * The backend a database name asks for: PostgreSQL for a postgresql://
 * or postgres:// URL, SQLite for anything else (a file path).
 */
const struct store_ops *store_backend_for(const char *db);

/*
 * The status names the schema's CHECK constraint allows, indexed by
 * enum article_status.  store_status_name() never returns NULL for a
 * valid status; store_status_parse() returns 0 for an unknown name.
 */
const char *store_status_name(enum article_status s);
int	    store_status_parse(struct str name, enum article_status *out);

/*
 * Apply, in order, each migration of m[0..n) that c's database has not
 * recorded, each in its own transaction (migrate.c).  Running it again
 * is a no-op.  Fails with NG_EINVAL when m is not strictly increasing or
 * the database already holds a version newer than m's last (a newer
 * nutgraf wrote it).  On failure errbuf says why and the failing
 * migration left no trace.
 */
enum ng_err store_migrate(const struct store_ops *ops, struct store_conn *c,
    const struct store_migration *m, size_t n, int64_t now, char *errbuf,
    size_t errsz) NG_WUR;

/*
 * The pool, for dispatch code in store.c and in store_<domain>.c files:
 * take a connection for one call and give it back (which resets it).
 * store_pool_get() waits while all connections are busy.
 */
struct store_conn *store_pool_get(struct store *st);
void		   store_pool_put(struct store *st, struct store_conn *c);

/* The backend's operations. */
const struct store_ops *store_ops_of(const struct store *st);

/*
 * The breaking-news banner's expiry if it is after now, read on c
 * (store_breaking.c); 0 when there is none.
 */
int64_t store_breaking_expiry_after(struct store *st, struct store_conn *c,
    int64_t now);

/* Move store_generation(); store_inval_apply() does, for each batch. */
void store_changed(struct store *st);

/*
 * The end of a dispatcher: give c back and return err.  store_wrote()
 * ends a write no reader can see (the rest run in a struct store_wtx).
 */
/*
 * Append id to the arena vector *ids of *n (ar NULL: only count it), for
 * a backend reading the ids a statement returns.
 */
enum ng_err store_ids_push(struct arena *ar, int64_t **ids, size_t *n,
    int64_t id) NG_WUR;
enum ng_err store_wrote(struct store *st, struct store_conn *c,
    enum ng_err err);
enum ng_err store_read_done(struct store *st, struct store_conn *c,
    enum ng_err err);

/*
 * The invalidation list (store_inval.c).  Every kind of write is here,
 * those that cannot change a public page too, so the list reads whole.
 */
enum store_write {
	SW_ARTICLE_SAVE,
	SW_ARTICLE_FEATURED,
	SW_ARTICLE_PIN,
	SW_ARTICLE_PUBLISH_DUE,
	SW_RELATED_REFRESH,
	SW_CORRECTION_ADD,
	SW_COMMENT_ADD,
	SW_COMMENT_STATUS,
	SW_COMMENT_EDIT,
	SW_COMMENT_DELETE,
	SW_SECTION_ADD,
	SW_SECTION_UPDATE,
	SW_SECTION_DELETE,
	SW_TAG_ADD,
	SW_TAG_UPDATE,
	SW_TAG_DELETE,
	SW_TAG_MERGE,
	SW_AUTHOR_ADD,
	SW_AUTHOR_UPDATE,
	SW_SETTING,
	SW_SLIDER,
	SW_AD,
	SW_MEDIA_ADD,
	SW_MEDIA_UPDATE,
	SW_MEDIA_DELETE,
	SW_PAGE_SAVE,
	SW_MENU,
	SW_REDIRECT,
	SW_AUTOSAVE,
	SW_SESSION,
	SW_LOGIN_ATTEMPT,
	SW_USER,
	SW_REVISION_USER,
	SW_SECRET,
	SW_READS,
	SW_MOST_READ,
	SW_LIVE_COVERAGE,
	SW_LIVE_UPDATE,
	STORE_WRITE__MAX
};

/*
 * What a write touched, as far as its rule needs: the article (and its
 * section, author and tags before [0] and after [1] the write, and
 * whether it was or is published), the comment's approval before and
 * after, or the id of the section, media item or page written.
 */
struct write_subject {
	int64_t article_id;
	int64_t id;
	int	public_before, public_after;
	int	approved_before, approved_after;
	int64_t section_id[2];
	int64_t author_id[2];
	/* Co-authors before and after, beside author_id (may repeat it). */
	const int64_t *authors[2];
	size_t	       nauthors[2];
	const int64_t *tags[2];
	size_t	       ntags[2];
};

/* Keys one write may record; more become INVAL_ALL. */
#define STORE_INVAL_KEYS_MAX (2 * STORE_TAGS_MAX + 2 * STORE_AUTHORS_MAX + 32)
/* The longest text form of them. */
#define STORE_INVAL_TEXT_MAX (STORE_INVAL_KEYS_MAX * 24)

/* The name of a write kind ("article save"); NULL if unknown. */
const char *store_write_name(enum store_write w);

/*
 * The keys write w of subject s drops, into out[0..max): none when it
 * cannot change a public page, the single INVAL_ALL when the rule says
 * so or they do not fit.  Pure.  Returns how many.
 */
size_t store_inval_keys(enum store_write w, const struct write_subject *s,
    uint64_t *out, size_t max);

/*
 * A write transaction carrying its invalidation record.
 *
 *	store_wtx_begin(st, &tx);	take a connection, open the
 *					backend's write transaction
 *	... ops on tx.c ...		their own transactions nest in it
 *	store_wtx_note(&tx, w, &s);	the keys of what changed
 *	err = store_wtx_end(&tx, err);	log the keys, commit (or roll back
 *					when err), apply them here
 *
 * store_wtx_arena() gives an arena for reading the old state inside the
 * transaction (freed by end).  begin's failure leaves nothing to end.
 */
struct store_wtx {
	struct store	  *st;
	struct store_conn *c;
	struct arena	  *ar;
	uint64_t	   keys[STORE_INVAL_KEYS_MAX];
	size_t		   nkeys;
	/*
	 * Set before end: the commit is made durable (ops->sync) before
	 * end returns, for writes acknowledged to a person (comments).
	 */
	int durable;
};

#define STORE_WTX_ARENA (256 * 1024)

enum ng_err   store_wtx_begin(struct store *st, struct store_wtx *tx) NG_WUR;
struct arena *store_wtx_arena(struct store_wtx *tx);
void	      store_wtx_note(struct store_wtx *tx, enum store_write w,
	     const struct write_subject *s);
enum ng_err   store_wtx_end(struct store_wtx *tx, enum ng_err err) NG_WUR;
/*
 * Fill authors/nauthors of the articles v[0..n) through ops->article_authors
 * on c (the lookup's own connection), and make each author the full row
 * of its first byline.
 */
enum ng_err store_fill_authors(struct arena *ar, struct store *st,
    struct store_conn *c, struct article *v, size_t n) NG_WUR;

/* The state of article id before the write (ops->article_state). */
enum ng_err store_wtx_old_article(struct store_wtx *tx, int64_t id,
    struct article_state *out) NG_WUR;
/* The "before" side of s: where the article was listed, from old. */
void write_subject_before(struct write_subject *s,
    const struct article_state		       *old);
/* note (when err is NG_OK) and end, for a write of one operation. */
enum ng_err store_wtx_done(struct store_wtx *tx, enum store_write w,
    const struct write_subject *s, enum ng_err err) NG_WUR;

/*
 * Apply keys in this process: move store_generation() and call the
 * listener.  store_wtx_end() and store_generation_sync() call it.
 */
void store_inval_apply(struct store *st, const uint64_t *keys, size_t n);

/*
 * One write transaction of this process at a time (store_wtx_begin()
 * takes it before the connection, store_wtx_end() gives it back).
 */
void store_write_lock(struct store *st);
void store_write_unlock(struct store *st);

/*
 * Group commit.  store_durable_seq(), under the write lock right after
 * a commit, numbers it; store_durable_wait(), after the lock is given
 * back, returns once that commit is on the disk (ops->sync on c, or a
 * sync another writer ran that began after it).  NG_EIO when the sync
 * that would have covered it failed.
 */
/*
 * The key of a comment's body (comments.body_key, 0035): equal bodies
 * have equal keys, so the duplicate check reads only rows of the same.
 */
int64_t store_comment_body_key(struct str body);

uint64_t    store_durable_seq(struct store *st);
enum ng_err store_durable_wait(struct store *st, struct store_conn *c,
    uint64_t seq) NG_WUR;

/* Whether this thread is inside store_bulk_begin() on st. */
int store_bulk_on(const struct store *st);

/* This process's id in the log, and a new random one. */
int64_t store_inval_origin(const struct store *st);
int64_t store_inval_new_origin(void);

/*
 * Reads in a session note what they read: a key each (before they take
 * a connection), or store_read_declared() when the keys come from the
 * result (noted after).  See store_read_keys().
 */
void store_read_note(uint64_t key);
void store_read_declared(void);

/* One row of the invalidation log. */
struct inval_row {
	int64_t	   seq;	   /* gapless, increasing */
	int64_t	   origin; /* the writing process */
	struct str keys;   /* store_inval_format() text */
};

/* Rows the poller reads at a time; arena for them. */
#define STORE_POLL_ROWS	 256
#define STORE_POLL_ARENA (STORE_POLL_ROWS * STORE_INVAL_TEXT_MAX / 4)

/* An article's state before a write, for the invalidation list. */
struct article_state {
	enum article_status status;
	int64_t		    section_id, author_id, published_at;
	int64_t		   *tags;
	size_t		    ntags;
	int64_t		   *authors; /* every byline, in order */
	size_t		    nauthors;
};

/*
 * Other processes' commits (store_generation_sync()) are
 * watched on a connection of its own, opened on first use and never
 * pooled: a pooled connection would also report this process's commits
 * (data_version moves for any other connection's), each one late and
 * again, whenever it happened to be picked.  The watcher's count of
 * changes includes ours too, but only within one poll of them.  It is
 * opened with the store, so its baseline is the database as opened.
 * store.c embeds one in struct store; store_cache.c does the rest.
 */
struct store_watch {
	pthread_mutex_t	   mu;
	struct store_conn *c;	/* NULL: could not open */
	int64_t		   seq; /* last log row seen */
	/* store_generation_recent(): when the next read is due (ms) */
	_Atomic int64_t sync_at_ms;
};

void store_watch_init(struct store_watch *w, const struct store_ops *ops,
    const char *path);
void store_watch_fini(const struct store_ops *ops, struct store_watch *w);
struct store_watch *store_watch_of(struct store *st);

/*
 * Listing totals (store_counts.c): how many published articles a front,
 * section, tag or author page has only changes with a write or when a
 * scheduled article's time comes, yet counting walks the whole index
 * (100,000 entries on the front page of a big site).  So a total is
 * kept with the generation it was counted at and the first publish time
 * after it, and reused while both hold.  store.c embeds one in struct
 * store.
 */
#define COUNT_SLOTS 64
/* Bytes of a key; a query whose filters need more is counted each time. */
#define COUNT_KEY_MAX 192

/* A query's filters as bytes: equal bytes, equal totals. */
struct count_key {
	size_t	      n;
	unsigned char b[COUNT_KEY_MAX];
};

struct count_slot {
	struct count_key key;
	uint64_t	 gen; /* store_generation() when counted */
	int64_t		 due; /* valid before this Unix time */
	size_t		 total;
	int		 used;
};

struct count_cache {
	pthread_mutex_t	  mu;
	struct count_slot v[COUNT_SLOTS];
	unsigned	  next; /* the slot a new key replaces */
	/* store_clock_due()'s answer and the generation it holds for. */
	pthread_mutex_t due_mu;
	uint64_t	due_gen;
	int64_t		due;
	int		due_valid;
};

void		    count_cache_init(struct count_cache *cc);
void		    count_cache_fini(struct count_cache *cc);
struct count_cache *store_counts_of(struct store *st);
/*
 * The key of a listing's total, and of the REST API's article list's
 * (only public lists: drafts do not move the generation).  0 when q
 * cannot be cached.
 */
int count_key_list(struct count_key *k, const struct article_query *q);
int count_key_api(struct count_key *k, const struct api_article_query *q);
/* 1 and *total when the total of k counted at gen is still good at now. */
int count_cache_get(struct count_cache *cc, const struct count_key *k,
    uint64_t gen, int64_t now, size_t *total);
/* Keep total, counted at gen, until store_clock_due(st, now). */
void count_cache_put(struct store *st, const struct count_key *k, uint64_t gen,
    int64_t now, size_t total);

/*
 * Database time (store_thread_db_ns()): the pool calls enter
 * before it waits for a connection and leave after the check-in, so the
 * time of every call, waiting included, lands in a per-thread counter.
 */
void store_db_enter(void);
void store_db_leave(void);

#endif
