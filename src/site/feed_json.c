/*
 * feed_json.c -- JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/),
 * written with core/json.h, which does the escaping.  Each item
 * carries content_html, or content_text in a summary-only feed (one of
 * the two is required); the featured image is both "image" and an
 * attachment.
 */
#include "core/buf.h"
#include "core/json.h"
#include "core/utf8.h"
#include "site/feed.h"

static void
item(struct jsonw *w, const struct feed_item *it)
{
	char   date[64];
	size_t i;

	jsonw_obj(w);
	jsonw_kcstr(w, "id", it->id);
	jsonw_kcstr(w, "url", it->url);
	jsonw_kstr(w, "title", it->title);
	if (it->content.s.n > 0)
		jsonw_kstr(w, "content_html", it->content.s);
	else
		jsonw_kstr(w, "content_text",
		    it->summary.n > 0 ? it->summary : it->title);
	if (it->summary.n > 0)
		jsonw_kstr(w, "summary", it->summary);
	jsonw_kcstr(w, "image", it->image_url);
	feed_date_3339(it->published, date, sizeof(date));
	jsonw_kcstr(w, "date_published", date);
	feed_date_3339(it->updated, date, sizeof(date));
	jsonw_kcstr(w, "date_modified", date);
	if (it->author.n > 0) {
		jsonw_key(w, "authors");
		jsonw_arr(w);
		jsonw_obj(w);
		jsonw_kstr(w, "name", it->author);
		jsonw_kcstr(w, "url", it->author_url);
		jsonw_end(w);
		for (i = 0; i < it->nmore; i++) {
			jsonw_obj(w);
			jsonw_kstr(w, "name", it->more[i]);
			jsonw_kcstr(w, "url", it->more_urls[i]);
			jsonw_end(w);
		}
		jsonw_end(w);
	}
	if (it->ncategories > 0) {
		jsonw_key(w, "tags");
		jsonw_arr(w);
		for (i = 0; i < it->ncategories; i++)
			if (it->categories[i].p != NULL &&
			    utf8_valid(it->categories[i].p,
				it->categories[i].n))
				jsonw_str(w, it->categories[i]);
		jsonw_end(w);
	}
	if (it->image_url != NULL) {
		jsonw_key(w, "attachments");
		jsonw_arr(w);
		jsonw_obj(w);
		jsonw_kcstr(w, "url", it->image_url);
		jsonw_kcstr(w, "mime_type", it->image_type);
		if (it->image_length > 0)
			jsonw_kint(w, "size_in_bytes", it->image_length);
		jsonw_end(w);
		jsonw_end(w);
	}
	jsonw_end(w);
}

static void
json_feed_write(const struct feed *f, struct buf *b)
{
	struct jsonw w;
	char	     date[64];
	size_t	     i;

	/* Indented as before, for a person who opens the feed. */
	jsonw_init(&w, b, JSONW_PRETTY);
	jsonw_obj(&w);
	jsonw_kcstr(&w, "version", "https://jsonfeed.org/version/1.1");
	jsonw_kstr(&w, "title", f->title);
	jsonw_kcstr(&w, "home_page_url", f->home_url);
	jsonw_kcstr(&w, "feed_url", f->self_url);
	jsonw_kstr(&w, "description", f->description);
	jsonw_kcstr(&w, "language", f->language);
	if (f->banner.text.n > 0) {
		/* An extension object (JSON Feed 1.1: a key with "_"). */
		jsonw_key(&w, "_breaking_news");
		jsonw_obj(&w);
		jsonw_kstr(&w, "text", f->banner.text);
		jsonw_kcstr(&w, "url", f->banner.url);
		jsonw_kcstr(&w, "level", f->banner.level);
		feed_date_3339(f->banner.expires, date, sizeof(date));
		jsonw_kcstr(&w, "expires", date);
		jsonw_end(&w);
	}
	jsonw_key(&w, "items");
	jsonw_arr(&w);
	for (i = 0; i < f->nitems; i++)
		item(&w, &f->items[i]);
	jsonw_end(&w);
	jsonw_end(&w);
	buf_putc(b, '\n');
}

const struct feed_format feed_json_format = {
	.name = "json",
	.content_type = "application/feed+json; charset=utf-8",
	.path = "json/",
	.write = json_feed_write,
};
