/*
 * page.c -- validate, slug, render and save a static page.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "content/markdown.h"
#include "content/page.h"
#include "content/sanitize.h"
#include "content/shortcode.h"
#include "content/slug.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "store/store.h"

/* Non-zero for a C0 control or DEL; body allows tab, LF and CR. */
static int
has_controls(struct str s, int body)
{
	size_t	      i;
	unsigned char c;

	for (i = 0; i < s.n; i++) {
		c = (unsigned char)s.p[i];
		if (body && (c == '\t' || c == '\n' || c == '\r'))
			continue;
		if (c < 0x20 || c == 0x7f)
			return 1;
	}
	return 0;
}

static int
blank(struct str s)
{
	size_t i;

	for (i = 0; i < s.n; i++)
		if (s.p[i] != ' ' && s.p[i] != '\t')
			return 0;
	return 1;
}

static int
all_digits(struct str s)
{
	size_t i;

	for (i = 0; i < s.n; i++)
		if (s.p[i] < '0' || s.p[i] > '9')
			return 0;
	return s.n > 0;
}

/* Why a top-level slug cannot be a page's, or NULL when it can. */
static const char *
slug_clash(struct str slug, page_taken_fn taken)
{
	if (taken != NULL && taken(slug))
		return "That address is one of the site's own pages (feed, "
		       "tag, category, admin, search, ...); choose another slug.";
	if (all_digits(slug))
		return "A slug of only digits would hide the date archives "
		       "(/2024/); add a word.";
	if (slug.n >= 3 && memcmp(slug.p, "wp-", 3) == 0)
		return "Slugs starting with wp- are WordPress's own addresses; "
		       "choose another.";
	return NULL;
}

/*
 * The text of sanitized HTML, for body_text: tags dropped, a block
 * element's end a line break, the five XML entities and &nbsp; decoded
 * (the sanitizer writes others as UTF-8).
 */
static enum ng_err
html_text(struct arena *a, struct str h, struct str *out)
{
	static const struct {
		const char *ent, *txt;
	} ents[] = {
		{ "&amp;", "&" },
		{ "&lt;", "<" },
		{ "&gt;", ">" },
		{ "&quot;", "\"" },
		{ "&#39;", "'" },
		{ "&nbsp;", " " },
	};
	char  *p;
	size_t i, k, n = 0, len;
	int    intag = 0;

	if ((p = arena_alloc(a, h.n + 1)) == NULL)
		return NG_ENOMEM;
	for (i = 0; i < h.n; i++) {
		if (intag) {
			intag = h.p[i] != '>';
			continue;
		}
		if (h.p[i] == '<') {
			intag = 1;
			if (i + 3 < h.n && h.p[i + 1] == '/' &&
			    (h.p[i + 2] == 'p' || h.p[i + 2] == 'h' ||
				h.p[i + 2] == 'l' || h.p[i + 2] == 'd') &&
			    n > 0 && p[n - 1] != '\n')
				p[n++] = '\n';
			continue;
		}
		for (k = 0; h.p[i] == '&' && k < sizeof(ents) / sizeof(ents[0]);
		     k++) {
			len = strlen(ents[k].ent);
			if (h.n - i >= len &&
			    memcmp(h.p + i, ents[k].ent, len) == 0)
				break;
		}
		if (h.p[i] == '&' && k < sizeof(ents) / sizeof(ents[0])) {
			p[n++] = ents[k].txt[0];
			i += strlen(ents[k].ent) - 1;
		} else
			p[n++] = h.p[i];
	}
	p[n] = '\0';
	*out = (struct str){ p, n };
	return NG_OK;
}

enum ng_err
page_check(const struct page *p, page_taken_fn taken, const char **why)
{
	const char *dummy, *clash;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	if (blank(p->title)) {
		*why = "The title is required.";
		return NG_EINVAL;
	}
	if (p->title.n > PAGE_TITLE_MAX) {
		*why = "The title is too long.";
		return NG_ETOOBIG;
	}
	if (!utf8_valid(p->title.p, p->title.n) || has_controls(p->title, 0)) {
		*why = "The title contains invalid characters.";
		return NG_EINVAL;
	}
	if (p->body_src.n > MARKDOWN_MAX) {
		*why = "The body is too long.";
		return NG_ETOOBIG;
	}
	if (!utf8_valid(p->body_src.p, p->body_src.n) ||
	    has_controls(p->body_src, 1)) {
		*why = "The body contains invalid characters.";
		return NG_EINVAL;
	}
	if (p->slug.n > 0 && !slug_valid(p->slug)) {
		*why = "The slug may hold only a-z, 0-9 and single dashes.";
		return p->slug.n > SLUG_MAX ? NG_ETOOBIG : NG_EINVAL;
	}
	if (p->slug.n == 0 && !slug_possible(p->title)) {
		*why = "The title has no letters to make a slug of; "
		       "enter a slug.";
		return NG_EINVAL;
	}
	if (p->parent_id == 0 && p->slug.n > 0 &&
	    (clash = slug_clash(p->slug, taken)) != NULL) {
		*why = clash;
		return NG_EINVAL;
	}
	if ((unsigned)p->status >= PAGE__MAX ||
	    (unsigned)p->format >= BODY__MAX) {
		*why = "The status is not a known one.";
		return NG_EINVAL;
	}
	if (p->parent_id < 0 || (p->id != 0 && p->parent_id == p->id)) {
		*why = "A page cannot be its own parent.";
		return NG_EINVAL;
	}
	return NG_OK;
}

enum ng_err
page_save(struct arena *a, struct store *st, struct page *p,
    page_taken_fn taken, int64_t user_id, int64_t *id, const char **why)
{
	const char *dummy;
	struct str  slug;
	enum ng_err err;

	*id = 0;
	if (why == NULL)
		why = &dummy;
	if ((err = page_check(p, taken, why)) != NG_OK)
		return err;
	if (p->slug.n == 0) {
		if ((err = slug_make(a, p->title, &slug)) != NG_OK)
			return err;
		/* A page titled "Feed" is /feed-2/, as in WordPress. */
		if (p->parent_id == 0 && slug_clash(slug, taken) != NULL &&
		    (slug = str_c(
			 arena_printf(a, "%.*s-2", (int)slug.n, slug.p)))
			    .p == NULL)
			return NG_ENOMEM;
		p->slug = slug;
	}
	if (p->format == BODY_MARKDOWN) {
		if ((err = shortcode_render_body(a, st, p->body_src,
			 &p->body_html, &p->body_text, NULL, NULL)) != NG_OK) {
			*why = "The body could not be rendered.";
			return err;
		}
	} else {
		/*
		 * HTML (an import, or its later edits): through the
		 * allow-list sanitizer every time, whoever the caller, so
		 * only its output is ever stored as trusted HTML.
		 */
		if ((err = sanitize_html(a, p->body_src.p, p->body_src.n,
			 &p->body_html, NULL)) != NG_OK) {
			*why = "The HTML body could not be read.";
			return err;
		}
		if ((err = html_text(a, p->body_html.s, &p->body_text)) !=
		    NG_OK)
			return err;
	}
	err = store_page_save(st, p, user_id, id);
	switch (err) {
	case NG_OK:
		break;
	case NG_ECONFLICT:
		*why = "Another page has this address (or the page changed "
		       "since you opened it).";
		break;
	case NG_EINVAL:
		*why = "The parent page does not exist, or would put the "
		       "page inside itself or too deep.";
		break;
	case NG_ETOOBIG:
		*why = "The page is too large.";
		break;
	default:
		*why = "The page could not be saved.";
		break;
	}
	return err;
}
