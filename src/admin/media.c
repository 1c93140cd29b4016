/*
 * media.c -- the newsroom's media library (GET /admin/media/, searched
 * with ?q= and paged with ?page=), the upload (POST,
 * multipart/form-data), an article's featured image (POST
 * /admin/articles/{id}/featured/) and the editor's picker, which gives
 * each image as the Markdown to paste into a body (admin.js adds an
 * Insert button that puts it at the cursor).
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
#include "core/buf.h"
#include "core/config.h"
#include "core/log.h"
#include "http/multipart.h"
#include "http/req.h"
#include "http/resp.h"
#include "media/av.h"
#include "media/media.h"
#include "render/tv.h"
#include "store/store.h"

#define LIBRARY_PAGE 24 /* items on a page of the library */
#define PICKER_MAX   50 /* images offered in the editor */

/*
 * Text for a body's Markdown that reads back as typed: the characters
 * that could start markup, a shortcode or an HTML tag are written as
 * escapes or character references; line breaks become spaces.
 */
static void
put_md_text(struct buf *b, struct str s)
{
	size_t i;

	for (i = 0; i < s.n; i++)
		switch (s.p[i]) {
		case '[':
			buf_puts(b, "&#91;");
			break;
		case ']':
			buf_puts(b, "&#93;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '\\':
		case '*':
		case '_':
		case '`':
		case '!':
		case '#':
		case '|':
			buf_putc(b, '\\');
			buf_putc(b, s.p[i]);
			break;
		case '\r':
		case '\n':
		case '\t':
			buf_putc(b, ' ');
			break;
		default:
			buf_putc(b, s.p[i]);
		}
}

const char *
admin_media_snippet(struct arena *a, const struct media *m)
{
	struct buf b;
	struct str out;
	int	   fig = m->caption.n > 0 || m->credit.n > 0;

	if (m->mime.n < 6 || memcmp(m->mime.p, "image/", 6) != 0)
		return NULL;
	buf_init(&b, a);
	if (fig)
		buf_puts(&b, "[caption]");
	buf_puts(&b, "![");
	put_md_text(&b, m->alt);
	buf_puts(&b, "](/media/");
	buf_putstr(&b, m->path);
	buf_putc(&b, ')');
	if (m->caption.n > 0) {
		buf_putc(&b, ' ');
		put_md_text(&b, m->caption);
	}
	if (m->credit.n > 0) {
		buf_puts(&b, " Photo: ");
		put_md_text(&b, m->credit);
	}
	if (fig)
		buf_puts(&b, "[/caption]");
	if (buf_finish(&b, &out) != NG_OK)
		return NULL;
	return out.p;
}

/* s for a query string: unreserved bytes as they are, the rest %XX. */
static const char *
query_escape(struct arena *a, struct str s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf	  b;
	struct str	  out;
	unsigned char	  ch;
	size_t		  i;

	buf_init(&b, a);
	buf_puts(&b, ""); /* "" for an empty s, never NULL */
	for (i = 0; i < s.n; i++) {
		ch = (unsigned char)s.p[i];
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' ||
		    ch == '_' || ch == '~')
			buf_putc(&b, (char)ch);
		else {
			buf_putc(&b, '%');
			buf_putc(&b, hex[ch >> 4]);
			buf_putc(&b, hex[ch & 15]);
		}
	}
	return buf_finish(&b, &out) == NG_OK ? out.p : "";
}

/* A library item for the templates: the view, its snippet, warnings. */
static struct tv *
item_view(struct arena *a, const struct media *m)
{
	struct tv  *x;
	const char *snip;

	if ((x = media_view(a, m)) == NULL && (x = media_av_view(a, m)) == NULL)
		return NULL;
	if ((snip = admin_media_snippet(a, m)) != NULL)
		tv_set_cstr(a, x, "snippet", snip);
	tv_set_bool(a, x, "no_alt", m->alt.n == 0);
	tv_set_str(a, x, "filename", m->filename);
	return x;
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

/* An upload sent back: what was typed and what is wrong. */
struct upload_redo {
	struct str	   alt, caption, credit;
	int64_t		   article_id;
	struct store_fault f;
};

static const struct admin_field_label upload_labels[] = {
	{ "file", "Image" },
	{ "alt", "Alt text" },
	{ "caption", "Caption" },
	{ "credit", "Credit" },
	{ NULL, NULL },
};

/*
 * The library (a page of what ?q= finds) and its upload form; redo
 * (NULL: none) fills the form back.
 */
static enum ng_err
library(struct admin_ctx *ctx, const struct upload_redo *redo, int status)
{
	struct media *v;
	struct tv    *root, *list, *x, *form;
	struct str    q, pg;
	const char   *qs;
	size_t	      i, n, total, page, pages;
	enum ng_err   err;

	q = req_query(ctx->r, "q");
	if (q.p == NULL)
		q = STR_LIT("");
	pg = req_query(ctx->r, "page");
	page = pg.p != NULL ? (size_t)admin_parse_id(pg) : 1;
	if (page == 0 || page > 100000)
		return admin_refuse(ctx, 400, "No such page",
		    "page must be a whole number from 1.");
	if (q.n > STORE_MEDIA_QUERY_MAX)
		return admin_refuse(ctx, 400, "Search too long",
		    "Search for at most 200 bytes.");
	if ((err = store_media_search(ctx->a, ctx->st, q,
		 (page - 1) * LIBRARY_PAGE, LIBRARY_PAGE, &v, &n, &total)) !=
	    NG_OK)
		return err;
	root = admin_view(ctx, "Media");
	list = tv_list(ctx->a);
	for (i = 0; i < n; i++)
		if ((x = item_view(ctx->a, &v[i])) != NULL)
			tv_push(ctx->a, list, x);
	tv_set(ctx->a, root, "media", list);
	tv_set_bool(ctx->a, root, "empty", n == 0);
	tv_set_str(ctx->a, root, "q", q);
	tv_set_bool(ctx->a, root, "searched", q.n > 0);
	tv_set_int(ctx->a, root, "total", (int64_t)total);
	pages = (total + LIBRARY_PAGE - 1) / LIBRARY_PAGE;
	if (pages > 1 || page > 1) {
		x = tv_map(ctx->a);
		qs = query_escape(ctx->a, q);
		tv_set_int(ctx->a, x, "page", (int64_t)page);
		tv_set_int(ctx->a, x, "pages", (int64_t)pages);
		if (page > 1)
			tv_set_cstr(ctx->a, x, "prev_url",
			    arena_printf(ctx->a, "/admin/media/?q=%s&page=%zu",
				qs, page - 1));
		if (page < pages)
			tv_set_cstr(ctx->a, x, "next_url",
			    arena_printf(ctx->a, "/admin/media/?q=%s&page=%zu",
				qs, page + 1));
		tv_set(ctx->a, root, "pager", x);
	}
	tv_set_bool(ctx->a, root, "can_upload",
	    admin_role_can(ctx->user->role, CAP_UPLOAD));
	tv_set_int(ctx->a, root, "upload_mb", MEDIA_UPLOAD_MAX >> 20);
	form = tv_map(ctx->a);
	tv_set_cstr(ctx->a, form, "alt", "");
	tv_set_cstr(ctx->a, form, "caption", "");
	tv_set_cstr(ctx->a, form, "credit", "");
	if (redo != NULL) {
		tv_set_str(ctx->a, form, "alt", redo->alt);
		tv_set_str(ctx->a, form, "caption", redo->caption);
		tv_set_str(ctx->a, form, "credit", redo->credit);
		if (redo->article_id > 0)
			tv_set_int(ctx->a, form, "article", redo->article_id);
		admin_form_fault(ctx, form, upload_labels, &redo->f);
	}
	tv_set(ctx->a, root, "upload", form);
	return admin_render(ctx, root, "admin_media", status);
}

/*
 * Refuse an upload by putting its form back, every text kept, the
 * field at fault named (a browser cannot be handed the file again).
 */
static enum ng_err
refuse(struct admin_ctx *ctx, struct upload_redo *redo, int status,
    const char *field, const char *why)
{
	redo->f.field = field;
	redo->f.why = why;
	return library(ctx, redo, status);
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
	struct upload_redo	     redo;
	const char		    *loc;
	char			     why[256];
	size_t			     n;
	int			     status, answered;
	enum ng_err		     err;

	memset(&redo, 0, sizeof(redo));
	if (multipart_parse(ctx->a, req_header(ctx->r, "Content-Type"),
		ctx->r->body, &v, &n) != NG_OK)
		return refuse(ctx, &redo, 400, "file",
		    "The upload was not a well-formed "
		    "multipart/form-data form.");
	redo.alt = text_part(v, n, "alt");
	redo.caption = text_part(v, n, "caption");
	redo.credit = text_part(v, n, "credit");
	redo.article_id = admin_parse_id(text_part(v, n, "article"));
	/* Refuse before converting: a refused upload leaves no file. */
	if (redo.article_id != 0 &&
	    ((err = may_edit(ctx, redo.article_id, &answered)) != NG_OK ||
		answered))
		return err;
	if (redo.alt.n > STORE_MEDIA_TEXT_MAX)
		return refuse(ctx, &redo, 422, "alt",
		    "Too long: at most 2000 bytes.");
	if (redo.caption.n > STORE_MEDIA_TEXT_MAX)
		return refuse(ctx, &redo, 422, "caption",
		    "Too long: at most 2000 bytes.");
	if (redo.credit.n > STORE_MEDIA_TEXT_MAX)
		return refuse(ctx, &redo, 422, "credit",
		    "Too long: at most 2000 bytes.");
	file = multipart_find(v, n, "file");
	if (file == NULL || file->filename.p == NULL || file->data.n == 0)
		return refuse(ctx, &redo, 400, "file",
		    "Choose an image file to upload.");
	memset(&m, 0, sizeof(m));
	m.alt = redo.alt;
	m.caption = redo.caption;
	m.credit = redo.credit;
	m.filename = file->filename;
	if (m.filename.n > 255)
		m.filename = STR_NULL; /* a name that long helps no search */
	if ((err = store_upload(ctx, file->data, &m, &status, why,
		 sizeof(why))) != NG_OK) {
		if (status != 500)
			return refuse(ctx, &redo, status, "file",
			    arena_printf(ctx->a, "%s Choose the file again.",
				why));
		return err;
	}
	log_info("admin: %.*s uploaded media %lld (%lldx%lld %.*s)",
	    (int)ctx->user->login.n, ctx->user->login.p, (long long)m.id,
	    (long long)m.width, (long long)m.height, (int)m.mime.n, m.mime.p);
	if (redo.article_id == 0) {
		admin_redirect(ctx, "/admin/media/?msg=added");
		return NG_OK;
	}
	if ((err = set_featured(ctx, redo.article_id, m.id, &answered)) !=
		NG_OK ||
	    answered)
		return err;
	loc = arena_printf(ctx->a, "/admin/articles/%lld/?msg=saved",
	    (long long)redo.article_id);
	admin_redirect(ctx, loc != NULL ? loc : "/admin/articles/");
	return NG_OK;
}

void
admin_media_editor(struct admin_ctx *ctx, struct tv *root, int64_t article_id)
{
	struct media *v;
	struct tv    *list, *x, *picker;
	int64_t	      cur = 0;
	size_t	      i, n, pics;

	if (article_id > 0)
		media_featured(ctx->a, ctx->st, root, "featured_image",
		    article_id);
	/* Without the library, the picture chosen by an editor is shown. */
	if (!admin_role_can(ctx->user->role, CAP_UPLOAD))
		return;
	if ((article_id > 0 &&
		store_article_featured(ctx->st, article_id, &cur) != NG_OK) ||
	    store_media_list(ctx->a, ctx->st, 0, PICKER_MAX, &v, &n) != NG_OK)
		return;
	list = tv_list(ctx->a);
	picker = tv_list(ctx->a);
	for (i = pics = 0; i < n; i++) {
		/* Audio and video are in the library, never a picture. */
		if (v[i].mime.n < 6 || memcmp(v[i].mime.p, "image/", 6) != 0)
			continue;
		pics++;
		x = tv_map(ctx->a);
		tv_set_int(ctx->a, x, "id", v[i].id);
		tv_set_cstr(ctx->a, x, "label",
		    arena_printf(ctx->a, "#%lld %.*s", (long long)v[i].id,
			(int)v[i].alt.n, v[i].alt.p));
		tv_set_bool(ctx->a, x, "selected", v[i].id == cur);
		tv_push(ctx->a, list, x);
		if ((x = item_view(ctx->a, &v[i])) != NULL)
			tv_push(ctx->a, picker, x);
	}
	/* The body's picker: a new article's too. */
	tv_set(ctx->a, root, "picker", picker);
	tv_set_bool(ctx->a, root, "has_picker", pics > 0);
	if (article_id <= 0)
		return;
	tv_set(ctx->a, root, "media_choices", list);
	tv_set_bool(ctx->a, root, "has_media_choices", pics > 0);
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
	return library(&ctx, NULL, 200);
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
		    admin_refuse(&ctx, 422, "Not saved",
			"No such image in the library.") :
		    err;
	if ((err = set_featured(&ctx, id, mid, &answered)) != NG_OK || answered)
		return err;
	loc = arena_printf(ctx.a, "/admin/articles/%lld/?msg=saved",
	    (long long)id);
	admin_redirect(&ctx, loc != NULL ? loc : "/admin/articles/");
	return NG_OK;
}
