/*
 * test_site.c -- the public handlers against a real SQLite store and the
 * embedded default theme, without a socket: each case builds a struct req
 * with route captures, calls the handler and checks the response.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

#include "core/app.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/req.h"
#include "http/resp.h"
#include "http/router.h"
#include "render/theme.h"
#include "site/site.h"
#include "store/store.h"

#define T_LEAD	  1714039200 /* 2024-04-25T10:00:00Z */
#define T_RELATED 1710676800 /* 2024-03-17T12:00:00Z */
#define T_FILLER  1704067200 /* 2024-01-01T00:00:00Z */
#define NFILLER	  23	     /* 25 stories: 3 pages */

#define CACHE_PAGE "public, max-age=60, stale-while-revalidate=600"

struct fixture {
	char		*dir;
	struct ng_config cfg;
	struct app	 app;
	struct store	*st;
	struct theme	*theme;
};

static struct fixture fx;

struct call {
	struct arena *a;
	struct req    r;
	struct resp   rs;
	enum ng_err   err;
	char	     *body; /* NUL-terminated copy */
};

static int64_t
must_section(const char *slug, const char *name, const char *desc, int pos)
{
	struct section s;
	int64_t	       id;

	memset(&s, 0, sizeof(s));
	s.slug = str_c(slug);
	s.name = str_c(name);
	s.description = str_c(desc);
	s.position = pos;
	assert_int_equal(store_section_add(fx.st, &s, &id), NG_OK);
	return id;
}

static int64_t
must_article(const char *slug, const char *title, int64_t when, int64_t section,
    int64_t author, int64_t related, const int64_t *tags, size_t ntags)
{
	struct article a;
	int64_t	       id;

	memset(&a, 0, sizeof(a));
	a.slug = str_c(slug);
	a.title = str_c(title);
	a.status = ARTICLE_PUBLISHED;
	a.created_at = a.published_at = a.updated_at = when;
	a.section_id = section;
	a.author_id = author;
	a.related_id = related;
	a.body_md = STR_LIT("Body *text*.");
	a.body_html = safe_html_trust(STR_LIT("<p>Body <em>text</em>.</p>\n"));
	a.body_text = STR_LIT("Body text.\n");
	if (related != 0) {
		a.kicker = STR_LIT("Sahel");
		a.dek = STR_LIT("Talks would begin this week <in Niamey>.");
		a.source_name = STR_LIT("Asian Lite News");
		a.source_url = STR_LIT("https://asianlitenews.example/");
	}
	assert_int_equal(store_article_save(fx.st, &a, tags, ntags, &id),
	    NG_OK);
	return id;
}

static int
setup(void **state)
{
	struct author au;
	char	      err[256], path[1024], slug[64], title[64];
	int64_t	      world, business, author, tag, related;
	int	      i;

	(void)state;
	memset(&fx, 0, sizeof(fx));
	fx.dir = testlib_tmpdir();
	snprintf(path, sizeof(path), "%s/site.db", fx.dir);
	if (store_open(path, 2, &fx.st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	if (theme_load(NULL, &fx.theme, err, sizeof(err)) != NG_OK)
		fail_msg("theme_load: %s", err);
	config_defaults(&fx.cfg);
	fx.app.cfg = &fx.cfg;
	fx.app.store = fx.st;
	fx.app.theme = fx.theme;

	assert_int_equal(store_setting_set(fx.st, "title",
			     STR_LIT("The Daily Test")),
	    NG_OK);
	assert_int_equal(store_setting_set(fx.st, "tagline",
			     STR_LIT("All the news that fits")),
	    NG_OK);
	world = must_section("world", "World", "News from abroad", 1);
	business = must_section("business", "Business", "", 2);
	(void)must_section("empty", "Empty", "", 3);
	memset(&au, 0, sizeof(au));
	au.slug = STR_LIT("jane-doe");
	au.name = STR_LIT("Jane Doe");
	au.bio = STR_LIT("Jane covers West Africa.");
	assert_int_equal(store_author_add(fx.st, &au, &author), NG_OK);
	assert_int_equal(store_tag_ensure(fx.st, STR_LIT("Niger"),
			     STR_LIT("niger"), &tag),
	    NG_OK);

	related = must_article("niger-breaks-off",
	    "Niger Breaks Off Military Deal With US", T_RELATED, world, 0, 0,
	    NULL, 0);
	(void)must_article("lead-story", "US to Negotiate Troop Withdrawal",
	    T_LEAD, world, author, related, &tag, 1);
	for (i = 0; i < NFILLER; i++) {
		snprintf(slug, sizeof(slug), "filler-%02d", i);
		snprintf(title, sizeof(title), "Filler story %02d", i);
		(void)must_article(slug, title, T_FILLER + i * 3600, business,
		    author, 0, NULL, 0);
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	store_close(fx.st);
	theme_free(fx.theme);
	config_free(&fx.cfg);
	testlib_rmrf(fx.dir);
	free(fx.dir);
	return 0;
}

/* Call fn as if routed from path with the given captures. */
static void
call(struct call *c, enum ng_err (*fn)(struct req *, struct resp *),
    const char *path, const char *c0, const char *c1, const char *c2)
{
	const char *caps[3] = { c0, c1, c2 };
	size_t	    i;

	memset(c, 0, sizeof(*c));
	c->a = arena_new(8 << 20);
	c->r.arena = c->a;
	c->r.app = &fx.app;
	c->r.method = HTTP_GET;
	c->r.method_name = STR_LIT("GET");
	c->r.path = str_c(path);
	for (i = 0; i < 3 && caps[i] != NULL; i++)
		c->r.caps[c->r.ncaps++] = str_c(caps[i]);
	c->err = fn(&c->r, &c->rs);
	c->body = arena_strndup(c->a, c->rs.body.p, c->rs.body.n);
	assert_non_null(c->body);
}

static void
done(struct call *c)
{
	arena_free(c->a);
}

static const char *
location(const struct call *c)
{
	const struct resp_header *h;

	for (h = c->rs.headers; h != NULL; h = h->next)
		if (strcmp(h->name, "Location") == 0)
			return h->value;
	return NULL;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t	    n = 0;
	const char *p;

	for (p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* What every HTML page of the theme must be. */
static void
check_page(const struct call *c)
{
	const char *p;

	assert_string_equal(c->rs.content_type, "text/html; charset=utf-8");
	assert_int_equal(count(c->body, "<h1"), 1);
	assert_int_equal(count(c->body, "<main"), 1);
	assert_non_null(strstr(c->body, "<html lang=\"en\">"));
	assert_non_null(strstr(c->body, "name=\"viewport\""));
	assert_non_null(strstr(c->body, "href=\"#main\""));
	assert_non_null(strstr(c->body, "<nav class=\"sections\""));
	assert_non_null(strstr(c->body, "<footer"));
	assert_non_null(strstr(c->body,
	    "<link rel=\"stylesheet\" "
	    "href=\"/assets/style."));
	assert_non_null(strstr(c->body, "The Daily Test"));
	/*
	 * Strict CSP: no script and no inline style anywhere.  JSON-LD
	 * is a data block, never executed, so CSP allows it.
	 */
	for (p = strstr(c->body, "<script"); p != NULL;
	     p = strstr(p + 1, "<script"))
		assert_int_equal(strncmp(p,
				     "<script type=\"application/"
				     "ld+json\">",
				     35),
		    0);
	assert_null(strstr(c->body, "style="));
	assert_null(strstr(c->body, "<style"));
	/* Nothing left unrendered. */
	assert_null(strstr(c->body, "{{"));
}

static void
check_ok_page(const struct call *c)
{
	if (c->err != NG_OK)
		fail_msg("handler: %s", ng_strerror(c->err));
	assert_int_equal(c->rs.status, 200);
	assert_string_equal(c->rs.cache_control, CACHE_PAGE);
	assert_int_equal(c->rs.compress, 1);
	check_page(c);
}

struct want {
	const char *path;
	route_fn    fn;
	const char *caps[3];
	enum ng_err err;
	int	    status; /* 200, 301 (or 0 with err) */
	const char *loc;    /* Location of a 301 */
	const char *has[6];
	const char *lacks[4];
};

static void
test_pages(void **state)
{
	static const struct want cases[] = {
		/* Front page: lead, latest, section blocks, pagination. */
		{ "/", site_front, { 0 }, NG_OK, 200, NULL,
		    { "<h1 class=\"site-title\"",
			"<time datetime=\"2024-04-25T10:00:00Z\">April 25, "
			"2024</time>",
			"<link rel=\"next\" href=\"/page/2/\">",
			"href=\"/2024/04/lead-story/\"",
			"All the news that fits",
			"href=\"/category/business/\"" },
		    { "rel=\"prev\"", "Older stories", "Empty</a></h2>" } },
		{ "/page/2/", site_front, { "2" }, NG_OK, 200, NULL,
		    { "Page 2 of 3", "<link rel=\"prev\" href=\"/\">",
			"<link rel=\"next\" href=\"/page/3/\">",
			"<h1 class=\"page-title\">Older stories</h1>" },
		    { "<h1 class=\"site-title\"" } },
		{ "/page/3/", site_front, { "3" }, NG_OK, 200, NULL,
		    { "Page 3 of 3", "href=\"/page/2/\"" },
		    { "rel=\"next\"" } },
		{ "/page/1/", site_front, { "1" }, NG_OK, 301, "/", { 0 },
		    { 0 } },
		{ "/page/4/", site_front, { "4" }, NG_ENOTFOUND, 0, NULL, { 0 },
		    { 0 } },
		{ "/page/0/", site_front, { "0" }, NG_ENOTFOUND, 0, NULL, { 0 },
		    { 0 } },
		{ "/page/02/", site_front, { "02" }, NG_ENOTFOUND, 0, NULL,
		    { 0 }, { 0 } },
		{ "/page/two/", site_front, { "two" }, NG_ENOTFOUND, 0, NULL,
		    { 0 }, { 0 } },
		{ "/page/99999999999999999999/", site_front,
		    { "99999999999999999999" }, NG_ENOTFOUND, 0, NULL, { 0 },
		    { 0 } },

		/* Article pages. */
		{ "/2024/04/lead-story/", site_article,
		    { "2024", "04", "lead-story" }, NG_OK, 200, NULL,
		    { "<h1 class=\"headline\">US to Negotiate Troop "
		      "Withdrawal</h1>",
			"Talks would begin this week &lt;in Niamey&gt;.",
			"Source: <a href=\"https://asianlitenews.example/\" "
			"rel=\"external noopener\">Asian Lite News</a>",
			"<a rel=\"author\" href=\"/author/jane-doe/\">Jane "
			"Doe</a>",
			"<a href=\"/2024/03/niger-breaks-off/\">Niger Breaks "
			"Off Military Deal With US</a>",
			"<p>Body <em>text</em>.</p>" },
		    { "rel=\"next\"" } },
		{ "/2024/04/lead-story/", site_article,
		    { "2024", "04", "lead-story" }, NG_OK, 200, NULL,
		    { "Tagged:", "href=\"/tag/niger/\"",
			"href=\"/2024/04/lead-story.txt\"",
			"<aside class=\"also-read\"",
			"<p class=\"kicker\">Sahel</p>",
			"aria-current=\"page\">World</a>" },
		    { 0 } },
		{ "/2024/03/niger-breaks-off/", site_article,
		    { "2024", "03", "niger-breaks-off" }, NG_OK, 200, NULL,
		    { "<time datetime=\"2024-03-17T12:00:00Z\">March 17, "
		      "2024, 12:00 UTC</time>",
			"<p class=\"kicker\"><a href=\"/category/world/\">"
			"World</a></p>" },
		    { "Tagged:", "Also read", "Source:", "By " } },
		{ "/2024/05/lead-story/", site_article,
		    { "2024", "05", "lead-story" }, NG_OK, 301,
		    "/2024/04/lead-story/", { 0 }, { 0 } },
		{ "/1999/04/lead-story/", site_article,
		    { "1999", "04", "lead-story" }, NG_OK, 301,
		    "/2024/04/lead-story/", { 0 }, { 0 } },
		{ "/2024/4/lead-story/", site_article,
		    { "2024", "4", "lead-story" }, NG_OK, 301,
		    "/2024/04/lead-story/", { 0 }, { 0 } },
		{ "/2024/04/no-such-story/", site_article,
		    { "2024", "04", "no-such-story" }, NG_ENOTFOUND, 0, NULL,
		    { 0 }, { 0 } },

		/* Archives. */
		{ "/category/world/", site_section, { "world" }, NG_OK, 200,
		    NULL,
		    { "<h1 class=\"page-title\">World</h1>", "News from abroad",
			"Latest stories", "href=\"/2024/04/lead-story/\"",
			"aria-current=\"page\">World</a>" },
		    { "class=\"pager\"" } },
		{ "/category/business/page/2/", site_section,
		    { "business", "2" }, NG_OK, 200, NULL,
		    { "Page 2 of 3",
			"<a class=\"pager-newer\" rel=\"prev\" "
			"href=\"/category/business/\">",
			"<a class=\"pager-older\" rel=\"next\" "
			"href=\"/category/business/page/3/\">",
			"<link rel=\"canonical\" "
			"href=\"http://127.0.0.1:8080/category/business/page/2/\">" },
		    { 0 } },
		{ "/category/business/page/1/", site_section,
		    { "business", "1" }, NG_OK, 301, "/category/business/",
		    { 0 }, { 0 } },
		{ "/category/business/page/4/", site_section,
		    { "business", "4" }, NG_ENOTFOUND, 0, NULL, { 0 }, { 0 } },
		{ "/category/business/page/x/", site_section,
		    { "business", "x" }, NG_ENOTFOUND, 0, NULL, { 0 }, { 0 } },
		{ "/category/empty/", site_section, { "empty" }, NG_OK, 200,
		    NULL, { "No stories yet" }, { "class=\"pager\"" } },
		{ "/category/empty/page/2/", site_section, { "empty", "2" },
		    NG_ENOTFOUND, 0, NULL, { 0 }, { 0 } },
		{ "/category/nope/", site_section, { "nope" }, NG_ENOTFOUND, 0,
		    NULL, { 0 }, { 0 } },
		{ "/tag/niger/", site_tag, { "niger" }, NG_OK, 200, NULL,
		    { "<h1 class=\"page-title\">Niger</h1>",
			"href=\"/2024/04/lead-story/\"" },
		    { "niger-breaks-off" } },
		{ "/tag/nope/", site_tag, { "nope" }, NG_ENOTFOUND, 0, NULL,
		    { 0 }, { 0 } },
		{ "/author/jane-doe/", site_author, { "jane-doe" }, NG_OK, 200,
		    NULL,
		    { "<h1 class=\"page-title\">Jane Doe</h1>",
			"Jane covers West Africa.", "Page 1 of 3" },
		    { "niger-breaks-off" } },
		{ "/author/nope/", site_author, { "nope" }, NG_ENOTFOUND, 0,
		    NULL, { 0 }, { 0 } },
	};
	struct call c;
	size_t	    i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct want *w = &cases[i];

		call(&c, w->fn, w->path, w->caps[0], w->caps[1], w->caps[2]);
		if (c.err != w->err)
			fail_msg("%s: err %s, want %s", w->path,
			    ng_strerror(c.err), ng_strerror(w->err));
		if (w->status == 200)
			check_ok_page(&c);
		else if (w->status == 301) {
			assert_int_equal(c.rs.status, 301);
			assert_non_null(location(&c));
			assert_string_equal(location(&c), w->loc);
		}
		for (j = 0; j < 6 && w->has[j] != NULL; j++)
			if (strstr(c.body, w->has[j]) == NULL)
				fail_msg("%s: lacks %s\n%s", w->path, w->has[j],
				    c.body);
		for (j = 0; j < 4 && w->lacks[j] != NULL; j++)
			if (strstr(c.body, w->lacks[j]) != NULL)
				fail_msg("%s: has %s", w->path, w->lacks[j]);
		done(&c);
	}
}

static void
test_text_view(void **state)
{
	struct call c;

	(void)state;
	call(&c, site_article, "/2024/04/lead-story.txt", NULL, NULL, NULL);
	assert_int_equal(c.err, NG_OK);
	assert_int_equal(c.rs.status, 200);
	assert_string_equal(c.rs.content_type, "text/plain; charset=utf-8");
	assert_string_equal(c.body,
	    "US to Negotiate Troop Withdrawal\n"
	    "\n"
	    "Talks would begin this week <in Niamey>.\n"
	    "\n"
	    "Source: Asian Lite News <https://asianlitenews.example/>\n"
	    "By Jane Doe\n"
	    "April 25, 2024, 10:00 UTC\n"
	    "\n"
	    "Body text.\n"
	    "\n"
	    "Also read: Niger Breaks Off Military Deal With US "
	    "http://127.0.0.1:8080/2024/03/niger-breaks-off/\n"
	    "\n"
	    "Tags: Niger\n");
	done(&c);

	/* The wrong month finds the text view at its one URL. */
	call(&c, site_article, "/2024/05/lead-story.txt", NULL, NULL, NULL);
	assert_int_equal(c.err, NG_OK);
	assert_int_equal(c.rs.status, 301);
	assert_string_equal(location(&c), "/2024/04/lead-story.txt");
	done(&c);

	call(&c, site_article, "/2023/03/niger-breaks-off.txt", "2023", "03",
	    "niger-breaks-off");
	assert_int_equal(c.err, NG_OK);
	assert_int_equal(c.rs.status, 301);
	assert_string_equal(location(&c), "/2024/03/niger-breaks-off.txt");
	done(&c);

	call(&c, site_article, "/2024/03/nope.txt", "2024", "03", "nope");
	assert_int_equal(c.err, NG_ENOTFOUND);
	done(&c);
}

static void
test_misc(void **state)
{
	struct call c;
	const char *url;

	(void)state;
	url = theme_asset_url(fx.theme, "css/style.css");
	call(&c, site_asset, url, "x", NULL, NULL);
	assert_int_equal(c.err, NG_OK);
	assert_int_equal(c.rs.status, 200);
	assert_string_equal(c.rs.content_type, "text/css; charset=utf-8");
	assert_string_equal(c.rs.cache_control,
	    "public, max-age=31536000, immutable");
	assert_int_equal(c.rs.compress, 1);
	assert_true(c.rs.body.n > 1000);
	done(&c);

	call(&c, site_asset, "/assets/style.00000000.css", "x", NULL, NULL);
	assert_int_equal(c.err, NG_ENOTFOUND);
	done(&c);

	call(&c, site_healthz, "/healthz", NULL, NULL, NULL);
	assert_int_equal(c.err, NG_OK);
	assert_string_equal(c.body, "ok\n");
	assert_string_equal(c.rs.content_type, "text/plain; charset=utf-8");
	done(&c);

	call(&c, site_robots, "/robots.txt", NULL, NULL, NULL);
	assert_int_equal(c.err, NG_OK);
	/* The sitemaps, by absolute URL from the listen address. */
	assert_string_equal(c.body,
	    "User-agent: *\nAllow: /\nDisallow: /admin/\n\n"
	    "Sitemap: http://127.0.0.1:8080/sitemap.xml\n"
	    "Sitemap: http://127.0.0.1:8080/news-sitemap.xml\n");
	done(&c);
}

static void
test_error_page(void **state)
{
	static const struct {
		int	    status;
		const char *message;
		const char *has[3];
	} cases[] = {
		{ 404, NULL,
		    { "<h1 class=\"page-title\" id=\"error-title\">"
		      "Page not found</h1>",
			"href=\"/category/world/\"", "Error 404" } },
		{ 405, "Use GET here.",
		    { "Method Not Allowed</h1>", "Use GET here.",
			"Error 405" } },
		{ 413, "<too big>", { "Error 413", "&lt;too big&gt;" } },
		{ 500, "", { "Internal Server Error</h1>", "Error 500" } },
		{ 400, NULL, { "Bad Request</h1>" } },
	};
	struct call c;
	size_t	    i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		call(&c, site_robots, "/whatever", NULL, NULL, NULL);
		memset(&c.rs, 0, sizeof(c.rs));
		site_error(&c.r, &c.rs, cases[i].status, cases[i].message);
		c.body = arena_strndup(c.a, c.rs.body.p, c.rs.body.n);
		assert_int_equal(c.rs.status, cases[i].status);
		check_page(&c);
		for (j = 0; j < 3 && cases[i].has[j] != NULL; j++)
			if (strstr(c.body, cases[i].has[j]) == NULL)
				fail_msg("%d: lacks %s", cases[i].status,
				    cases[i].has[j]);
		if (cases[i].status >= 500)
			assert_string_equal(c.rs.cache_control, "no-store");
		done(&c);
	}

	/* With the arena exhausted it still answers, in plain text. */
	call(&c, site_robots, "/whatever", NULL, NULL, NULL);
	memset(&c.rs, 0, sizeof(c.rs));
	arena_fail_after(c.a, 0);
	(void)arena_alloc(c.a, 1);
	site_error(&c.r, &c.rs, 500, "boom");
	assert_int_equal(c.rs.status, 500);
	assert_string_equal(c.rs.content_type, "text/plain; charset=utf-8");
	assert_true(c.rs.body.n > 0);
	done(&c);
}

/*
 * Fail the nth arena allocation for growing n: every handler must either
 * succeed or report an error, never crash or return a half-built page.
 */
static void
test_fault_injection(void **state)
{
	static const struct {
		route_fn    fn;
		const char *path;
		const char *caps[3];
	} cases[] = {
		{ site_front, "/", { 0 } },
		{ site_front, "/page/2/", { "2" } },
		{ site_article, "/2024/04/lead-story/", { 0 } },
		{ site_article, "/2024/04/lead-story.txt", { 0 } },
		{ site_article, "/2024/04/lead-story/feed/", { 0 } },
		{ site_section, "/category/business/page/2/",
		    { "business", "2" } },
		{ site_author, "/author/jane-doe/", { "jane-doe" } },
	};
	struct arena *a;
	struct req    r;
	struct resp   rs;
	enum ng_err   err;
	size_t	      i, k;
	long	      n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (n = 0; n < 5000; n++) {
			a = arena_new(8 << 20);
			memset(&r, 0, sizeof(r));
			memset(&rs, 0, sizeof(rs));
			r.arena = a;
			r.app = &fx.app;
			r.path = str_c(cases[i].path);
			for (k = 0; k < 3 && cases[i].caps[k] != NULL; k++)
				r.caps[r.ncaps++] = str_c(cases[i].caps[k]);
			arena_fail_after(a, n);
			err = cases[i].fn(&r, &rs);
			if (err == NG_OK) {
				assert_int_equal(rs.status, 200);
				assert_non_null(rs.body.p);
				arena_free(a);
				break;
			}
			/* The error page must cope with the same arena. */
			memset(&rs, 0, sizeof(rs));
			site_error(&r, &rs, 500, NULL);
			assert_int_equal(rs.status, 500);
			assert_true(rs.body.n > 0);
			arena_free(a);
		}
		assert_true(n < 5000);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_text_view),
		cmocka_unit_test(test_misc),
		cmocka_unit_test(test_error_page),
		cmocka_unit_test(test_fault_injection),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
