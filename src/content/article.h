/*
 * article.h -- preparing an article for the store.
 *
 * Every write of an article (the newsroom editor, the importer, the demo
 * loader) goes through article_save(): it checks the fields, makes the
 * slug, renders the Markdown body to HTML and text once, here, and makes
 * sure the tags exist, so the store only ever holds validated, rendered
 * articles and readers' requests never run the Markdown renderer.
 */
#ifndef NG_CONTENT_ARTICLE_H
#define NG_CONTENT_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

struct arena;
struct article;
struct store;

/* Field limits in bytes (the body's is MARKDOWN_MAX). */
#define ARTICLE_TITLE_MAX	300
#define ARTICLE_KICKER_MAX	100
#define ARTICLE_DEK_MAX		1000
#define ARTICLE_SOURCE_NAME_MAX 200
#define ARTICLE_URL_MAX		2048
#define ARTICLE_SEO_TITLE_MAX	300
#define ARTICLE_SEO_DESC_MAX	1000
#define ARTICLE_TAG_NAME_MAX	100
#define ARTICLE_TAGS_MAX	50

/*
 * Check art and its tag names without touching the store: title present
 * (not only spaces), every text field within its limit, valid UTF-8 and,
 * except the body, free of control characters; the slug, when given, a
 * well-formed slug (slug_valid()); source_url, when given, an http:// or
 * https:// URL with a host, and so canonical_url when given; the status
 * a known one; at most ARTICLE_TAGS_MAX tags, each
 * 1..ARTICLE_TAG_NAME_MAX bytes of valid UTF-8 with a slug.  Returns
 * NG_OK, NG_EINVAL or NG_ETOOBIG; on failure *why (if why is not NULL)
 * gets a short static English sentence for the editor naming the field,
 * e.g. "The title is required.".
 */
enum ng_err article_check(const struct article *art,
    const struct str *tag_names, size_t ntags, const char **why) NG_WUR;

/*
 * Validate and save art with the tags named tag_names[0..ntags) (in that
 * order; repeats are dropped), as one new revision:
 *   - article_check() must pass;
 *   - an empty art->slug is made from the title with slug_make();
 *   - art->body_html and art->body_text are rendered from art->body_md;
 *   - a published article without published_at gets the current time;
 *   - each tag is created if needed (store_tag_ensure(), slug from its
 *     name), then store_article_save() writes everything.
 * art is updated in place (slug, body_html, body_text, published_at; the
 * new bytes live in arena a) so the caller sees what was stored; *id gets
 * the article's id.  Returns NG_OK; NG_EINVAL or NG_ETOOBIG for bad input;
 * NG_ECONFLICT when the slug belongs to another article; NG_ENOMEM when a
 * is exhausted; NG_EDB from the store.
 */
enum ng_err article_save(struct arena *a, struct store *st, struct article *art,
    const struct str *tag_names, size_t ntags, int64_t *id) NG_WUR;

/*
 * --- shortcodes ---
 * As article_save(), and *w[0..*nw) get the warnings about shortcodes
 * in the body that were left out (content/shortcode.h), for the editor
 * to show; w may be NULL.  The body is rendered by
 * shortcode_render_body(), so body_html holds no shortcode text, only
 * the markers the site expands, and body_text the text-view forms.
 * article_save() is this with w NULL.
 */
struct shortcode_warning;
enum ng_err article_save_ex(struct arena *a, struct store *st,
    struct article *art, const struct str *tag_names, size_t ntags, int64_t *id,
    struct shortcode_warning **w, size_t *nw) NG_WUR;

/*
 * The words before byline i of n, so that bylines read "A", "A and B",
 * "A, B and C": "" for the first, " and " for the last of several, ", "
 * between.  A static string.
 */
const char *article_byline_sep(size_t i, size_t n);

#endif
