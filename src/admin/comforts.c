/*
 * comforts.c -- what the editor shows beside the text while an editor
 * writes: the body's words and reading time, and how the article will
 * look in a search result and on a shared card (title, description,
 * picture), with a warning where either would cut or lack something.
 *
 * All of it is rendered here, so the page says it without JavaScript;
 * themes/default/js/editor.js recounts and redraws it as the editor
 * types, with the same rules and the same words (the limits travel in
 * data- attributes of the page).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin/admin_int.h"
#include "content/article.h"
#include "content/permalink.h"
#include "content/shortcode.h"
#include "content/slug.h"
#include "content/wordcount.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "media/media.h"
#include "render/tv.h"
#include "store/store.h"

/* Where search results and cards cut, in characters. */
#define SERP_TITLE_MAX 60
#define CARD_TITLE_MAX 70
#define SERP_DESC_MAX  160

/* The built-in shortcodes' names, space-separated, for the script. */
static const char *
shortcode_names(struct arena *a)
{
	const char *s = "wp_caption";
	int	    k;

	for (k = 1; k < SHORTCODE_VIDEO_URL; k++)
		s = arena_printf(a, "%s %s", s,
		    shortcode_kind_name((enum shortcode_kind)k));
	return s;
}

struct tv *
admin_body_stats(struct admin_ctx *ctx, struct str body)
{
	struct tv *x = tv_map(ctx->a);
	size_t	   words = wordcount_body(body);

	tv_set_int(ctx->a, x, "words", (int64_t)words);
	tv_set_bool(ctx->a, x, "one_word", words == 1);
	tv_set_int(ctx->a, x, "minutes", (int64_t)wordcount_minutes(words));
	tv_set_int(ctx->a, x, "wpm", WORDCOUNT_WPM);
	tv_set_cstr(ctx->a, x, "shortcodes", shortcode_names(ctx->a));
	return x;
}

static void
warn(struct admin_ctx *ctx, struct tv *list, const char *what, size_t n,
    const char *cut, int max)
{
	tv_push(ctx->a, list,
	    tv_cstr(ctx->a,
		arena_printf(ctx->a, "The %s is %zu characters: %s about %d.",
		    what, n, cut, max)));
}

/* The path the article has, or will have when published now. */
static const char *
snippet_path(struct admin_ctx *ctx, const struct article *art,
    const struct article *cur)
{
	struct permalink pl = { .nsegs = 0 };
	struct str	 slug = art->slug;
	int64_t		 when = (int64_t)time(NULL);

	if (cur != NULL && cur->status == ARTICLE_PUBLISHED &&
	    cur->published_at > 0)
		when = cur->published_at;
	if (slug.n == 0 && slug_make(ctx->a, art->title, &slug) != NG_OK)
		slug = STR_LIT("slug");
	return admin_article_path(ctx->a, ctx->st, &pl,
	    cur != NULL ? cur->id : 0, slug, when);
}

void
admin_editor_comforts(struct admin_ctx *ctx, struct tv *root,
    const struct article *art, const struct article *cur)
{
	struct arena *a = ctx->a;
	struct tv    *x, *serp, *card;
	struct str    title, desc, site;
	size_t	      nt, nd;
	int	      image = 0;

	tv_set(a, root, "stats", admin_body_stats(ctx, art->body_md));

	title = art->seo_title.n > 0 ? art->seo_title : art->title;
	desc = art->seo_description.n > 0 ? art->seo_description : art->dek;
	nt = utf8_chars(title.p, title.n);
	nd = utf8_chars(desc.p, desc.n);
	if (store_setting_get(a, ctx->st, "title", &site) != NG_OK ||
	    site.n == 0)
		site = STR_LIT("nutgraf");
	x = tv_map(a);
	tv_set_str(a, x, "title", title);
	tv_set_str(a, x, "description", desc);
	tv_set_str(a, x, "site", site);
	tv_set_cstr(a, x, "path", snippet_path(ctx, art, cur));
	tv_set_int(a, x, "serp_title_max", SERP_TITLE_MAX);
	tv_set_int(a, x, "card_title_max", CARD_TITLE_MAX);
	tv_set_int(a, x, "desc_max", SERP_DESC_MAX);
	if (cur != NULL) {
		media_featured(a, ctx->st, x, "image", cur->id);
		image = tv_get(x, STR_LIT("image")) != NULL;
	}

	serp = tv_list(a);
	if (nt > SERP_TITLE_MAX)
		warn(ctx, serp, "title", nt, "search results show",
		    SERP_TITLE_MAX);
	if (nd == 0)
		tv_push(a, serp,
		    tv_cstr(a,
			"No description: search engines will pick a "
			"passage of the article. Write an SEO description "
			"or a standfirst."));
	else if (nd > SERP_DESC_MAX)
		warn(ctx, serp, "description", nd, "search results cut it at",
		    SERP_DESC_MAX);
	card = tv_list(a);
	if (nt > CARD_TITLE_MAX)
		warn(ctx, card, "title", nt, "cards cut it at", CARD_TITLE_MAX);
	if (!image)
		tv_push(a, card,
		    tv_cstr(a,
			"No featured image: the card will have no "
			"picture."));
	tv_set(a, x, "serp_warnings", serp);
	tv_set(a, x, "card_warnings", card);
	tv_set(a, root, "snippet", x);
}
