/*
 * test_slug.c -- titles to slugs, table-driven.
 */
#include "testlib.h"

#include <string.h>

#include "core/arena.h"
#include "content/slug.h"

static const struct {
	const char *title;
	const char *want; /* NULL: NG_EINVAL */
} cases[] = {
	/* The seed page's headline (DESIGN.md). */
	{ "US to Negotiate Troop Withdrawal from Niger Amid Military "
	  "Leadership Talks",
	    "us-to-negotiate-troop-withdrawal-from-niger-amid-military-"
	    "leadership-talks" },
	{ "Niger Breaks Off Military Deal With US",
	    "niger-breaks-off-military-deal-with-us" },
	{ "hello", "hello" },
	{ "  Hello,   World!  ", "hello-world" },
	{ "--a--b--", "a-b" },
	{ "2024: A Year in Review", "2024-a-year-in-review" },
	{ "Caf\xc3\xa9 cr\xc3\xa8me br\xc3\xbbl\xc3\xa9\x65",
	    "cafe-creme-brulee" },
	{ "\xc3\x9c\x62\x65r Stra\xc3\x9f\x65", "uber-strasse" },
	{ "\xc3\x86sir \xc3\x98resund \xc3\x85land", "aesir-oresund-aland" },
	{ "\xc5\x81\xc3\xb3\x64\xc5\xba \xc5\xbb\x79\x77\x69\x65\x63",
	    "lodz-zywiec" },
	{ "\xc4\x8c\x65sk\xc3\xa9 Bud\xc4\x9bjovice", "ceske-budejovice" },
	{ "\xc5\x92uvre \xc4\xb2ssel \xc3\x9eing", "oeuvre-ijssel-thing" },
	{ "Istanbul \xc4\xb0stanbul \xc4\x9f\xc5\x9f\xc4\xb1",
	    "istanbul-istanbul-gsi" },
	{ "Niger's junta", "nigers-junta" },
	{ "Niger\xe2\x80\x99s junta", "nigers-junta" },
	{ "5 \xc3\x97 5 \xc3\xb7 5", "5-5-5" },
	{ "Emoji \xf0\x9f\x93\xb0 news", "emoji-news" },
	{ "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0 Moscow", "moscow" },
	{ "bad \xff\xfe utf8 \xc3", "bad-utf8" },
	{ "a_b.c/d\\e", "a-b-c-d-e" },
	{ "", NULL },
	{ "   ", NULL },
	{ "!!!", NULL },
	{ "'''", NULL },
	{ "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0", NULL },
	{ "\xe6\x97\xa5\xe6\x9c\xac", NULL },
};

static void
test_table(void **state)
{
	struct arena *a = arena_new(1 << 16);
	struct str    out;
	enum ng_err   err;
	size_t	      i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err = slug_make(a, str_c(cases[i].title), &out);
		if (cases[i].want == NULL) {
			if (err != NG_EINVAL || out.p != NULL)
				fail_msg("case %zu: want EINVAL, got %d", i,
				    err);
			assert_false(slug_possible(str_c(cases[i].title)));
			continue;
		}
		if (err != NG_OK || !str_eqc(out, cases[i].want))
			fail_msg("case %zu: want %s, got %d %.*s", i,
			    cases[i].want, err, (int)out.n, out.p);
		assert_int_equal(out.p[out.n], '\0');
		assert_true(slug_valid(out));
		assert_true(slug_possible(str_c(cases[i].title)));
	}
	arena_free(a);
}

/* Every transliterated letter gives [a-z]+, upper and lower alike. */
static void
test_transliteration_range(void **state)
{
	struct arena *a = arena_new(1 << 20);
	struct str    out;
	char	      u[2];
	unsigned      cp;
	size_t	      k, letters = 0;
	enum ng_err   err;

	(void)state;
	for (cp = 0xc0; cp <= 0x17f; cp++) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		err = slug_make(a, (struct str){ u, 2 }, &out);
		if (cp == 0xd7 || cp == 0xf7) {
			assert_int_equal(err, NG_EINVAL);
			continue;
		}
		assert_int_equal(err, NG_OK);
		assert_true(out.n >= 1 && out.n <= 2);
		for (k = 0; k < out.n; k++)
			assert_true(out.p[k] >= 'a' && out.p[k] <= 'z');
		letters++;
	}
	assert_int_equal(letters, 0x180 - 0xc0 - 2);
	arena_free(a);
}

static void
test_length_cut(void **state)
{
	struct arena *a = arena_new(1 << 20);
	char	      t[1024];
	struct str    out;
	size_t	      i;

	(void)state;
	/* "abcdefghi " repeated: words of 9, cut must fall on a dash. */
	for (i = 0; i < sizeof(t); i++)
		t[i] = i % 10 == 9 ? ' ' : (char)('a' + i % 10);
	assert_int_equal(slug_make(a, (struct str){ t, sizeof(t) }, &out),
	    NG_OK);
	assert_true(out.n <= SLUG_MAX);
	assert_int_equal(out.n, 199); /* 20 words of 9 and 19 dashes */
	assert_true(slug_valid(out));
	assert_int_equal(out.p[out.n - 1], 'i');

	/* A word ending exactly at SLUG_MAX is kept whole. */
	memset(t, 'x', SLUG_MAX);
	t[SLUG_MAX] = ' ';
	t[SLUG_MAX + 1] = 'y';
	assert_int_equal(slug_make(a, (struct str){ t, SLUG_MAX + 2 }, &out),
	    NG_OK);
	assert_int_equal(out.n, SLUG_MAX);
	assert_int_equal(out.p[SLUG_MAX - 1], 'x');

	/* One word longer than SLUG_MAX is cut hard. */
	memset(t, 'z', sizeof(t));
	assert_int_equal(slug_make(a, (struct str){ t, sizeof(t) }, &out),
	    NG_OK);
	assert_int_equal(out.n, SLUG_MAX);

	/* A ß straddling the limit does not overflow. */
	memset(t, 'q', SLUG_MAX - 1);
	memcpy(t + SLUG_MAX - 1, "\xc3\x9f\xc3\x9f", 4);
	assert_int_equal(slug_make(a, (struct str){ t, SLUG_MAX + 3 }, &out),
	    NG_OK);
	assert_int_equal(out.n, SLUG_MAX);
	arena_free(a);
}

static const struct {
	const char *s;
	int	    valid;
} valid_cases[] = {
	{ "a", 1 },
	{ "a-b", 1 },
	{ "2024-review", 1 },
	{ "", 0 },
	{ "-a", 0 },
	{ "a-", 0 },
	{ "a--b", 0 },
	{ "A", 0 },
	{ "a b", 0 },
	{ "a_b", 0 },
	{ "caf\xc3\xa9", 0 },
};

static void
test_valid(void **state)
{
	char   t[SLUG_MAX + 1];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(valid_cases) / sizeof(valid_cases[0]); i++)
		if (slug_valid(str_c(valid_cases[i].s)) != valid_cases[i].valid)
			fail_msg("case %zu (%s)", i, valid_cases[i].s);
	memset(t, 'a', sizeof(t));
	assert_true(slug_valid((struct str){ t, SLUG_MAX }));
	assert_false(slug_valid((struct str){ t, SLUG_MAX + 1 }));
}

/* WordPress slugs in another script: matched as old URLs only. */
static void
test_legacy_valid(void **state)
{
	(void)state;
	/* "привет-мир" */
	assert_true(slug_legacy_valid(str_c("\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2"
					    "\xd0\xb5\xd1\x82-\xd0\xbc\xd0\xb8"
					    "\xd1\x80")));
	assert_true(slug_legacy_valid(str_c("caf\xc3\xa9_2")));
	assert_false(slug_legacy_valid(str_c("plain-ascii")));
	assert_false(slug_legacy_valid(str_c("")));
	assert_false(slug_legacy_valid(str_c("caf\xc3\xa9 bar")));
	assert_false(slug_legacy_valid(str_c("Caf\xc3\xa9")));
	assert_false(slug_legacy_valid(str_c("caf\xc3")));
	assert_false(slug_legacy_valid(str_c("a/\xc3\xa9")));
}

static void
test_alloc_failure(void **state)
{
	struct arena *a = arena_new(1 << 16);
	struct str    out;

	(void)state;
	arena_fail_after(a, 0);
	assert_int_equal(slug_make(a, STR_LIT("Title"), &out), NG_ENOMEM);
	assert_null(out.p);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_transliteration_range),
		cmocka_unit_test(test_length_cut),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_legacy_valid),
		cmocka_unit_test(test_alloc_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
