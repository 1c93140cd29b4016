/*
 * test_coauthors.c -- an article's bylines (migration 0029).
 *
 * Runs on SQLite, and on PostgreSQL too when NUTGRAF_TEST_PG_URL names
 * an empty database (tests/lib/pg-cluster.sh createdb), so the two
 * backends are held to the same answers: the bylines come back in order
 * on every lookup, an author's list has the articles they co-wrote, a
 * save naming only author_id keeps the co-authors, revisions keep the
 * bylines, and a save drops the pages of every author it touched.
 */
#include "testlib.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/arena.h"
#include "store/store.h"
#include "store/store_int.h"

struct fx {
	char	     *dir;
	char	      path[4096];
	struct store *st;
	struct arena *ar;
	int64_t	      au[3]; /* ann, bob, the desk */
};

static int
open_fx(void **state, const char *url)
{
	struct fx    *fx = calloc(1, sizeof(*fx));
	char	      err[256];
	struct author a;

	assert_non_null(fx);
	if (url == NULL) {
		fx->dir = testlib_tmpdir();
		snprintf(fx->path, sizeof(fx->path), "%s/nutgraf.db", fx->dir);
	} else
		snprintf(fx->path, sizeof(fx->path), "%s", url);
	if (store_open(fx->path, 2, &fx->st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	fx->ar = arena_new(16 * 1024 * 1024);
	memset(&a, 0, sizeof(a));
	a.slug = STR_LIT("ann");
	a.name = STR_LIT("Ann");
	assert_int_equal(store_author_add(fx->st, &a, &fx->au[0]), NG_OK);
	a.slug = STR_LIT("bob");
	a.name = STR_LIT("Bob");
	assert_int_equal(store_author_add(fx->st, &a, &fx->au[1]), NG_OK);
	a.slug = STR_LIT("news-desk");
	a.name = STR_LIT("News Desk");
	a.organization = 1;
	assert_int_equal(store_author_add(fx->st, &a, &fx->au[2]), NG_OK);
	*state = fx;
	return 0;
}

static int
setup_sqlite(void **state)
{
	return open_fx(state, NULL);
}

static int
setup_pg(void **state)
{
	const char *url = getenv("NUTGRAF_TEST_PG_URL");

	if (url == NULL || *url == '\0')
		return open_fx(state, NULL);
	return open_fx(state, url);
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	store_close(fx->st);
	arena_free(fx->ar);
	if (fx->dir != NULL) {
		testlib_rmrf(fx->dir);
		free(fx->dir);
	}
	free(fx);
	return 0;
}

static struct article
mk(const char *slug)
{
	struct article a;

	memset(&a, 0, sizeof(a));
	a.slug = str_c(slug);
	a.title = str_c(slug);
	a.body_md = STR_LIT("Hello.");
	a.body_html = safe_html_trust(STR_LIT("<p>Hello.</p>"));
	a.body_text = STR_LIT("Hello.");
	a.status = ARTICLE_PUBLISHED;
	a.published_at = (int64_t)time(NULL) - 60;
	return a;
}

static size_t
listed(struct fx *fx, int64_t author, int64_t article)
{
	struct article_query q;
	struct article_list  l;
	size_t		     i, hit = 0;

	memset(&q, 0, sizeof(q));
	q.author_id = author;
	q.limit = 50;
	assert_int_equal(store_article_list(fx->ar, fx->st, &q, &l), NG_OK);
	for (i = 0; i < l.n; i++)
		if (l.v[i].id == article)
			hit++;
	return hit;
}

static void
assert_bylines(const struct article *a, const int64_t *want, size_t n)
{
	size_t i;

	assert_int_equal(a->nauthors, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(a->authors[i].id, want[i]);
		assert_true(a->authors[i].name.n > 0);
	}
	assert_int_equal(a->author_id, n > 0 ? want[0] : 0);
	assert_int_equal(a->author.id, n > 0 ? want[0] : 0);
}

static void
test_bylines(void **state)
{
	struct fx	*fx = *state;
	struct article	 a, *got;
	struct revision *revs, *rv;
	int64_t		 id, two[2], three[3], dup[2];
	size_t		 nrev;

	/* Bob and the desk, in that order; author_id follows the list. */
	a = mk("co");
	a.author_id = fx->au[0]; /* overridden by the list */
	two[0] = fx->au[1];
	two[1] = fx->au[2];
	a.author_ids = two;
	a.nauthor_ids = 2;
	assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &id), NG_OK);
	assert_int_equal(store_article_by_id(fx->ar, fx->st, id, &got), NG_OK);
	assert_bylines(got, two, 2);
	assert_true(got->authors[1].organization);
	assert_false(got->authors[0].organization);
	assert_int_equal(store_article_by_slug(fx->ar, fx->st, STR_LIT("co"),
			     &got),
	    NG_OK);
	assert_bylines(got, two, 2);
	assert_int_equal(listed(fx, fx->au[1], id), 1);
	assert_int_equal(listed(fx, fx->au[2], id), 1);
	assert_int_equal(listed(fx, fx->au[0], id), 0);
	assert_int_equal(listed(fx, 0, id), 1);

	/* A save naming author_id alone keeps the co-authors. */
	a = *got;
	a.author_ids = NULL;
	a.nauthor_ids = 0;
	a.author_id = fx->au[0];
	assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &id), NG_OK);
	assert_int_equal(store_article_by_id(fx->ar, fx->st, id, &got), NG_OK);
	three[0] = fx->au[0];
	three[1] = fx->au[1];
	three[2] = fx->au[2];
	assert_bylines(got, three, 3);

	/* A list replaces them; the dropped one's page no longer has it. */
	a = *got;
	a.author_ids = three;
	a.nauthor_ids = 1;
	assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &id), NG_OK);
	assert_int_equal(store_article_by_id(fx->ar, fx->st, id, &got), NG_OK);
	assert_bylines(got, three, 1);
	assert_int_equal(listed(fx, fx->au[1], id), 0);

	/* Revisions keep the bylines, newest first. */
	assert_int_equal(store_revision_list(fx->ar, fx->st, id, &revs, &nrev),
	    NG_OK);
	assert_int_equal(nrev, 3);
	assert_int_equal(store_revision_get(fx->ar, fx->st, revs[2].id, &rv),
	    NG_OK);
	assert_true(rv->authors_kept);
	assert_string_equal(rv->authors.p,
	    arena_printf(fx->ar, "%lld,%lld", (long long)fx->au[1],
		(long long)fx->au[2]));
	assert_int_equal(store_revision_get(fx->ar, fx->st, revs[0].id, &rv),
	    NG_OK);
	assert_string_equal(rv->authors.p,
	    arena_printf(fx->ar, "%lld", (long long)fx->au[0]));

	/* None at all. */
	a = *got;
	a.author_ids = three;
	a.nauthor_ids = 0;
	assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &id), NG_OK);
	assert_int_equal(store_article_by_id(fx->ar, fx->st, id, &got), NG_OK);
	assert_bylines(got, NULL, 0);

	/* Refused: a repeated byline, a bad id. */
	a = mk("bad");
	dup[0] = dup[1] = fx->au[0];
	a.author_ids = dup;
	a.nauthor_ids = 2;
	assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &id),
	    NG_EINVAL);
	dup[1] = -4;
	assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &id),
	    NG_EINVAL);
}

static void
test_list_bylines(void **state)
{
	struct fx	    *fx = *state;
	struct article	     a;
	struct article_query q;
	struct article_list  l;
	char		     slug[16];
	int64_t		     two[2], id;
	size_t		     i;

	two[0] = fx->au[2];
	two[1] = fx->au[0];
	for (i = 0; i < 6; i++) {
		snprintf(slug, sizeof(slug), "l-%zu", i);
		a = mk(slug);
		a.author_ids = two;
		a.nauthor_ids = i % 2 == 0 ? 2 : 1;
		assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &id),
		    NG_OK);
	}
	memset(&q, 0, sizeof(q));
	q.limit = 10;
	assert_int_equal(store_article_list(fx->ar, fx->st, &q, &l), NG_OK);
	assert_int_equal(l.n, 6);
	for (i = 0; i < l.n; i++) {
		assert_int_equal(l.v[i].nauthors,
		    l.v[i].slug.p[2] % 2 == 0 ? 2 : 1);
		assert_int_equal(l.v[i].authors[0].id, fx->au[2]);
		assert_true(l.v[i].author.organization);
	}
	/* Ann co-wrote three of them. */
	q.author_id = fx->au[0];
	assert_int_equal(store_article_list(fx->ar, fx->st, &q, &l), NG_OK);
	assert_int_equal(l.total, 3);
	assert_int_equal(l.n, 3);
}

/* The keys a save records name every author it was and is listed by. */
static void
test_inval_keys(void **state)
{
	struct write_subject s;
	uint64_t	     keys[STORE_INVAL_KEYS_MAX];
	int64_t		     before[2] = { 5, 6 }, after[1] = { 5 };
	size_t		     n, i;
	int		     has6 = 0;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.article_id = 1;
	s.public_before = s.public_after = 1;
	s.author_id[0] = 5;
	s.author_id[1] = 5;
	s.authors[0] = before;
	s.nauthors[0] = 2;
	s.authors[1] = after;
	s.nauthors[1] = 1;
	n = store_inval_keys(SW_ARTICLE_SAVE, &s, keys, STORE_INVAL_KEYS_MAX);
	for (i = 0; i < n; i++)
		if (keys[i] == STORE_KEY(INVAL_AUTHOR, 6))
			has6 = 1;
	assert_true(has6);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bylines, setup_sqlite,
		    teardown),
		cmocka_unit_test_setup_teardown(test_list_bylines, setup_sqlite,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bylines, setup_pg,
		    teardown),
		cmocka_unit_test(test_inval_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
