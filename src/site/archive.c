/*
 * archive.c -- section, tag and author archives:
 * /category/SLUG/, /tag/SLUG/, /author/SLUG/, each with /page/N/.
 *
 * The three differ only in how the slug is looked up and which field of
 * the query it fills, so one function serves them from a table.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "http/req.h"
#include "http/resp.h"
#include "media/media.h"
#include "reader/urls.h"
#include "render/tv.h"
#include "site/discovery.h"
#include "site/site.h"
#include "site/site_int.h"
#include "store/store.h"

static const struct {
	const char *prefix; /* URL path before the slug */
	const char *label;  /* what the page lists, for people */
} kinds[ARCHIVE__MAX] = {
	{ "/category/", "Section" }, /* ARCHIVE_SECTION */
	{ "/tag/", "Tag" },	     /* ARCHIVE_TAG */
	{ "/author/", "Author" },    /* ARCHIVE_AUTHOR */
};

/* What an archive is about, whichever kind it is. */
struct subject {
	int64_t		     id;
	struct str	     slug;
	struct str	     name;
	struct str	     description;
	const struct author *author;
};

static enum ng_err
lookup(struct req *r, enum archive_kind k, struct str slug, struct subject *s,
    struct article_query *q)
{
	struct section *sec;
	struct tag     *tag;
	struct author  *au;
	enum ng_err	err;

	memset(s, 0, sizeof(*s));
	switch (k) {
	case ARCHIVE_SECTION:
		err = store_section_by_slug(r->arena, r->app->store, slug,
		    &sec);
		if (err == NG_OK) {
			s->id = q->section_id = sec->id;
			s->slug = sec->slug;
			s->name = sec->name;
			s->description = sec->description;
		}
		break;
	case ARCHIVE_TAG:
		err = store_tag_by_slug(r->arena, r->app->store, slug, &tag);
		if (err == NG_OK) {
			s->id = q->tag_id = tag->id;
			s->slug = tag->slug;
			s->name = tag->name;
		}
		break;
	case ARCHIVE_AUTHOR:
		err = store_author_by_slug(r->arena, r->app->store, slug, &au);
		if (err == NG_OK) {
			s->id = q->author_id = au->id;
			s->slug = au->slug;
			s->name = au->name;
			s->description = au->bio;
			s->author = au;
		}
		break;
	default:
		err = NG_EINVAL;
		break;
	}
	return err;
}

/*
 * An author page's profile: the photo, the links (shown by their host
 * name) and its structured data.
 */
static void
author_profile(struct view *v, struct tv *m, const struct author *au,
    const char *base)
{
	struct media m_;
	struct tv   *photo = NULL, *links, *x;
	struct str   l, host;
	const char  *url = NULL;
	size_t	     i = 0, start, k, nlinks = 0;

	if (au->photo_id > 0 &&
	    store_media_get(v->a, v->r->app->store, au->photo_id, &m_) ==
		NG_OK &&
	    (photo = media_view(v->a, &m_)) != NULL) {
		url = site_media_url(v->r, m_.path);
		if (m_.alt.n == 0)
			tv_set_str(v->a, photo, "alt", au->name);
	}
	tv_set(v->a, m, "photo", photo);
	links = tv_list(v->a);
	while (i < au->links.n) {
		start = i;
		while (i < au->links.n && au->links.p[i] != '\n')
			i++;
		l = (struct str){ au->links.p + start, i - start };
		i++;
		if (!((l.n > 7 && strncasecmp(l.p, "http://", 7) == 0) ||
			(l.n > 8 && strncasecmp(l.p, "https://", 8) == 0)))
			continue;
		host = l;
		k = host.p[4] == ':' ? 7 : 8;
		host.p += k;
		host.n -= k;
		for (k = 0; k < host.n && host.p[k] != '/'; k++)
			continue;
		host.n = k;
		if (host.n > 4 && strncasecmp(host.p, "www.", 4) == 0) {
			host.p += 4;
			host.n -= 4;
		}
		x = tv_map(v->a);
		tv_set_str(v->a, x, "url", l);
		tv_set_str(v->a, x, "label", host);
		tv_push(v->a, links, x);
		nlinks++;
	}
	tv_set(v->a, m, "links", links);
	tv_set_bool(v->a, m, "has_links", nlinks > 0);
	discovery_author(v, au, base, url);
}

enum ng_err
site_archive_list(struct req *r, struct resp *rs, const struct site_archive *ar,
    struct article_query *q)
{
	struct article_list l;
	struct view	    v;
	struct tv	   *m;
	size_t		    npages, page = ar->page;
	const char	   *title;
	enum ng_err	    err;

	q->offset = (page - 1) * SITE_PER_PAGE;
	q->limit = SITE_PER_PAGE;
	if ((err = store_article_list(r->arena, r->app->store, q, &l)) != NG_OK)
		return err;
	npages = site_npages(l.total);
	if (page > npages || (ar->empty_is_404 && l.total == 0))
		return NG_ENOTFOUND;

	if ((err = view_init(&v, r, ar->section_id, 0)) != NG_OK)
		return err;
	m = tv_map(v.a);
	tv_set_str(v.a, m, "name", ar->name);
	tv_set_cstr(v.a, m, "label", ar->label);
	tv_set_str(v.a, m, "description", ar->description);
	tv_set_bool(v.a, m, "is_author", ar->kind == ARCHIVE_AUTHOR);
	tv_set_bool(v.a, m, "is_tag", ar->kind == ARCHIVE_TAG);
	tv_set_bool(v.a, m, "is_section", ar->kind == ARCHIVE_SECTION);
	if (npages > 1)
		tv_set_cstr(v.a, m, "page_of",
		    arena_printf(v.a, "Page %zu of %zu", page, npages));
	tv_set(v.a, v.root, "archive", m);
	tv_set(v.a, v.root, "stories", view_cards(&v, l.v, 0, l.n));
	tv_set_bool(v.a, v.root, "has_stories", l.n > 0);
	tv_set(v.a, v.root, "pagination",
	    view_pagination(v.a, ar->base, page, npages));

	if (page == 1)
		title = arena_str(v.a, ar->name).p;
	else
		title = arena_printf(v.a, "%.*s, page %zu of %zu",
		    (int)ar->name.n, ar->name.p, page, npages);
	if (ar->kind != ARCHIVE__MAX)
		discovery_archive(&v, ar->base, ar->name); /* feeds */
	if (ar->author != NULL)
		author_profile(&v, m, ar->author, ar->base);
	view_head(&v, title, ar->description,
	    site_page_path(v.a,
		ar->canonical != NULL ? ar->canonical : ar->base, page));
	return view_render(&v, rs, "archive");
}

static enum ng_err
archive(struct req *r, struct resp *rs, enum archive_kind k)
{
	struct article_query q;
	struct subject	     s;
	struct site_archive  ar;
	size_t		     page = 1;
	const char	    *base;
	enum ng_err	     err;

	if (r->ncaps >= 2 &&
	    (err = site_page_parse(req_cap(r, 1), &page)) != NG_OK)
		return err;
	memset(&q, 0, sizeof(q));
	if ((err = lookup(r, k, req_cap(r, 0), &s, &q)) != NG_OK)
		return err;
	/* Links use the stored slug, so they are canonical. */
	if ((base = arena_printf(r->arena, "%s%.*s/", kinds[k].prefix,
		 (int)s.slug.n, s.slug.p)) == NULL)
		return NG_ENOMEM;
	if (r->ncaps >= 2 && page == 1) {
		resp_redirect(r, rs, 301, base);
		return NG_OK;
	}
	memset(&ar, 0, sizeof(ar));
	ar.kind = k;
	ar.label = kinds[k].label;
	ar.name = s.name;
	ar.description = s.description;
	ar.author = s.author;
	ar.base = base;
	ar.page = page;
	ar.section_id = k == ARCHIVE_SECTION ? s.id : 0;
	/*
	 * A tag exists from the first save of an article that names it;
	 * until one such article is out, its name alone could give away an
	 * embargoed story.
	 */
	ar.empty_is_404 = k == ARCHIVE_TAG;
	return site_archive_list(r, rs, &ar, &q);
}

/*
 * --- nested sections: /category/a/b/ [page/N/] ---
 * WordPress names a child category by its parents' slugs too; the
 * chain must be the real one (each capture the parent of the next), so
 * a made-up /category/x/world/ is a 404 rather than a duplicate.
 * /category/b/ keeps answering as well.
 */
static enum ng_err
nested(struct req *r, struct resp *rs, size_t nchain, int paged)
{
	struct article_query q;
	struct section	    *sec = NULL;
	struct site_archive  ar;
	struct buf	     b;
	struct str	     base;
	size_t		     i, page = 1;
	int64_t		     parent = 0, want;
	enum ng_err	     err;

	if (paged &&
	    (err = site_page_parse(req_cap(r, nchain), &page)) != NG_OK)
		return err;
	buf_init(&b, r->arena);
	buf_puts(&b, "/category/");
	for (i = 0; i < nchain; i++) {
		if ((err = store_section_by_slug(r->arena, r->app->store,
			 req_cap(r, i), &sec)) != NG_OK)
			return err;
		if ((err = store_section_parent(r->app->store, sec->id,
			 &want)) != NG_OK)
			return err;
		if (want != parent)
			return NG_ENOTFOUND;
		parent = sec->id;
		buf_putstr(&b, sec->slug);
		buf_putc(&b, '/');
	}
	if ((err = buf_finish(&b, &base)) != NG_OK)
		return err;
	if (paged && page == 1) {
		resp_redirect(r, rs, 301, base.p);
		return NG_OK;
	}
	memset(&q, 0, sizeof(q));
	q.section_id = sec->id;
	memset(&ar, 0, sizeof(ar));
	ar.kind = ARCHIVE_SECTION;
	ar.label = kinds[ARCHIVE_SECTION].label;
	ar.name = sec->name;
	ar.description = sec->description;
	ar.base = base.p;
	ar.page = page;
	ar.section_id = sec->id;
	return site_archive_list(r, rs, &ar, &q);
}

enum ng_err
site_section_nested(struct req *r, struct resp *rs)
{
	return nested(r, rs, r->ncaps, 0);
}

enum ng_err
site_section_nested_page(struct req *r, struct resp *rs)
{
	return r->ncaps < 2 ? NG_ENOTFOUND : nested(r, rs, r->ncaps - 1, 1);
}

enum ng_err
site_section(struct req *r, struct resp *rs)
{
	return archive(r, rs, ARCHIVE_SECTION);
}

enum ng_err
site_tag(struct req *r, struct resp *rs)
{
	return archive(r, rs, ARCHIVE_TAG);
}

enum ng_err
site_author(struct req *r, struct resp *rs)
{
	return archive(r, rs, ARCHIVE_AUTHOR);
}
