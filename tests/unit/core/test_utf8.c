/*
 * test_utf8.c -- strict UTF-8 validation (RFC 3629), table-driven.
 */
#include "testlib.h"

#include <string.h>

#include "core/utf8.h"

static const struct {
	const char *s;
	size_t	    n; /* 0: strlen(s) */
	int	    valid;
} cases[] = {
	{ "", 0, 1 },
	{ "plain ASCII", 0, 1 },
	{ "nul\0inside", 10, 1 },
	{ "\xc3\xa9", 0, 1 }, /* U+00E9 */
	{ "\xe2\x80\x9c"
	  "quotes\xe2\x80\x9d",
	    0, 1 },
	{ "\xf0\x9f\x93\xb0", 0, 1 }, /* U+1F4F0 */
	{ "\xf4\x8f\xbf\xbf", 0, 1 }, /* U+10FFFF */
	{ "\xed\x9f\xbf", 0, 1 },     /* U+D7FF */
	{ "\xee\x80\x80", 0, 1 },     /* U+E000 */
	{ "\x80", 0, 0 },	      /* lone continuation */
	{ "\xc3", 0, 0 },	      /* truncated */
	{ "\xe2\x80", 0, 0 },	      /* truncated */
	{ "\xc3\x28", 0, 0 },	      /* bad continuation */
	{ "\xc0\xaf", 0, 0 },	      /* overlong '/' */
	{ "\xc1\xbf", 0, 0 },	      /* overlong */
	{ "\xe0\x80\xaf", 0, 0 },     /* overlong */
	{ "\xf0\x80\x80\xaf", 0, 0 }, /* overlong */
	{ "\xed\xa0\x80", 0, 0 },     /* U+D800 surrogate */
	{ "\xed\xbf\xbf", 0, 0 },     /* U+DFFF surrogate */
	{ "\xf4\x90\x80\x80", 0, 0 }, /* U+110000 */
	{ "\xf5\x80\x80\x80", 0, 0 },
	{ "\xfe", 0, 0 },
	{ "\xff", 0, 0 },
	{ "ok then \xff", 0, 0 },
};

static void
test_valid(void **state)
{
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = cases[i].n == 0 ? strlen(cases[i].s) : cases[i].n;
		if (utf8_valid(cases[i].s, n) != cases[i].valid)
			fail_msg("case %zu: want %d", i, cases[i].valid);
	}
}

static void
test_decode(void **state)
{
	uint32_t cp;

	(void)state;
	assert_int_equal(utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode("\xc3\x9f", 2, &cp), 2);
	assert_int_equal(cp, 0xdf);
	assert_int_equal(utf8_decode("\xe2\x80\x99", 3, &cp), 3);
	assert_int_equal(cp, 0x2019);
	assert_int_equal(utf8_decode("\xf0\x9f\x93\xb0", 4, &cp), 4);
	assert_int_equal(cp, 0x1f4f0);
	/* Never reads past n even when the sequence would continue. */
	assert_int_equal(utf8_decode("\xe2\x80\x99", 2, &cp), 0);
	assert_int_equal(cp, 0);
	assert_int_equal(utf8_decode("", 0, &cp), 0);
}

static void
test_chars(void **state)
{
	(void)state;
	assert_int_equal(utf8_chars("", 0), 0);
	assert_int_equal(utf8_chars("abc", 3), 3);
	assert_int_equal(utf8_chars("caf\xc3\xa9", 5), 4);
	assert_int_equal(utf8_chars("\xe6\x97\xa5\xf0\x9f\x93\xb0", 7), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_chars),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
