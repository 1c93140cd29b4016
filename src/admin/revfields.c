/*
 * revfields.c -- the fields of an article revision beside its text: the
 * kicker, section, byline, tags, source, canonical address, search
 * fields and featured image.  The current article as a revision, the
 * fields that differ between two revisions (for the compare page), and
 * a revision's fields put back into an article (for a restore).
 *
 * Sections, authors and pictures are kept in a revision by id; one
 * deleted since is named as such in the comparison and left as it is by
 * a restore, which says so instead of failing.
 */
#include <stddef.h>
#include <string.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "core/arena.h"
#include "render/tv.h"
#include "store/store.h"

enum ng_err
admin_revision_of_article(struct admin_ctx *ctx, const struct article *art,
    struct revision *out)
{
	const char *s = "";
	size_t	    i;
	enum ng_err err;

	memset(out, 0, sizeof(*out));
	out->has_fields = 1;
	out->article_id = art->id;
	out->title = art->title;
	out->dek = art->dek;
	out->body_md = art->body_md;
	out->author_id = art->author_id;
	out->kicker = art->kicker;
	out->section_id = art->section_id;
	out->source_name = art->source_name;
	out->source_url = art->source_url;
	out->canonical_url = art->canonical_url;
	out->seo_title = art->seo_title;
	out->seo_description = art->seo_description;
	for (i = 0; i < art->ntags; i++) {
		s = arena_printf(ctx->a, "%s%s%.*s", s, i > 0 ? ", " : "",
		    (int)art->tags[i].name.n, art->tags[i].name.p);
		if (s == NULL)
			return NG_ENOMEM;
	}
	out->tags = str_c(s);
	err = store_article_featured(ctx->st, art->id, &out->featured);
	return err == NG_ENOTFOUND ? NG_OK : err;
}

/* Names for the ids a revision keeps, read once per page. */
struct names {
	struct section *secs;
	size_t		nsecs;
	struct author  *aus;
	size_t		naus;
};

static const char *
section_name(struct admin_ctx *ctx, const struct names *nm, int64_t id)
{
	size_t i;

	if (id == 0)
		return "(none)";
	for (i = 0; i < nm->nsecs; i++)
		if (nm->secs[i].id == id)
			return arena_printf(ctx->a, "%.*s",
			    (int)nm->secs[i].name.n, nm->secs[i].name.p);
	return arena_printf(ctx->a, "(deleted section #%lld)", (long long)id);
}

static const char *
author_name(struct admin_ctx *ctx, const struct names *nm, int64_t id)
{
	size_t i;

	if (id == 0)
		return "(none)";
	for (i = 0; i < nm->naus; i++)
		if (nm->aus[i].id == id)
			return arena_printf(ctx->a, "%.*s",
			    (int)nm->aus[i].name.n, nm->aus[i].name.p);
	return arena_printf(ctx->a, "(deleted author #%lld)", (long long)id);
}

static const char *
picture_name(struct admin_ctx *ctx, int64_t id)
{
	struct media m;

	if (id == 0)
		return "(none)";
	if (store_media_get(ctx->a, ctx->st, id, &m) != NG_OK)
		return arena_printf(ctx->a, "(deleted image #%lld)",
		    (long long)id);
	return arena_printf(ctx->a, "image #%lld, %.*s%s%.*s", (long long)id,
	    (int)m.path.n, m.path.p, m.alt.n > 0 ? ": " : "", (int)m.alt.n,
	    m.alt.p);
}

static void
push(struct arena *a, struct tv *list, const char *label, const char *old,
    const char *new)
{
	struct tv *x;

	x = tv_map(a);
	tv_set_cstr(a, x, "label", label);
	tv_set_cstr(a, x, "old", old);
	tv_set_cstr(a, x, "new", new);
	tv_push(a, list, x);
}

static const char *
text_of(struct arena *a, struct str s)
{
	return s.n == 0 ? "(empty)" : arena_printf(a, "%.*s", (int)s.n, s.p);
}

struct tv *
admin_revision_fields_diff(struct admin_ctx *ctx, const struct revision *old,
    const struct revision *new)
{
	static const struct {
		const char *label;
		size_t	    off;
	} texts[] = {
		{ "Kicker", offsetof(struct revision, kicker) },
		{ "Tags", offsetof(struct revision, tags) },
		{ "Source", offsetof(struct revision, source_name) },
		{ "Source address", offsetof(struct revision, source_url) },
		{ "Canonical URL", offsetof(struct revision, canonical_url) },
		{ "SEO title", offsetof(struct revision, seo_title) },
		{ "SEO description",
		    offsetof(struct revision, seo_description) },
		{ "Standfirst", offsetof(struct revision, dek) },
	};
	struct names	  nm;
	struct tv	 *list;
	const struct str *a, *b;
	size_t		  i;

	if (!old->has_fields || !new->has_fields)
		return NULL;
	memset(&nm, 0, sizeof(nm));
	if (old->section_id != new->section_id &&
	    store_sections(ctx->a, ctx->st, &nm.secs, &nm.nsecs) != NG_OK)
		nm.nsecs = 0;
	if (old->author_id != new->author_id &&
	    store_authors(ctx->a, ctx->st, &nm.aus, &nm.naus) != NG_OK)
		nm.naus = 0;
	list = tv_list(ctx->a);
	if (old->section_id != new->section_id)
		push(ctx->a, list, "Section",
		    section_name(ctx, &nm, old->section_id),
		    section_name(ctx, &nm, new->section_id));
	if (old->author_id != new->author_id)
		push(ctx->a, list, "Byline",
		    author_name(ctx, &nm, old->author_id),
		    author_name(ctx, &nm, new->author_id));
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		a = (const struct str *)(const void *)((const char *)old +
		    texts[i].off);
		b = (const struct str *)(const void *)((const char *)new +
		    texts[i].off);
		if (!str_eq(*a, *b))
			push(ctx->a, list, texts[i].label, text_of(ctx->a, *a),
			    text_of(ctx->a, *b));
	}
	if (old->featured != new->featured)
		push(ctx->a, list, "Featured image",
		    picture_name(ctx, old->featured),
		    picture_name(ctx, new->featured));
	return list;
}

static int
section_exists(struct admin_ctx *ctx, int64_t id)
{
	struct section *secs;
	size_t		i, n;

	if (id == 0)
		return 1;
	if (store_sections(ctx->a, ctx->st, &secs, &n) != NG_OK)
		return 0;
	for (i = 0; i < n; i++)
		if (secs[i].id == id)
			return 1;
	return 0;
}

static int
author_exists(struct admin_ctx *ctx, int64_t id)
{
	struct author *aus;
	size_t	       i, n;

	if (id == 0)
		return 1;
	if (store_authors(ctx->a, ctx->st, &aus, &n) != NG_OK)
		return 0;
	for (i = 0; i < n; i++)
		if (aus[i].id == id)
			return 1;
	return 0;
}

const char *
admin_revision_apply(struct admin_ctx *ctx, struct article *art,
    const struct revision *rev, struct str *tags, size_t *ntags, size_t maxtags,
    int64_t *featured)
{
	struct media m;
	const char  *kept = NULL;

	art->title = rev->title;
	art->dek = rev->dek;
	art->body_md = rev->body_md;
	if (!rev->has_fields)
		return NULL;
	art->kicker = rev->kicker;
	art->source_name = rev->source_name;
	art->source_url = rev->source_url;
	art->canonical_url = rev->canonical_url;
	art->seo_title = rev->seo_title;
	art->seo_description = rev->seo_description;
	if (section_exists(ctx, rev->section_id))
		art->section_id = rev->section_id;
	else
		kept = "its section was deleted since";
	if (author_exists(ctx, rev->author_id))
		art->author_id = rev->author_id;
	else
		kept = "its byline was deleted since";
	*ntags = admin_tags_split(rev->tags, tags, maxtags);
	if (rev->featured == 0 ||
	    store_media_get(ctx->a, ctx->st, rev->featured, &m) == NG_OK)
		*featured = rev->featured;
	else
		kept = "its featured image was deleted since";
	return kept;
}
