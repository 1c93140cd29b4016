/*
 * test_diff.c -- the line diff used to compare revisions (diff.c).
 */
#include "testlib.h"

#include <string.h>

#include "admin/diff.h"
#include "core/arena.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Each line of want: a leading ' ', '+' or '-' and the text. */
static const struct {
	const char *old, *new;
	const char *want;
} cases[] = {
	{ "", "", "" },
	{ "a\nb\nc\n", "a\nb\nc\n", " a| b| c|" },
	{ "a\nb\nc\n", "a\nc\n", " a|-b| c|" },
	{ "a\nc\n", "a\nb\nc\n", " a|+b| c|" },
	{ "a\nb\n", "a\nB\n", " a|-b|+B|" },
	{ "", "new\n", "+new|" },
	{ "old\n", "", "-old|" },
	{ "x\ny", "x\nz", " x|-y|+z|" },
	{ "p1\n\np2\n\np3\n", "p1\n\np2 edited\n\np3\n",
	    " p1| |-p2|+p2 edited| | p3|" },
	{ "a\nb\nc\nd\n", "b\nc\nd\ne\n", "-a| b| c| d|+e|" },
};

static void
test_cases(void **state)
{
	struct diff_line *d;
	struct arena	 *a;
	char		  got[512];
	size_t		  i, j, n, len;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		a = arena_new(1 << 20);
		assert_int_equal(diff_lines(a, str_c(cases[i].old),
				     str_c(cases[i].new), &d, &n),
		    NG_OK);
		len = 0;
		got[0] = '\0';
		for (j = 0; j < n; j++) {
			got[len++] = d[j].op == DIFF_ADD ? '+' :
			    d[j].op == DIFF_DEL		 ? '-' :
							   ' ';
			memcpy(got + len, d[j].text.p, d[j].text.n);
			len += d[j].text.n;
			got[len++] = '|';
			got[len] = '\0';
		}
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: got \"%s\" want \"%s\"", i, got,
			    cases[i].want);
		arena_free(a);
	}
}

static void
test_limits(void **state)
{
	struct diff_line *d;
	struct arena	 *a;
	char		 *big;
	size_t		  n, i;

	(void)state;
	big = test_malloc(2 * (DIFF_LINES_MAX + 1));
	for (i = 0; i < DIFF_LINES_MAX + 1; i++) {
		big[2 * i] = 'x';
		big[2 * i + 1] = '\n';
	}
	a = arena_new(64 << 20);
	assert_int_equal(diff_lines(a,
			     (struct str){ big, 2 * (DIFF_LINES_MAX + 1) },
			     STR_LIT("x\n"), &d, &n),
	    NG_ETOOBIG);
	/* At the limit it works, and identical texts cost no table. */
	assert_int_equal(diff_lines(a, (struct str){ big, 2 * DIFF_LINES_MAX },
			     (struct str){ big, 2 * DIFF_LINES_MAX }, &d, &n),
	    NG_OK);
	assert_int_equal(n, DIFF_LINES_MAX);
	arena_free(a);
	/* A tiny arena fails cleanly. */
	a = arena_new(64);
	assert_int_equal(diff_lines(a, STR_LIT("a\nb\n"), STR_LIT("c\nd\n"), &d,
			     &n),
	    NG_ENOMEM);
	arena_free(a);
	test_free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
