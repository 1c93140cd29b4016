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
#include <stdint.h>
#include <string.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "core/arena.h"
#include "render/tv.h"
#include "store/store.h"

/* The byline ids of art as a revision keeps them: "3,5". */
static struct str
bylines_text(struct arena *a, const struct article *art)
{
	int64_t	    ids[STORE_AUTHORS_MAX];
	const char *s = "";
	size_t	    i, n;

	n = admin_bylines_of(art, ids);
	for (i = 0; i < n && s != NULL; i++)
		s = arena_printf(a, "%s%s%lld", s, i > 0 ? "," : "",
		    (long long)ids[i]);
	return s != NULL ? str_c(s) : STR_NULL;
}

/* The ids of a revision's bylines text into out; how many. */
static size_t
bylines_parse(struct str s, int64_t *out)
{
	size_t	i = 0, n = 0;
	int64_t v;

	while (i < s.n && n < STORE_AUTHORS_MAX) {
		v = 0;
		while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9' &&
		    v < INT64_MAX / 10)
			v = v * 10 + (s.p[i++] - '0');
		if (v > 0)
			out[n++] = v;
		while (i < s.n && (s.p[i] < '0' || s.p[i] > '9'))
			i++;
	}
	return n;
}

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
	out->authors_kept = 1;
	out->authors = bylines_text(ctx->a, art);
	if (out->authors.p == NULL)
		return NG_ENOMEM;
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

/* 1 when a revision's bylines text names more than one. */
static int
several(struct str s)
{
	return s.n > 0 && memchr(s.p, ',', s.n) != NULL;
}

/* "Ann, Bob" for a revision's bylines text. */
static const char *
bylines_names(struct admin_ctx *ctx, const struct names *nm, struct str s)
{
	int64_t	    ids[STORE_AUTHORS_MAX];
	const char *out = "";
	size_t	    i, n;

	n = bylines_parse(s, ids);
	if (n == 0)
		return "(none)";
	for (i = 0; i < n && out != NULL; i++)
		out = arena_printf(ctx->a, "%s%s%s", out, i > 0 ? ", " : "",
		    author_name(ctx, nm, ids[i]));
	return out;
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
	int		  bylines;

	if (!old->has_fields || !new->has_fields)
		return NULL;
	memset(&nm, 0, sizeof(nm));
	if (old->section_id != new->section_id &&
	    store_sections(ctx->a, ctx->st, &nm.secs, &nm.nsecs) != NG_OK)
		nm.nsecs = 0;
	/* Both kept every byline (0029): compare the lists. */
	bylines = old->authors_kept && new->authors_kept;
	if ((bylines ? !str_eq(old->authors, new->authors) :
		       old->author_id != new->author_id) &&
	    store_authors(ctx->a, ctx->st, &nm.aus, &nm.naus) != NG_OK)
		nm.naus = 0;
	list = tv_list(ctx->a);
	if (old->section_id != new->section_id)
		push(ctx->a, list, "Section",
		    section_name(ctx, &nm, old->section_id),
		    section_name(ctx, &nm, new->section_id));
	if (bylines && !str_eq(old->authors, new->authors))
		push(ctx->a, list,
		    several(old->authors) || several(new->authors) ? "Bylines" :
								     "Byline",
		    bylines_names(ctx, &nm, old->authors),
		    bylines_names(ctx, &nm, new->authors));
	else if (!bylines && old->author_id != new->author_id)
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
	if (rev->authors_kept) {
		int64_t *ids;
		size_t	 i, n, k = 0;

		/* Every byline still there, in the revision's order. */
		if ((ids = arena_calloc(ctx->a, STORE_AUTHORS_MAX,
			 sizeof(*ids))) == NULL)
			return "it could not be read in full";
		n = bylines_parse(rev->authors, ids);
		for (i = 0; i < n; i++) {
			if (author_exists(ctx, ids[i]))
				ids[k++] = ids[i];
			else
				kept = "a byline was deleted since";
		}
		art->author_ids = ids;
		art->nauthor_ids = k;
		art->author_id = k > 0 ? ids[0] : 0;
	} else if (author_exists(ctx, rev->author_id))
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

size_t
admin_bylines_of(const struct article *art, int64_t *out)
{
	size_t i;

	if (art->author_ids != NULL) {
		for (i = 0; i < art->nauthor_ids && i < STORE_AUTHORS_MAX; i++)
			out[i] = art->author_ids[i];
		return i;
	}
	if (art->nauthors > 0) {
		for (i = 0; i < art->nauthors && i < STORE_AUTHORS_MAX; i++)
			out[i] = art->authors[i].id;
		return i;
	}
	if (art->author_id > 0) {
		out[0] = art->author_id;
		return 1;
	}
	return 0;
}

enum ng_err
admin_bylines_parse(struct admin_ctx *ctx, int64_t *buf, struct article *art)
{
	struct str  v[STORE_AUTHORS_MAX * 2];
	size_t	    i, j, n, k = 0;
	int64_t	    id;
	enum ng_err err;

	if ((err = admin_field_all(ctx->r, "author", v,
		 sizeof(v) / sizeof(v[0]), &n)) != NG_OK)
		return err;
	for (i = 0; i < n && k < STORE_AUTHORS_MAX; i++) {
		if ((id = admin_parse_id(v[i])) <= 0)
			continue;
		for (j = 0; j < k && buf[j] != id; j++)
			continue;
		if (j == k)
			buf[k++] = id;
	}
	art->author_ids = buf;
	art->nauthor_ids = k;
	art->author_id = k > 0 ? buf[0] : 0;
	return NG_OK;
}
