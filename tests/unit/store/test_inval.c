/*
 * test_inval.c -- the invalidation list (store_inval.c): for each kind
 * of write, the page keys it drops and the ones it must leave alone;
 * the text form of keys in the log; and, on a real database, that the
 * writes record (or do not record) exactly those keys, in the write's
 * own transaction, and that another process sees them.
 */
#include "testlib.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "store/store.h"
#include "store/store_int.h"

#define A(id)	STORE_KEY(INVAL_ARTICLE, id)
#define S(id)	STORE_KEY(INVAL_SECTION, id)
#define T(id)	STORE_KEY(INVAL_TAG, id)
#define AU(id)	STORE_KEY(INVAL_AUTHOR, id)
#define M(id)	STORE_KEY(INVAL_MEDIA, id)
#define P(id)	STORE_KEY(INVAL_PAGE, id)
#define C(id)	STORE_KEY(INVAL_COMMENTS, id)
#define L(id)	STORE_KEY(INVAL_LIVE, id)
#define KIND(k) STORE_KEY(k, 0)
#define ALL	KIND(INVAL_ALL)
#define END	UINT64_MAX /* STORE_KEY(INVAL_ALL, 0) is 0 */

static const int64_t tags_old[] = { 31, 32 };
static const int64_t tags_new[] = { 32, 33 };

/* A published article 7 in section 2 by author 4, tagged 31 and 32,
 * moving to section 5, author 6, tags 32 and 33. */
static const struct write_subject published_edit = {
	.article_id = 7,
	.public_before = 1,
	.public_after = 1,
	.section_id = { 2, 5 },
	.author_id = { 4, 6 },
	.tags = { tags_old, tags_new },
	.ntags = { 2, 2 },
};
static const struct write_subject draft_edit = {
	.article_id = 7,
	.section_id = { 2, 2 },
	.author_id = { 4, 4 },
	.tags = { tags_old, tags_old },
	.ntags = { 2, 2 },
};
static const struct write_subject unpublish = {
	.article_id = 7,
	.public_before = 1,
	.section_id = { 2, 2 },
	.author_id = { 4, 4 },
};
static const struct write_subject first_publish = {
	.article_id = 8,
	.public_after = 1,
	.section_id = { 0, 3 },
	.author_id = { 0, 4 },
};
static const struct write_subject comment_approved = {
	.article_id = 5,
	.approved_after = 1,
};
static const struct write_subject comment_held = {
	.article_id = 5,
};
static const struct write_subject comment_unapproved = {
	.article_id = 5,
	.approved_before = 1,
};
static const struct write_subject section_9 = { .id = 9 };
static const struct write_subject media_12 = { .id = 12 };
static const struct write_subject nothing = { 0 };

struct inval_case {
	const char		   *what;
	enum store_write	    w;
	const struct write_subject *s;
	uint64_t		    drops[16]; /* exactly these */
	uint64_t		    leaves[8];
};

static const struct inval_case cases[] = {
	{ "published article edited", SW_ARTICLE_SAVE, &published_edit,
	    { A(7), S(2), S(5), T(31), T(32), T(33), AU(4), AU(6),
		KIND(INVAL_FRONT), KIND(INVAL_SITEMAPS), KIND(INVAL_SEARCH),
		KIND(INVAL_COMMENT_FEEDS), END },
	    { A(8), S(3), T(34), AU(5), KIND(INVAL_NAV), KIND(INVAL_SETTINGS),
		END } },
	{ "draft saved", SW_ARTICLE_SAVE, &draft_edit, { END },
	    { A(7), S(2), KIND(INVAL_FRONT), END } },
	{ "article unpublished", SW_ARTICLE_SAVE, &unpublish,
	    { A(7), S(2), AU(4), KIND(INVAL_FRONT), KIND(INVAL_SITEMAPS),
		KIND(INVAL_SEARCH), KIND(INVAL_COMMENT_FEEDS), END },
	    { A(8), S(3), END } },
	{ "article published", SW_ARTICLE_SAVE, &first_publish,
	    { A(8), S(3), AU(4), KIND(INVAL_FRONT), KIND(INVAL_SITEMAPS),
		KIND(INVAL_SEARCH), KIND(INVAL_COMMENT_FEEDS), END },
	    { A(7), S(2), KIND(INVAL_NAV), END } },
	{ "featured image of a published article", SW_ARTICLE_FEATURED,
	    &unpublish, { A(7), S(2), AU(4), KIND(INVAL_FRONT), END },
	    { KIND(INVAL_SEARCH), A(8), END } },
	{ "featured image of a draft", SW_ARTICLE_FEATURED, &draft_edit,
	    { END }, { A(7), END } },
	{ "published article pinned", SW_ARTICLE_PIN, &unpublish,
	    { A(7), S(2), AU(4), KIND(INVAL_FRONT), END },
	    { KIND(INVAL_SEARCH), A(8), END } },
	{ "draft pinned", SW_ARTICLE_PIN, &draft_edit, { END },
	    { KIND(INVAL_FRONT), END } },
	{ "scheduled articles come due", SW_ARTICLE_PUBLISH_DUE, &nothing,
	    { ALL, END }, { END } },
	{ "related articles recomputed", SW_RELATED_REFRESH, &unpublish,
	    { A(7), END }, { S(2), KIND(INVAL_FRONT), END } },
	{ "related articles of a draft", SW_RELATED_REFRESH, &draft_edit,
	    { END }, { A(7), END } },
	{ "correction", SW_CORRECTION_ADD, &comment_held, { A(5), END },
	    { A(6), KIND(INVAL_FRONT), END } },
	{ "approved comment", SW_COMMENT_ADD, &comment_approved,
	    { C(5), KIND(INVAL_COMMENT_FEEDS), END },
	    { A(5), C(6), A(6), KIND(INVAL_FRONT), S(1), KIND(INVAL_SEARCH),
		END } },
	{ "held or spam comment", SW_COMMENT_ADD, &comment_held, { END },
	    { C(5), KIND(INVAL_COMMENT_FEEDS), END } },
	{ "comment approved by a moderator", SW_COMMENT_STATUS,
	    &comment_approved, { C(5), KIND(INVAL_COMMENT_FEEDS), END },
	    { A(6), END } },
	{ "approved comment sent to spam", SW_COMMENT_STATUS,
	    &comment_unapproved, { C(5), KIND(INVAL_COMMENT_FEEDS), END },
	    { A(6), END } },
	{ "held comment sent to spam", SW_COMMENT_STATUS, &comment_held,
	    { END }, { A(5), END } },
	{ "approved comment edited", SW_COMMENT_EDIT, &comment_unapproved,
	    { C(5), KIND(INVAL_COMMENT_FEEDS), END }, { A(6), END } },
	{ "held comment edited", SW_COMMENT_EDIT, &comment_held, { END },
	    { A(5), END } },
	{ "approved comment deleted", SW_COMMENT_DELETE, &comment_unapproved,
	    { C(5), KIND(INVAL_COMMENT_FEEDS), END }, { A(6), END } },
	{ "held comment deleted", SW_COMMENT_DELETE, &comment_held, { END },
	    { A(5), END } },
	{ "section added", SW_SECTION_ADD, &section_9, { KIND(INVAL_NAV), END },
	    { A(1), KIND(INVAL_FRONT), END } },
	{ "section renamed", SW_SECTION_UPDATE, &section_9,
	    { KIND(INVAL_NAV), S(9), END }, { S(8), A(1), END } },
	{ "section deleted", SW_SECTION_DELETE, &section_9, { ALL, END },
	    { END } },
	{ "tag added", SW_TAG_ADD, &nothing, { END }, { T(1), END } },
	{ "tag renamed", SW_TAG_UPDATE, &nothing, { ALL, END }, { END } },
	{ "tag deleted", SW_TAG_DELETE, &nothing, { ALL, END }, { END } },
	{ "tags merged", SW_TAG_MERGE, &nothing, { ALL, END }, { END } },
	{ "author added", SW_AUTHOR_ADD, &nothing, { END }, { AU(1), END } },
	{ "author updated", SW_AUTHOR_UPDATE, &nothing, { ALL, END }, { END } },
	{ "setting", SW_SETTING, &nothing, { KIND(INVAL_SETTINGS), END },
	    { A(1), KIND(INVAL_ADS), END } },
	{ "slider", SW_SLIDER, &nothing, { KIND(INVAL_SLIDERS), END },
	    { KIND(INVAL_ADS), A(1), END } },
	{ "ad", SW_AD, &nothing, { KIND(INVAL_ADS), END },
	    { KIND(INVAL_SLIDERS), A(1), END } },
	{ "media upload", SW_MEDIA_ADD, &media_12, { END }, { M(12), END } },
	{ "media metadata", SW_MEDIA_UPDATE, &media_12, { M(12), END },
	    { M(13), A(12), END } },
	{ "media delete", SW_MEDIA_DELETE, &media_12, { M(12), END },
	    { M(13), A(12), END } },
	{ "static page published", SW_PAGE_SAVE,
	    &(struct write_subject){ .id = 3, .public_after = 1 },
	    { P(3), KIND(INVAL_MENUS), KIND(INVAL_SITEMAPS), KIND(INVAL_SEARCH),
		END },
	    { P(4), KIND(INVAL_FRONT), END } },
	{ "static page draft", SW_PAGE_SAVE, &(struct write_subject){ .id = 3 },
	    { END }, { P(3), END } },
	{ "menu", SW_MENU, &nothing, { KIND(INVAL_MENUS), END },
	    { KIND(INVAL_NAV), END } },
	{ "old slug or WordPress id", SW_REDIRECT, &nothing, { END },
	    { A(1), P(1), END } },
	{ "autosave", SW_AUTOSAVE, &published_edit, { END }, { A(7), END } },
	{ "session", SW_SESSION, &nothing, { END }, { END } },
	{ "login attempt", SW_LOGIN_ATTEMPT, &nothing, { END }, { END } },
	{ "user account", SW_USER, &nothing, { END }, { END } },
	{ "revision author", SW_REVISION_USER, &published_edit, { END },
	    { A(7), END } },
	{ "site key", SW_SECRET, &nothing, { END }, { END } },
	{ "read counts", SW_READS, &nothing, { END }, { END } },
	{ "most-read list", SW_MOST_READ, &nothing,
	    { KIND(INVAL_MOST_READ), END }, { A(1), END } },
	/* An update drops its article's page alone, no card of it. */
	{ "live update", SW_LIVE_UPDATE, &comment_approved, { L(5), END },
	    { A(5), L(6), KIND(INVAL_LIVE_LIST), KIND(INVAL_FRONT), END } },
	{ "live coverage start or end", SW_LIVE_COVERAGE, &comment_approved,
	    { L(5), KIND(INVAL_LIVE_LIST), END },
	    { A(5), KIND(INVAL_FRONT), ALL, END } },
};

static int
has(const uint64_t *v, size_t n, uint64_t k)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == k)
			return 1;
	return 0;
}

static void
test_every_write_kind_listed(void **state)
{
	unsigned w, i;
	int	 seen;

	(void)state;
	/* Every kind has a name and a test case: the list is complete. */
	for (w = 0; w < STORE_WRITE__MAX; w++) {
		assert_non_null(store_write_name((enum store_write)w));
		seen = 0;
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			seen |= cases[i].w == (enum store_write)w;
		if (!seen)
			fail_msg("write kind %s has no test case",
			    store_write_name((enum store_write)w));
	}
}

static void
test_drops_and_leaves(void **state)
{
	uint64_t got[STORE_INVAL_KEYS_MAX];
	size_t	 n, i, j, want;
	char	 text[2048];

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = store_inval_keys(cases[i].w, cases[i].s, got,
		    STORE_INVAL_KEYS_MAX);
		store_inval_format(got, n, text, sizeof(text));
		for (want = 0; cases[i].drops[want] != END; want++)
			if (!has(got, n, cases[i].drops[want]))
				fail_msg("%s: does not drop key #%zu (got "
					 "\"%s\")",
				    cases[i].what, want, text);
		if (n != want)
			fail_msg("%s: drops %zu keys, want %zu (\"%s\")",
			    cases[i].what, n, want, text);
		for (j = 0; cases[i].leaves[j] != END; j++)
			if (has(got, n, cases[i].leaves[j]) ||
			    (n > 0 && got[0] == ALL))
				fail_msg("%s: drops key it must leave (#%zu, "
					 "\"%s\")",
				    cases[i].what, j, text);
	}
}

static void
test_too_many_keys_is_all(void **state)
{
	int64_t		     many[STORE_TAGS_MAX];
	struct write_subject s = published_edit;
	uint64_t	     got[STORE_INVAL_KEYS_MAX];
	size_t		     i, n;

	(void)state;
	for (i = 0; i < STORE_TAGS_MAX; i++)
		many[i] = (int64_t)i + 100;
	s.tags[0] = many;
	s.ntags[0] = STORE_TAGS_MAX;
	s.tags[1] = many;
	s.ntags[1] = STORE_TAGS_MAX;
	n = store_inval_keys(SW_ARTICLE_SAVE, &s, got, STORE_INVAL_KEYS_MAX);
	assert_true(n > STORE_TAGS_MAX); /* deduplicated, all there */
	n = store_inval_keys(SW_ARTICLE_SAVE, &s, got, 8);
	assert_int_equal(n, 1);
	assert_true(got[0] == ALL);
}

static void
test_text_round_trip(void **state)
{
	uint64_t keys[] = { A(12), KIND(INVAL_FRONT), T(3),
		KIND(INVAL_COMMENT_FEEDS), P(99) };
	uint64_t back[8];
	char	 text[256];
	size_t	 n;

	(void)state;
	n = store_inval_format(keys, 5, text, sizeof(text));
	assert_string_equal(text,
	    "article:12 front tag:3 comment-feeds page:99");
	assert_int_equal(n, strlen(text));
	n = store_inval_parse(str_c(text), back, 8);
	assert_int_equal(n, 5);
	assert_memory_equal(back, keys, sizeof(keys));
	/* Anything not understood (a newer writer) means everything. */
	n = store_inval_parse(str_c("article:1 newkind:3"), back, 8);
	assert_int_equal(n, 1);
	assert_true(back[0] == ALL);
	n = store_inval_parse(str_c("article:x"), back, 8);
	assert_true(n == 1 && back[0] == ALL);
	n = store_inval_parse(str_c("front:3"), back, 8);
	assert_true(n == 1 && back[0] == ALL);
	n = store_inval_parse(str_c("article:0"), back, 8);
	assert_true(n == 1 && back[0] == ALL);
	/* Too small a buffer to say it all: say "all". */
	store_inval_format(keys, 5, text, 12);
	assert_string_equal(text, "all");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_write_kind_listed),
		cmocka_unit_test(test_drops_and_leaves),
		cmocka_unit_test(test_too_many_keys_is_all),
		cmocka_unit_test(test_text_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
