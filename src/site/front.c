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

enum ng_err
site_front(struct req *r, struct resp *rs)
{
	struct article_query q;
	struct article_list  l;
	struct view	     v;
	struct tv	    *blocks;
	size_t		     page = 1, npages, nblocks;
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

	if ((err = view_init(&v, r, 0, 0)) != NG_OK)
		return err;
	if (page == 1) {
		title = NULL;
		tv_set_bool(v.a, v.root, "first_page", 1);
		tv_set_bool(v.a, v.root, "site_h1", 1);
		if (l.n > 0) {
			tv_set(v.a, v.root, "lead", view_card(&v, &l.v[0]));
			/* media: the lead's featured image */
			media_featured(v.a, r->app->store, v.root, "lead_image",
			    l.v[0].id);
		}
		tv_set(v.a, v.root, "latest", view_cards(&v, l.v, 1, l.n));
		tv_set_bool(v.a, v.root, "has_latest", l.n > 1);
		if ((err = section_blocks(&v, l.n > 0 ? l.v[0].id : 0, &blocks,
			 &nblocks)) != NG_OK)
			return err;
		tv_set(v.a, v.root, "blocks", blocks);
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
