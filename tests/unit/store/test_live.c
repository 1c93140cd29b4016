/*
 * test_live.c -- the live coverage store calls against a real SQLite
 * file: updates need coverage that is on; they come back newest first
 * (after an id too) with their rendered HTML and text; pin and delete
 * name the article; ending keeps the updates, leaves the article out of
 * the live list and refuses new updates; a start takes it up again
 * with its first start time.  (The PostgreSQL statements run in the
 * PostgreSQL pass of the HTTP suite, tests/http/live.test.mjs.)
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/article.h"
#include "core/arena.h"
#include "store/store.h"

static struct {
	char	     *dir;
	struct store *st;
	struct arena *a;
	int64_t	      art, other;
} fx;

static int64_t
story(const char *title)
{
	struct article a;
	int64_t	       id = 0;

	memset(&a, 0, sizeof(a));
	a.title = str_c(title);
	a.body_md = STR_LIT("So far.");
	a.status = ARTICLE_PUBLISHED;
	assert_int_equal(article_save(fx.a, fx.st, &a, NULL, 0, &id), NG_OK);
	return id;
}

static int
setup(void **state)
{
	char err[256], path[1024];

	(void)state;
	memset(&fx, 0, sizeof(fx));
	fx.dir = testlib_tmpdir();
	snprintf(path, sizeof(path), "%s/live.db", fx.dir);
	if (store_open(path, 2, &fx.st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	fx.a = arena_new(1 << 20);
	fx.art = story("Storm live");
	fx.other = story("Another");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(fx.a);
	store_close(fx.st);
	testlib_rmrf(fx.dir);
	free(fx.dir);
	return 0;
}

static enum ng_err
post(int64_t art, const char *text, int pinned, int64_t *id)
{
	struct live_update u;

	memset(&u, 0, sizeof(u));
	u.article_id = art;
	u.pinned = pinned;
	u.body_md = str_c(text);
	u.body_html = safe_html_trust(STR_LIT("<p>x</p>"));
	u.body_text = str_c(text);
	return store_live_update_add(fx.st, &u, id);
}

static void
test_coverage(void **state)
{
	struct live_coverage cov;
	struct live_update  *u;
	int64_t		    *ids, a, b, c, started;
	size_t		     n;

	(void)state;
	assert_int_equal(store_live_get(fx.st, fx.art, &cov), NG_ENOTFOUND);
	assert_int_equal(post(fx.art, "Too early", 0, &a), NG_ENOTFOUND);
	assert_int_equal(a, 0);
	assert_int_equal(store_live_set(fx.st, fx.art, 0), NG_ENOTFOUND);
	assert_int_equal(store_live_set(fx.st, 999999, 1), NG_ENOTFOUND);

	assert_int_equal(store_live_set(fx.st, fx.art, 1), NG_OK);
	assert_int_equal(store_live_get(fx.st, fx.art, &cov), NG_OK);
	assert_true(cov.started_at > 0);
	assert_int_equal(cov.ended_at, 0);
	started = cov.started_at;
	assert_int_equal(store_live_now(fx.a, fx.st, &ids, &n), NG_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], fx.art);

	assert_int_equal(post(fx.art, "First", 0, &a), NG_OK);
	assert_int_equal(post(fx.art, "Second", 1, &b), NG_OK);
	assert_int_equal(post(fx.art, "Third", 0, &c), NG_OK);
	assert_true(a < b && b < c);
	assert_int_equal(store_live_updates(fx.a, fx.st, fx.art, 0,
			     STORE_LIVE_UPDATES_MAX, &u, &n),
	    NG_OK);
	assert_int_equal(n, 3);
	assert_int_equal(u[0].id, c);
	assert_int_equal(u[2].id, a);
	assert_true(u[1].pinned);
	assert_false(u[0].pinned);
	assert_true(str_eqc(u[1].body_text, "Second"));
	assert_true(str_eqc(u[1].body_html.s, "<p>x</p>"));
	/* After an id: only the newer ones (what the poll counts). */
	assert_int_equal(store_live_updates(fx.a, fx.st, fx.art, a, 10, &u, &n),
	    NG_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_live_updates(fx.a, fx.st, fx.art, 0, 0, &u, &n),
	    NG_EINVAL);

	/* Pin and delete name the article. */
	assert_int_equal(store_live_update_pin(fx.st, fx.other, a, 1),
	    NG_ENOTFOUND);
	assert_int_equal(store_live_update_pin(fx.st, fx.art, a, 1), NG_OK);
	assert_int_equal(store_live_update_delete(fx.st, fx.other, c),
	    NG_ENOTFOUND);
	assert_int_equal(store_live_update_delete(fx.st, fx.art, c), NG_OK);
	assert_int_equal(store_live_update_delete(fx.st, fx.art, c),
	    NG_ENOTFOUND);
	assert_int_equal(store_live_updates(fx.a, fx.st, fx.art, 0, 10, &u, &n),
	    NG_OK);
	assert_int_equal(n, 2);
	assert_true(u[0].pinned && u[1].pinned);

	/* Bad input. */
	assert_int_equal(post(fx.art, "", 0, &a), NG_EINVAL);
	assert_int_equal(post(0, "x", 0, &a), NG_EINVAL);

	/* The end keeps the updates and refuses new ones. */
	assert_int_equal(store_live_set(fx.st, fx.art, 0), NG_OK);
	assert_int_equal(store_live_set(fx.st, fx.art, 0), NG_ENOTFOUND);
	assert_int_equal(store_live_get(fx.st, fx.art, &cov), NG_OK);
	assert_true(cov.ended_at >= cov.started_at);
	assert_int_equal(store_live_now(fx.a, fx.st, &ids, &n), NG_OK);
	assert_int_equal(n, 0);
	assert_int_equal(post(fx.art, "Late", 0, &a), NG_ENOTFOUND);
	assert_int_equal(store_live_updates(fx.a, fx.st, fx.art, 0, 10, &u, &n),
	    NG_OK);
	assert_int_equal(n, 2);

	/* Taken up again: its first start stays. */
	assert_int_equal(store_live_set(fx.st, fx.art, 1), NG_OK);
	assert_int_equal(store_live_get(fx.st, fx.art, &cov), NG_OK);
	assert_int_equal(cov.ended_at, 0);
	assert_int_equal(cov.started_at, started);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_coverage),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
