/*
 * admin_int.h -- shared internals of the newsroom handlers (src/admin).
 *
 * A handler's first line is admin_enter(): it finds the session from the
 * cookie, checks the user's role has the capability the page needs and,
 * for a state-changing request, the CSRF token; it answers the request
 * itself (a redirect to the login page, 403) when any check fails.  What
 * each role may do is data: the capability table in perm.c.
 */
#ifndef NG_ADMIN_ADMIN_INT_H
#define NG_ADMIN_ADMIN_INT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "admin/admin.h"
#include "core/err.h"
#include "core/str.h"
#include "store/store.h"

struct app;
struct arena;
struct ratelimit;
struct req;
struct resp;
struct tv;

/* Sessions: idle and absolute lifetimes (seconds). */
#define ADMIN_SESSION_IDLE (2 * 3600)
#define ADMIN_SESSION_MAX  (12 * 3600)
/* last_seen is written at most this often (seconds). */
#define ADMIN_SESSION_TOUCH 60
#define ADMIN_LOGIN_COOKIE  "ng_login" /* login form's CSRF pair */

/* Request bodies the newsroom's forms may send (bytes). */
#define ADMIN_FORM_MAX	     (4u * 1024 * 1024)
#define ADMIN_SMALL_FORM_MAX (64u * 1024)

#define ADMIN_PER_PAGE 25

/*
 * Content-Security-Policy of newsroom pages: like the public one, plus
 * the newsroom's own small scripts (preview, autosave) and their fetches
 * back to the server.
 */
#define ADMIN_CSP                                                      \
	"default-src 'none'; script-src 'self'; style-src 'self'; "    \
	"img-src 'self' data:; media-src 'self'; connect-src 'self'; " \
	"form-action 'self'; "                                         \
	"base-uri 'none'; frame-ancestors 'none'; frame-src 'self'"
/*
 * The editor's preview (a page in a frame of the editor): no script,
 * framed only by our own pages; its ad frames (/ad/ID/frame) as on the
 * site.
 */
#define ADMIN_FRAME_CSP                                                \
	"default-src 'none'; style-src 'self'; img-src 'self' data:; " \
	"font-src 'self'; form-action 'self'; base-uri 'none'; "       \
	"frame-ancestors 'self'; frame-src 'self'"

#include "admin/roles.h"

/* The newsroom's long-lived state, made by admin_start() (admin.c). */
struct admin {
	const struct app   *app;
	struct ratelimit   *logins; /* failed logins */
	struct loginbudget *budget; /* failures per account */
	struct sched	   *sched;
	struct import_job  *imports; /* Tools > Import */
	struct warm	   *warm;    /* deferred image variants */
};

/* One request inside the newsroom, after admin_enter() said yes. */
struct admin_ctx {
	struct req	 *r;
	struct resp	 *rs;
	struct arena	 *a;
	struct store	 *st;
	const struct app *app;
	struct user	 *user;
	struct session	 *sess;
	struct str	  tz;	      /* the site's time zone; "": UTC */
	int		  must_enrol; /* admin_2fa_missing() */
};

/* perm.c: the role table and the article rules: admin/roles.h. */

/*
 * session.c.  Check the request: a live session (else a 303 to the login
 * page for GET/HEAD, 403 otherwise), the capability (else 403) and, for
 * any other method than GET/HEAD, the CSRF token in the form field
 * "csrf" or the X-CSRF-Token header and a same-origin Origin header when
 * one is sent (else 403).  Returns 1 with ctx filled, or 0 when rs
 * already holds the answer (the handler then returns NG_OK).
 */
int admin_enter(struct req *r, struct resp *rs, enum admin_cap cap,
    struct admin_ctx *ctx);

/*
 * The login form's failure limits, for the other doors (application
 * passwords): 1 when login may try from this address now, else 0 with
 * *retry_s; and record the outcome of a try.
 */
int  admin_login_allowed(struct req *r, struct str login, int64_t *retry_s);
void admin_login_note(struct req *r, struct str login, int ok);
/*
 * May this client ask for a password reset of key ("reset:" and the
 * address) now?  1, and the ask counted; else 0 with the wait.
 */
int admin_reset_take(struct req *r, struct str key, int64_t *retry_s);

/*
 * session.c, shared with the second login step (twofactor.c).
 * admin_ctx_init(): a ctx with no user yet.  admin_set_cookie(): an
 * HttpOnly, SameSite=Lax cookie (Secure on an https site); max_age 0
 * clears it.  admin_token_shape(): exactly AUTH_TOKEN_HEX lowercase hex
 * digits.  admin_origin_ok(): no Origin header, or our own.
 * admin_safe_next(): next when it is a plain /admin/ path, else
 * "/admin/".  admin_session_start(): a new session for u, its cookie
 * set.
 */
void admin_ctx_init(struct admin_ctx *ctx, struct req *r, struct resp *rs);
void admin_set_cookie(struct req *r, struct resp *rs, const char *name,
    const char *value, const char *path, long max_age);
int  admin_token_shape(struct str t);
int  admin_origin_ok(struct req *r);
const char *admin_safe_next(struct str next);
enum ng_err admin_session_start(struct admin_ctx *ctx,
    const struct user				 *u) NG_WUR;

/*
 * The login limits, for every step of a login: milliseconds before
 * login may be tried again from this address (per address, per account
 * and address, and the account's budget across all addresses; 0: now);
 * the message that says so, with its Retry-After header set; and the
 * outcome of a try (a wrong password or code counts against all three;
 * success clears the account's counts).
 */
int64_t	    admin_login_wait(struct req *r, struct str login);
const char *admin_login_limited(struct req *r, struct resp *rs,
    int64_t wait_ms);
void	    admin_login_failed(struct req *r, struct str login);
void	    admin_login_succeeded(struct req *r, struct str login);

/*
 * twofactor.c.  After a right password for u, who has two-factor login
 * on: record a challenge, set its cookie and send the browser to the
 * code page, which returns to next.
 */
enum ng_err admin_2fa_challenge(struct admin_ctx *ctx, const struct user *u,
    const char *next) NG_WUR;
/*
 * 1 when ctx->user's role must use two-factor login (the setting
 * "twofactor_roles") and the user has not set it up: the newsroom then
 * lets them do nothing but set it up (admin_enter()).
 */
int admin_2fa_missing(struct admin_ctx *ctx);
/* The setting's value is a comma list of role names (or empty). */
int admin_2fa_roles_valid(struct str v);
/*
 * The profile page's two-factor section.  admin_2fa_action() does one
 * of its actions (a "2fa-..." value of the form's action; NG_ENOTFOUND
 * for another) and says how to answer in *out; admin_2fa_view() puts
 * the section's values, and that outcome (NULL: none), into root.
 */
struct admin_2fa_result {
	const char *error;    /* shown in the section */
	int	    status;   /* of the page */
	const char *redirect; /* a 303 there instead of a page */
	const char *codes[STORE_RECOVERY_CODES]; /* new, shown once */
	size_t	    ncodes;
};
enum ng_err admin_2fa_action(struct admin_ctx *ctx, struct str action,
    struct admin_2fa_result *out) NG_WUR;
enum ng_err admin_2fa_view(struct admin_ctx *ctx, struct tv *root,
    const struct admin_2fa_result *res) NG_WUR;

/*
 * The dashboard (revisions.c) with status; breaking, when not NULL, is
 * the breaking-news form as submitted (breaking.c: a refused one).
 */
enum ng_err admin_dashboard_page(struct admin_ctx *ctx, struct tv *breaking,
    int status) NG_WUR;

/*
 * breaking.c: "breaking" of the dashboard's root: the banner on now and
 * the form to switch one on (form: as submitted, or NULL for a new one
 * lasting two hours).  Editors only.
 */
enum ng_err admin_breaking_view(struct admin_ctx *ctx, struct tv *root,
    struct tv *form) NG_WUR;

/* The newsroom state of the running server (never NULL in serve). */
struct admin *admin_of(const struct req *r);

/*
 * view.c.  A new page view: the signed-in user, the CSRF token, the
 * navigation allowed for the role, the admin stylesheet and script, and
 * a flash message chosen by the "msg" query parameter from a fixed list
 * (never echoed).  ctx may have no user (the login page).
 */
struct tv *admin_view(struct admin_ctx *ctx, const char *title);

/*
 * Render template name with root as a private HTML page with status
 * into ctx->rs.
 */
enum ng_err admin_render(struct admin_ctx *ctx, struct tv *root,
    const char *name, int status) NG_WUR;

/*
 * A 403 page saying why (static text): only for what the user's role or
 * session may not do.  admin_refuse(): the same page with another
 * status and title, for a request no form of ours sends (an unknown
 * action: 400).  What a person typed wrong is a re-rendered form
 * (admin_form_fault()), never one of these.
 */
enum ng_err admin_forbidden(struct admin_ctx *ctx, const char *why) NG_WUR;
enum ng_err admin_refuse(struct admin_ctx *ctx, int status, const char *title,
    const char *why) NG_WUR;

/*
 * Article id for a user who may edit it: NG_OK with *out; NG_ENOTFOUND
 * for no such article; or *answered set with a 403 in ctx->rs.
 */
enum ng_err admin_article_for_edit(struct admin_ctx *ctx, int64_t id,
    struct article **out, int *answered) NG_WUR;

/*
 * Mark the field at fault in a form's template map: "fault" (the
 * sentence, shown under the field), "bad_<field>" (true) and
 * "fault_summary" ("Nothing was saved. <label>: <why>", shown above the
 * form).  labels maps field names to the labels the form shows; a
 * { NULL, NULL } row ends it.  Templates read these keys only inside
 * the form's own map, so no other form on the page is marked.
 */
struct admin_field_label {
	const char *field;
	const char *label;
};
void admin_form_fault(struct admin_ctx *ctx, struct tv *form,
    const struct admin_field_label *labels, const struct store_fault *f);

/* A 303 to location (a path of ours) with the private headers. */
void admin_redirect(struct admin_ctx *ctx, const char *location);

/* The private headers every newsroom response carries. */
void admin_private(struct req *r, struct resp *rs);
/*
 * admin_private() for a page our own pages may frame (the preview):
 * it replaces the headers admin_render() set.
 */
void admin_framable(struct req *r, struct resp *rs);

/*
 * articles.c.  "YYYY-MM-DDTHH:MM[:SS]" (an <input type=datetime-local>)
 * in the site's zone to Unix time, 0 when it is not one; and the public
 * path of a
 * published article ("/2024/04/slug/", from its UTC date, as the site
 * builds it), NULL without a date.
 */
int64_t admin_parse_local_time(const struct admin_ctx *ctx, struct str s);
/* The value for a datetime-local input: t in the site's zone ("" for 0). */
const char *admin_local_time_value(const struct admin_ctx *ctx, int64_t t);
/* admin_save_unique(): admin/editor.h. */
#include "admin/editor.h"

/* "2024-04-25 10:00 Europe/Paris": t in the site's zone, into buf. */
void admin_fmt_time(const struct admin_ctx *ctx, int64_t t, char *buf,
    size_t sz);

/*
 * A form field, trimmed of surrounding ASCII space, or "" when absent.
 * Allocated in the request arena.
 */
struct str admin_field(struct req *r, const char *name);

/*
 * The bylines of art into out[0..STORE_AUTHORS_MAX): author_ids when
 * set, else the authors a lookup filled, else author_id.  Returns how
 * many.
 */
size_t admin_bylines_of(const struct article *art, int64_t *out);

/*
 * The bylines the form names: every "author" field in order (the
 * editor's repeated selects), empty ones and repeats skipped, into
 * buf[0..STORE_AUTHORS_MAX); art's author_ids and author_id are set
 * from them (none: no byline).
 */
enum ng_err admin_bylines_parse(struct admin_ctx *ctx, int64_t *buf,
    struct article *art) NG_WUR;

/*
 * Every value of field name, in order (checkbox lists, bulk actions), at
 * most max of them.  *n gets the count; values live in the arena.
 */
enum ng_err admin_field_all(struct req *r, const char *name, struct str *out,
    size_t max, size_t *n) NG_WUR;

/*
 * A login as a log line may show it: a login that is an email
 * address, or not a well-formed login at all (someone may have typed
 * their password into the field), is withheld.
 */
struct str admin_log_name(struct str login);

/* 1 when e looks like an email address worth sending mail to. */
int admin_email_ok(struct str e);

/* Media (media.c). */
/*
 * The editor's featured image panel (articles.c): the current image as
 * "featured_image", the recent library as "media_choices" and
 * "can_upload".  Failures leave the panel out.
 */
/*
 * The Markdown that shows image m in a body, with its caption and
 * credit ([caption]...[/caption] when it has either), from a; NULL for
 * audio, video or no memory.
 */
const char *admin_media_snippet(struct arena *a, const struct media *m);

/*
 * The editor's media: article_id's featured image and its choices, and
 * the body's picker (each library image's Markdown); article_id 0, a new
 * article, gets the picker alone.
 */
void admin_media_editor(struct admin_ctx *ctx, struct tv *root,
    int64_t article_id);

/*
 * live.c: the editor page's live coverage panel ("live" of root): start
 * or end it, the compact update form, the latest updates.
 */
void admin_live_editor(struct admin_ctx *ctx, struct tv *root,
    const struct article *art);

/*
 * The value of a text field of a multipart/form-data request body (the
 * upload form's CSRF token), or STR_NULL.
 */
struct str admin_multipart_field(struct req *r, const char *name);

/*
 * revisions.c: the history pages of an article or a page:
 * the list of revisions, and one compared with the current text or with
 * another (with, NULL for the current).  base is the subject's editor
 * path ("/admin/pages/7/"); restoring posts to base + "revisions/ID/".
 */
struct admin_history {
	int64_t	    id;
	struct str  title;
	int64_t	    version;
	struct str  body; /* current source */
	const char *base;
	/* An article's other fields (revfields.c); NULL for a page. */
	const struct revision *fields;
	int		       live; /* restoring changes what readers see */
};

/*
 * revfields.c: the current article as a revision with every field; the
 * fields that differ from old to new as template rows (label, old, new;
 * NULL when either revision predates them); and a revision's fields put
 * into art for a restore, its tags into tags[] and its featured image
 * into *featured (left alone when the revision has none).  apply returns
 * NULL, or why a field was left as it is (a section, byline or picture
 * deleted since).
 */
enum ng_err admin_revision_of_article(struct admin_ctx *ctx,
    const struct article *art, struct revision *out) NG_WUR;
struct tv  *admin_revision_fields_diff(struct admin_ctx *ctx,
     const struct revision *old, const struct revision *new);
const char *admin_revision_apply(struct admin_ctx *ctx, struct article *art,
    const struct revision *rev, struct str *tags, size_t *ntags, size_t maxtags,
    int64_t *featured);

/*
 * articles.c: the article list (error: why a bulk action was refused,
 * shown above it with the ticked ids still ticked); bulk.c: the list's
 * bulk action, answered with a redirect or with that page.
 */
enum ng_err admin_articles_page(struct admin_ctx *ctx, const char *error,
    int status, const struct str *ids, size_t nids) NG_WUR;
enum ng_err admin_articles_bulk(struct admin_ctx *ctx) NG_WUR;

/* articles.c: split "a, b ,c" into at most max trimmed non-empty names. */
size_t admin_tags_split(struct str s, struct str *out, size_t max);

enum ng_err admin_history_list(struct admin_ctx *ctx,
    const struct admin_history *h, const struct revision *v, size_t n) NG_WUR;
/* error: why a restore did nothing, shown above the comparison. */
enum ng_err admin_history_compare(struct admin_ctx *ctx,
    const struct admin_history *h, const struct revision *rev,
    const struct revision *with, const char *error, int status) NG_WUR;

/*
 * pins.c: whether ctx's user may pin articles to the front page; every
 * pinned article's id (any status); whether id is among ids; pin or
 * unpin id, writing only when that changes anything.
 */
int	    admin_may_pin(const struct admin_ctx *ctx);
enum ng_err admin_pinned_ids(struct admin_ctx *ctx, int64_t **ids,
    size_t *n) NG_WUR;
int	    admin_id_in(const int64_t *ids, size_t n, int64_t id);
enum ng_err admin_article_set_pin(struct admin_ctx *ctx, int64_t id,
    int on) NG_WUR;

/*
 * comforts.c: the body's word count and reading time as a template map
 * (words, one_word, minutes, wpm, shortcodes: the names the script
 * counts by); and the editor's comforts into root: "stats", and
 * "snippet", the search-result and card preview of art (what the form
 * shows; cur, the stored article or NULL, gives its address and
 * featured image) with their warnings.
 */
struct tv *admin_body_stats(struct admin_ctx *ctx, struct str body);
void	   admin_editor_comforts(struct admin_ctx *ctx, struct tv *root,
	  const struct article *art, const struct article *cur);

#endif
