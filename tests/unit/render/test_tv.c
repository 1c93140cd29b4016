/*
 * test_tv.c -- template values: builders, lookup, truthiness, and the
 * NULL tolerance that lets a view be built without checks.
 */
#include "testlib.h"

#include <string.h>

#include "core/arena.h"
#include "render/tv.h"

static void
test_builders(void **state)
{
	struct arena *a = arena_new(1 << 16);
	struct tv    *v;

	(void)state;
	v = tv_null(a);
	assert_int_equal(v->type, TV_NULL);
	v = tv_bool(a, 7);
	assert_int_equal(v->type, TV_BOOL);
	assert_int_equal(v->u.b, 1);
	v = tv_num(a, 1.5);
	assert_int_equal(v->type, TV_NUM);
	assert_true(v->u.num == 1.5);
	v = tv_int(a, -42);
	assert_int_equal(v->type, TV_NUM);
	assert_true(v->u.num == -42.0);
	v = tv_cstr(a, "hi");
	assert_int_equal(v->type, TV_STR);
	assert_int_equal(v->u.s.n, 2);
	v = tv_cstr(a, NULL);
	assert_int_equal(v->type, TV_STR);
	assert_int_equal(v->u.s.n, 0);
	v = tv_html(a, safe_html_trust(STR_LIT("<b>x</b>")));
	assert_int_equal(v->type, TV_HTML);
	assert_true(str_eqc(v->u.s, "<b>x</b>"));
	assert_false(arena_failed(a));
	arena_free(a);
}

static void
test_map_get_and_shadow(void **state)
{
	struct arena *a = arena_new(1 << 16);
	struct tv    *m, *v;

	(void)state;
	m = tv_map(a);
	tv_set_cstr(a, m, "title", "First");
	tv_set_int(a, m, "n", 3);
	tv_set_bool(a, m, "ok", 1);
	tv_set_str(a, m, "slug", STR_LIT("a-b"));
	tv_set_html(a, m, "body", safe_html_trust(STR_LIT("<p>")));
	tv_set(a, m, "none", NULL);
	tv_set_cstr(a, m, "title", "Second"); /* shadows */
	assert_int_equal(m->u.map.n, 7);

	v = tv_get(m, STR_LIT("title"));
	assert_non_null(v);
	assert_true(str_eqc(v->u.s, "Second"));
	v = tv_get(m, STR_LIT("none"));
	assert_non_null(v); /* a stored null, not "missing" */
	assert_int_equal(v->type, TV_NULL);
	assert_null(tv_get(m, STR_LIT("missing")));
	assert_null(tv_get(m, STR_LIT("titl")));
	assert_null(tv_get(NULL, STR_LIT("title")));
	assert_null(tv_get(tv_list(a), STR_LIT("title")));
	assert_int_equal(tv_get(m, STR_LIT("body"))->type, TV_HTML);
	assert_int_equal(tv_get(m, STR_LIT("ok"))->type, TV_BOOL);
	arena_free(a);
}

static void
test_list_order(void **state)
{
	struct arena	     *a = arena_new(1 << 16);
	struct tv	     *l;
	const struct tv_item *it;
	int		      i = 0;

	(void)state;
	l = tv_list(a);
	tv_push(a, l, tv_int(a, 0));
	tv_push(a, l, tv_int(a, 1));
	tv_push(a, l, NULL);
	assert_int_equal(l->u.list.n, 3);
	for (it = l->u.list.head; it != NULL; it = it->next, i++) {
		if (i < 2)
			assert_true(it->v->u.num == (double)i);
		else
			assert_int_equal(it->v->type, TV_NULL);
	}
	assert_int_equal(i, 3);
	arena_free(a);
}

/* Setters and pushers on NULL or wrong-typed containers do nothing. */
static void
test_null_tolerance(void **state)
{
	struct arena *a = arena_new(1 << 16);
	struct tv    *l = tv_list(a), *m = tv_map(a);

	(void)state;
	tv_set_cstr(a, NULL, "k", "v");
	tv_set_cstr(a, l, "k", "v");
	tv_push(a, NULL, tv_null(a));
	tv_push(a, m, tv_null(a));
	assert_int_equal(l->u.list.n, 0);
	assert_int_equal(m->u.map.n, 0);
	assert_false(arena_failed(a));
	arena_free(a);
}

/* Builders return NULL once the arena is spent, and never crash. */
static void
test_arena_exhausted(void **state)
{
	struct arena *a;
	struct tv    *m, *l;
	long	      n;

	(void)state;
	for (n = 0; n < 12; n++) {
		a = arena_new(1 << 16);
		arena_fail_after(a, n);
		m = tv_map(a);
		l = tv_list(a);
		tv_set_cstr(a, m, "a", "x");
		tv_set_int(a, m, "b", 1);
		tv_push(a, l, tv_cstr(a, "y"));
		tv_set(a, m, "l", l);
		if (n < 9)
			assert_true(arena_failed(a));
		if (m != NULL)
			assert_true(m->u.map.n <= 3);
		arena_free(a);
	}
	a = arena_new(1 << 16);
	arena_fail_after(a, 0);
	assert_null(tv_map(a));
	assert_null(tv_cstr(a, "x"));
	tv_set_cstr(a, NULL, "k", "v");
	arena_free(a);
}

static const struct {
	enum tv_type type;
	double	     num;
	const char  *s;
	int	     n; /* list length */
	int	     want;
} truthy_cases[] = {
	{ TV_NULL, 0, NULL, 0, 0 },
	{ TV_BOOL, 0, NULL, 0, 0 },
	{ TV_BOOL, 1, NULL, 0, 1 },
	{ TV_NUM, 0, NULL, 0, 1 },
	{ TV_NUM, -1.5, NULL, 0, 1 },
	{ TV_STR, 0, "", 0, 0 },
	{ TV_STR, 0, "0", 0, 1 },
	{ TV_HTML, 0, "", 0, 0 },
	{ TV_HTML, 0, "<br>", 0, 1 },
	{ TV_LIST, 0, NULL, 0, 0 },
	{ TV_LIST, 0, NULL, 2, 1 },
	{ TV_MAP, 0, NULL, 0, 1 },
};

static void
test_truthy(void **state)
{
	struct arena *a = arena_new(1 << 16);
	struct tv    *v = NULL;
	size_t	      i;
	int	      k;

	(void)state;
	assert_false(tv_truthy(NULL));
	for (i = 0; i < sizeof(truthy_cases) / sizeof(truthy_cases[0]); i++) {
		switch (truthy_cases[i].type) {
		case TV_NULL:
			v = tv_null(a);
			break;
		case TV_BOOL:
			v = tv_bool(a, truthy_cases[i].num != 0);
			break;
		case TV_NUM:
			v = tv_num(a, truthy_cases[i].num);
			break;
		case TV_STR:
			v = tv_cstr(a, truthy_cases[i].s);
			break;
		case TV_HTML:
			v = tv_html(a,
			    safe_html_trust(str_c(truthy_cases[i].s)));
			break;
		case TV_LIST:
			v = tv_list(a);
			for (k = 0; k < truthy_cases[i].n; k++)
				tv_push(a, v, tv_int(a, k));
			break;
		default:
			v = tv_map(a);
			break;
		}
		assert_int_equal(tv_truthy(v), truthy_cases[i].want);
	}
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builders),
		cmocka_unit_test(test_map_get_and_shadow),
		cmocka_unit_test(test_list_order),
		cmocka_unit_test(test_null_tolerance),
		cmocka_unit_test(test_arena_exhausted),
		cmocka_unit_test(test_truthy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
