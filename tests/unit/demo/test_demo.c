/*
 * test_demo.c -- the demo site, loaded into a real SQLite store in a
 * temporary directory.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "demo/demo.h"
#include "store/store.h"

struct fixture {
	char	     *dir;
	struct store *st;
	struct arena *a;
};

/* Load the demo once for all the tests that only read it. */
static int
setup(void **state)
{
	struct fixture *f;
	char		path[4096], err[256];

	f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->dir = testlib_tmpdir();
	snprintf(path, sizeof(path), "%s/nutgraf.db", f->dir);
	if (store_open(path, 2, &f->st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	if (demo_load(f->st, NULL, err, sizeof(err)) != NG_OK)
		fail_msg("demo_load: %s", err);
	f->a = arena_new(1 << 24);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	store_close(f->st);
	arena_free(f->a);
	testlib_rmrf(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static int
has(struct str s, const char *needle)
{
	return s.p != NULL && memmem(s.p, s.n, needle, strlen(needle)) != NULL;
}

/* 2024-04-25 10:00:00 UTC */
#define LEAD_TIME 1714039200
/* 2024-03-17 12:00:00 UTC */
#define RELATED_TIME 1710676800

static void
test_lead_article(void **state)
{
	struct fixture		*f = *state;
	struct article		*art;
	size_t			 i, revs;
	static const char *const tags[] = {
		"Niger",
		"United States",
		"Sahel",
		"Russia",
	};
	static const char *const tag_slugs[] = {
		"niger",
		"united-states",
		"sahel",
		"russia",
	};

	assert_int_equal(store_article_by_slug(f->a, f->st,
			     STR_LIT(DEMO_LEAD_SLUG), &art),
	    NG_OK);
	assert_true(str_eqc(art->title,
	    "US to Negotiate Troop Withdrawal "
	    "from Niger Amid Military Leadership Talks"));
	assert_true(str_eqc(art->dek,
	    "The US State Department has "
	    "announced that talks on a possible withdrawal would begin this "
	    "week and next week in the capital Niamey"));
	assert_true(str_eqc(art->source_name, "Asian Lite News"));
	assert_int_equal(art->published_at, LEAD_TIME);
	assert_int_equal(art->comments_open, 1);
	assert_true(str_eqc(art->author.slug, "news-desk"));
	assert_true(str_eqc(art->author.name, "News Desk"));
	assert_true(str_eqc(art->section.slug, "world"));

	assert_int_equal(art->ntags, 4);
	for (i = 0; i < 4; i++) {
		assert_true(str_eqc(art->tags[i].name, tags[i]));
		assert_true(str_eqc(art->tags[i].slug, tag_slugs[i]));
	}

	/* The ALSO READ line became the related pick. */
	assert_true(art->related_id != 0);
	assert_int_equal(art->related.id, art->related_id);
	assert_true(str_eqc(art->related.title,
	    "Niger Breaks Off Military Deal With US"));
	assert_true(str_eqc(art->related.slug,
	    "niger-breaks-off-military-deal-with-us"));
	assert_int_equal(art->related.published_at, RELATED_TIME);

	/* The body as it should have looked: first and last paragraphs. */
	assert_true(has(art->body_html.s,
	    "<p>The US is preparing to "
	    "negotiate with the military leadership in Niger about the "
	    "\xe2\x80\x9corganized and responsible withdrawal\xe2\x80\x9d of "
	    "its troops from the country.</p>"));
	assert_true(has(art->body_html.s,
	    "<p>The transition triggered a "
	    "serious diplomatic crisis in the region"));
	assert_true(has(art->body_html.s,
	    "the US military\xe2\x80\x99s "
	    "counter-terrorism operations"));
	assert_true(has(art->body_html.s,
	    "reference to \xe2\x80\x9c"
	    "condescending behaviour\xe2\x80\x9d"));
	assert_true(has(art->body_text,
	    "More than 1,000 US soldiers are "
	    "stationed there, according to data from last year."));
	/* And none of the seed's debris. */
	assert_false(has(art->body_html.s, "[soliloquy"));
	assert_false(has(art->body_html.s, "ALSO READ"));
	assert_false(has(art->body_html.s, "Advertisements"));
	assert_false(has(art->body_text, "[soliloquy"));
	assert_false(has(art->body_text, "ALSO READ"));
	assert_false(has(art->body_text, "Tagged"));

	/* Saved through article_save(): one revision. */
	assert_int_equal(store_article_revisions(f->st, art->id, &revs), NG_OK);
	assert_int_equal(revs, 1);
}

static void
test_related_article(void **state)
{
	struct fixture *f = *state;
	struct article *art;

	assert_int_equal(store_article_by_slug(f->a, f->st,
			     STR_LIT("niger-breaks-off-military-deal-with-us"),
			     &art),
	    NG_OK);
	assert_int_equal(art->published_at, RELATED_TIME);
	assert_int_equal(art->kicker.n, 0);
	assert_int_equal(art->source_name.n, 0);
	assert_int_equal(art->source_url.n, 0);
	assert_true(str_eqc(art->section.slug, "world"));
	assert_true(str_eqc(art->author.slug, "news-desk"));
	assert_int_equal(art->ntags, 3);
	assert_true(str_eqc(art->tags[2].name, "Sahel"));
	assert_true(has(art->body_html.s, "Amadou Abdramane"));
	assert_true(has(art->body_html.s, "July 2023"));
	assert_int_equal(art->related_id, 0);
}

static void
test_site_shape(void **state)
{
	struct fixture		*f = *state;
	struct article_query	 q;
	struct article_list	 l;
	struct section		*secs, *world;
	struct author		*au;
	struct str		 v;
	size_t			 n, i, untagged = 0;
	static const char *const names[] = {
		"World",
		"Politics",
		"Business",
		"Technology",
		"Sport",
	};

	assert_int_equal(store_setting_get(f->a, f->st, "title", &v), NG_OK);
	assert_true(str_eqc(v, "The Nutgraf Times"));
	assert_int_equal(store_setting_get(f->a, f->st, "tagline", &v), NG_OK);
	assert_true(str_eqc(v, "News that gets to the point (demo site)"));

	assert_int_equal(store_sections(f->a, f->st, &secs, &n), NG_OK);
	assert_int_equal(n, 5);
	for (i = 0; i < n; i++)
		assert_true(str_eqc(secs[i].name, names[i]));
	assert_int_equal(store_author_by_slug(f->a, f->st, STR_LIT("news-desk"),
			     &au),
	    NG_OK);

	/* The front page: >= 14 published, the lead story first. */
	memset(&q, 0, sizeof(q));
	q.limit = STORE_LIST_MAX;
	assert_int_equal(store_article_list(f->a, f->st, &q, &l), NG_OK);
	assert_true(l.total >= 14);
	assert_int_equal(l.n, l.total);
	assert_true(str_eqc(l.v[0].slug, DEMO_LEAD_SLUG));
	for (i = 0; i < l.n; i++) {
		assert_int_equal(l.v[i].status, ARTICLE_PUBLISHED);
		/* The draft never shows. */
		assert_false(has(l.v[i].title, "draft"));
		/*
		 * A sample says so in its title; its kicker is a real
		 * label ("Analysis"), never "Sample story".
		 */
		if (has(l.v[i].title, "Sample")) {
			assert_true(l.v[i].kicker.n > 0);
			assert_false(has(l.v[i].kicker, "ample"));
		}
		if (l.v[i].ntags == 0)
			untagged++;
		if (i > 0)
			assert_true(
			    l.v[i].published_at <= l.v[i - 1].published_at);
	}
	assert_true(untagged >= 1);
	/* An untagged story is recent enough for the first page. */
	for (i = 0; i < 10 && l.v[i].ntags > 0; i++)
		;
	assert_true(i < 10);

	/* World pages: more than ten stories, so a page 2. */
	assert_int_equal(store_section_by_slug(f->a, f->st, STR_LIT("world"),
			     &world),
	    NG_OK);
	q.section_id = world->id;
	q.limit = 10;
	assert_int_equal(store_article_list(f->a, f->st, &q, &l), NG_OK);
	assert_true(l.total >= 11);
	assert_int_equal(l.n, 10);
	q.offset = 10;
	assert_int_equal(store_article_list(f->a, f->st, &q, &l), NG_OK);
	assert_true(l.n >= 1);

	/* Every section has at least one story. */
	for (i = 0; i < 5; i++) {
		memset(&q, 0, sizeof(q));
		q.section_id = secs[i].id;
		q.limit = 1;
		assert_int_equal(store_article_list(f->a, f->st, &q, &l),
		    NG_OK);
		assert_true(l.total >= 1);
	}
}

/* A second load refuses and changes nothing. */
static void
test_second_load_refused(void **state)
{
	struct fixture	    *f = *state;
	struct article_query q;
	struct article_list  l;
	char		     err[256];
	size_t		     before;

	memset(&q, 0, sizeof(q));
	q.limit = 1;
	assert_int_equal(store_article_list(f->a, f->st, &q, &l), NG_OK);
	before = l.total;
	assert_int_equal(demo_load(f->st, NULL, err, sizeof(err)),
	    NG_ECONFLICT);
	assert_true(strlen(err) > 0);
	assert_int_equal(store_article_list(f->a, f->st, &q, &l), NG_OK);
	assert_int_equal(l.total, before);
}

/* The demo's pictures: the same seed, the same picture; others differ. */
static void
test_pictures_drawn(void **state)
{
	const size_t   n = (size_t)DEMO_PIC_W * DEMO_PIC_H * 3;
	unsigned char *p = malloc(n), *q = malloc(n);
	size_t	       i, lit = 0;

	(void)state;
	assert_non_null(p);
	assert_non_null(q);
	demo_draw_picture(p, 3, 1, 1);
	demo_draw_picture(q, 3, 1, 1);
	assert_memory_equal(p, q, n);
	demo_draw_picture(q, 4, 1, 1);
	assert_memory_not_equal(p, q, n);
	demo_draw_picture(q, 3, 2, 0);
	assert_memory_not_equal(p, q, n);
	/* Not a blank: the sun's near-white disc is there. */
	for (i = 0; i < n; i += 3)
		lit += p[i] == 255 && p[i + 1] == 244 && p[i + 2] == 214;
	assert_true(lit > 100);
	free(p);
	free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pictures_drawn),
		cmocka_unit_test(test_lead_article),
		cmocka_unit_test(test_related_article),
		cmocka_unit_test(test_site_shape),
		cmocka_unit_test(test_second_load_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
