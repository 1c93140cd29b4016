/*
 * feed_atom.c -- Atom (RFC 4287).  Every entry has an id, a title and an
 * updated date (section 4.1.2); the feed-level author (the site) covers
 * entries without a byline (section 4.1.1); bodies go as escaped HTML
 * (type="html", section 3.1.1.2).
 */
#include <stdio.h>

#include "core/buf.h"
#include "site/feed.h"

static void
text(struct buf *b, const char *name, const char *type, struct str s)
{
	if (type != NULL)
		buf_printf(b, "<%s type=\"%s\">", name, type);
	else
		buf_printf(b, "<%s>", name);
	feed_xml_text(b, s);
	buf_printf(b, "</%s>\n", name);
}

static void
put_link(struct buf *b, const char *rel, const char *type, const char *href,
    int64_t length)
{
	buf_printf(b, "<link rel=\"%s\"", rel);
	if (type != NULL) {
		buf_puts(b, " type=\"");
		feed_xml_cstr(b, type);
		buf_puts(b, "\"");
	}
	/* RFC 4287 4.2.7.6: optional, so only when known. */
	if (length > 0)
		buf_printf(b, " length=\"%lld\"", (long long)length);
	buf_puts(b, " href=\"");
	feed_xml_cstr(b, href);
	buf_puts(b, "\"/>\n");
}

static void
entry(struct buf *b, const struct feed_item *it)
{
	char   date[64];
	size_t i;

	buf_puts(b, "<entry>\n");
	text(b, "id", NULL, str_c(it->id));
	text(b, "title", "text", it->title);
	put_link(b, "alternate", "text/html", it->url, 0);
	feed_date_3339(it->published, date, sizeof(date));
	text(b, "published", NULL, str_c(date));
	feed_date_3339(it->updated, date, sizeof(date));
	text(b, "updated", NULL, str_c(date));
	if (it->author.n > 0) {
		buf_puts(b, "<author>\n");
		text(b, "name", NULL, it->author);
		if (it->author_url != NULL)
			text(b, "uri", NULL, str_c(it->author_url));
		buf_puts(b, "</author>\n");
	}
	/* RFC 4287 section 4.2.1: an entry may have several authors. */
	for (i = 0; i < it->nmore; i++) {
		buf_puts(b, "<author>\n");
		text(b, "name", NULL, it->more[i]);
		text(b, "uri", NULL, str_c(it->more_urls[i]));
		buf_puts(b, "</author>\n");
	}
	for (i = 0; i < it->ncategories; i++) {
		buf_puts(b, "<category term=\"");
		feed_xml_text(b, it->categories[i]);
		buf_puts(b, "\"/>\n");
	}
	if (it->summary.n > 0)
		text(b, "summary", "text", it->summary);
	if (it->content.s.n > 0)
		text(b, "content", "html", it->content.s);
	else if (it->summary.n == 0)
		text(b, "summary", "text", it->title);
	if (it->image_url != NULL) {
		put_link(b, "enclosure", it->image_type, it->image_url,
		    it->image_length);
		feed_media_content(b, it);
	}
	buf_puts(b, "</entry>\n");
}

static void
atom_write(const struct feed *f, struct buf *b)
{
	char   date[64];
	size_t i;

	buf_puts(b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
	    "xmlns:media=\"" FEED_MRSS_NS "\" xml:lang=\"");
	feed_xml_cstr(b, f->language);
	buf_puts(b, "\">\n");
	text(b, "id", NULL, str_c(f->self_url));
	text(b, "title", "text", f->title);
	text(b, "subtitle", "text", f->description);
	feed_date_3339(f->updated, date, sizeof(date));
	text(b, "updated", NULL, str_c(date));
	put_link(b, "alternate", "text/html", f->home_url, 0);
	put_link(b, "self", "application/atom+xml", f->self_url, 0);
	buf_puts(b, "<author>\n");
	text(b, "name", NULL, f->title);
	text(b, "uri", NULL, str_c(f->home_url));
	buf_puts(b, "</author>\n");
	text(b, "generator", NULL, STR_LIT("nutgraf"));
	for (i = 0; i < f->nitems; i++)
		entry(b, &f->items[i]);
	buf_puts(b, "</feed>\n");
}

const struct feed_format feed_atom_format = {
	.name = "atom",
	.content_type = "application/atom+xml; charset=utf-8",
	.path = "atom/",
	.write = atom_write,
};
