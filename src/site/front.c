/*
 * front.c -- the front page (/) and its older pages (/page/N/).
 *
 * Page 1 is the edition: a lead story with its dek, the latest stories,
 * and a block per section with its newest few.  Page 2 and later are a
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

/*
 * One block per section that has stories, in navigation order.  The lead
 * story is already the biggest thing on the page, so it is left out of
 * its section's block.
 */
static enum ng_err
section_blocks(struct view *v, int64_t lead_id, struct tv **out, size_t *shown)
{
	struct article_query q;
	struct article_list  l;
	struct tv	    *blocks, *b;
	enum ng_err	     err;
	size_t		     i, j, k;

	*out = NULL;
	*shown = 0;
	blocks = tv_list(v->a);
	for (i = 0; i < v->nsections && *shown < SITE_FRONT_SECTIONS; i++) {
		memset(&q, 0, sizeof(q));
		q.section_id = v->sections[i].id;
		q.limit = SITE_SECTION_STORIES + 1;
		q.no_total = 1; /* a block shows no page count */
		err = store_article_list(v->a, v->r->app->store, &q, &l);
		if (err != NG_OK)
			return err;
		for (j = 0, k = 0; j < l.n; j++)
			if (l.v[j].id != lead_id && k < SITE_SECTION_STORIES)
				l.v[k++] = l.v[j];
		if ((l.n = k) == 0)
			continue;
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
 * SITE_PER_PAGE.  *npinned says how many lead it.
 */
static enum ng_err
pinned_first(struct req *r, struct article_list *l, size_t *npinned)
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
	if ((v = arena_calloc(r->arena, SITE_PER_PAGE + 1, sizeof(*v))) == NULL)
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
	for (i = 0; i < l->n && n < SITE_PER_PAGE; i++) {
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

enum ng_err
site_front(struct req *r, struct resp *rs)
{
	struct article_query q;
	struct article_list  l;
	struct view	     v;
	struct tv	    *blocks, *card, *latest;
	size_t		     page = 1, npages, nblocks, npinned = 0, i;
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
	q.limit = SITE_PER_PAGE;
	if ((err = store_article_list(r->arena, r->app->store, &q, &l)) !=
	    NG_OK)
		return err;
	npages = site_npages(l.total);
	if (page > npages)
		return NG_ENOTFOUND;
	if (page == 1 && (err = pinned_first(r, &l, &npinned)) != NG_OK)
		return err;

	if ((err = view_init(&v, r, 0, 0)) != NG_OK)
		return err;
	if (page == 1) {
		title = NULL;
		tv_set_bool(v.a, v.root, "first_page", 1);
		tv_set_bool(v.a, v.root, "site_h1", 1);
		if (l.n > 0) {
			card = view_card(&v, &l.v[0]);
			if (npinned > 0)
				mark_pinned(&v, card);
			tv_set(v.a, v.root, "lead", card);
			/* media: the lead's featured image */
			media_featured(v.a, r->app->store, v.root, "lead_image",
			    l.v[0].id);
		}
		latest = tv_list(v.a);
		for (i = 1; i < l.n; i++) {
			card = view_card(&v, &l.v[i]);
			if (i < npinned)
				mark_pinned(&v, card);
			tv_push(v.a, latest, card);
		}
		tv_set(v.a, v.root, "latest", latest);
		tv_set_bool(v.a, v.root, "has_latest", l.n > 1);
		if ((err = section_blocks(&v, l.n > 0 ? l.v[0].id : 0, &blocks,
			 &nblocks)) != NG_OK)
			return err;
		tv_set(v.a, v.root, "blocks", blocks);
		if ((err = view_most_read(&v, 0)) != NG_OK)
			return err;
		tv_set_bool(v.a, v.root, "has_blocks", nblocks > 0);
		view_head(&v, title, v.tagline, "/");
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
