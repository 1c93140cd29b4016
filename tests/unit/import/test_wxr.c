/*
 * test_wxr.c -- the WXR reader: every version and namespace spelling of
 * the fixtures in tests/import/, and the hostile files, each refused
 * quickly with a line and column.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "import/wxr.h"

static const char *fixtures;

struct seen {
	size_t authors, terms, cats, tags, items, posts, pages, attachments,
	    menu_items, comments, pingbacks, meta;
	char	version[8];
	char	base[64];
	int	sticky_101;
	int64_t parent_202;
	char	thumb_101[8];
	char	excerpt_101[64];
	char	creator_102[16];
	char	cat_parent_local[16];
	char	term_name_7[32];
	int64_t comment_parent_502;
	char	comment_ip_501[32];
	char	att_url_20[128];
	int	content_101_has_more;
};

static void
cpy(char *dst, size_t n, struct str s)
{
	snprintf(dst, n, "%.*s", (int)s.n, s.p);
}

static enum ng_err
on_site(void *arg, const struct wxr_site *s)
{
	struct seen *v = arg;

	cpy(v->version, sizeof(v->version), s->version);
	cpy(v->base, sizeof(v->base), s->base_site_url);
	return NG_OK;
}

static enum ng_err
on_author(void *arg, const struct wxr_author *a)
{
	struct seen *v = arg;

	(void)a;
	v->authors++;
	return NG_OK;
}

static enum ng_err
on_term(void *arg, const struct wxr_term *t)
{
	struct seen *v = arg;

	v->terms++;
	if (t->kind == WXR_CATEGORY)
		v->cats++;
	if (t->kind == WXR_TAG)
		v->tags++;
	if (str_eqc(t->slug, "local"))
		cpy(v->cat_parent_local, sizeof(v->cat_parent_local),
		    t->parent);
	if (t->id == 7)
		cpy(v->term_name_7, sizeof(v->term_name_7), t->name);
	return NG_OK;
}

static enum ng_err
on_item(void *arg, const struct wxr_item *it)
{
	struct seen *v = arg;
	size_t	     i;

	v->items++;
	v->meta += it->nmeta;
	if (str_eqc(it->type, "post"))
		v->posts++;
	else if (str_eqc(it->type, "page"))
		v->pages++;
	else if (str_eqc(it->type, "attachment"))
		v->attachments++;
	else if (str_eqc(it->type, "nav_menu_item"))
		v->menu_items++;
	for (i = 0; i < it->ncomments; i++) {
		if (str_eqc(it->comments[i].type, "pingback"))
			v->pingbacks++;
		else
			v->comments++;
		if (it->comments[i].id == 502)
			v->comment_parent_502 = it->comments[i].parent;
		if (it->comments[i].id == 501)
			cpy(v->comment_ip_501, sizeof(v->comment_ip_501),
			    it->comments[i].ip);
	}
	if (it->id == 101) {
		v->sticky_101 = it->sticky;
		cpy(v->thumb_101, sizeof(v->thumb_101),
		    wxr_meta_get(it, "_thumbnail_id"));
		cpy(v->excerpt_101, sizeof(v->excerpt_101), it->excerpt);
		v->content_101_has_more = memmem(it->content.p, it->content.n,
					      "<!--more-->", 11) != NULL;
	}
	if (it->id == 102)
		cpy(v->creator_102, sizeof(v->creator_102), it->creator);
	if (it->id == 202)
		v->parent_202 = it->parent;
	if (it->id == 20)
		cpy(v->att_url_20, sizeof(v->att_url_20), it->attachment_url);
	return NG_OK;
}

static struct wxr_handler
handler_of(struct seen *v)
{
	return (struct wxr_handler){ v, on_site, on_author, on_term, on_item };
}

static enum ng_err
read_fixture(const char *name, struct seen *v, struct wxr_error *e)
{
	struct wxr_handler h = handler_of(v);
	char		   path[4096], *p;
	size_t		   n;
	enum ng_err	   err;

	memset(v, 0, sizeof(*v));
	snprintf(path, sizeof(path), "%s/%s", fixtures, name);
	if ((p = testlib_read_file(path, &n)) == NULL)
		fail_msg("cannot read %s", path);
	err = wxr_read_mem(p, n, &h, e);
	free(p);
	return err;
}

static void
check_full(const char *name, const char *version)
{
	struct seen	 v;
	struct wxr_error e;

	if (read_fixture(name, &v, &e) != NG_OK)
		fail_msg("%s: %s", name, e.msg);
	assert_string_equal(v.version, version);
	assert_string_equal(v.base, "https://gazette.example");
	assert_int_equal(v.authors, 2);
	assert_int_equal(v.terms, 6);
	assert_int_equal(v.cats, 3);
	assert_int_equal(v.tags, 2);
	assert_int_equal(v.items, 17);
	assert_int_equal(v.posts, 7);
	assert_int_equal(v.pages, 2);
	assert_int_equal(v.attachments, 2);
	assert_int_equal(v.menu_items, 5);
	assert_int_equal(v.comments, 4);
	assert_int_equal(v.pingbacks, 1);
	assert_int_equal(v.sticky_101, 1);
	assert_int_equal(v.parent_202, 201);
	assert_string_equal(v.thumb_101, "20");
	assert_string_equal(v.excerpt_101,
	    "New winter ferry times from Monday.");
	assert_string_equal(v.creator_102, "tom.b");
	assert_string_equal(v.cat_parent_local, "news");
	/* WordPress stores term names HTML-escaped; the reader keeps bytes */
	assert_string_equal(v.term_name_7, "Opinion &amp; Letters");
	assert_int_equal(v.comment_parent_502, 501);
	assert_string_equal(v.comment_ip_501, "192.0.2.10");
	assert_string_equal(v.att_url_20,
	    "https://gazette.example/wp-content/uploads/2026/01/harbour.png");
	assert_true(v.content_101_has_more);
}

static void
test_wxr_12(void **state)
{
	(void)state;
	check_full("site-1.2.xml", "1.2");
}

static void
test_wxr_11_https(void **state)
{
	(void)state;
	check_full("site-1.1-https.xml", "1.1");
}

static void
test_wxr_10(void **state)
{
	struct seen	 v;
	struct wxr_error e;

	(void)state;
	if (read_fixture("site-1.0.xml", &v, &e) != NG_OK)
		fail_msg("%s", e.msg);
	assert_string_equal(v.version, "1.0");
	assert_int_equal(v.cats, 1);
	assert_int_equal(v.posts, 1);
	assert_int_equal(v.comments, 1);
}

/* A hostile document: refused, quickly, with a line and column. */
static void
refused(const char *what, const char *doc, size_t n, const char *needle)
{
	struct seen	   v;
	struct wxr_handler h = handler_of(&v);
	struct wxr_error   e;
	struct timespec	   t0, t1;
	double		   secs;

	memset(&v, 0, sizeof(v));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (wxr_read_mem(doc, n, &h, &e) == NG_OK)
		fail_msg("%s: accepted", what);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (secs >= 1.0)
		fail_msg("%s: took %.2f s", what, secs);
	if (strncmp(e.msg, "line ", 5) != 0 && needle[0] != '!')
		fail_msg("%s: message without a line: %s", what, e.msg);
	if (strstr(e.msg, needle[0] == '!' ? needle + 1 : needle) == NULL)
		fail_msg("%s: message \"%s\" lacks \"%s\"", what, e.msg,
		    needle);
	/*
	 * Items before the fault may have been handed over (the reader
	 * streams); the importer reads the whole file once before it
	 * writes anything, and writes in one transaction.
	 */
}

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define RSS  "<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>"

static void
test_hostile(void **state)
{
	static const char bomb[] = HEAD
	    "<!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\">"
	    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
	    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
	    "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>\n" RSS
	    "<item><title>&d;</title></item></channel></rss>";
	static const char xxe[] = HEAD
	    "<!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n" RSS
	    "<item><title>&x;</title></item></channel></rss>";
	static const char dtd[] = HEAD
	    "<!DOCTYPE rss SYSTEM \"http://evil.example/x.dtd\">\n" RSS
	    "<item><title>t</title></item></channel></rss>";
	static const char param[] = HEAD
	    "<!DOCTYPE rss [<!ENTITY % p SYSTEM \"http://evil/x\"> %p;]>\n" RSS
	    "</channel></rss>";
	static const char undef[] = HEAD RSS
	    "<item><title>&nbsp;</title></item></channel></rss>";
	static const char trunc[] = HEAD RSS
	    "<item><title>t</title></item><item><title>cut";
	static const char badutf8[] = HEAD RSS
	    "<item><title>caf\xc3\x28 \xff\xfe</title></item></channel></rss>";
	static const char
	    mismatch[] = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n" RSS
			 "<item><title>t</title></item></channel></rss>";
	static const char unknown_enc
	    [] = "<?xml version=\"1.0\" encoding=\"x-klingon\"?>\n" RSS
		 "</channel></rss>";
	static const char notwxr[] = HEAD "<html><body>hi</body></html>";
	static const char empty[] = "";
	char		 *deep;
	size_t		  i, n = 50u * 1024 * 1024;

	(void)state;
	refused("entity bomb", bomb, sizeof(bomb) - 1, "DOCTYPE");
	refused("external entity", xxe, sizeof(xxe) - 1, "DOCTYPE");
	refused("external DTD", dtd, sizeof(dtd) - 1, "DTD");
	refused("parameter entity", param, sizeof(param) - 1, "DOCTYPE");
	refused("undefined entity", undef, sizeof(undef) - 1, "entity");
	refused("truncated", trunc, sizeof(trunc) - 1, "not valid XML");
	refused("invalid UTF-8", badutf8, sizeof(badutf8) - 1, "not valid XML");
	refused("encoding mismatch", mismatch, sizeof(mismatch) - 1,
	    "not valid XML");
	refused("unknown encoding", unknown_enc, sizeof(unknown_enc) - 1,
	    "encoding");
	refused("not WXR", notwxr, sizeof(notwxr) - 1, "not a WordPress");
	refused("empty", empty, 0, "not valid XML");
	/* 50 MB of nesting */
	deep = malloc(n);
	assert_non_null(deep);
	memcpy(deep, HEAD RSS, sizeof(HEAD RSS) - 1);
	for (i = sizeof(HEAD RSS) - 1; i + 3 <= n; i += 3)
		memcpy(deep + i, "<a>", 3);
	refused("50 MB of nesting", deep, i, "nest deeper");
	free(deep);
}

/* A field past its cap is refused, naming the cap. */
static void
test_field_cap(void **state)
{
	size_t n = WXR_TEXT_MAX + 200, i, k;
	char  *doc = malloc(n + 256);

	(void)state;
	assert_non_null(doc);
	k = (size_t)sprintf(doc, HEAD RSS "<item><title>");
	for (i = 0; i < WXR_TEXT_MAX + 1; i++)
		doc[k++] = 'x';
	k += (size_t)sprintf(doc + k, "</title></item></channel></rss>");
	refused("long title", doc, k, "longer than");
	free(doc);
}

/*
 * Shapes of real exports (tests/import/real-world.xml): fields wrapped
 * over lines are read trimmed, <wp:term> of taxonomy category/post_tag
 * is a category/tag, "]]>" split over two CDATA sections and several
 * sections in one element keep every byte, and elements are told by
 * namespace URI, not by prefix.
 */
struct real {
	size_t	authors, cats, tags, terms, items, posts, meta_73;
	int64_t author_id;
	char	login[32], email[64], version[8];
	char	title_71[64], name_71[64], status_71[16], date_71[32];
	char	creator_71[16], content_71[160], content_72[160], name_73[64];
	int64_t id_71;
};

static enum ng_err
real_site(void *arg, const struct wxr_site *s)
{
	struct real *v = arg;

	cpy(v->version, sizeof(v->version), s->version);
	return NG_OK;
}

static enum ng_err
real_author(void *arg, const struct wxr_author *a)
{
	struct real *v = arg;

	v->authors++;
	v->author_id = a->id;
	cpy(v->login, sizeof(v->login), a->login);
	cpy(v->email, sizeof(v->email), a->email);
	return NG_OK;
}

static enum ng_err
real_term(void *arg, const struct wxr_term *t)
{
	struct real *v = arg;

	v->terms++;
	v->cats += t->kind == WXR_CATEGORY;
	v->tags += t->kind == WXR_TAG;
	return NG_OK;
}

static enum ng_err
real_item(void *arg, const struct wxr_item *it)
{
	struct real *v = arg;

	v->items++;
	v->posts += str_eqc(it->type, "post");
	if (str_eqc(it->name, "ferry-timetable-changes")) {
		v->id_71 = it->id;
		cpy(v->title_71, sizeof(v->title_71), it->title);
		cpy(v->name_71, sizeof(v->name_71), it->name);
		cpy(v->status_71, sizeof(v->status_71), it->status);
		cpy(v->date_71, sizeof(v->date_71), it->date_gmt);
		cpy(v->creator_71, sizeof(v->creator_71), it->creator);
		cpy(v->content_71, sizeof(v->content_71), it->content);
	}
	if (it->id == 72)
		cpy(v->content_72, sizeof(v->content_72), it->content);
	if (it->id == 73) {
		cpy(v->name_73, sizeof(v->name_73), it->name);
		v->meta_73 = it->nmeta;
	}
	return NG_OK;
}

static void
test_real_world_shapes(void **state)
{
	struct real	   v;
	struct wxr_handler h = { &v, real_site, real_author, real_term,
		real_item };
	struct wxr_error   e;
	char		   path[4096], *p;
	size_t		   n;

	(void)state;
	memset(&v, 0, sizeof(v));
	snprintf(path, sizeof(path), "%s/real-world.xml", fixtures);
	if ((p = testlib_read_file(path, &n)) == NULL)
		fail_msg("cannot read %s", path);
	if (wxr_read_mem(p, n, &h, &e) != NG_OK)
		fail_msg("%s", e.msg);
	free(p);
	assert_string_equal(v.version, "1.2");
	/* the author under a foreign namespace bound to wp: is not one */
	assert_int_equal(v.authors, 1);
	assert_int_equal(v.author_id, 4);
	assert_string_equal(v.login, "marta.k");
	assert_string_equal(v.email, "marta@harbour.example");
	assert_int_equal(v.terms, 5);
	assert_int_equal(v.cats, 3);
	assert_int_equal(v.tags, 2);
	assert_int_equal(v.items, 6);
	assert_int_equal(v.posts, 4);
	assert_int_equal(v.id_71, 71);
	assert_string_equal(v.title_71, "Ferry timetable changes");
	assert_string_equal(v.name_71, "ferry-timetable-changes");
	assert_string_equal(v.status_71, "publish");
	assert_string_equal(v.date_71, "2025-03-04 09:15:00");
	assert_string_equal(v.creator_71, "marta.k");
	assert_string_equal(v.content_71,
	    "Windows path: C:\\ferry\\new\\times and a quote: it\\'s "
	    "\\\"late\\\".\n\nThe marker ]]> closes nothing.");
	assert_string_equal(v.content_72,
	    "\n<p>\xd0\x9f\xd0\xb5\xd1\x80\xd0\xb2\xd0\xb0\xd1\x8f "
	    "\xd1\x87\xd0\xb0\xd1\x81\xd1\x82\xd1\x8c.</p>"
	    "<p>\xd0\x92\xd1\x82\xd0\xbe\xd1\x80\xd0\xb0\xd1\x8f "
	    "\xd1\x87\xd0\xb0\xd1\x81\xd1\x82\xd1\x8c.</p>\n");
	/* the wxr: prefix is the WXR namespace; the rebound wp: is not */
	assert_string_equal(v.name_73, "harbour-master-retires");
	assert_int_equal(v.meta_73, 0);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wxr_12),
		cmocka_unit_test(test_wxr_11_https),
		cmocka_unit_test(test_wxr_10),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_field_cap),
		cmocka_unit_test(test_real_world_shapes),
	};

	fixtures = argc > 1 ? argv[1] : "tests/import";
	return cmocka_run_group_tests(tests, NULL, NULL);
}
