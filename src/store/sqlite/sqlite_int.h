/*
 * sqlite_int.h -- internals shared by the files of the SQLite backend
 * (sqlite.c and one sqlite_<domain>.c per part of the schema).  Private to
 * src/store: nothing outside it includes sqlite3.h.
 *
 * Conventions: every call gets one struct sqlite_conn that its thread
 * holds alone; statements come from sqlite_stmt_get() (prepared once per
 * connection from the table in sqlite_sql.c); bind helpers return 0 after
 * logging a failure; rows are copied into the caller's arena through a
 * struct sqlite_rd whose oom flag is sticky.
 */
#ifndef NG_STORE_SQLITE_INT_H
#define NG_STORE_SQLITE_INT_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "core/err.h"
#include "core/str.h"
#include "store/sqlite/sqlite_sql.h"
#include "store/store_int.h"

struct arena;

/* How long a writer waits for another one before giving up (ms). */
#define BUSY_TIMEOUT_MS 5000

/*
 * The REST API's article list is assembled from its filters (sqlite_api.c);
 * a few shapes are asked again and again (the plain list, a category's),
 * and parsing one took a fifth of an uncached list: the last few are kept
 * prepared on each connection.
 */
#define SQLITE_API_STMTS 8

struct sqlite_conn {
	struct store_conn base; /* first: the pool casts to it */
	sqlite3		 *db;
	sqlite3_stmt	 *stmt[STMT__MAX];
	unsigned char	  used[STMT__MAX]; /* since last idle */
	/* a write transaction of store_inval.c is open: nest in it */
	int wtx;
	/*
	 * Read session (store_int.h pin): pinned while one is on,
	 * session_tx while its read transaction is the open one, nested
	 * while a call's read runs inside it.
	 */
	int pinned;
	int session_tx;
	int nested;
	int bulk; /* store_bulk_begin()'s transaction */
	/* `nutgraf db copy`'s insert, kept while its table is the same */
	sqlite3_stmt *copy_stmt;
	char	      copy_table[64];
	size_t	      copy_ncols;
	/* an article was saved in it since the last search flush */
	int search_dirty;
	/* the REST API's assembled statements, kept (sqlite_api.c) */
	struct {
		char	     *sql;
		size_t	      n;
		sqlite3_stmt *s;
	} api[SQLITE_API_STMTS];
	unsigned api_next; /* the slot a new one replaces */
};

/* Register ng_rank() (sqlite_rank.c) on a new connection. */
enum ng_err sqlite_rank_register(sqlite3 *db);

/*
 * Reading rows into an arena: the first allocation failure is sticky,
 * like struct buf, so row loaders need not check every column.
 */
struct sqlite_rd {
	struct arena *ar;
	int	      oom;
};

/* The backend connection behind a pooled one. */
struct sqlite_conn *sqlite_conn_of(struct store_conn *c);

/* store_ops.copy_*: sqlite_copy.c.  forget drops the kept insert. */
enum ng_err sqlite_copy_tables(struct arena *, struct store_conn *,
    const char ***, size_t *);
enum ng_err sqlite_copy_columns(struct arena *, struct store_conn *,
    const char *, const char ***, size_t *);
enum ng_err sqlite_copy_long(struct store_conn *);
enum ng_err sqlite_copy_read(struct store_conn *, const char *,
    const char *const *, size_t, store_row_fn, void *);
enum ng_err sqlite_copy_clear(struct store_conn *, const char *);
enum ng_err sqlite_copy_insert(struct store_conn *, const char *,
    const char *const *, size_t, const struct store_value *);
enum ng_err sqlite_copy_update(struct store_conn *, const char *, const char *,
    int64_t, const struct store_value *);
enum ng_err sqlite_copy_count(struct store_conn *, const char *, int64_t *);
enum ng_err sqlite_copy_finish(struct store_conn *);
void	    sqlite_copy_forget(struct sqlite_conn *c);
/* Finalize the kept REST API statements (sqlite_api.c), at close. */
void sqlite_api_forget(struct sqlite_conn *c);

/* store_ops.db_inspect and db_media: sqlite_backup.c. */
enum ng_err sqlite_db_inspect(const char *path, struct store_db_report *out,
    char *errbuf, size_t errsz);
enum ng_err sqlite_db_media(const char *path, int (*fn)(void *, const char *),
    void *arg, char *errbuf, size_t errsz);

/*
 * Map a failed SQLite result code to ours: constraint failures become
 * NG_ECONFLICT (unique) or NG_EINVAL (foreign key, check) unlogged, as
 * they are the caller's input; anything else is logged once, NG_EDB.
 */
enum ng_err sqlite_db_err(struct sqlite_conn *c, int rc, sqlite3_stmt *s);

/*
 * The seldom-run statements (the API's writes, the webhook queue,
 * preview links, live updates) are prepared per call rather than kept
 * in the statement table: sqlite_prep_once() logs a failure and gives
 * NULL; sqlite_run_once() steps a bound write to its end and finalizes
 * it, *rows (when not NULL) the rows it changed, 0 on failure.
 */
sqlite3_stmt *sqlite_prep_once(struct sqlite_conn *c, const char *sql);
enum ng_err   sqlite_run_once(struct sqlite_conn *c, sqlite3_stmt *s,
      int64_t *rows);

/* Statement id of this connection, reset and unbound; NULL logs. */
sqlite3_stmt *sqlite_stmt_get(struct sqlite_conn *c, enum stmt id);

/* Step s: 1 for a row, 0 when done (*err NG_OK) or failed (*err set). */
int sqlite_step(struct sqlite_conn *c, sqlite3_stmt *s, enum ng_err *err);

/* Run statement id (no parameters, no rows), e.g. STMT_BEGIN_WRITE. */
enum ng_err sqlite_exec_id(struct sqlite_conn *c, enum stmt id);

/* Step an already bound s to completion. */
enum ng_err sqlite_exec_stmt(struct sqlite_conn *c, sqlite3_stmt *s);

/* As sqlite_exec_stmt() for a write; NG_ENOTFOUND when no row changed. */
enum ng_err sqlite_write_found(struct sqlite_conn *c, sqlite3_stmt *s);

/*
 * Begin a call's transaction: BEGIN for a read (one snapshot for its
 * queries), BEGIN IMMEDIATE for a write.  In a read session a read
 * nests in the session's transaction and a write ends that first.
 */
enum ng_err sqlite_tx_begin(struct sqlite_conn *c, int write);

/*
 * End it: COMMIT when err is NG_OK, else ROLLBACK; a read nested in a
 * session leaves the session's transaction open.  Returns the final
 * error.
 */
enum ng_err sqlite_tx_end(struct sqlite_conn *c, enum ng_err err);

/*
 * Binders: parameter idx (1-based) of s.  They return 1 on success and
 * 0 after logging.  _opt binds an empty string as NULL; _ref binds 0 as
 * NULL (optional foreign keys); _i64_if binds only a non-zero value.
 */
int sqlite_bind_fail(struct sqlite_conn *c, sqlite3_stmt *s, int idx, int rc);
int sqlite_bind_text(struct sqlite_conn *c, sqlite3_stmt *s, int idx,
    struct str v);
int sqlite_bind_opt(struct sqlite_conn *c, sqlite3_stmt *s, int idx,
    struct str v);
int sqlite_bind_i64(struct sqlite_conn *c, sqlite3_stmt *s, int idx, int64_t v);
int sqlite_bind_ref(struct sqlite_conn *c, sqlite3_stmt *s, int idx, int64_t v);
int sqlite_bind_i64_if(struct sqlite_conn *c, sqlite3_stmt *s, int idx,
    int64_t v);

/*
 * Column i of the current row copied into r's arena, NUL-terminated;
 * NULL reads as "" (never a NULL pointer).  Sets r->oom on failure.
 */
struct str sqlite_col_str(struct sqlite_rd *r, sqlite3_stmt *s, int i);
int64_t	   sqlite_col_i64(sqlite3_stmt *s, int i);

/* A row loader for sqlite_rows(): fill *row from the current row of s. */
typedef void (*sqlite_row_fn)(struct sqlite_rd *r, sqlite3_stmt *s, void *row);

/*
 * Step the bound statement s to the end, loading each row with load into
 * a new element of sz bytes of an arena vector.  On NG_OK *out and *n hold
 * the rows (NULL and 0 for none); NG_ENOMEM or the step's error otherwise.
 */
enum ng_err sqlite_rows(struct arena *ar, struct sqlite_conn *c,
    sqlite3_stmt *s, size_t sz, sqlite_row_fn load, void *out, size_t *n);
/*
 * A queue's due rows, leased to the caller (the mail queue and the
 * webhook deliveries): in one write transaction due_sql (?1 now, ?2
 * limit) reads up to limit rows as sqlite_rows() does, and lease_sql
 * (?1 id, ?2 lease_until) moves each one's next try to lease_until, so
 * another sender does not take them meanwhile.  A row's id is the
 * int64_t at id_off in its struct.  On failure *out is NULL, *n 0.
 */
enum ng_err sqlite_lease_due(struct arena *ar, struct sqlite_conn *c,
    const char *due_sql, const char *lease_sql, int64_t now,
    int64_t lease_until, size_t limit, size_t sz, sqlite_row_fn load,
    size_t id_off, void *out, size_t *n);

/*
 * Grow an arena vector of n elements of sz bytes to room for n + 1,
 * doubling; returns the (possibly moved) vector or NULL.
 */
void *sqlite_vec_grow(struct arena *ar, void *v, size_t *cap, size_t n,
    size_t sz);

/*
 * --- newsroom: the operations of sqlite_user.c (users and
 * sessions) and sqlite_newsroom.c (editing, scheduling, corrections,
 * autosaves, taxonomy), as struct store_ops names them.
 */
enum ng_err sqlite_user_add(struct store_conn *, const struct user *, int64_t,
    int64_t *);
enum ng_err sqlite_user_by_login(struct arena *, struct store_conn *,
    struct str, struct user *);
enum ng_err sqlite_user_by_id(struct arena *, struct store_conn *, int64_t,
    struct user *);
enum ng_err sqlite_user_list(struct arena *, struct store_conn *,
    struct user **, size_t *);
enum ng_err sqlite_user_set_password(struct store_conn *, int64_t, struct str,
    int64_t);
enum ng_err sqlite_user_set_role(struct store_conn *, int64_t, enum user_role,
    int64_t);
enum ng_err sqlite_user_set_disabled(struct store_conn *, int64_t, int,
    int64_t);
enum ng_err sqlite_user_count(struct store_conn *, size_t *);
enum ng_err sqlite_user_set_email(struct store_conn *, int64_t, struct str,
    int64_t);
enum ng_err sqlite_user_by_email(struct arena *, struct store_conn *,
    struct str, struct user *);
enum ng_err sqlite_user_require_new_password(struct store_conn *, int64_t,
    int64_t);
enum ng_err sqlite_session_add(struct store_conn *, const struct session *);
enum ng_err sqlite_session_get(struct arena *, struct store_conn *, struct str,
    int64_t, int64_t, struct session *, struct user *);
enum ng_err sqlite_session_touch(struct store_conn *, struct str, int64_t);
enum ng_err sqlite_session_delete(struct store_conn *, struct str);
enum ng_err sqlite_session_purge(struct store_conn *, int64_t, int64_t,
    size_t *);
enum ng_err sqlite_article_admin_list(struct arena *, struct store_conn *,
    const struct article_admin_query *, struct article_list *);
enum ng_err sqlite_article_status_counts(struct store_conn *,
    size_t[ARTICLE__MAX]);
enum ng_err sqlite_revision_list(struct arena *, struct store_conn *, int64_t,
    struct revision **, size_t *);
enum ng_err sqlite_revision_get(struct arena *, struct store_conn *, int64_t,
    struct revision *);
enum ng_err sqlite_revision_set_user(struct store_conn *, int64_t, int64_t);
enum ng_err sqlite_article_publish_due(struct store_conn *, int64_t,
    struct arena *, int64_t **, size_t *);
enum ng_err sqlite_article_next_due(struct store_conn *, int64_t *);
enum ng_err sqlite_correction_add(struct store_conn *,
    const struct correction *, int64_t, int64_t *);
enum ng_err sqlite_correction_list(struct arena *, struct store_conn *, int64_t,
    struct correction **, size_t *);
enum ng_err sqlite_autosave_put(struct store_conn *, const struct autosave *);
enum ng_err sqlite_autosave_get(struct arena *, struct store_conn *, int64_t,
    int64_t, struct autosave *);
enum ng_err sqlite_autosave_delete(struct store_conn *, int64_t, int64_t);
enum ng_err sqlite_authors(struct arena *, struct store_conn *,
    struct author **, size_t *);
enum ng_err sqlite_tags(struct arena *, struct store_conn *, struct tag **,
    size_t *);
enum ng_err sqlite_section_update(struct store_conn *, const struct section *);
enum ng_err sqlite_author_update(struct store_conn *, const struct author *);
enum ng_err sqlite_tag_update(struct store_conn *, const struct tag *);
enum ng_err sqlite_section_delete(struct store_conn *, int64_t);
enum ng_err sqlite_tag_delete(struct store_conn *, int64_t);
enum ng_err sqlite_tag_merge(struct store_conn *, int64_t, int64_t);

/* --- page cache: sqlite_cache.c --- */
enum ng_err sqlite_write_begin(struct store_conn *);
enum ng_err sqlite_write_end(struct store_conn *, enum ng_err);
enum ng_err sqlite_sync(struct store_conn *);
enum ng_err sqlite_inval_log(struct store_conn *, int64_t, const char *,
    int64_t);
enum ng_err sqlite_inval_read(struct arena *, struct store_conn *, int64_t,
    size_t, struct inval_row **, size_t *);
enum ng_err sqlite_inval_last(struct store_conn *, int64_t *);
enum ng_err sqlite_article_state(struct arena *, struct store_conn *, int64_t,
    struct article_state *);
enum ng_err sqlite_next_publish_after(struct store_conn *, int64_t, int64_t *);

/* --- search, related articles, sitemaps: sqlite_search.c --- */
enum ng_err sqlite_search(struct arena *, struct store_conn *,
    const struct search_terms *, int64_t, size_t, size_t,
    struct search_result *);
enum ng_err sqlite_related(struct arena *, struct store_conn *, int64_t,
    int64_t, size_t, struct article_ref **, size_t *);
enum ng_err sqlite_related_refresh(struct store_conn *, int64_t, int64_t);
enum ng_err sqlite_sitemap_count(struct store_conn *, int64_t, int64_t,
    size_t *);
enum ng_err sqlite_sitemap_entries(struct arena *, struct store_conn *, int64_t,
    int64_t, size_t, size_t, struct sitemap_entry **, size_t *);
enum ng_err sqlite_article_image(struct arena *, struct store_conn *, int64_t,
    struct str *, struct str *);
/*
 * Choose and store the related articles of article id, and refresh those
 * of its new neighbours, inside the caller's write transaction
 * (sqlite_article_save() calls it after the revision, when the search
 * index already holds the new text).
 */
/*
 * Index the articles a bulk write saved (migration 0021); end, when
 * set, also stops deferring.  sqlite_search.c.
 */
enum ng_err sqlite_search_flush(struct sqlite_conn *c, int end);
enum ng_err sqlite_related_compute(struct sqlite_conn *c, int64_t id,
    int64_t now);

/* --- comments: sqlite_comment.c --- */
enum ng_err sqlite_comment_add(struct store_conn *, const struct comment *,
    const struct comment_guard *, int64_t *);
enum ng_err sqlite_comment_history(struct store_conn *, struct str, int64_t,
    struct comment_history *);
enum ng_err sqlite_comment_thread(struct arena *, struct store_conn *, int64_t,
    struct comment **, size_t *);
enum ng_err sqlite_comment_count(struct store_conn *, int64_t, size_t *);
enum ng_err sqlite_comment_get(struct arena *, struct store_conn *, int64_t,
    struct comment *);
enum ng_err sqlite_comment_list(struct arena *, struct store_conn *,
    enum comment_status, size_t, size_t, struct comment_list *);
enum ng_err sqlite_comment_counts(struct store_conn *, struct comment_counts *);
enum ng_err sqlite_comment_set_status(struct store_conn *, int64_t,
    enum comment_status);
enum ng_err sqlite_comment_delete(struct store_conn *, int64_t);
enum ng_err sqlite_comment_edit(struct store_conn *, int64_t, struct str,
    struct str, struct str);
enum ng_err sqlite_setting_get_many(struct arena *, struct store_conn *,
    const char *const *, size_t, struct str *);

/* --- shortcodes, sliders, ads: sqlite_shortcode.c --- */
enum ng_err sqlite_slider_add(struct store_conn *, const struct slider *,
    int64_t, int64_t *);
enum ng_err sqlite_slide_add(struct store_conn *, const struct slide *,
    int64_t *);
enum ng_err sqlite_slider_get(struct arena *, struct store_conn *, int64_t, int,
    struct slider *);
enum ng_err sqlite_slider_list(struct arena *, struct store_conn *,
    struct slider **, size_t *);
enum ng_err sqlite_slider_delete(struct store_conn *, int64_t);
enum ng_err sqlite_slide_delete(struct store_conn *, int64_t);
enum ng_err sqlite_ad_slot_add(struct store_conn *, const struct ad_slot *,
    int64_t *);
enum ng_err sqlite_ad_slot_get(struct arena *, struct store_conn *, struct str,
    struct ad_slot *);
enum ng_err sqlite_ad_slot_list(struct arena *, struct store_conn *,
    struct ad_slot **, size_t *);
enum ng_err sqlite_ad_add(struct store_conn *, const struct ad *, int64_t *);
enum ng_err sqlite_ad_get(struct arena *, struct store_conn *, int64_t,
    struct ad *);
enum ng_err sqlite_ad_list(struct arena *, struct store_conn *, int64_t, int,
    int64_t, int64_t, struct ad **, size_t *);
enum ng_err sqlite_ad_delete(struct store_conn *, int64_t);
enum ng_err sqlite_media_brief(struct arena *, struct store_conn *, int64_t,
    struct str *, struct str *, struct str *);
/* --- newsroom sliders and ads: sqlite_shortcode.c --- */
enum ng_err sqlite_slider_rename(struct store_conn *, int64_t, struct str);
enum ng_err sqlite_slide_update(struct store_conn *, const struct slide *);
enum ng_err sqlite_ad_slot_delete(struct store_conn *, int64_t);
enum ng_err sqlite_ad_slot_update(struct store_conn *, const struct ad_slot *);
enum ng_err sqlite_ad_update(struct store_conn *, const struct ad *);

/* --- media: sqlite_media.c --- */
enum ng_err sqlite_media_add(struct store_conn *, const struct media *, int64_t,
    int64_t *);
enum ng_err sqlite_media_update(struct store_conn *, const struct media *);
enum ng_err sqlite_media_by_key(struct arena *, struct store_conn *, struct str,
    struct media *);
enum ng_err sqlite_media_get(struct arena *, struct store_conn *, int64_t,
    struct media *);
enum ng_err sqlite_media_list(struct arena *, struct store_conn *, size_t,
    size_t, struct media **, size_t *);
enum ng_err sqlite_media_search(struct arena *, struct store_conn *, struct str,
    size_t, size_t, struct media **, size_t *, size_t *);
enum ng_err sqlite_media_usage(struct arena *, struct store_conn *, int64_t,
    struct str, struct media_use **, size_t *);
enum ng_err sqlite_media_delete(struct store_conn *, int64_t, struct str);
enum ng_err sqlite_article_featured(struct store_conn *, int64_t, int64_t *);
enum ng_err sqlite_article_set_featured(struct store_conn *, int64_t, int64_t);
enum ng_err sqlite_article_pin(struct store_conn *, int64_t, int, int64_t);
enum ng_err sqlite_article_pins(struct arena *, struct store_conn *, int64_t,
    size_t, int64_t **, size_t *);
/* --- REST API: sqlite_api.c --- */
enum ng_err sqlite_api_article_ids(struct arena *, struct store_conn *,
    const struct api_article_query *, int64_t, int64_t **, size_t *, size_t *);
enum ng_err sqlite_term_counts(struct arena *, struct store_conn *,
    enum term_kind, int64_t, struct term_count **, size_t *);
enum ng_err sqlite_media_count(struct store_conn *, size_t *);
enum ng_err sqlite_media_pending_set(struct store_conn *, int64_t, int);
enum ng_err sqlite_media_pending(struct arena *, struct store_conn *, size_t,
    struct media_pending **, size_t *);
/* --- media bytes (sqlite_media.c) and rate limits (sqlite_limit.c) --- */
enum ng_err sqlite_media_file_put(struct store_conn *, struct str, struct str,
    struct str);
enum ng_err sqlite_media_file_get(struct arena *, struct store_conn *,
    struct str, struct str, struct str *);
enum ng_err sqlite_media_file_size(struct store_conn *, struct str, struct str,
    int64_t *);
enum ng_err sqlite_limit_prune(struct store_conn *, struct str, int64_t,
    int64_t);
enum ng_err sqlite_limit_nth(struct store_conn *, struct str, int64_t, size_t,
    int64_t *);
enum ng_err sqlite_limit_add(struct store_conn *, struct str, int64_t);
enum ng_err sqlite_article_delete(struct store_conn *, int64_t);
enum ng_err sqlite_app_password_add(struct store_conn *,
    const struct app_password *, int64_t, int64_t *);
enum ng_err sqlite_app_password_list(struct arena *, struct store_conn *,
    int64_t, struct app_password **, size_t *);
enum ng_err sqlite_app_password_by_hash(struct arena *, struct store_conn *,
    struct str, struct app_password *);
enum ng_err sqlite_app_password_delete(struct store_conn *, int64_t,
    struct str);
enum ng_err sqlite_app_password_used(struct store_conn *, int64_t, int64_t,
    struct str);

/* --- pages, menus, WordPress compatibility: sqlite_page.c,
 * sqlite_menu.c --- */
enum ng_err sqlite_revisions_of(struct arena *, struct sqlite_conn *, enum stmt,
    int64_t, struct revision **, size_t *);
enum ng_err sqlite_revision_one(struct arena *, struct sqlite_conn *, enum stmt,
    int64_t, struct revision *);
enum ng_err sqlite_page_save(struct store_conn *, const struct page *, int64_t,
    int64_t, int64_t *);
enum ng_err sqlite_page_get(struct arena *, struct store_conn *, int, int64_t,
    struct str, struct page *);
enum ng_err sqlite_page_list(struct arena *, struct store_conn *, int,
    struct page **, size_t *);
enum ng_err sqlite_page_set_status(struct store_conn *, int64_t,
    enum page_status, int64_t);
enum ng_err sqlite_page_delete(struct store_conn *, int64_t);
enum ng_err sqlite_page_revision_list(struct arena *, struct store_conn *,
    int64_t, struct revision **, size_t *);
enum ng_err sqlite_page_revision_get(struct arena *, struct store_conn *,
    int64_t, struct revision *);
enum ng_err sqlite_wp_id_set(struct store_conn *, enum wp_kind, int64_t,
    int64_t);
enum ng_err sqlite_wp_lookup(struct store_conn *, enum wp_kind, int64_t,
    int64_t *);
enum ng_err sqlite_wp_rows(struct arena *, struct store_conn *, enum wp_kind,
    int64_t, size_t, struct wp_row **, size_t *);
enum ng_err sqlite_comment_export(struct arena *, struct store_conn *, int64_t,
    struct comment **, size_t *);
enum ng_err sqlite_old_slug_add(struct store_conn *, struct str, int64_t,
    int64_t);
enum ng_err sqlite_old_slug_lookup(struct store_conn *, struct str, int64_t *);
enum ng_err sqlite_old_upload_add(struct store_conn *, struct str, int64_t);
enum ng_err sqlite_old_upload_lookup(struct store_conn *, struct str,
    int64_t *);
enum ng_err sqlite_section_set_parent(struct store_conn *, int64_t, int64_t);
enum ng_err sqlite_section_parent(struct store_conn *, int64_t, int64_t *);
enum ng_err sqlite_menu_add(struct store_conn *, const struct menu *, int64_t,
    int64_t *);
enum ng_err sqlite_menu_rename(struct store_conn *, int64_t, struct str);
enum ng_err sqlite_menu_delete(struct store_conn *, int64_t);
enum ng_err sqlite_menu_list(struct arena *, struct store_conn *,
    struct menu **, size_t *);
enum ng_err sqlite_menu_get(struct arena *, struct store_conn *, int64_t,
    int64_t, struct menu *);
enum ng_err sqlite_menu_item_add(struct store_conn *, const struct menu_item *,
    int64_t *);
enum ng_err sqlite_menu_item_update(struct store_conn *,
    const struct menu_item *);
enum ng_err sqlite_menu_item_delete(struct store_conn *, int64_t);
enum ng_err sqlite_menu_item_move(struct store_conn *, int64_t, enum menu_move);
enum ng_err sqlite_menu_location_set(struct store_conn *, enum menu_location,
    int64_t);
enum ng_err sqlite_menu_locations(struct store_conn *, int64_t[MENU_LOC__MAX]);

/* --- two-factor login (sqlite_twofactor.c), as struct store_ops names them. */
enum ng_err sqlite_totp_get(struct arena *, struct store_conn *, int64_t,
    struct totp_state *);
enum ng_err sqlite_totp_begin(struct store_conn *, int64_t, struct str,
    int64_t);
enum ng_err sqlite_totp_enable(struct store_conn *, int64_t, struct str,
    int64_t, const struct str *, size_t);
enum ng_err sqlite_totp_use_step(struct store_conn *, int64_t, int64_t);
enum ng_err sqlite_totp_use_recovery(struct store_conn *, int64_t, struct str,
    int64_t);
enum ng_err sqlite_totp_delete(struct store_conn *, int64_t);
enum ng_err sqlite_challenge_add(struct store_conn *, struct str, int64_t,
    int64_t);
enum ng_err sqlite_challenge_get(struct store_conn *, struct str, int64_t,
    int64_t *);
enum ng_err sqlite_challenge_fail(struct store_conn *, struct str);
enum ng_err sqlite_challenge_delete(struct store_conn *, struct str, int64_t);

/* --- live coverage (sqlite_live.c), as struct store_ops names them. */
enum ng_err sqlite_live_set(struct store_conn *, int64_t, int, int64_t);
enum ng_err sqlite_live_get(struct store_conn *, int64_t,
    struct live_coverage *);
enum ng_err sqlite_live_update_add(struct store_conn *,
    const struct live_update *, int64_t, int64_t *);
enum ng_err sqlite_live_update_pin(struct store_conn *, int64_t, int64_t, int);
enum ng_err sqlite_live_update_delete(struct store_conn *, int64_t, int64_t);
enum ng_err sqlite_live_updates(struct arena *, struct store_conn *, int64_t,
    int64_t, size_t, struct live_update **, size_t *);
enum ng_err sqlite_live_now(struct arena *, struct store_conn *, size_t,
    int64_t **, size_t *);

/* --- preview links (sqlite_preview.c), as struct store_ops names them. */
enum ng_err sqlite_preview_add(struct store_conn *, int64_t, struct str,
    int64_t, int64_t, int64_t, int64_t *);
enum ng_err sqlite_preview_find(struct store_conn *, struct str, int64_t,
    int64_t *, int64_t *);
enum ng_err sqlite_preview_list(struct arena *, struct store_conn *, int64_t,
    size_t, struct preview_link **, size_t *);
enum ng_err sqlite_reads_add(struct store_conn *, int64_t, int64_t, int64_t);
enum ng_err sqlite_reads_prune(struct store_conn *, int64_t);
enum ng_err sqlite_most_read(struct arena *, struct store_conn *, int64_t,
    int64_t, size_t, int64_t **, size_t *);
enum ng_err sqlite_preview_revoke(struct store_conn *, int64_t, int64_t,
    int64_t);

/* --- outgoing mail, reset links (sqlite_mail.c), as struct store_ops names them. */
enum ng_err sqlite_mail_enqueue(struct store_conn *, struct str, struct str,
    int64_t, int64_t *);
enum ng_err sqlite_mail_due(struct arena *, struct store_conn *, int64_t,
    int64_t, size_t, struct mail_item **, size_t *);
enum ng_err sqlite_mail_done(struct store_conn *, int64_t, enum mail_status,
    int, int64_t, struct str, int64_t);
enum ng_err sqlite_mail_list(struct arena *, struct store_conn *, size_t,
    struct mail_item **, size_t *);
enum ng_err sqlite_reset_add(struct store_conn *, int64_t, struct str, int64_t,
    int64_t);
enum ng_err sqlite_reset_find(struct store_conn *, struct str, int64_t,
    int64_t *);
enum ng_err sqlite_reset_use(struct store_conn *, struct str, int64_t,
    int64_t *);
enum ng_err sqlite_mail_optout_get(struct store_conn *, int64_t, struct str,
    int *);
enum ng_err sqlite_mail_optout_set(struct store_conn *, int64_t, struct str,
    int);

/* --- webhooks (sqlite_webhook.c), as struct store_ops names them. */
enum ng_err sqlite_webhook_add(struct store_conn *, const struct webhook *,
    int64_t, int64_t *);
enum ng_err sqlite_webhook_delete(struct store_conn *, int64_t);
enum ng_err sqlite_webhook_list(struct arena *, struct store_conn *,
    struct webhook **, size_t *);
enum ng_err sqlite_webhook_enqueue(struct store_conn *, struct str, struct str,
    int64_t, size_t *);
enum ng_err sqlite_webhook_set_active(struct store_conn *, int64_t, int);
enum ng_err sqlite_webhook_enqueue_one(struct store_conn *, int64_t, struct str,
    struct str, int64_t, int64_t *);
enum ng_err sqlite_webhook_redeliver(struct store_conn *, int64_t, int64_t,
    int64_t);
enum ng_err sqlite_webhook_due(struct arena *, struct store_conn *, int64_t,
    int64_t, size_t, struct webhook_delivery **, size_t *);
enum ng_err sqlite_webhook_done(struct store_conn *, int64_t,
    enum webhook_status, int, int64_t, int, struct str, int64_t);
enum ng_err sqlite_webhook_deliveries(struct arena *, struct store_conn *,
    int64_t, size_t, struct webhook_delivery **, size_t *);

#endif
