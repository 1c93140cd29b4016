/*
 * site_int.h -- shared internals of the public handlers.
 *
 * view.c builds the parts every page has (site title, section
 * navigation, stylesheet URL), turns store rows into template values,
 * formats dates and paginates, so each handler is a short list of store
 * reads followed by one view_render().
 */
#ifndef NG_SITE_SITE_INT_H
#define NG_SITE_SITE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"
#include "reader/urls.h"

struct arena;
struct article;
struct req;
struct resp;
struct section;
struct tv;

#define SITE_PER_PAGE	     10	    /* stories per listing page */
#define SITE_PAGE_MAX	     100000 /* larger page numbers are 404 */
#define SITE_FRONT_SECTIONS  8	    /* section blocks on the front page */
#define SITE_SECTION_STORIES 4	    /* stories per section block */
/* Section blocks above the fold: "Latest" does not repeat their stories. */
#define SITE_FRONT_FOLD_BLOCKS 2
#define SITE_MOST_READ	       10 /* articles the most-read list keeps */
#define SITE_MOST_READ_SHOWN   5  /* and shows */

#define SITE_CACHE_PAGE	 "public, max-age=60, stale-while-revalidate=600"
#define SITE_CACHE_ASSET "public, max-age=31536000, immutable"
#define SITE_CACHE_NONE	 "no-store"

#define SITE_HTML "text/html; charset=utf-8"

/* Characters of a page's <title> at most (view_head()). */
#define TITLE_MAX 70
#define SITE_TEXT "text/plain; charset=utf-8"

/*
 * A moment as the theme shows it, in the site's time zone: ISO 8601 with
 * its offset for <time>, words for people.
 */
struct site_date {
	char iso[80];	/* "2024-04-25T11:00:00+01:00", "...Z" in UTC */
	char human[64]; /* "April 25, 2024" */
	char time[32];	/* "11:00 BST" */
	int  year, month, day;
};

/* The view of one page under construction, in the request arena. */
struct view {
	struct req     *r;
	struct arena   *a;
	struct tv      *root;
	struct str	site_name; /* settings "title" or the config's */
	struct str	tagline;
	struct section *sections; /* navigation order */
	size_t		nsections;
	int64_t		section_id; /* the page's section (for ads), 0 */
	/* The ad slots, read once for the page (view_ad_slots()). */
	struct ad_slot *slots;
	size_t		nslots;
	int		slots_read;
	/*
	 * Rendered for one reader (a held comment, saved details): sent
	 * no-store and noindex, never kept by the page cache.
	 */
	int private_page;
	/* Articles live now (view_live()), read once for the page. */
	int64_t *live_ids;
	size_t	 nlive;
	int	 live_read;
	/* An article page's live coverage and its updates (live.c). */
	const struct live_coverage *live;
	const struct live_update   *live_updates;
	size_t			    nlive_updates;
};

/*
 * Parse a page-number capture: decimal digits only, no leading zero, at
 * most SITE_PAGE_MAX.  NG_ENOTFOUND for anything else, so /page/x/ and
 * /page/007/ are 404s rather than aliases.
 */
enum ng_err site_page_parse(struct str s, size_t *page) NG_WUR;

/* Pages needed for total items; at least 1 (an empty list has a page). */
size_t site_npages(size_t total);

/*
 * Fill d from Unix time t in the site's time zone (the "timezone"
 * setting of r's store; UTC when r is NULL or the zone is unset).
 * Returns 0 if t cannot be represented.
 */
int site_date_fmt(struct req *r, int64_t t, struct site_date *d);

/*
 * The site's UTC offset and zone abbreviation at t (zone.c); 0 when the
 * site keeps UTC (offset 0, abbr untouched).
 */
int site_zone_at(struct req *r, int64_t t, int32_t *off, char abbr[16]);

/*
 * The site's ad slots, from the store on the first call for the page
 * and remembered in v after it (the body's slots and the page's share
 * them).
 */
enum ng_err view_ad_slots(struct view *v, struct ad_slot **out,
    size_t *n) NG_WUR;

/* The comments feed of article a in the format of view (PV_FEED*). */
enum ng_err site_feed_article(struct req *r, struct resp *rs,
    const struct article *a, enum permalink_view view) NG_WUR;

/*
 * The path of page n of a listing whose first page is base ("/",
 * "/category/world/"): base itself for page 1, else base + "page/N/".
 */
char *site_page_path(struct arena *a, const char *base, size_t n);

/*
 * Start the view of a page: site title and tagline (store settings, the
 * config title as fallback), section navigation marking cur_section as
 * current, the stylesheet URL and the year.  lenient (the error page)
 * ignores store failures and builds what it can; otherwise a store error
 * is returned.
 */
enum ng_err view_init(struct view *v, struct req *r, int64_t cur_section,
    int lenient) NG_WUR;

/* Set the <title> text, meta description and canonical path. */
void view_head(struct view *v, const char *title, struct str description,
    const char *canonical);

/* An article as a listing card (url, kicker, title, dek, date, ...). */
struct tv *view_card(struct view *v, const struct article *art);
/*
 * The bylines of art for a template: a map whose "authors" list has
 * name, url and sep (the words before it: "", ", ", " and ") of each;
 * NULL when the article has none.
 */
struct tv *view_byline(struct view *v, const struct article *art);

/* A list of cards for arts[from..n). */
struct tv *view_cards(struct view *v, const struct article *arts, size_t from,
    size_t n);

/*
 * The pagination block of page of npages under base, or NULL (stored as
 * null, so the partial renders nothing) when there is only one page.
 */
struct tv *view_pagination(struct arena *a, const char *base, size_t page,
    size_t npages);

/*
 * Render template name with the view into rs as a 200 HTML page with the
 * public page cache policy.  NG_ENOMEM when the arena ran out while the
 * view was built, or the render's error.
 */
enum ng_err view_render(struct view *v, struct resp *rs,
    const char *name) NG_WUR;

/*
 * As view_render() without the page furniture: no metadata, no ads, no
 * API Link header -- for documents shown inside another page (the
 * oEmbed card).
 */
enum ng_err view_render_bare(struct view *v, struct resp *rs,
    const char *name) NG_WUR;

/* --- archives (archive.c), shared with the date archives */
enum archive_kind {
	ARCHIVE_SECTION,
	ARCHIVE_TAG,
	ARCHIVE_AUTHOR,
	ARCHIVE__MAX /* none of those: a date archive */
};

/* What an archive page lists and how it is named and linked. */
struct site_archive {
	enum archive_kind    kind;
	const char	    *label; /* "Section", "Archive" */
	struct str	     name;
	struct str	     description;
	const char	    *base;	   /* path of its first page */
	const char	    *canonical;	   /* NULL: base */
	size_t		     page;	   /* 1.. */
	int64_t		     section_id;   /* for the navigation */
	int		     empty_is_404; /* no stories: not found */
	const struct author *author;	   /* an author's page: the profile */
};

struct article_query;
/*
 * Render page ar->page of the archive of q (offset and limit are set
 * here) with the archive template; NG_ENOTFOUND past the last page.
 */
enum ng_err site_archive_list(struct req *r, struct resp *rs,
    const struct site_archive *ar, struct article_query *q) NG_WUR;

/*
 * WordPress's query links on the front page (wpcompat.c): 1 when the
 * query is one (?p=, ?page_id=, ?attachment_id=, ?s=) and *err says how
 * it was answered, 0 when the front page should render.
 */
int site_wp_query(struct req *r, struct resp *rs, enum ng_err *err);

/*
 * Set "menu_primary" and "menu_footer" of v's root to the menus
 * assigned there (menu.c); unset when none is, so the theme
 * shows the section list instead.
 */
enum ng_err view_menus(struct view *v) NG_WUR;

/* A static page's URL, "/" path "/", in a. */
char *site_static_path(struct arena *a, struct str path);

/*
 * "most_read" of v's root: the most-read list (mostread.c) as cards,
 * without article skip (the page's own); unset when empty.
 */
enum ng_err view_most_read(struct view *v, int64_t skip) NG_WUR;

/* --- ads: ads.c (the slots' ads come from reader/shortcodes.h) --- */
/*
 * The article page's part: replace the "body" of the view's "article"
 * with the expanded body (slots placed after paragraph N inserted), and
 * set "ad_below" to the slots placed below the article.
 */
enum ng_err site_shortcodes_article(struct view *v,
    const struct article			*a) NG_WUR;

/*
 * Put the ads of the header, sidebar and front-block slots into v's
 * root ("ad_header", "ad_sidebar", "ad_after" of front block N),
 * targeted at v->section_id.  view_render() calls it for every HTML
 * page; when the store fails the page simply shows no ads.
 */
void site_ads_page(struct view *v);

/* --- live coverage: live.c --- */
struct buf;
struct live_coverage;
struct live_update;
/* 1 when article id is live now: the "Live" label of lists. */
int view_live(struct view *v, int64_t id);
/*
 * "live" of v's root for article a when it has (or had) coverage: key
 * points, updates newest first, and while it is live the script's
 * address and interval; sets v->live for the JSON-LD.
 */
enum ng_err site_live_article(struct view *v, const struct article *a) NG_WUR;
/* After the render: a live page's script policy and cache policy. */
void site_live_response(struct view *v, struct resp *rs);
/* The text view's updates of a (none when it never had coverage). */
void site_live_text(struct req *r, const struct article *a, struct buf *b);
/* An update's headline for structured data: its first line, cut. */
struct str site_live_headline(struct arena *a, struct str text);

/* --- comments --- */
struct article;
struct buf;
struct comment_form; /* comments.c: a submitted form to show again */

/*
 * Render the article page of a (article.c), with the comments block
 * built from form (NULL: the empty form), as a 200 cacheable page; the
 * comment handler resets status and cache policy when it shows a form.
 */
enum ng_err site_article_page(struct req *r, struct resp *rs, struct article *a,
    const struct comment_form *form) NG_WUR;

/*
 * Set "comments" in v's root: approved comments threaded, their count,
 * the ?comment= notice, and the form (or nothing when comments are
 * closed) with ?replytocom= or the submitted form applied.  comments.c.
 */
/* POST a comment to article a (see site_comment_post_wp() in site.h). */
enum ng_err site_comment_post_article(struct req *r, struct resp *rs,
    struct article *a) NG_WUR;

enum ng_err comments_view(struct view *v, const struct article *a,
    const struct comment_form *form) NG_WUR;

/*
 * --- commenter.c: the "save my name" cookie and held comments' links ---
 * commenter_saved(): the saved author, email and website (out[0..2]),
 * 1 when the request carries them.  commenter_cookie_parse(): the same
 * from a cookie value (pure).  commenter_remember(): set the cookie on
 * rs when consent, else clear one the request carries.
 * commenter_held_hash(): the moderation hash of a held comment (the
 * site's key made on first use); NULL when it cannot be made.
 * commenter_held_ok(): 1 when hash is comment c's.
 */
struct comment;
int  commenter_saved(struct req *r, struct str out[3]);
int  commenter_cookie_parse(struct arena *a, struct str v, struct str out[3]);
void commenter_remember(struct req *r, struct resp *rs, int consent,
    struct str author, struct str email, struct str url);
const char *commenter_held_hash(struct req *r, int64_t id, int64_t created_at);
int commenter_held_ok(struct req *r, const struct comment *c, struct str hash);

/* GET of an article's comment address: the page, the form filled in. */
enum ng_err site_comment_form_page(struct req *r, struct resp *rs,
    struct article *a) NG_WUR;

/* Append the text view's line about comments (none when there are none). */
void comments_txt(struct req *r, const struct article *a, struct buf *b);

#endif
