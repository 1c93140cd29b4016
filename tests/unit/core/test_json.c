/*
 * test_json.c -- the streaming JSON writer (json.c): exact bytes of
 * compact and pretty output (the pretty layout is compared with
 * jansson's JSON_INDENT(1), which the feed used before), the escape of
 * every control character, U+2028/2029, bad UTF-8 and, for <script>,
 * < > &; every string read back by jansson's parser; misuse.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"

static struct arena *A;

static int
setup(void **state)
{
	(void)state;
	A = arena_new(1 << 20);
	return A == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

/* What the buffer holds; fails the test on a sticky error. */
static const char *
done(struct buf *b)
{
	struct str s;

	assert_int_equal(buf_finish(b, &s), NG_OK);
	return s.p;
}

/* The JSON text of one string value. */
static const char *
str_json(const char *s, size_t n, int flags)
{
	struct buf   b;
	struct jsonw w;

	buf_init(&b, A);
	jsonw_init(&w, &b, flags);
	jsonw_str(&w, (struct str){ s, n });
	return done(&b);
}

/* A document with every kind of value, nested. */
static void
sample(struct jsonw *w)
{
	jsonw_obj(w);
	jsonw_kcstr(w, "version", "https://jsonfeed.org/version/1.1");
	jsonw_kint(w, "n", -42);
	jsonw_key(w, "items");
	jsonw_arr(w);
	jsonw_obj(w);
	jsonw_kstr(w, "title", STR_LIT("A \"quoted\" title"));
	jsonw_key(w, "tags");
	jsonw_arr(w);
	jsonw_cstr(w, "one");
	jsonw_cstr(w, "two");
	jsonw_end(w);
	jsonw_key(w, "empty");
	jsonw_arr(w);
	jsonw_end(w);
	jsonw_key(w, "none");
	jsonw_obj(w);
	jsonw_end(w);
	jsonw_end(w);
	jsonw_bool(w, 1);
	jsonw_bool(w, 0);
	jsonw_null(w);
	jsonw_end(w);
	jsonw_end(w);
}

static void
test_compact(void **state)
{
	struct buf   b;
	struct jsonw w;

	(void)state;
	buf_init(&b, A);
	jsonw_init(&w, &b, 0);
	sample(&w);
	assert_string_equal(done(&b),
	    "{\"version\":\"https://jsonfeed.org/version/1.1\",\"n\":-42,"
	    "\"items\":[{\"title\":\"A \\\"quoted\\\" title\","
	    "\"tags\":[\"one\",\"two\"],\"empty\":[],\"none\":{}},"
	    "true,false,null]}");
}

/* The same document built by jansson and dumped as the feed did. */
static char *
sample_jansson(size_t flags)
{
	json_t *o, *items, *it, *tags;
	char   *s;

	o = json_object();
	json_object_set_new(o, "version",
	    json_string("https://jsonfeed.org/version/1.1"));
	json_object_set_new(o, "n", json_integer(-42));
	items = json_array();
	it = json_object();
	json_object_set_new(it, "title", json_string("A \"quoted\" title"));
	tags = json_array();
	json_array_append_new(tags, json_string("one"));
	json_array_append_new(tags, json_string("two"));
	json_object_set_new(it, "tags", tags);
	json_object_set_new(it, "empty", json_array());
	json_object_set_new(it, "none", json_object());
	json_array_append_new(items, it);
	json_array_append_new(items, json_true());
	json_array_append_new(items, json_false());
	json_array_append_new(items, json_null());
	json_object_set_new(o, "items", items);
	s = json_dumps(o, flags | JSON_PRESERVE_ORDER);
	json_decref(o);
	assert_non_null(s);
	return s;
}

static void
test_same_layout_as_jansson(void **state)
{
	struct buf   b;
	struct jsonw w;
	char	    *want;

	(void)state;
	buf_init(&b, A);
	jsonw_init(&w, &b, JSONW_PRETTY);
	sample(&w);
	want = sample_jansson(JSON_INDENT(1));
	assert_string_equal(done(&b), want);
	free(want);

	buf_init(&b, A);
	jsonw_init(&w, &b, 0);
	sample(&w);
	want = sample_jansson(JSON_COMPACT);
	assert_string_equal(done(&b), want);
	free(want);
}

/* Every control character, each alone: its one escape. */
static void
test_control_chars(void **state)
{
	static const char *named[32] = {
		['\b'] = "\"\\b\"",
		['\f'] = "\"\\f\"",
		['\n'] = "\"\\n\"",
		['\r'] = "\"\\r\"",
		['\t'] = "\"\\t\"",
	};
	char want[16];
	char c;
	int  i;

	(void)state;
	for (i = 0; i < 32; i++) {
		c = (char)i;
		if (named[i] != NULL)
			snprintf(want, sizeof(want), "%s", named[i]);
		else
			snprintf(want, sizeof(want), "\"\\u%04x\"", i);
		assert_string_equal(str_json(&c, 1, 0), want);
	}
	assert_string_equal(str_json("\"\\/\x7f", 4, 0), "\"\\\"\\\\/\x7f\"");
}

static void
test_line_separators(void **state)
{
	(void)state;
	/* U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR. */
	assert_string_equal(str_json("a\xe2\x80\xa8"
				     "b\xe2\x80\xa9",
				8, 0),
	    "\"a\\u2028b\\u2029\"");
	/* Their neighbours stay as they are. */
	assert_string_equal(str_json("\xe2\x80\xa7\xe2\x80\xaa", 6, 0),
	    "\"\xe2\x80\xa7\xe2\x80\xaa\"");
	assert_string_equal(str_json("caf\xc3\xa9 \xf0\x9f\x93\xb0", 10, 0),
	    "\"caf\xc3\xa9 \xf0\x9f\x93\xb0\"");
}

static void
test_bad_utf8(void **state)
{
	(void)state;
	assert_string_equal(str_json("a\xff"
				     "b",
				3, 0),
	    "\"a\\ufffdb\"");
	/* A truncated sequence: each of its bytes is replaced. */
	assert_string_equal(str_json("\xe2\x80", 2, 0), "\"\\ufffd\\ufffd\"");
	/* A surrogate, an overlong '/'. */
	assert_string_equal(str_json("\xed\xa0\x80", 3, 0),
	    "\"\\ufffd\\ufffd\\ufffd\"");
	assert_string_equal(str_json("\xc0\xaf", 2, 0), "\"\\ufffd\\ufffd\"");
}

/* Inside <script>: nothing can close the element or open a comment. */
static void
test_script(void **state)
{
	const char *s = "</script><!-- a & b --> ]]>";
	const char *out;

	(void)state;
	out = str_json(s, strlen(s), JSONW_SCRIPT);
	assert_string_equal(out,
	    "\"\\u003c/script\\u003e\\u003c!-- a \\u0026 b --\\u003e "
	    "]]\\u003e\"");
	assert_null(strchr(out, '<'));
	assert_null(strchr(out, '>'));
	assert_null(strchr(out, '&'));
	/* Without the flag they stay. */
	assert_string_equal(str_json("<p>&", 4, 0), "\"<p>&\"");
}

/*
 * Every byte value 1..127 and some multi-byte text, as one string: a
 * JSON parser reads back exactly the input (and NUL, with jansson's
 * JSON_ALLOW_NUL).
 */
static void
test_round_trip(void **state)
{
	char	     in[256];
	size_t	     n = 0;
	int	     c, flags;
	json_t	    *v;
	json_error_t e;
	const char  *out;

	(void)state;
	for (c = 0; c < 128; c++)
		in[n++] = (char)c;
	memcpy(in + n, "\xe2\x80\xa8\xe2\x80\xa9\xc3\xa9\xf0\x9f\x93\xb0", 12);
	n += 12;
	for (flags = 0; flags <= (JSONW_PRETTY | JSONW_SCRIPT); flags++) {
		out = str_json(in, n, flags);
		v = json_loads(out, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
		if (v == NULL)
			fail_msg("flags %d: %s: %s", flags, e.text, out);
		assert_int_equal(json_string_length(v), n);
		assert_memory_equal(json_string_value(v), in, n);
		json_decref(v);
	}
}

/* Members with no value or bad UTF-8 are left out, key and all. */
static void
test_members(void **state)
{
	struct buf   b;
	struct jsonw w;

	(void)state;
	buf_init(&b, A);
	jsonw_init(&w, &b, 0);
	jsonw_obj(&w);
	jsonw_kstr(&w, "null", STR_NULL);
	jsonw_kstr(&w, "bad", STR_LIT("x\xff"));
	jsonw_kcstr(&w, "nothing", NULL);
	jsonw_kstr(&w, "empty", STR_LIT(""));
	jsonw_kint(&w, "min", INT64_MIN);
	jsonw_kint(&w, "max", INT64_MAX);
	jsonw_key(&w, "c");
	jsonw_cstr(&w, NULL);
	jsonw_end(&w);
	assert_string_equal(done(&b),
	    "{\"empty\":\"\",\"min\":-9223372036854775808,"
	    "\"max\":9223372036854775807,\"c\":null}");
}

/* Each misuse leaves NG_EINVAL in the buf. */
static void
test_misuse(void **state)
{
	struct buf   b;
	struct jsonw w;
	struct str   s;
	int	     i, k;

	(void)state;
	for (k = 0; k < 6; k++) {
		buf_init(&b, A);
		jsonw_init(&w, &b, 0);
		switch (k) {
		case 0: /* a value in an object without a key */
			jsonw_obj(&w);
			jsonw_int(&w, 1);
			break;
		case 1: /* a key in an array */
			jsonw_arr(&w);
			jsonw_key(&w, "k");
			break;
		case 2: /* an end with nothing open */
			jsonw_end(&w);
			break;
		case 3: /* an end where a value is due */
			jsonw_obj(&w);
			jsonw_key(&w, "k");
			jsonw_end(&w);
			break;
		case 4: /* two keys in a row */
			jsonw_obj(&w);
			jsonw_key(&w, "k");
			jsonw_key(&w, "l");
			break;
		default: /* too deep */
			for (i = 0; i <= JSONW_DEPTH; i++)
				jsonw_arr(&w);
			break;
		}
		if (buf_finish(&b, &s) != NG_EINVAL)
			fail_msg("misuse %d not reported", k);
	}
	/* JSONW_DEPTH levels are fine. */
	buf_init(&b, A);
	jsonw_init(&w, &b, 0);
	for (i = 0; i < JSONW_DEPTH; i++)
		jsonw_arr(&w);
	for (i = 0; i < JSONW_DEPTH; i++)
		jsonw_end(&w);
	assert_int_equal(strlen(done(&b)), 2 * JSONW_DEPTH);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compact),
		cmocka_unit_test(test_same_layout_as_jansson),
		cmocka_unit_test(test_control_chars),
		cmocka_unit_test(test_line_separators),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_script),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_misuse),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
