/*
 * menu.c -- the navigation menus a page shows: the menu
 * assigned to "primary" in the masthead and "footer" in the footer.  A
 * location with no menu leaves its value unset, and the theme falls
 * back to the section list there.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/app.h"
#include "core/arena.h"
#include "http/req.h"
#include "render/tv.h"
#include "site/site_int.h"
#include "store/store.h"

/* An item's URL, or NULL when it has none (a target that is gone). */
static const char *
item_url(struct view *v, const struct menu_item *it)
{
	switch (it->kind) {
	case MENU_ITEM_PAGE:
		return site_static_path(v->a, it->target_slug);
	case MENU_ITEM_SECTION:
		return arena_printf(v->a, "/category/%.*s/",
		    (int)it->target_slug.n, it->target_slug.p);
	case MENU_ITEM_ARTICLE:
		return site_article_path(v->r, v->a, it->target_id,
		    it->target_slug, it->target_published_at, PV_PAGE);
	case MENU_ITEM_URL:
		return arena_strndup(v->a, it->url.p, it->url.n);
	default:
		return NULL;
	}
}

static struct tv *
item_view(struct view *v, const struct menu_item *it)
{
	struct tv *m;
	struct str label;

	label = it->label.n > 0	      ? it->label :
	    it->kind == MENU_ITEM_URL ? it->url :
					it->target_title;
	m = tv_map(v->a);
	tv_set_str(v->a, m, "label", label);
	tv_set_cstr(v->a, m, "url", item_url(v, it));
	tv_set_bool(v->a, m, "external",
	    it->kind == MENU_ITEM_URL && it->url.n > 0 && it->url.p[0] != '/');
	return m;
}

/*
 * The menu as the theme's "items" (each with "children"): only live
 * items, and only children of a live parent.
 */
static struct tv *
menu_view(struct view *v, const struct menu *m)
{
	struct tv *root, *items, *cur = NULL, *kids = NULL;
	size_t	   i;
	int	   parent_live = 0;

	root = tv_map(v->a);
	items = tv_list(v->a);
	tv_set_str(v->a, root, "name", m->name);
	for (i = 0; i < m->nitems; i++) {
		const struct menu_item *it = &m->items[i];

		if (it->parent_id == 0) {
			parent_live = it->live;
			cur = NULL;
			if (!it->live)
				continue;
			cur = item_view(v, it);
			kids = tv_list(v->a);
			tv_set(v->a, cur, "children", kids);
			tv_push(v->a, items, cur);
			continue;
		}
		if (!parent_live || !it->live || cur == NULL)
			continue;
		tv_push(v->a, kids, item_view(v, it));
		tv_set_bool(v->a, cur, "has_children", 1);
	}
	tv_set(v->a, root, "items", items);
	return root;
}

enum ng_err
view_menus(struct view *v)
{
	static const char *const keys[MENU_LOC__MAX] = {
		[MENU_LOC_PRIMARY] = "menu_primary",
		[MENU_LOC_FOOTER] = "menu_footer",
	};
	int64_t	     ids[MENU_LOC__MAX];
	struct menu *m;
	enum ng_err  err;
	size_t	     i;

	if ((err = store_menu_locations(v->r->app->store, ids)) != NG_OK)
		return err;
	for (i = 0; i < MENU_LOC__MAX; i++) {
		if (ids[i] == 0)
			continue;
		err = store_menu_get(v->a, v->r->app->store, ids[i], &m);
		if (err == NG_ENOTFOUND)
			continue;
		if (err != NG_OK)
			return err;
		tv_set(v->a, v->root, keys[i], menu_view(v, m));
	}
	return NG_OK;
}
