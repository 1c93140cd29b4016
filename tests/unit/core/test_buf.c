/*
 * test_buf.c -- the output buffer: growth, escaping, sticky errors.
 */
#include "testlib.h"

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"

static void
test_grow_arena_and_heap(void **state)
{
	struct arena *a = arena_new(1 << 20);
	struct buf    b, h;
	struct str    s;
	int	      i;

	(void)state;
	buf_init(&b, a);
	buf_init(&h, NULL);
	for (i = 0; i < 1000; i++) {
		buf_printf(&b, "%d,", i);
		buf_printf(&h, "%d,", i);
	}
	assert_int_equal(buf_finish(&b, &s), NG_OK);
	assert_int_equal(s.n, h.n);
	assert_memory_equal(s.p, h.p, s.n);
	assert_true(str_has_prefix(s, STR_LIT("0,1,2,")));
	buf_release(&h);
	arena_free(a);
}

static const struct {
	const char *in;
	const char *want;
} html_cases[] = {
	{ "", "" },
	{ "plain", "plain" },
	{ "<script>", "&lt;script&gt;" },
	{ "a & b", "a &amp; b" },
	{ "\"q\" 'a'", "&quot;q&quot; &#39;a&#39;" },
	{ "caf\xc3\xa9", "caf\xc3\xa9" },
};

static void
test_html_escape(void **state)
{
	struct buf b;
	struct str s;
	size_t	   i;

	(void)state;
	for (i = 0; i < sizeof(html_cases) / sizeof(html_cases[0]); i++) {
		buf_init(&b, NULL);
		buf_put_html(&b, html_cases[i].in, strlen(html_cases[i].in));
		assert_int_equal(buf_finish(&b, &s), NG_OK);
		assert_string_equal(s.p, html_cases[i].want);
		buf_release(&b);
	}
}

static void
test_sticky_max(void **state)
{
	struct buf b;
	struct str s;

	(void)state;
	buf_init(&b, NULL);
	buf_set_max(&b, 10);
	buf_puts(&b, "12345");
	buf_puts(&b, "678901");
	buf_puts(&b, "x");
	assert_int_equal(b.n, 5);
	assert_int_equal(buf_finish(&b, &s), NG_ETOOBIG);
	assert_null(s.p);
	buf_release(&b);
}

static void
test_sticky_arena_exhausted(void **state)
{
	struct arena *a = arena_new(300);
	struct buf    b;
	struct str    s;
	int	      i;

	(void)state;
	buf_init(&b, a);
	for (i = 0; i < 100; i++)
		buf_puts(&b, "0123456789");
	assert_int_equal(buf_finish(&b, &s), NG_ENOMEM);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grow_arena_and_heap),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_sticky_max),
		cmocka_unit_test(test_sticky_arena_exhausted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
