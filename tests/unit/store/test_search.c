/*
 * test_search.c -- search, related articles and sitemaps of the store,
 * against a real SQLite file: the query parser as a table,
 * ranking on a small fixture corpus with expected top results, hostile
 * queries, the index following saves, edits, renames and deletes in the
 * same transaction, related articles, and the sitemap queries.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "core/arena.h"
#include "store/store.h"
#include "vocab.h" /* bench/: the benchmark's Zipf vocabulary */

#define DAY	86400
#define NFILLER 10 /* ids 8..17 */

struct fixture {
	char	     *dir;
	char	      path[1024];
	struct store *st;
	struct arena *a;
	int64_t	      world, sport, author, now;
	int64_t	      tag_niger, tag_sahel, tag_football;
};

static struct fixture fx;
static int	      a_author = 1; /* save() sets the author */

static int64_t
save(const char *slug, const char *title, const char *dek, const char *body,
    int64_t when, int64_t section, int64_t related, const int64_t *tags,
    size_t ntags, enum article_status status)
{
	struct article a;
	int64_t	       id;

	memset(&a, 0, sizeof(a));
	a.slug = str_c(slug);
	a.title = str_c(title);
	a.dek = str_c(dek);
	a.body_md = str_c(body);
	a.body_html = safe_html_trust(str_c(body));
	a.body_text = str_c(body);
	a.status = status;
	a.published_at = when;
	a.section_id = section;
	a.author_id = a_author ? fx.author : 0;
	a.related_id = related;
	assert_int_equal(store_article_save(fx.st, &a, tags, ntags, &id),
	    NG_OK);
	return id;
}

static int
setup(void **state)
{
	struct section s;
	struct author  au;
	char	       err[256], slug[32];
	int64_t	       t[2];
	int	       i;

	(void)state;
	memset(&fx, 0, sizeof(fx));
	fx.dir = testlib_tmpdir();
	snprintf(fx.path, sizeof(fx.path), "%s/search.db", fx.dir);
	if (store_open(fx.path, 2, &fx.st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	fx.a = arena_new(16 * 1024 * 1024);
	fx.now = (int64_t)time(NULL);

	memset(&s, 0, sizeof(s));
	s.slug = STR_LIT("world");
	s.name = STR_LIT("World");
	assert_int_equal(store_section_add(fx.st, &s, &fx.world), NG_OK);
	s.slug = STR_LIT("sport");
	s.name = STR_LIT("Sport");
	assert_int_equal(store_section_add(fx.st, &s, &fx.sport), NG_OK);
	memset(&au, 0, sizeof(au));
	au.slug = STR_LIT("ada-reporter");
	au.name = STR_LIT("Ada Reporter");
	assert_int_equal(store_author_add(fx.st, &au, &fx.author), NG_OK);
	assert_int_equal(store_tag_ensure(fx.st, STR_LIT("Niger"),
			     STR_LIT("niger"), &fx.tag_niger),
	    NG_OK);
	assert_int_equal(store_tag_ensure(fx.st, STR_LIT("Sahel"),
			     STR_LIT("sahel"), &fx.tag_sahel),
	    NG_OK);
	assert_int_equal(store_tag_ensure(fx.st, STR_LIT("Football"),
			     STR_LIT("football"), &fx.tag_football),
	    NG_OK);

	/* The corpus: ids 1..7 in this order. */
	t[0] = fx.tag_niger;
	t[1] = fx.tag_sahel;
	(void)save("niger-deal", "Niger breaks off military deal",
	    "The junta ends cooperation", "Soldiers will leave the base.",
	    fx.now - 40 * DAY, fx.world, 0, t, 2, ARTICLE_PUBLISHED);
	(void)save("troops", "US troops to withdraw", "Talks begin in Niamey",
	    "The withdrawal from Niger starts "
	    "next week, officials said.",
	    fx.now - 3 * DAY, fx.world, 1, t, 2, ARTICLE_PUBLISHED);
	(void)save("cup-final", "Cup final goes to extra time", "A late goal",
	    "The military band played before kick-off.", fx.now - 2 * DAY,
	    fx.sport, 0, &fx.tag_football, 1, ARTICLE_PUBLISHED);
	(void)save("draft-niger", "Niger draft story", "",
	    "Unpublished "
	    "niger text.",
	    0, fx.world, 0, NULL, 0, ARTICLE_DRAFT);
	(void)save("future-niger", "Niger tomorrow", "", "Scheduled.",
	    fx.now + 10 * DAY, fx.world, 0, NULL, 0, ARTICLE_PUBLISHED);
	(void)save("sahel-weather", "Dry season in the Sahel", "Rain is late",
	    "Farmers wait for rain.", fx.now - 1 * DAY, fx.world, 0,
	    &fx.tag_sahel, 1, ARTICLE_PUBLISHED);
	(void)save("old-withdrawal", "Withdrawal talks stall", "",
	    "Nothing moved in the talks about the deal.", fx.now - 400 * DAY,
	    fx.world, 0, NULL, 0, ARTICLE_PUBLISHED);
	/*
	 * Filler, so that the words above are rare, as in a real archive
	 * (BM25 gives no weight to a word in half of the documents).
	 */
	for (i = 0; i < NFILLER; i++) {
		snprintf(slug, sizeof(slug), "filler-%02d", i);
		a_author = 0;
		(void)save(slug, "Council approves the budget",
		    "Figures for the year",
		    "The council met on Monday and "
		    "approved the spending plan.",
		    fx.now - 500 * DAY + i, 0, 0, NULL, 0, ARTICLE_PUBLISHED);
		a_author = 1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(fx.a);
	store_close(fx.st);
	testlib_rmrf(fx.dir);
	free(fx.dir);
	return 0;
}

static void
test_parse(void **state)
{
	static const struct {
		const char *in;
		size_t	    n;
		/* "=" first: a phrase; "*" last: a prefix. */
		const char *terms[4];
	} cases[] = {
		{ "niger", 1, { "niger" } },
		{ "  niger   troops ", 2, { "niger", "troops" } },
		{ "\"military deal\" niger", 2, { "=military deal", "niger" } },
		{ "withdr*", 1, { "withdr*" } },
		{ "w*", 1, { "w" } },	  /* too short a prefix */
		{ "U.S*", 1, { "U.S" } }, /* punctuated: plain */
		{ "\"unbalanced phrase", 1, { "=unbalanced phrase" } },
		{ "\"", 0, { NULL } },
		{ "*", 0, { NULL } },
		{ "')--", 0, { NULL } },
		{ "NEAR(", 1, { "NEAR(" } },
		{ "a OR b", 3, { "a", "OR", "b" } },
		{ "title:x", 1, { "title:x" } },
		{ "...!!! ??", 0, { NULL } },
		{ "\"\"", 0, { NULL } },
		{ "\"ab\"*", 1, { "=ab*" } },
		{ "caf\xc3\xa9*", 1, { "caf\xc3\xa9*" } },
		{ "", 0, { NULL } },
	};
	struct search_terms t;
	char		    want[128];
	size_t		    i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		store_search_parse(str_c(cases[i].in), &t);
		if (t.n != cases[i].n)
			fail_msg("\"%s\": %zu terms, want %zu", cases[i].in,
			    t.n, cases[i].n);
		for (j = 0; j < t.n; j++) {
			snprintf(want, sizeof(want), "%s%.*s%s",
			    t.v[j].phrase ? "=" : "", (int)t.v[j].text.n,
			    t.v[j].text.p, t.v[j].prefix ? "*" : "");
			if (strcmp(want, cases[i].terms[j]) != 0)
				fail_msg("\"%s\" term %zu: %s, want %s",
				    cases[i].in, j, want, cases[i].terms[j]);
		}
	}

	/* At most STORE_SEARCH_TERMS_MAX terms, and only the first bytes. */
	{
		char big[10 * 1024];

		for (i = 0; i + 2 < sizeof(big); i += 2) {
			big[i] = 'a' + (char)(i / 2 % 26);
			big[i + 1] = ' ';
		}
		big[i] = '\0';
		store_search_parse(str_c(big), &t);
		assert_int_equal(t.n, STORE_SEARCH_TERMS_MAX);
		memset(big, 'x', sizeof(big) - 1);
		store_search_parse(str_c(big), &t);
		assert_int_equal(t.n, 1);
		assert_int_equal(t.v[0].text.n, STORE_SEARCH_QUERY_MAX);
	}
	/* Never cuts a character in two. */
	{
		char big[STORE_SEARCH_QUERY_MAX + 8];

		memset(big, 'x', sizeof(big));
		big[STORE_SEARCH_QUERY_MAX - 1] = '\xc3';
		big[STORE_SEARCH_QUERY_MAX] = '\xa9';
		store_search_parse((struct str){ big, sizeof(big) }, &t);
		assert_int_equal(t.n, 1);
		assert_int_equal(t.v[0].text.n, STORE_SEARCH_QUERY_MAX - 1);
	}
}

/* The slugs of a search, in order, comma-separated. */
static const char *
search(const char *q, size_t offset, size_t limit, size_t *total)
{
	struct search_result r;
	static char	     out[1024];
	size_t		     i, len = 0;

	assert_int_equal(store_search(fx.a, fx.st, str_c(q), offset, limit, &r),
	    NG_OK);
	out[0] = '\0';
	for (i = 0; i < r.n; i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%.*s",
		    i > 0 ? "," : "", (int)r.v[i].ref.slug.n,
		    r.v[i].ref.slug.p);
	if (total != NULL)
		*total = r.total;
	return out;
}

static void
test_ranking(void **state)
{
	static const struct {
		const char *q;
		const char *want;
		size_t	    total;
	} cases[] = {
		/* Title matches first; drafts and future stories never. */
		{ "niger", "niger-deal,troops", 2 },
		/* Title matches, the shorter title first. */
		{ "withdraw*", "old-withdrawal,troops", 2 },
		{ "withdrawal", "old-withdrawal,troops", 2 },
		{ "\"military deal\"", "niger-deal", 1 },
		{ "\"deal military\"", "", 0 },
		{ "military", "niger-deal,cup-final", 2 },
		/* Tags and author names are indexed. */
		{ "sahel", "sahel-weather,niger-deal,troops", 3 },
		{ "football", "cup-final", 1 },
		{ "ada reporter", NULL, 5 },
		/* Equal scores: the newest first. */
		{ "council budget",
		    "filler-09,filler-08,filler-07,filler-06,"
		    "filler-05,filler-04,filler-03,filler-02,filler-01,"
		    "filler-00",
		    NFILLER },
		{ "niger sahel", "niger-deal,troops", 2 },
		{ "zzzz", "", 0 },
	};
	size_t	    i, total;
	const char *got;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = search(cases[i].q, 0, 10, &total);
		if (cases[i].want != NULL && strcmp(got, cases[i].want) != 0)
			fail_msg("%s: got %s, want %s", cases[i].q, got,
			    cases[i].want);
		if (total != cases[i].total)
			fail_msg("%s: total %zu, want %zu", cases[i].q, total,
			    cases[i].total);
	}
	/* Pages: the count stays, the rows move, past the end is empty. */
	assert_string_equal(search("council budget", 1, 2, &total),
	    "filler-08,filler-07");
	assert_int_equal(total, NFILLER);
	assert_string_equal(search("council budget", 20, 2, &total), "");
	assert_int_equal(total, NFILLER);
}

static void
test_snippet(void **state)
{
	struct search_result r;
	const char	    *p;

	(void)state;
	assert_int_equal(store_search(fx.a, fx.st, STR_LIT("niamey"), 0, 10,
			     &r),
	    NG_OK);
	assert_int_equal(r.n, 1);
	p = r.v[0].snippet.p;
	assert_non_null(strstr(p, "\x01Niamey\x02"));
	assert_int_equal(r.v[0].section.id, fx.world);
	assert_string_equal(r.v[0].author.name.p, "Ada Reporter");
	assert_string_equal(r.v[0].dek.p, "Talks begin in Niamey");
}

static void
test_hostile(void **state)
{
	static const char *const qs[] = {
		"\"",
		"*",
		"**",
		"NEAR(",
		"NEAR(a b, 2)",
		"')--",
		"a OR",
		"OR AND NOT",
		"title:niger",
		"{title body}: niger",
		"^niger",
		"(",
		")",
		"-niger",
		"niger\"*\"",
		"\"\"\"\"",
		"\xff\xfe",
		"\x01\x02",
		"niger AND",
		"NOT niger",
		"col:*",
		"+",
		"a:b:c",
	};
	struct search_result r;
	char		     big[10 * 1024 + 1];
	size_t		     i;

	(void)state;
	for (i = 0; i < sizeof(qs) / sizeof(qs[0]); i++)
		if (store_search(fx.a, fx.st, str_c(qs[i]), 0, 10, &r) != NG_OK)
			fail_msg("query \"%s\" failed", qs[i]);
	memset(big, 'n', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(store_search(fx.a, fx.st, str_c(big), 0, 10, &r),
	    NG_OK);
	for (i = 0; i + 6 < sizeof(big); i += 6)
		memcpy(big + i, "niger ", 6);
	assert_int_equal(store_search(fx.a, fx.st, str_c(big), 0, 10, &r),
	    NG_OK);
	assert_int_equal(r.n, 2);
	/* The boolean words are words: "niger OR zzzz" needs all three. */
	assert_string_equal(search("niger OR zzzz", 0, 10, NULL), "");
	assert_int_equal(store_search(fx.a, fx.st, STR_NULL, 0, 10, &r), NG_OK);
	assert_int_equal(r.n, 0);
}

static void
test_index_follows_writes(void **state)
{
	struct article *a;
	struct tag	t;
	int64_t		id, id2;
	sqlite3	       *db;

	(void)state;
	id = save("walrus", "Walrus spotted in harbour", "", "A walrus.",
	    fx.now - 60, fx.sport, 0, NULL, 0, ARTICLE_PUBLISHED);
	assert_string_equal(search("walrus", 0, 10, NULL), "walrus");
	/* An edit replaces the old words. */
	assert_int_equal(store_article_by_id(fx.a, fx.st, id, &a), NG_OK);
	a->title = STR_LIT("Seal spotted in harbour");
	a->body_text = STR_LIT("A seal.");
	a->version = 0;
	assert_int_equal(store_article_save(fx.st, a, NULL, 0, &id2), NG_OK);
	assert_string_equal(search("walrus", 0, 10, NULL), "");
	assert_string_equal(search("seal", 0, 10, NULL), "walrus");
	/* Unpublishing hides it without touching the index. */
	a->status = ARTICLE_DRAFT;
	assert_int_equal(store_article_save(fx.st, a, NULL, 0, &id2), NG_OK);
	assert_string_equal(search("seal", 0, 10, NULL), "");

	/* Renaming a tag re-indexes its articles. */
	t.id = fx.tag_football;
	t.slug = STR_LIT("soccer");
	t.name = STR_LIT("Soccer");
	assert_int_equal(store_tag_update(fx.st, &t), NG_OK);
	assert_string_equal(search("soccer", 0, 10, NULL), "cup-final");
	assert_string_equal(search("football", 0, 10, NULL), "");
	/* Deleting a tag takes it out of the index. */
	assert_int_equal(store_tag_delete(fx.st, fx.tag_football), NG_OK);
	assert_string_equal(search("soccer", 0, 10, NULL), "");

	/* A deleted article leaves the index with its row. */
	assert_int_equal(sqlite3_open(fx.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
			     "PRAGMA foreign_keys = ON; "
			     "DELETE FROM articles WHERE slug = 'walrus'",
			     NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
			     "INSERT INTO article_fts "
			     "(article_fts) VALUES ('integrity-check')",
			     NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_string_equal(search("seal", 0, 10, NULL), "");
}

/* The slugs of the related articles of slug. */
static const char *
related(const char *slug)
{
	struct article	   *a;
	struct article_ref *v;
	static char	    out[512];
	size_t		    i, n, len = 0;

	assert_int_equal(store_article_by_slug(fx.a, fx.st, str_c(slug), &a),
	    NG_OK);
	assert_int_equal(store_related(fx.a, fx.st, a->id, 4, &v, &n), NG_OK);
	out[0] = '\0';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%.*s",
		    i > 0 ? "," : "", (int)v[i].slug.n, v[i].slug.p);
	return out;
}

static void
test_related(void **state)
{
	const char *got;

	(void)state;
	/*
	 * Editor's pick first, then a shared tag and the section, then the
	 * section alone; cup-final shares nothing and is not related.
	 */
	got = related("troops");
	assert_string_equal(got, "niger-deal,sahel-weather,old-withdrawal");
	/*
	 * niger-deal was saved first, when nothing else existed; the later
	 * saves refreshed it as their neighbour.
	 */
	got = related("niger-deal");
	if (strncmp(got, "troops,sahel-weather", 20) != 0)
		fail_msg("niger-deal: %s", got);
	/* Never the article itself, drafts, or future stories. */
	got = related("sahel-weather");
	assert_null(strstr(got, "sahel-weather"));
	assert_null(strstr(got, "draft-niger"));
	assert_null(strstr(got, "future-niger"));
	/* Both share the tag and the section: the newer comes first. */
	assert_string_equal(got, "troops,niger-deal,old-withdrawal");
	/* Refresh on demand is the same computation. */
	assert_int_equal(store_related_refresh(fx.st, 2), NG_OK);
	assert_string_equal(related("troops"),
	    "niger-deal,sahel-weather,"
	    "old-withdrawal");
	assert_int_equal(store_related_refresh(fx.st, 999), NG_ENOTFOUND);
}

/*
 * Inside a bulk write (an import) articles are indexed together, not one
 * by one: before the end the related-articles pass already finds them
 * by title, after it search does, an edit in the same bulk write
 * replaces the old words, a rolled-back bulk write leaves nothing, and
 * no bookkeeping row outlives it.
 */
static void
test_bulk_index(void **state)
{
	struct article *a;
	int64_t		id, id2, n;
	sqlite3	       *db;
	sqlite3_stmt   *q;

	(void)state;
	assert_int_equal(store_bulk_begin(fx.st), NG_OK);
	id = save("narwhal-one", "Narwhal tusk found on beach", "", "A tusk.",
	    fx.now - 90, 0, 0, NULL, 0, ARTICLE_PUBLISHED);
	id2 = save("narwhal-two", "Second narwhal seen offshore", "",
	    "Another.", fx.now - 80, 0, 0, NULL, 0, ARTICLE_PUBLISHED);
	assert_int_equal(store_related_refresh(fx.st, id2), NG_OK);
	/* An edit before the end: the index gets the last words only. */
	assert_int_equal(store_article_by_id(fx.a, fx.st, id, &a), NG_OK);
	a->body_text = STR_LIT("A tusk of ivory.");
	a->version = 0;
	assert_int_equal(store_article_save(fx.st, a, NULL, 0, &id), NG_OK);
	assert_int_equal(store_bulk_end(fx.st, NG_OK), NG_OK);
	/* Related by title only: no tag, no section. */
	assert_string_equal(related("narwhal-two"), "narwhal-one");
	assert_string_equal(search("narwhal", 0, 10, NULL),
	    "narwhal-two,narwhal-one");
	assert_string_equal(search("ivory", 0, 10, NULL), "narwhal-one");

	assert_int_equal(store_bulk_begin(fx.st), NG_OK);
	(void)save("dugong", "Dugong returns", "", "Dugong.", fx.now - 70, 0, 0,
	    NULL, 0, ARTICLE_PUBLISHED);
	assert_int_equal(store_bulk_end(fx.st, NG_EINVAL), NG_EINVAL);
	assert_string_equal(search("dugong", 0, 10, NULL), "");

	/* Outside a bulk write the trigger indexes at once, as before. */
	(void)save("manatee", "Manatee rescued", "", "Manatee.", fx.now - 60, 0,
	    0, NULL, 0, ARTICLE_PUBLISHED);
	assert_string_equal(search("manatee", 0, 10, NULL), "manatee");

	assert_int_equal(sqlite3_open(fx.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
			     "SELECT count(*) FROM search_pending", -1, &q,
			     NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	assert_int_equal(sqlite3_exec(db,
			     "INSERT INTO article_fts "
			     "(article_fts) VALUES ('integrity-check')",
			     NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(n, 0);
}

static void
test_sitemap(void **state)
{
	struct sitemap_entry *v;
	struct str	      path, mime;
	size_t		      n, total;
	sqlite3		     *db;

	(void)state;
	assert_int_equal(store_sitemap_count(fx.st, 0, &total), NG_OK);
	assert_int_equal(total, 5 + NFILLER);
	assert_int_equal(store_sitemap_entries(fx.a, fx.st, 0, 0, 100, &v, &n),
	    NG_OK);
	assert_int_equal(n, 5 + NFILLER);
	/* Oldest first, so files of the split keep their contents. */
	assert_string_equal(v[0].slug.p, "filler-00");
	assert_string_equal(v[NFILLER].slug.p, "old-withdrawal");
	assert_string_equal(v[NFILLER + 4].slug.p, "sahel-weather");
	assert_int_equal(store_sitemap_entries(fx.a, fx.st, 0, NFILLER + 3, 10,
			     &v, &n),
	    NG_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].slug.p, "cup-final");
	/* The news window. */
	assert_int_equal(store_sitemap_count(fx.st, fx.now - 2 * DAY - 10,
			     &total),
	    NG_OK);
	assert_int_equal(total, 2);

	/* A featured image shows in the entries and by itself. */
	assert_int_equal(store_article_image(fx.a, fx.st, 1, &path, &mime),
	    NG_ENOTFOUND);
	assert_int_equal(sqlite3_open(fx.path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db,
		"INSERT INTO media (id, path, mime, "
		"created_at) VALUES (7, '2024/04/base.jpg', 'image/jpeg', 0); "
		"UPDATE articles SET featured_media_id = 7 WHERE id = 1",
		NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_article_image(fx.a, fx.st, 1, &path, &mime),
	    NG_OK);
	assert_string_equal(path.p, "2024/04/base.jpg");
	assert_string_equal(mime.p, "image/jpeg");
	assert_int_equal(store_sitemap_entries(fx.a, fx.st, 0, NFILLER, 10, &v,
			     &n),
	    NG_OK);
	assert_string_equal(v[1].slug.p, "niger-deal");
	assert_string_equal(v[1].image.p, "2024/04/base.jpg");
	assert_int_equal(v[0].image.n, 0);
}

/*
 * A broad query on an archive bigger than the ranking bound, its text
 * from the benchmark's Zipf vocabulary (bench/vocab.c): only the newest
 * STORE_SEARCH_RANKED matches are ranked, the count becomes an estimate
 * ("about"), the best of the newest come first, and a rare word still
 * finds an old story.  A phrase of words every article holds is looked
 * for among the newest (2 x STORE_SEARCH_RANKED) of them, and in the
 * whole archive when none of those has it.
 */
#define NBROAD (STORE_SEARCH_RANKED + 700)

static void
test_broad_query(void **state)
{
	struct search_result res;
	struct article	     a;
	uint64_t	     rng = 42;
	char		     slug[32], title[256], body[4096];
	size_t		     i, k, len, n;
	int64_t		     id;

	(void)state;
	for (i = 0; i < NBROAD; i++) {
		/* Every body says "daily"; three titles do too: the newest
		 * article, one in the middle of the ranked, and the oldest.  Every body
		 * ends in "edition", the phrase "daily edition" is in the
		 * newest and the fourth, "edition daily" in the sixth. */
		len = (size_t)snprintf(body, sizeof(body), "daily");
		for (k = 0; k < 120; k++)
			len += (size_t)snprintf(body + len, sizeof(body) - len,
			    " %s", vocab_word(&rng));
		snprintf(body + len, sizeof(body) - len, "%s edition",
		    i == NBROAD - 1 || i == 3 ? " daily" :
			i == 5		      ? " edition daily" :
						"");
		snprintf(title, sizeof(title), "%s %s %s%s%s", vocab_word(&rng),
		    vocab_word(&rng), vocab_word(&rng),
		    i == 0 || i == NBROAD - STORE_SEARCH_RANKED / 2 ||
			    i == NBROAD - 1 ?
			" daily briefing" :
			"",
		    i == 3 ? " zyxwvbrief" : "");
		snprintf(slug, sizeof(slug), "broad-%04zu", i);
		memset(&a, 0, sizeof(a));
		a.slug = str_c(slug);
		a.title = str_c(title);
		a.body_md = a.body_text = str_c(body);
		a.body_html = safe_html_trust(str_c(body));
		/* Oldest first, so ids grow with dates, as on a real site. */
		a.status = ARTICLE_SCHEDULED;
		a.published_at = fx.now - 1000 * DAY + (int64_t)i * 600;
		assert_int_equal(store_article_save(fx.st, &a, NULL, 0, &id),
		    NG_OK);
	}
	assert_int_equal(store_article_publish_due(fx.st, fx.now, &n), NG_OK);
	assert_int_equal(n, NBROAD);

	/* Three match both words: all ranked, the count exact. */
	(void)search("daily briefing", 0, 10, &n);
	assert_int_equal(n, 3);
	/* "daily" is in all 1,400: the newest 1,000 are ranked, their two
	 * briefings first; the oldest briefing is past the bound. */
	memset(&res, 0, sizeof(res));
	assert_int_equal(store_search(fx.a, fx.st, STR_LIT("daily"), 0, 10,
			     &res),
	    NG_OK);
	assert_int_equal(res.n, 10);
	assert_true(res.about);
	if (res.total < NBROAD * 8 / 10 || res.total > NBROAD * 12 / 10)
		fail_msg("about %zu, want about %d", res.total, NBROAD);
	snprintf(slug, sizeof(slug), "broad-%04d", NBROAD - 1);
	assert_true(str_eqc(res.v[0].ref.slug, slug));
	snprintf(slug, sizeof(slug), "broad-%04d",
	    NBROAD - STORE_SEARCH_RANKED / 2);
	assert_true(str_eqc(res.v[1].ref.slug, slug));
	for (i = 2; i < res.n; i++)
		assert_false(str_eqc(res.v[i].ref.slug, "broad-0000"));
	/* Paging stops at the bound; past it is empty, still "about". */
	assert_int_equal(store_search(fx.a, fx.st, STR_LIT("daily"),
			     STORE_SEARCH_RANKED - 10, 10, &res),
	    NG_OK);
	assert_int_equal(res.n, 10);
	assert_int_equal(store_search(fx.a, fx.st, STR_LIT("daily"),
			     STORE_SEARCH_RANKED, 10, &res),
	    NG_OK);
	assert_int_equal(res.n, 0);
	assert_true(res.about);
	/* A rare word reaches the whole archive, with an exact count. */
	assert_string_equal(search("zyxwvbrief", 0, 10, &n), "broad-0003");
	assert_int_equal(n, 1);
	assert_int_equal(store_search(fx.a, fx.st, STR_LIT("zyxwvbrief"), 0, 10,
			     &res),
	    NG_OK);
	assert_false(res.about);

	/* The phrase among the newest articles holding both words: the
	 * newest has it; the fourth is older than those looked at. */
	assert_int_equal(store_search(fx.a, fx.st, STR_LIT("\"daily edition\""),
			     0, 10, &res),
	    NG_OK);
	assert_int_equal(res.n, 1);
	snprintf(slug, sizeof(slug), "broad-%04d", NBROAD - 1);
	assert_true(str_eqc(res.v[0].ref.slug, slug));
	assert_true(res.about);
	/* Nowhere among them: the whole archive is searched. */
	assert_string_equal(search("\"edition daily\"", 0, 10, &n),
	    "broad-0005");
	assert_int_equal(n, 1);
	assert_int_equal(store_search(fx.a, fx.st, STR_LIT("\"edition daily\""),
			     0, 10, &res),
	    NG_OK);
	assert_false(res.about);
	/* Without the phrase both words match every article. */
	assert_int_equal(store_search(fx.a, fx.st, STR_LIT("daily edition"), 0,
			     10, &res),
	    NG_OK);
	assert_true(res.about);
	assert_int_equal(res.ranked, STORE_SEARCH_RANKED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test_setup_teardown(test_ranking, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snippet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_follows_writes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_related, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_index, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sitemap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broad_query, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
