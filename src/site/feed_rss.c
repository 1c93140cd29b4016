/*
 * feed_rss.c -- RSS 2.0 (https://www.rssboard.org/rss-specification),
 * with the content module for full bodies, Dublin Core for the author
 * (RSS's own <author> must be an e-mail address, which we never publish)
 * and an atom:link rel="self" as the RSS Advisory Board recommends.
 */
#include <stdio.h>

#include "core/buf.h"
#include "site/feed.h"

static void
elem(struct buf *b, const char *name, struct str text)
{
	buf_printf(b, "<%s>", name);
	feed_xml_text(b, text);
	buf_printf(b, "</%s>\n", name);
}

/* Plain text in an element RSS readers take as HTML. */
static void
html_elem(struct buf *b, const char *name, struct str text)
{
	buf_printf(b, "<%s>", name);
	feed_html_text(b, text);
	buf_printf(b, "</%s>\n", name);
}

static void
item(struct buf *b, const struct feed_item *it)
{
	char   date[64];
	size_t i;

	buf_puts(b, "<item>\n");
	html_elem(b, "title", it->title);
	elem(b, "link", str_c(it->url));
	buf_puts(b, "<guid isPermaLink=\"false\">");
	feed_xml_cstr(b, it->id);
	buf_puts(b, "</guid>\n");
	feed_date_822(it->published, date, sizeof(date));
	elem(b, "pubDate", str_c(date));
	/* Dublin Core allows one dc:creator per author. */
	if (it->author.n > 0)
		elem(b, "dc:creator", it->author);
	for (i = 0; i < it->nmore; i++)
		elem(b, "dc:creator", it->more[i]);
	for (i = 0; i < it->ncategories; i++)
		elem(b, "category", it->categories[i]);
	if (it->summary.n > 0)
		html_elem(b, "description", it->summary);
	else if (it->content.s.n == 0)
		html_elem(b, "description", it->title);
	if (it->content.s.n > 0)
		elem(b, "content:encoded", it->content.s);
	if (it->image_url != NULL) {
		/* 0 is RSS's accepted "unknown" (an image off the site). */
		buf_puts(b, "<enclosure url=\"");
		feed_xml_cstr(b, it->image_url);
		buf_printf(b, "\" length=\"%lld\" type=\"",
		    (long long)it->image_length);
		feed_xml_cstr(b, it->image_type);
		buf_puts(b, "\"/>\n");
		feed_media_content(b, it);
	}
	buf_puts(b, "</item>\n");
}

static void
rss_write(const struct feed *f, struct buf *b)
{
	char   date[64];
	size_t i;

	buf_puts(b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<rss version=\"2.0\" "
	    "xmlns:atom=\"http://www.w3.org/2005/Atom\" "
	    "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
	    "xmlns:media=\"" FEED_MRSS_NS "\">\n"
	    "<channel>\n");
	html_elem(b, "title", f->title);
	elem(b, "link", str_c(f->home_url));
	html_elem(b, "description", f->description);
	elem(b, "language", str_c(f->language));
	feed_date_822(f->updated, date, sizeof(date));
	elem(b, "lastBuildDate", str_c(date));
	elem(b, "generator", STR_LIT("nutgraf"));
	buf_puts(b,
	    "<atom:link rel=\"self\" type=\"application/rss+xml\" "
	    "href=\"");
	feed_xml_cstr(b, f->self_url);
	buf_puts(b, "\"/>\n");
	for (i = 0; i < f->nitems; i++)
		item(b, &f->items[i]);
	buf_puts(b, "</channel>\n</rss>\n");
}

const struct feed_format feed_rss_format = {
	.name = "rss",
	.content_type = "application/rss+xml; charset=utf-8",
	.path = "",
	.write = rss_write,
};
