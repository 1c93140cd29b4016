/*
 * pg_int.h -- internals shared by the files of the PostgreSQL backend
 * (pg.c and one pg_<domain>.c per part of the schema).  Private to
 * src/store/pg: nothing else includes libpq-fe.h.
 *
 * The backend mirrors the SQLite one file for file, so a reviewer can
 * read the two side by side: the same operations, the same statement
 * names (pg_sql.h), the same helpers.  What differs is below this
 * header: a struct pg_stmt stands in for sqlite3_stmt.  Binding copies
 * each parameter as text; the first pg_step() runs the statement
 * prepared on this connection (PQexecPrepared) and later steps walk the
 * rows of its result.  Integer and boolean columns are parsed from
 * PostgreSQL's text output.
 *
 * Transactions and the isolation contract (store_int.h): every write
 * runs in READ COMMITTED with one transaction-level advisory lock
 * (PG_WRITE_LOCK) taken first, so writers -- from any number of nutgraf
 * instances -- are serialised exactly as SQLite's BEGIN IMMEDIATE
 * serialises them, and each check made inside a write (duplicate
 * comments, the pending-queue cap, tag and slug creation) sees every
 * earlier commit.  Reads that run several queries use REPEATABLE READ
 * READ ONLY, one snapshot for all of them, and never wait for writers.
 */
#ifndef NG_STORE_PG_INT_H
#define NG_STORE_PG_INT_H

#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "core/err.h"
#include "core/str.h"
#include "store/pg/pg_sql.h"
#include "store/store_int.h"

struct arena;

/*
 * The advisory lock every write transaction holds (pg_advisory_xact_lock)
 * and the one migrations hold; any 64-bit numbers other software on the
 * same database does not use.  "nutgraf" in ASCII, twice.
 */
#define PG_WRITE_LOCK	INT64_C(0x6e75746772616601)
#define PG_MIGRATE_LOCK INT64_C(0x6e75746772616602)

/* A statement's parameters: the most any statement of pg_sql.c uses. */
#define PG_PARAMS_MAX 24

/*
 * The channel each row of the invalidation log notifies (migration
 * 0010) and the watcher listens on.
 */
#define PG_CHANNEL "nutgraf_changes"

/*
 * One prepared statement of one connection (pg_sql.c's entry id,
 * prepared as "s<id>"), with its bound parameters and, once run, its
 * result.  row is the index of the current row, -1 before the first.
 */
struct pg_stmt {
	struct pg_conn *c;
	int		id;
	int		nparams;
	int		write;		    /* INSERT, UPDATE or DELETE */
	int		ready;		    /* prepared on c->db */
	char	       *val[PG_PARAMS_MAX]; /* NULL: SQL NULL */
	int		len[PG_PARAMS_MAX];
	PGresult       *res;
	int		row;
	int		nrows;
};

struct pg_conn {
	struct store_conn base; /* first: the pool casts to it */
	PGconn		 *db;
	char		 *url; /* to reconnect */
	struct pg_stmt	  stmt[STMT__MAX];
	unsigned char	  used[STMT__MAX]; /* since last idle */
	int		  prepared;	   /* statements exist on db */
	int		  pooled;	   /* prepare again on reconnect */
	int		  in_write;	   /* a write transaction is open */
	int		  bulk; /* store_bulk_begin()'s transaction */
	/* an article was saved in it since the last search flush */
	int search_dirty;
	/* a write transaction of store_inval.c is open: nest in it */
	int	wtx;
	int64_t changes; /* rows the last command hit */
	int64_t last_id; /* first column of an INSERT */
	/* page cache: the watcher connection LISTENs; 0: not (yet) */
	int	listening;
	int64_t retry_at; /* watcher: next reconnect, ms */
	/*
	 * Read session (store_int.h pin): pinned while one is on,
	 * session_tx while its read transaction is the open one, nested
	 * while a call's read runs inside it.
	 */
	int pinned;
	int session_tx;
	int nested;
	/* `nutgraf db copy`'s prepared insert: its table, 0 columns: none */
	char   copy_table[64];
	size_t copy_ncols;
	/*
	 * Every setting as the read session's snapshot sees it, read at
	 * its first setting lookup (pg_settings.c); NULL: not read.
	 */
	PGresult *settings;
};

/*
 * Reading rows into an arena: the first allocation failure is sticky,
 * like struct buf, so row loaders need not check every column.
 */
struct pg_rd {
	struct arena *ar;
	int	      oom;
};

/* The backend connection behind a pooled one. */
struct pg_conn *pg_conn_of(struct store_conn *c);

/* store_ops.copy_*: pg_copy.c.  forget drops the prepared insert. */
enum ng_err pg_copy_tables(struct arena *, struct store_conn *, const char ***,
    size_t *);
enum ng_err pg_copy_columns(struct arena *, struct store_conn *, const char *,
    const char ***, size_t *);
enum ng_err pg_copy_long(struct store_conn *);
enum ng_err pg_copy_read(struct store_conn *, const char *, const char *const *,
    size_t, store_row_fn, void *);
enum ng_err pg_copy_clear(struct store_conn *, const char *);
enum ng_err pg_copy_insert(struct store_conn *, const char *,
    const char *const *, size_t, const struct store_value *);
enum ng_err pg_copy_update(struct store_conn *, const char *, const char *,
    int64_t, const struct store_value *);
enum ng_err pg_copy_count(struct store_conn *, const char *, int64_t *);
enum ng_err pg_copy_finish(struct store_conn *);
void	    pg_copy_forget(struct pg_conn *c);

/*
 * Map a failed result to ours by its SQLSTATE: constraint failures
 * become NG_ECONFLICT (unique) or NG_EINVAL (foreign key, check, bad
 * text) unlogged, as they are the caller's input; anything else --
 * a lost connection, a statement timeout -- is logged once, NG_EDB.
 * res may be NULL (the connection failed before answering).
 */
enum ng_err pg_db_err(struct pg_conn *c, const PGresult *res, const char *what);

/*
 * Run sql unprepared with n text parameters (NULL: SQL NULL), for the
 * statements seldom run: the result, or NULL after setting *err.
 */
PGresult *pg_exec_text(struct pg_conn *c, const char *sql, int n,
    const char *const *vals, enum ng_err *err);
/*
 * A queue's due rows, leased (the mail queue and the webhook
 * deliveries): sql takes $1 now, $2 lease_until and $3 limit, selects
 * the due rows FOR UPDATE SKIP LOCKED, moves their next try to
 * lease_until and returns them; pg_exec_text()'s result.
 */
PGresult *pg_exec_lease(struct pg_conn *c, const char *sql, int64_t now,
    int64_t lease_until, size_t limit, enum ng_err *err);
/* The integer in row i, column k of res. */
int64_t pg_res_i64(PGresult *res, int i, int k);

/* store_ops.db_inspect and db_media: pg_backup.c. */
enum ng_err pg_db_inspect(const char *url, struct store_db_report *out,
    char *errbuf, size_t errsz);
enum ng_err pg_db_media(const char *url, int (*fn)(void *, const char *),
    void *arg, char *errbuf, size_t errsz);

/* Run sql (no parameters, several statements allowed) outside the
 * prepared set: transaction control, migrations.  NG_EDB logs. */
enum ng_err pg_exec_sql(struct pg_conn *c, const char *sql);

/*
 * Get c ready to prepare the statements of pg_sql.c, each on its first
 * use (as SQLite's backend does); with all, prepare every one now, which
 * the first connection of a process does so that a statement PostgreSQL
 * refuses stops nutgraf at start, not at the first reader who needs it.
 */
enum ng_err pg_prepare_all(struct pg_conn *c, int all, char *errbuf,
    size_t errsz);

/*
 * Settings in a read session (pg_settings.c).  A page reads a dozen
 * settings one by one; in a read session the first lookup reads the
 * whole (small) table in one statement, in the session's snapshot, and
 * later ones answer from it.  pg_setting_cached: 1 found (*out copied
 * into r's arena), 0 no such setting, -1 failed (*err), -2 no read
 * session (ask the database).  pg_settings_forget drops the copy (at
 * the session's start and end, and on reconnect).
 */
int  pg_setting_cached(struct pg_conn *c, struct pg_rd *r, struct str key,
     struct str *out, enum ng_err *err);
void pg_settings_forget(struct pg_conn *c);

/* Forget the result of s (its parameters stay, as sqlite3_reset). */
void pg_reset(struct pg_stmt *s);
/* ... and its parameters too (at idle). */
void pg_stmt_clear(struct pg_stmt *s);

/* Rows the last command of c changed, and the id an INSERT returned. */
int64_t pg_changes(struct pg_conn *c);
int64_t pg_last_id(struct pg_conn *c);

/* No transaction is open on c. */
int pg_autocommit(struct pg_conn *c);

/* The current row's column i: raw text (NULL for NULL), its length. */
const unsigned char *pg_col_text(struct pg_stmt *s, int i);
int		     pg_col_bytes(struct pg_stmt *s, int i);
int		     pg_col_null(struct pg_stmt *s, int i);
int pg_bind_double(struct pg_conn *c, struct pg_stmt *s, int idx, double v);

/* Statement id of this connection, reset and unbound; NULL logs. */
struct pg_stmt *pg_stmt_get(struct pg_conn *c, enum stmt id);

/* Step s: 1 for a row, 0 when done (*err NG_OK) or failed (*err set). */
int pg_step(struct pg_conn *c, struct pg_stmt *s, enum ng_err *err);

/* Run statement id (no parameters, no rows), e.g. STMT_BEGIN_WRITE. */
enum ng_err pg_exec_id(struct pg_conn *c, enum stmt id);

/* Step an already bound s to completion. */
enum ng_err pg_exec_stmt(struct pg_conn *c, struct pg_stmt *s);

/*
 * Begin a call's transaction: REPEATABLE READ READ ONLY for a read (one
 * snapshot for its queries), READ COMMITTED holding PG_WRITE_LOCK for
 * a write.  In a read session a read
 * nests in the session's transaction and a write ends that first.
 */
enum ng_err pg_tx_begin(struct pg_conn *c, int write);

/*
 * End it: COMMIT when err is NG_OK, else ROLLBACK; a read nested in a
 * session leaves the session's transaction open.  Returns the final
 * error.
 */
enum ng_err pg_tx_end(struct pg_conn *c, enum ng_err err);

/*
 * Binders: parameter idx (1-based) of s.  They return 1 on success and
 * 0 after logging.  _opt binds an empty string as NULL; _ref binds 0 as
 * NULL (optional foreign keys); _i64_if binds only a non-zero value.
 */
int pg_bind_text(struct pg_conn *c, struct pg_stmt *s, int idx, struct str v);
int pg_bind_opt(struct pg_conn *c, struct pg_stmt *s, int idx, struct str v);
int pg_bind_i64(struct pg_conn *c, struct pg_stmt *s, int idx, int64_t v);
int pg_bind_ref(struct pg_conn *c, struct pg_stmt *s, int idx, int64_t v);
int pg_bind_i64_if(struct pg_conn *c, struct pg_stmt *s, int idx, int64_t v);

/*
 * Column i of the current row copied into r's arena, NUL-terminated;
 * NULL reads as "" (never a NULL pointer).  Sets r->oom on failure.
 */
struct str pg_col_str(struct pg_rd *r, struct pg_stmt *s, int i);
int64_t	   pg_col_i64(struct pg_stmt *s, int i);

/* A row loader for pg_rows(): fill *row from the current row of s. */
typedef void (*pg_row_fn)(struct pg_rd *r, struct pg_stmt *s, void *row);

/*
 * Step the bound statement s to the end, loading each row with load into
 * a new element of sz bytes of an arena vector.  On NG_OK *out and *n hold
 * the rows (NULL and 0 for none); NG_ENOMEM or the step's error otherwise.
 */
enum ng_err pg_rows(struct arena *ar, struct pg_conn *c, struct pg_stmt *s,
    size_t sz, pg_row_fn load, void *out, size_t *n);

/*
 * Grow an arena vector of n elements of sz bytes to room for n + 1,
 * doubling; returns the (possibly moved) vector or NULL.
 */
void *pg_vec_grow(struct arena *ar, void *v, size_t *cap, size_t n, size_t sz);

/*
 * --- newsroom: the operations of pg_user.c (users and
 * sessions) and pg_newsroom.c (editing, scheduling, corrections,
 * autosaves, taxonomy), as struct store_ops names them.
 */
enum ng_err pg_user_add(struct store_conn *, const struct user *, int64_t,
    int64_t *);
enum ng_err pg_user_by_login(struct arena *, struct store_conn *, struct str,
    struct user *);
enum ng_err pg_user_by_id(struct arena *, struct store_conn *, int64_t,
    struct user *);
enum ng_err pg_user_list(struct arena *, struct store_conn *, struct user **,
    size_t *);
enum ng_err pg_user_set_password(struct store_conn *, int64_t, struct str,
    int64_t);
enum ng_err pg_user_set_role(struct store_conn *, int64_t, enum user_role,
    int64_t);
enum ng_err pg_user_set_disabled(struct store_conn *, int64_t, int, int64_t);
enum ng_err pg_user_count(struct store_conn *, size_t *);
enum ng_err pg_user_set_email(struct store_conn *, int64_t, struct str,
    int64_t);
enum ng_err pg_user_by_email(struct arena *, struct store_conn *, struct str,
    struct user *);
enum ng_err pg_user_require_new_password(struct store_conn *, int64_t, int64_t);
enum ng_err pg_session_add(struct store_conn *, const struct session *);
enum ng_err pg_session_get(struct arena *, struct store_conn *, struct str,
    int64_t, int64_t, struct session *, struct user *);
enum ng_err pg_session_touch(struct store_conn *, struct str, int64_t);
enum ng_err pg_session_delete(struct store_conn *, struct str);
enum ng_err pg_session_purge(struct store_conn *, int64_t, int64_t, size_t *);
enum ng_err pg_article_admin_list(struct arena *, struct store_conn *,
    const struct article_admin_query *, struct article_list *);
enum ng_err pg_article_status_counts(struct store_conn *, size_t[ARTICLE__MAX]);
enum ng_err pg_revision_list(struct arena *, struct store_conn *, int64_t,
    struct revision **, size_t *);
enum ng_err pg_revision_get(struct arena *, struct store_conn *, int64_t,
    struct revision *);
enum ng_err pg_revision_set_user(struct store_conn *, int64_t, int64_t);
enum ng_err pg_article_publish_due(struct store_conn *, int64_t, struct arena *,
    int64_t **, size_t *);
enum ng_err pg_article_next_due(struct store_conn *, int64_t *);
enum ng_err pg_correction_add(struct store_conn *, const struct correction *,
    int64_t, int64_t *);
enum ng_err pg_correction_list(struct arena *, struct store_conn *, int64_t,
    struct correction **, size_t *);
enum ng_err pg_autosave_put(struct store_conn *, const struct autosave *);
enum ng_err pg_autosave_get(struct arena *, struct store_conn *, int64_t,
    int64_t, struct autosave *);
enum ng_err pg_autosave_delete(struct store_conn *, int64_t, int64_t);
enum ng_err pg_authors(struct arena *, struct store_conn *, struct author **,
    size_t *);
enum ng_err pg_tags(struct arena *, struct store_conn *, struct tag **,
    size_t *);
enum ng_err pg_section_update(struct store_conn *, const struct section *);
enum ng_err pg_author_update(struct store_conn *, const struct author *);
enum ng_err pg_tag_update(struct store_conn *, const struct tag *);
enum ng_err pg_section_delete(struct store_conn *, int64_t);
enum ng_err pg_tag_delete(struct store_conn *, int64_t);
enum ng_err pg_tag_merge(struct store_conn *, int64_t, int64_t);

/* --- page cache: pg_cache.c --- */
/* LISTEN on the watcher connection (store_watch_init opens it). */
enum ng_err pg_listen(struct pg_conn *c);
enum ng_err pg_write_begin(struct store_conn *);
enum ng_err pg_write_end(struct store_conn *, enum ng_err);
enum ng_err pg_sync(struct store_conn *);
enum ng_err pg_inval_log(struct store_conn *, int64_t, const char *, int64_t);
enum ng_err pg_inval_read(struct arena *, struct store_conn *, int64_t, size_t,
    struct inval_row **, size_t *);
enum ng_err pg_inval_last(struct store_conn *, int64_t *);
enum ng_err pg_article_state(struct arena *, struct store_conn *, int64_t,
    struct article_state *);
enum ng_err pg_next_publish_after(struct store_conn *, int64_t, int64_t *);

/* --- search, related articles, sitemaps: pg_search.c --- */
enum ng_err pg_search(struct arena *, struct store_conn *,
    const struct search_terms *, int64_t, size_t, size_t,
    struct search_result *);
enum ng_err pg_related(struct arena *, struct store_conn *, int64_t, int64_t,
    size_t, struct article_ref **, size_t *);
enum ng_err pg_related_refresh(struct store_conn *, int64_t, int64_t);
enum ng_err pg_sitemap_count(struct store_conn *, int64_t, int64_t, size_t *);
enum ng_err pg_sitemap_entries(struct arena *, struct store_conn *, int64_t,
    int64_t, size_t, size_t, struct sitemap_entry **, size_t *);
enum ng_err pg_article_image(struct arena *, struct store_conn *, int64_t,
    struct str *, struct str *);
/*
 * Choose and store the related articles of article id, and refresh those
 * of its new neighbours, inside the caller's write transaction
 * (pg_article_save() calls it after the revision, when the search
 * index already holds the new text).
 */
/*
 * Index the articles a bulk write saved (migration 0021); end, when
 * set, also stops deferring.  pg_search.c.
 */
enum ng_err pg_search_flush(struct pg_conn *c, int end);
enum ng_err pg_related_compute(struct pg_conn *c, int64_t id, int64_t now);

/* --- comments: pg_comment.c --- */
enum ng_err pg_comment_add(struct store_conn *, const struct comment *,
    const struct comment_guard *, int64_t *);
enum ng_err pg_comment_history(struct store_conn *, struct str, int64_t,
    struct comment_history *);
enum ng_err pg_comment_thread(struct arena *, struct store_conn *, int64_t,
    struct comment **, size_t *);
enum ng_err pg_comment_count(struct store_conn *, int64_t, size_t *);
enum ng_err pg_comment_get(struct arena *, struct store_conn *, int64_t,
    struct comment *);
enum ng_err pg_comment_list(struct arena *, struct store_conn *,
    enum comment_status, size_t, size_t, struct comment_list *);
enum ng_err pg_comment_counts(struct store_conn *, struct comment_counts *);
enum ng_err pg_comment_set_status(struct store_conn *, int64_t,
    enum comment_status);
enum ng_err pg_comment_delete(struct store_conn *, int64_t);
enum ng_err pg_comment_edit(struct store_conn *, int64_t, struct str,
    struct str, struct str);
enum ng_err pg_setting_get_many(struct arena *, struct store_conn *,
    const char *const *, size_t, struct str *);

/* --- shortcodes, sliders, ads: pg_shortcode.c --- */
enum ng_err pg_slider_add(struct store_conn *, const struct slider *, int64_t,
    int64_t *);
enum ng_err pg_slide_add(struct store_conn *, const struct slide *, int64_t *);
enum ng_err pg_slider_get(struct arena *, struct store_conn *, int64_t, int,
    struct slider *);
enum ng_err pg_slider_list(struct arena *, struct store_conn *,
    struct slider **, size_t *);
enum ng_err pg_slider_delete(struct store_conn *, int64_t);
enum ng_err pg_slide_delete(struct store_conn *, int64_t);
enum ng_err pg_ad_slot_add(struct store_conn *, const struct ad_slot *,
    int64_t *);
enum ng_err pg_ad_slot_get(struct arena *, struct store_conn *, struct str,
    struct ad_slot *);
enum ng_err pg_ad_slot_list(struct arena *, struct store_conn *,
    struct ad_slot **, size_t *);
enum ng_err pg_ad_add(struct store_conn *, const struct ad *, int64_t *);
enum ng_err pg_ad_get(struct arena *, struct store_conn *, int64_t,
    struct ad *);
enum ng_err pg_ad_list(struct arena *, struct store_conn *, int64_t, int,
    int64_t, int64_t, struct ad **, size_t *);
enum ng_err pg_ad_delete(struct store_conn *, int64_t);
enum ng_err pg_media_brief(struct arena *, struct store_conn *, int64_t,
    struct str *, struct str *, struct str *);
/* --- newsroom sliders and ads: pg_shortcode.c --- */
enum ng_err pg_slider_rename(struct store_conn *, int64_t, struct str);
enum ng_err pg_slide_update(struct store_conn *, const struct slide *);
enum ng_err pg_ad_slot_delete(struct store_conn *, int64_t);
enum ng_err pg_ad_slot_update(struct store_conn *, const struct ad_slot *);
enum ng_err pg_ad_update(struct store_conn *, const struct ad *);

/* --- media: pg_media.c --- */
enum ng_err pg_media_add(struct store_conn *, const struct media *, int64_t,
    int64_t *);
enum ng_err pg_media_update(struct store_conn *, const struct media *);
enum ng_err pg_media_by_key(struct arena *, struct store_conn *, struct str,
    struct media *);
enum ng_err pg_media_get(struct arena *, struct store_conn *, int64_t,
    struct media *);
enum ng_err pg_media_list(struct arena *, struct store_conn *, size_t, size_t,
    struct media **, size_t *);
enum ng_err pg_media_search(struct arena *, struct store_conn *, struct str,
    size_t, size_t, struct media **, size_t *, size_t *);
enum ng_err pg_media_usage(struct arena *, struct store_conn *, int64_t,
    struct str, struct media_use **, size_t *);
enum ng_err pg_media_delete(struct store_conn *, int64_t, struct str);
enum ng_err pg_article_featured(struct store_conn *, int64_t, int64_t *);
enum ng_err pg_article_set_featured(struct store_conn *, int64_t, int64_t);
enum ng_err pg_article_pin(struct store_conn *, int64_t, int, int64_t);
enum ng_err pg_article_pins(struct arena *, struct store_conn *, int64_t,
    size_t, int64_t **, size_t *);

/* --- REST API: pg_api.c --- */
enum ng_err pg_api_article_ids(struct arena *, struct store_conn *,
    const struct api_article_query *, int64_t, int64_t **, size_t *, size_t *);
enum ng_err pg_term_counts(struct arena *, struct store_conn *, enum term_kind,
    int64_t, struct term_count **, size_t *);
enum ng_err pg_media_count(struct store_conn *, size_t *);
enum ng_err pg_media_pending_set(struct store_conn *, int64_t, int);
enum ng_err pg_media_pending(struct arena *, struct store_conn *, size_t,
    struct media_pending **, size_t *);
/* --- media bytes (pg_media.c) and rate limits (pg_limit.c) --- */
enum ng_err pg_media_file_put(struct store_conn *, struct str, struct str,
    struct str);
enum ng_err pg_media_file_get(struct arena *, struct store_conn *, struct str,
    struct str, struct str *);
enum ng_err pg_media_file_size(struct store_conn *, struct str, struct str,
    int64_t *);
enum ng_err pg_limit_prune(struct store_conn *, struct str, int64_t, int64_t);
enum ng_err pg_limit_nth(struct store_conn *, struct str, int64_t, size_t,
    int64_t *);
enum ng_err pg_limit_add(struct store_conn *, struct str, int64_t);

/* --- pages, menus, WordPress compatibility: pg_page.c,
 * pg_menu.c --- */
enum ng_err pg_revisions_of(struct arena *, struct pg_conn *, enum stmt,
    int64_t, struct revision **, size_t *);
enum ng_err pg_revision_one(struct arena *, struct pg_conn *, enum stmt,
    int64_t, struct revision *);
enum ng_err pg_page_save(struct store_conn *, const struct page *, int64_t,
    int64_t, int64_t *);
enum ng_err pg_page_get(struct arena *, struct store_conn *, int, int64_t,
    struct str, struct page *);
enum ng_err pg_page_list(struct arena *, struct store_conn *, int,
    struct page **, size_t *);
enum ng_err pg_page_set_status(struct store_conn *, int64_t, enum page_status,
    int64_t);
enum ng_err pg_page_delete(struct store_conn *, int64_t);
enum ng_err pg_page_revision_list(struct arena *, struct store_conn *, int64_t,
    struct revision **, size_t *);
enum ng_err pg_page_revision_get(struct arena *, struct store_conn *, int64_t,
    struct revision *);
enum ng_err pg_wp_id_set(struct store_conn *, enum wp_kind, int64_t, int64_t);
enum ng_err pg_wp_lookup(struct store_conn *, enum wp_kind, int64_t, int64_t *);
enum ng_err pg_wp_rows(struct arena *, struct store_conn *, enum wp_kind,
    int64_t, size_t, struct wp_row **, size_t *);
enum ng_err pg_comment_export(struct arena *, struct store_conn *, int64_t,
    struct comment **, size_t *);
enum ng_err pg_old_slug_add(struct store_conn *, struct str, int64_t, int64_t);
enum ng_err pg_old_slug_lookup(struct store_conn *, struct str, int64_t *);
enum ng_err pg_old_upload_add(struct store_conn *, struct str, int64_t);
enum ng_err pg_old_upload_lookup(struct store_conn *, struct str, int64_t *);
enum ng_err pg_section_set_parent(struct store_conn *, int64_t, int64_t);
enum ng_err pg_section_parent(struct store_conn *, int64_t, int64_t *);
enum ng_err pg_menu_add(struct store_conn *, const struct menu *, int64_t,
    int64_t *);
enum ng_err pg_menu_rename(struct store_conn *, int64_t, struct str);
enum ng_err pg_menu_delete(struct store_conn *, int64_t);
enum ng_err pg_menu_list(struct arena *, struct store_conn *, struct menu **,
    size_t *);
enum ng_err pg_menu_get(struct arena *, struct store_conn *, int64_t, int64_t,
    struct menu *);
enum ng_err pg_menu_item_add(struct store_conn *, const struct menu_item *,
    int64_t *);
enum ng_err pg_menu_item_update(struct store_conn *, const struct menu_item *);
enum ng_err pg_menu_item_delete(struct store_conn *, int64_t);
enum ng_err pg_menu_item_move(struct store_conn *, int64_t, enum menu_move);
enum ng_err pg_menu_location_set(struct store_conn *, enum menu_location,
    int64_t);
enum ng_err pg_menu_locations(struct store_conn *, int64_t[MENU_LOC__MAX]);

enum ng_err pg_article_delete(struct store_conn *, int64_t);
enum ng_err pg_app_password_add(struct store_conn *,
    const struct app_password *, int64_t, int64_t *);
enum ng_err pg_app_password_list(struct arena *, struct store_conn *, int64_t,
    struct app_password **, size_t *);
enum ng_err pg_app_password_by_hash(struct arena *, struct store_conn *,
    struct str, struct app_password *);
enum ng_err pg_app_password_delete(struct store_conn *, int64_t, struct str);
enum ng_err pg_app_password_used(struct store_conn *, int64_t, int64_t,
    struct str);
/* --- two-factor login (pg_twofactor.c), as struct store_ops names them. */
enum ng_err pg_totp_get(struct arena *, struct store_conn *, int64_t,
    struct totp_state *);
enum ng_err pg_totp_begin(struct store_conn *, int64_t, struct str, int64_t);
enum ng_err pg_totp_enable(struct store_conn *, int64_t, struct str, int64_t,
    const struct str *, size_t);
enum ng_err pg_totp_use_step(struct store_conn *, int64_t, int64_t);
enum ng_err pg_totp_use_recovery(struct store_conn *, int64_t, struct str,
    int64_t);
enum ng_err pg_totp_delete(struct store_conn *, int64_t);
enum ng_err pg_challenge_add(struct store_conn *, struct str, int64_t, int64_t);
enum ng_err pg_challenge_get(struct store_conn *, struct str, int64_t,
    int64_t *);
enum ng_err pg_challenge_fail(struct store_conn *, struct str);
enum ng_err pg_challenge_delete(struct store_conn *, struct str, int64_t);

/* --- live coverage (pg_live.c), as struct store_ops names them. */
enum ng_err pg_live_set(struct store_conn *, int64_t, int, int64_t);
enum ng_err pg_live_get(struct store_conn *, int64_t, struct live_coverage *);
enum ng_err pg_live_update_add(struct store_conn *, const struct live_update *,
    int64_t, int64_t *);
enum ng_err pg_live_update_pin(struct store_conn *, int64_t, int64_t, int);
enum ng_err pg_live_update_delete(struct store_conn *, int64_t, int64_t);
enum ng_err pg_live_updates(struct arena *, struct store_conn *, int64_t,
    int64_t, size_t, struct live_update **, size_t *);
enum ng_err pg_live_now(struct arena *, struct store_conn *, size_t, int64_t **,
    size_t *);

/* --- preview links (pg_preview.c), as struct store_ops names them. */
enum ng_err pg_preview_add(struct store_conn *, int64_t, struct str, int64_t,
    int64_t, int64_t, int64_t *);
enum ng_err pg_preview_find(struct store_conn *, struct str, int64_t, int64_t *,
    int64_t *);
enum ng_err pg_preview_list(struct arena *, struct store_conn *, int64_t,
    size_t, struct preview_link **, size_t *);
enum ng_err pg_reads_add(struct store_conn *, int64_t, int64_t, int64_t);
enum ng_err pg_reads_prune(struct store_conn *, int64_t);
enum ng_err pg_most_read(struct arena *, struct store_conn *, int64_t, int64_t,
    size_t, int64_t **, size_t *);
enum ng_err pg_preview_revoke(struct store_conn *, int64_t, int64_t, int64_t);

/* --- outgoing mail, reset links (pg_mail.c), as struct store_ops names them. */
enum ng_err pg_mail_enqueue(struct store_conn *, struct str, struct str,
    int64_t, int64_t *);
enum ng_err pg_mail_due(struct arena *, struct store_conn *, int64_t, int64_t,
    size_t, struct mail_item **, size_t *);
enum ng_err pg_mail_done(struct store_conn *, int64_t, enum mail_status, int,
    int64_t, struct str, int64_t);
enum ng_err pg_mail_list(struct arena *, struct store_conn *, size_t,
    struct mail_item **, size_t *);
enum ng_err pg_reset_add(struct store_conn *, int64_t, struct str, int64_t,
    int64_t);
enum ng_err pg_reset_find(struct store_conn *, struct str, int64_t, int64_t *);
enum ng_err pg_reset_use(struct store_conn *, struct str, int64_t, int64_t *);
enum ng_err pg_mail_optout_get(struct store_conn *, int64_t, struct str, int *);
enum ng_err pg_mail_optout_set(struct store_conn *, int64_t, struct str, int);

/* --- webhooks (pg_webhook.c), as struct store_ops names them. */
enum ng_err pg_webhook_add(struct store_conn *, const struct webhook *, int64_t,
    int64_t *);
enum ng_err pg_webhook_delete(struct store_conn *, int64_t);
enum ng_err pg_webhook_list(struct arena *, struct store_conn *,
    struct webhook **, size_t *);
enum ng_err pg_webhook_enqueue(struct store_conn *, struct str, struct str,
    int64_t, size_t *);
enum ng_err pg_webhook_set_active(struct store_conn *, int64_t, int);
enum ng_err pg_webhook_enqueue_one(struct store_conn *, int64_t, struct str,
    struct str, int64_t, int64_t *);
enum ng_err pg_webhook_redeliver(struct store_conn *, int64_t, int64_t,
    int64_t);
enum ng_err pg_webhook_due(struct arena *, struct store_conn *, int64_t,
    int64_t, size_t, struct webhook_delivery **, size_t *);
enum ng_err pg_webhook_done(struct store_conn *, int64_t, enum webhook_status,
    int, int64_t, int, struct str, int64_t);
enum ng_err pg_webhook_deliveries(struct arena *, struct store_conn *, int64_t,
    size_t, struct webhook_delivery **, size_t *);

#endif
