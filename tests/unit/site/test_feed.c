/*
 * test_feed.c -- the feed writers and what they share, as pure
 * functions: XML text escaping, RFC 822 and RFC 3339 dates, the RSS,
 * Atom and JSON Feed documents of a small model with hostile text, and
 * the sitemap split arithmetic.
 */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "site/discovery.h"
#include "site/feed.h"
#include "store/store.h"

static void
test_xml_text(void **state)
{
	static const struct {
		const char *in;
		size_t	    n; /* 0: strlen */
		const char *want;
	} cases[] = {
		{ "plain", 0, "plain" },
		{ "a & b", 0, "a &amp; b" },
		{ "<script>\"x\"</script>", 0,
		    "&lt;script&gt;&quot;x&quot;&lt;/script&gt;" },
		{ "it's", 0, "it&apos;s" },
		{ "]]>", 0, "]]&gt;" },
		{ "tab\tnl\ncr\r", 0, "tab\tnl\ncr\r" },
		{ "bell\a esc\x1b nul", 0, "bell esc nul" },
		{ "a\0b", 3, "ab" },
		{ "\xef\xbf\xbe\xef\xbf\xbfok", 0, "ok" }, /* U+FFFE/F */
		{ "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d", 0,
		    "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d" },
		{ "\xef\xbf", 0, "\xef\xbf" }, /* truncated: kept as is */
		{ "", 0, "" },
	};
	struct arena *a = arena_new(1 << 20);
	struct buf    b;
	struct str    out;
	size_t	      i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_init(&b, a);
		feed_xml_text(&b,
		    (struct str){ cases[i].in,
			cases[i].n > 0 ? cases[i].n : strlen(cases[i].in) });
		assert_int_equal(buf_finish(&b, &out), NG_OK);
		if (out.n != strlen(cases[i].want) ||
		    memcmp(out.p, cases[i].want, out.n) != 0)
			fail_msg("case %zu: got \"%.*s\", want \"%s\"", i,
			    (int)out.n, out.p, cases[i].want);
	}
	arena_free(a);
}

static void
test_dates(void **state)
{
	static const struct {
		int64_t	    t;
		int	    ok;
		const char *rfc822;
		const char *rfc3339;
	} cases[] = {
		{ 1714039200, 1, "Thu, 25 Apr 2024 10:00:00 +0000",
		    "2024-04-25T10:00:00Z" },
		{ 0, 1, "Thu, 01 Jan 1970 00:00:00 +0000",
		    "1970-01-01T00:00:00Z" },
		{ 951782400, 1, "Tue, 29 Feb 2000 00:00:00 +0000",
		    "2000-02-29T00:00:00Z" },
		{ 253402300799LL, 1, "Fri, 31 Dec 9999 23:59:59 +0000",
		    "9999-12-31T23:59:59Z" },
		{ -1, 0, "Thu, 01 Jan 1970 00:00:00 +0000",
		    "1970-01-01T00:00:00Z" },
		{ 253402300800LL, 0, "Thu, 01 Jan 1970 00:00:00 +0000",
		    "1970-01-01T00:00:00Z" },
	};
	char   d[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(feed_date_822(cases[i].t, d, sizeof(d)),
		    cases[i].ok);
		assert_string_equal(d, cases[i].rfc822);
		assert_int_equal(feed_date_3339(cases[i].t, d, sizeof(d)),
		    cases[i].ok);
		assert_string_equal(d, cases[i].rfc3339);
	}
}

static struct str cats[] = { { "World", 5 }, { "R&D <lab>", 9 } };

static void
model(struct feed *f, struct feed_item *it, int full)
{
	memset(f, 0, sizeof(*f));
	memset(it, 0, sizeof(*it));
	f->title = STR_LIT("The <Daily> & Co");
	f->description = STR_LIT("News\x01 that fits");
	f->home_url = "http://example.test/";
	f->self_url = "http://example.test/feed/?a=1&b=2";
	f->language = "en";
	f->updated = 1714039200;
	f->items = it;
	f->nitems = 1;
	it->id = "http://example.test/?p=7";
	it->url = "http://example.test/2024/04/slug/";
	it->title = STR_LIT("Troops \"leave\" </title>");
	it->summary = STR_LIT("A dek & more");
	if (full)
		it->content = safe_html_trust(
		    STR_LIT("<p>Body <script>x</script>]]></p>"));
	it->published = 1714039200;
	it->updated = 1714042800;
	it->author = STR_LIT("Jane Doe");
	it->author_url = "http://example.test/author/jane/";
	it->categories = cats;
	it->ncategories = 2;
	it->image_url = "http://example.test/media/a.jpg";
	it->image_type = "image/jpeg";
}

static const char *
render(struct arena *a, const struct feed_format *fmt, int full)
{
	struct feed	 f;
	struct feed_item it;
	struct buf	 b;
	struct str	 out;

	model(&f, &it, full);
	buf_init(&b, a);
	fmt->write(&f, &b);
	assert_int_equal(buf_finish(&b, &out), NG_OK);
	return out.p;
}

static void
has(const char *doc, const char *const *want)
{
	for (; *want != NULL; want++)
		if (strstr(doc, *want) == NULL)
			fail_msg("lacks %s in:\n%s", *want, doc);
}

static void
test_rss(void **state)
{
	static const char *const want[] = {
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<rss version=\"2.0\"",
		/* Readers take RSS titles and descriptions as HTML: text
		 * is escaped for HTML, then for XML. */
		"<title>The &amp;lt;Daily&amp;gt; &amp;amp; Co</title>",
		"<description>News that fits</description>",
		"<atom:link rel=\"self\" type=\"application/rss+xml\" "
		"href=\"http://example.test/feed/?a=1&amp;b=2\"/>",
		"<lastBuildDate>Thu, 25 Apr 2024 10:00:00 +0000"
		"</lastBuildDate>",
		"<title>Troops &amp;quot;leave&amp;quot; &amp;lt;/title&amp;gt;"
		"</title>",
		"<guid isPermaLink=\"false\">http://example.test/?p=7</guid>",
		"<pubDate>Thu, 25 Apr 2024 10:00:00 +0000</pubDate>",
		"<dc:creator>Jane Doe</dc:creator>",
		"<category>R&amp;D &lt;lab&gt;</category>",
		"<content:encoded>&lt;p&gt;Body &lt;script&gt;x&lt;/script&gt;"
		"]]&gt;&lt;/p&gt;</content:encoded>",
		"<enclosure url=\"http://example.test/media/a.jpg\" "
		"length=\"0\" type=\"image/jpeg\"/>\n"
		"<media:content url=\"http://example.test/media/a.jpg\" "
		"type=\"image/jpeg\" medium=\"image\"/>",
		"xmlns:media=\"http://search.yahoo.com/mrss/\"",
		"</channel>\n</rss>\n",
		NULL,
	};
	struct arena *a = arena_new(1 << 20);
	const char   *doc;

	(void)state;
	doc = render(a, &feed_rss_format, 1);
	has(doc, want);
	assert_null(strstr(doc, "<script"));
	/* Summary-only: no body at all. */
	doc = render(a, &feed_rss_format, 0);
	assert_null(strstr(doc, "content:encoded>"));
	assert_non_null(strstr(doc, "<description>A dek &amp;amp; more"));
	arena_free(a);
}

static void
test_atom(void **state)
{
	static const char *const want[] = {
		"<feed xmlns=\"http://www.w3.org/2005/Atom\" "
		"xmlns:media=\"http://search.yahoo.com/mrss/\" xml:lang=\"en\">",
		"<id>http://example.test/feed/?a=1&amp;b=2</id>",
		"<updated>2024-04-25T10:00:00Z</updated>",
		"<author>\n<name>The &lt;Daily&gt; &amp; Co</name>",
		"<entry>\n<id>http://example.test/?p=7</id>",
		"<published>2024-04-25T10:00:00Z</published>",
		"<updated>2024-04-25T11:00:00Z</updated>",
		"<link rel=\"alternate\" type=\"text/html\" "
		"href=\"http://example.test/2024/04/slug/\"/>",
		"<category term=\"R&amp;D &lt;lab&gt;\"/>",
		"<content type=\"html\">&lt;p&gt;Body",
		"<link rel=\"enclosure\" type=\"image/jpeg\" "
		"href=\"http://example.test/media/a.jpg\"/>\n"
		"<media:content url=\"http://example.test/media/a.jpg\" "
		"type=\"image/jpeg\" medium=\"image\"/>",
		"</feed>\n",
		NULL,
	};
	struct arena *a = arena_new(1 << 20);

	(void)state;
	has(render(a, &feed_atom_format, 1), want);
	assert_null(strstr(render(a, &feed_atom_format, 0), "<content"));
	arena_free(a);
}

static void
test_json(void **state)
{
	struct arena *a = arena_new(1 << 20);
	json_error_t  e;
	json_t	     *root, *it;

	(void)state;
	root = json_loads(render(a, &feed_json_format, 1), 0, &e);
	if (root == NULL)
		fail_msg("JSON Feed does not parse: %s", e.text);
	assert_string_equal(json_string_value(json_object_get(root, "version")),
	    "https://jsonfeed.org/version/1.1");
	assert_string_equal(json_string_value(
				json_object_get(root, "feed_url")),
	    "http://example.test/feed/?a=1&b=2");
	it = json_array_get(json_object_get(root, "items"), 0);
	assert_non_null(it);
	assert_string_equal(json_string_value(json_object_get(it, "id")),
	    "http://example.test/?p=7");
	assert_string_equal(json_string_value(json_object_get(it, "title")),
	    "Troops \"leave\" </title>");
	assert_string_equal(json_string_value(
				json_object_get(it, "date_published")),
	    "2024-04-25T10:00:00Z");
	assert_non_null(json_object_get(it, "content_html"));
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(json_object_get(it,
								 "attachments"),
						  0),
		"mime_type")),
	    "image/jpeg");
	assert_int_equal(json_array_size(json_object_get(it, "tags")), 2);
	json_decref(root);

	root = json_loads(render(a, &feed_json_format, 0), 0, &e);
	assert_non_null(root);
	it = json_array_get(json_object_get(root, "items"), 0);
	assert_null(json_object_get(it, "content_html"));
	assert_string_equal(json_string_value(
				json_object_get(it, "content_text")),
	    "A dek & more");
	json_decref(root);
	arena_free(a);
}

static void
test_sitemap_split(void **state)
{
	static const struct {
		size_t total, per, want;
	} cases[] = {
		{ 0, STORE_SITEMAP_MAX, 0 },
		{ 1, STORE_SITEMAP_MAX, 1 },
		{ 49999, STORE_SITEMAP_MAX, 1 },
		{ 50000, STORE_SITEMAP_MAX, 1 },
		{ 50001, STORE_SITEMAP_MAX, 2 },
		{ 100000, STORE_SITEMAP_MAX, 2 },
		{ 100001, STORE_SITEMAP_MAX, 3 },
		{ 10, 0, 0 },
	};
	size_t i;

	(void)state;
	assert_int_equal(STORE_SITEMAP_MAX, 50000);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(sitemap_nfiles(cases[i].total, cases[i].per),
		    cases[i].want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xml_text),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_rss),
		cmocka_unit_test(test_atom),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_sitemap_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
