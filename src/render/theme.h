/*
 * theme.h -- a loaded theme: compiled templates and fingerprinted assets.
 *
 * A theme is a directory with templates/NAME.mustache (each compiled under
 * its base name, e.g. "article"), partials/NAME.mustache (same set, so
 * {{>masthead}} finds partials/masthead.mustache) and css/ (and any other
 * static files) served under /assets/ with a content hash in the name:
 * css/style.css becomes /assets/style.3f2a9c1e.css, cached for a year.
 * The default theme is compiled into the binary (core/embed.h); a
 * theme_dir in the config loads one from disk instead.
 *
 * Immutable once loaded; safe to use from every thread.
 */
#ifndef NG_RENDER_THEME_H
#define NG_RENDER_THEME_H

#include <stddef.h>

#include "core/err.h"
#include "core/str.h"

struct buf;
struct tv;
struct theme;

struct theme_asset {
	const char *path; /* "css/style.css" */
	const char *url;  /* "/assets/style.3f2a9c1e.css" */
	const char *content_type;
	struct str  body;
};

/*
 * Load the theme in dir, or the embedded default theme when dir is NULL.
 * On error, one line naming the file and line goes to errbuf.
 */
enum ng_err theme_load(const char *dir, struct theme **out, char *errbuf,
    size_t errsz) NG_WUR;

void theme_free(struct theme *t);

/*
 * Render template name with ctx into out, in strict-raw mode (only
 * TV_HTML values are emitted unescaped).
 */
enum ng_err theme_render(const struct theme *t, const char *name,
    const struct tv *ctx, struct buf *out) NG_WUR;

/* The asset served at url path, or NULL. */
const struct theme_asset *theme_asset_by_url(const struct theme *t,
    struct str							 url);

/* The fingerprinted URL of the asset at path ("css/style.css"), or NULL. */
const char *theme_asset_url(const struct theme *t, const char *path);

#endif
