/*
 * comments.c -- a short, approved comment thread under the demo's
 * lead story, so the demo shows what a discussion looks like (and the
 * tests have a commenter whose earlier comment is approved).
 *
 * The commenters are invented and their addresses use the example
 * domains of RFC 2606; each comment says it is a demo.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "demo/demo.h"
#include "store/store.h"

#define DEMO_COMMENTS_ARENA (256 * 1024)

static const struct {
	const char *author;
	const char *email;
	const char *url;
	int	    parent; /* earlier index, or -1 */
	int	    hours;  /* after the article */
	const char *body;
} demo_comments[] = {
	{ "Amina Sample", "amina@example.org", "", -1, 3,
	    "(Demo comment.) The talks are the news here: a withdrawal "
	    "that is negotiated rather than announced says a lot about "
	    "where things stand.\n\n"
	    "Does anyone know whether the timetable will be published?" },
	{ "Tom Example", "tom@example.net", "https://example.net/", 0, 5,
	    "(Demo reply.) The article says talks begin this week; a "
	    "timetable would normally follow them, not come first." },
	{ "Amina Sample", "amina@example.org", "", 1, 6,
	    "(Demo reply.) Fair point, thanks." },
	{ "R. Reader", "reader@example.com", "", -1, 8,
	    "(Demo comment.) Good to see the source named at the top. "
	    "More background: www.example.com/niger-explainer" },
};

enum ng_err
demo_load_comments(struct store *st, char *errbuf, size_t errsz)
{
	const size_t	n = sizeof(demo_comments) / sizeof(demo_comments[0]);
	struct arena   *a;
	struct article *art;
	struct comment	c;
	int64_t		ids[sizeof(demo_comments) / sizeof(demo_comments[0])];
	size_t		i;
	enum ng_err	err;

	a = arena_new(DEMO_COMMENTS_ARENA);
	err = store_article_by_slug(a, st, STR_LIT(DEMO_LEAD_SLUG), &art);
	if (err != NG_OK) {
		if (errsz > 0)
			snprintf(errbuf, errsz, "comments: the lead story: %s",
			    ng_strerror(err));
		goto out;
	}
	for (i = 0; i < n; i++) {
		memset(&c, 0, sizeof(c));
		c.article_id = art->id;
		c.parent_id = demo_comments[i].parent < 0 ?
		    0 :
		    ids[demo_comments[i].parent];
		c.status = COMMENT_APPROVED;
		c.author = str_c(demo_comments[i].author);
		c.email = str_c(demo_comments[i].email);
		c.url = str_c(demo_comments[i].url);
		c.body = str_c(demo_comments[i].body);
		c.ip = STR_LIT("192.0.2.1"); /* RFC 5737 documentation */
		c.user_agent = STR_LIT("nutgraf demo");
		c.created_at = art->published_at +
		    (int64_t)demo_comments[i].hours * 3600;
		if ((err = store_comment_add(st, &c, NULL, &ids[i])) != NG_OK) {
			if (errsz > 0)
				snprintf(errbuf, errsz, "comment %zu: %s",
				    i + 1, ng_strerror(err));
			goto out;
		}
	}
out:
	arena_free(a);
	return err;
}
