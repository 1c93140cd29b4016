/*
 * urls.h -- the site's own addresses, as every module that shows an
 * article links to it: the public pages (src/site), the newsroom's
 * preview (src/admin) and the REST API (src/api) must all name the same
 * URL for the same thing.
 *
 * The names keep the site_ prefix: each answers for the site as a
 * whole (the site's origin, the site's path of an article).
 */
#ifndef NG_READER_URLS_H
#define NG_READER_URLS_H

#include <stdint.h>

#include "content/permalink.h"
#include "core/err.h"
#include "core/str.h"

struct arena;
struct article;
struct req;

/*
 * The origin absolute URLs are built on, "scheme://host[:port]" without
 * a trailing slash (in r->arena, or static): the configured base_url,
 * else a Host header naming the listen address, else that address.
 */
const char *site_origin(struct req *r);

/* origin + path (path starts with '/'); NULL when out of memory. */
const char *site_abs(struct req *r, const char *path);

/* base_url of the config joined to path, for links that leave the site. */
const char *site_abs_url(struct req *r, const char *path);

/*
 * The URL of a stored media path: absolute http(s) URLs as they are,
 * others under /media/ of the origin.
 */
const char *site_media_url(struct req *r, struct str path);

/* The site's permalink pattern (content/permalink.h), never NULL. */
const struct permalink *site_permalink(struct req *r);

/*
 * The site path of an article for a view: "/2024/04/slug/" (PV_PAGE),
 * "/2024/04/slug.txt" (PV_TXT), ... in the site's permalink pattern,
 * from its UTC publication date.  Allocated in a; NULL when out of
 * space.  site_art_path() does the same for a whole article in
 * r->arena.
 */
char *site_article_path(struct req *r, struct arena *a, int64_t id,
    struct str slug, int64_t published_at, enum permalink_view view);
char *site_art_path(struct req *r, const struct article *art,
    enum permalink_view view);

/*
 * The published article a permalink match names, by slug (or a slug it
 * had before a rename) or by id, into r->arena.  NG_ENOTFOUND when
 * there is none or it is not public yet.
 */
enum ng_err site_article_hit(struct req *r, const struct permalink_hit *hit,
    struct article **out) NG_WUR;

/*
 * The published article at site path path (any URL shape the site
 * answers for it), for the oEmbed provider.  NG_ENOTFOUND.
 */
enum ng_err site_article_at(struct req *r, struct str path,
    struct article **out) NG_WUR;

#endif
