/*
 * front.c -- the front page (/) and its older pages (/page/N/).
 *
 * Page 1 is the edition: a lead story with its dek, the latest stories,
 * and a block per section with its newest few.  No story is there twice:
 * a section's block leaves out the lead and the pinned stories, and
 * "Latest" leaves out the stories of the blocks above the fold (the
 * first row, beside it on a wide screen), reading further down the
 * list to stay full.  Page 2 and later are a
 * plain list of older stories, ten to a page.
 */
#include <stddef.h>
#include <string.h>

#include "core/app.h"
#include "core/arena.h"
#include "http/req.h"
#include "http/resp.h"
#include "media/media.h"
#include "render/tv.h"
#include "site/site.h"
#include "site/site_int.h"
#include "store/store.h"

/* Whether id is one of the n of v. */
static int
listed(const int64_t *v, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == id)
			return 1;
	return 0;
}

/*
 * One block per section that has stories, in navigation order.  The
 * stories placed above them (the lead and the pinned ones in "Latest",
 * the nplaced of placed) are already on the page, so they are left out
 * of their sections' blocks.  The ids of the stories of the first
 * SITE_FRONT_FOLD_BLOCKS blocks are added to placed (room for
 * SITE_FRONT_FOLD_BLOCKS * SITE_SECTION_STORIES more): "Latest" leaves
 * them out in turn.
 */
static enum ng_err
section_blocks(struct view *v, int64_t *placed, size_t *nplaced,
    struct tv **out, size_t *shown)
{
	struct article_query q;
	struct article_list  l;
	struct tv	    *blocks, *b;
	enum ng_err	     err;
	size_t		     i, j, k, above = *nplaced;

	*out = NULL;
	*shown = 0;
	blocks = tv_list(v->a);
	for (i = 0; i < v->nsections && *shown < SITE_FRONT_SECTIONS; i++) {
		memset(&q, 0, sizeof(q));
		q.section_id = v->sections[i].id;
		q.limit = SITE_SECTION_STORIES + above;
		q.no_total = 1; /* a block shows no page count */
		err = store_article_list(v->a, v->r->app->store, &q, &l);
		if (err != NG_OK)
			return err;
		for (j = 0, k = 0; j < l.n; j++)
			if (!listed(placed, above, l.v[j].id) &&
			    k < SITE_SECTION_STORIES)
				l.v[k++] = l.v[j];
		if ((l.n = k) == 0)
			continue;
		if (*shown < SITE_FRONT_FOLD_BLOCKS)
			for (j = 0; j < l.n; j++)
				placed[(*nplaced)++] = l.v[j].id;
		b = tv_map(v->a);
		tv_set_str(v->a, b, "name", v->sections[i].name);
		tv_set_cstr(v->a, b, "url",
		    arena_printf(v->a, "/category/%.*s/",
			(int)v->sections[i].slug.n, v->sections[i].slug.p));
		tv_set(v->a, b, "stories", view_cards(v, l.v, 0, l.n));
		tv_push(v->a, blocks, b);
		(*shown)++;
	}
	*out = blocks;
	return NG_OK;
}

/*
 * Page 1 with its pinned stories (sticky posts) first, newest first,
 * then the latest of the others: l->v is replaced by a list of at most
 * max.  *npinned says how many lead it.
 */
static enum ng_err
pinned_first(struct req *r, struct article_list *l, size_t max, size_t *npinned)
{
	struct article *v, *one;
	int64_t	       *ids;
	size_t		nids, n = 0, i, k;
	enum ng_err	err;

	*npinned = 0;
	if ((err = store_article_pins(r->arena, r->app->store, 1, SITE_PER_PAGE,
		 &ids, &nids)) != NG_OK)
		return err;
	if (nids == 0)
		return NG_OK;
	if ((v = arena_calloc(r->arena, max + 1, sizeof(*v))) == NULL)
		return NG_ENOMEM;
	for (i = 0; i < nids && n < SITE_PER_PAGE; i++) {
		err = store_article_by_id(r->arena, r->app->store, ids[i],
		    &one);
		if (err == NG_ENOTFOUND)
			continue; /* deleted since the list */
		if (err != NG_OK)
			return err;
		v[n++] = *one;
	}
	*npinned = n;
	for (i = 0; i < l->n && n < max; i++) {
		for (k = 0; k < *npinned && v[k].id != l->v[i].id; k++)
			;
		if (k == *npinned)
			v[n++] = l->v[i];
	}
	l->v = v;
	l->n = n;
	return NG_OK;
}

/* A card of a pinned story says so. */
static void
mark_pinned(struct view *v, struct tv *card)
{
	tv_set_bool(v->a, card, "pinned", 1);
}

/*
 * Stories read for page 1: a page's worth, and as many again as the
 * blocks above the fold can take out of "Latest".
 */
#define FRONT_READ \
	(SITE_PER_PAGE + SITE_FRONT_FOLD_BLOCKS * SITE_SECTION_STORIES)

/*
 * Page 1 from l (pinned first): the lead, the section blocks, and
 * "Latest" with the rest of l up to a page, less what the blocks above
 * the fold already show, so no story is there twice.
 */
static enum ng_err
first_page(struct view *v, const struct article_list *l, size_t npinned)
{
	struct tv  *blocks, *card, *latest;
	int64_t	   *placed;
	size_t	    nplaced = 0, nblocks, shown = 0, i;
	enum ng_err err;

	if ((placed = arena_calloc(v->a,
		 1 + npinned + SITE_FRONT_FOLD_BLOCKS * SITE_SECTION_STORIES,
		 sizeof(*placed))) == NULL)
		return NG_ENOMEM;
	tv_set_bool(v->a, v->root, "first_page", 1);
	tv_set_bool(v->a, v->root, "site_h1", 1);
	if (l->n > 0) {
		card = view_card(v, &l->v[0]);
		if (npinned > 0)
			mark_pinned(v, card);
		tv_set(v->a, v->root, "lead", card);
		/* media: the lead's featured image */
		media_featured(v->a, v->r->app->store, v->root, "lead_image",
		    l->v[0].id);
		placed[nplaced++] = l->v[0].id;
	}
	for (i = 1; i < npinned && i < l->n; i++)
		placed[nplaced++] = l->v[i].id;
	if ((err = section_blocks(v, placed, &nplaced, &blocks, &nblocks)) !=
	    NG_OK)
		return err;
	latest = tv_list(v->a);
	for (i = 1; i < l->n && shown + 1 < SITE_PER_PAGE; i++) {
		if (i >= npinned && listed(placed, nplaced, l->v[i].id))
			continue; /* in a block above the fold */
		card = view_card(v, &l->v[i]);
		if (i < npinned)
			mark_pinned(v, card);
		tv_push(v->a, latest, card);
		shown++;
	}
	tv_set(v->a, v->root, "latest", latest);
	tv_set_bool(v->a, v->root, "has_latest", shown > 0);
	tv_set(v->a, v->root, "blocks", blocks);
	if ((err = view_most_read(v, 0)) != NG_OK)
		return err;
	tv_set_bool(v->a, v->root, "has_blocks", nblocks > 0);
	view_head(v, NULL, v->tagline, "/");
	return NG_OK;
}

enum ng_err
site_front(struct req *r, struct resp *rs)
{
	struct article_query q;
	struct article_list  l;
	struct view	     v;
	size_t		     page = 1, npages, npinned = 0;
	const char	    *title;
	enum ng_err	     err;

	/*
	 * WordPress's query links (wpcompat.c): /?p=123 (also
	 * every feed item's GUID), ?page_id=, ?attachment_id=, ?s=.
	 */
	if (r->ncaps == 0 && site_wp_query(r, rs, &err))
		return err;
	if (r->ncaps >= 1) {
		if ((err = site_page_parse(req_cap(r, 0), &page)) != NG_OK)
			return err;
		if (page == 1) {
			resp_redirect(r, rs, 301, "/");
			return NG_OK;
		}
	}

	memset(&q, 0, sizeof(q));
	q.offset = (page - 1) * SITE_PER_PAGE;
	q.limit = page == 1 ? FRONT_READ : SITE_PER_PAGE;
	if ((err = store_article_list(r->arena, r->app->store, &q, &l)) !=
	    NG_OK)
		return err;
	npages = site_npages(l.total);
	if (page > npages)
		return NG_ENOTFOUND;
	if (page == 1 &&
	    (err = pinned_first(r, &l, FRONT_READ, &npinned)) != NG_OK)
		return err;

	if ((err = view_init(&v, r, 0, 0)) != NG_OK)
		return err;
	if (page == 1) {
		if ((err = first_page(&v, &l, npinned)) != NG_OK)
			return err;
	} else {
		title = arena_printf(v.a, "Latest stories, page %zu of %zu",
		    page, npages);
		tv_set_cstr(v.a, v.root, "heading", title);
		tv_set(v.a, v.root, "stories", view_cards(&v, l.v, 0, l.n));
		view_head(&v, title, v.tagline, site_page_path(v.a, "/", page));
	}
	tv_set(v.a, v.root, "pagination",
	    view_pagination(v.a, "/", page, npages));
	return view_render(&v, rs, "front");
}
