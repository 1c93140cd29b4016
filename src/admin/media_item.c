/*
 * media_item.c -- one item of the media library (/admin/media/{id}/):
 * its alt text, caption and credit edited after the upload, what uses
 * it, and its deletion.
 *
 * A change to the text drops every cached public page that shows the
 * item (store_media_update(), the "media" key).  An item something uses
 * -- an article (featured image or body), a static page, a slider, an
 * ad, an author's photo, a live update -- is not deleted: the page says
 * what uses it, each with a link to its editor, so nobody's article
 * loses a picture behind their back.  Editing needs the library
 * (CAP_UPLOAD); deleting, like deleting someone else's post, an editor
 * (CAP_EDIT_OTHERS).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "http/req.h"
#include "http/resp.h"
#include "media/av.h"
#include "media/media.h"
#include "render/tv.h"
#include "store/store.h"

static const struct admin_field_label item_labels[] = {
	{ "alt", "Alt text" },
	{ "caption", "Caption" },
	{ "credit", "Credit" },
	{ NULL, NULL },
};

static const char *const use_names[MEDIA_USE__MAX] = {
	[MEDIA_USE_ARTICLE] = "Article",
	[MEDIA_USE_PAGE] = "Page",
	[MEDIA_USE_SLIDER] = "Slider",
	[MEDIA_USE_AD] = "Ad",
	[MEDIA_USE_AUTHOR] = "Author photo",
	[MEDIA_USE_LIVE] = "Live update of",
};

/* Where the editor of use u is. */
static const char *
use_url(struct arena *a, const struct media_use *u)
{
	switch (u->kind) {
	case MEDIA_USE_ARTICLE:
		return arena_printf(a, "/admin/articles/%lld/",
		    (long long)u->id);
	case MEDIA_USE_PAGE:
		return arena_printf(a, "/admin/pages/%lld/", (long long)u->id);
	case MEDIA_USE_SLIDER:
		return arena_printf(a, "/admin/sliders/%lld/",
		    (long long)u->id);
	case MEDIA_USE_AD:
		return arena_printf(a, "/admin/ads/%lld/", (long long)u->id);
	case MEDIA_USE_AUTHOR:
		return arena_printf(a, "/admin/authors/#author-%lld",
		    (long long)u->id);
	case MEDIA_USE_LIVE:
		return arena_printf(a, "/admin/articles/%lld/live/",
		    (long long)u->id);
	default:
		return "/admin/";
	}
}

/*
 * The item's page.  typed (NULL: the stored text) and f (NULL: none)
 * put a refused form back; refused says a delete was refused.
 */
static enum ng_err
item_page(struct admin_ctx *ctx, const struct media *m,
    const struct media *typed, const struct store_fault *f, int refused,
    int status)
{
	struct media_use *u;
	struct tv	 *root, *x, *form, *list;
	const char	 *snip;
	size_t		  i, n;
	enum ng_err	  err;

	if ((err = store_media_usage(ctx->a, ctx->st, m->id, &u, &n)) != NG_OK)
		return err;
	root = admin_view(ctx, "Media item");
	if ((x = media_view(ctx->a, m)) == NULL &&
	    (x = media_av_view(ctx->a, m)) == NULL)
		x = tv_map(ctx->a);
	tv_set_int(ctx->a, x, "id", m->id);
	tv_set_str(ctx->a, x, "filename", m->filename);
	tv_set_str(ctx->a, x, "mime", m->mime);
	if ((snip = admin_media_snippet(ctx->a, m)) != NULL)
		tv_set_cstr(ctx->a, x, "snippet", snip);
	tv_set(ctx->a, root, "item", x);
	form = tv_map(ctx->a);
	if (typed == NULL)
		typed = m;
	tv_set_int(ctx->a, form, "id", m->id);
	tv_set_str(ctx->a, form, "alt", typed->alt);
	tv_set_str(ctx->a, form, "caption", typed->caption);
	tv_set_str(ctx->a, form, "credit", typed->credit);
	tv_set_bool(ctx->a, form, "no_alt", m->alt.n == 0);
	if (f != NULL)
		admin_form_fault(ctx, form, item_labels, f);
	tv_set(ctx->a, root, "form", form);
	list = tv_list(ctx->a);
	for (i = 0; i < n; i++) {
		x = tv_map(ctx->a);
		tv_set_cstr(ctx->a, x, "kind", use_names[u[i].kind]);
		tv_set_str(ctx->a, x, "title", u[i].title);
		tv_set_str(ctx->a, x, "status", u[i].status);
		tv_set_cstr(ctx->a, x, "url", use_url(ctx->a, &u[i]));
		tv_push(ctx->a, list, x);
	}
	tv_set(ctx->a, root, "uses", list);
	tv_set_bool(ctx->a, root, "used", n > 0);
	tv_set_int(ctx->a, root, "nuses", (int64_t)n);
	tv_set_bool(ctx->a, root, "refused", refused);
	tv_set_bool(ctx->a, root, "can_delete",
	    admin_role_can(ctx->user->role, CAP_EDIT_OTHERS));
	return admin_render(ctx, root, "admin_media_item", status);
}

/*
 * Remove the files of a deleted item: the directory of its key under
 * data_dir/media/ and what is in it (only names a media key can have:
 * it was ours, nothing else is there).  A failure is logged: the row is
 * gone, so nothing links to them any more.
 */
static void
remove_files(const char *data_dir, struct str key)
{
	char	       dir[4096];
	DIR	      *d;
	struct dirent *e;
	int	       fd;

	if (!media_key_ok(key) ||
	    snprintf(dir, sizeof(dir), "%s/media/%.*s", data_dir, (int)key.n,
		key.p) >= (int)sizeof(dir))
		return;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)) < 0) {
		if (errno != ENOENT)
			log_warn("admin: %s: %s", dir, strerror(errno));
		return;
	}
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (unlinkat(fd, e->d_name, 0) != 0)
			log_warn("admin: %s/%s: %s", dir, e->d_name,
			    strerror(errno));
	}
	closedir(d);
	if (rmdir(dir) != 0)
		log_warn("admin: %s: %s", dir, strerror(errno));
}

static enum ng_err
item_update(struct admin_ctx *ctx, const struct media *m)
{
	struct media	   t = *m;
	struct store_fault f;
	const char	  *loc;
	enum ng_err	   err;

	memset(&f, 0, sizeof(f));
	t.alt = admin_field(ctx->r, "alt");
	t.caption = admin_field(ctx->r, "caption");
	t.credit = admin_field(ctx->r, "credit");
	if (t.alt.n > STORE_MEDIA_TEXT_MAX)
		f.field = "alt";
	else if (t.caption.n > STORE_MEDIA_TEXT_MAX)
		f.field = "caption";
	else if (t.credit.n > STORE_MEDIA_TEXT_MAX)
		f.field = "credit";
	if (f.field != NULL) {
		f.why = "Too long: at most 2000 bytes.";
		return item_page(ctx, m, &t, &f, 0, 422);
	}
	if ((err = store_media_update(ctx->st, &t)) != NG_OK)
		return err;
	log_info("admin: %.*s changed the text of media %lld",
	    (int)ctx->user->login.n, ctx->user->login.p, (long long)m->id);
	loc = arena_printf(ctx->a, "/admin/media/%lld/?msg=saved",
	    (long long)m->id);
	admin_redirect(ctx, loc != NULL ? loc : "/admin/media/");
	return NG_OK;
}

static enum ng_err
item_delete(struct admin_ctx *ctx, const struct media *m)
{
	struct str  key;
	enum ng_err err;

	if (!admin_role_can(ctx->user->role, CAP_EDIT_OTHERS))
		return admin_forbidden(ctx,
		    "Only an editor or an administrator deletes from the "
		    "library.");
	err = store_media_delete(ctx->a, ctx->st, m->id, &key);
	if (err == NG_ECONFLICT)
		return item_page(ctx, m, NULL, NULL, 1, 409);
	if (err != NG_OK)
		return err;
	remove_files(ctx->app->cfg->data_dir, key);
	log_info("admin: %.*s deleted media %lld (%.*s)",
	    (int)ctx->user->login.n, ctx->user->login.p, (long long)m->id,
	    (int)m->path.n, m->path.p);
	admin_redirect(ctx, "/admin/media/?msg=deleted");
	return NG_OK;
}

enum ng_err
admin_media_item(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct media	 m;
	struct str	 act;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_UPLOAD, &ctx))
		return NG_OK;
	if ((err = store_media_get(ctx.a, ctx.st, admin_parse_id(req_cap(r, 0)),
		 &m)) != NG_OK)
		return err;
	if (r->method != HTTP_POST)
		return item_page(&ctx, &m, NULL, NULL, 0, 200);
	act = admin_field(r, "action");
	if (str_eqc(act, "update"))
		return item_update(&ctx, &m);
	if (str_eqc(act, "delete"))
		return item_delete(&ctx, &m);
	return admin_refuse(&ctx, 400, "Unknown action",
	    "This form has no such button.");
}
