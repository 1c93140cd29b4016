/*
 * site.h -- the public (reader-facing) handlers.
 *
 * Each handler reads from the store, builds a template view (render/tv.h)
 * and renders it with the theme into the response.  Handlers never write
 * SQL and never build HTML by hand.
 */
#ifndef NG_SITE_SITE_H
#define NG_SITE_SITE_H

#include "core/err.h"
#include "core/str.h"

#include <stdint.h>

struct app;
struct req;
struct resp;

enum ng_err site_front(struct req *r, struct resp *rs); /* / and /page/{}/ */
/*
 * The router's fallback: every URL of an article in the site's
 * permalink pattern (/2024/08/slug/, .txt, /comment, /feed/...), and
 * 301s from older shapes; 404 for anything else.
 */
enum ng_err site_article(struct req *r, struct resp *rs);
/*
 * The router's fallback (page.c): date archives, static
 * pages, then site_article(), then pages' old paths; see page.c for the
 * precedence.
 */
enum ng_err site_fallback(struct req *r, struct resp *rs);
/*
 * The page of article id (any status but trashed) exactly as readers
 * will see it, under a "Preview - not published" bar, never cached nor
 * indexed; expires_at, when not 0, is when the shared link that opened
 * it stops working (the bar says so).  Whoever calls it has decided the
 * request may see the article (routes.c).  A published article that is
 * out already gets a 303 to its public address instead.
 */
enum ng_err site_article_preview(struct req *r, struct resp *rs, int64_t id,
    int64_t expires_at);
enum ng_err site_section(struct req *r,
    struct resp			    *rs); /* /category/{}/ [page/{}/] */
/* --- /category/a/b/ [page/{}/], parents' slugs first --- */
enum ng_err site_section_nested(struct req *r, struct resp *rs);
enum ng_err site_section_nested_page(struct req *r, struct resp *rs);
enum ng_err site_tag(struct req *r, struct resp *rs); /* /tag/{}/ [page/{}/] */
enum ng_err site_author(struct req *r,
    struct resp			   *rs); /* /author/{}/ [page/{}/] */
enum ng_err site_asset(struct req *r, struct resp *rs);	  /* /assets/{} */
enum ng_err site_healthz(struct req *r, struct resp *rs); /* /healthz */
/* /live/{id}/updates?after=N: what a live page's script asks (live.c). */
enum ng_err site_live_poll(struct req *r, struct resp *rs);
enum ng_err site_readyz(struct req *r, struct resp *rs); /* /readyz */
enum ng_err site_robots(struct req *r, struct resp *rs); /* /robots.txt */
/* GET /media/{key}/{width}.jpg and .webp (media.c) */
enum ng_err site_media(struct req *r, struct resp *rs);
/* GET /media/{key}/media.mp3 (and the other audio and video names). */
enum ng_err site_media_av(struct req *r, struct resp *rs);

/*
 * Fill rs with the themed error page for status (404, 405, 400, 500, ...)
 * and an optional human message.  Never fails: falls back to plain text.
 * server.c calls it for unrouted paths and for handler errors.
 */
void site_error(struct req *r, struct resp *rs, int status,
    const char *message);

/*
 * --- WordPress addresses: wpcompat.c ---
 * /wp-admin/... and /wp-login.php: 302 to the newsroom;
 * /wp-content/uploads/<captures...>: 301 to the media file the importer
 * recorded for that upload path (sized copies too), else 404.
 */
enum ng_err site_wp_admin(struct req *r, struct resp *rs);
enum ng_err site_wp_login(struct req *r, struct resp *rs);
enum ng_err site_wp_upload(struct req *r, struct resp *rs);

/*
 * --- most read: mostread.c ---
 * site_read_note(): count a read of article id unless the user agent is
 * software (site_read_is_bot()); the server's read hook.
 * site_mostread_start(): the counter and its thread (every
 * most_read_refresh seconds: counts to the store, the list made again);
 * site_mostread_stop() saves what is counted and frees it.
 */
void	    site_read_note(const struct app *app, int64_t id, struct str ua);
int	    site_read_is_bot(struct str ua);
enum ng_err site_mostread_start(struct app *app) NG_WUR;
void	    site_mostread_stop(struct app *app);

/* --- ads: ads.c --- */
/* GET /ad/{id}/frame: a code ad's document, sandboxed (own CSP). */
enum ng_err site_ad_frame(struct req *r, struct resp *rs) NG_WUR;

/* GET /house-ads/{n}.svg: the built-in house-ad images. */
enum ng_err site_house_ad_svg(struct req *r, struct resp *rs) NG_WUR;

/* --- comments: comments.c --- */
/*
 * POST a comment to /wp-comments-post.php (WordPress's endpoint, naming
 * the article by the form's comment_post_ID, so migrated themes keep
 * working); the article's own endpoint, its permalink + "comment", goes
 * through site_article().  Answers 303 to the article, or the article
 * page with the form kept and a message (400, 409, 429, 503), or 403
 * when comments are closed, or 404.
 */
enum ng_err site_comment_post_wp(struct req *r, struct resp *rs);

#endif
