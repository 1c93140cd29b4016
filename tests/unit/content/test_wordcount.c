/*
 * test_wordcount.c -- the editor's word count and reading time,
 * table-driven.  themes/default/js/editor.js counts by the same rules;
 * tests/e2e/editor_comforts.test.mjs checks the two agree.
 */
#include "testlib.h"

#include <string.h>

#include "content/wordcount.h"

static const struct {
	const char *body;
	size_t	    want;
} cases[] = {
	{ "", 0 },
	{ "   \n\t ", 0 },
	{ "Hello world", 2 },
	{ "Hello, world! \xe2\x80\x94 fine.", 3 }, /* a lone em dash */
	{ "# Heading\n\n- item one\n- item two\n\n> quoted", 6 },
	{ "**bold** _it_ `code`", 3 },
	{ "See [the report](https://example.com/a b) now", 4 },
	{ "![A wide harbour](/media/x.jpg)\n\nCaption here", 2 },
	{ "[slider id=\"3\"]\n\nText", 1 },
	{ "[caption]Photo text[/caption]", 2 },
	{ "[related]", 0 },
	{ "[Video src=\"a.mp4\"][/video]", 0 },
	{ "[sic] and [1] [citation needed]", 5 },
	{ "<p>Hello <b>bold</b></p>", 2 },
	{ "<!-- a hidden note --> visible", 1 },
	{ "https://youtu.be/abc\n\nWatch http://x.test now", 2 },
	{ "Caf\xc3\xa9 cr\xc3\xa8me \xe6\x97\xa5\xe6\x9c\xac 2024", 4 },
	{ "a < b", 2 },
	{ "x\xc2\xa0y", 1 }, /* no-break space joins */
	{ "\xc2\xbb \xc2\xab", 0 },
	{ "unclosed [bracket and <b", 3 },
};

static void
test_table(void **state)
{
	size_t i, got;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = wordcount_body(str_c(cases[i].body));
		if (got != cases[i].want)
			fail_msg("case %zu (%s): want %zu, got %zu", i,
			    cases[i].body, cases[i].want, got);
	}
	assert_int_equal(wordcount_body((struct str){ NULL, 0 }), 0);
}

static void
test_minutes(void **state)
{
	(void)state;
	assert_int_equal(wordcount_minutes(0), 0);
	assert_int_equal(wordcount_minutes(1), 1);
	assert_int_equal(wordcount_minutes(WORDCOUNT_WPM), 1);
	assert_int_equal(wordcount_minutes(WORDCOUNT_WPM + 1), 2);
	assert_int_equal(wordcount_minutes(10 * WORDCOUNT_WPM), 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_minutes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
