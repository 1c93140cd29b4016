/*
 * routes.c -- THE route table (STYLE.md pattern 1): the only file that
 * sees every handler module, and the hooks that wire them into the
 * server.
 *
 * Order matters only where patterns overlap: the first route that
 * matches path and method wins, so a literal-prefixed route goes before
 * a generic one of the same shape.  router_check() (run at start and by
 * tests/unit/http/test_routes.c) refuses a table where an earlier route
 * steals paths from a later one.
 *
 * The table lives here, above http/, so that the server links without
 * any handler (its unit test runs it with a table of its own).
 */
#include <stddef.h>
#include <stdint.h>

#include "admin/admin.h"
#include "api/api.h"
#include "http/acme.h"
#include "http/metrics.h"
#include "http/resp.h"
#include "http/router.h"
#include "http/server.h"
#include "media/media.h"
#include "routes.h"
#include "site/discovery.h"
#include "site/site.h"

/* Public pages take no request body. */
#define NOBODY 0
/* A comment form: see the comment routes below. */
#define COMMENT_BODY (800u * 1024)
/* Newsroom forms: an article (Markdown up to 1 MB, form-encoded). */
#define ADMIN_BODY	 (4u * 1024 * 1024)
#define ADMIN_SMALL_BODY (64u * 1024)
/* The REST API: every method; api.c answers what it lacks. */
#define API_ANY                                                   \
	(ROUTE_GETHEAD | ROUTE_M(HTTP_POST) | ROUTE_M(HTTP_PUT) | \
	    ROUTE_M(HTTP_PATCH) | ROUTE_M(HTTP_DELETE) |          \
	    ROUTE_M(HTTP_OPTIONS))

static enum ng_err front_or_api(struct req *, struct resp *);
static enum ng_err preview_newsroom(struct req *, struct resp *);
static enum ng_err preview_link(struct req *, struct resp *);

const struct route routes[] = {
	/* The front page, and the API's ?rest_route=. */
	{ "/", API_ANY, front_or_api, API_REQUEST_MAX, "front" },
	{ "/page/{}/", ROUTE_GETHEAD, site_front, NOBODY, "front_page" },
	{ "/category/{}/", ROUTE_GETHEAD, site_section, NOBODY, "section" },
	{ "/category/{}/page/{}/", ROUTE_GETHEAD, site_section, NOBODY,
	    "section_page" },
	/*
	 * --- nested sections: /category/parent/child/; after
	 * the literal /category/{}/page/ and /feed/ routes they cover.
	 */
	{ "/category/{}/{}/page/{}/", ROUTE_GETHEAD, site_section_nested_page,
	    NOBODY, "section_nested_page" },
	{ "/tag/{}/", ROUTE_GETHEAD, site_tag, NOBODY, "tag" },
	{ "/tag/{}/page/{}/", ROUTE_GETHEAD, site_tag, NOBODY, "tag_page" },
	{ "/author/{}/", ROUTE_GETHEAD, site_author, NOBODY, "author" },
	{ "/author/{}/page/{}/", ROUTE_GETHEAD, site_author, NOBODY,
	    "author_page" },
	{ "/assets/{}", ROUTE_GETHEAD, site_asset, NOBODY, "asset" },
	{ "/healthz", ROUTE_GETHEAD, site_healthz, NOBODY, "healthz" },
	/* what a live page's script asks every live_poll seconds */
	{ "/live/{}/updates", ROUTE_GETHEAD, site_live_poll, NOBODY,
	    "live_poll" },
	{ "/readyz", ROUTE_GETHEAD, site_readyz, NOBODY, "readyz" },
	{ "/robots.txt", ROUTE_GETHEAD, site_robots, NOBODY, "robots" },
	/* certbot --webroot: challenge files from acme_webroot */
	{ "/.well-known/acme-challenge/{}", ROUTE_GETHEAD, acme_handler, NOBODY,
	    "acme" },
	/* --- metrics: loopback only unless metrics_public --- */
	{ "/metrics", ROUTE_GETHEAD, metrics_handler, NOBODY, "metrics" },
	/* --- feeds, sitemaps, search --- */
	{ "/feed/", ROUTE_GETHEAD, site_feed_rss, NOBODY, "feed" },
	{ "/feed/atom/", ROUTE_GETHEAD, site_feed_atom, NOBODY, "feed_atom" },
	{ "/feed/json/", ROUTE_GETHEAD, site_feed_json, NOBODY, "feed_json" },
	{ "/feed.json", ROUTE_GETHEAD, site_feed_json, NOBODY,
	    "feed_json_file" },
	{ "/category/{}/feed/", ROUTE_GETHEAD, site_feed_rss, NOBODY,
	    "section_feed" },
	{ "/category/{}/feed/atom/", ROUTE_GETHEAD, site_feed_atom, NOBODY,
	    "section_feed_atom" },
	{ "/category/{}/feed/json/", ROUTE_GETHEAD, site_feed_json, NOBODY,
	    "section_feed_json" },
	{ "/tag/{}/feed/", ROUTE_GETHEAD, site_feed_rss, NOBODY, "tag_feed" },
	{ "/tag/{}/feed/atom/", ROUTE_GETHEAD, site_feed_atom, NOBODY,
	    "tag_feed_atom" },
	{ "/tag/{}/feed/json/", ROUTE_GETHEAD, site_feed_json, NOBODY,
	    "tag_feed_json" },
	{ "/author/{}/feed/", ROUTE_GETHEAD, site_feed_rss, NOBODY,
	    "author_feed" },
	{ "/author/{}/feed/atom/", ROUTE_GETHEAD, site_feed_atom, NOBODY,
	    "author_feed_atom" },
	{ "/author/{}/feed/json/", ROUTE_GETHEAD, site_feed_json, NOBODY,
	    "author_feed_json" },
	{ "/comments/feed/", ROUTE_GETHEAD, site_feed_rss, NOBODY,
	    "comments_feed" },
	{ "/comments/feed/atom/", ROUTE_GETHEAD, site_feed_atom, NOBODY,
	    "comments_feed_atom" },
	{ "/comments/feed/json/", ROUTE_GETHEAD, site_feed_json, NOBODY,
	    "comments_feed_json" },
	{ "/sitemap.xml", ROUTE_GETHEAD, site_sitemap_index, NOBODY,
	    "sitemap" },
	{ "/sitemaps/{}.xml", ROUTE_GETHEAD, site_sitemap_part, NOBODY,
	    "sitemap_part" },
	{ "/news-sitemap.xml", ROUTE_GETHEAD, site_news_sitemap, NOBODY,
	    "news_sitemap" },
	{ "/search", ROUTE_GETHEAD, site_search, NOBODY, "search" },
	/*
	 * --- the REST API : /wp-json/ and the routes below it,
	 * with or without the last slash, matched again inside api.c.
	 */
	{ "/wp-json", API_ANY, api_handler, API_REQUEST_MAX, "api_root" },
	{ "/wp-json/", API_ANY, api_handler, API_REQUEST_MAX,
	    "api_root_slash" },
	{ "/wp-json/{}", API_ANY, api_handler, API_REQUEST_MAX, "api_1" },
	{ "/wp-json/{}/", API_ANY, api_handler, API_REQUEST_MAX,
	    "api_1_slash" },
	{ "/wp-json/{}/{}", API_ANY, api_handler, API_REQUEST_MAX, "api_2" },
	{ "/wp-json/{}/{}/", API_ANY, api_handler, API_REQUEST_MAX,
	    "api_2_slash" },
	{ "/wp-json/{}/{}/{}", API_ANY, api_handler, API_REQUEST_MAX, "api_3" },
	{ "/wp-json/{}/{}/{}/", API_ANY, api_handler, API_REQUEST_MAX,
	    "api_3_slash" },
	{ "/wp-json/{}/{}/{}/{}", API_ANY, api_handler, API_REQUEST_MAX,
	    "api_4" },
	{ "/wp-json/{}/{}/{}/{}/", API_ANY, api_handler, API_REQUEST_MAX,
	    "api_4_slash" },
	/*
	 * --- WordPress addresses (site/wpcompat.c); /?p=,
	 * /?page_id=, /?attachment_id= and /?s= are the front page's.
	 * Upload paths up to REQ_MAXCAPS segments ("2019/05/a.jpg").
	 */
	{ "/feed/rss2/", ROUTE_GETHEAD, site_feed_rss, NOBODY, "feed_rss2" },
	{ "/feed/rss/", ROUTE_GETHEAD, site_feed_rss, NOBODY, "feed_rss" },
	{ "/feed/rdf/", ROUTE_GETHEAD, site_feed_rss, NOBODY, "feed_rdf" },
	{ "/wp-sitemap.xml", ROUTE_GETHEAD, site_sitemap_index, NOBODY,
	    "wp_sitemap" },
	{ "/wp-admin/", ROUTE_GETHEAD, site_wp_admin, NOBODY, "wp_admin" },
	{ "/wp-admin/{}", ROUTE_GETHEAD, site_wp_admin, NOBODY,
	    "wp_admin_page" },
	{ "/wp-login.php", ROUTE_GETHEAD | ROUTE_M(HTTP_POST), site_wp_login,
	    ADMIN_SMALL_BODY, "wp_login" },
	{ "/wp-content/uploads/{}", ROUTE_GETHEAD, site_wp_upload, NOBODY,
	    "wp_upload1" },
	{ "/wp-content/uploads/{}/{}", ROUTE_GETHEAD, site_wp_upload, NOBODY,
	    "wp_upload2" },
	{ "/wp-content/uploads/{}/{}/{}", ROUTE_GETHEAD, site_wp_upload, NOBODY,
	    "wp_upload3" },
	{ "/wp-content/uploads/{}/{}/{}/{}", ROUTE_GETHEAD, site_wp_upload,
	    NOBODY, "wp_upload4" },
	/* --- shortcodes, sliders, ads --- */
	{ "/ad/{}/frame", ROUTE_GETHEAD, site_ad_frame, NOBODY, "ad_frame" },
	{ "/house-ads/{}.svg", ROUTE_GETHEAD, site_house_ad_svg, NOBODY,
	    "house_ad" },
	/*
	 * --- newsroom: every handler checks the session, the
	 * role and (for POST) the CSRF token itself, in admin_enter().
	 */
	{ "/admin/", ROUTE_GETHEAD, admin_dashboard, NOBODY, "admin" },
	{ "/admin/breaking/", ROUTE_M(HTTP_POST), admin_breaking,
	    ADMIN_SMALL_BODY, "admin_breaking" },
	{ "/admin/login", ROUTE_GETHEAD, admin_login_form, NOBODY,
	    "admin_login" },
	{ "/admin/login", ROUTE_M(HTTP_POST), admin_login_post,
	    ADMIN_SMALL_BODY, "admin_login_post" },
	{ "/admin/login/2fa", ROUTE_GETHEAD | ROUTE_M(HTTP_POST),
	    admin_login_2fa, ADMIN_SMALL_BODY, "admin_login_2fa" },
	{ "/admin/logout", ROUTE_M(HTTP_POST), admin_logout, ADMIN_SMALL_BODY,
	    "admin_logout" },
	{ "/admin/forgot", ROUTE_GETHEAD | ROUTE_M(HTTP_POST), admin_forgot,
	    ADMIN_SMALL_BODY, "admin_forgot" },
	{ "/admin/reset", ROUTE_GETHEAD | ROUTE_M(HTTP_POST), admin_reset,
	    ADMIN_SMALL_BODY, "admin_reset" },
	{ "/admin/articles/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST),
	    admin_articles, ADMIN_SMALL_BODY, "admin_articles" },
	{ "/admin/articles/new/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST),
	    admin_article_new, ADMIN_BODY, "admin_article_new" },
	{ "/admin/articles/{}/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST),
	    admin_article_edit, ADMIN_BODY, "admin_article" },
	{ "/admin/articles/{}/revisions/", ROUTE_GETHEAD, admin_revisions,
	    NOBODY, "admin_revisions" },
	{ "/admin/articles/{}/revisions/{}/",
	    ROUTE_GETHEAD | ROUTE_M(HTTP_POST), admin_revision,
	    ADMIN_SMALL_BODY, "admin_revision" },
	{ "/admin/articles/{}/corrections/", ROUTE_M(HTTP_POST),
	    admin_correction_add, ADMIN_SMALL_BODY, "admin_correction" },
	{ "/admin/articles/{}/live/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST),
	    admin_live, ADMIN_SMALL_BODY, "admin_live" },
	{ "/admin/articles/{}/pin/", ROUTE_M(HTTP_POST), admin_article_pin,
	    ADMIN_SMALL_BODY, "admin_article_pin" },
	{ "/admin/preview", ROUTE_M(HTTP_POST), admin_preview, ADMIN_BODY,
	    "admin_preview" },
	/* The whole page of an unpublished article (glue below). */
	{ "/admin/articles/{}/preview/", ROUTE_GETHEAD, preview_newsroom,
	    NOBODY, "admin_article_preview" },
	{ "/admin/articles/{}/preview-links/",
	    ROUTE_GETHEAD | ROUTE_M(HTTP_POST), admin_preview_links,
	    ADMIN_SMALL_BODY, "admin_preview_links" },
	{ "/preview/{}", ROUTE_GETHEAD, preview_link, NOBODY, "preview_link" },
	{ "/admin/autosave", ROUTE_M(HTTP_POST), admin_autosave, ADMIN_BODY,
	    "admin_autosave" },
	{ "/admin/settings/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST),
	    admin_settings, ADMIN_SMALL_BODY, "admin_settings" },
	{ "/admin/sections/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST),
	    admin_sections, ADMIN_SMALL_BODY, "admin_sections" },
	{ "/admin/sections/{}/", ROUTE_M(HTTP_POST), admin_section,
	    ADMIN_SMALL_BODY, "admin_section" },
	{ "/admin/tags/", ROUTE_GETHEAD, admin_tags, NOBODY, "admin_tags" },
	{ "/admin/tags/{}/", ROUTE_M(HTTP_POST), admin_tag, ADMIN_SMALL_BODY,
	    "admin_tag" },
	{ "/admin/authors/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST), admin_authors,
	    ADMIN_SMALL_BODY, "admin_authors" },
	{ "/admin/authors/{}/", ROUTE_M(HTTP_POST), admin_author,
	    ADMIN_SMALL_BODY, "admin_author" },
	{ "/admin/profile/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST), admin_profile,
	    ADMIN_SMALL_BODY, "admin_profile" },
	{ "/admin/users/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST), admin_users,
	    ADMIN_SMALL_BODY, "admin_users" },
	{ "/admin/users/{}/", ROUTE_M(HTTP_POST), admin_user, ADMIN_SMALL_BODY,
	    "admin_user" },
	{ "/admin/comments/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST),
	    admin_comments, ADMIN_SMALL_BODY, "admin_comments" },
	{ "/admin/comments/{}/", ROUTE_M(HTTP_POST), admin_comment_reply,
	    ADMIN_BODY, "admin_comment_reply" },
	{ "/admin/comments/{}/edit/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST),
	    admin_comment_edit, ADMIN_BODY, "admin_comment_edit" },
	/* --- sliders and ads --- */
	{ "/admin/sliders/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST), admin_sliders,
	    ADMIN_SMALL_BODY, "admin_sliders" },
	{ "/admin/sliders/{}/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST),
	    admin_slider, ADMIN_SMALL_BODY, "admin_slider" },
	{ "/admin/sliders/{}/slides/{}/", ROUTE_M(HTTP_POST), admin_slide,
	    ADMIN_SMALL_BODY, "admin_slide" },
	{ "/admin/ads/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST), admin_ads,
	    ADMIN_BODY, "admin_ads" },
	{ "/admin/ads/slots/{}/", ROUTE_M(HTTP_POST), admin_ad_slot,
	    ADMIN_SMALL_BODY, "admin_ad_slot" },
	{ "/admin/ads/{}/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST), admin_ad,
	    ADMIN_BODY, "admin_ad" },
	/* --- static pages and menus --- */
	{ "/admin/pages/", ROUTE_GETHEAD, admin_pages, NOBODY, "admin_pages" },
	{ "/admin/pages/new/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST),
	    admin_page_new, ADMIN_BODY, "admin_page_new" },
	{ "/admin/pages/{}/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST),
	    admin_page_edit, ADMIN_BODY, "admin_page" },
	{ "/admin/pages/{}/revisions/", ROUTE_GETHEAD, admin_page_revisions,
	    NOBODY, "admin_page_revisions" },
	{ "/admin/pages/{}/revisions/{}/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST),
	    admin_page_revision, ADMIN_SMALL_BODY, "admin_page_revision" },
	{ "/admin/menus/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST), admin_menus,
	    ADMIN_SMALL_BODY, "admin_menus" },
	{ "/admin/menus/{}/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST), admin_menu,
	    ADMIN_SMALL_BODY, "admin_menu" },
	{ "/admin/menus/{}/items/{}/", ROUTE_M(HTTP_POST), admin_menu_item,
	    ADMIN_SMALL_BODY, "admin_menu_item" },
	/* --- webhooks: administrators only (admin/webhooks.c) --- */
	{ "/admin/webhooks/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST),
	    admin_webhooks, ADMIN_SMALL_BODY, "admin_webhooks" },
	{ "/admin/webhooks/{}/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST),
	    admin_webhook, ADMIN_SMALL_BODY, "admin_webhook" },
	/* --- Tools: WordPress import (a background job) and export --- */
	{ "/admin/tools/", ROUTE_GETHEAD, admin_tools, NOBODY, "admin_tools" },
	{ "/admin/tools/import/", ROUTE_M(HTTP_POST), admin_tools_import,
	    ADMIN_IMPORT_MAX, "admin_tools_import" },
	{ "/admin/tools/export", ROUTE_GETHEAD, admin_tools_export, NOBODY,
	    "admin_tools_export" },
	/*
	 * --- media: uploads up to MEDIA_UPLOAD_MAX (and the
	 * server-wide body_max); /media/ serves only names we wrote.
	 */
	{ "/media/{}/{}.jpg", ROUTE_GETHEAD, site_media, NOBODY, "media_jpg" },
	{ "/media/{}/{}.webp", ROUTE_GETHEAD, site_media, NOBODY,
	    "media_webp" },
	{ "/media/{}/{}.png", ROUTE_GETHEAD, site_media, NOBODY, "media_png" },
	{ "/media/{}/{}.gif", ROUTE_GETHEAD, site_media, NOBODY, "media_gif" },
	/* Audio and video files, served in byte ranges for seeking. */
	{ "/media/{}/{}", ROUTE_GETHEAD, site_media_av, NOBODY, "media_av" },
	{ "/admin/media/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST), admin_media,
	    MEDIA_UPLOAD_MAX, "admin_media" },
	{ "/admin/media/{}/", ROUTE_GETHEAD | ROUTE_M(HTTP_POST),
	    admin_media_item, ADMIN_SMALL_BODY, "admin_media_item" },
	{ "/admin/articles/{}/featured/", ROUTE_M(HTTP_POST), admin_featured,
	    ADMIN_SMALL_BODY, "admin_featured" },
	/*
	 * --- comments: a comment of the longest allowed text
	 * (65,525 characters, up to 4 bytes each, 3 bytes per byte when
	 * form-encoded) must arrive whole, so that the worst case gets its
	 * form back with a message instead of a bare 413.
	 */
	{ "/wp-comments-post.php", ROUTE_M(HTTP_POST), site_comment_post_wp,
	    COMMENT_BODY, "comment_post_wp" },
	/*
	 * Nested sections after every literal /category/{}/...
	 * route they would otherwise cover.
	 */
	{ "/category/{}/{}/", ROUTE_GETHEAD, site_section_nested, NOBODY,
	    "section_nested" },
	{ "/category/{}/{}/{}/", ROUTE_GETHEAD, site_section_nested, NOBODY,
	    "section_nested3" },
	/*
	 * Last, what a setting shapes: date archives, static pages and
	 * articles (their shape is the permalink setting), in that order
	 * (site/page.c); the articles' part also takes the comment form's
	 * POST to the article's own URL + "comment".
	 */
	{ ROUTE_FALLBACK, ROUTE_GETHEAD | ROUTE_M(HTTP_POST), site_fallback,
	    COMMENT_BODY, "article" },
};
const size_t nroutes = sizeof(routes) / sizeof(routes[0]);

/*
 * "/": the front page, or an API call in WordPress's plain-permalink
 * form (/?rest_route=/wp/v2/posts), which may use any method.
 */
static enum ng_err
front_or_api(struct req *r, struct resp *rs)
{
	enum ng_err err;

	if (api_rest_route(r, rs, &err))
		return err;
	if (r->method != HTTP_GET && r->method != HTTP_HEAD) {
		resp_header_add(r, rs, "Allow", "GET, HEAD");
		site_error(r, rs, 405, NULL);
		return NG_OK;
	}
	return site_front(r, rs);
}

/*
 * An unpublished article's page: the newsroom decides who may see it
 * (admin/preview.c), the site draws it as readers will see it
 * (site/article.c).
 */
static enum ng_err
preview_newsroom(struct req *r, struct resp *rs)
{
	enum ng_err err;
	int64_t	    id;

	if (!admin_preview_allowed(r, rs, &id, &err))
		return err;
	return site_article_preview(r, rs, id, 0);
}

/* The same through a shared link, for people outside the newsroom. */
static enum ng_err
preview_link(struct req *r, struct resp *rs)
{
	enum ng_err err;
	int64_t	    id, expires_at;

	err = admin_preview_link_find(r, &id, &expires_at);
	if (err == NG_ENOTFOUND) {
		site_error(r, rs, 404,
		    "This preview link does not work: it has expired, was "
		    "revoked, or was copied incompletely.");
		rs->cache_control = "no-store";
		resp_header_add(r, rs, "X-Robots-Tag", "noindex");
		return NG_OK;
	}
	if (err != NG_OK)
		return err;
	return site_article_preview(r, rs, id, expires_at);
}

/* Errors under /wp-json/ are WordPress's JSON bodies, not pages. */
static void
route_error(struct req *r, struct resp *rs, int status, const char *msg)
{
	if (api_is_api_request(r))
		api_error(r, rs, status);
	else
		site_error(r, rs, status, msg);
}

const struct server_hooks routes_hooks = { routes,
	sizeof(routes) / sizeof(routes[0]), route_error, site_read_note };

/*
 * Whether a top-level URL segment belongs to a route: a
 * static page may not take it, and the answer comes from the table
 * itself so no copy of it can drift.  "feed" is taken by /feed/ and
 * "sitemap.xml" by /sitemap.xml; the fallback takes nothing.
 */
int
routes_segment_taken(struct str seg)
{
	return router_segment_taken(routes, nroutes, seg);
}
