/*
 * test_article.c -- article validation (pure, table-driven) and
 * article_save() against a real SQLite store in a temporary directory.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "content/article.h"
#include "content/markdown.h"
#include "content/slug.h"
#include "store/store.h"

enum field {
	F_TITLE,
	F_KICKER,
	F_DEK,
	F_SOURCE_NAME,
	F_SOURCE_URL,
	F_BODY,
	F_SLUG,
	F_SEO_TITLE,
	F_SEO_DESC,
	F_LEGACY_URL,
	F_CANONICAL_URL,
};

/* Bytes for "a string of n 'a's" cases (the longest limit + 1). */
static char *filler;
#define FILLER_LEN (MARKDOWN_MAX + 1)

static const struct {
	enum field  field;
	const char *value; /* NULL: n bytes of 'a' */
	size_t	    n;	   /* 0: strlen(value) */
	enum ng_err want;
} check_cases[] = {
	{ F_TITLE, "", 0, NG_EINVAL },
	{ F_TITLE, "  \t ", 0, NG_EINVAL },
	{ F_TITLE, "!!!", 0, NG_EINVAL }, /* no slug from it */
	{ F_TITLE, "Caf\xc3\xa9", 0, NG_OK },
	{ F_TITLE, "bad \xc3", 0, NG_EINVAL },
	{ F_TITLE, "two\nlines", 0, NG_EINVAL },
	{ F_TITLE, "nul\0byte", 8, NG_EINVAL },
	{ F_TITLE, NULL, ARTICLE_TITLE_MAX, NG_OK },
	{ F_TITLE, NULL, ARTICLE_TITLE_MAX + 1, NG_ETOOBIG },
	{ F_KICKER, NULL, ARTICLE_KICKER_MAX + 1, NG_ETOOBIG },
	{ F_KICKER, "\xed\xa0\x80", 0, NG_EINVAL }, /* surrogate */
	{ F_DEK, NULL, ARTICLE_DEK_MAX, NG_OK },
	{ F_DEK, NULL, ARTICLE_DEK_MAX + 1, NG_ETOOBIG },
	{ F_DEK, "tab\there", 0, NG_EINVAL },
	{ F_SOURCE_NAME, NULL, ARTICLE_SOURCE_NAME_MAX + 1, NG_ETOOBIG },
	{ F_SOURCE_URL, "https://asianlite.com/", 0, NG_OK },
	{ F_SOURCE_URL, "HTTP://example.com", 0, NG_OK },
	{ F_SOURCE_URL, "javascript:alert(1)", 0, NG_EINVAL },
	{ F_SOURCE_URL, "ftp://example.com/", 0, NG_EINVAL },
	{ F_SOURCE_URL, "example.com", 0, NG_EINVAL },
	{ F_SOURCE_URL, "https://", 0, NG_EINVAL },
	{ F_SOURCE_URL, "https:///path", 0, NG_EINVAL },
	{ F_SOURCE_URL, "https://exa mple.com/", 0, NG_EINVAL },
	{ F_SOURCE_URL, "https://example.com/\n", 0, NG_EINVAL },
	{ F_SOURCE_URL, NULL, ARTICLE_URL_MAX + 1, NG_ETOOBIG },
	{ F_BODY, "line\n\ttab\r\n", 0, NG_OK },
	{ F_BODY, "bell\a", 0, NG_EINVAL },
	{ F_BODY, "\xff", 0, NG_EINVAL },
	{ F_BODY, NULL, MARKDOWN_MAX, NG_OK },
	{ F_BODY, NULL, MARKDOWN_MAX + 1, NG_ETOOBIG },
	{ F_SLUG, "fine-slug-2", 0, NG_OK },
	{ F_SLUG, "Upper", 0, NG_EINVAL },
	{ F_SLUG, "-lead", 0, NG_EINVAL },
	{ F_SLUG, "a--b", 0, NG_EINVAL },
	{ F_SLUG, NULL, SLUG_MAX + 1, NG_ETOOBIG },
	{ F_SEO_TITLE, NULL, ARTICLE_SEO_TITLE_MAX + 1, NG_ETOOBIG },
	{ F_SEO_DESC, NULL, ARTICLE_SEO_DESC_MAX + 1, NG_ETOOBIG },
	{ F_LEGACY_URL, "/?p=123", 0, NG_OK },
	{ F_LEGACY_URL, NULL, ARTICLE_URL_MAX + 1, NG_ETOOBIG },
	/* Optional, and then absolute: relative would resolve per page. */
	{ F_CANONICAL_URL, "", 0, NG_OK },
	{ F_CANONICAL_URL, "https://wire.example/2024/04/story/", 0, NG_OK },
	{ F_CANONICAL_URL, "http://wire.example", 0, NG_OK },
	{ F_CANONICAL_URL, "/2024/04/story/", 0, NG_EINVAL },
	{ F_CANONICAL_URL, "//wire.example/story/", 0, NG_EINVAL },
	{ F_CANONICAL_URL, "wire.example/story/", 0, NG_EINVAL },
	{ F_CANONICAL_URL, "javascript:alert(1)", 0, NG_EINVAL },
	{ F_CANONICAL_URL, "https:///story", 0, NG_EINVAL },
	{ F_CANONICAL_URL, "https://wire.example/a b", 0, NG_EINVAL },
	{ F_CANONICAL_URL, "https://wire.example/\x01", 0, NG_EINVAL },
	{ F_CANONICAL_URL, NULL, ARTICLE_URL_MAX, NG_EINVAL }, /* no scheme */
	{ F_CANONICAL_URL, NULL, ARTICLE_URL_MAX + 1, NG_ETOOBIG },
};

static void
base_article(struct article *art)
{
	memset(art, 0, sizeof(*art));
	art->title = STR_LIT("A valid title");
	art->body_md = STR_LIT("Body.");
	art->status = ARTICLE_PUBLISHED;
}

static void
set_field(struct article *art, enum field f, struct str v)
{
	switch (f) {
	case F_TITLE:
		art->title = v;
		break;
	case F_KICKER:
		art->kicker = v;
		break;
	case F_DEK:
		art->dek = v;
		break;
	case F_SOURCE_NAME:
		art->source_name = v;
		break;
	case F_SOURCE_URL:
		art->source_url = v;
		break;
	case F_BODY:
		art->body_md = v;
		break;
	case F_SLUG:
		art->slug = v;
		break;
	case F_SEO_TITLE:
		art->seo_title = v;
		break;
	case F_SEO_DESC:
		art->seo_description = v;
		break;
	case F_LEGACY_URL:
		art->legacy_url = v;
		break;
	case F_CANONICAL_URL:
		art->canonical_url = v;
		break;
	}
}

static void
test_check_fields(void **state)
{
	struct article art;
	struct str     v;
	const char    *why;
	enum ng_err    err;
	size_t	       i;

	(void)state;
	for (i = 0; i < sizeof(check_cases) / sizeof(check_cases[0]); i++) {
		base_article(&art);
		if (check_cases[i].value == NULL)
			v = (struct str){ filler, check_cases[i].n };
		else if (check_cases[i].n > 0)
			v = (struct str){ check_cases[i].value,
				check_cases[i].n };
		else
			v = str_c(check_cases[i].value);
		set_field(&art, check_cases[i].field, v);
		err = article_check(&art, NULL, 0, &why);
		if (err != check_cases[i].want)
			fail_msg("case %zu: want %d got %d (%s)", i,
			    check_cases[i].want, err, why ? why : "");
		/* Every refusal says why, in a sentence. */
		if (err != NG_OK)
			assert_true(why != NULL && strlen(why) > 10);
		else
			assert_null(why);
	}
}

static const struct {
	const char *tags[3];
	size_t	    n;
	enum ng_err want;
} tag_cases[] = {
	{ { "Niger", "United States", "Sahel" }, 3, NG_OK },
	{ { "S\xc3\xa3o Paulo" }, 1, NG_OK },
	{ { "" }, 1, NG_EINVAL },
	{ { "???" }, 1, NG_EINVAL },
	{ { "bad\xff" }, 1, NG_EINVAL },
	{ { "new\nline" }, 1, NG_EINVAL },
};

static void
test_check_tags(void **state)
{
	struct article art;
	struct str     tags[ARTICLE_TAGS_MAX + 1];
	const char    *why;
	size_t	       i, k;

	(void)state;
	base_article(&art);
	for (i = 0; i < sizeof(tag_cases) / sizeof(tag_cases[0]); i++) {
		for (k = 0; k < tag_cases[i].n; k++)
			tags[k] = str_c(tag_cases[i].tags[k]);
		assert_int_equal(article_check(&art, tags, tag_cases[i].n,
				     &why),
		    tag_cases[i].want);
	}
	tags[0] = (struct str){ filler, ARTICLE_TAG_NAME_MAX + 1 };
	assert_int_equal(article_check(&art, tags, 1, &why), NG_ETOOBIG);
	for (k = 0; k <= ARTICLE_TAGS_MAX; k++)
		tags[k] = STR_LIT("tag");
	assert_int_equal(article_check(&art, tags, ARTICLE_TAGS_MAX, NULL),
	    NG_OK);
	assert_int_equal(article_check(&art, tags, ARTICLE_TAGS_MAX + 1, &why),
	    NG_ETOOBIG);
	/* Status and ids. */
	art.status = ARTICLE__MAX;
	assert_int_equal(article_check(&art, NULL, 0, &why), NG_EINVAL);
	base_article(&art);
	art.id = 5;
	art.related_id = 5;
	assert_int_equal(article_check(&art, NULL, 0, &why), NG_EINVAL);
}

/*
 * Against the store.
 */

struct fixture {
	char	     *dir;
	struct store *st;
	struct arena *a;
	int64_t	      section_id;
	int64_t	      author_id;
};

static int
setup(void **state)
{
	struct fixture *f;
	struct section	sec;
	struct author	au;
	char		path[4096], err[256];

	f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->dir = testlib_tmpdir();
	snprintf(path, sizeof(path), "%s/test.db", f->dir);
	if (store_open(path, 2, &f->st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	f->a = arena_new(1 << 24);
	memset(&sec, 0, sizeof(sec));
	sec.slug = STR_LIT("world");
	sec.name = STR_LIT("World");
	sec.position = 1;
	assert_int_equal(store_section_add(f->st, &sec, &f->section_id), NG_OK);
	memset(&au, 0, sizeof(au));
	au.slug = STR_LIT("news-desk");
	au.name = STR_LIT("News Desk");
	assert_int_equal(store_author_add(f->st, &au, &f->author_id), NG_OK);
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

static void
test_save_renders_and_tags(void **state)
{
	struct fixture *f = *state;
	struct article	art, *got;
	struct str	tags[] = {
		     STR_LIT("Niger"),
		     STR_LIT("United States"),
		     STR_LIT("Niger"),
		     STR_LIT("Caf\xc3\xa9 Soci\xc3\xa9t\xc3\xa9"),
	};
	int64_t id, id2;
	size_t	revs;

	base_article(&art);
	art.title = STR_LIT("Caf\xc3\xa9 owners\xe2\x80\x99 talks: a *first* "
			    "look");
	art.body_md = STR_LIT(
	    "Para with [bad](javascript:alert(1)) and "
	    "[good](https://example.com/).\n\n| a | b |\n|---|---|\n"
	    "| 1 | 2 |\n\n<script>x</script>\n");
	art.author_id = f->author_id;
	art.section_id = f->section_id;
	art.published_at = 1714039200;
	assert_int_equal(article_save(f->a, f->st, &art, tags, 4, &id), NG_OK);
	assert_true(id > 0);
	/* art now shows what was stored. */
	assert_true(str_eqc(art.slug, "cafe-owners-talks-a-first-look"));
	assert_true(has(art.body_html.s, "<table>"));

	assert_int_equal(store_article_by_slug(f->a, f->st, art.slug, &got),
	    NG_OK);
	assert_int_equal(got->id, id);
	assert_true(has(got->body_html.s, "<td>1</td>"));
	assert_true(
	    has(got->body_html.s, "<a href=\"https://example.com/\">good</a>"));
	assert_false(has(got->body_html.s, "javascript"));
	assert_false(has(got->body_html.s, "<script>"));
	assert_true(has(got->body_html.s, "&lt;script&gt;"));
	assert_true(has(got->body_text, "good <https://example.com/>"));
	assert_false(has(got->body_text, "javascript"));
	/* Tags in the order given, the repeated one once. */
	assert_int_equal(got->ntags, 3);
	assert_true(str_eqc(got->tags[0].name, "Niger"));
	assert_true(str_eqc(got->tags[0].slug, "niger"));
	assert_true(str_eqc(got->tags[1].slug, "united-states"));
	assert_true(str_eqc(got->tags[2].slug, "cafe-societe"));
	assert_int_equal(store_article_revisions(f->st, id, &revs), NG_OK);
	assert_int_equal(revs, 1);

	/* Saving again is an update with a second revision. */
	got->body_md = STR_LIT("New body.");
	assert_int_equal(article_save(f->a, f->st, got, tags, 1, &id2), NG_OK);
	assert_int_equal(id2, id);
	assert_int_equal(store_article_revisions(f->st, id, &revs), NG_OK);
	assert_int_equal(revs, 2);
	assert_int_equal(store_article_by_id(f->a, f->st, id, &got), NG_OK);
	assert_true(str_eqc(got->body_html.s, "<p>New body.</p>\n"));
	assert_true(str_eqc(got->body_text, "New body."));
	assert_int_equal(got->ntags, 1);

	/* Another article with the same title: the slug is taken. */
	base_article(&art);
	art.title = STR_LIT("Caf\xc3\xa9 owners' talks: a first look");
	assert_int_equal(article_save(f->a, f->st, &art, NULL, 0, &id2),
	    NG_ECONFLICT);
}

static void
test_save_refuses_without_writing(void **state)
{
	struct fixture *f = *state;
	struct article	art, *got;
	struct str	tag = STR_LIT("Never Made");
	struct tag     *t;
	int64_t		id = 99;

	base_article(&art);
	art.slug = STR_LIT("refused");
	art.source_url = STR_LIT("javascript:alert(1)");
	assert_int_equal(article_save(f->a, f->st, &art, &tag, 1, &id),
	    NG_EINVAL);
	assert_int_equal(id, 0);
	assert_int_equal(store_tag_by_slug(f->a, f->st, STR_LIT("never-made"),
			     &t),
	    NG_ENOTFOUND);
	assert_int_equal(store_article_by_slug(f->a, f->st, STR_LIT("refused"),
			     &got),
	    NG_ENOTFOUND);
}

static void
test_save_draft_and_publish_time(void **state)
{
	struct fixture *f = *state;
	struct article	art, *got;
	int64_t		id;

	base_article(&art);
	art.title = STR_LIT("Draft story");
	art.status = ARTICLE_DRAFT;
	assert_int_equal(article_save(f->a, f->st, &art, NULL, 0, &id), NG_OK);
	assert_int_equal(art.published_at, 0);
	/* Drafts are not public. */
	assert_int_equal(store_article_by_slug(f->a, f->st,
			     STR_LIT("draft-story"), &got),
	    NG_ENOTFOUND);
	assert_int_equal(store_article_by_id(f->a, f->st, id, &got), NG_OK);
	assert_int_equal(got->status, ARTICLE_DRAFT);

	/* Publishing without a date stamps the current time. */
	got->status = ARTICLE_PUBLISHED;
	got->published_at = 0;
	assert_int_equal(article_save(f->a, f->st, got, NULL, 0, &id), NG_OK);
	assert_true(got->published_at > 1700000000);
	assert_int_equal(store_article_by_slug(f->a, f->st,
			     STR_LIT("draft-story"), &got),
	    NG_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_fields),
		cmocka_unit_test(test_check_tags),
		cmocka_unit_test_setup_teardown(test_save_renders_and_tags,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_save_refuses_without_writing, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_save_draft_and_publish_time, setup, teardown),
	};
	int rc;

	filler = malloc(FILLER_LEN);
	if (filler == NULL)
		return 1;
	memset(filler, 'a', FILLER_LEN);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(filler);
	return rc;
}
