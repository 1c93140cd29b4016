/*
 * test_pictures.c -- a body's images as <picture>s (src/media/pictures.c):
 * every variant in WebP and JPEG srcsets, width and height kept in the
 * image's ratio, a phone source without the 1600 px file, lazy after the
 * first, gallery sizes, and what is left alone (other sites' images,
 * unknown keys, tags that do not parse).
 */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "media/pictures.h"
#include "store/store.h"

#define KEY  "0123456789abcdef"
#define KEY2 "fedcba9876543210"

static int lookups;

/* KEY is a 3200x2400 photo, KEY2 a 700x350 graphic; nothing else. */
static enum ng_err
lookup(void *arg, struct str key, struct media *out)
{
	(void)arg;
	lookups++;
	memset(out, 0, sizeof(*out));
	out->mime = STR_LIT("image/jpeg");
	if (str_eqc(key, KEY)) {
		out->width = 3200;
		out->height = 2400;
		return NG_OK;
	}
	if (str_eqc(key, KEY2)) {
		out->width = 700;
		out->height = 350;
		return NG_OK;
	}
	return NG_ENOTFOUND;
}

static const char *
run(struct arena *a, struct media_pictures *pc, const char *html)
{
	struct buf b;
	struct str s;

	buf_init(&b, a);
	assert_int_equal(media_pictures_put(pc, str_c(html), &b), NG_OK);
	assert_int_equal(buf_finish(&b, &s), NG_OK);
	return s.p;
}

static int
count(const char *s, const char *what)
{
	int n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

static void
test_photo(void **state)
{
	struct arena	     *a = arena_new(1 << 20);
	struct media_pictures pc = { .lookup = lookup, .eager_first = 1 };
	const char	     *out;

	(void)state;
	out = run(a, &pc,
	    "<p>x</p><p><img src=\"/media/" KEY "/1600.jpg\" "
	    "alt=\"A &quot;quoted&quot; alt\" title=\"t\"></p>"
	    "<img src=\"/media/" KEY "/960.jpg\" alt=\"\" />");
	/* Two pictures, the text around kept. */
	assert_int_equal(count(out, "<picture>"), 2);
	assert_int_equal(count(out, "</picture>"), 2);
	assert_non_null(strstr(out, "<p>x</p><p><picture>"));
	/* Every variant, both formats; the ratio of 3200x2400 at 1600. */
	assert_non_null(strstr(out,
	    "srcset=\"/media/" KEY "/480.webp 480w, /media/" KEY
	    "/960.webp 960w, /media/" KEY "/1600.webp 1600w\""));
	assert_non_null(strstr(out,
	    "srcset=\"/media/" KEY "/480.jpg 480w, /media/" KEY
	    "/960.jpg 960w, /media/" KEY "/1600.jpg 1600w\""));
	assert_int_equal(count(out, "width=\"1600\" height=\"1200\""), 2);
	/* Phones: a source without 1600, for each format. */
	assert_non_null(strstr(out,
	    "<source media=\"(max-width: 40rem)\" type=\"image/webp\" "
	    "srcset=\"/media/" KEY "/480.webp 480w, /media/" KEY
	    "/960.webp 960w\" sizes=\"100vw\">"));
	assert_non_null(strstr(out,
	    "<source media=\"(max-width: 40rem)\" srcset=\"/media/" KEY
	    "/480.jpg 480w, /media/" KEY "/960.jpg 960w\" sizes=\"100vw\">"));
	/* The fallback src is the phone-sized one, never 1600. */
	assert_int_equal(count(out, "<img src=\"/media/" KEY "/960.jpg\""), 2);
	/* Escaped alt text copied as it was; other attributes kept. */
	assert_non_null(strstr(out, "alt=\"A &quot;quoted&quot; alt\""));
	assert_non_null(strstr(out, "title=\"t\""));
	assert_non_null(strstr(out, "alt=\"\""));
	/* The first is eager, the second lazy. */
	assert_int_equal(count(out, "loading=\"lazy\""), 1);
	assert_true(
	    strstr(out, "loading=\"lazy\"") > strstr(out, "</picture>"));
	arena_free(a);
}

static void
test_small_gallery_lazy(void **state)
{
	struct arena	     *a = arena_new(1 << 20);
	struct media_pictures pc = { .lookup = lookup, .eager_first = 0 };
	const char	     *out;

	(void)state;
	out = run(a, &pc,
	    "<ul class=\"sc-gallery\"><li><figure><img src=\"/media/" KEY2
	    "/700.jpg\" alt=\"g\" loading=\"lazy\"></figure></li></ul>"
	    "<p><img src=\"/media/" KEY2 "/480.webp\" alt=\"b\"></p>");
	/* 700 px wide: 480 and 700, no phone source (nothing to leave). */
	assert_int_equal(count(out, "media=\""), 0);
	assert_non_null(strstr(out,
	    "srcset=\"/media/" KEY2 "/480.jpg 480w, /media/" KEY2
	    "/700.jpg 700w\""));
	assert_int_equal(count(out, "width=\"700\" height=\"350\""), 2);
	/* A featured image above: all lazy, the old attribute not doubled. */
	assert_int_equal(count(out, "loading=\"lazy\""), 2);
	/* The gallery's cells are narrower than the column. */
	assert_int_equal(count(out, "sizes=\"(max-width: 30rem) 50vw, 14rem\""),
	    2);
	assert_int_equal(count(out,
			     "sizes=\"(max-width: 44rem) 100vw, 42rem\""),
	    2);
	arena_free(a);
}

static void
test_left_alone(void **state)
{
	static const char *const keep[] = {
		"<img src=\"https://example.com/media/" KEY "/1600.jpg\">",
		"<img src=\"/media/" KEY "/../etc/passwd\">",
		"<img src=\"/media/00000000000000aa/1600.jpg\" alt=\"gone\">",
		"<img src=\"/media/" KEY "/1600.jpg\" alt=\"unterminated>",
		"<img alt=\"no src\">",
		"<imgx src=\"/media/" KEY "/1600.jpg\">",
		"<p>a < b and <em>c</em></p>",
		"<img",
		"",
	};
	struct arena	     *a = arena_new(1 << 20);
	struct media_pictures pc = { .lookup = lookup };
	size_t		      i;

	(void)state;
	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		assert_string_equal(run(a, &pc, keep[i]), keep[i]);
	arena_free(a);
}

/* An audio file under the key is not a picture. */
static enum ng_err
lookup_audio(void *arg, struct str key, struct media *out)
{
	(void)arg;
	(void)key;
	memset(out, 0, sizeof(*out));
	out->mime = STR_LIT("audio/mpeg");
	return NG_OK;
}

static enum ng_err
lookup_down(void *arg, struct str key, struct media *out)
{
	(void)arg;
	(void)key;
	(void)out;
	return NG_EDB;
}

static void
test_not_images(void **state)
{
	struct arena	     *a = arena_new(1 << 20);
	struct media_pictures pc = { .lookup = lookup_audio };
	struct buf	      b;
	const char	     *in = "<img src=\"/media/" KEY "/1600.jpg\">";

	(void)state;
	assert_string_equal(run(a, &pc, in), in);
	/* A store error is the caller's, not a silently plain page. */
	pc.lookup = lookup_down;
	buf_init(&b, a);
	assert_int_equal(media_pictures_put(&pc, str_c(in), &b), NG_EDB);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_photo),
		cmocka_unit_test(test_small_gallery_lazy),
		cmocka_unit_test(test_left_alone),
		cmocka_unit_test(test_not_images),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
