/*
 * authors.c -- bylines and their profiles: name, slug, a person or a
 * desk ("News Desk", typed Organization in structured data), a photo
 * chosen from the media library, a bio and links, all shown on the
 * author's page.
 *
 * A refused form comes back (422, or 409 for a taken slug) as it was
 * typed, with the field at fault named; the other authors' forms show
 * what is stored.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "content/slug.h"
#include "core/arena.h"
#include "http/req.h"
#include "http/resp.h"
#include "render/tv.h"
#include "store/store.h"

#define AUTHOR_LINKS_LINES 10 /* links on a profile */
#define PHOTO_CHOICES	   50 /* library images offered */

static const struct admin_field_label labels[] = {
	{ "name", "Name" },
	{ "slug", "Slug" },
	{ "kind", "Byline of" },
	{ "photo", "Photo" },
	{ "bio", "Bio" },
	{ "links", "Links" },
	{ NULL, NULL },
};

/* A refused form: which (0: the new one), as typed, and why. */
struct refusal {
	int64_t		   id;
	struct author	   typed;
	struct store_fault f;
};

/* One line of links: an http(s) address without spaces. */
static int
link_ok(struct str l)
{
	size_t i;

	if (!((l.n > 7 && strncasecmp(l.p, "http://", 7) == 0) ||
		(l.n > 8 && strncasecmp(l.p, "https://", 8) == 0)))
		return 0;
	for (i = 0; i < l.n; i++)
		if ((unsigned char)l.p[i] <= ' ')
			return 0;
	return 1;
}

/*
 * The links as typed, one a line: trimmed, blank lines dropped, into
 * *out ("" for none); why says what is wrong with them, else NULL.
 */
static const char *
links_clean(struct admin_ctx *ctx, struct str in, struct str *out)
{
	struct str  l;
	const char *s = "";
	size_t	    i = 0, start, n = 0;

	*out = STR_LIT("");
	if (in.n > STORE_AUTHOR_LINKS_MAX)
		return "Too long: keep the links under 2,048 characters.";
	while (i < in.n) {
		start = i;
		while (i < in.n && in.p[i] != '\n')
			i++;
		l = (struct str){ in.p + start, i - start };
		i++;
		while (l.n > 0 && (l.p[0] == ' ' || l.p[0] == '\t')) {
			l.p++;
			l.n--;
		}
		while (l.n > 0 &&
		    (l.p[l.n - 1] == ' ' || l.p[l.n - 1] == '\t' ||
			l.p[l.n - 1] == '\r'))
			l.n--;
		if (l.n == 0)
			continue;
		if (!link_ok(l))
			return "Write one web address a line, starting with "
			       "http:// or https://.";
		if (++n > AUTHOR_LINKS_LINES)
			return "Ten links at most.";
		s = arena_printf(ctx->a, "%s%s%.*s", s, n > 1 ? "\n" : "",
		    (int)l.n, l.p);
		if (s == NULL)
			return "Too long.";
	}
	*out = str_c(s);
	return NULL;
}

/* The form's author, checked; NULL, or why not with f->field set. */
static const char *
author_read(struct admin_ctx *ctx, struct author *au, struct store_fault *f)
{
	struct req  *r = ctx->r;
	struct media m;
	struct str   kind, links, slug;
	const char  *why;

	au->name = admin_field(r, "name");
	slug = admin_field(r, "slug");
	au->slug = slug;
	au->bio = admin_field(r, "bio");
	kind = admin_field(r, "kind");
	au->organization = str_eqc(kind, "organization");
	au->photo_id = admin_parse_id(admin_field(r, "photo"));
	links = req_form(r, "links");
	au->links = links.p != NULL ? links : STR_LIT("");
	f->field = "name";
	if (au->name.n == 0)
		return "Give the author a name.";
	if (au->name.n > STORE_NAME_MAX)
		return "Too long.";
	f->field = "slug";
	if (slug.n > 0 && !slug_valid(slug))
		return "Use lower-case letters, digits and single dashes.";
	if (slug.n == 0 && slug_make(ctx->a, au->name, &au->slug) != NG_OK)
		return "No slug can be made from this name: type one.";
	f->field = "kind";
	if (kind.n > 0 && !str_eqc(kind, "person") &&
	    !str_eqc(kind, "organization"))
		return "Choose a person or a desk.";
	f->field = "photo";
	if (admin_field(r, "photo").n > 0 &&
	    !str_eqc(admin_field(r, "photo"), "0") &&
	    (au->photo_id <= 0 ||
		store_media_get(ctx->a, ctx->st, au->photo_id, &m) != NG_OK))
		return "Choose an image of the media library.";
	f->field = "bio";
	if (au->bio.n > STORE_BIO_MAX)
		return "Too long: 8,192 characters at most.";
	f->field = "links";
	if ((why = links_clean(ctx, au->links, &au->links)) != NULL) {
		au->links = links.p != NULL ? links : STR_LIT("");
		return why;
	}
	return NULL;
}

/* An author's form values: photo choices with the current one marked. */
static struct tv *
author_form(struct admin_ctx *ctx, const struct author *au,
    const struct media *lib, size_t nlib)
{
	struct tv *x = tv_map(ctx->a), *list, *o;
	size_t	   i;
	int	   found = 0;

	tv_set_int(ctx->a, x, "id", au->id);
	tv_set_str(ctx->a, x, "name", au->name);
	tv_set_str(ctx->a, x, "slug", au->slug);
	tv_set_str(ctx->a, x, "bio", au->bio);
	tv_set_str(ctx->a, x, "links", au->links);
	tv_set_bool(ctx->a, x, "organization", au->organization);
	list = tv_list(ctx->a);
	for (i = 0; i < nlib; i++) {
		o = tv_map(ctx->a);
		tv_set_int(ctx->a, o, "id", lib[i].id);
		tv_set_cstr(ctx->a, o, "label",
		    arena_printf(ctx->a, "#%lld %.*s", (long long)lib[i].id,
			(int)lib[i].alt.n, lib[i].alt.p));
		tv_set_bool(ctx->a, o, "selected", lib[i].id == au->photo_id);
		found |= lib[i].id == au->photo_id;
		tv_push(ctx->a, list, o);
	}
	/* An older photo than the choices: still the one shown. */
	if (au->photo_id > 0 && !found) {
		o = tv_map(ctx->a);
		tv_set_int(ctx->a, o, "id", au->photo_id);
		tv_set_cstr(ctx->a, o, "label",
		    arena_printf(ctx->a, "#%lld (current)",
			(long long)au->photo_id));
		tv_set_bool(ctx->a, o, "selected", 1);
		tv_push(ctx->a, list, o);
	}
	tv_set(ctx->a, x, "photos", list);
	return x;
}

static enum ng_err
authors_page(struct admin_ctx *ctx, const struct refusal *no, int status)
{
	struct author *v = NULL;
	struct media  *lib = NULL;
	struct tv     *root, *list, *x;
	size_t	       i, n = 0, nlib = 0;
	enum ng_err    err;

	if ((err = store_authors(ctx->a, ctx->st, &v, &n)) != NG_OK)
		return err;
	if ((err = store_media_list(ctx->a, ctx->st, 0, PHOTO_CHOICES, &lib,
		 &nlib)) != NG_OK)
		return err;
	root = admin_view(ctx, "Authors");
	list = tv_list(ctx->a);
	for (i = 0; i < n; i++) {
		if (no != NULL && no->id == v[i].id) {
			x = author_form(ctx, &no->typed, lib, nlib);
			admin_form_fault(ctx, x, labels, &no->f);
		} else
			x = author_form(ctx, &v[i], lib, nlib);
		tv_push(ctx->a, list, x);
	}
	tv_set(ctx->a, root, "authors", list);
	if (no != NULL && no->id == 0) {
		x = author_form(ctx, &no->typed, lib, nlib);
		admin_form_fault(ctx, x, labels, &no->f);
	} else
		x = author_form(ctx, &(struct author){ .id = 0 }, lib, nlib);
	tv_set(ctx->a, root, "new_author", x);
	return admin_render(ctx, root, "admin_authors", status);
}

/* Answer a refused save: the page again, the form as it was typed. */
static enum ng_err
refuse(struct admin_ctx *ctx, struct refusal *no, enum ng_err err)
{
	int status = 422;

	switch (err) {
	case NG_ECONFLICT:
		no->f.field = "slug";
		no->f.why = "Another author has this slug.";
		status = 409;
		break;
	case NG_EINVAL:
	case NG_ETOOBIG:
		no->f.field = "";
		no->f.why = "A field is invalid or too long.";
		break;
	default:
		return err;
	}
	return authors_page(ctx, no, status);
}

enum ng_err
admin_authors(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct refusal	 no;
	int64_t		 id;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_TAXONOMY, &ctx))
		return NG_OK;
	if (r->method != HTTP_POST)
		return authors_page(&ctx, NULL, 200);
	memset(&no, 0, sizeof(no));
	if ((no.f.why = author_read(&ctx, &no.typed, &no.f)) != NULL)
		return authors_page(&ctx, &no, 422);
	if ((err = store_author_add(ctx.st, &no.typed, &id)) == NG_OK) {
		admin_redirect(&ctx, "/admin/authors/?msg=added");
		return NG_OK;
	}
	return refuse(&ctx, &no, err);
}

enum ng_err
admin_author(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct refusal	 no;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_TAXONOMY, &ctx))
		return NG_OK;
	memset(&no, 0, sizeof(no));
	no.id = no.typed.id = admin_parse_id(req_cap(r, 0));
	if (no.id <= 0)
		return NG_ENOTFOUND;
	if ((no.f.why = author_read(&ctx, &no.typed, &no.f)) != NULL)
		return authors_page(&ctx, &no, 422);
	if ((err = store_author_update(ctx.st, &no.typed)) == NG_OK) {
		admin_redirect(&ctx, "/admin/authors/?msg=updated");
		return NG_OK;
	}
	return refuse(&ctx, &no, err);
}
