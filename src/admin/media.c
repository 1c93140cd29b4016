/*
 * media.c -- the newsroom's media library (GET /admin/media/), the
 * upload (POST, multipart/form-data) and an article's featured image
 * (POST /admin/articles/{id}/featured/).
 *
 * An upload is stored by media_store_file() (media/media.h).  As in
 * WordPress, the library, uploads and featured
 * images need CAP_UPLOAD (upload_files), which contributors lack: their
 * drafts take pictures when an editor reviews them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "http/multipart.h"
#include "http/req.h"
#include "http/resp.h"
#include "media/media.h"
#include "render/tv.h"
#include "store/store.h"

#define LIBRARY_MAX 60 /* images on the library page */
#define PICKER_MAX  50 /* images offered in the editor */

/* A refusal with its reason: status 4xx, the admin error page. */
static enum ng_err
refuse(struct admin_ctx *ctx, int status, const char *why)
{
	struct tv *root;

	root = admin_view(ctx, "Upload refused");
	tv_set_cstr(ctx->a, root, "message", why);
	tv_set_int(ctx->a, root, "status", status);
	return admin_render(ctx, root, "admin_error", status);
}

/* A trimmed text part of the form, "" when absent. */
static struct str
text_part(const struct multipart_part *v, size_t n, const char *name)
{
	const struct multipart_part *pt;
	struct str		     s;

	if ((pt = multipart_find(v, n, name)) == NULL || pt->filename.p != NULL)
		return STR_LIT("");
	s = pt->data;
	while (s.n > 0 &&
	    (s.p[0] == ' ' || s.p[0] == '\t' || s.p[0] == '\r' ||
		s.p[0] == '\n')) {
		s.p++;
		s.n--;
	}
	while (s.n > 0 &&
	    (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t' ||
		s.p[s.n - 1] == '\r' || s.p[s.n - 1] == '\n'))
		s.n--;
	return s;
}

static enum ng_err
library(struct admin_ctx *ctx)
{
	struct media *v;
	struct tv    *root, *list, *x;
	size_t	      i, n;
	enum ng_err   err;

	if ((err = store_media_list(ctx->a, ctx->st, 0, LIBRARY_MAX, &v, &n)) !=
	    NG_OK)
		return err;
	root = admin_view(ctx, "Media");
	list = tv_list(ctx->a);
	for (i = 0; i < n; i++)
		if ((x = media_view(ctx->a, &v[i])) != NULL)
			tv_push(ctx->a, list, x);
	tv_set(ctx->a, root, "media", list);
	tv_set_bool(ctx->a, root, "empty", n == 0);
	tv_set_bool(ctx->a, root, "can_upload",
	    admin_role_can(ctx->user->role, CAP_UPLOAD));
	tv_set_int(ctx->a, root, "upload_mb", MEDIA_UPLOAD_MAX >> 20);
	return admin_render(ctx, root, "admin_media", 200);
}

static enum ng_err
store_upload(struct admin_ctx *ctx, struct str data, struct media *m,
    int *status, char *why, size_t whysz)
{
	return media_store_file(ctx->a, ctx->st, ctx->app->cfg->data_dir, data,
	    m, status, why, whysz);
}

/* NG_OK when the user may edit article id, else an answer. */
static enum ng_err
may_edit(struct admin_ctx *ctx, int64_t article_id, int *answered)
{
	struct article *art;
	enum ng_err	err;

	*answered = 0;
	if ((err = store_article_by_id(ctx->a, ctx->st, article_id, &art)) !=
	    NG_OK)
		return err;
	if (!admin_may_edit(ctx->user, art)) {
		*answered = 1;
		return admin_forbidden(ctx, "You may not edit this article.");
	}
	return NG_OK;
}

/* Set (media_id > 0) or clear the featured image of article id. */
static enum ng_err
set_featured(struct admin_ctx *ctx, int64_t article_id, int64_t media_id,
    int *answered)
{
	enum ng_err err;

	if ((err = may_edit(ctx, article_id, answered)) != NG_OK || *answered)
		return err;
	return store_article_set_featured(ctx->st, article_id, media_id);
}

static enum ng_err
upload(struct admin_ctx *ctx)
{
	struct multipart_part	    *v;
	const struct multipart_part *file;
	struct media		     m;
	const char		    *loc;
	char			     why[256];
	int64_t			     article_id;
	size_t			     n;
	int			     status, answered;
	enum ng_err		     err;

	if (multipart_parse(ctx->a, req_header(ctx->r, "Content-Type"),
		ctx->r->body, &v, &n) != NG_OK)
		return refuse(ctx, 400,
		    "The upload was not a well-formed "
		    "multipart/form-data form.");
	file = multipart_find(v, n, "file");
	if (file == NULL || file->filename.p == NULL || file->data.n == 0)
		return refuse(ctx, 400, "Choose an image file to upload.");
	memset(&m, 0, sizeof(m));
	m.alt = text_part(v, n, "alt");
	m.caption = text_part(v, n, "caption");
	m.credit = text_part(v, n, "credit");
	if (m.alt.n > STORE_MEDIA_TEXT_MAX ||
	    m.caption.n > STORE_MEDIA_TEXT_MAX ||
	    m.credit.n > STORE_MEDIA_TEXT_MAX)
		return refuse(ctx, 400,
		    "Alt text, caption and credit are "
		    "limited to 2000 bytes each.");
	article_id = admin_parse_id(text_part(v, n, "article"));
	/* Refuse before converting: a refused upload leaves no file. */
	if (article_id != 0 &&
	    ((err = may_edit(ctx, article_id, &answered)) != NG_OK || answered))
		return err;
	if ((err = store_upload(ctx, file->data, &m, &status, why,
		 sizeof(why))) != NG_OK) {
		if (status != 500)
			return refuse(ctx, status, arena_strdup(ctx->a, why));
		return err;
	}
	log_info("admin: %.*s uploaded media %lld (%lldx%lld %.*s)",
	    (int)ctx->user->login.n, ctx->user->login.p, (long long)m.id,
	    (long long)m.width, (long long)m.height, (int)m.mime.n, m.mime.p);
	if (article_id == 0) {
		admin_redirect(ctx, "/admin/media/?msg=added");
		return NG_OK;
	}
	if ((err = set_featured(ctx, article_id, m.id, &answered)) != NG_OK ||
	    answered)
		return err;
	loc = arena_printf(ctx->a, "/admin/articles/%lld/?msg=saved",
	    (long long)article_id);
	admin_redirect(ctx, loc != NULL ? loc : "/admin/articles/");
	return NG_OK;
}

void
admin_media_editor(struct admin_ctx *ctx, struct tv *root, int64_t article_id)
{
	struct media *v;
	struct tv    *list, *x;
	int64_t	      cur = 0;
	size_t	      i, n;

	media_featured(ctx->a, ctx->st, root, "featured_image", article_id);
	/* Without the library, the picture chosen by an editor is shown. */
	if (!admin_role_can(ctx->user->role, CAP_UPLOAD))
		return;
	if (store_article_featured(ctx->st, article_id, &cur) != NG_OK ||
	    store_media_list(ctx->a, ctx->st, 0, PICKER_MAX, &v, &n) != NG_OK)
		return;
	list = tv_list(ctx->a);
	for (i = 0; i < n; i++) {
		x = tv_map(ctx->a);
		tv_set_int(ctx->a, x, "id", v[i].id);
		tv_set_cstr(ctx->a, x, "label",
		    arena_printf(ctx->a, "#%lld %.*s", (long long)v[i].id,
			(int)v[i].alt.n, v[i].alt.p));
		tv_set_bool(ctx->a, x, "selected", v[i].id == cur);
		tv_push(ctx->a, list, x);
	}
	tv_set(ctx->a, root, "media_choices", list);
	tv_set_bool(ctx->a, root, "has_media_choices", n > 0);
	tv_set_bool(ctx->a, root, "can_upload",
	    admin_role_can(ctx->user->role, CAP_UPLOAD));
	tv_set_bool(ctx->a, root, "media_panel", 1);
}

struct str
admin_multipart_field(struct req *r, const char *name)
{
	struct multipart_part	    *v;
	const struct multipart_part *pt;
	size_t			     n;

	if (multipart_parse(r->arena, req_header(r, "Content-Type"), r->body,
		&v, &n) != NG_OK ||
	    (pt = multipart_find(v, n, name)) == NULL || pt->filename.p != NULL)
		return STR_NULL;
	return pt->data;
}

enum ng_err
admin_media(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;

	if (!admin_enter(r, rs, CAP_UPLOAD, &ctx))
		return NG_OK;
	if (r->method == HTTP_POST)
		return upload(&ctx);
	return library(&ctx);
}

enum ng_err
admin_featured(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct media	 m;
	const char	*loc;
	int64_t		 id, mid;
	int		 answered;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_UPLOAD, &ctx))
		return NG_OK;
	id = admin_parse_id(req_cap(r, 0));
	mid = admin_parse_id(admin_field(r, "media"));
	if (mid != 0 &&
	    (err = store_media_get(ctx.a, ctx.st, mid, &m)) != NG_OK)
		return err == NG_ENOTFOUND ?
		    refuse(&ctx, 400, "No such image.") :
		    err;
	if ((err = set_featured(&ctx, id, mid, &answered)) != NG_OK || answered)
		return err;
	loc = arena_printf(ctx.a, "/admin/articles/%lld/?msg=saved",
	    (long long)id);
	admin_redirect(&ctx, loc != NULL ? loc : "/admin/articles/");
	return NG_OK;
}
