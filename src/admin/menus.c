/*
 * menus.c -- navigation menus in the newsroom: make, rename
 * and delete menus, assign them to the theme's locations, and edit
 * their items with plain forms -- every move (up, down, indent,
 * outdent) and removal is a button posting to the item, so a menu can
 * be edited without JavaScript.
 *
 * Menus are theme settings, as WordPress's edit_theme_options:
 * administrators only (CAP_SETTINGS).  Every write goes through the
 * store, which bumps the generation and so drops every cached page
 * (store_page.c's wrote()).
 */
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "core/app.h"
#include "core/arena.h"
#include "http/req.h"
#include "http/resp.h"
#include "render/tv.h"
#include "store/store.h"

/* Newest published articles the add-item form offers. */
#define MENU_ARTICLES_OFFERED 50

static enum ng_err
back(struct admin_ctx *ctx, int64_t menu_id, const char *msg)
{
	const char *loc;

	loc = menu_id != 0 ? arena_printf(ctx->a, "/admin/menus/%lld/?msg=%s",
				 (long long)menu_id, msg) :
			     arena_printf(ctx->a, "/admin/menus/?msg=%s", msg);
	admin_redirect(ctx, loc != NULL ? loc : "/admin/menus/");
	return NG_OK;
}

/* A 400 page naming what was wrong with a menu form. */
static enum ng_err
refused(struct admin_ctx *ctx, enum ng_err err, const char *what)
{
	switch (err) {
	case NG_ECONFLICT:
		return admin_forbidden(ctx,
		    "A menu with that name exists "
		    "already.");
	case NG_EINVAL:
	case NG_ETOOBIG:
	case NG_ENOTFOUND:
		return admin_forbidden(ctx, what);
	default:
		return err;
	}
}

enum ng_err
admin_menus(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct menu	*v, m;
	struct tv	*root, *list, *locs, *x, *opts, *o;
	struct str	 action;
	int64_t		 ids[MENU_LOC__MAX], id;
	size_t		 i, j, n;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_SETTINGS, &ctx))
		return NG_OK;
	if (r->method == HTTP_POST) {
		action = admin_field(r, "action");
		if (str_eqc(action, "create")) {
			memset(&m, 0, sizeof(m));
			m.name = admin_field(r, "name");
			if ((err = store_menu_add(ctx.st, &m, &id)) != NG_OK)
				return refused(&ctx, err,
				    "The menu needs a "
				    "name of at most 200 characters.");
			return back(&ctx, id, "added");
		}
		if (!str_eqc(action, "locations"))
			return admin_forbidden(&ctx, "Unknown action.");
		for (i = 0; i < MENU_LOC__MAX; i++) {
			id = admin_parse_id(admin_field(r,
			    store_menu_location_name((enum menu_location)i)));
			if ((err = store_menu_location_set(ctx.st,
				 (enum menu_location)i, id)) != NG_OK)
				return refused(&ctx, err, "No such menu.");
		}
		return back(&ctx, 0, "saved");
	}
	if ((err = store_menu_list(ctx.a, ctx.st, &v, &n)) != NG_OK ||
	    (err = store_menu_locations(ctx.st, ids)) != NG_OK)
		return err;
	root = admin_view(&ctx, "Menus");
	list = tv_list(ctx.a);
	for (i = 0; i < n; i++) {
		x = tv_map(ctx.a);
		tv_set_int(ctx.a, x, "id", v[i].id);
		tv_set_str(ctx.a, x, "name", v[i].name);
		tv_set_int(ctx.a, x, "items", (int64_t)v[i].nitems);
		tv_push(ctx.a, list, x);
	}
	tv_set(ctx.a, root, "menus", list);
	tv_set_bool(ctx.a, root, "has_menus", n > 0);
	locs = tv_list(ctx.a);
	for (j = 0; j < MENU_LOC__MAX; j++) {
		x = tv_map(ctx.a);
		tv_set_cstr(ctx.a, x, "name",
		    store_menu_location_name((enum menu_location)j));
		tv_set_cstr(ctx.a, x, "label",
		    j == MENU_LOC_PRIMARY ? "Masthead (primary)" : "Footer");
		opts = tv_list(ctx.a);
		for (i = 0; i < n; i++) {
			o = tv_map(ctx.a);
			tv_set_int(ctx.a, o, "id", v[i].id);
			tv_set_str(ctx.a, o, "name", v[i].name);
			tv_set_bool(ctx.a, o, "selected", ids[j] == v[i].id);
			tv_push(ctx.a, opts, o);
		}
		tv_set(ctx.a, x, "options", opts);
		tv_push(ctx.a, locs, x);
	}
	tv_set(ctx.a, root, "locations", locs);
	return admin_render(&ctx, root, "admin_menus", 200);
}

/* Options of the add-item form: pages, sections, recent articles. */
static void
targets_tv(struct admin_ctx *ctx, struct tv *root)
{
	struct article_admin_query q;
	struct article_list	   l;
	struct section		  *secs;
	struct page		  *pages;
	struct tv		  *list, *x;
	size_t			   i, n;

	list = tv_list(ctx->a);
	if (store_page_list(ctx->a, ctx->st, PAGE_PUBLISHED, &pages, &n) ==
	    NG_OK)
		for (i = 0; i < n; i++) {
			x = tv_map(ctx->a);
			tv_set_int(ctx->a, x, "id", pages[i].id);
			tv_set_cstr(ctx->a, x, "label",
			    arena_printf(ctx->a, "%.*s (/%.*s/)",
				(int)pages[i].title.n, pages[i].title.p,
				(int)pages[i].path.n, pages[i].path.p));
			tv_push(ctx->a, list, x);
		}
	tv_set(ctx->a, root, "page_targets", list);
	list = tv_list(ctx->a);
	if (store_sections(ctx->a, ctx->st, &secs, &n) == NG_OK)
		for (i = 0; i < n; i++) {
			x = tv_map(ctx->a);
			tv_set_int(ctx->a, x, "id", secs[i].id);
			tv_set_str(ctx->a, x, "label", secs[i].name);
			tv_push(ctx->a, list, x);
		}
	tv_set(ctx->a, root, "section_targets", list);
	list = tv_list(ctx->a);
	memset(&q, 0, sizeof(q));
	q.status = ARTICLE_PUBLISHED;
	q.search = STR_LIT("");
	q.limit = MENU_ARTICLES_OFFERED;
	if (store_article_admin_list(ctx->a, ctx->st, &q, &l) == NG_OK)
		for (i = 0; i < l.n; i++) {
			x = tv_map(ctx->a);
			tv_set_int(ctx->a, x, "id", l.v[i].id);
			tv_set_str(ctx->a, x, "label", l.v[i].title);
			tv_push(ctx->a, list, x);
		}
	tv_set(ctx->a, root, "article_targets", list);
}

static const char *
item_label(struct admin_ctx *ctx, const struct menu_item *it)
{
	if (it->label.n > 0)
		return arena_str(ctx->a, it->label).p;
	if (it->kind == MENU_ITEM_URL)
		return arena_str(ctx->a, it->url).p;
	if (it->target_title.n > 0)
		return arena_str(ctx->a, it->target_title).p;
	return "(missing)";
}

static enum ng_err
menu_page(struct admin_ctx *ctx, struct menu *m)
{
	struct tv *root, *x, *list;
	size_t	   i;

	root = admin_view(ctx, "Edit menu");
	x = tv_map(ctx->a);
	tv_set_int(ctx->a, x, "id", m->id);
	tv_set_str(ctx->a, x, "name", m->name);
	tv_set(ctx->a, root, "menu", x);
	list = tv_list(ctx->a);
	for (i = 0; i < m->nitems; i++) {
		const struct menu_item *it = &m->items[i];

		x = tv_map(ctx->a);
		tv_set_int(ctx->a, x, "id", it->id);
		tv_set_int(ctx->a, x, "menu_id", m->id);
		tv_set_cstr(ctx->a, x, "label", item_label(ctx, it));
		tv_set_str(ctx->a, x, "custom_label", it->label);
		tv_set_cstr(ctx->a, x, "kind",
		    store_menu_item_kind_name(it->kind));
		tv_set_bool(ctx->a, x, "child", it->parent_id != 0);
		tv_set_bool(ctx->a, x, "hidden", !it->live);
		tv_push(ctx->a, list, x);
	}
	tv_set(ctx->a, root, "items", list);
	tv_set_bool(ctx->a, root, "has_items", m->nitems > 0);
	targets_tv(ctx, root);
	return admin_render(ctx, root, "admin_menu", 200);
}

/* The add-item form into it; NULL or why it is not an item. */
static const char *
item_from_form(struct admin_ctx *ctx, struct menu_item *it)
{
	struct str kind = admin_field(ctx->r, "kind");

	if (!store_menu_item_kind_parse(kind, &it->kind))
		return "Choose what the item links to.";
	it->label = admin_field(ctx->r, "label");
	switch (it->kind) {
	case MENU_ITEM_PAGE:
		it->target_id = admin_parse_id(admin_field(ctx->r, "page"));
		break;
	case MENU_ITEM_SECTION:
		it->target_id = admin_parse_id(admin_field(ctx->r, "section"));
		break;
	case MENU_ITEM_ARTICLE:
		it->target_id = admin_parse_id(admin_field(ctx->r, "article"));
		break;
	default:
		it->url = admin_field(ctx->r, "url");
		if (it->label.n == 0)
			return "A link needs a label.";
		break;
	}
	return NULL;
}

enum ng_err
admin_menu(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct menu	*m;
	struct menu_item it;
	struct str	 action;
	const char	*why;
	int64_t		 id;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_SETTINGS, &ctx))
		return NG_OK;
	if ((err = store_menu_get(ctx.a, ctx.st, admin_parse_id(req_cap(r, 0)),
		 &m)) != NG_OK)
		return err;
	if (r->method != HTTP_POST)
		return menu_page(&ctx, m);
	action = admin_field(r, "action");
	if (str_eqc(action, "rename")) {
		if ((err = store_menu_rename(ctx.st, m->id,
			 admin_field(r, "name"))) != NG_OK)
			return refused(&ctx, err,
			    "The menu needs a name of at "
			    "most 200 characters.");
		return back(&ctx, m->id, "saved");
	}
	if (str_eqc(action, "delete")) {
		if ((err = store_menu_delete(ctx.st, m->id)) != NG_OK)
			return err;
		return back(&ctx, 0, "deleted");
	}
	if (!str_eqc(action, "add"))
		return admin_forbidden(&ctx, "Unknown action.");
	memset(&it, 0, sizeof(it));
	it.menu_id = m->id;
	if ((why = item_from_form(&ctx, &it)) != NULL)
		return admin_forbidden(&ctx, why);
	if ((err = store_menu_item_add(ctx.st, &it, &id)) != NG_OK)
		return refused(&ctx, err,
		    err == NG_ETOOBIG ?
			"The menu is "
			"full." :
			"Links must start with http://, https:// or / "
			"(a page of this site), and the item needs a target.");
	return back(&ctx, m->id, "added");
}

/* The buttons of an item row, as the form's action values. */
static const struct {
	const char    *action;
	enum menu_move move;
} moves[] = {
	{ "up", MENU_MOVE_UP },
	{ "down", MENU_MOVE_DOWN },
	{ "indent", MENU_MOVE_INDENT },
	{ "outdent", MENU_MOVE_OUTDENT },
};

enum ng_err
admin_menu_item(struct req *r, struct resp *rs)
{
	struct admin_ctx  ctx;
	struct menu	 *m;
	struct menu_item *it = NULL;
	struct str	  action;
	size_t		  i;
	int64_t		  item_id;
	enum ng_err	  err;

	if (!admin_enter(r, rs, CAP_SETTINGS, &ctx))
		return NG_OK;
	if ((err = store_menu_get(ctx.a, ctx.st, admin_parse_id(req_cap(r, 0)),
		 &m)) != NG_OK)
		return err;
	item_id = admin_parse_id(req_cap(r, 1));
	for (i = 0; i < m->nitems && it == NULL; i++)
		if (m->items[i].id == item_id)
			it = &m->items[i];
	if (it == NULL)
		return NG_ENOTFOUND;
	action = admin_field(r, "action");
	for (i = 0; i < sizeof(moves) / sizeof(moves[0]); i++)
		if (str_eqc(action, moves[i].action)) {
			err = store_menu_item_move(ctx.st, it->id,
			    moves[i].move);
			/* A move past an end changes nothing: not an error. */
			if (err != NG_OK && err != NG_EINVAL)
				return err;
			return back(&ctx, m->id, "updated");
		}
	if (str_eqc(action, "remove")) {
		if ((err = store_menu_item_delete(ctx.st, it->id)) != NG_OK)
			return err;
		return back(&ctx, m->id, "deleted");
	}
	if (str_eqc(action, "label")) {
		it->label = admin_field(r, "label");
		if ((err = store_menu_item_update(ctx.st, it)) != NG_OK)
			return refused(&ctx, err, "The label is too long.");
		return back(&ctx, m->id, "saved");
	}
	return admin_forbidden(&ctx, "Unknown action.");
}
