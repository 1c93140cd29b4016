/*
 * test_php_meta.c -- values out of PHP-serialized attachment metadata:
 * what WordPress writes for images, audio and video, and what a broken
 * or hostile field must not get past.
 */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "import/php_meta.h"

static char got[256];

/* The field as a C string ("(none)" when absent), for the asserts. */
static const char *
field(const char *ser, const char *key)
{
	struct str v = php_meta_field(str_c(ser), key);

	if (v.p == NULL)
		return "(none)";
	snprintf(got, sizeof(got), "%.*s", (int)v.n, v.p);
	return got;
}

/* An image's metadata as WordPress 6 writes it: sizes nested inside. */
static const char image
    [] = "a:6:{s:5:\"width\";i:1600;s:6:\"height\";i:900;"
	 "s:4:\"file\";s:20:\"2020/01/harbour.jpeg\";s:8:\"filesize\";i:183220;"
	 "s:5:\"sizes\";a:1:{s:9:\"thumbnail\";a:4:{s:4:\"file\";"
	 "s:19:\"harbour-150x150.jpg\";s:5:\"width\";i:150;s:6:\"height\";"
	 "i:150;s:9:\"mime-type\";s:10:\"image/jpeg\";}}"
	 "s:10:\"image_meta\";a:3:{s:8:\"aperture\";s:1:\"0\";s:7:\"caption\";"
	 "s:0:\"\";s:11:\"orientation\";s:1:\"0\";}}";

static void
test_image(void **state)
{
	(void)state;
	assert_string_equal(field(image, "width"), "1600");
	assert_string_equal(field(image, "height"), "900");
	assert_string_equal(field(image, "file"), "2020/01/harbour.jpeg");
	/* Only the top level: a thumbnail's mime-type is not the file's. */
	assert_string_equal(field(image, "mime-type"), "(none)");
	assert_string_equal(field(image, "aperture"), "(none)");
	/* An array is not a value. */
	assert_string_equal(field(image, "sizes"), "(none)");
	assert_int_equal(php_meta_int(php_meta_field(str_c(image), "width")),
	    1600);
}

static void
test_audio(void **state)
{
	const char
	    *audio = "a:9:{s:8:\"filesize\";i:5130031;s:9:\"mime_type\";"
		     "s:10:\"audio/mpeg\";s:6:\"length\";i:320;"
		     "s:16:\"length_formatted\";s:4:\"5:20\";s:7:\"bitrate\";"
		     "d:128000.5;s:6:\"artist\";s:12:\"Caf\xc3\xa9 \"Noir\"\";"
		     "s:5:\"album\";N;s:8:\"lossless\";b:0;s:2:\"id\";"
		     "O:8:\"stdClass\":1:{s:1:\"x\";i:1;}}";

	(void)state;
	assert_string_equal(field(audio, "mime_type"), "audio/mpeg");
	assert_string_equal(field(audio, "length"), "320");
	/* A string is its length's bytes: quotes inside are not its end. */
	assert_string_equal(field(audio, "artist"), "Caf\xc3\xa9 \"Noir\"");
	assert_string_equal(field(audio, "bitrate"), "128000.5");
	assert_int_equal(php_meta_int(php_meta_field(str_c(audio), "bitrate")),
	    128000);
	assert_string_equal(field(audio, "lossless"), "0");
	assert_string_equal(field(audio, "album"), "(none)");
	assert_string_equal(field(audio, "id"), "(none)");
}

/*
 * A key's text inside another value is not the key: the old search for
 * the bytes s:5:"width"; found it in a caption.
 */
static void
test_key_inside_a_value(void **state)
{
	const char *ser = "a:2:{s:7:\"caption\";s:16:\"s:5:\"width\";i:9;\";"
			  "s:5:\"width\";i:640;}";

	(void)state;
	assert_string_equal(field(ser, "width"), "640");
	assert_string_equal(field("a:1:{s:7:\"caption\";s:16:\"s:5:\"width\";"
				  "i:9;\";}",
				"width"),
	    "(none)");
}

/* Integer keys, objects, custom objects, references and enums step by. */
static void
test_every_kind(void **state)
{
	const char *ser =
	    "a:7:{i:0;s:1:\"a\";i:-4;a:0:{}s:1:\"o\";O:3:\"Foo\":1:{s:1:\"p\";"
	    "a:1:{i:0;i:1;}}s:1:\"c\";C:11:\"ArrayObject\":5:{x:i:0}"
	    "s:1:\"r\";r:1;s:1:\"e\";E:9:\"Suit:Club\";s:3:\"end\";d:-INF;}";

	(void)state;
	assert_string_equal(field(ser, "end"), "-INF");
	assert_string_equal(field(ser, "e"), "Suit:Club");
	assert_string_equal(field(ser, "r"), "(none)");
	assert_int_equal(php_meta_int(str_c("-INF")), 0);
	assert_int_equal(php_meta_int(str_c("-3")), 0);
	assert_int_equal(php_meta_int(str_c("1234567890123")), 0);
	assert_int_equal(php_meta_int(str_c("12x")), 0);
}

/* Broken fields give nothing and read nothing past their end. */
static void
test_malformed(void **state)
{
	static const char *const bad[] = {
		"", "a", "a:1:{", "a:1:{s:5:\"width\";",
		"a:1:{s:5:\"width\";i:640",	     /* no ';' */
		"a:1:{s:50:\"width\";i:640;}",	     /* length past the end */
		"a:1:{s:5:\"wid\";i:640;}",	     /* length wrong */
		"a:9999999999:{s:5:\"width\";i:1;}", /* too many digits */
		"s:5:\"width\";i:640;",		     /* not an array */
		"a:2:{s:1:\"x\";Z:1;s:5:\"width\";i:1;}", /* unknown type */
		"a:1:{d:1.5;i:1;}",			  /* a float key */
		"a:1:{s:1:\"x\";C:3:\"Foo\":90:{ab}}", /* custom past the end */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_string_equal(field(bad[i], "width"), "(none)");
	/* A value found before the damage is still found. */
	assert_string_equal(field("a:2:{s:5:\"width\";i:7;s:1:\"x\";", "width"),
	    "7");
	assert_null(php_meta_field(STR_NULL, "width").p);
}

/* Nesting deeper than the bound is malformed, and costs no stack. */
static void
test_depth(void **state)
{
	static char deep[64 * 1024];
	size_t	    n = 0, i, levels = 5000;

	(void)state;
	n += (size_t)snprintf(deep + n, sizeof(deep) - n, "a:2:{s:1:\"x\";");
	for (i = 0; i < levels; i++)
		n += (size_t)snprintf(deep + n, sizeof(deep) - n, "a:1:{i:0;");
	n += (size_t)snprintf(deep + n, sizeof(deep) - n, "i:1;");
	for (i = 0; i < levels; i++)
		deep[n++] = '}';
	n += (size_t)snprintf(deep + n, sizeof(deep) - n,
	    "s:5:\"width\";i:9;}");
	assert_string_equal(field(deep, "width"), "(none)");
	/* Within the bound it steps over the nesting and finds the key. */
	n = 0;
	n += (size_t)snprintf(deep + n, sizeof(deep) - n, "a:2:{s:1:\"x\";");
	for (i = 0; i < PHP_META_DEPTH_MAX - 1; i++)
		n += (size_t)snprintf(deep + n, sizeof(deep) - n, "a:1:{i:0;");
	n += (size_t)snprintf(deep + n, sizeof(deep) - n, "i:1;");
	for (i = 0; i < PHP_META_DEPTH_MAX - 1; i++)
		deep[n++] = '}';
	snprintf(deep + n, sizeof(deep) - n, "s:5:\"width\";i:9;}");
	assert_string_equal(field(deep, "width"), "9");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_image),
		cmocka_unit_test(test_audio),
		cmocka_unit_test(test_key_inside_a_value),
		cmocka_unit_test(test_every_kind),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_depth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
