/*
 * slug.h -- URL slugs for articles, sections, tags and authors.
 *
 * A slug is what follows the date in /2024/04/<slug>/ and what names a tag
 * in /tag/<slug>/: lowercase ASCII letters, digits and single dashes, with
 * no dash at either end.  Titles are in any language, so common accented
 * Latin letters are transliterated (e -> e for é, ss for ß) before
 * everything else becomes a dash.
 */
#ifndef NG_CONTENT_SLUG_H
#define NG_CONTENT_SLUG_H

#include "core/err.h"
#include "core/str.h"

struct arena;

/* Longest slug made (bytes); longer ones are cut at a dash. */
#define SLUG_MAX 200

/*
 * Make the slug of title (UTF-8; invalid bytes count as separators) in
 * arena a:
 *   - ASCII letters are lowercased, digits kept;
 *   - Latin-1 Supplement and Latin Extended-A letters (U+00C0..U+017F)
 *     are transliterated (é -> e, ü -> u, ß -> ss, Æ -> ae, Ł -> l);
 *   - apostrophes (' U+2018 U+2019) are dropped, so "Niger's" gives
 *     "nigers" rather than "niger-s", as WordPress does;
 *   - every other character is a separator: runs of them become one dash,
 *     and dashes at either end are trimmed;
 *   - past SLUG_MAX bytes the slug is cut at the last dash that keeps it
 *     within SLUG_MAX (or hard at SLUG_MAX when one word is that long).
 * Returns NG_EINVAL when nothing is left (an empty or all-punctuation
 * title), NG_ENOMEM when the arena is exhausted.  *out is NUL-terminated
 * and lives as long as a; it is STR_NULL unless NG_OK is returned.
 */
enum ng_err slug_make(struct arena *a, struct str title,
    struct str *out) NG_WUR;

/* Non-zero when slug_make(title) would succeed (bar running out of memory). */
int slug_possible(struct str title);

/*
 * Non-zero when s is a well-formed slug: 1..SLUG_MAX bytes of [a-z0-9-],
 * no leading, trailing or doubled dash.  Every slug_make() result is one.
 */
int slug_valid(struct str s);

/*
 * Non-zero when s is a slug WordPress made from a title in another
 * script ("привет-мир", sent percent-encoded and decoded by the
 * server): 1..SLUG_MAX bytes of valid UTF-8 with at least one non-ASCII
 * character, ASCII only [a-z0-9_-].  nutgraf never gives one to an
 * article, but an imported article's old URL may carry one, and the
 * router matches it to answer 301 to the article's nutgraf URL.
 */
int slug_legacy_valid(struct str s);

#endif
