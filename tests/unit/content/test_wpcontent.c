/*
 * test_wpcontent.c -- WordPress bodies: the sanitizer, automatic
 * paragraphs and block documents.
 *
 * The golden directory is the first argument; it has sanitize/, autop/
 * and blocks/ subdirectories of <case>.in and <case>.out.  With
 * NG_GOLDEN_UPDATE=1 the .out files are rewritten instead (review the
 * diff).  The hostile corpus (tests/golden/sanitize/hostile-*.in) is
 * also checked by rule: no output of any case may contain a script,
 * an event handler, a dangerous scheme or a forbidden element, and
 * sanitizing an output again must give it back unchanged.
 */
#include "testlib.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/html.h"
#include "content/autop.h"
#include "content/blocks.h"
#include "content/sanitize.h"

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

static int
contains_ci(struct str s, const char *needle)
{
	size_t i, n = strlen(needle);

	for (i = 0; i + n <= s.n; i++)
		if (strncasecmp(s.p + i, needle, n) == 0)
			return 1;
	return 0;
}

/* What no sanitizer output may ever contain. */
static void
assert_clean(const char *name, struct str h)
{
	static const char *const bad[] = {
		"<script",
		"<style",
		"<iframe",
		"<object",
		"<embed",
		"<form",
		"<base",
		"<meta",
		"<link",
		"<svg",
		"<math",
		"<input",
		"<button",
		"<textarea",
		"<template",
		"<frame",
		"<applet",
		"javascript:",
		"vbscript:",
		"data:",
		" on",
		"srcset",
		"<!--",
		"expression(",
		"url(",
		"@import",
		"formaction",
		"xlink",
		"poster=",
		"target=",
	};
	size_t i, j;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (bad[i][0] == ' ') {
			/* " onX=" inside a tag: an event handler */
			for (j = 0; j + 4 < h.n; j++) {
				if (h.p[j] == '<') {
					const char *gt = memchr(h.p + j, '>',
					    h.n - j);
					struct str  tag = { h.p + j,
						 gt == NULL ?
						     h.n - j :
						     (size_t)(gt - h.p) - j };

					char q = 0;

					/* outside quoted values only */
					for (size_t k = 0; k + 3 < tag.n; k++) {
						if (q != 0) {
							if (tag.p[k] == q)
								q = 0;
							continue;
						}
						if (tag.p[k] == '"')
							q = '"';
						else if (tag.p[k] == ' ' &&
						    strncasecmp(tag.p + k + 1,
							"on", 2) == 0)
							fail_msg(
							    "%s: handler in "
							    "%.*s",
							    name, (int)tag.n,
							    tag.p);
					}
				}
			}
			continue;
		}
		if (contains_ci(h, bad[i]))
			fail_msg("%s: output has %s: %.*s", name, bad[i],
			    (int)h.n, h.p);
	}
}

enum kind {
	K_SANITIZE,
	K_AUTOP,
	K_BLOCKS
};

static size_t
run_dir(const char *sub, enum kind k)
{
	DIR		    *d;
	struct dirent	    *de;
	struct arena	    *a;
	struct safe_html     h, h2;
	struct blocks_result br;
	struct str	     got;
	char		     dir[2048], path[4096], *src;
	size_t		     len, n, cases = 0, failed = 0;
	const char	    *env;
	int		     update;

	env = getenv("NG_GOLDEN_UPDATE");
	update = env != NULL && strcmp(env, "1") == 0;
	snprintf(dir, sizeof(dir), "%s/%s", golden_dir, sub);
	if ((d = opendir(dir)) == NULL)
		fail_msg("cannot open %s", dir);
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 4 || strcmp(de->d_name + len - 3, ".in") != 0)
			continue;
		cases++;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if ((src = testlib_read_file(path, &n)) == NULL)
			fail_msg("cannot read %s", path);
		a = arena_new(1 << 26);
		switch (k) {
		case K_SANITIZE:
			assert_int_equal(sanitize_html(a, src, n, &h, NULL),
			    NG_OK);
			assert_clean(de->d_name, h.s);
			/*
			 * Idempotent, but for the video markers it makes
			 * from iframes (a marker in the input is unwrapped:
			 * only the sanitizer may write one).
			 */
			if (memmem(h.s.p, h.s.n, "<ng-sc", 6) != NULL) {
				got = h.s;
				break;
			}
			assert_int_equal(sanitize_html(a, h.s.p, h.s.n, &h2,
					     NULL),
			    NG_OK);
			if (h2.s.n != h.s.n ||
			    memcmp(h2.s.p, h.s.p, h.s.n) != 0)
				fail_msg("%s: not idempotent:\n%.*s\n%.*s",
				    de->d_name, (int)h.s.n, h.s.p, (int)h2.s.n,
				    h2.s.p);
			got = h.s;
			break;
		case K_AUTOP:
			assert_int_equal(autop(a, src, n, &got), NG_OK);
			break;
		case K_BLOCKS:
			assert_int_equal(blocks_render(a, src, n, &br), NG_OK);
			got = br.html;
			if (memmem(got.p, got.n, "wp:", 3) != NULL &&
			    strstr(de->d_name, "text") == NULL)
				fail_msg("%s: a delimiter survived",
				    de->d_name);
			break;
		}
		snprintf(path, sizeof(path), "%s/%.*s.out", dir, (int)(len - 3),
		    de->d_name);
		failed += !golden_compare(path, got, update);
		arena_free(a);
		free(src);
	}
	closedir(d);
	assert_int_equal(failed, 0);
	return cases;
}

static void
test_sanitize_golden(void **state)
{
	(void)state;
	assert_true(run_dir("sanitize", K_SANITIZE) >= 10);
}

static void
test_autop_golden(void **state)
{
	(void)state;
	assert_true(run_dir("autop", K_AUTOP) >= 6);
}

static void
test_blocks_golden(void **state)
{
	(void)state;
	assert_true(run_dir("blocks", K_BLOCKS) >= 4);
}

/* URLs that must be refused (links) whatever their disguise. */
static void
test_url_schemes(void **state)
{
	static const char *const bad[] = {
		"javascript:alert(1)",
		"JaVaScRiPt:alert(1)",
		" javascript:alert(1)",
		"\x01javascript:alert(1)",
		"java\tscript:alert(1)",
		"java\nscript:alert(1)",
		"java\rscript:x",
		"vbscript:msgbox",
		"data:text/html,x",
		"DATA:image/png;base64,AAAA",
		"file:///etc/passwd",
		"jav&#x09;ascript:x",
		"javascript&colon;x",
	};
	static const char *const good[] = {
		"https://example.com/",
		"http://x/",
		"/relative",
		"rel/a:b",
		"#frag",
		"?q=1",
		"mailto:a@b",
		"tel:+123",
		"//cdn.example/x",
		"",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (sanitize_url_ok(bad[i], strlen(bad[i]), 0))
			fail_msg("accepted %s", bad[i]);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!sanitize_url_ok(good[i], strlen(good[i]), 0))
			fail_msg("refused %s", good[i]);
	assert_false(sanitize_url_ok("mailto:a@b", 10, 1));
}

/*
 * Nesting: 1,500 deep is sanitized (on the heap, not the C stack);
 * 200,000 deep is refused at once instead of costing the parser minutes.
 */
static void
test_deep_nesting(void **state)
{
	struct arena	*a = arena_new(1 << 28);
	struct safe_html h;
	char		*src;
	size_t		 i, n = 200000;

	(void)state;
	src = malloc(n * 5 + 1);
	assert_non_null(src);
	for (i = 0; i < n; i++)
		memcpy(src + i * 5, "<div>", 5);
	src[n * 5] = '\0';
	assert_int_equal(sanitize_html(a, src, n * 5, &h, NULL), NG_ETOOBIG);
	assert_int_equal(sanitize_html(a, src, 1500 * 5, &h, NULL), NG_OK);
	/* past SANITIZE_DEPTH the tags are unwrapped */
	assert_int_equal(h.s.n, 64 * 11);
	free(src);
	arena_free(a);
}

/*
 * Text without markup skips the HTML parser: it must come out as the
 * parser would give it.  Each case is also sanitized with a <br> after
 * it, which goes through the parser, and the two must agree.
 */
static void
test_plain_text_as_parsed(void **state)
{
	static const char *const cases[] = { "", "Hello", "  two  spaces ",
		"line one\nline two\n\npara", "tab\there", "1 > 0 'q' \"dq\"",
		"caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x93\xb0 na\xc3\xafve",
		"\x01\x1f control \x7f \xc2\x85 \xef\xb7\x90 \xef\xbf\xbe",
		"\f form feed", "a=b; [sic] {x} ; ~`|", "\n\nleading",
		"trailing\n", ">>>" };
	struct arena		*a = arena_new(1 << 20);
	struct safe_html	 h, hb;
	char			 with_br[256];
	size_t			 i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = strlen(cases[i]);
		snprintf(with_br, sizeof(with_br), "%s<br>", cases[i]);
		assert_int_equal(sanitize_html(a, cases[i], n, &h, NULL),
		    NG_OK);
		assert_int_equal(sanitize_html(a, with_br, n + 4, &hb, NULL),
		    NG_OK);
		if (hb.s.n != h.s.n + 4 || memcmp(hb.s.p, h.s.p, h.s.n) != 0 ||
		    memcmp(hb.s.p + h.s.n, "<br>", 4) != 0)
			fail_msg("case %zu: \"%.*s\" but parsed \"%.*s\"", i,
			    (int)h.s.n, h.s.p, (int)hb.s.n, hb.s.p);
	}
	/* What the parser rewrites is not taken as plain. */
	assert_int_equal(sanitize_html(a, "a\r\nb", 4, &h, NULL), NG_OK);
	assert_int_equal(h.s.n, 3);
	assert_memory_equal(h.s.p, "a\nb", 3);
	assert_int_equal(sanitize_html(a, "bad \xff byte", 10, &h, NULL),
	    NG_OK);
	assert_memory_equal(h.s.p, "bad \xef\xbf\xbd byte", 12);
	arena_free(a);
}

static void
test_blocks_counts(void **state)
{
	static const char doc
	    [] = "<!-- wp:paragraph --><p>Hi</p><!-- /wp:paragraph -->"
		 "<!-- wp:latest-posts {\"postsToShow\":3} /-->"
		 "<!-- wp:query {\"queryId\":1} --><div><!-- wp:post-title /-->"
		 "</div><!-- /wp:query -->"
		 "<!-- wp:latest-posts /-->"
		 "<!-- wp:acme/widget {\"x\":1} /-->";
	struct arena	    *a = arena_new(1 << 20);
	struct blocks_result r;

	(void)state;
	assert_true(blocks_present(doc, sizeof(doc) - 1));
	assert_false(blocks_present("<p>x</p><!-- more -->", 21));
	assert_int_equal(blocks_render(a, doc, sizeof(doc) - 1, &r), NG_OK);
	assert_int_equal(r.html.n, strlen("<p>Hi</p>"));
	assert_memory_equal(r.html.p, "<p>Hi</p>", r.html.n);
	assert_int_equal(r.ndropped, 4);
	assert_int_equal(r.ndropnames, 3);
	assert_true(str_eqc(r.dropped[0].name, "core/latest-posts"));
	assert_int_equal(r.dropped[0].count, 2);
	assert_true(str_eqc(r.dropped[2].name, "acme/widget"));
	arena_free(a);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sanitize_golden),
		cmocka_unit_test(test_autop_golden),
		cmocka_unit_test(test_blocks_golden),
		cmocka_unit_test(test_url_schemes),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_blocks_counts),
		cmocka_unit_test(test_plain_text_as_parsed),
	};

	golden_dir = argc > 1 ? argv[1] : NULL;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
