/*
 * ng_store_tool -- writes to a nutgraf database through the store API,
 * from outside the server process.  The page cache tests
 * (tests/http/cache.test.mjs) use it to change content under a running
 * server, which has to notice another process's commits
 * (store_generation_sync()).  Test-only: never installed.
 *
 *	ng_store_tool DB setting KEY VALUE
 *	ng_store_tool DB publish SLUG TITLE [DELAY]	prints the article path
 *	ng_store_tool DB edit SLUG TITLE
 *	ng_store_tool DB unpublish SLUG
 *	ng_store_tool DB comment SLUG AUTHOR TEXT	an approved comment
 *
 * publish with DELAY > 0 dates the article DELAY seconds ahead, so it
 * stays hidden until then.  Exit status 0 on success, 1 with a message
 * on stderr otherwise.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/article.h"
#include "core/arena.h"
#include "core/err.h"
#include "store/store.h"

static int
die(const char *what, enum ng_err err)
{
	fprintf(stderr, "ng_store_tool: %s: %s\n", what, ng_strerror(err));
	return 1;
}

static void
print_path(const struct article *a)
{
	struct tm tm;
	time_t	  t = (time_t)a->published_at;

	gmtime_r(&t, &tm);
	printf("/%04d/%02d/%.*s/\n", tm.tm_year + 1900, tm.tm_mon + 1,
	    (int)a->slug.n, a->slug.p);
}

/* The article called slug, published or not (by scanning ids). */
static enum ng_err
find(struct arena *ar, struct store *st, const char *slug, struct article **out)
{
	enum ng_err err;
	int64_t	    id;

	if ((err = store_article_by_slug(ar, st, str_c(slug), out)) !=
	    NG_ENOTFOUND)
		return err;
	for (id = 1; id < 100000; id++) {
		err = store_article_by_id(ar, st, id, out);
		if (err == NG_ENOTFOUND)
			continue;
		if (err != NG_OK)
			return err;
		if (str_eqc((*out)->slug, slug))
			return NG_OK;
	}
	return NG_ENOTFOUND;
}

static enum ng_err
save(struct arena *ar, struct store *st, struct article *a)
{
	int64_t id;

	a->version = 0; /* last writer wins: this is a test tool */
	return article_save(ar, st, a, NULL, 0, &id);
}

int
main(int argc, char *argv[])
{
	struct store   *st;
	struct arena   *ar;
	struct article *a, fresh;
	struct comment	c;
	char		err[512];
	const char     *cmd;
	enum ng_err	e;
	int64_t		id;
	int		rc = 1;

	if (argc < 3) {
		fprintf(stderr, "usage: ng_store_tool DB COMMAND ARGS...\n");
		return 2;
	}
	if (store_open(argv[1], 1, &st, err, sizeof(err)) != NG_OK) {
		fprintf(stderr, "ng_store_tool: %s\n", err);
		return 1;
	}
	ar = arena_new(64 * 1024 * 1024);
	cmd = argv[2];
	if (strcmp(cmd, "setting") == 0 && argc == 5) {
		if ((e = store_setting_set(st, argv[3], str_c(argv[4]))) !=
		    NG_OK)
			goto fail;
	} else if (strcmp(cmd, "publish") == 0 && (argc == 5 || argc == 6)) {
		memset(&fresh, 0, sizeof(fresh));
		fresh.slug = str_c(argv[3]);
		fresh.title = str_c(argv[4]);
		fresh.body_md = STR_LIT(
		    "A story published by the test tool.\n");
		fresh.status = ARTICLE_PUBLISHED;
		fresh.comments_open = 1;
		fresh.published_at = (int64_t)time(NULL) +
		    (argc == 6 ? atoi(argv[5]) : -1);
		if ((e = save(ar, st, &fresh)) != NG_OK)
			goto fail;
		print_path(&fresh);
	} else if (strcmp(cmd, "edit") == 0 && argc == 5) {
		if ((e = find(ar, st, argv[3], &a)) != NG_OK)
			goto fail;
		a->title = str_c(argv[4]);
		if ((e = save(ar, st, a)) != NG_OK)
			goto fail;
	} else if (strcmp(cmd, "unpublish") == 0 && argc == 4) {
		if ((e = find(ar, st, argv[3], &a)) != NG_OK)
			goto fail;
		a->status = ARTICLE_DRAFT;
		if ((e = save(ar, st, a)) != NG_OK)
			goto fail;
	} else if (strcmp(cmd, "comment") == 0 && argc == 6) {
		if ((e = find(ar, st, argv[3], &a)) != NG_OK)
			goto fail;
		memset(&c, 0, sizeof(c));
		c.article_id = a->id;
		c.status = COMMENT_APPROVED;
		c.author = str_c(argv[4]);
		c.email = STR_LIT("reader@example.org");
		c.body = str_c(argv[5]);
		c.ip = STR_LIT("127.0.0.1");
		if ((e = store_comment_add(st, &c, NULL, &id)) != NG_OK)
			goto fail;
	} else {
		fprintf(stderr, "ng_store_tool: bad command or arguments\n");
		rc = 2;
		goto out;
	}
	rc = 0;
	goto out;
fail:
	rc = die(cmd, e);
out:
	arena_free(ar);
	store_close(st);
	return rc;
}
