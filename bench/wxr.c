/*
 * wxr.c -- a deterministic WordPress export for the import benchmark.
 *
 *	nutgraf-bench-wxr FILE POSTS COMMENTS ATTACHMENTS
 *
 * Writes a WXR 1.2 file of POSTS published posts (classic-editor bodies
 * of a few paragraphs, 8 categories, 200 tags, 50 authors), COMMENTS
 * comments spread over them (one in four a reply), and ATTACHMENTS
 * attachment items (their files absent: the importer lists them as
 * missing, which costs what a real import's lookups cost).  The same
 * arguments always give the same bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const char *const words[] = { "harbour", "council", "ferry",
    "quay", "tide", "budget", "school", "market", "festival", "weather",
    "road", "bridge", "library", "museum", "election", "station", "river",
    "court", "hospital", "park" };
#define NWORDS	(sizeof(words) / sizeof(words[0]))

static void
para(FILE *f, int n)
{
	int	 i;

	for (i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? " " : "", words[next() % NWORDS]);
	fputs(".", f);
}

int
main(int argc, char *argv[])
{
	FILE		*f;
	long		 posts, comments, atts, p, c, k, cid = 1, per;
	int		 i;

	if (argc != 5 || (posts = atol(argv[2])) <= 0 ||
	    (comments = atol(argv[3])) < 0 || (atts = atol(argv[4])) < 0) {
		fprintf(stderr, "usage: nutgraf-bench-wxr FILE POSTS COMMENTS "
		    "ATTACHMENTS\n");
		return 2;
	}
	if ((f = fopen(argv[1], "w")) == NULL) {
		perror(argv[1]);
		return 1;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<rss version=\"2.0\"\n"
	    " xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\"\n"
	    " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
	    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	    " xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n"
	    "<title>Bench Gazette</title><link>https://bench.example</link>\n"
	    "<wp:wxr_version>1.2</wp:wxr_version>\n"
	    "<wp:base_site_url>https://bench.example</wp:base_site_url>\n", f);
	for (i = 1; i <= 50; i++)
		fprintf(f, "<wp:author><wp:author_id>%d</wp:author_id>"
		    "<wp:author_login>writer%d</wp:author_login>"
		    "<wp:author_display_name>Writer %d</wp:author_display_name>"
		    "</wp:author>\n", i, i, i);
	for (i = 1; i <= 8; i++)
		fprintf(f, "<wp:category><wp:term_id>%d</wp:term_id>"
		    "<wp:category_nicename>section-%d</wp:category_nicename>"
		    "<wp:category_parent></wp:category_parent>"
		    "<wp:cat_name>Section %d</wp:cat_name></wp:category>\n",
		    i, i, i);
	for (i = 1; i <= 200; i++)
		fprintf(f, "<wp:tag><wp:term_id>%d</wp:term_id>"
		    "<wp:tag_slug>tag-%d</wp:tag_slug><wp:tag_name>Tag %d"
		    "</wp:tag_name></wp:tag>\n", 100 + i, i, i);
	for (k = 1; k <= atts; k++)
		fprintf(f, "<item><title>Photo %ld</title><wp:post_id>%ld"
		    "</wp:post_id><wp:post_type>attachment</wp:post_type>"
		    "<wp:status>inherit</wp:status><wp:attachment_url>"
		    "https://bench.example/wp-content/uploads/2020/01/p%ld.jpg"
		    "</wp:attachment_url></item>\n", k, 1000000 + k, k);
	per = comments / posts;
	for (p = 1; p <= posts; p++) {
		long	 day = p % 28 + 1, mon = p / 28 % 12 + 1;
		long	 n = per + (p <= comments % posts ? 1 : 0);

		fprintf(f, "<item><title>Story %ld about the %s</title>"
		    "<link>https://bench.example/2020/%02ld/%02ld/story-%ld/"
		    "</link><dc:creator>writer%ld</dc:creator>"
		    "<content:encoded><![CDATA[", p, words[p % NWORDS], mon,
		    day, p, p % 50 + 1);
		for (i = 0; i < 5; i++) {
			para(f, 60);
			fputs("\n\n", f);
		}
		fprintf(f, "]]></content:encoded><wp:post_id>%ld</wp:post_id>"
		    "<wp:post_date_gmt>2020-%02ld-%02ld 10:00:00"
		    "</wp:post_date_gmt><wp:post_name>story-%ld</wp:post_name>"
		    "<wp:status>publish</wp:status><wp:post_type>post"
		    "</wp:post_type><wp:comment_status>open</wp:comment_status>"
		    "<category domain=\"category\" nicename=\"section-%ld\">"
		    "Section</category><category domain=\"post_tag\" "
		    "nicename=\"tag-%ld\">Tag %ld</category>\n", p, mon, day, p,
		    p % 8 + 1, p % 200 + 1, p % 200 + 1);
		for (c = 0; c < n; c++, cid++) {
			fprintf(f, "<wp:comment><wp:comment_id>%ld"
			    "</wp:comment_id><wp:comment_author>Reader %ld"
			    "</wp:comment_author><wp:comment_author_email>r%ld@"
			    "mail.example</wp:comment_author_email>"
			    "<wp:comment_date_gmt>2020-%02ld-%02ld 12:%02ld:00"
			    "</wp:comment_date_gmt><wp:comment_content>", cid,
			    cid % 997, cid % 997, mon, day, c % 60);
			para(f, 20);
			fprintf(f, " (%ld)</wp:comment_content><wp:comment_approved>"
			    "1</wp:comment_approved><wp:comment_parent>%ld"
			    "</wp:comment_parent></wp:comment>\n", cid,
			    c > 0 && c % 4 == 0 ? cid - 1 : 0);
		}
		fputs("</item>\n", f);
	}
	fputs("</channel>\n</rss>\n", f);
	if (fclose(f) != 0) {
		perror(argv[1]);
		return 1;
	}
	return 0;
}
