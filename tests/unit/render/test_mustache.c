/*
 * test_mustache.c -- the Mustache engine beyond the official spec:
 * nutgraf's escaping rules (MUSTACHE_STRICT_RAW), compile errors with line
 * numbers, the render limits, and arena fault injection.  The spec itself
 * is run by tests/conformance/.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "render/mustache.h"
#include "render/tv.h"

/* The view every render case uses. */
static struct tv *
make_view(struct arena *a)
{
	struct tv *v, *l, *m, *it;
	int	   i;

	v = tv_map(a);
	tv_set_cstr(a, v, "s", "<a href=\"x\">Tom & 'Jerry'</a>");
	tv_set_html(a, v, "h", safe_html_trust(STR_LIT("<em>ok</em>")));
	tv_set(a, v, "half", tv_num(a, 1.5));
	tv_set_int(a, v, "n", 85);
	tv_set_int(a, v, "neg", -3);
	tv_set(a, v, "tenth", tv_num(a, 0.1));
	tv_set(a, v, "big", tv_num(a, 1e20));
	tv_set_bool(a, v, "yes", 1);
	tv_set_bool(a, v, "no", 0);
	tv_set_cstr(a, v, "empty", "");
	tv_set(a, v, "nil", NULL);
	l = tv_list(a);
	for (i = 1; i <= 3; i++) {
		it = tv_map(a);
		tv_set_int(a, it, "i", i);
		tv_push(a, l, it);
	}
	tv_set(a, v, "items", l);
	tv_set(a, v, "none", tv_list(a));
	m = tv_map(a);
	tv_set_cstr(a, m, "title", "Inner");
	tv_set_cstr(a, m, "tpl", "card");
	tv_set(a, v, "article", m);
	tv_set_cstr(a, v, "title", "Outer");
	return v;
}

struct partial {
	const char *name;
	const char *src;
};

static const struct {
	const char *tmpl;
	unsigned    flags;
	const char *want;
} render_cases[] = {
	/* Escaping by default, for every special character. */
	{ "{{s}}", 0,
	    "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;" },
	{ "{{s}}", MUSTACHE_STRICT_RAW,
	    "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;" },
	/* Raw output of a string only outside strict mode. */
	{ "{{{s}}}", 0, "<a href=\"x\">Tom & 'Jerry'</a>" },
	{ "{{&s}}", 0, "<a href=\"x\">Tom & 'Jerry'</a>" },
	{ "{{{s}}}", MUSTACHE_STRICT_RAW,
	    "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;" },
	{ "{{& s}}", MUSTACHE_STRICT_RAW,
	    "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;" },
	/* safe_html is already safe: raw in every form. */
	{ "{{h}}", 0, "<em>ok</em>" },
	{ "{{h}}", MUSTACHE_STRICT_RAW, "<em>ok</em>" },
	{ "{{{h}}}", MUSTACHE_STRICT_RAW, "<em>ok</em>" },
	{ "{{&h}}", MUSTACHE_STRICT_RAW, "<em>ok</em>" },
	/* Numbers and booleans. */
	{ "{{half}} {{n}} {{neg}} {{tenth}} {{big}}", 0,
	    "1.5 85 -3 0.1 1e+20" },
	{ "{{yes}} {{no}} [{{nil}}] [{{missing}}] [{{items}}]", 0,
	    "true false [] [] []" },
	/* Context stack and dotted names. */
	{ "{{#article}}{{title}}/{{n}}{{/article}} {{title}}", 0,
	    "Inner/85 Outer" },
	{ "{{article.title}}|{{article.nope}}|{{s.x}}", 0, "Inner||" },
	{ "{{#items}}{{i}},{{/items}}", 0, "1,2,3," },
	{ "{{#none}}x{{/none}}{{^none}}empty{{/none}}", 0, "empty" },
	{ "{{#empty}}x{{/empty}}{{^empty}}blank{{/empty}}", 0, "blank" },
	{ "{{#yes}}{{.}}{{/yes}}", 0, "true" },
	/* Standalone lines vanish; partials are indented. */
	{ "<ul>\n  {{#items}}\n  <li>{{i}}</li>\n  {{/items}}\n</ul>\n", 0,
	    "<ul>\n  <li>1</li>\n  <li>2</li>\n  <li>3</li>\n</ul>\n" },
	{ "<div>\n  {{>row}}\n</div>\n", 0,
	    "<div>\n  <p>\n    Outer\n  </p>\n</div>\n" },
	/* Layout inheritance as the theme uses it. */
	{ "{{<layout}}\n{{$main}}\n<h1>{{title}}</h1>\n{{/main}}\n"
	  "{{/layout}}\n",
	    0,
	    "<html>\n<title>Outer</title>\n<body>\n  <h1>Outer</h1>\n"
	    "</body>\n</html>\n" },
	{ "{{<layout}}{{/layout}}", 0,
	    "<html>\n<title>Outer</title>\n<body>\n  default\n</body>\n"
	    "</html>\n" },
	/* Dynamic partial names. */
	{ "{{#article}}{{>*tpl}}{{/article}}", 0, "[Inner]" },
	{ "[{{>*missing}}][{{>nothere}}]", 0, "[][]" },
	{ "a\r\n  {{#yes}}\r\n  {{title}}\r\n  {{/yes}}\r\nb", 0,
	    "a\r\n  Outer\r\nb" },
	{ "  {{>gap}}\n", 0, "  a\n\n  b\n" }, /* empty lines stay empty */
	{ "{{#title}}({{.}}){{/title}}", 0, "(Outer)" },
	/* Dynamic parents; a partial inside a parent sees the overrides. */
	{ "{{#article}}{{<*tpl}}{{/*tpl}}{{/article}}", 0, "[Inner]" },
	{ "{{<wrap}}{{$m}}M{{/m}}{{/wrap}}", 0, "<[M]>" },
	{ "{{<wrap}}{{/wrap}}", 0, "<[d]>" },
	/* A block is re-indented to where its parent expands it. */
	{ "{{<box}}{{$m}}\n{{title}}\n    {{n}}\n{{/m}}{{/box}}", 0,
	    "<div>\n  Outer\n      85\n</div>\n" },
	/* Set delimiters. */
	{ "{{=<% %>=}}<% title %> {{title}}", 0, "Outer {{title}}" },
	{ "a{{! comment }}b", 0, "ab" },
};

#define OPEN4  "{{#items}}{{#items}}{{#items}}{{#items}}"
#define CLOSE4 "{{/items}}{{/items}}{{/items}}{{/items}}"

static const struct partial partials[] = {
	{ "row", "<p>\n  {{title}}\n</p>\n" },
	{ "layout",
	    "<html>\n<title>{{title}}</title>\n<body>\n"
	    "  {{$main}}\n  default\n  {{/main}}\n</body>\n</html>\n" },
	{ "card", "[{{title}}]" },
	{ "gap", "a\n\nb\n" },
	{ "wrap", "<{{>inner}}>" },
	{ "inner", "[{{$m}}d{{/m}}]" },
	{ "box", "<div>\n  {{$m}}\n  {{/m}}\n</div>\n" },
	{ "self", "{{>self}}" },
	{ "pself", "{{<pself}}{{/pself}}" },
	{ "fan", "{{#items}}{{>fan}}{{/items}}" },
	{ "wide", OPEN4 OPEN4 OPEN4 OPEN4 "{{i}}" CLOSE4 CLOSE4 CLOSE4 CLOSE4 },
};

static struct mustache_set *
make_set(void)
{
	struct mustache_set *set = mustache_set_new();
	char		     err[128];
	size_t		     i;

	for (i = 0; i < sizeof(partials) / sizeof(partials[0]); i++)
		assert_int_equal(mustache_set_add(set, partials[i].name,
				     partials[i].src, strlen(partials[i].src),
				     err, sizeof(err)),
		    NG_OK);
	return set;
}

static void
test_render_table(void **state)
{
	struct mustache_set *set = make_set();
	struct arena	    *a = arena_new(1 << 20);
	struct tv	    *view = make_view(a);
	struct buf	     b;
	struct str	     out;
	char		     err[128];
	size_t		     i;

	(void)state;
	assert_false(arena_failed(a));
	for (i = 0; i < sizeof(render_cases) / sizeof(render_cases[0]); i++) {
		assert_int_equal(mustache_set_add(set, "t",
				     render_cases[i].tmpl,
				     strlen(render_cases[i].tmpl), err,
				     sizeof(err)),
		    NG_OK);
		buf_init(&b, a);
		assert_int_equal(mustache_render(set, "t", view,
				     render_cases[i].flags, &b),
		    NG_OK);
		assert_int_equal(buf_finish(&b, &out), NG_OK);
		if (strcmp(out.p, render_cases[i].want) != 0)
			fail_msg("case %zu: %s\nwant \"%s\"\ngot  \"%s\"", i,
			    render_cases[i].tmpl, render_cases[i].want, out.p);
	}
	mustache_set_free(set);
	arena_free(a);
}

static const struct {
	const char *tmpl;
	enum ng_err rc;
	const char *msg; /* errbuf must start with this */
} error_cases[] = {
	{ "a\n{{#x}}\nb", NG_EINVAL, "line 2: unclosed section \"x\"" },
	{ "{{#a}}\n{{#b}}\n\n{{/a}}", NG_EINVAL,
	    "line 4: close tag \"a\" does not match \"b\" opened on line 2" },
	{ "x\n\n{{/x}}", NG_EINVAL, "line 3: unexpected close tag \"x\"" },
	{ "ok\n{{=<% %>=}}\n<%= a =%>", NG_EINVAL, "line 3: bad delimiters" },
	{ "{{=a=b c=}}", NG_EINVAL, "line 1: bad delimiters" },
	{ "{{= a =}}", NG_EINVAL, "line 1: bad delimiters" },
	{ "\n\n\nhello {{name", NG_EINVAL, "line 4: unclosed tag" },
	{ "{{{x}}", NG_EINVAL, "line 1: unclosed tag" },
	{ "{{", NG_EINVAL, "line 1: unclosed tag" },
	{ "a\n{{ }}", NG_EINVAL, "line 2: empty tag" },
	{ "{{a b}}", NG_EINVAL, "line 1: bad tag name \"a b\"" },
	{ "{{a..b}}", NG_EINVAL, "line 1: bad tag name" },
	{ "{{! a\nb\n}}\n{{#x}}", NG_EINVAL, "line 4: unclosed section" },
	{ "{{<p}}{{$b}}{{/p}}", NG_EINVAL, "line 1: close tag \"p\"" },
};

static void
test_compile_errors(void **state)
{
	struct mustache_set *set = mustache_set_new();
	char		     err[128];
	size_t		     i;

	(void)state;
	for (i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++) {
		memset(err, 'X', sizeof(err));
		assert_int_equal(mustache_set_add(set, "bad",
				     error_cases[i].tmpl,
				     strlen(error_cases[i].tmpl), err,
				     sizeof(err)),
		    error_cases[i].rc);
		if (strncmp(err, error_cases[i].msg,
			strlen(error_cases[i].msg)) != 0)
			fail_msg("case %zu: want \"%s\", got \"%s\"", i,
			    error_cases[i].msg, err);
		assert_false(mustache_set_has(set, "bad"));
		/* errsz 0 must not write at all. */
		assert_int_equal(mustache_set_add(set, "bad",
				     error_cases[i].tmpl,
				     strlen(error_cases[i].tmpl), NULL, 0),
		    error_cases[i].rc);
	}
	mustache_set_free(set);
}

static void
test_nesting_and_size_limits(void **state)
{
	struct mustache_set *set = mustache_set_new();
	char		     err[128], *src;
	size_t		     i, n;

	(void)state;
	/* 101 nested sections: one too many. */
	n = 0;
	src = malloc(101 * 7 + 1);
	for (i = 0; i < 101; i++)
		n += (size_t)sprintf(src + n, "{{#a}}");
	assert_int_equal(mustache_set_add(set, "deep", src, n, err,
			     sizeof(err)),
	    NG_EINVAL);
	assert_non_null(strstr(err, "nested too deeply"));
	free(src);

	n = 1024 * 1024 + 1;
	src = malloc(n);
	memset(src, 'a', n);
	assert_int_equal(mustache_set_add(set, "huge", src, n, err,
			     sizeof(err)),
	    NG_ETOOBIG);
	assert_int_equal(mustache_set_add(set, "huge", src, n - 1, err,
			     sizeof(err)),
	    NG_OK);
	free(src);
	mustache_set_free(set);
}

/* A failed add leaves the old template; a good add replaces it. */
static void
test_replace(void **state)
{
	struct mustache_set *set = mustache_set_new();
	struct buf	     b;
	struct str	     out;

	(void)state;
	assert_false(mustache_set_has(set, "t"));
	assert_int_equal(mustache_set_add(set, "t", "one", 3, NULL, 0), NG_OK);
	assert_true(mustache_set_has(set, "t"));
	assert_int_equal(mustache_set_add(set, "t", "{{#", 3, NULL, 0),
	    NG_EINVAL);
	buf_init(&b, NULL);
	assert_int_equal(mustache_render(set, "t", NULL, 0, &b), NG_OK);
	assert_int_equal(buf_finish(&b, &out), NG_OK);
	assert_string_equal(out.p, "one");
	assert_int_equal(mustache_set_add(set, "t", "two", 3, NULL, 0), NG_OK);
	buf_reset(&b);
	assert_int_equal(mustache_render(set, "t", NULL, 0, &b), NG_OK);
	assert_int_equal(buf_finish(&b, &out), NG_OK);
	assert_string_equal(out.p, "two");
	buf_release(&b);
	mustache_set_free(set);
}

static const struct {
	const char *name;
	enum ng_err rc;
} limit_cases[] = {
	{ "nosuch", NG_ENOTFOUND },
	{ "self", NG_ETOOBIG },	 /* a partial that includes itself */
	{ "pself", NG_ETOOBIG }, /* a parent that extends itself */
	{ "fan", NG_ETOOBIG },	 /* 3^64 work, cut by depth */
	{ "wide", NG_ETOOBIG },	 /* 3^16 work: the step budget */
};

static void
test_render_limits(void **state)
{
	struct mustache_set *set = make_set();
	struct arena	    *a = arena_new(1 << 20);
	struct tv	    *view = make_view(a);
	struct buf	     b;
	size_t		     i;

	(void)state;
	for (i = 0; i < sizeof(limit_cases) / sizeof(limit_cases[0]); i++) {
		buf_init(&b, NULL);
		assert_int_equal(mustache_render(set, limit_cases[i].name, view,
				     0, &b),
		    limit_cases[i].rc);
		buf_release(&b);
	}
	/* The buffer's own cap comes back as its sticky error. */
	buf_init(&b, NULL);
	buf_set_max(&b, 10);
	assert_int_equal(mustache_render(set, "layout", view, 0, &b),
	    NG_ETOOBIG);
	buf_release(&b);
	mustache_set_free(set);
	arena_free(a);
}

/*
 * Fail the Nth arena allocation, for N = 0, 1, ...: rendering into an
 * arena buffer must report NG_ENOMEM until there is room, then produce
 * exactly the output of an unconstrained render.
 */
static void
test_arena_faults(void **state)
{
	static const char
	    tmpl[] = "{{#items}}{{>row}}{{s}}{{s}}{{s}}{{s}}{{s}}{{/items}}"
		     "{{<layout}}{{/layout}}";
	struct mustache_set *set = make_set();
	struct arena	    *va = arena_new(1 << 20), *a;
	struct tv	    *view = make_view(va);
	struct buf	     b, ref;
	struct str	     out, want;
	long		     n;
	enum ng_err	     rc;

	(void)state;
	assert_int_equal(mustache_set_add(set, "t", tmpl, sizeof(tmpl) - 1,
			     NULL, 0),
	    NG_OK);
	buf_init(&ref, NULL);
	assert_int_equal(mustache_render(set, "t", view, 0, &ref), NG_OK);
	assert_int_equal(buf_finish(&ref, &want), NG_OK);
	assert_true(want.n > 1000);

	for (n = 0; n < 100; n++) {
		a = arena_new(1 << 20);
		arena_fail_after(a, n);
		buf_init(&b, a);
		rc = mustache_render(set, "t", view, 0, &b);
		if (rc == NG_OK) {
			assert_int_equal(buf_finish(&b, &out), NG_OK);
			assert_int_equal(out.n, want.n);
			assert_memory_equal(out.p, want.p, out.n);
			arena_free(a);
			break;
		}
		assert_int_equal(rc, NG_ENOMEM);
		arena_free(a);
	}
	assert_true(n > 2 && n < 100);
	buf_release(&ref);
	mustache_set_free(set);
	arena_free(va);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_render_table),
		cmocka_unit_test(test_compile_errors),
		cmocka_unit_test(test_nesting_and_size_limits),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_render_limits),
		cmocka_unit_test(test_arena_faults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
