/*
 * test_shortcode.c -- the shortcode parser (pure, table-driven) and the
 * markers the save-time renderer writes.
 *
 * Each case is an input and the nodes expected, written compactly:
 *   T'text'             kept text (for "[[x]]" the text is "[x]")
 *   C:name{k=v,=pos}    a shortcode with its attributes ("=v": positional)
 *   C:name{...}<raw>    an enclosing one and its raw content
 *   B:name@line         a broken shortcode (renders as nothing)
 * separated by single spaces.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "content/shortcode.h"

static const struct {
	const char *in;
	const char *want;
} cases[] = {
	/* Plain text and prose brackets stay text. */
	{ "", "" },
	{ "no brackets", "T'no brackets'" },
	{ "he said [sic] it", "T'he said [sic] it'" },
	{ "see [1] and [citation needed]", "T'see [1] and [citation needed]'" },
	{ "[link](http://x) and [ref][1]", "T'[link](http://x) and [ref][1]'" },
	{ "[caption][ad slot=x][/caption]", "C:caption{}<[ad slot=x]>" },
	{ "[gallery](http://x)", "T'[gallery](http://x)'" },
	{ "a [ b ] c", "T'a [ b ] c'" },
	{ "[a=b]", "T'[a=b]'" },
	/* Self-closing, quoting styles, positional values. */
	{ "[slider id=3]", "C:slider{id=3}" },
	{ "[slider id=\"3\"]", "C:slider{id=3}" },
	{ "[slider id='3']", "C:slider{id=3}" },
	{ "[SLIDER ID=\"3\"]", "C:SLIDER{id=3}" },
	{ "[soliloquy id=\"31272\"]", "C:soliloquy{id=31272}" },
	{ "x [related id=7] y", "T'x ' C:related{id=7} T' y'" },
	{ "[ad slot=\"top\" /]", "C:ad{slot=top}" },
	{ "[ad \"top\" other]", "C:ad{=top,=other}" },
	{ "[gallery ids=\"1, 2,3\"]", "C:gallery{ids=1, 2,3}" },
	{ "[ad slot=\"a]b\"]", "C:ad{slot=a]b}" },
	/* Unknown names are shortcodes only with key=value or "/]". */
	{ "[foo bar=1]", "C:foo{bar=1}" },
	{ "[foo/]", "C:foo{}" },
	{ "[foo]", "T'[foo]'" },
	/* Enclosing. */
	{ "[caption]![a](/i.png) Cap[/caption]",
	    "C:caption{}<![a](/i.png) Cap>" },
	{ "[embed]https://youtu.be/abc[/embed]",
	    "C:embed{}<https://youtu.be/abc>" },
	{ "[caption]a[caption]b[/caption]c[/caption]",
	    "C:caption{}<a[caption]b> T'c' B:caption@1" },
	{ "[Caption]x[/CAPTION]", "C:Caption{}<x>" },
	/* [audio], [video], [playlist]: enclosing only with a closer. */
	{ "[audio src=\"/a.mp3\"]", "C:audio{src=/a.mp3}" },
	{ "[video mp4=\"/v.mp4\"][/video]", "C:video{mp4=/v.mp4}<>" },
	{ "[audio src=a][audio src=b][/audio]",
	    "C:audio{src=a} C:audio{src=b}<>" },
	{ "[wp_caption]x[/wp_caption]", "C:wp_caption{}<x>" },
	{ "[wp_caption]x[/caption]", "B:wp_caption@1 T'x' B:caption@1" },
	/* Escapes. */
	{ "[[slider id=1]]", "T'[slider id=1]'" },
	{ "[[foo]]", "T'[[foo]]'" },
	{ "[[[slider id=1]]]", "T'[' T'[slider id=1]' T']'" },
	/* Malformed and unclosed: broken, nothing of them kept. */
	{ "[slider id=\"3]", "B:slider@1" },
	{ "[slider id=\"3] tail", "B:slider@1 T' tail'" },
	{ "[slider id=3", "B:slider@1" },
	{ "a\n[slider id=3\nb", "T'a\n' B:slider@2 T'\nb'" },
	{ "[caption]no end", "B:caption@1 T'no end'" },
	{ "x[/caption]y", "T'x' B:caption@1 T'y'" },
	{ "[/foo]", "B:foo@1" },
	{ "[slider id=\"1\"x]", "B:slider@1" },
	{ "[slider id=a\"b]", "B:slider@1" },
	{ "[foo bar=\"x]", "B:foo@1" },
	{ "[/slider id=1]", "B:slider@1" },
	{ "l1\nl2\n\n[ad slot=x", "T'l1\nl2\n\n' B:ad@4" },
	/* Bare video URLs alone on their line. */
	{ "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
	    "C:video{}<https://www.youtube.com/watch?v=dQw4w9WgXcQ>" },
	{ "a\nhttps://vimeo.com/12345\nb",
	    "T'a\n' C:video{}<https://vimeo.com/12345> T'\nb'" },
	{ "see https://youtu.be/abc here", "T'see https://youtu.be/abc here'" },
	{ "https://example.com/watch?v=x", "T'https://example.com/watch?v=x'" },
	{ "https://vimeo.com/abc", "T'https://vimeo.com/abc'" },
};

static void
describe(const struct shortcode_doc *d, struct buf *b)
{
	const struct shortcode_node *nd;
	size_t			     i, k;

	for (i = 0; i < d->n; i++) {
		nd = &d->v[i];
		if (i > 0)
			buf_putc(b, ' ');
		switch (nd->type) {
		case SHORTCODE_NODE_TEXT:
			buf_printf(b, "T'%.*s'", (int)nd->text.n, nd->text.p);
			break;
		case SHORTCODE_NODE_CODE:
			if (nd->kind == SHORTCODE_VIDEO_URL) {
				buf_printf(b, "C:video{}<%.*s>",
				    (int)nd->content.n, nd->content.p);
				break;
			}
			buf_printf(b, "C:%.*s{", (int)nd->name.n, nd->name.p);
			for (k = 0; k < nd->nattrs; k++)
				buf_printf(b, "%s%.*s=%.*s", k ? "," : "",
				    (int)nd->attrs[k].name.n,
				    nd->attrs[k].name.p,
				    (int)nd->attrs[k].value.n,
				    nd->attrs[k].value.p);
			buf_putc(b, '}');
			if (nd->enclosing)
				buf_printf(b, "<%.*s>", (int)nd->content.n,
				    nd->content.p);
			break;
		case SHORTCODE_NODE_BROKEN:
			buf_printf(b, "B:%.*s@%u", (int)nd->name.n, nd->name.p,
			    nd->line);
			break;
		}
	}
}

/* Nodes cover the input exactly, in order. */
static void
assert_covers(const struct shortcode_doc *d, const char *in, size_t n)
{
	size_t i, at = 0;

	for (i = 0; i < d->n; i++) {
		assert_ptr_equal(d->v[i].src.p, in + at);
		at += d->v[i].src.n;
	}
	assert_int_equal(at, n);
}

static void
test_cases(void **state)
{
	struct shortcode_doc d;
	struct arena	    *a;
	struct buf	     b;
	struct str	     got;
	size_t		     i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		a = arena_new(1 << 20);
		assert_int_equal(shortcode_parse(a, cases[i].in,
				     strlen(cases[i].in), 1, &d),
		    NG_OK);
		assert_covers(&d, cases[i].in, strlen(cases[i].in));
		buf_init(&b, a);
		describe(&d, &b);
		assert_int_equal(buf_finish(&b, &got), NG_OK);
		if (!str_eqc(got, cases[i].want))
			fail_msg("case %zu: %s\n got: %.*s\nwant: %s", i,
			    cases[i].in, (int)got.n, got.p, cases[i].want);
		arena_free(a);
	}
}

/* Line numbers count from first_line. */
static void
test_lines(void **state)
{
	const char	    *in = "a\nb\n[x y=1]\n\n[slider id=\"2]";
	struct shortcode_doc d;
	struct arena	    *a = arena_new(1 << 16);

	(void)state;
	assert_int_equal(shortcode_parse(a, in, strlen(in), 10, &d), NG_OK);
	assert_int_equal(d.ncodes, 2);
	assert_int_equal(d.v[1].line, 12);
	assert_int_equal(d.v[3].line, 14);
	arena_free(a);
}

/* Limits: huge attributes, many attributes, many shortcodes. */
static void
test_limits(void **state)
{
	struct shortcode_doc d;
	struct arena	    *a = arena_new(64 << 20);
	char		    *in;
	size_t		     n, i;

	(void)state;
	/* A value longer than a tag may be: broken, and covered. */
	n = SHORTCODE_TAG_MAX * 4;
	in = malloc(n + 32);
	memcpy(in, "[slider id=\"", 12);
	memset(in + 12, '9', n - 14);
	memcpy(in + n - 2, "\"]", 2);
	assert_int_equal(shortcode_parse(a, in, n, 1, &d), NG_OK);
	assert_covers(&d, in, n);
	assert_int_equal(d.v[0].type, SHORTCODE_NODE_BROKEN);
	for (i = 0; i < d.n; i++)
		if (d.v[i].type == SHORTCODE_NODE_TEXT)
			assert_null(memchr(d.v[i].text.p, '[', d.v[i].text.n));
	free(in);

	/* Just under the tag limit parses. */
	n = SHORTCODE_TAG_MAX;
	in = malloc(n);
	memcpy(in, "[ad slot=\"", 10);
	memset(in + 10, 'x', n - 12);
	memcpy(in + n - 2, "\"]", 2);
	assert_int_equal(shortcode_parse(a, in, n, 1, &d), NG_OK);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].type, SHORTCODE_NODE_CODE);
	assert_int_equal(d.v[0].attrs[0].value.n, n - 12);
	free(in);

	/* Seventeen attributes is too many. */
	in = strdup("[ad a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8 i=9 j=10 k=11 "
		    "l=12 m=13 n=14 o=15 p=16 q=17]");
	assert_int_equal(shortcode_parse(a, in, strlen(in), 1, &d), NG_OK);
	assert_int_equal(d.v[0].type, SHORTCODE_NODE_BROKEN);
	free(in);

	/* More than SHORTCODE_MAX shortcodes: refused as a whole. */
	n = (SHORTCODE_MAX + 1) * 12;
	in = malloc(n + 1);
	for (i = 0; i <= SHORTCODE_MAX; i++)
		memcpy(in + i * 12, "[ad slot=x]\n", 12);
	assert_int_equal(shortcode_parse(a, in, n, 1, &d), NG_ETOOBIG);
	assert_int_equal(shortcode_parse(a, in, n - 12, 1, &d), NG_OK);
	assert_int_equal(d.ncodes, SHORTCODE_MAX);
	free(in);
	arena_free(a);
}

/* 10,000 brackets of every shape parse quickly and lose nothing. */
static void
test_brackets(void **state)
{
	static const char *const units[] = {
		"[",
		"]",
		"[[",
		"]]",
		"[/",
		"[caption]",
		"[/caption]",
		"[embed]",
		"[x",
		"[slider",
		"[slider id=\"",
	};
	struct shortcode_doc d;
	struct arena	    *a;
	char		    *in;
	size_t		     u, i, n, len;
	enum ng_err	     err;

	(void)state;
	for (u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		len = strlen(units[u]);
		n = 10000 * len;
		in = malloc(n);
		for (i = 0; i < 10000; i++)
			memcpy(in + i * len, units[u], len);
		a = arena_new(256 << 20);
		err = shortcode_parse(a, in, n, 1, &d);
		assert_true(err == NG_OK || err == NG_ETOOBIG);
		if (err == NG_OK)
			assert_covers(&d, in, n);
		arena_free(a);
		free(in);
	}
}

static void
test_kinds_and_video(void **state)
{
	const char *prov;
	struct str  id;

	(void)state;
	assert_int_equal(shortcode_kind_of(STR_LIT("Soliloquy")),
	    SHORTCODE_SOLILOQUY);
	/* [video] is the tag; a bare URL's kind is never a tag's. */
	assert_int_equal(shortcode_kind_of(STR_LIT("video")), SHORTCODE_VIDEO);
	assert_int_equal(shortcode_kind_of(STR_LIT("wp_caption")),
	    SHORTCODE_CAPTION);
	assert_int_equal(shortcode_kind_of(STR_LIT("PLAYLIST")),
	    SHORTCODE_PLAYLIST);
	assert_string_equal(shortcode_kind_name(SHORTCODE_AD), "ad");
	assert_true(shortcode_video_url(
	    STR_LIT("https://www.youtube.com/watch?v=a_b-C&t=3"), &prov, &id));
	assert_string_equal(prov, "youtube");
	assert_true(str_eqc(id, "a_b-C"));
	assert_true(shortcode_video_url(STR_LIT("http://player.vimeo.com/"
						"video/42"),
	    &prov, &id));
	assert_true(str_eqc(id, "42"));
	assert_false(
	    shortcode_video_url(STR_LIT("https://youtu.be/a\"onerror=x"), &prov,
		&id));
	assert_false(
	    shortcode_video_url(STR_LIT("javascript:alert(1)"), &prov, &id));
}

static void
test_marker(void **state)
{
	struct shortcode_marker m;

	(void)state;
	assert_true(
	    shortcode_marker_parse(STR_LIT("<ng-sc k=\"slider\" "
					   "id=\"12\"><p>x</p></ng-sc> after"),
		&m));
	assert_true(str_eqc(m.kind, "slider"));
	assert_int_equal(m.id, 12);
	assert_true(str_eqc(m.fallback, "<p>x</p>"));
	assert_int_equal(m.len,
	    strlen("<ng-sc k=\"slider\" id=\"12\">"
		   "<p>x</p></ng-sc>"));
	assert_true(shortcode_marker_parse(STR_LIT("<ng-sc k=\"ad\" "
						   "v=\"top\"></ng-sc>"),
	    &m));
	assert_true(str_eqc(m.v, "top"));
	assert_int_equal(m.id, 0);
	assert_false(shortcode_marker_parse(STR_LIT("<ng-sc k=\"ad\">"), &m));
	assert_false(shortcode_marker_parse(STR_LIT("<ng-sc id=\"1\">"
						    "</ng-sc>"),
	    &m));
	assert_false(shortcode_marker_parse(STR_LIT("<ng-sc k=\"x\" "
						    "id=\"1a\"></ng-sc>"),
	    &m));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_brackets),
		cmocka_unit_test(test_kinds_and_video),
		cmocka_unit_test(test_marker),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
