/*
 * discovery.h -- how readers and machines find the news:
 * feeds (feed.c with feed_rss.c, feed_atom.c, feed_json.c), sitemaps
 * (sitemap.c), search (search.c), and the metadata and related articles
 * of every page (meta.c).
 */
#ifndef NG_SITE_DISCOVERY_H
#define NG_SITE_DISCOVERY_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

struct article;
struct req;
struct resp;
struct view;

/*
 * Feeds.  The site's: /feed/ (RSS 2.0), /feed/atom/ (Atom), /feed.json
 * and /feed/json/ (JSON Feed 1.1).  A section's, tag's or author's:
 * /category/SLUG/feed/, /tag/SLUG/feed/, /author/SLUG/feed/, each with
 * atom/ and json/ below it.  The archive kind is read from the path.
 */
enum ng_err site_feed_rss(struct req *r, struct resp *rs);
enum ng_err site_feed_atom(struct req *r, struct resp *rs);
enum ng_err site_feed_json(struct req *r, struct resp *rs);

/*
 * Sitemaps (sitemaps.org 0.9): /sitemap.xml is the index, naming
 * /sitemaps/pages.xml and /sitemaps/articles-N.xml (N from 1, at most
 * STORE_SITEMAP_MAX URLs each); /news-sitemap.xml lists the last 48
 * hours with the Google News extension.
 */
enum ng_err site_sitemap_index(struct req *r, struct resp *rs);
enum ng_err site_sitemap_part(struct req *r, struct resp *rs);
enum ng_err site_news_sitemap(struct req *r, struct resp *rs);

/* Number of article sitemap files for total articles, per per file. */
size_t sitemap_nfiles(size_t total, size_t per);

/* The Sitemap: lines robots.txt appends (absolute URLs, in r->arena). */
const char *sitemap_robots_lines(struct req *r);

/* /search?q=...&page=N */
enum ng_err site_search(struct req *r, struct resp *rs);

/*
 * Page metadata.  discovery_article() adds an article's Open Graph and
 * Twitter tags, NewsArticle and BreadcrumbList JSON-LD and its related
 * articles ("related_articles") to the view; discovery_archive() the
 * feeds and breadcrumbs of an archive whose first page is base;
 * discovery_page() (from view_render(), for every page) fills in what is
 * still missing: site-wide feeds, canonical Open Graph URL, WebSite
 * JSON-LD with its SearchAction.  None fails: a store error only leaves
 * a part out.
 */
void discovery_article(struct view *v, const struct article *a);
void discovery_archive(struct view *v, const char *base, struct str name);
/*
 * An author's page: a ProfilePage whose main entity is the byline, a
 * Person or (a desk) an Organization, with its photo (photo_url, or
 * NULL), bio and links.
 */
struct author;
void discovery_author(struct view *v, const struct author *au, const char *base,
    const char *photo_url);
void discovery_page(struct view *v);

#endif
