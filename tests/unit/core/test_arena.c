/*
 * test_arena.c -- the request allocator: caps, alignment, fault injection.
 */
#include "testlib.h"

#include <stdint.h>
#include <string.h>

#include "core/arena.h"

static void
test_alloc_aligned_and_distinct(void **state)
{
	struct arena *a = arena_new(1 << 20);
	char	     *p, *q;
	size_t	      i;

	(void)state;
	for (i = 1; i < 200; i += 7) {
		p = arena_alloc(a, i);
		q = arena_alloc(a, i);
		assert_non_null(p);
		assert_non_null(q);
		assert_int_equal((uintptr_t)p % 16, 0);
		assert_true(p + i <= q || q + i <= p);
		memset(p, 'x', i);
	}
	/* A large allocation gets its own chunk and still works. */
	p = arena_alloc(a, 100000);
	assert_non_null(p);
	memset(p, 0, 100000);
	assert_false(arena_failed(a));
	arena_free(a);
}

static void
test_cap_refuses(void **state)
{
	struct arena *a = arena_new(1000);

	(void)state;
	assert_non_null(arena_alloc(a, 500));
	assert_null(arena_alloc(a, 600));
	assert_true(arena_failed(a));
	/* Smaller ones still fit under the cap. */
	assert_non_null(arena_alloc(a, 100));
	assert_true(arena_used(a) <= 1000);
	arena_free(a);
}

static void
test_overflow_sizes(void **state)
{
	struct arena *a = arena_new(1 << 20);

	(void)state;
	assert_null(arena_alloc(a, SIZE_MAX));
	assert_null(arena_calloc(a, SIZE_MAX / 2, 4));
	assert_null(arena_strndup(a, "x", SIZE_MAX));
	arena_free(a);
}

static void
test_strings(void **state)
{
	struct arena *a = arena_new(1 << 20);
	struct str    s;
	char	     *p;

	(void)state;
	p = arena_strndup(a, "hello world", 5);
	assert_string_equal(p, "hello");
	p = arena_printf(a, "%d-%s", 42, "x");
	assert_string_equal(p, "42-x");
	s = arena_str(a, STR_LIT("abc"));
	assert_int_equal(s.n, 3);
	assert_int_equal(s.p[3], '\0');
	assert_true(str_eqc(s, "abc"));
	arena_free(a);
}

static void
test_fail_after(void **state)
{
	struct arena *a = arena_new(1 << 20);

	(void)state;
	arena_fail_after(a, 2);
	assert_non_null(arena_alloc(a, 8));
	assert_non_null(arena_alloc(a, 8));
	assert_null(arena_alloc(a, 8));
	assert_null(arena_alloc(a, 8));
	assert_true(arena_failed(a));
	arena_fail_after(a, -1);
	assert_non_null(arena_alloc(a, 8));
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_aligned_and_distinct),
		cmocka_unit_test(test_cap_refuses),
		cmocka_unit_test(test_overflow_sizes),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_fail_after),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
