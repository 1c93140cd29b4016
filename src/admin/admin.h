/*
 * admin.h -- the newsroom: the /admin/ handlers, the long-lived state
 * they share (login rate limits, the scheduler thread) and the creation
 * of users.
 *
 * Every handler checks the session and the role on the server before it
 * reads or writes anything (admin_int.h, admin_enter()); every admin
 * response is private (Cache-Control: no-store) and cannot be framed.
 */
#ifndef NG_ADMIN_ADMIN_H
#define NG_ADMIN_ADMIN_H

#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "core/str.h"
#include "store/store.h"

/*
 * The session cookie.  Its holder gets cached public pages like anyone
 * (they are the same for everyone); newsroom pages are no-store.
 */
#define ADMIN_SESSION_COOKIE "ng_session"

struct admin;
struct app;
struct arena;
struct ng_config;
struct page;
struct permalink;
struct req;
struct resp;
struct store;

/*
 * Make the newsroom's state for app and start the scheduler thread, which
 * publishes scheduled articles that are due now (those whose time passed
 * while the server was down) and then each one at its time.  Call after
 * the store is open and before the server starts; app must outlive it.
 * On failure one line goes to errbuf.
 */
enum ng_err admin_start(const struct app *app, struct admin **out, char *errbuf,
    size_t errsz) NG_WUR;

/* Stop the scheduler and free everything; NULL is a no-op. */
void admin_stop(struct admin *ad);

/*
 * On a site without users, create the administrator "admin" with a new
 * random password and print the one-time login to f.  Does nothing when
 * users exist.  For `serve --demo` on a new data directory.
 */
enum ng_err admin_demo_login(struct store *st, FILE *f) NG_WUR;

/*
 * --- What the command line (src/cli) does as the newsroom does it:
 * users, settings, and finding articles and pages. ---
 */
/* Parse a decimal id (1..INT64_MAX); 0 when s is not one. */
int64_t admin_parse_id(struct str s);

/*
 * The site settings of the Settings page, for `nutgraf settings`:
 * how many, the key of setting i (NULL past the last), whether v is a
 * good value of it (NULL) or why not, and every stored value (or its
 * default when unset) into values[0..admin_setting_count()).
 */
size_t	    admin_setting_count(void);
const char *admin_setting_key(size_t i);
const char *admin_setting_check(size_t i, struct str v);
enum ng_err admin_settings_load(struct arena *a, struct store *st,
    struct str *values);

/*
 * The public path of a published article in the site's permalink
 * pattern, or NULL.  *pl is the pattern, read from the store into it on
 * first use: pass one zeroed struct permalink for a whole list, so the
 * setting is read once, not once a row.
 */
const char *admin_article_path(struct arena *a, struct store *st,
    struct permalink *pl, int64_t id, struct str slug, int64_t published_at);

/*
 * Create a user with its own byline (an author whose slug comes
 * from the login) and password (hashed here).  NG_EINVAL for a login that
 * admin_login_check() refuses or a password out of bounds, NG_ECONFLICT
 * for a taken login.
 */
enum ng_err admin_user_create(struct arena *a, struct store *st,
    struct str login, struct str name, enum user_role role, struct str password,
    int64_t *id) NG_WUR;
/* A login is 1..STORE_LOGIN_MAX of [A-Za-z0-9._@-]. */
enum ng_err admin_login_check(struct str login) NG_WUR;
/* Any page (any status) by its path "a/b". */
enum ng_err admin_page_by_path(struct arena *a, struct store *st,
    struct str path, struct page **out) NG_WUR;

/* Handlers (routes.c). */
enum ng_err admin_login_form(struct req *r, struct resp *rs);
enum ng_err admin_login_post(struct req *r, struct resp *rs);
/* The second login step (twofactor.c): GET shows it, POST checks. */
enum ng_err admin_login_2fa(struct req *r, struct resp *rs);
enum ng_err admin_logout(struct req *r, struct resp *rs);
enum ng_err admin_dashboard(struct req *r, struct resp *rs);
/* POST /admin/breaking/: the breaking-news banner on or off (breaking.c). */
enum ng_err admin_breaking(struct req *r, struct resp *rs);
enum ng_err admin_articles(struct req *r, struct resp *rs);
enum ng_err admin_article_new(struct req *r, struct resp *rs);
enum ng_err admin_article_edit(struct req *r, struct resp *rs);
enum ng_err admin_revisions(struct req *r, struct resp *rs);
enum ng_err admin_revision(struct req *r, struct resp *rs);
enum ng_err admin_correction_add(struct req *r, struct resp *rs);
/* /admin/articles/{id}/live/: live coverage and its updates (live.c). */
enum ng_err admin_live(struct req *r, struct resp *rs);
enum ng_err admin_preview(struct req *r, struct resp *rs);
enum ng_err admin_autosave(struct req *r, struct resp *rs);
enum ng_err admin_settings(struct req *r, struct resp *rs);
enum ng_err admin_sections(struct req *r, struct resp *rs);
enum ng_err admin_section(struct req *r, struct resp *rs);
enum ng_err admin_tags(struct req *r, struct resp *rs);
enum ng_err admin_tag(struct req *r, struct resp *rs);
enum ng_err admin_authors(struct req *r, struct resp *rs);
enum ng_err admin_author(struct req *r, struct resp *rs);
enum ng_err admin_users(struct req *r, struct resp *rs);
/* The user's own page: application passwords. */
enum ng_err admin_profile(struct req *r, struct resp *rs);
enum ng_err admin_comments(struct req *r, struct resp *rs);
enum ng_err admin_comment_reply(struct req *r, struct resp *rs);
enum ng_err admin_comment_edit(struct req *r, struct resp *rs);
enum ng_err admin_user(struct req *r, struct resp *rs);
/* --- sliders and ads: sliders.c, ads.c --- */
enum ng_err admin_sliders(struct req *r, struct resp *rs);
enum ng_err admin_slider(struct req *r, struct resp *rs);
enum ng_err admin_slide(struct req *r, struct resp *rs);
enum ng_err admin_ads(struct req *r, struct resp *rs);
enum ng_err admin_ad_slot(struct req *r, struct resp *rs);
enum ng_err admin_ad(struct req *r, struct resp *rs);
/* --- static pages and menus: pages.c, menus.c --- */
enum ng_err admin_pages(struct req *r, struct resp *rs);
enum ng_err admin_page_new(struct req *r, struct resp *rs);
enum ng_err admin_page_edit(struct req *r, struct resp *rs);
enum ng_err admin_page_revisions(struct req *r, struct resp *rs);
enum ng_err admin_page_revision(struct req *r, struct resp *rs);
enum ng_err admin_menus(struct req *r, struct resp *rs);
enum ng_err admin_menu(struct req *r, struct resp *rs);
enum ng_err admin_menu_item(struct req *r, struct resp *rs);
/*
 * Tools: WordPress import (a background job) and export (tools.c).  An
 * uploaded export may be ADMIN_IMPORT_MAX bytes (the server's body_max
 * caps it too); bigger files go through "nutgraf import wordpress".
 */
#define ADMIN_IMPORT_MAX (256u * 1024 * 1024)
enum ng_err admin_tools(struct req *r, struct resp *rs);
enum ng_err admin_tools_import(struct req *r, struct resp *rs);
enum ng_err admin_tools_export(struct req *r, struct resp *rs);
/* webhooks.c: the list and a new webhook; one webhook and its log */
enum ng_err admin_webhooks(struct req *r, struct resp *rs);
enum ng_err admin_webhook(struct req *r, struct resp *rs);
/* media.c: GET, POST /admin/media/ (the library and the upload form) */
enum ng_err admin_media(struct req *r, struct resp *rs);
/* media_item.c: GET, POST /admin/media/{id}/ (edit the text; delete) */
enum ng_err admin_media_item(struct req *r, struct resp *rs);
/* media.c: POST /admin/articles/{id}/featured/ (field media; 0: none) */
enum ng_err admin_featured(struct req *r, struct resp *rs);
/* pins.c: POST /admin/articles/{id}/pin/ (field pin: 1 or 0) */
enum ng_err admin_article_pin(struct req *r, struct resp *rs);

/*
 * --- preview.c: unpublished articles shown whole (routes.c joins these
 * to site_article_preview()). ---
 * admin_preview_allowed(): 1 with *id when the request's session may
 * edit the article of the first capture; else 0, the answer (login
 * redirect, 403) in rs or a failure in *err.
 * admin_preview_link_find(): the article and expiry of the live link
 * whose token is the first capture; NG_ENOTFOUND for a token that is
 * unknown, expired or revoked.
 * admin_preview_links(): GET, POST /admin/articles/{id}/preview-links/,
 * where links are made (shown once) and revoked.
 */
int	    admin_preview_allowed(struct req *r, struct resp *rs, int64_t *id,
	    enum ng_err *err);
enum ng_err admin_preview_link_find(struct req *r, int64_t *id,
    int64_t *expires_at) NG_WUR;
enum ng_err admin_preview_links(struct req *r, struct resp *rs);

/*
 * --- mail.c: mail for the newsroom (jobs/mail.h). ---
 * admin_forgot(): GET, POST /admin/forgot, "Forgot password?": asks for
 * the account's email address and mails a reset link, with the same
 * answer whether or not an account has it.
 * admin_reset(): GET, POST /admin/reset?token=..., where the link's
 * holder chooses a new password (once, within the hour).
 * admin_mail_event(): the mail a write calls for, called with every
 * webhook event (app->event): an article moved to pending is announced
 * to the editors, a new comment to its article's authors.
 */
enum ng_err admin_forgot(struct req *r, struct resp *rs);
enum ng_err admin_reset(struct req *r, struct resp *rs);
void admin_mail_event(struct req *r, const char *kind, int64_t id, int from,
    int to);

#endif
