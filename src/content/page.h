/*
 * page.h -- preparing a static page for the store.
 *
 * Every write of a page (the newsroom editor, `nutgraf page add`, the
 * WordPress importer) goes through page_save(): it checks the fields,
 * makes the slug, refuses slugs that would hide one of the site's own
 * URLs, renders the body once, and saves it as a new revision.
 *
 * URL precedence (documented in README "URLs"): a published page at
 * /slug/ or /parent/child/ answers before an article of the permalink
 * pattern would be tried (as WordPress does with "verbose page rules"),
 * but after every route of the route table, so a page can never hide
 * /feed/, /tag/..., /admin/ and the like: those slugs are refused here.
 * Date archives (/2024/, /2024/05/) come before pages too, so a
 * top-level page slug may not be all digits.
 */
#ifndef NG_CONTENT_PAGE_H
#define NG_CONTENT_PAGE_H

#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

struct arena;
struct page;
struct store;

#define PAGE_TITLE_MAX 300

/*
 * Says whether a top-level URL segment ("feed", "admin") belongs to one
 * of the site's routes.  The caller passes the route table's answer
 * (routes_segment_taken() in routes.c), so the content layer needs no
 * copy of the table.
 */
typedef int (*page_taken_fn)(struct str segment);

/*
 * Check p without touching the store: a title (not only spaces), valid
 * UTF-8 without control characters (the body may have newlines and
 * tabs), a well-formed slug when one is given (slug_valid()), a known
 * status and format, and for a top-level page a slug that is neither
 * taken by a route, nor all digits, nor starting with "wp-" (WordPress's
 * own paths).  NG_OK, NG_EINVAL or NG_ETOOBIG, with *why (when why is
 * not NULL) a sentence for the editor naming the problem.
 */
enum ng_err page_check(const struct page *p, page_taken_fn taken,
    const char **why) NG_WUR;

/*
 * page_check(), then: an empty slug is made from the title; a Markdown
 * body is rendered to body_html and body_text (with shortcodes, as for
 * articles); an HTML body (an import) must arrive rendered and
 * sanitized by its caller; the store saves it with a revision naming
 * user_id.  p is updated in place (slug, bodies; new bytes in a).
 * *why as page_check(), or for a store refusal ("A page with this
 * address exists.").  Errors as page_check() and store_page_save().
 */
enum ng_err page_save(struct arena *a, struct store *st, struct page *p,
    page_taken_fn taken, int64_t user_id, int64_t *id, const char **why) NG_WUR;

#endif
