/*
 * article.c -- validate, slug, render and save an article.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/arena.h"
#include "content/article.h"
#include "content/markdown.h"
#include "content/shortcode.h"
#include "content/permalink.h"
#include "content/slug.h"
#include "core/utf8.h"
#include "store/store.h"

/* How a text field is checked. */
enum field_kind {
	FIELD_LINE, /* one line: no control characters */
	FIELD_BODY, /* multi-line: tab, LF and CR allowed */
};

/* Non-zero when s has a C0 control (other than those body allows) or DEL. */
static int
has_controls(struct str s, enum field_kind kind)
{
	size_t	      i;
	unsigned char c;

	for (i = 0; i < s.n; i++) {
		c = (unsigned char)s.p[i];
		if (kind == FIELD_BODY && (c == '\t' || c == '\n' || c == '\r'))
			continue;
		if (c < 0x20 || c == 0x7f)
			return 1;
	}
	return 0;
}

/*
 * Check one field; on failure set *why to the message for its name.  The
 * messages are spelled out per field (below) rather than formatted, so
 * *why stays a static string the caller need not free or copy.
 */
struct field {
	struct str	s;
	size_t		max;
	enum field_kind kind;
	const char     *too_long;
	const char     *bad_text;
};

static enum ng_err
field_check(const struct field *f, const char **why)
{
	if (f->s.n > f->max) {
		*why = f->too_long;
		return NG_ETOOBIG;
	}
	if (!utf8_valid(f->s.p, f->s.n) || has_controls(f->s, f->kind)) {
		*why = f->bad_text;
		return NG_EINVAL;
	}
	return NG_OK;
}

/* Non-zero when s is only ASCII spaces, tabs and the like (or empty). */
static int
blank(struct str s)
{
	size_t i;

	for (i = 0; i < s.n; i++)
		if (s.p[i] != ' ' && s.p[i] != '\t' && s.p[i] != '\n' &&
		    s.p[i] != '\r')
			return 0;
	return 1;
}

/*
 * An absolute http(s) URL with a non-empty host and no spaces (field
 * checks have already refused control characters).  Enough to keep
 * "javascript:" and typos out of the source link; the URL itself is
 * escaped wherever it is written.
 */
static int
http_url(struct str u)
{
	size_t i, skip;

	if (u.n > 7 && strncasecmp(u.p, "http://", 7) == 0)
		skip = 7;
	else if (u.n > 8 && strncasecmp(u.p, "https://", 8) == 0)
		skip = 8;
	else
		return 0;
	if (u.p[skip] == '/' || u.p[skip] == '?' || u.p[skip] == '#' ||
	    u.p[skip] == ':' || u.p[skip] == '@')
		return 0;
	for (i = skip; i < u.n; i++)
		if (u.p[i] == ' ')
			return 0;
	return 1;
}

enum ng_err
article_check(const struct article *art, const struct str *tag_names,
    size_t ntags, const char **why)
{
	const struct field fields[] = {
		{ art->title, ARTICLE_TITLE_MAX, FIELD_LINE,
		    "The title is too long.",
		    "The title contains invalid characters." },
		{ art->kicker, ARTICLE_KICKER_MAX, FIELD_LINE,
		    "The kicker is too long.",
		    "The kicker contains invalid characters." },
		{ art->dek, ARTICLE_DEK_MAX, FIELD_LINE,
		    "The standfirst is too long.",
		    "The standfirst contains invalid characters." },
		{ art->source_name, ARTICLE_SOURCE_NAME_MAX, FIELD_LINE,
		    "The source name is too long.",
		    "The source name contains invalid characters." },
		{ art->source_url, ARTICLE_URL_MAX, FIELD_LINE,
		    "The source URL is too long.",
		    "The source URL contains invalid characters." },
		{ art->body_md, MARKDOWN_MAX, FIELD_BODY,
		    "The body is too long.",
		    "The body contains invalid characters." },
		{ art->seo_title, ARTICLE_SEO_TITLE_MAX, FIELD_LINE,
		    "The SEO title is too long.",
		    "The SEO title contains invalid characters." },
		{ art->seo_description, ARTICLE_SEO_DESC_MAX, FIELD_LINE,
		    "The SEO description is too long.",
		    "The SEO description contains invalid characters." },
		{ art->legacy_url, ARTICLE_URL_MAX, FIELD_LINE,
		    "The legacy URL is too long.",
		    "The legacy URL contains invalid characters." },
		{ art->canonical_url, ARTICLE_URL_MAX, FIELD_LINE,
		    "The canonical URL is too long (at most 2048 bytes).",
		    "The canonical URL contains invalid characters." },
	};
	const char *dummy;
	enum ng_err err;
	size_t	    i;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	if (blank(art->title)) {
		*why = "The title is required.";
		return NG_EINVAL;
	}
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if ((err = field_check(&fields[i], why)) != NG_OK)
			return err;
	if (art->slug.n > 0 && !slug_valid(art->slug)) {
		*why = "The slug may hold only a-z, 0-9 and single dashes.";
		return art->slug.n > SLUG_MAX ? NG_ETOOBIG : NG_EINVAL;
	}
	if (permalink_slug_reserved(art->slug)) {
		*why = "That slug is a word the site's own pages use (feed, "
		       "tag, page, ...); choose another.";
		return NG_EINVAL;
	}
	if (art->slug.n == 0 && !slug_possible(art->title)) {
		*why = "The title has no letters to make a slug of; "
		       "enter a slug.";
		return NG_EINVAL;
	}
	if (art->source_url.n > 0 && !http_url(art->source_url)) {
		*why = "The source URL must start with http:// or https://.";
		return NG_EINVAL;
	}
	/*
	 * A relative canonical would resolve against whatever page shows
	 * it; search engines want it absolute (RFC 6596 section 5).
	 */
	if (art->canonical_url.n > 0 && !http_url(art->canonical_url)) {
		*why = "The canonical URL must be a full address starting "
		       "with http:// or https://.";
		return NG_EINVAL;
	}
	if ((unsigned)art->status >= ARTICLE__MAX) {
		*why = "The status is not a known one.";
		return NG_EINVAL;
	}
	if (art->author_id < 0 || art->section_id < 0 || art->related_id < 0 ||
	    (art->id != 0 && art->related_id == art->id)) {
		*why = "The author, section or related article is invalid.";
		return NG_EINVAL;
	}
	if (ntags > ARTICLE_TAGS_MAX) {
		*why = "Too many tags.";
		return NG_ETOOBIG;
	}
	for (i = 0; i < ntags; i++) {
		if (tag_names[i].n > ARTICLE_TAG_NAME_MAX) {
			*why = "A tag name is too long.";
			return NG_ETOOBIG;
		}
		if (!utf8_valid(tag_names[i].p, tag_names[i].n) ||
		    has_controls(tag_names[i], FIELD_LINE) ||
		    !slug_possible(tag_names[i])) {
			*why = "A tag name needs letters or digits and no "
			       "invalid characters.";
			return NG_EINVAL;
		}
	}
	return NG_OK;
}

enum ng_err
article_save(struct arena *a, struct store *st, struct article *art,
    const struct str *tag_names, size_t ntags, int64_t *id)
{
	return article_save_ex(a, st, art, tag_names, ntags, id, NULL, NULL);
}

enum ng_err
article_save_ex(struct arena *a, struct store *st, struct article *art,
    const struct str *tag_names, size_t ntags, int64_t *id,
    struct shortcode_warning **w, size_t *nw)
{
	int64_t	   *tag_ids = NULL;
	size_t	    i, k, n;
	struct str  slug;
	enum ng_err err;

	*id = 0;
	if (w != NULL) {
		*w = NULL;
		*nw = 0;
	}
	if ((err = article_check(art, tag_names, ntags, NULL)) != NG_OK)
		return err;
	if (ntags > 0 &&
	    (tag_ids = arena_calloc(a, ntags, sizeof(*tag_ids))) == NULL)
		return NG_ENOMEM;
	if (art->slug.n == 0) {
		if ((err = slug_make(a, art->title, &slug)) != NG_OK)
			return err;
		/* A story titled "Feed" is /2024/08/feed-2/, as in WordPress. */
		if (permalink_slug_reserved(slug) &&
		    (slug = str_c(
			 arena_printf(a, "%.*s-2", (int)slug.n, slug.p)))
			    .p == NULL)
			return NG_ENOMEM;
		art->slug = slug;
	}
	/*
	 * Markdown with shortcodes, or an imported HTML body
	 *: see content/shortcode.h.
	 */
	if (art->format == BODY_HTML)
		err = shortcode_render_html(a, st, art->body_md,
		    &art->body_html, &art->body_text, w, nw, NULL);
	else
		err = shortcode_render_body(a, st, art->body_md,
		    &art->body_html, &art->body_text, w, nw);
	if (err != NG_OK)
		return err;
	if (art->status == ARTICLE_PUBLISHED && art->published_at == 0)
		art->published_at = (int64_t)time(NULL);
	for (n = i = 0; i < ntags; i++) {
		if ((err = slug_make(a, tag_names[i], &slug)) != NG_OK)
			return err;
		if ((err = store_tag_ensure(st, tag_names[i], slug,
			 &tag_ids[n])) != NG_OK)
			return err;
		/* A tag named twice is listed once, where it came first. */
		for (k = 0; k < n && tag_ids[k] != tag_ids[n]; k++)
			;
		if (k == n)
			n++;
	}
	return store_article_save(st, art, tag_ids, n, id);
}

const char *
article_byline_sep(size_t i, size_t n)
{
	if (i == 0)
		return "";
	return i + 1 == n ? " and " : ", ";
}
