/*
 * test_store.c -- the store's public calls against a real SQLite file.
 *
 * Each test gets a fresh database in a temporary directory with a few
 * sections, authors and tags already in it (setup()).
 */
#include "testlib.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/arena.h"
#include "store/store.h"

#define ARENA_CAP (16 * 1024 * 1024)

struct fx {
	char	     *dir;
	char	      path[4096];
	struct store *st;
	struct arena *ar;
	int64_t	      sec_news, sec_world; /* sections */
	int64_t	      au_ann, au_bob;	   /* authors */
	int64_t	      tag[4];		   /* t0..t3 */
	int64_t	      now;
};

static int
setup(void **state)
{
	struct fx     *fx = calloc(1, sizeof(*fx));
	char	       err[256], slug[8], name[8];
	struct section s;
	struct author  a;
	size_t	       i;

	assert_non_null(fx);
	fx->dir = testlib_tmpdir();
	snprintf(fx->path, sizeof(fx->path), "%s/nutgraf.db", fx->dir);
	if (store_open(fx->path, 2, &fx->st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	fx->ar = arena_new(ARENA_CAP);
	fx->now = (int64_t)time(NULL);

	memset(&s, 0, sizeof(s));
	s.slug = STR_LIT("world");
	s.name = STR_LIT("World");
	s.description = STR_LIT("News from everywhere");
	s.position = 2;
	assert_int_equal(store_section_add(fx->st, &s, &fx->sec_world), NG_OK);
	s.slug = STR_LIT("news");
	s.name = STR_LIT("News");
	s.description = STR_NULL;
	s.position = 1;
	assert_int_equal(store_section_add(fx->st, &s, &fx->sec_news), NG_OK);

	memset(&a, 0, sizeof(a));
	a.slug = STR_LIT("ann");
	a.name = STR_LIT("Ann Author");
	a.bio = STR_LIT("Writes things.");
	assert_int_equal(store_author_add(fx->st, &a, &fx->au_ann), NG_OK);
	a.slug = STR_LIT("bob");
	a.name = STR_LIT("Bob");
	a.bio = STR_NULL;
	assert_int_equal(store_author_add(fx->st, &a, &fx->au_bob), NG_OK);

	for (i = 0; i < 4; i++) {
		snprintf(slug, sizeof(slug), "t%zu", i);
		snprintf(name, sizeof(name), "T%zu", i);
		assert_int_equal(store_tag_ensure(fx->st, str_c(name),
				     str_c(slug), &fx->tag[i]),
		    NG_OK);
	}
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	store_close(fx->st);
	arena_free(fx->ar);
	testlib_rmrf(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

/* A valid published article; the caller adjusts it. */
static struct article
mk(struct fx *fx, const char *slug, int64_t published_at)
{
	struct article a;

	memset(&a, 0, sizeof(a));
	a.slug = str_c(slug);
	a.title = str_c(slug);
	a.kicker = STR_LIT("EXCLUSIVE");
	a.dek = STR_LIT("The standfirst.");
	a.source_name = STR_LIT("Asian Lite News");
	a.source_url = STR_LIT("https://example.com/x");
	a.body_md = STR_LIT("Hello *world*.");
	a.body_html = safe_html_trust(STR_LIT("<p>Hello <em>world</em>.</p>"));
	a.body_text = STR_LIT("Hello world.");
	a.status = ARTICLE_PUBLISHED;
	a.comments_open = 1;
	a.published_at = published_at;
	a.author_id = fx->au_ann;
	a.section_id = fx->sec_news;
	return a;
}

static int64_t
save(struct fx *fx, const struct article *a, const int64_t *tags, size_t n)
{
	int64_t id;

	assert_int_equal(store_article_save(fx->st, a, tags, n, &id), NG_OK);
	assert_true(id > 0);
	return id;
}

static void
assert_str(struct str s, const char *want)
{
	assert_non_null(s.p);
	assert_int_equal(s.p[s.n], '\0');
	assert_int_equal(s.n, strlen(want));
	assert_memory_equal(s.p, want, s.n);
}

/*
 * Opening.
 */

/* Copy tmpl to buf with each "%s" replaced by dir. */
static void
subst(char *buf, size_t sz, const char *tmpl, const char *dir)
{
	const char *p;
	size_t	    n = 0;

	buf[0] = '\0';
	while ((p = strstr(tmpl, "%s")) != NULL) {
		n += (size_t)snprintf(buf + n, sz - n, "%.*s%s",
		    (int)(p - tmpl), tmpl, dir);
		assert_true(n < sz);
		tmpl = p + 2;
	}
	snprintf(buf + n, sz - n, "%s", tmpl);
}

static void
test_open_errors(void **state)
{
	static const struct {
		const char *path; /* "%s": the temporary directory */
		unsigned    nconns;
		enum ng_err err;
		const char *msg; /* "%s" as above */
	} tests[] = {
		{ "%s/no/such/dir/nutgraf.db", 2, NG_EDB,
		    "cannot open database %s/no/such/dir/nutgraf.db: "
		    "unable to open database file" },
		{ "%s/garbage.db", 1, NG_EDB,
		    "cannot open database %s/garbage.db: "
		    "file is not a database" },
		{ "%s", 1, NG_EDB,
		    "cannot open database %s: "
		    "unable to open database file" },
		{ "", 1, NG_EINVAL, "no database path" },
		{ ":memory:", 1, NG_EINVAL,
		    "in-memory databases are not "
		    "supported; give a file path" },
		{ "%s/ok.db", 0, NG_EINVAL,
		    "connection count 0 is not in "
		    "1..64" },
		{ "%s/ok.db", 65, NG_EINVAL,
		    "connection count 65 is not in "
		    "1..64" },
	};
	char	     *dir = testlib_tmpdir();
	char	      path[4096], want[4096], err[512], garbage[4096];
	struct store *st;
	FILE	     *f;
	size_t	      i;

	(void)state;
	snprintf(garbage, sizeof(garbage), "%s/garbage.db", dir);
	assert_non_null(f = fopen(garbage, "w"));
	for (i = 0; i < 100; i++)
		fputs("this is not an SQLite database file. ", f);
	fclose(f);

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		subst(path, sizeof(path), tests[i].path, dir);
		subst(want, sizeof(want), tests[i].msg, dir);
		st = (struct store *)1;
		assert_int_equal(store_open(path, tests[i].nconns, &st, err,
				     sizeof(err)),
		    tests[i].err);
		assert_null(st);
		assert_string_equal(err, want);
	}
	/* A tiny errbuf is truncated, not overrun. */
	assert_int_equal(store_open("", 1, &st, err, 3), NG_EINVAL);
	assert_string_equal(err, "no");
	testlib_rmrf(dir);
	free(dir);
}

static void
test_wal_and_foreign_keys(void **state)
{
	struct fx     *fx = *state;
	struct article a;
	sqlite3	      *db;
	sqlite3_stmt  *s;
	int64_t	       id, bogus = 9999;

	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s,
			     NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	sqlite3_close(db);

	/* Foreign keys are per connection: check them through the store. */
	a = mk(fx, "fk-author", fx->now - 10);
	a.author_id = bogus;
	assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &id),
	    NG_EINVAL);
	a = mk(fx, "fk-section", fx->now - 10);
	a.section_id = bogus;
	assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &id),
	    NG_EINVAL);
	a = mk(fx, "fk-related", fx->now - 10);
	a.related_id = bogus;
	assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &id),
	    NG_EINVAL);
	a = mk(fx, "fk-tag", fx->now - 10);
	assert_int_equal(store_article_save(fx->st, &a, &bogus, 1, &id),
	    NG_EINVAL);
	assert_int_equal(id, 0);
	/* Both pooled connections, not only the first. */
	a = mk(fx, "fk-author2", fx->now - 10);
	a.author_id = bogus;
	assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &id),
	    NG_EINVAL);
	/* None of them left a row behind. */
	assert_int_equal(store_article_by_slug(fx->ar, fx->st,
			     STR_LIT("fk-tag"), &(struct article *){ NULL }),
	    NG_ENOTFOUND);
}

static void
test_is_empty(void **state)
{
	char	      *dir = testlib_tmpdir();
	char	       path[4096], err[256];
	struct store  *st;
	struct section s = { 0, STR_LIT("a"), STR_LIT("A"), STR_NULL, 0 };
	int64_t	       id;
	int	       empty;

	(void)state;
	snprintf(path, sizeof(path), "%s/e.db", dir);
	assert_int_equal(store_open(path, 1, &st, err, sizeof(err)), NG_OK);
	assert_int_equal(store_is_empty(st, &empty), NG_OK);
	assert_true(empty);
	assert_int_equal(store_section_add(st, &s, &id), NG_OK);
	assert_int_equal(store_is_empty(st, &empty), NG_OK);
	assert_false(empty);
	store_close(st);
	testlib_rmrf(dir);
	free(dir);
}

/*
 * Articles.
 */

static void
test_round_trip(void **state)
{
	struct fx     *fx = *state;
	struct article a, *got;
	int64_t	       tags[3] = { fx->tag[3], fx->tag[0], fx->tag[2] };
	int64_t	       rel, id;

	a = mk(fx, "niger-deal", fx->now - 3600);
	a.title = STR_LIT("Niger Breaks Off Military Deal With US");
	rel = save(fx, &a, NULL, 0);

	a = mk(fx, "main-story", fx->now - 60);
	a.title = STR_LIT("Main story");
	a.kicker = STR_NULL; /* NULL in the database */
	a.seo_title = STR_LIT("SEO title");
	a.legacy_url = STR_LIT("/2024/03/17/main-story/");
	a.canonical_url = STR_LIT("https://wire.example/main-story");
	a.section_id = fx->sec_world;
	a.author_id = fx->au_bob;
	a.related_id = rel;
	a.comments_open = 5; /* normalised to 1 */
	id = save(fx, &a, tags, 3);

	assert_int_equal(store_article_by_slug(fx->ar, fx->st,
			     STR_LIT("main-story"), &got),
	    NG_OK);
	assert_int_equal(got->id, id);
	assert_str(got->slug, "main-story");
	assert_str(got->title, "Main story");
	assert_str(got->kicker, "");
	assert_str(got->dek, "The standfirst.");
	assert_str(got->source_name, "Asian Lite News");
	assert_str(got->source_url, "https://example.com/x");
	assert_str(got->body_md, "Hello *world*.");
	assert_str(got->body_html.s, "<p>Hello <em>world</em>.</p>");
	assert_str(got->body_text, "Hello world.");
	assert_str(got->seo_title, "SEO title");
	assert_str(got->seo_description, "");
	assert_str(got->legacy_url, "/2024/03/17/main-story/");
	assert_str(got->canonical_url, "https://wire.example/main-story");
	assert_int_equal(got->status, ARTICLE_PUBLISHED);
	assert_int_equal(got->comments_open, 1);
	assert_int_equal(got->published_at, fx->now - 60);
	assert_true(got->created_at >= fx->now);
	assert_true(got->updated_at >= fx->now);
	assert_int_equal(got->version, 1);

	assert_int_equal(got->author_id, fx->au_bob);
	assert_int_equal(got->author.id, fx->au_bob);
	assert_str(got->author.slug, "bob");
	assert_str(got->author.name, "Bob");
	assert_str(got->author.bio, "");
	assert_int_equal(got->section.id, fx->sec_world);
	assert_str(got->section.slug, "world");
	assert_str(got->section.name, "World");
	assert_str(got->section.description, "News from everywhere");
	assert_int_equal(got->section.position, 2);

	/* Tags in the order the editor gave them. */
	assert_int_equal(got->ntags, 3);
	assert_int_equal(got->tags[0].id, fx->tag[3]);
	assert_str(got->tags[0].slug, "t3");
	assert_str(got->tags[0].name, "T3");
	assert_int_equal(got->tags[1].id, fx->tag[0]);
	assert_int_equal(got->tags[2].id, fx->tag[2]);

	assert_int_equal(got->related_id, rel);
	assert_int_equal(got->related.id, rel);
	assert_str(got->related.slug, "niger-deal");
	assert_str(got->related.title,
	    "Niger Breaks Off Military Deal With US");
	assert_int_equal(got->related.published_at, fx->now - 3600);

	/* By id: the same article. */
	assert_int_equal(store_article_by_id(fx->ar, fx->st, id, &got), NG_OK);
	assert_str(got->slug, "main-story");
	assert_int_equal(got->ntags, 3);
	assert_int_equal(got->related.id, rel);

	/* No author, no section, no tags: ids 0, empty strings. */
	a = mk(fx, "bare", fx->now - 5);
	a.author_id = 0;
	a.section_id = 0;
	save(fx, &a, NULL, 0);
	assert_int_equal(store_article_by_slug(fx->ar, fx->st, STR_LIT("bare"),
			     &got),
	    NG_OK);
	assert_int_equal(got->author.id, 0);
	assert_str(got->author.name, "");
	assert_int_equal(got->section.id, 0);
	assert_str(got->section.slug, "");
	assert_int_equal(got->ntags, 0);
	assert_int_equal(got->related.id, 0);
	assert_str(got->related.slug, "");
}

/* Which articles readers can see. */
/*
 * Pins (sticky posts): the published list is the stories a reader may
 * see, newest first; the full list keeps a draft's pin; a second pin
 * changes nothing; an unpin, or the article's deletion, drops it.
 */
static void
test_pins(void **state)
{
	struct fx     *fx = *state;
	struct article a;
	int64_t	       old, newer, draft, future, *ids;
	size_t	       n;

	a = mk(fx, "old", fx->now - 7200);
	old = save(fx, &a, NULL, 0);
	a = mk(fx, "newer", fx->now - 60);
	newer = save(fx, &a, NULL, 0);
	a = mk(fx, "draft", fx->now - 30);
	a.status = ARTICLE_DRAFT;
	draft = save(fx, &a, NULL, 0);
	a = mk(fx, "future", fx->now + 3600);
	future = save(fx, &a, NULL, 0);

	assert_int_equal(store_article_pins(fx->ar, fx->st, 1, 10, &ids, &n),
	    NG_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_article_pin(fx->st, old, 1), NG_OK);
	assert_int_equal(store_article_pin(fx->st, old, 1), NG_OK);
	assert_int_equal(store_article_pin(fx->st, newer, 1), NG_OK);
	assert_int_equal(store_article_pin(fx->st, draft, 1), NG_OK);
	assert_int_equal(store_article_pin(fx->st, future, 1), NG_OK);
	assert_int_equal(store_article_pin(fx->st, 999999, 1), NG_ENOTFOUND);

	assert_int_equal(store_article_pins(fx->ar, fx->st, 1, 10, &ids, &n),
	    NG_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], newer);
	assert_int_equal(ids[1], old);
	assert_int_equal(store_article_pins(fx->ar, fx->st, 1, 1, &ids, &n),
	    NG_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], newer);
	assert_int_equal(store_article_pins(fx->ar, fx->st, 0, 10, &ids, &n),
	    NG_OK);
	assert_int_equal(n, 4);

	assert_int_equal(store_article_pin(fx->st, newer, 0), NG_OK);
	assert_int_equal(store_article_pin(fx->st, newer, 0), NG_OK);
	assert_int_equal(store_article_delete(fx->st, draft), NG_OK);
	assert_int_equal(store_article_pins(fx->ar, fx->st, 0, 10, &ids, &n),
	    NG_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], future);
	assert_int_equal(ids[1], old);
}

static void
test_visibility(void **state)
{
	struct fx *fx = *state;
	static const struct {
		const char	   *slug;
		enum article_status status;
		int64_t		    offset; /* published_at - now */
		int		    visible;
	} tests[] = {
		{ "published", ARTICLE_PUBLISHED, -100, 1 },
		{ "published-now", ARTICLE_PUBLISHED, 0, 1 },
		{ "future", ARTICLE_PUBLISHED, 3600, 0 },
		{ "draft", ARTICLE_DRAFT, -100, 0 },
		{ "pending", ARTICLE_PENDING, -100, 0 },
		{ "scheduled", ARTICLE_SCHEDULED, 3600, 0 },
		{ "trashed", ARTICLE_TRASHED, -100, 0 },
	};
	struct article	     a, *got;
	struct article_list  l;
	struct article_query q = { .limit = 100 };
	int64_t		     ids[7], rel;
	size_t		     i, j, nvis = 0;
	int		     seen;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		a = mk(fx, tests[i].slug, fx->now + tests[i].offset);
		a.status = tests[i].status;
		ids[i] = save(fx, &a, &fx->tag[1], 1);
		nvis += tests[i].visible;
	}
	assert_int_equal(store_article_list(fx->ar, fx->st, &q, &l), NG_OK);
	assert_int_equal(l.total, nvis);
	assert_int_equal(l.n, nvis);
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		enum ng_err want;

		want = tests[i].visible ? NG_OK : NG_ENOTFOUND;
		if (store_article_by_slug(fx->ar, fx->st, str_c(tests[i].slug),
			&got) != want)
			fail_msg("%s: visibility wrong", tests[i].slug);
		if (!tests[i].visible)
			assert_null(got);
		/* Editors see every status by id. */
		assert_int_equal(store_article_by_id(fx->ar, fx->st, ids[i],
				     &got),
		    NG_OK);
		assert_int_equal(got->status, tests[i].status);
		for (seen = 0, j = 0; j < l.n; j++)
			seen += l.v[j].id == ids[i];
		assert_int_equal(seen, tests[i].visible);
	}

	/* A related pick that is not published is not shown. */
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		char slug[32];

		snprintf(slug, sizeof(slug), "with-related-%zu", i);
		a = mk(fx, slug, fx->now - 1);
		a.related_id = ids[i];
		rel = save(fx, &a, NULL, 0);
		assert_int_equal(store_article_by_slug(fx->ar, fx->st,
				     str_c(slug), &got),
		    NG_OK);
		assert_int_equal(got->id, rel);
		assert_int_equal(got->related_id, ids[i]);
		assert_int_equal(got->related.id,
		    tests[i].visible ? ids[i] : 0);
		if (!tests[i].visible)
			assert_str(got->related.title, "");
	}

	assert_int_equal(store_article_by_slug(fx->ar, fx->st,
			     STR_LIT("no-such-article"), &got),
	    NG_ENOTFOUND);
	assert_null(got);
	assert_int_equal(store_article_by_id(fx->ar, fx->st, 999999, &got),
	    NG_ENOTFOUND);
	assert_int_equal(store_article_by_id(fx->ar, fx->st, -1, &got),
	    NG_ENOTFOUND);
}

/*
 * Listing totals come from the count cache between writes; each of a
 * write, another process's commit and a publish time coming due must
 * show in the next total.
 */
static void
test_count_cache(void **state)
{
	struct fx	    *fx = *state;
	struct article_query q = { .limit = 2 };
	struct article_list  l;
	struct article	     a, *got;
	struct store	    *other;
	char		     err[256];
	int64_t		     now = (int64_t)time(NULL), id;
	size_t		     i;

	for (i = 0; i < 5; i++) {
		char slug[32];

		snprintf(slug, sizeof(slug), "counted-%zu", i);
		a = mk(fx, slug, now - 10 - (int64_t)i);
		(void)save(fx, &a, NULL, 0);
	}
	/* Twice: the second from the cache, the same. */
	for (i = 0; i < 2; i++) {
		assert_int_equal(store_article_list(fx->ar, fx->st, &q, &l),
		    NG_OK);
		assert_int_equal(l.total, 5);
		assert_int_equal(l.n, 2);
	}
	/* no_total: no count, just the rows. */
	q.no_total = 1;
	assert_int_equal(store_article_list(fx->ar, fx->st, &q, &l), NG_OK);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.total, 2);
	q.no_total = 0;

	/* A write through this store. */
	a = mk(fx, "counted-new", now - 1);
	(void)save(fx, &a, NULL, 0);
	assert_int_equal(store_article_list(fx->ar, fx->st, &q, &l), NG_OK);
	assert_int_equal(l.total, 6);

	/* A commit by another process (the nutgraf CLI, a second server):
	 * its invalidation record is what this store sees. */
	if (store_open(fx->path, 1, &other, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	assert_int_equal(store_article_by_slug(fx->ar, other,
			     STR_LIT("counted-0"), &got),
	    NG_OK);
	a = *got;
	a.status = ARTICLE_DRAFT;
	assert_int_equal(store_article_save(other, &a, NULL, 0, &id), NG_OK);
	store_close(other);
	assert_int_equal(store_article_list(fx->ar, fx->st, &q, &l), NG_OK);
	assert_int_equal(l.total, 5);

	/* An article whose publish time comes without any write. */
	now = (int64_t)time(NULL); /* the steps above take a while */
	a = mk(fx, "counted-soon", now + 2);
	(void)save(fx, &a, NULL, 0);
	assert_int_equal(store_article_list(fx->ar, fx->st, &q, &l), NG_OK);
	assert_int_equal(l.total, 5);
	/*
	 * Wait for the clock the store reads to pass the publish time: a
	 * poll on the condition itself (the store has no clock to move),
	 * so it cannot end early or late on a loaded machine.
	 */
	while ((int64_t)time(NULL) <= now + 2)
		usleep(50000);
	assert_int_equal(store_article_list(fx->ar, fx->st, &q, &l), NG_OK);
	assert_int_equal(l.total, 6);
	assert_str(l.v[0].slug, "counted-soon");

	/* Each key on its own: a section's total is not the front's. */
	q.section_id = fx->sec_world;
	assert_int_equal(store_article_list(fx->ar, fx->st, &q, &l), NG_OK);
	assert_int_equal(l.total, 0);
}

/*
 * A read session: one snapshot for its reads (another process's commit
 * is not seen until it ends), a write inside it works and is seen by
 * the reads after it, and the pool is whole again after the end.
 */
static void
test_read_session(void **state)
{
	struct fx	    *fx = *state;
	struct article_query q = { .limit = 10, .no_total = 1 };
	struct article_list  l;
	struct article	     a, *got;
	sqlite3		    *db;
	struct str	     v;
	int64_t		     now = (int64_t)time(NULL);

	a = mk(fx, "session-one", now - 5);
	(void)save(fx, &a, NULL, 0);

	store_read_begin(fx->st);
	store_read_begin(fx->st); /* joins */
	assert_int_equal(store_article_list(fx->ar, fx->st, &q, &l), NG_OK);
	assert_int_equal(l.n, 1);
	/* Another process commits: the session keeps its snapshot. */
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
			     "UPDATE articles SET title = "
			     "'Changed elsewhere' WHERE slug = 'session-one'",
			     NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(store_article_by_slug(fx->ar, fx->st,
			     STR_LIT("session-one"), &got),
	    NG_OK);
	assert_str(got->title, "session-one");
	/* Lookups that fail leave the session usable. */
	assert_int_equal(store_article_by_slug(fx->ar, fx->st,
			     STR_LIT("no-such"), &got),
	    NG_ENOTFOUND);
	/* A write ends the snapshot and is seen by the reads after it. */
	assert_int_equal(store_setting_set(fx->st, "title",
			     STR_LIT("Session Times")),
	    NG_OK);
	assert_int_equal(store_setting_get(fx->ar, fx->st, "title", &v), NG_OK);
	assert_str(v, "Session Times");
	assert_int_equal(store_article_by_slug(fx->ar, fx->st,
			     STR_LIT("session-one"), &got),
	    NG_OK);
	assert_str(got->title, "Changed elsewhere");
	store_read_end(fx->st);
	store_read_end(fx->st); /* the joined end: nothing left */

	/* After it, every pooled connection is free and fresh. */
	assert_int_equal(sqlite3_exec(db,
			     "UPDATE articles SET title = "
			     "'Changed again' WHERE slug = 'session-one'",
			     NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_article_by_slug(fx->ar, fx->st,
			     STR_LIT("session-one"), &got),
	    NG_OK);
	assert_str(got->title, "Changed again");
	a = mk(fx, "session-two", now - 1);
	(void)save(fx, &a, NULL, 0);
	assert_int_equal(store_article_list(fx->ar, fx->st, &q, &l), NG_OK);
	assert_int_equal(l.n, 2);
	/* Ending without a session, or with NULL, does nothing. */
	store_read_end(fx->st);
	store_read_begin(NULL);
	store_read_end(NULL);
}

static void
test_pagination(void **state)
{
	struct fx *fx = *state;
	static const struct {
		size_t offset, limit;
		size_t n;
	} pages[] = {
		{ 0, 10, 10 },
		{ 10, 10, 10 },
		{ 20, 10, 5 },
		{ 30, 10, 0 },
		{ 24, 10, 1 },
		{ 0, 0, 25 },
		{ 0, 1000, 25 },
		{ 3, 4, 4 },
		{ (size_t)-1, 10, 0 },
	};
	struct article	     a;
	struct article_list  l;
	struct article_query q;
	char		     slug[32];
	int64_t		     ids[25];
	size_t		     i, j;

	/* Two share a timestamp: the id breaks the tie, newest first. */
	for (i = 0; i < 25; i++) {
		snprintf(slug, sizeof(slug), "story-%02zu", i);
		a = mk(fx, slug, fx->now - 10000 + (int64_t)(i == 24 ? 23 : i));
		ids[i] = save(fx, &a, NULL, 0);
	}
	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		memset(&q, 0, sizeof(q));
		q.offset = pages[i].offset;
		q.limit = pages[i].limit;
		assert_int_equal(store_article_list(fx->ar, fx->st, &q, &l),
		    NG_OK);
		assert_int_equal(l.total, 25);
		if (l.n != pages[i].n)
			fail_msg("page %zu: %zu rows, want %zu", i, l.n,
			    pages[i].n);
		for (j = 0; j < l.n; j++)
			assert_int_equal(l.v[j].id,
			    ids[24 - (pages[i].offset + j)]);
	}
}

static void
test_filters(void **state)
{
	struct fx	    *fx = *state;
	struct article	     a;
	struct article_list  l;
	struct article_query q;
	char		     slug[32];
	int64_t		     tags[2];
	size_t		     i, k;
	struct {
		int64_t section, tag, author;
		size_t	total;
	} tests[] = {
		{ 0, 0, 0, 12 },
		{ fx->sec_news, 0, 0, 6 },
		{ fx->sec_world, 0, 0, 6 },
		{ 0, 0, fx->au_ann, 4 },
		{ 0, 0, fx->au_bob, 8 },
		{ 0, fx->tag[0], 0, 12 },
		{ 0, fx->tag[1], 0, 6 },
		{ 0, fx->tag[3], 0, 0 },
		{ fx->sec_news, fx->tag[1], 0, 6 },
		{ fx->sec_world, fx->tag[1], 0, 0 },
		{ fx->sec_news, 0, fx->au_ann, 2 },
		{ fx->sec_news, fx->tag[0], fx->au_bob, 4 },
		{ 9999, 0, 0, 0 },
	};

	/*
	 * i even: news, tags t1 then t0 (not id order); i odd: t0 only.
	 * i % 3 == 0: ann.
	 */
	for (i = 0; i < 12; i++) {
		snprintf(slug, sizeof(slug), "f-%02zu", i);
		a = mk(fx, slug, fx->now - 100 + (int64_t)i);
		a.section_id = i % 2 == 0 ? fx->sec_news : fx->sec_world;
		a.author_id = i % 3 == 0 ? fx->au_ann : fx->au_bob;
		tags[0] = i % 2 == 0 ? fx->tag[1] : fx->tag[0];
		tags[1] = fx->tag[0];
		save(fx, &a, tags, i % 2 == 0 ? 2 : 1);
	}
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		memset(&q, 0, sizeof(q));
		q.section_id = tests[i].section;
		q.tag_id = tests[i].tag;
		q.author_id = tests[i].author;
		q.limit = 5;
		assert_int_equal(store_article_list(fx->ar, fx->st, &q, &l),
		    NG_OK);
		if (l.total != tests[i].total)
			fail_msg("case %zu: total %zu, want %zu", i, l.total,
			    tests[i].total);
		assert_int_equal(l.n, tests[i].total < 5 ? tests[i].total : 5);
		for (k = 0; k < l.n; k++) {
			/* Every row comes with its author, section, tags. */
			assert_true(l.v[k].author.id != 0);
			assert_int_equal(l.v[k].author.id, l.v[k].author_id);
			assert_true(l.v[k].author.name.n > 0);
			assert_int_equal(l.v[k].section.id, l.v[k].section_id);
			assert_true(l.v[k].section.name.n > 0);
			assert_int_equal(l.v[k].ntags,
			    l.v[k].section_id == fx->sec_news ? 2 : 1);
			if (l.v[k].ntags == 2) {
				assert_int_equal(l.v[k].tags[0].id, fx->tag[1]);
				assert_str(l.v[k].tags[0].slug, "t1");
				assert_int_equal(l.v[k].tags[1].id, fx->tag[0]);
			} else {
				assert_int_equal(l.v[k].tags[0].id, fx->tag[0]);
				assert_str(l.v[k].tags[0].slug, "t0");
			}
			if (tests[i].section != 0)
				assert_int_equal(l.v[k].section_id,
				    tests[i].section);
			if (tests[i].author != 0)
				assert_int_equal(l.v[k].author_id,
				    tests[i].author);
			if (k > 0)
				assert_true(l.v[k - 1].published_at >
				    l.v[k].published_at);
		}
	}
	q = (struct article_query){ .section_id = -1 };
	assert_int_equal(store_article_list(fx->ar, fx->st, &q, &l), NG_EINVAL);
}

static void
test_conflicts_and_revisions(void **state)
{
	struct fx     *fx = *state;
	struct article a, b, *got;
	struct section s = { 0, STR_LIT("news"), STR_LIT("Again"), STR_NULL,
		0 };
	struct author  au = { 0, STR_LIT("ann"), STR_LIT("Again"), STR_NULL, 0,
		 STR_NULL, 0 };
	int64_t	       ida, idb, id;
	size_t	       nrev;

	a = mk(fx, "first", fx->now - 10);
	ida = save(fx, &a, &fx->tag[0], 1);
	assert_int_equal(store_article_revisions(fx->st, ida, &nrev), NG_OK);
	assert_int_equal(nrev, 1);

	/* A new article with a taken slug. */
	b = mk(fx, "first", fx->now - 5);
	assert_int_equal(store_article_save(fx->st, &b, NULL, 0, &id),
	    NG_ECONFLICT);
	assert_int_equal(id, 0);
	b = mk(fx, "second", fx->now - 5);
	idb = save(fx, &b, NULL, 0);

	/* Updates: each one is a revision and bumps the version. */
	a.id = ida;
	a.title = STR_LIT("First, edited");
	assert_int_equal(store_article_save(fx->st, &a, &fx->tag[2], 1, &id),
	    NG_OK);
	assert_int_equal(id, ida);
	a.title = STR_LIT("First, edited again");
	a.canonical_url = STR_LIT("https://wire.example/first");
	assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &id), NG_OK);
	assert_int_equal(store_article_revisions(fx->st, ida, &nrev), NG_OK);
	assert_int_equal(nrev, 3);

	/* Renaming onto another's slug fails and changes nothing. */
	b.id = idb;
	b.slug = STR_LIT("first");
	b.title = STR_LIT("Hijack");
	assert_int_equal(store_article_save(fx->st, &b, &fx->tag[1], 1, &id),
	    NG_ECONFLICT);
	assert_int_equal(store_article_revisions(fx->st, idb, &nrev), NG_OK);
	assert_int_equal(nrev, 1);
	assert_int_equal(store_article_by_id(fx->ar, fx->st, idb, &got), NG_OK);
	assert_str(got->slug, "second");
	assert_int_equal(got->ntags, 0);
	assert_int_equal(store_article_by_id(fx->ar, fx->st, ida, &got), NG_OK);
	assert_str(got->title, "First, edited again");
	assert_str(got->canonical_url, "https://wire.example/first");
	assert_int_equal(got->ntags, 0);
	assert_int_equal(got->version, 3);
	/* Keeping one's own slug is no conflict. */
	b.slug = STR_LIT("second");
	assert_int_equal(store_article_save(fx->st, &b, NULL, 0, &id), NG_OK);

	/* Optimistic locking. */
	a.version = 3;
	assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &id), NG_OK);
	assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &id),
	    NG_ECONFLICT);
	assert_int_equal(store_article_revisions(fx->st, ida, &nrev), NG_OK);
	assert_int_equal(nrev, 4);
	a.version = 0;
	a.id = 424242;
	assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &id),
	    NG_ENOTFOUND);

	assert_int_equal(store_article_revisions(fx->st, 424242, &nrev), NG_OK);
	assert_int_equal(nrev, 0);

	/* Sections and authors have unique slugs too. */
	assert_int_equal(store_section_add(fx->st, &s, &id), NG_ECONFLICT);
	assert_int_equal(id, 0);
	assert_int_equal(store_author_add(fx->st, &au, &id), NG_ECONFLICT);
}

static void
test_validation(void **state)
{
	struct fx     *fx = *state;
	static char    big[STORE_BODY_MAX + 2];
	int64_t	       tags[STORE_TAGS_MAX + 1];
	struct article a;
	int64_t	       id;
	size_t	       i;
	struct {
		const char *what;
		size_t	    field; /* which one to set */
		size_t	    len;
		enum ng_err want;
	} tests[] = {
		{ "title at limit", 0, STORE_TITLE_MAX, NG_OK },
		{ "title over", 0, STORE_TITLE_MAX + 1, NG_ETOOBIG },
		{ "slug at limit", 1, STORE_SLUG_MAX, NG_OK },
		{ "slug over", 1, STORE_SLUG_MAX + 1, NG_ETOOBIG },
		{ "slug empty", 1, 0, NG_EINVAL },
		{ "dek over", 2, STORE_DEK_MAX + 1, NG_ETOOBIG },
		{ "body at limit", 3, STORE_BODY_MAX, NG_OK },
		{ "body over", 3, STORE_BODY_MAX + 1, NG_ETOOBIG },
		{ "kicker over", 4, STORE_TITLE_MAX + 1, NG_ETOOBIG },
		{ "url over", 5, STORE_URL_MAX + 1, NG_ETOOBIG },
	};

	memset(big, 'x', sizeof(big));
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		char slug[32];

		snprintf(slug, sizeof(slug), "v-%zu", i);
		a = mk(fx, slug, fx->now - 1);
		/* Long slugs must stay distinct per case. */
		if (tests[i].field == 1)
			big[0] = (char)('a' + i);
		switch (tests[i].field) {
		case 0:
			a.title = (struct str){ big, tests[i].len };
			break;
		case 1:
			a.slug = (struct str){ big, tests[i].len };
			break;
		case 2:
			a.dek = (struct str){ big, tests[i].len };
			break;
		case 3:
			a.body_md = (struct str){ big, tests[i].len };
			break;
		case 4:
			a.kicker = (struct str){ big, tests[i].len };
			break;
		default:
			a.source_url = (struct str){ big, tests[i].len };
			break;
		}
		if (store_article_save(fx->st, &a, NULL, 0, &id) !=
		    tests[i].want)
			fail_msg("%s: wrong result", tests[i].what);
		big[0] = 'x';
	}

	a = mk(fx, "bad-status", fx->now);
	a.status = ARTICLE__MAX;
	assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &id),
	    NG_EINVAL);
	a = mk(fx, "too-many-tags", fx->now);
	for (i = 0; i <= STORE_TAGS_MAX; i++)
		tags[i] = (int64_t)i + 1;
	assert_int_equal(store_article_save(fx->st, &a, tags,
			     STORE_TAGS_MAX + 1, &id),
	    NG_ETOOBIG);
	tags[0] = fx->tag[1];
	tags[1] = fx->tag[1];
	assert_int_equal(store_article_save(fx->st, &a, tags, 2, &id),
	    NG_EINVAL);
	assert_int_equal(store_article_save(fx->st, &a, NULL, 1, &id),
	    NG_EINVAL);
	a.title = (struct str){ NULL, 3 };
	assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &id),
	    NG_EINVAL);
	/* An article cannot be its own related pick. */
	a = mk(fx, "self", fx->now);
	id = save(fx, &a, NULL, 0);
	a.id = id;
	a.related_id = id;
	assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &id),
	    NG_EINVAL);
	/* Published with no date gets "now", not 1970. */
	a = mk(fx, "undated", 0);
	id = save(fx, &a, NULL, 0);
	{
		struct article *got;

		assert_int_equal(store_article_by_id(fx->ar, fx->st, id, &got),
		    NG_OK);
		assert_true(got->published_at >= fx->now);
	}
}

/*
 * Sections, tags, authors, settings.
 */

static void
test_taxonomy(void **state)
{
	struct fx      *fx = *state;
	struct section *sv, *s;
	struct tag     *t;
	struct author  *au;
	size_t		n;
	int64_t		id;

	assert_int_equal(store_sections(fx->ar, fx->st, &sv, &n), NG_OK);
	assert_int_equal(n, 2);
	assert_str(sv[0].slug, "news"); /* position 1 */
	assert_str(sv[0].description, "");
	assert_str(sv[1].slug, "world");
	assert_str(sv[1].description, "News from everywhere");

	assert_int_equal(store_section_by_slug(fx->ar, fx->st, STR_LIT("world"),
			     &s),
	    NG_OK);
	assert_int_equal(s->id, fx->sec_world);
	assert_str(s->name, "World");
	assert_int_equal(store_section_by_slug(fx->ar, fx->st, STR_LIT("nope"),
			     &s),
	    NG_ENOTFOUND);
	assert_null(s);
	assert_int_equal(store_section_by_slug(fx->ar, fx->st, STR_NULL, &s),
	    NG_ENOTFOUND);

	/* A tag is found again by its slug, whatever name is passed. */
	assert_int_equal(store_tag_ensure(fx->st, STR_LIT("T1 renamed"),
			     STR_LIT("t1"), &id),
	    NG_OK);
	assert_int_equal(id, fx->tag[1]);
	assert_int_equal(store_tag_ensure(fx->st, STR_LIT("Brand new"),
			     STR_LIT("brand-new"), &id),
	    NG_OK);
	assert_true(id > fx->tag[3]);
	assert_int_equal(store_tag_by_slug(fx->ar, fx->st, STR_LIT("brand-new"),
			     &t),
	    NG_OK);
	assert_int_equal(t->id, id);
	assert_str(t->name, "Brand new");
	assert_int_equal(store_tag_by_slug(fx->ar, fx->st, STR_LIT("t1"), &t),
	    NG_OK);
	assert_str(t->name, "T1");
	assert_int_equal(store_tag_by_slug(fx->ar, fx->st, STR_LIT("zzz"), &t),
	    NG_ENOTFOUND);
	assert_int_equal(store_tag_ensure(fx->st, STR_NULL, STR_LIT("x"), &id),
	    NG_EINVAL);

	assert_int_equal(store_author_by_slug(fx->ar, fx->st, STR_LIT("ann"),
			     &au),
	    NG_OK);
	assert_int_equal(au->id, fx->au_ann);
	assert_str(au->name, "Ann Author");
	assert_str(au->bio, "Writes things.");
	assert_int_equal(store_author_by_slug(fx->ar, fx->st, STR_LIT("carol"),
			     &au),
	    NG_ENOTFOUND);
	assert_null(au);
}

static void
test_settings(void **state)
{
	struct fx  *fx = *state;
	static char key[STORE_KEY_MAX + 2];
	struct str  v;

	assert_int_equal(store_setting_get(fx->ar, fx->st, "title", &v),
	    NG_ENOTFOUND);
	assert_non_null(v.p);
	assert_int_equal(v.n, 0);
	assert_int_equal(store_setting_set(fx->st, "title",
			     STR_LIT("Asian Lite")),
	    NG_OK);
	assert_int_equal(store_setting_get(fx->ar, fx->st, "title", &v), NG_OK);
	assert_str(v, "Asian Lite");
	assert_int_equal(store_setting_set(fx->st, "title",
			     STR_LIT("Asian Lite International")),
	    NG_OK);
	assert_int_equal(store_setting_get(fx->ar, fx->st, "title", &v), NG_OK);
	assert_str(v, "Asian Lite International");
	assert_int_equal(store_setting_set(fx->st, "tagline", STR_NULL), NG_OK);
	assert_int_equal(store_setting_get(fx->ar, fx->st, "tagline", &v),
	    NG_OK);
	assert_str(v, "");

	memset(key, 'k', STORE_KEY_MAX + 1);
	assert_int_equal(store_setting_set(fx->st, key, STR_LIT("x")),
	    NG_ETOOBIG);
	assert_int_equal(store_setting_set(fx->st, "", STR_LIT("x")),
	    NG_EINVAL);
	assert_int_equal(store_setting_get(fx->ar, fx->st, key, &v),
	    NG_ENOTFOUND);
	assert_int_equal(store_setting_get(fx->ar, fx->st, NULL, &v),
	    NG_ENOTFOUND);
}

/*
 * Memory, durability, threads.
 */

/* Fail the Nth arena allocation for every N until the lookup fits. */
static void
test_arena_faults(void **state)
{
	struct fx	    *fx = *state;
	struct article	     a, *got;
	struct article_list  l;
	struct article_query q = { .limit = 10 };
	struct arena	    *ar;
	enum ng_err	     e1, e2;
	long		     n;

	a = mk(fx, "oom", fx->now - 1);
	save(fx, &a, fx->tag, 3);
	a = mk(fx, "oom2", fx->now - 2);
	save(fx, &a, fx->tag, 2);
	for (n = 0; n < 1000; n++) {
		ar = arena_new(1 << 20);
		arena_fail_after(ar, n);
		e1 = store_article_by_slug(ar, fx->st, STR_LIT("oom"), &got);
		assert_true(e1 == NG_OK || e1 == NG_ENOMEM);
		if (e1 != NG_OK)
			assert_null(got);
		arena_free(ar);

		ar = arena_new(1 << 20);
		arena_fail_after(ar, n);
		e2 = store_article_list(ar, fx->st, &q, &l);
		assert_true(e2 == NG_OK || e2 == NG_ENOMEM);
		if (e2 != NG_OK) {
			assert_null(l.v);
			assert_int_equal(l.n, 0);
		} else {
			assert_int_equal(l.n, 2);
			assert_int_equal(l.v[0].ntags, 3);
		}
		arena_free(ar);
		if (e1 == NG_OK && e2 == NG_OK)
			break;
	}
	assert_true(n > 0 && n < 1000);
	/* The store is still healthy afterwards. */
	assert_int_equal(store_article_by_slug(fx->ar, fx->st, STR_LIT("oom"),
			     &got),
	    NG_OK);
	assert_int_equal(got->ntags, 3);
}

/*
 * An acknowledged write survives kill -9: a child saves, reports, and is
 * killed without closing the store; the WAL still holds the commit.
 */
static void
test_survives_kill(void **state)
{
	struct fx     *fx = *state;
	struct article a, *got;
	struct store  *st;
	char	       err[256], c;
	int	       fds[2], status;
	pid_t	       pid;
	int64_t	       id;

	assert_int_equal(pipe(fds), 0);
	if ((pid = fork()) == 0) {
		close(fds[0]);
		if (store_open(fx->path, 1, &st, err, sizeof(err)) != NG_OK)
			_exit(1);
		a = mk(fx, "acknowledged", fx->now - 1);
		if (store_article_save(st, &a, NULL, 0, &id) != NG_OK)
			_exit(2);
		(void)!write(fds[1], "k", 1);
		for (;;)
			pause();
	}
	assert_true(pid > 0);
	close(fds[1]);
	assert_int_equal(read(fds[0], &c, 1), 1);
	close(fds[0]);
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));

	/* Another store, as after a restart, finds it. */
	assert_int_equal(store_open(fx->path, 1, &st, err, sizeof(err)), NG_OK);
	assert_int_equal(store_article_by_slug(fx->ar, st,
			     STR_LIT("acknowledged"), &got),
	    NG_OK);
	store_close(st);
}

static void
test_close_checkpoints(void **state)
{
	struct fx     *fx = *state;
	struct article a, *got;
	struct stat    sb;
	char	       wal[4200], err[256];

	a = mk(fx, "before-close", fx->now - 1);
	save(fx, &a, NULL, 0);
	store_close(fx->st);
	fx->st = NULL;
	snprintf(wal, sizeof(wal), "%s-wal", fx->path);
	assert_true(stat(wal, &sb) == -1 || sb.st_size == 0);
	assert_int_equal(store_open(fx->path, 2, &fx->st, err, sizeof(err)),
	    NG_OK);
	assert_int_equal(store_article_by_slug(fx->ar, fx->st,
			     STR_LIT("before-close"), &got),
	    NG_OK);
	store_close(NULL);
}

#define NTHREADS 4
#define NROUNDS	 60

struct worker {
	struct fx *fx;
	int	   n;
	int	   errors;
	char	   what[128];
};

static void *
worker_run(void *arg)
{
	struct worker	    *w = arg;
	struct fx	    *fx = w->fx;
	struct arena	    *ar = arena_new(ARENA_CAP);
	struct article	     a, *got;
	struct article_list  l;
	struct article_query q = { .limit = 20 };
	char		     slug[32], other[32];
	int64_t		     id, mine;
	int		     r;

#define CHECK(e, want, ...)                                              \
	do {                                                             \
		if ((e) != (want)) {                                     \
			w->errors++;                                     \
			snprintf(w->what, sizeof(w->what), __VA_ARGS__); \
		}                                                        \
	} while (0)

	snprintf(slug, sizeof(slug), "w%d", w->n);
	a = mk(fx, slug, fx->now - 1000);
	a.author_id = w->n % 2 ? fx->au_ann : fx->au_bob;
	CHECK(store_article_save(fx->st, &a, &fx->tag[w->n % 4], 1, &mine),
	    NG_OK, "first save");
	for (r = 0; r < NROUNDS; r++) {
		CHECK(store_article_by_slug(ar, fx->st, str_c(slug), &got),
		    NG_OK, "lookup %d", r);
		CHECK(store_article_list(ar, fx->st, &q, &l), NG_OK, "list %d",
		    r);
		a.id = mine;
		a.version = 0;
		a.title = STR_LIT("edited");
		CHECK(store_article_save(fx->st, &a, NULL, 0, &id), NG_OK,
		    "update %d", r);
		snprintf(other, sizeof(other), "w%d-%d", w->n, r);
		a.id = 0;
		a.slug = str_c(other);
		CHECK(store_article_save(fx->st, &a, fx->tag, 2, &id), NG_OK,
		    "insert %d", r);
		a.slug = str_c(slug);
		if (r % 8 == 0) {
			arena_free(ar);
			ar = arena_new(ARENA_CAP);
		}
	}
#undef CHECK
	arena_free(ar);
	return NULL;
}

static void
test_concurrency(void **state)
{
	struct fx	    *fx = *state;
	struct worker	     w[NTHREADS];
	pthread_t	     t[NTHREADS];
	struct article_list  l;
	struct article_query q = { .limit = 1 };
	size_t		     nrev;
	int		     i;

	for (i = 0; i < NTHREADS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].fx = fx;
		w[i].n = i;
		assert_int_equal(pthread_create(&t[i], NULL, worker_run, &w[i]),
		    0);
	}
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], NULL);
		if (w[i].errors != 0)
			fail_msg("worker %d: %d errors, last: %s", i,
			    w[i].errors, w[i].what);
	}
	assert_int_equal(store_article_list(fx->ar, fx->st, &q, &l), NG_OK);
	assert_int_equal(l.total, NTHREADS * (NROUNDS + 1));
	assert_int_equal(store_article_revisions(fx->st, 1, &nrev), NG_OK);
	assert_int_equal(nrev, NROUNDS + 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_is_empty),
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_wal_and_foreign_keys),
		T(test_round_trip),
		T(test_visibility),
		T(test_pins),
		T(test_count_cache),
		T(test_read_session),
		T(test_pagination),
		T(test_filters),
		T(test_conflicts_and_revisions),
		T(test_validation),
		T(test_taxonomy),
		T(test_settings),
		T(test_arena_faults),
		T(test_survives_kill),
		T(test_close_checkpoints),
		T(test_concurrency),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
