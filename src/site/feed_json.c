/*
 * feed_json.c -- JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/),
 * built with jansson so that escaping is the library's job.  Each item
 * carries content_html, or content_text in a summary-only feed (one of
 * the two is required); the featured image is both "image" and an
 * attachment.
 */
#include <stdlib.h>

#include <jansson.h>

#include "core/buf.h"
#include "site/feed.h"

/* Set key to a string; text that is not UTF-8 is left out. */
static void
set_str(json_t *o, const char *key, struct str s)
{
	json_t *v;

	if (s.p == NULL || (v = json_stringn(s.p, s.n)) == NULL)
		return;
	json_object_set_new(o, key, v);
}

static void
set_cstr(json_t *o, const char *key, const char *s)
{
	if (s != NULL)
		set_str(o, key, str_c(s));
}

static json_t *
item(const struct feed_item *it)
{
	json_t *o, *a, *x;
	char	date[64];
	size_t	i;

	o = json_object();
	set_cstr(o, "id", it->id);
	set_cstr(o, "url", it->url);
	set_str(o, "title", it->title);
	if (it->content.s.n > 0)
		set_str(o, "content_html", it->content.s);
	else
		set_str(o, "content_text",
		    it->summary.n > 0 ? it->summary : it->title);
	if (it->summary.n > 0)
		set_str(o, "summary", it->summary);
	if (it->image_url != NULL)
		set_cstr(o, "image", it->image_url);
	feed_date_3339(it->published, date, sizeof(date));
	set_cstr(o, "date_published", date);
	feed_date_3339(it->updated, date, sizeof(date));
	set_cstr(o, "date_modified", date);
	if (it->author.n > 0) {
		x = json_object();
		set_str(x, "name", it->author);
		set_cstr(x, "url", it->author_url);
		a = json_array();
		json_array_append_new(a, x);
		json_object_set_new(o, "authors", a);
	}
	if (it->ncategories > 0) {
		a = json_array();
		for (i = 0; i < it->ncategories; i++)
			if ((x = json_stringn(it->categories[i].p,
				 it->categories[i].n)) != NULL)
				json_array_append_new(a, x);
		json_object_set_new(o, "tags", a);
	}
	if (it->image_url != NULL) {
		x = json_object();
		set_cstr(x, "url", it->image_url);
		set_cstr(x, "mime_type", it->image_type);
		if (it->image_length > 0)
			json_object_set_new(x, "size_in_bytes",
			    json_integer(it->image_length));
		a = json_array();
		json_array_append_new(a, x);
		json_object_set_new(o, "attachments", a);
	}
	return o;
}

static void
json_feed_write(const struct feed *f, struct buf *b)
{
	json_t *o, *items;
	char   *s;
	size_t	i;

	o = json_object();
	set_cstr(o, "version", "https://jsonfeed.org/version/1.1");
	set_str(o, "title", f->title);
	set_cstr(o, "home_page_url", f->home_url);
	set_cstr(o, "feed_url", f->self_url);
	set_str(o, "description", f->description);
	set_cstr(o, "language", f->language);
	items = json_array();
	for (i = 0; i < f->nitems; i++)
		json_array_append_new(items, item(&f->items[i]));
	json_object_set_new(o, "items", items);
	s = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (s == NULL) {
		/* Out of memory inside jansson: make the buf report it. */
		buf_set_max(b, 0);
		buf_putc(b, '\n');
		return;
	}
	buf_puts(b, s);
	buf_putc(b, '\n');
	free(s);
}

const struct feed_format feed_json_format = {
	.name = "json",
	.content_type = "application/feed+json; charset=utf-8",
	.path = "json/",
	.write = json_feed_write,
};
