/*
 * test_wxr_write.c -- what the exporter writes is read back by the
 * importer's own reader byte for byte: "]]>" inside CDATA, characters
 * XML forbids, bytes that are not UTF-8.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/wxr.h"
#include "import/wxr_write.h"

struct got {
	char   title[256];
	char   content[256];
	char   link[256];
	size_t items;
};

static enum ng_err
on_item(void *arg, const struct wxr_item *it)
{
	struct got *g = arg;

	snprintf(g->title, sizeof(g->title), "%.*s", (int)it->title.n,
	    it->title.p);
	snprintf(g->content, sizeof(g->content), "%.*s", (int)it->content.n,
	    it->content.p);
	snprintf(g->link, sizeof(g->link), "%.*s", (int)it->link.n, it->link.p);
	g->items++;
	return NG_OK;
}

/* One item written with the writer, read back with the reader. */
static void
round_trip(const char *title, const char *content, const char *link,
    struct got *g)
{
	struct wxr_handler h = { 0 };
	struct wxr_error   e;
	char		  *doc = NULL;
	size_t		   n = 0;
	FILE		  *f;

	assert_non_null(f = open_memstream(&doc, &n));
	fputs(
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<rss version=\"2.0\" "
	    "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
	    "xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n"
	    "<wp:wxr_version>1.2</wp:wxr_version>\n<item>\n",
	    f);
	wxw_el(f, 2, "title", str_c(title));
	wxw_el(f, 2, "content:encoded", str_c(content));
	wxw_el_text(f, 2, "link", str_c(link));
	wxw_el_i64(f, 2, "wp:post_id", 7);
	fputs("</item>\n</channel>\n</rss>\n", f);
	assert_int_equal(fclose(f), 0);
	memset(g, 0, sizeof(*g));
	h.arg = g;
	h.item = on_item;
	if (wxr_read_mem(doc, n, &h, &e) != NG_OK)
		fail_msg("reader refused the writer's output: %s\n%s", e.msg,
		    doc);
	free(doc);
	assert_int_equal(g->items, 1);
}

static void
test_cdata_end(void **state)
{
	static const char *const cases[] = {
		"a]]>b",
		"]]>",
		"]]>]]>",
		"x]]]>y",
		"]]",
		"]",
		">]]>>",
		"ends with ]]",
		"<p>html &amp; stuff</p>",
		"",
	};
	struct got g;
	size_t	   i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		round_trip(cases[i], cases[i], cases[i], &g);
		assert_string_equal(g.title, cases[i]);
		assert_string_equal(g.content, cases[i]);
		assert_string_equal(g.link, cases[i]);
	}
}

static void
test_bad_chars(void **state)
{
	struct got g;

	(void)state;
	/* Controls but tab, newline and CR dropped; so U+FFFE and U+FFFF. */
	round_trip("a\x01"
		   "b\x1f"
		   "c\td\x7f",
	    "x\xef\xbf\xbey\xef\xbf\xbfz",
	    "\x0b"
	    "l",
	    &g);
	assert_string_equal(g.title,
	    "ab"
	    "c\td\x7f");
	assert_string_equal(g.content, "xyz");
	assert_string_equal(g.link, "l");
	/* Bytes that are not UTF-8 become U+FFFD; good UTF-8 stays. */
	round_trip("caf\xe9", "\xc3\xa9t\xc3\xa9 \xf0\x9f\x93\xb0 \xed\xa0\x80",
	    "\xff", &g);
	assert_string_equal(g.title, "caf\xef\xbf\xbd");
	assert_string_equal(g.content,
	    "\xc3\xa9t\xc3\xa9 \xf0\x9f\x93\xb0 "
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	assert_string_equal(g.link, "\xef\xbf\xbd");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cdata_end),
		cmocka_unit_test(test_bad_chars),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
