/*
 * test_pages.c -- the store's pages, menus, WordPress IDs, old slugs and
 * upload paths, section parents and date ranges: what each
 * stores, what it refuses, and that writes bump store_generation().
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "store/store.h"

#define ARENA_CAP (4 * 1024 * 1024)

struct fx {
	char	     *dir;
	struct store *st;
	struct arena *ar;
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	char	   err[256], path[4096];

	assert_non_null(fx);
	fx->dir = testlib_tmpdir();
	snprintf(path, sizeof(path), "%s/nutgraf.db", fx->dir);
	if (store_open(path, 1, &fx->st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	fx->ar = arena_new(ARENA_CAP);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	store_close(fx->st);
	arena_free(fx->ar);
	testlib_rmrf(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

static int64_t
page_add(struct fx *fx, const char *slug, int64_t parent,
    enum page_status status, int order)
{
	struct page p;
	int64_t	    id;

	memset(&p, 0, sizeof(p));
	p.slug = str_c(slug);
	p.title = str_c(slug);
	p.parent_id = parent;
	p.status = status;
	p.menu_order = order;
	p.body_src = STR_LIT("Body of *page*");
	p.body_html = safe_html_trust(STR_LIT("<p>Body of <em>page</em></p>"));
	p.body_text = STR_LIT("Body of page");
	assert_int_equal(store_page_save(fx->st, &p, 0, &id), NG_OK);
	assert_true(id > 0);
	return id;
}

static void
test_page_paths(void **state)
{
	struct fx   *fx = *state;
	struct page *p, q;
	int64_t	     about, team, people, id;

	about = page_add(fx, "about", 0, PAGE_PUBLISHED, 0);
	team = page_add(fx, "team", about, PAGE_PUBLISHED, 0);
	people = page_add(fx, "people", team, PAGE_PUBLISHED, 0);

	assert_int_equal(store_page_by_path(fx->ar, fx->st,
			     STR_LIT("about/team/people"), &p),
	    NG_OK);
	assert_int_equal(p->id, people);
	assert_true(str_eqc(p->body_html.s, "<p>Body of <em>page</em></p>"));
	assert_true(p->published_at > 0);

	/* Renaming a parent moves its descendants, old paths remembered. */
	assert_int_equal(store_page_by_id(fx->ar, fx->st, about, &p), NG_OK);
	q = *p;
	q.slug = STR_LIT("who");
	assert_int_equal(store_page_save(fx->st, &q, 0, &id), NG_OK);
	assert_int_equal(store_page_by_path(fx->ar, fx->st,
			     STR_LIT("who/team/people"), &p),
	    NG_OK);
	assert_int_equal(p->id, people);
	assert_int_equal(store_page_by_path(fx->ar, fx->st,
			     STR_LIT("about/team"), &p),
	    NG_ENOTFOUND);
	assert_int_equal(store_page_old_path(fx->ar, fx->st,
			     STR_LIT("about/team"), &p),
	    NG_OK);
	assert_int_equal(p->id, team);
	assert_true(str_eqc(p->path, "who/team"));

	/* A stale version is a conflict; the version moved with the save. */
	assert_int_equal(store_page_save(fx->st, &q, 0, &id), NG_ECONFLICT);

	/* A sibling with the same slug clashes; a cousin does not. */
	memset(&q, 0, sizeof(q));
	q.slug = STR_LIT("team");
	q.title = STR_LIT("Team again");
	q.parent_id = about;
	assert_int_equal(store_page_save(fx->st, &q, 0, &id), NG_ECONFLICT);
	q.parent_id = 0;
	assert_int_equal(store_page_save(fx->st, &q, 0, &id), NG_OK);

	/* A page cannot move under its own descendant. */
	assert_int_equal(store_page_by_id(fx->ar, fx->st, about, &p), NG_OK);
	q = *p;
	q.parent_id = people;
	assert_int_equal(store_page_save(fx->st, &q, 0, &id), NG_EINVAL);
	q.parent_id = 999999;
	assert_int_equal(store_page_save(fx->st, &q, 0, &id), NG_EINVAL);

	/* Drafts are not public; a parent with children is not deleted. */
	id = page_add(fx, "draft", 0, PAGE_DRAFT, 0);
	assert_int_equal(store_page_by_path(fx->ar, fx->st, STR_LIT("draft"),
			     &p),
	    NG_ENOTFOUND);
	assert_int_equal(store_page_set_status(fx->st, id, PAGE_PUBLISHED),
	    NG_OK);
	assert_int_equal(store_page_by_path(fx->ar, fx->st, STR_LIT("draft"),
			     &p),
	    NG_OK);
	assert_int_equal(store_page_delete(fx->st, about), NG_ECONFLICT);
	assert_int_equal(store_page_delete(fx->st, id), NG_OK);
	assert_int_equal(store_page_delete(fx->st, id), NG_ENOTFOUND);
}

static void
test_page_refused(void **state)
{
	struct fx		*fx = *state;
	struct page		 p;
	int64_t			 id;
	static const char *const bad[] = { "", "a/b", "a b", "..", "a?b",
		"a\nb" };
	size_t			 i;

	memset(&p, 0, sizeof(p));
	p.title = STR_LIT("T");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p.slug = str_c(bad[i]);
		assert_int_not_equal(store_page_save(fx->st, &p, 0, &id),
		    NG_OK);
	}
	p.slug = STR_LIT("ok");
	p.title = STR_NULL;
	assert_int_equal(store_page_save(fx->st, &p, 0, &id), NG_EINVAL);
	p.title = STR_LIT("T");
	p.status = PAGE__MAX;
	assert_int_equal(store_page_save(fx->st, &p, 0, &id), NG_EINVAL);
}

static void
test_page_list_revisions(void **state)
{
	struct fx	*fx = *state;
	struct page	*v, *p, q;
	struct revision *rv, *one;
	size_t		 n;
	int64_t		 b, a, a1, id;

	b = page_add(fx, "b", 0, PAGE_PUBLISHED, 0);
	a = page_add(fx, "a", 0, PAGE_DRAFT, -1);
	a1 = page_add(fx, "a1", a, PAGE_PUBLISHED, 0);
	(void)page_add(fx, "gone", 0, PAGE_TRASHED, 0);

	/* Tree order: menu_order first, children under their parent. */
	assert_int_equal(store_page_list(fx->ar, fx->st, -1, &v, &n), NG_OK);
	assert_int_equal(n, 3);
	assert_int_equal(v[0].id, a);
	assert_int_equal(v[0].depth, 0);
	assert_int_equal(v[1].id, a1);
	assert_int_equal(v[1].depth, 1);
	assert_int_equal(v[2].id, b);
	assert_int_equal(store_page_list(fx->ar, fx->st, PAGE_PUBLISHED, &v,
			     &n),
	    NG_OK);
	assert_int_equal(n, 2);

	/* Every save is a revision, newest first. */
	assert_int_equal(store_page_by_id(fx->ar, fx->st, b, &p), NG_OK);
	q = *p;
	q.title = STR_LIT("B two");
	q.body_src = STR_LIT("second body");
	assert_int_equal(store_page_save(fx->st, &q, 0, &id), NG_OK);
	assert_int_equal(store_page_revision_list(fx->ar, fx->st, b, &rv, &n),
	    NG_OK);
	assert_int_equal(n, 2);
	assert_true(str_eqc(rv[0].title, "B two"));
	assert_int_equal(store_page_revision_get(fx->ar, fx->st, rv[1].id,
			     &one),
	    NG_OK);
	assert_true(str_eqc(one->body_md, "Body of *page*"));
	assert_int_equal(one->article_id, b);
}

static void
test_menus(void **state)
{
	struct fx	*fx = *state;
	struct menu	 m, *got, *list;
	struct menu_item it;
	struct section	 sec;
	int64_t		 menu, ids[4], sid, pid, locs[MENU_LOC__MAX];
	size_t		 n, i;
	uint64_t	 gen;

	memset(&sec, 0, sizeof(sec));
	sec.slug = STR_LIT("world");
	sec.name = STR_LIT("World");
	assert_int_equal(store_section_add(fx->st, &sec, &sid), NG_OK);
	pid = page_add(fx, "about", 0, PAGE_PUBLISHED, 0);

	memset(&m, 0, sizeof(m));
	m.name = STR_LIT("Main");
	m.wp_id = 77;
	assert_int_equal(store_menu_add(fx->st, &m, &menu), NG_OK);
	assert_int_equal(store_menu_add(fx->st, &m, &ids[0]), NG_ECONFLICT);

	memset(&it, 0, sizeof(it));
	it.menu_id = menu;
	it.kind = MENU_ITEM_PAGE;
	it.target_id = pid;
	assert_int_equal(store_menu_item_add(fx->st, &it, &ids[0]), NG_OK);
	it.kind = MENU_ITEM_SECTION;
	it.target_id = sid;
	it.label = STR_LIT("The world");
	assert_int_equal(store_menu_item_add(fx->st, &it, &ids[1]), NG_OK);
	it.kind = MENU_ITEM_URL;
	it.target_id = 0;
	it.label = STR_LIT("Shop");
	it.url = STR_LIT("https://shop.example/");
	assert_int_equal(store_menu_item_add(fx->st, &it, &ids[2]), NG_OK);
	it.url = STR_LIT("/tips/");
	it.label = STR_LIT("Tips");
	assert_int_equal(store_menu_item_add(fx->st, &it, &ids[3]), NG_OK);

	/* Bad links and targets are refused. */
	it.url = STR_LIT("javascript:alert(1)");
	assert_int_equal(store_menu_item_add(fx->st, &it, &(int64_t){ 0 }),
	    NG_EINVAL);
	it.url = STR_LIT("//evil.example/");
	assert_int_equal(store_menu_item_add(fx->st, &it, &(int64_t){ 0 }),
	    NG_EINVAL);
	it.kind = MENU_ITEM_PAGE;
	assert_int_equal(store_menu_item_add(fx->st, &it, &(int64_t){ 0 }),
	    NG_EINVAL);

	/* Indent the section under the page; then it cannot nest deeper. */
	gen = store_generation(fx->st);
	assert_int_equal(store_menu_item_move(fx->st, ids[1], MENU_MOVE_INDENT),
	    NG_OK);
	assert_true(store_generation(fx->st) > gen);
	assert_int_equal(store_menu_item_move(fx->st, ids[2], MENU_MOVE_INDENT),
	    NG_OK);
	assert_int_equal(store_menu_item_move(fx->st, ids[2], MENU_MOVE_INDENT),
	    NG_EINVAL);
	memset(&it, 0, sizeof(it));
	it.menu_id = menu;
	it.kind = MENU_ITEM_URL;
	it.url = STR_LIT("/x/");
	it.parent_id = ids[1]; /* a child: no grandchildren */
	assert_int_equal(store_menu_item_add(fx->st, &it, &(int64_t){ 0 }),
	    NG_EINVAL);

	assert_int_equal(store_menu_get(fx->ar, fx->st, menu, &got), NG_OK);
	assert_int_equal(got->nitems, 4);
	assert_int_equal(got->items[0].id, ids[0]);
	assert_true(got->items[0].live);
	assert_true(str_eqc(got->items[0].target_title, "about"));
	assert_true(str_eqc(got->items[0].target_slug, "about"));
	assert_int_equal(got->items[1].id, ids[1]);
	assert_int_equal(got->items[1].parent_id, ids[0]);
	assert_true(str_eqc(got->items[1].target_slug, "world"));
	assert_int_equal(got->items[2].id, ids[2]);
	assert_int_equal(got->items[2].parent_id, ids[0]);
	assert_int_equal(got->items[3].id, ids[3]);
	assert_int_equal(got->items[3].parent_id, 0);

	/* Reorder children, outdent one, move the top level. */
	assert_int_equal(store_menu_item_move(fx->st, ids[2], MENU_MOVE_UP),
	    NG_OK);
	assert_int_equal(store_menu_item_move(fx->st, ids[2], MENU_MOVE_UP),
	    NG_EINVAL);
	assert_int_equal(store_menu_item_move(fx->st, ids[2],
			     MENU_MOVE_OUTDENT),
	    NG_OK);
	assert_int_equal(store_menu_item_move(fx->st, ids[3], MENU_MOVE_UP),
	    NG_OK);
	assert_int_equal(store_menu_item_move(fx->st, ids[3], MENU_MOVE_UP),
	    NG_OK);
	assert_int_equal(store_menu_item_move(fx->st, ids[3], MENU_MOVE_UP),
	    NG_EINVAL);
	assert_int_equal(store_menu_get(fx->ar, fx->st, menu, &got), NG_OK);
	{
		int64_t want[] = { ids[3], ids[0], ids[1], ids[2] };
		int64_t wpar[] = { 0, 0, ids[0], 0 };

		assert_int_equal(got->nitems, 4);
		for (i = 0; i < 4; i++) {
			assert_int_equal(got->items[i].id, want[i]);
			assert_int_equal(got->items[i].parent_id, wpar[i]);
		}
	}
	/* Down over a block: the page and its child move together. */
	assert_int_equal(store_menu_item_move(fx->st, ids[0], MENU_MOVE_DOWN),
	    NG_OK);
	assert_int_equal(store_menu_get(fx->ar, fx->st, menu, &got), NG_OK);
	assert_int_equal(got->items[1].id, ids[2]);
	assert_int_equal(got->items[2].id, ids[0]);
	assert_int_equal(got->items[3].id, ids[1]);

	/* Deleting a parent lifts its children to the top level. */
	assert_int_equal(store_menu_item_delete(fx->st, ids[0]), NG_OK);
	assert_int_equal(store_menu_get(fx->ar, fx->st, menu, &got), NG_OK);
	assert_int_equal(got->nitems, 3);
	assert_int_equal(got->items[2].id, ids[1]);
	assert_int_equal(got->items[2].parent_id, 0);

	/* A target that is gone is not live. */
	it = got->items[2];
	it.kind = MENU_ITEM_ARTICLE;
	it.target_id = 4242;
	assert_int_equal(store_menu_item_update(fx->st, &it), NG_OK);
	assert_int_equal(store_menu_get(fx->ar, fx->st, menu, &got), NG_OK);
	assert_false(got->items[2].live);

	/* Locations. */
	assert_int_equal(store_menu_locations(fx->st, locs), NG_OK);
	assert_int_equal(locs[MENU_LOC_PRIMARY], 0);
	assert_int_equal(store_menu_location_set(fx->st, MENU_LOC_PRIMARY,
			     menu),
	    NG_OK);
	assert_int_equal(store_menu_location_set(fx->st, MENU_LOC_FOOTER, menu),
	    NG_OK);
	assert_int_equal(store_menu_location_set(fx->st, MENU_LOC_FOOTER, 0),
	    NG_OK);
	assert_int_equal(store_menu_locations(fx->st, locs), NG_OK);
	assert_int_equal(locs[MENU_LOC_PRIMARY], menu);
	assert_int_equal(locs[MENU_LOC_FOOTER], 0);

	assert_int_equal(store_wp_lookup(fx->st, WP_MENU, 77, &ids[0]), NG_OK);
	assert_int_equal(ids[0], menu);
	assert_int_equal(store_menu_list(fx->ar, fx->st, &list, &n), NG_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].nitems, 3);
	assert_int_equal(store_menu_rename(fx->st, menu, STR_LIT("Top")),
	    NG_OK);
	assert_int_equal(store_menu_delete(fx->st, menu), NG_OK);
	assert_int_equal(store_menu_locations(fx->st, locs), NG_OK);
	assert_int_equal(locs[MENU_LOC_PRIMARY], 0);
	assert_int_equal(store_menu_get(fx->ar, fx->st, menu, &got),
	    NG_ENOTFOUND);
}

static int64_t
article_add(struct fx *fx, const char *slug, int64_t when)
{
	struct article a;
	int64_t	       id;

	memset(&a, 0, sizeof(a));
	a.slug = str_c(slug);
	a.title = str_c(slug);
	a.body_md = STR_LIT("x");
	a.body_html = safe_html_trust(STR_LIT("<p>x</p>"));
	a.body_text = STR_LIT("x");
	a.status = ARTICLE_PUBLISHED;
	a.published_at = when;
	assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &id), NG_OK);
	return id;
}

static void
test_wp_compat(void **state)
{
	struct fx	    *fx = *state;
	struct article	    *a;
	struct article_list  l;
	struct article_query q;
	struct media	     m;
	struct section	     sec;
	int64_t		     art, art2, mid, id, s1, s2, s3;

	/* 2024-03-10 and 2024-04-02, UTC. */
	art = article_add(fx, "first", 1710072000);
	art2 = article_add(fx, "second", 1712059200);

	/* WordPress IDs: set, look up, unique, cleared. */
	assert_int_equal(store_wp_id_set(fx->st, WP_ARTICLE, art, 501), NG_OK);
	assert_int_equal(store_wp_lookup(fx->st, WP_ARTICLE, 501, &id), NG_OK);
	assert_int_equal(id, art);
	assert_int_equal(store_wp_id_set(fx->st, WP_ARTICLE, art2, 501),
	    NG_ECONFLICT);
	assert_int_equal(store_wp_lookup(fx->st, WP_PAGE, 501, &id),
	    NG_ENOTFOUND);
	assert_int_equal(store_wp_id_set(fx->st, WP_ARTICLE, 99999, 3),
	    NG_ENOTFOUND);
	assert_int_equal(store_wp_id_set(fx->st, WP_ARTICLE, art, 0), NG_OK);
	assert_int_equal(store_wp_lookup(fx->st, WP_ARTICLE, 501, &id),
	    NG_ENOTFOUND);

	/* Renaming a published article keeps its old slug. */
	assert_int_equal(store_article_by_id(fx->ar, fx->st, art, &a), NG_OK);
	a->slug = STR_LIT("first-renamed");
	assert_int_equal(store_article_save(fx->st, a, NULL, 0, &id), NG_OK);
	assert_int_equal(store_old_slug_lookup(fx->st, STR_LIT("first"), &id),
	    NG_OK);
	assert_int_equal(id, art);
	/* Importer's _wp_old_slug; a live slug is never an old one. */
	assert_int_equal(store_old_slug_add(fx->st, STR_LIT("older"), art2),
	    NG_OK);
	assert_int_equal(store_old_slug_lookup(fx->st, STR_LIT("older"), &id),
	    NG_OK);
	assert_int_equal(id, art2);
	assert_int_equal(store_old_slug_add(fx->st, STR_LIT("second"), art),
	    NG_OK);
	assert_int_equal(store_old_slug_lookup(fx->st, STR_LIT("second"), &id),
	    NG_ENOTFOUND);

	/* Upload paths, sized copies included. */
	memset(&m, 0, sizeof(m));
	m.path = STR_LIT("abc/1200.jpg");
	m.mime = STR_LIT("image/jpeg");
	assert_int_equal(store_media_add(fx->st, &m, &mid), NG_OK);
	assert_int_equal(store_old_upload_add(fx->st,
			     STR_LIT("2019/05/photo.jpg"), mid),
	    NG_OK);
	assert_int_equal(store_old_upload_lookup(fx->st,
			     STR_LIT("2019/05/photo.jpg"), &id),
	    NG_OK);
	assert_int_equal(id, mid);
	assert_int_equal(store_old_upload_lookup(fx->st,
			     STR_LIT("2019/05/photo-300x200.jpg"), &id),
	    NG_OK);
	assert_int_equal(id, mid);
	assert_int_equal(store_old_upload_lookup(fx->st,
			     STR_LIT("2019/05/photo-x200.jpg"), &id),
	    NG_ENOTFOUND);
	assert_int_equal(store_old_upload_lookup(fx->st,
			     STR_LIT("../etc/passwd"), &id),
	    NG_ENOTFOUND);
	assert_int_equal(store_old_upload_add(fx->st, STR_LIT("../x.jpg"), mid),
	    NG_EINVAL);

	/* Deferred variants: the mark, the list, the mark cleared. */
	{
		struct arena	     *pa = arena_new(1 << 16);
		struct media_pending *pv;
		size_t		      pn;

		assert_int_equal(store_media_pending(pa, fx->st, 10, &pv, &pn),
		    NG_OK);
		assert_int_equal(pn, 0);
		assert_int_equal(store_media_pending_set(fx->st, mid, 1),
		    NG_OK);
		assert_int_equal(store_media_pending(pa, fx->st, 10, &pv, &pn),
		    NG_OK);
		assert_int_equal(pn, 1);
		assert_int_equal(pv[0].id, mid);
		assert_true(str_eqc(pv[0].path, "abc/1200.jpg"));
		assert_int_equal(store_media_pending_set(fx->st, mid, 0),
		    NG_OK);
		assert_int_equal(store_media_pending(pa, fx->st, 10, &pv, &pn),
		    NG_OK);
		assert_int_equal(pn, 0);
		assert_int_equal(store_media_pending_set(fx->st, mid + 99, 1),
		    NG_ENOTFOUND);
		arena_free(pa);
	}
	assert_int_equal(store_wp_id_set(fx->st, WP_MEDIA, mid, 9), NG_OK);
	assert_int_equal(store_wp_lookup(fx->st, WP_MEDIA, 9, &id), NG_OK);
	assert_int_equal(id, mid);

	/* Section parents, loops refused. */
	memset(&sec, 0, sizeof(sec));
	sec.slug = STR_LIT("a");
	sec.name = STR_LIT("A");
	assert_int_equal(store_section_add(fx->st, &sec, &s1), NG_OK);
	sec.slug = STR_LIT("b");
	assert_int_equal(store_section_add(fx->st, &sec, &s2), NG_OK);
	sec.slug = STR_LIT("c");
	assert_int_equal(store_section_add(fx->st, &sec, &s3), NG_OK);
	assert_int_equal(store_section_set_parent(fx->st, s2, s1), NG_OK);
	assert_int_equal(store_section_set_parent(fx->st, s3, s2), NG_OK);
	assert_int_equal(store_section_set_parent(fx->st, s1, s3), NG_EINVAL);
	assert_int_equal(store_section_parent(fx->st, s3, &id), NG_OK);
	assert_int_equal(id, s2);
	assert_int_equal(store_section_parent(fx->st, s1, &id), NG_OK);
	assert_int_equal(id, 0);

	/* Date ranges. */
	memset(&q, 0, sizeof(q));
	q.from = 1709251200; /* 2024-03-01 */
	q.to = 1711929600;   /* 2024-04-01 */
	assert_int_equal(store_article_list(fx->ar, fx->st, &q, &l), NG_OK);
	assert_int_equal(l.total, 1);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].id, art);
	q.to = 1714521600; /* 2024-05-01 */
	assert_int_equal(store_article_list(fx->ar, fx->st, &q, &l), NG_OK);
	assert_int_equal(l.total, 2);
	assert_int_equal(l.v[0].id, art2);
	q.section_id = s1;
	assert_int_equal(store_article_list(fx->ar, fx->st, &q, &l), NG_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_page_paths, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_page_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_page_list_revisions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_menus, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wp_compat, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
