/*
 * test_str.c -- slices and the integer formatter, against libc.
 */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "core/str.h"

static void
test_fmt_i64(void **state)
{
	static const int64_t cases[] = {
		0,
		1,
		-1,
		9,
		10,
		99,
		100,
		42,
		-42,
		1000000007,
		-1000000007,
		INT32_MAX,
		INT32_MIN,
		(int64_t)INT32_MAX + 1,
		INT64_MAX,
		INT64_MIN,
		INT64_MIN + 1,
		253402300799LL,
	};
	char	got[STR_I64_LEN], want[32];
	size_t	i, n;
	int64_t v;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = str_fmt_i64(got, cases[i]);
		snprintf(want, sizeof(want), "%lld", (long long)cases[i]);
		assert_string_equal(got, want);
		assert_int_equal(n, strlen(want));
	}
	/* A sweep across digit-count boundaries. */
	for (v = 1; v > 0 && v < INT64_MAX / 3; v = v * 3 + 1) {
		(void)str_fmt_i64(got, v);
		snprintf(want, sizeof(want), "%lld", (long long)v);
		assert_string_equal(got, want);
		(void)str_fmt_i64(got, -v);
		snprintf(want, sizeof(want), "%lld", (long long)-v);
		assert_string_equal(got, want);
	}
}

static void
test_slices(void **state)
{
	(void)state;
	assert_true(str_eq(str_c("abc"), STR_LIT("abc")));
	assert_false(str_eq(str_c("abc"), STR_LIT("abd")));
	assert_true(str_eqc(STR_LIT("x"), "x"));
	assert_true(str_has_prefix(STR_LIT("/feed/"), STR_LIT("/feed")));
	assert_false(str_has_prefix(STR_LIT("/fe"), STR_LIT("/feed")));
	assert_int_equal(str_c(NULL).n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fmt_i64),
		cmocka_unit_test(test_slices),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
