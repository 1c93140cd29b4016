/*
 * test_page.c -- static pages: which slugs a page may take
 * (the route table decides which words are the site's own), and
 * page_save()'s slug making, rendering and refusals against a real
 * store.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/page.h"
#include "core/arena.h"
#include "routes.h"
#include "store/store.h"

/* A route table of its own, so the test names what it expects. */
static enum ng_err
h(struct req *r, struct resp *rs)
{
	(void)r;
	(void)rs;
	return NG_OK;
}

static const struct route table[] = {
	{ "/", ROUTE_GETHEAD, h, 0, "front" },
	{ "/feed/", ROUTE_GETHEAD, h, 0, "feed" },
	{ "/tag/{}/", ROUTE_GETHEAD, h, 0, "tag" },
	{ "/robots.txt", ROUTE_GETHEAD, h, 0, "robots" },
	{ "/{}.json", ROUTE_GETHEAD, h, 0, "capture_first" },
	{ ROUTE_FALLBACK, ROUTE_GETHEAD, h, 0, "fallback" },
};

static void
test_segment_taken(void **state)
{
	(void)state;
	assert_true(router_segment_taken(table, 6, STR_LIT("feed")));
	assert_true(router_segment_taken(table, 6, STR_LIT("tag")));
	assert_true(router_segment_taken(table, 6, STR_LIT("robots.txt")));
	assert_false(router_segment_taken(table, 6, STR_LIT("robots")));
	assert_false(router_segment_taken(table, 6, STR_LIT("fee")));
	assert_false(router_segment_taken(table, 6, STR_LIT("about")));
	assert_false(router_segment_taken(table, 6, STR_LIT("")));
	assert_false(router_segment_taken(table, 6, STR_LIT("*")));

	/* The real table: every word the brief names, and not "about". */
	assert_true(routes_segment_taken(STR_LIT("feed")));
	assert_true(routes_segment_taken(STR_LIT("tag")));
	assert_true(routes_segment_taken(STR_LIT("category")));
	assert_true(routes_segment_taken(STR_LIT("author")));
	assert_true(routes_segment_taken(STR_LIT("admin")));
	assert_true(routes_segment_taken(STR_LIT("page")));
	assert_true(routes_segment_taken(STR_LIT("search")));
	assert_true(routes_segment_taken(STR_LIT("assets")));
	assert_true(routes_segment_taken(STR_LIT("comments")));
	assert_true(routes_segment_taken(STR_LIT("media")));
	assert_false(routes_segment_taken(STR_LIT("about")));
	assert_false(routes_segment_taken(STR_LIT("contact")));
}

static int
taken(struct str seg)
{
	return router_segment_taken(table, 6, seg);
}

static void
test_check(void **state)
{
	struct page p;
	const char *why;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.title = STR_LIT("About us");
	assert_int_equal(page_check(&p, taken, &why), NG_OK);
	p.slug = STR_LIT("about");
	assert_int_equal(page_check(&p, taken, &why), NG_OK);

	/* Route words, digits and wp- are refused at the top level... */
	p.slug = STR_LIT("feed");
	assert_int_equal(page_check(&p, taken, &why), NG_EINVAL);
	assert_non_null(strstr(why, "site's own pages"));
	p.slug = STR_LIT("tag");
	assert_int_equal(page_check(&p, taken, &why), NG_EINVAL);
	p.slug = STR_LIT("2024");
	assert_int_equal(page_check(&p, taken, &why), NG_EINVAL);
	assert_non_null(strstr(why, "date archives"));
	p.slug = STR_LIT("wp-json");
	assert_int_equal(page_check(&p, taken, &why), NG_EINVAL);
	/* ...but are fine under a parent: /about/feed/ hides nothing. */
	p.parent_id = 7;
	p.slug = STR_LIT("feed");
	assert_int_equal(page_check(&p, taken, &why), NG_OK);
	p.parent_id = 0;

	p.slug = STR_LIT("Bad Slug");
	assert_int_equal(page_check(&p, taken, &why), NG_EINVAL);
	p.slug = STR_NULL;
	p.title = STR_LIT("   ");
	assert_int_equal(page_check(&p, taken, &why), NG_EINVAL);
	assert_string_equal(why, "The title is required.");
	p.title = STR_LIT("!!!");
	assert_int_equal(page_check(&p, taken, &why), NG_EINVAL);
	p.title = STR_LIT("Bell\a");
	assert_int_equal(page_check(&p, taken, &why), NG_EINVAL);
	p.title = STR_LIT("ok");
	p.body_src = STR_LIT("bad \xff utf-8");
	assert_int_equal(page_check(&p, taken, &why), NG_EINVAL);
}

static void
test_save(void **state)
{
	struct store *st;
	struct arena *ar;
	struct page   p, *got;
	const char   *why;
	char	     *dir, path[4096], err[256];
	int64_t	      id, id2;

	(void)state;
	dir = testlib_tmpdir();
	snprintf(path, sizeof(path), "%s/nutgraf.db", dir);
	if (store_open(path, 1, &st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	ar = arena_new(1024 * 1024);

	/* A title that is a route word gets "-2", as WordPress does. */
	memset(&p, 0, sizeof(p));
	p.title = STR_LIT("Feed");
	p.body_src = STR_LIT("Hello *world*");
	p.status = PAGE_PUBLISHED;
	assert_int_equal(page_save(ar, st, &p, taken, 0, &id, &why), NG_OK);
	assert_true(str_eqc(p.slug, "feed-2"));
	assert_int_equal(store_page_by_path(ar, st, STR_LIT("feed-2"), &got),
	    NG_OK);
	assert_non_null(strstr(got->body_html.s.p, "<em>world</em>"));
	assert_non_null(strstr(got->body_text.p, "Hello world"));

	/* Raw HTML in Markdown is escaped, never passed through. */
	memset(&p, 0, sizeof(p));
	p.title = STR_LIT("About");
	p.body_src = STR_LIT("<script>alert(1)</script>");
	assert_int_equal(page_save(ar, st, &p, taken, 0, &id2, &why), NG_OK);
	assert_int_equal(store_page_by_id(ar, st, id2, &got), NG_OK);
	assert_null(strstr(got->body_html.s.p, "<script>"));

	/* The same address again is refused with a sentence. */
	memset(&p, 0, sizeof(p));
	p.title = STR_LIT("About again");
	p.slug = STR_LIT("about");
	assert_int_equal(page_save(ar, st, &p, taken, 0, &id, &why),
	    NG_ECONFLICT);
	assert_non_null(strstr(why, "Another page"));

	/* An HTML body (an import) goes through the sanitizer. */
	memset(&p, 0, sizeof(p));
	p.title = STR_LIT("Imported");
	p.format = BODY_HTML;
	p.status = PAGE_PUBLISHED;
	p.body_src = STR_LIT("<p onclick=\"x()\">Fish &amp; chips</p>"
			     "<script>alert(1)</script><h2>Menu</h2>");
	assert_int_equal(page_save(ar, st, &p, taken, 0, &id, &why), NG_OK);
	assert_int_equal(store_page_by_id(ar, st, id, &got), NG_OK);
	assert_int_equal(got->format, BODY_HTML);
	assert_null(strstr(got->body_html.s.p, "script"));
	assert_null(strstr(got->body_html.s.p, "onclick"));
	assert_non_null(strstr(got->body_html.s.p, "<h2>Menu</h2>"));
	assert_string_equal(got->body_text.p, "Fish & chips\nMenu\n");
	/* The source is kept as written, for the editor. */
	assert_non_null(strstr(got->body_src.p, "<script>"));

	arena_free(ar);
	store_close(st);
	testlib_rmrf(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_segment_taken),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_save),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
