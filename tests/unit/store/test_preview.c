/*
 * test_preview.c -- the preview link store calls against a real SQLite
 * file: a link is found by its hash while it is live, not after its
 * expiry or its revocation; revoking names the article too, and works
 * once; the list shows every link newest first with its maker.  (The
 * PostgreSQL statements run in the PostgreSQL pass of the HTTP suite,
 * tests/http/preview.test.mjs.)
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin/admin.h"
#include "admin/auth.h"
#include "content/article.h"
#include "core/arena.h"
#include "store/store.h"

static struct {
	char	     *dir;
	struct store *st;
	struct arena *a;
	int64_t	      ed, art, other;
} fx;

static int64_t
draft(const char *title)
{
	struct article a;
	int64_t	       id = 0;

	memset(&a, 0, sizeof(a));
	a.title = str_c(title);
	a.body_md = STR_LIT("Not out yet.");
	a.status = ARTICLE_DRAFT;
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
	snprintf(path, sizeof(path), "%s/pv.db", fx.dir);
	if (store_open(path, 2, &fx.st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	assert_int_equal(auth_init(), NG_OK);
	fx.a = arena_new(1 << 20);
	assert_int_equal(admin_user_create(fx.a, fx.st, STR_LIT("ed"),
			     STR_LIT("Ed"), ROLE_EDITOR,
			     STR_LIT("a long password"), &fx.ed),
	    NG_OK);
	fx.art = draft("Embargoed");
	fx.other = draft("Another");
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

static void
test_find_expire_revoke(void **state)
{
	struct preview_link *v;
	int64_t		     now = (int64_t)time(NULL), id1, id2, art, exp;
	size_t		     n;

	(void)state;
	assert_int_equal(store_preview_add(fx.st, fx.art, STR_LIT("h1"), fx.ed,
			     now + 3600, &id1),
	    NG_OK);
	assert_int_equal(store_preview_add(fx.st, fx.art, STR_LIT("h2"), fx.ed,
			     now + 60, &id2),
	    NG_OK);
	assert_true(id2 > id1);
	/* Already expired, a missing article, a taken hash: refused. */
	assert_int_equal(store_preview_add(fx.st, fx.art, STR_LIT("h3"), fx.ed,
			     now - 1, &id1),
	    NG_EINVAL);
	assert_int_equal(store_preview_add(fx.st, 999999, STR_LIT("h3"), fx.ed,
			     now + 60, &id1),
	    NG_ENOTFOUND);
	assert_int_not_equal(store_preview_add(fx.st, fx.other, STR_LIT("h1"),
				 fx.ed, now + 60, &id1),
	    NG_OK);
	id1 = id2 - 1;

	assert_int_equal(store_preview_find(fx.st, STR_LIT("h1"), now, &art,
			     &exp),
	    NG_OK);
	assert_int_equal(art, fx.art);
	assert_int_equal(exp, now + 3600);
	/* At its expiry a link is dead. */
	assert_int_equal(store_preview_find(fx.st, STR_LIT("h2"), now + 60,
			     &art, &exp),
	    NG_ENOTFOUND);
	assert_int_equal(art, 0);
	assert_int_equal(store_preview_find(fx.st, STR_LIT("nope"), now, &art,
			     &exp),
	    NG_ENOTFOUND);

	/* Revoked through another article: no. */
	assert_int_equal(store_preview_revoke(fx.st, fx.other, id1, now),
	    NG_ENOTFOUND);
	assert_int_equal(store_preview_revoke(fx.st, fx.art, id1, now + 5),
	    NG_OK);
	assert_int_equal(store_preview_revoke(fx.st, fx.art, id1, now + 9),
	    NG_ENOTFOUND);
	assert_int_equal(store_preview_find(fx.st, STR_LIT("h1"), now, &art,
			     &exp),
	    NG_ENOTFOUND);

	assert_int_equal(store_preview_list(fx.a, fx.st, fx.art, &v, &n),
	    NG_OK);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].id, id2);
	assert_int_equal(v[0].revoked_at, 0);
	assert_int_equal(v[1].id, id1);
	assert_int_equal(v[1].revoked_at, now + 5);
	assert_true(str_eqc(v[1].created_by, "ed"));
	assert_int_equal(v[1].expires_at, now + 3600);
	assert_int_equal(store_preview_list(fx.a, fx.st, fx.other, &v, &n),
	    NG_OK);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_expire_revoke),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
