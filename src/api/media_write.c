/*
 * media_write.c -- POST /wp/v2/media: an image uploaded through the API,
 * the two ways WordPress takes one: the file as the raw body, named by a
 * Content-Disposition header (what the mobile apps and most libraries
 * send), or a multipart/form-data form with a "file" part.  The image
 * goes through media_store_file(), the newsroom upload's own checks and
 * conversion, and only the roles that may upload in the newsroom
 * (CAP_UPLOAD, WordPress's upload_files) may upload here.
 *
 * POST, PUT or PATCH /wp/v2/media/ID change an image's alt text, caption
 * and description (our credit line): uploads have no owner here, so
 * only those who edit others' work (editors, administrators) may.
 * DELETE is refused as the newsroom refuses it: an image stays in the
 * library, since articles, galleries, sliders and feeds may show it.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "admin/roles.h"
#include "api/api_int.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "http/multipart.h"
#include "http/req.h"
#include "http/resp.h"
#include "media/media.h"
#include "store/store.h"

/*
 * Does a Content-Disposition value name a file ("attachment;
 * filename=x.jpg", quoted or not, or RFC 5987's filename*=)?  Only its
 * presence matters: the stored name is made from the image itself.
 */
int
api_disposition_has_filename(struct str v)
{
	size_t i;

	for (i = 0; i + 8 < v.n; i++) {
		if (strncasecmp(v.p + i, "filename", 8) != 0 ||
		    (i > 0 && v.p[i - 1] != ';' && v.p[i - 1] != ' ' &&
			v.p[i - 1] != '\t'))
			continue;
		i += 8;
		if (i < v.n && v.p[i] == '*')
			i++;
		while (i < v.n && (v.p[i] == ' ' || v.p[i] == '\t'))
			i++;
		if (i >= v.n || v.p[i] != '=')
			return 0;
		i++;
		while (i < v.n && (v.p[i] == ' ' || v.p[i] == '\t'))
			i++;
		if (i < v.n && v.p[i] == '"')
			return i + 1 < v.n && v.p[i + 1] != '"';
		return i < v.n && v.p[i] != ';';
	}
	return 0;
}

/* A text field of the upload: a form part, else the query's. */
static int
text_in(struct api_ctx *ctx, const struct multipart_part *v, size_t n,
    const char *name, struct str *out)
{
	const struct multipart_part *pt;

	if (v != NULL && (pt = multipart_find(v, n, name)) != NULL &&
	    pt->filename.p == NULL) {
		*out = pt->data;
		if (out->n > STORE_MEDIA_TEXT_MAX) {
			api_bad_param(ctx, name, "rest_too_long",
			    arena_printf(ctx->a,
				"%s must be at most %u characters long.", name,
				(unsigned)STORE_MEDIA_TEXT_MAX));
			return 0;
		}
		return 1;
	}
	return api_p_str(ctx, name, STORE_MEDIA_TEXT_MAX, out);
}

/* The image bytes of the request; 0 when it answered 400. */
static int
file_of(struct api_ctx *ctx, struct multipart_part **parts, size_t *nparts,
    struct str *data)
{
	const struct multipart_part *f;
	struct str ct = req_header(ctx->r, "Content-Type"), cd;

	*parts = NULL;
	*nparts = 0;
	if (ct.n >= 19 && strncasecmp(ct.p, "multipart/form-data", 19) == 0) {
		if (multipart_parse(ctx->a, ct, ctx->r->body, parts, nparts) !=
		    NG_OK) {
			(void)api_fail(ctx, 400, "rest_upload_invalid_form",
			    "The upload was not a well-formed "
			    "multipart/form-data form.",
			    NULL);
			return 0;
		}
		f = multipart_find(*parts, *nparts, "file");
		if (f == NULL || f->filename.p == NULL || f->data.n == 0) {
			(void)api_fail(ctx, 400, "rest_upload_no_data",
			    "No data supplied.", NULL);
			return 0;
		}
		*data = f->data;
		return 1;
	}
	if (ctx->r->body.n == 0) {
		(void)api_fail(ctx, 400, "rest_upload_no_data",
		    "No data supplied.", NULL);
		return 0;
	}
	if (ct.n == 0) {
		(void)api_fail(ctx, 400, "rest_upload_no_content_type",
		    "No Content-Type supplied.", NULL);
		return 0;
	}
	/* An empty header is no header, as WordPress's empty() has it. */
	if ((cd = req_header(ctx->r, "Content-Disposition")).n == 0) {
		(void)api_fail(ctx, 400, "rest_upload_no_content_disposition",
		    "No Content-Disposition supplied.", NULL);
		return 0;
	}
	if (!api_disposition_has_filename(cd)) {
		(void)api_fail(ctx, 400, "rest_upload_invalid_disposition",
		    "Invalid Content-Disposition supplied. "
		    "Content-Disposition needs to be formatted as "
		    "`attachment; filename=\"image.png\"` or similar.",
		    NULL);
		return 0;
	}
	*data = ctx->r->body;
	return 1;
}

enum ng_err
api_media_create(struct api_ctx *ctx)
{
	struct multipart_part *parts;
	struct media	       m;
	struct str	       data, alt, caption, credit;
	char		       why[256];
	json_t		      *o;
	size_t		       nparts;
	int		       status = 0, ok = 1;
	enum ng_err	       err;

	if (!api_user_can(ctx, CAP_UPLOAD))
		return api_fail(ctx, ctx->user == NULL ? 401 : 403,
		    "rest_cannot_create",
		    "Sorry, you are not allowed to upload media on this site.",
		    NULL);
	if (!file_of(ctx, &parts, &nparts, &data))
		return NG_OK;
	ok &= text_in(ctx, parts, nparts, "alt_text", &alt);
	ok &= text_in(ctx, parts, nparts, "caption", &caption);
	/* WordPress has no credit; its "description" is the nearest. */
	ok &= text_in(ctx, parts, nparts, "description", &credit);
	if (api_params_done(ctx) || !ok)
		return NG_OK;
	memset(&m, 0, sizeof(m));
	m.alt = alt.p != NULL ? alt : STR_LIT("");
	m.caption = caption.p != NULL ? caption : STR_LIT("");
	m.credit = credit.p != NULL ? credit : STR_LIT("");
	err = media_store_file(ctx->a, ctx->st, ctx->r->app->cfg->data_dir,
	    data, &m, &status, why, sizeof(why));
	if (err != NG_OK && status != 0 && status != 500)
		return api_fail(ctx, status, "rest_upload_sideload_error",
		    arena_strdup(ctx->a, why), NULL);
	if (err != NG_OK)
		return err;
	log_info("api: %.*s uploaded media %lld (%lldx%lld %.*s)",
	    (int)ctx->user->login.n, ctx->user->login.p, (long long)m.id,
	    (long long)m.width, (long long)m.height, (int)m.mime.n, m.mime.p);
	ctx->context = API_CTX_EDIT;
	if ((o = api_media_json(ctx, m.id, 0)) == NULL)
		return NG_ENOMEM;
	resp_header_add(ctx->r, ctx->rs, "Location",
	    api_url(ctx,
		arena_printf(ctx->a, "/wp/v2/media/%lld", (long long)m.id)));
	return api_send(ctx, 201, o);
}

/* Change what was sent of alt_text, caption and description. */
static enum ng_err
media_update(struct api_ctx *ctx, struct media *m)
{
	struct str  alt, caption, credit;
	int	    has_alt = 0, has_caption = 0, has_credit = 0, ok = 1;
	json_t	   *o;
	enum ng_err err;

	ok &= api_p_text(ctx, "alt_text", STORE_MEDIA_TEXT_MAX, &alt, &has_alt);
	ok &= api_p_text(ctx, "caption", STORE_MEDIA_TEXT_MAX, &caption,
	    &has_caption);
	ok &= api_p_text(ctx, "description", STORE_MEDIA_TEXT_MAX, &credit,
	    &has_credit);
	if (api_params_done(ctx) || !ok)
		return NG_OK;
	if (has_alt)
		m->alt = alt;
	if (has_caption)
		m->caption = caption;
	if (has_credit)
		m->credit = credit;
	if ((has_alt || has_caption || has_credit) &&
	    (err = store_media_update(ctx->st, m)) != NG_OK)
		return err;
	log_info("api: %.*s updated media %lld", (int)ctx->user->login.n,
	    ctx->user->login.p, (long long)m->id);
	ctx->context = API_CTX_EDIT;
	if ((o = api_media_json(ctx, m->id, 0)) == NULL)
		return NG_ENOMEM;
	return api_send(ctx, 200, o);
}

enum ng_err
api_media_modify(struct api_ctx *ctx)
{
	struct media m;
	enum ng_err  err;
	int	     force, del = ctx->method == HTTP_DELETE;

	if (!api_user_can(ctx, CAP_EDIT_OTHERS))
		return api_fail(ctx, ctx->user == NULL ? 401 : 403,
		    del ? "rest_cannot_delete" : "rest_cannot_edit",
		    del ? "Sorry, you are not allowed to delete this post." :
			  "Sorry, you are not allowed to edit this post.",
		    NULL);
	err = store_media_get(ctx->a, ctx->st, ctx->id, &m);
	if (err == NG_ENOTFOUND)
		return api_fail(ctx, 404, "rest_post_invalid_id",
		    "Invalid post ID.", NULL);
	if (err != NG_OK)
		return err;
	if (!del)
		return media_update(ctx, &m);
	if (!api_p_bool(ctx, "force", 0, &force) || api_params_done(ctx))
		return NG_OK;
	/* WordPress's answer for attachments without force=true. */
	if (!force)
		return api_fail(ctx, 501, "rest_trash_not_supported",
		    "Media cannot be trashed. Set 'force=true' to delete.",
		    NULL);
	return api_fail(ctx, 403, "rest_cannot_delete",
	    "Media is never deleted on this site: articles, galleries, "
	    "sliders and feeds may still show it.",
	    NULL);
}
