/*
 * gen.c -- a deterministic benchmark database for `make bench`.
 *
 *	nutgraf-bench-gen DATA_DIR ARTICLES COMMENTS TAGS
 *
 * Creates DATA_DIR/nutgraf.db through the store and content APIs, as
 * the newsroom would: 8 sections, 60 authors, TAGS tags, ARTICLES
 * articles with Markdown bodies of 600 to 1200 words
 * (headings, lists, quotes, links, emphasis) rendered by the real
 * Markdown code, 3 to 6 tags each and an ALSO READ pick, and COMMENTS
 * approved comments spread over the archive, 1 in 2,000 of them on the
 * newest article (the one the benchmark reads).  The same arguments always give the same content:
 * one fixed-seed generator, and dates counted back from a fixed day.
 *
 * Prints one line per phase and, last, "article PATH", "tag PATH" and
 * "search WORD" for bench/run.sh.
 */
#include <sys/stat.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/markdown.h"
#include "content/slug.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "store/store.h"
#include "vocab.h"

/* Everything the generator keeps, in one place (STYLE.md: tools). */
static struct {
	uint64_t	 rng;
	struct store	*st;
	int64_t		 sections[8];
	int64_t		*authors;
	int64_t		*tags;
	size_t		 ntags;
} g;

/*
 * Articles are saved as scheduled (with past dates) and published BATCH
 * at a time through the newsroom's scheduler call.  Saving an article
 * as published also recomputes the ALSO READ boxes of its five nearest
 * neighbours, which at 100,000 articles would make the
 * generator take an hour; this way each article still gets its own box,
 * chosen among the older articles already published, and the database
 * is the same one a newsroom publishing in order would have.
 */
#define BATCH		500

/* 2024-06-01 00:00:00 UTC: articles count back from here. */
#define EPOCH		1717200000
#define NAUTHORS	60

static const char *const section_names[8] = {
	"News", "World", "Politics", "Business", "Technology", "Science",
	"Sport", "Culture"
};

static uint64_t
rnd(void)
{
	return vocab_rnd(&g.rng);
}

static size_t
rnd_in(size_t lo, size_t hi)
{
	return lo + (size_t)(rnd() % (hi - lo + 1));
}

static const char *
word(void)
{
	return vocab_word(&g.rng);
}

static void
sentence(struct buf *b, size_t n)
{
	const char	*w;
	size_t		 i;

	for (i = 0; i < n; i++) {
		w = word();
		if (i == 0)
			buf_printf(b, "%c%s", w[0] - 'a' + 'A', w + 1);
		else if (rnd() % 40 == 0)
			buf_printf(b, " *%s*", w);
		else if (rnd() % 60 == 0)
			buf_printf(b, " [%s](https://example.org/%s)", w, w);
		else
			buf_printf(b, " %s", w);
	}
	buf_puts(b, ". ");
}

/* A Markdown body of about target words; returns the words written. */
static size_t
body(struct buf *b, size_t target)
{
	size_t	 nw = 0, n, i, para = 0;

	while (nw < target) {
		switch (para % 9 == 4 ? 1 : para % 11 == 7 ? 2 :
		    para % 13 == 9 ? 3 : 0) {
		case 1:
			buf_puts(b, "## ");
			sentence(b, n = rnd_in(3, 7));
			buf_puts(b, "\n\n");
			break;
		case 2:
			for (i = 0, n = 0; i < 4; i++) {
				buf_puts(b, "- ");
				sentence(b, 8);
				buf_puts(b, "\n");
				n += 8;
			}
			buf_puts(b, "\n");
			break;
		case 3:
			buf_puts(b, "> ");
			sentence(b, n = rnd_in(15, 30));
			buf_puts(b, "\n\n");
			break;
		default:
			for (i = 0, n = 0; i < rnd_in(2, 6); i++) {
				sentence(b, 12 + i * 3);
				n += 12 + i * 3;
			}
			buf_puts(b, "\n\n");
			break;
		}
		nw += n;
		para++;
	}
	return nw;
}

static void
title(struct buf *b, size_t i)
{
	const char	*w = word();
	size_t		 k, n = rnd_in(5, 10);

	buf_printf(b, "%c%s", w[0] - 'a' + 'A', w + 1);
	for (k = 1; k < n; k++)
		buf_printf(b, " %s", word());
	/* Unique, so every slug is too. */
	buf_printf(b, " %zu", i);
}

static int
fail(const char *what, enum ng_err err)
{
	fprintf(stderr, "gen: %s: %s\n", what, ng_strerror(err));
	return 1;
}

static int
make_taxonomy(struct arena *a)
{
	struct section	 s;
	struct author	 au;
	struct str	 name, slug;
	enum ng_err	 err;
	char		 buf[128];
	size_t		 i;

	for (i = 0; i < 8; i++) {
		memset(&s, 0, sizeof(s));
		s.name = str_c(section_names[i]);
		s.position = (int)i;
		if ((err = slug_make(a, s.name, &s.slug)) != NG_OK ||
		    (err = store_section_add(g.st, &s, &g.sections[i])) !=
		    NG_OK)
			return fail("section", err);
	}
	g.authors = calloc(NAUTHORS, sizeof(*g.authors));
	for (i = 0; i < NAUTHORS; i++) {
		memset(&au, 0, sizeof(au));
		snprintf(buf, sizeof(buf), "Reporter %c%s %zu",
		    vocab_common(i)[0] - 'a' + 'A', vocab_common(i) + 1, i);
		au.name = str_c(arena_strdup(a, buf));
		au.bio = STR_LIT("Covers the news for the desk.");
		if ((err = slug_make(a, au.name, &au.slug)) != NG_OK ||
		    (err = store_author_add(g.st, &au, &g.authors[i])) !=
		    NG_OK)
			return fail("author", err);
	}
	g.tags = calloc(g.ntags, sizeof(*g.tags));
	for (i = 0; i < g.ntags; i++) {
		snprintf(buf, sizeof(buf), "%s %s %zu", vocab_common(i),
		    vocab_common(i * 7 + 3), i);
		name = str_c(arena_strdup(a, buf));
		if ((err = slug_make(a, name, &slug)) != NG_OK ||
		    (err = store_tag_ensure(g.st, name, slug, &g.tags[i])) !=
		    NG_OK)
			return fail("tag", err);
	}
	return 0;
}

/*
 * Comment settings for the comment POST run: wrk posts as fast as it
 * can from one address, which the defaults would rightly refuse (flood
 * and hourly limits, 429) or hold for moderation until the queue is full
 * (503).  0 turns each check off; the articles are old, so comments must
 * not close by age either.  The benchmark then measures the whole
 * accepted path: validation, policy, the insert and the 303.
 */
static int
bench_settings(void)
{
	static const char *const kv[][2] = {
		{ "comment_flood_seconds", "0" },
		{ "comment_hourly_max", "0" },
		{ "comment_moderation", "0" },
		{ "comment_previously_approved", "0" },
		{ "close_comments_days_old", "0" },
		{ "comment_pending_max", "0" },
	};
	enum ng_err	 err;
	size_t		 i;

	for (i = 0; i < sizeof(kv) / sizeof(kv[0]); i++)
		if ((err = store_setting_set(g.st, kv[i][0],
		    str_c(kv[i][1]))) != NG_OK)
			return fail("setting", err);
	return 0;
}

/*
 * Article i (0 is the newest).  Tags follow a skewed draw, so tag 0 is
 * on many articles: the tag page the benchmark reads is a busy one.
 */
static int
make_article(size_t i, size_t n, int64_t *id, char *path, size_t pathsz)
{
	struct arena	*a = arena_new(16 * 1024 * 1024);
	struct article	 art;
	struct buf	 b;
	struct str	 s;
	int64_t		 tags[6];
	size_t		 nt, k, j, want;
	enum ng_err	 err;
	struct tm	 tm;
	time_t		 t;

	memset(&art, 0, sizeof(art));
	buf_init(&b, a);
	title(&b, i);
	if (buf_finish(&b, &art.title) != NG_OK)
		return fail("title", NG_ENOMEM);
	if ((err = slug_make(a, art.title, &art.slug)) != NG_OK)
		return fail("slug", err);
	buf_init(&b, a);
	sentence(&b, rnd_in(15, 30));
	if (buf_finish(&b, &art.dek) != NG_OK)
		return fail("dek", NG_ENOMEM);
	art.kicker = str_c(section_names[i % 8]);
	buf_init(&b, a);
	body(&b, rnd_in(600, 1200));
	if (buf_finish(&b, &s) != NG_OK)
		return fail("body", NG_ENOMEM);
	art.body_md = s;
	if ((err = markdown_render(a, s.p, s.n, &art.body_html)) != NG_OK ||
	    (err = markdown_text(a, s.p, s.n, &art.body_text)) != NG_OK)
		return fail("markdown", err);
	/* Published in batches by main(); see BATCH. */
	art.status = ARTICLE_SCHEDULED;
	art.comments_open = 1;
	/* Newest first, about three hours apart. */
	art.published_at = EPOCH - (int64_t)i * 10800 -
	    (int64_t)(rnd() % 3600);
	art.author_id = g.authors[rnd() % NAUTHORS];
	art.section_id = g.sections[i % 8];
	/* The ALSO READ pick: an older article, saved before this one. */
	art.related_id = i + 1 < n && *id != 0 && rnd() % 3 == 0 ? *id : 0;
	want = rnd_in(3, 6);
	for (nt = k = 0; k < want; k++) {
		size_t	 x = (size_t)(rnd() % g.ntags);
		size_t	 y = (size_t)(rnd() % g.ntags);

		tags[nt] = g.tags[(x * y) / g.ntags];	/* skewed to 0 */
		for (j = 0; j < nt && tags[j] != tags[nt]; j++)
			continue;
		if (j == nt)
			nt++;
	}
	err = store_article_save(g.st, &art, tags, nt, id);
	if (err != NG_OK)
		return fail("article", err);
	t = (time_t)art.published_at;
	gmtime_r(&t, &tm);
	snprintf(path, pathsz, "/%04d/%02d/%.*s/", tm.tm_year + 1900,
	    tm.tm_mon + 1, (int)art.slug.n, art.slug.p);
	arena_free(a);
	return 0;
}

static int
make_comments(int64_t first, int64_t last, int64_t hot, size_t n)
{
	struct arena	*a = arena_new(1024 * 1024);
	struct comment	 c;
	struct buf	 b;
	char		 name[64], email[96];
	enum ng_err	 err;
	int64_t		 id;
	size_t		 i, span = (size_t)(last - first + 1);

	/* In bulk transactions too: one sync a batch, not a comment. */
	for (i = 0; i < n; i++) {
		if (i % BATCH == 0 && (err = store_bulk_begin(g.st)) != NG_OK)
			return fail("bulk", err);
		memset(&c, 0, sizeof(c));
		/*
		 * The newest article, the one the benchmark reads, gets a
		 * busy story's share (50 of 100,000); the rest spread
		 * over the archive, ten or so each.
		 */
		c.article_id = i % 2000 == 0 ? hot :
		    first + (int64_t)(rnd() % span);
		c.status = COMMENT_APPROVED;
		snprintf(name, sizeof(name), "Reader %zu", i % 997);
		snprintf(email, sizeof(email), "reader%zu@example.org",
		    i % 997);
		c.author = str_c(name);
		c.email = str_c(email);
		buf_init(&b, a);
		sentence(&b, rnd_in(8, 40));
		if (buf_finish(&b, &c.body) != NG_OK)
			return fail("comment", NG_ENOMEM);
		c.ip = STR_LIT("192.0.2.1");
		c.created_at = EPOCH + (int64_t)i;
		err = store_comment_add(g.st, &c, NULL, &id);
		if ((err != NG_OK || i % BATCH == BATCH - 1 || i + 1 == n) &&
		    (err = store_bulk_end(g.st, err)) != NG_OK)
			return fail("comment", err);
		arena_free(a);
		a = arena_new(1024 * 1024);
	}
	arena_free(a);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct arena	*a;
	char		 dbpath[4096], path[1024], first_path[1024];
	char		 errbuf[512];
	size_t		 narticles, ncomments, i, published;
	enum ng_err	 err;
	int64_t		 id = 0, newest = 0, oldest = 0;
	time_t		 t0 = time(NULL);

	if (argc != 5) {
		fprintf(stderr, "usage: nutgraf-bench-gen DATA_DIR ARTICLES "
		    "COMMENTS TAGS\n");
		return 2;
	}
	narticles = strtoul(argv[2], NULL, 10);
	ncomments = strtoul(argv[3], NULL, 10);
	g.ntags = strtoul(argv[4], NULL, 10);
	if (narticles == 0 || g.ntags == 0) {
		fprintf(stderr, "gen: need at least one article and tag\n");
		return 2;
	}
	log_set_level(LOG_LVL_WARN);
	g.rng = 0x9e3779b97f4a7c15ULL;
	mkdir(argv[1], 0750);
	snprintf(dbpath, sizeof(dbpath), "%s/nutgraf.db", argv[1]);
	if (store_open(dbpath, 1, &g.st, errbuf, sizeof(errbuf)) != NG_OK) {
		fprintf(stderr, "gen: %s\n", errbuf);
		return 1;
	}
	a = arena_new(1024 * 1024);
	if (make_taxonomy(a) != 0 || bench_settings() != 0)
		return 1;
	/*
	 * Oldest first, so the ALSO READ pick always exists already.  Each
	 * BATCH of articles is one bulk transaction: one commit (and sync)
	 * a batch instead of one an article, which made generating the
	 * 100,000-article archive wait on the disk for hours.
	 */
	for (i = narticles; i-- > 0;) {
		if ((i == narticles - 1 || i % BATCH == BATCH - 1) &&
		    (err = store_bulk_begin(g.st)) != NG_OK)
			return fail("bulk", err);
		err = make_article(i, narticles, &id, path, sizeof(path)) != 0 ?
		    NG_EINVAL : NG_OK;
		if ((i % BATCH == 0 || err != NG_OK) &&
		    (err = store_bulk_end(g.st, err)) != NG_OK)
			return fail("batch", err);
		if (i == narticles - 1)
			oldest = id;
		if (i == 0) {
			newest = id;
			snprintf(first_path, sizeof(first_path), "%s", path);
		}
		if ((i % BATCH == 0 || i == 0) &&
		    (err = store_article_publish_due(g.st, (int64_t)time(NULL),
		    &published)) != NG_OK)
			return fail("publish", err);
		if (i % 10000 == 0)
			fprintf(stderr, "gen: %zu articles left (%llds)\n", i,
			    (long long)(time(NULL) - t0));
	}
	if (ncomments > 0 && make_comments(oldest, newest, newest,
	    ncomments) != 0)
		return 1;
	store_close(g.st);
	arena_free(a);
	printf("article %s\n", first_path);
	printf("tag /tag/%s-%s-0/\n", vocab_common(0), vocab_common(3));
	/* A word of middling frequency, as a reader would search for. */
	printf("search %s\n", vocab_content(1500));
	fprintf(stderr, "gen: done in %llds\n", (long long)(time(NULL) - t0));
	return 0;
}
