/*
 * test_markdown.c -- Markdown to HTML and text: golden files, link
 * schemes, limits and allocation failures.
 *
 * The golden directory is the first argument (meson passes it).  Each
 * <case>.in is rendered and compared byte for byte with <case>.out (HTML)
 * and, when present, <case>.txt (markdown_text()).  With
 * NG_GOLDEN_UPDATE=1 in the environment the expected files are rewritten
 * instead; review the diff before committing them.
 */
#include "testlib.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/html.h"
#include "content/markdown.h"

static const char *golden_dir;

static void
write_file(const char *path, const char *p, size_t n)
{
	FILE *f;

	if ((f = fopen(path, "wb")) == NULL)
		fail_msg("cannot write %s", path);
	if (fwrite(p, 1, n, f) != n || fclose(f) != 0)
		fail_msg("cannot write %s", path);
}

/* Compare got with the file at path (or rewrite it in update mode). */
static int
golden_compare(const char *path, struct str got, int update)
{
	char  *want;
	size_t wn;
	int    ok;

	if (update) {
		write_file(path, got.p, got.n);
		return 1;
	}
	if ((want = testlib_read_file(path, &wn)) == NULL)
		fail_msg("missing golden file %s", path);
	ok = wn == got.n && memcmp(want, got.p, wn) == 0;
	if (!ok)
		print_error("%s differs.\n--- want\n%s\n--- got\n%.*s\n", path,
		    want, (int)got.n, got.p);
	free(want);
	return ok;
}

static void
test_golden(void **state)
{
	DIR		*d;
	struct dirent	*de;
	struct arena	*a;
	struct safe_html h;
	struct str	 txt;
	char		 path[4096], *src;
	size_t		 len, n, cases = 0, failed = 0;
	const char	*env;
	int		 update;

	(void)state;
	env = getenv("NG_GOLDEN_UPDATE");
	update = env != NULL && strcmp(env, "1") == 0;
	assert_non_null(golden_dir);
	if ((d = opendir(golden_dir)) == NULL)
		fail_msg("cannot open %s", golden_dir);
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 4 || strcmp(de->d_name + len - 3, ".in") != 0)
			continue;
		cases++;
		snprintf(path, sizeof(path), "%s/%s", golden_dir, de->d_name);
		if ((src = testlib_read_file(path, &n)) == NULL)
			fail_msg("cannot read %s", path);
		a = arena_new(1 << 24);
		assert_int_equal(markdown_render(a, src, n, &h), NG_OK);
		assert_int_equal(markdown_text(a, src, n, &txt), NG_OK);
		snprintf(path, sizeof(path), "%s/%.*s.out", golden_dir,
		    (int)(len - 3), de->d_name);
		failed += !golden_compare(path, h.s, update);
		snprintf(path, sizeof(path), "%s/%.*s.txt", golden_dir,
		    (int)(len - 3), de->d_name);
		failed += !golden_compare(path, txt, update);
		arena_free(a);
		free(src);
	}
	closedir(d);
	/* The committed cases, so a wrong directory cannot pass. */
	assert_true(cases >= 10);
	assert_int_equal(failed, 0);
}

/*
 * Sources with links or images whose scheme must not survive, and a
 * substring the HTML must keep (the link text or alt text).
 */
static const struct {
	const char *md;
	const char *keep;
} unsafe_cases[] = {
	{ "[x](javascript:alert(1))", "<p>x</p>" },
	{ "[x](JAVASCRIPT:alert(1))", "<p>x</p>" },
	{ "[x](&#106;avascript:alert(1))", "<p>x</p>" },
	{ "[x](&#x6A;avascript:alert(1))", "<p>x</p>" },
	{ "[x](<javascript:alert(1)>)", "<p>x</p>" },
	{ "[x](vbscript:msgbox)", "<p>x</p>" },
	{ "[x](data:text/html,<script>)", "<p>x</p>" },
	{ "[x](file:///etc/passwd)", "<p>x</p>" },
	{ "<javascript:alert(1)>", "<p>javascript:alert(1)</p>" },
	{ "[x][r]\n\n[r]: javascript:alert(1)", "<p>x</p>" },
	{ "![pic](javascript:alert(1))", "<p>pic</p>" },
	{ "![a \"q\" <b>](javascript:1)", "<p>a &quot;q&quot; &lt;b&gt;</p>" },
	{ "[**bold**](javascript:1) after", "<p><strong>bold</strong> after" },
	{ "[a](javascript:1) [b](https://ok.example/)",
	    "<p>a <a href=\"https://ok.example/\">b</a></p>" },
};

/* Case-insensitive substring search over a slice. */
static int
contains_ci(struct str s, const char *needle)
{
	size_t i, n = strlen(needle);

	for (i = 0; i + n <= s.n; i++)
		if (strncasecmp(s.p + i, needle, n) == 0)
			return 1;
	return 0;
}

static int
contains(struct str s, const char *needle)
{
	return memmem(s.p, s.n, needle, strlen(needle)) != NULL;
}

static void
test_unsafe_schemes(void **state)
{
	struct arena	*a = arena_new(1 << 20);
	struct safe_html h;
	struct str	 txt;
	const char	*md;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(unsafe_cases) / sizeof(unsafe_cases[0]); i++) {
		md = unsafe_cases[i].md;
		assert_int_equal(markdown_render(a, md, strlen(md), &h), NG_OK);
		if (contains_ci(h.s, "href=\"javascript") ||
		    contains_ci(h.s, "href=\"vbscript") ||
		    contains_ci(h.s, "href=\"data") ||
		    contains_ci(h.s, "href=\"file") ||
		    contains_ci(h.s, "src=\"javascript") ||
		    !contains(h.s, unsafe_cases[i].keep))
			fail_msg("case %zu %s gave %.*s", i, md, (int)h.s.n,
			    h.s.p);
		/* Every <a> that survives is closed exactly once. */
		assert_int_equal(contains(h.s, "<a ") ? 1 : 0,
		    contains(h.s, "</a>") ? 1 : 0);
		assert_int_equal(markdown_text(a, md, strlen(md), &txt), NG_OK);
		if (contains_ci(txt, "<javascript") ||
		    contains_ci(txt, "<vbscript") || contains_ci(txt, "<data"))
			fail_msg("text case %zu gave %.*s", i, (int)txt.n,
			    txt.p);
	}
	arena_free(a);
}

static const struct {
	const char *md;
	size_t	    n; /* 0: strlen(md) */
	const char *want;
} text_cases[] = {
	{ "", 0, "" },
	{ "one\n\ntwo", 0, "one\n\ntwo" },
	{ "soft\nbreak", 0, "soft break" },
	{ "# Head\n\nBody", 0, "Head\n\nBody" },
	{ "&amp; &lt; &gt; &quot; &copy; &#65; &#x42; &#0; &nope;", 0,
	    "& < > \" \xc2\xa9 A B \xef\xbf\xbd &nope;" },
	{ "[text](https://x.example/)", 0, "text <https://x.example/>" },
	{ "<https://x.example/>", 0, "https://x.example/" },
	{ "<desk@x.example>", 0, "desk@x.example" },
	{ "[a](/p?x=1&amp;y=2)", 0, "a </p?x=1&y=2>" },
	{ "- a\n- b", 0, "- a\n- b" },
	{ "7. a\n8. b", 0, "7. a\n8. b" },
	{ "`x < y`", 0, "x < y" },
	{ "```\nline1\nline2\n```\n\nafter", 0, "line1\nline2\n\nafter" },
	{ "a\0b", 3,
	    "a\xef\xbf\xbd"
	    "b" },
	{ "**bold** _em_ ~~del~~", 0, "bold em del" },
	{ "<b>raw</b>", 0, "<b>raw</b>" },
};

static void
test_text(void **state)
{
	struct arena *a = arena_new(1 << 20);
	struct str    txt;
	size_t	      i, n;

	(void)state;
	for (i = 0; i < sizeof(text_cases) / sizeof(text_cases[0]); i++) {
		n = text_cases[i].n;
		if (n == 0)
			n = strlen(text_cases[i].md);
		assert_int_equal(markdown_text(a, text_cases[i].md, n, &txt),
		    NG_OK);
		assert_non_null(txt.p);
		assert_int_equal(txt.p[txt.n], '\0');
		if (strlen(text_cases[i].want) != txt.n ||
		    memcmp(txt.p, text_cases[i].want, txt.n) != 0)
			fail_msg("case %zu: want [%s] got [%.*s]", i,
			    text_cases[i].want, (int)txt.n, txt.p);
	}
	arena_free(a);
}

static void
test_limits(void **state)
{
	struct arena	*a = arena_new(1 << 20);
	struct safe_html h;
	struct str	 txt;
	char		*big;

	(void)state;
	big = malloc(MARKDOWN_MAX + 1);
	assert_non_null(big);
	memset(big, 'a', MARKDOWN_MAX + 1);
	assert_int_equal(markdown_render(a, big, MARKDOWN_MAX + 1, &h),
	    NG_ETOOBIG);
	assert_null(h.s.p);
	assert_int_equal(markdown_text(a, big, MARKDOWN_MAX + 1, &txt),
	    NG_ETOOBIG);
	assert_null(txt.p);
	/* Exactly MARKDOWN_MAX is accepted, but not by a small arena. */
	assert_int_equal(markdown_render(a, big, MARKDOWN_MAX, &h), NG_ENOMEM);
	arena_free(a);
	a = arena_new(8 * MARKDOWN_MAX);
	assert_int_equal(markdown_render(a, big, MARKDOWN_MAX, &h), NG_OK);
	assert_int_equal(h.s.n, MARKDOWN_MAX + 8); /* <p>...</p>\n */
	assert_int_equal(markdown_text(a, big, MARKDOWN_MAX, &txt), NG_OK);
	assert_int_equal(txt.n, MARKDOWN_MAX);
	/* An empty body renders to empty strings, not NULL. */
	assert_int_equal(markdown_render(a, NULL, 0, &h), NG_OK);
	assert_non_null(h.s.p);
	assert_int_equal(h.s.n, 0);
	assert_int_equal(markdown_text(a, NULL, 0, &txt), NG_OK);
	assert_non_null(txt.p);
	assert_int_equal(txt.n, 0);
	free(big);
	arena_free(a);
}

/*
 * A reference link used over and over repeats its URL in both outputs:
 * a source within MARKDOWN_MAX whose output is not.
 */
static void
test_output_limits(void **state)
{
	static const char def[] = "\n\n[r]: https://example.com/"
				  "a-fairly-long-path-repeated-in-every-use\n";
	struct arena	 *a = arena_new(1 << 24);
	struct safe_html  h;
	struct str	  txt;
	char		 *big;
	size_t		  n = 0;

	(void)state;
	big = malloc(MARKDOWN_MAX);
	assert_non_null(big);
	while (n + 7 + sizeof(def) < MARKDOWN_MAX) {
		memcpy(big + n, "[a][r] ", 7);
		n += 7;
	}
	memcpy(big + n, def, sizeof(def) - 1);
	n += sizeof(def) - 1;
	assert_int_equal(markdown_render(a, big, n, &h), NG_ETOOBIG);
	assert_null(h.s.p);
	assert_int_equal(markdown_text(a, big, n, &txt), NG_ETOOBIG);
	assert_null(txt.p);
	free(big);
	arena_free(a);
}

/* Fail the Nth arena allocation for every N until rendering succeeds. */
static void
test_alloc_failures(void **state)
{
	static const char md[] = "# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
				 "- [x](https://e.example/) &amp;\n";
	struct arena	 *a;
	struct safe_html  h;
	struct str	  txt;
	enum ng_err	  e1, e2;
	long		  nth;

	(void)state;
	for (nth = 0; nth < 100; nth++) {
		a = arena_new(1 << 20);
		arena_fail_after(a, nth);
		e1 = markdown_render(a, md, sizeof(md) - 1, &h);
		e2 = markdown_text(a, md, sizeof(md) - 1, &txt);
		arena_free(a);
		assert_true(e1 == NG_OK || e1 == NG_ENOMEM);
		assert_true(e2 == NG_OK || e2 == NG_ENOMEM);
		if (e1 == NG_ENOMEM)
			assert_null(h.s.p);
		if (e2 == NG_ENOMEM)
			assert_null(txt.p);
		if (e1 == NG_OK && e2 == NG_OK)
			break;
	}
	assert_true(nth > 0 && nth < 100);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_unsafe_schemes),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_output_limits),
		cmocka_unit_test(test_alloc_failures),
	};

	if (argc > 1)
		golden_dir = argv[1];
	else
		golden_dir = getenv("NG_GOLDEN_MARKDOWN");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
