/*
 * revisions.c -- an article's history: the list of revisions, one
 * revision compared with the current text (or another revision), and
 * restoring one (which saves it as a new revision, so nothing is lost);
 * corrections and update notes; and the dashboard.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "admin/diff.h"
#include "content/article.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/log.h"
#include "http/req.h"
#include "http/resp.h"
#include "render/tv.h"
#include "store/store.h"

static const char *
when(const struct admin_ctx *ctx, int64_t t)
{
	char buf[96];

	admin_fmt_time(ctx, t, buf, sizeof(buf));
	return arena_strdup(ctx->a, buf);
}

/* The article of capture 0, editable by the user, or an answer. */
static enum ng_err
article_of(struct admin_ctx *ctx, struct article **out, int *answered)
{
	enum ng_err err;

	*answered = 0;
	err = store_article_by_id(ctx->a, ctx->st,
	    admin_parse_id(req_cap(ctx->r, 0)), out);
	if (err != NG_OK)
		return err;
	if (!admin_may_edit(ctx->user, *out)) {
		*answered = 1;
		return admin_forbidden(ctx, "You may not edit this article.");
	}
	return NG_OK;
}

/* The subject of a history page, as the templates' "article". */
static struct tv *
history_tv(struct arena *a, const struct admin_history *h)
{
	struct tv *x;

	x = tv_map(a);
	tv_set_int(a, x, "id", h->id);
	tv_set_str(a, x, "title", h->title);
	tv_set_int(a, x, "version", h->version);
	tv_set_cstr(a, x, "base", h->base);
	tv_set_bool(a, x, "live", h->live);
	return x;
}

static enum ng_err
history_of(struct admin_ctx *ctx, const struct article *art,
    struct admin_history *h)
{
	struct revision *cur;

	memset(h, 0, sizeof(*h));
	h->id = art->id;
	h->title = art->title;
	h->version = art->version;
	h->body = art->body_md;
	h->base = arena_printf(ctx->a, "/admin/articles/%lld/",
	    (long long)art->id);
	h->live = art->status == ARTICLE_PUBLISHED &&
	    art->published_at <= (int64_t)time(NULL);
	if ((cur = arena_alloc(ctx->a, sizeof(*cur))) == NULL)
		return NG_ENOMEM;
	h->fields = cur;
	return admin_revision_of_article(ctx, art, cur);
}

enum ng_err
admin_history_list(struct admin_ctx *ctx, const struct admin_history *h,
    const struct revision *v, size_t n)
{
	struct tv *root, *list, *x;
	size_t	   i;

	root = admin_view(ctx, "Revisions");
	tv_set(ctx->a, root, "article", history_tv(ctx->a, h));
	list = tv_list(ctx->a);
	for (i = 0; i < n; i++) {
		x = tv_map(ctx->a);
		tv_set_int(ctx->a, x, "id", v[i].id);
		tv_set_int(ctx->a, x, "number", (int64_t)(n - i));
		tv_set_str(ctx->a, x, "title", v[i].title);
		tv_set_cstr(ctx->a, x, "when", when(ctx, v[i].created_at));
		tv_set_str(ctx->a, x, "by", v[i].user_name);
		tv_set_bool(ctx->a, x, "current", i == 0);
		if (i + 1 < n)
			tv_set_int(ctx->a, x, "previous", v[i + 1].id);
		tv_push(ctx->a, list, x);
	}
	tv_set(ctx->a, root, "revisions", list);
	return admin_render(ctx, root, "admin_revisions", 200);
}

enum ng_err
admin_revisions(struct req *r, struct resp *rs)
{
	struct admin_ctx     ctx;
	struct admin_history h;
	struct article	    *art;
	struct revision	    *v = NULL;
	size_t		     n = 0;
	enum ng_err	     err;
	int		     answered;

	if (!admin_enter(r, rs, CAP_WRITE, &ctx))
		return NG_OK;
	if ((err = article_of(&ctx, &art, &answered)) != NG_OK || answered)
		return err;
	if ((err = store_revision_list(ctx.a, ctx.st, art->id, &v, &n)) !=
	    NG_OK)
		return err;
	if ((err = history_of(&ctx, art, &h)) != NG_OK)
		return err;
	return admin_history_list(&ctx, &h, v, n);
}

/* The diff of two texts as template lines, or a note when too big. */
static struct tv *
diff_tv(struct arena *a, struct str old, struct str new)
{
	struct diff_line *d;
	struct tv	 *list, *x;
	size_t		  i, n;

	if (diff_lines(a, old, new, &d, &n) != NG_OK)
		return NULL;
	list = tv_list(a);
	for (i = 0; i < n; i++) {
		x = tv_map(a);
		tv_set_str(a, x, "text", d[i].text);
		tv_set_bool(a, x, "add", d[i].op == DIFF_ADD);
		tv_set_bool(a, x, "del", d[i].op == DIFF_DEL);
		tv_push(a, list, x);
	}
	return list;
}

static enum ng_err
restore(struct admin_ctx *ctx, struct article *art, struct revision *rev)
{
	struct admin_history h;
	struct str	     tags[STORE_TAGS_MAX];
	const char	    *loc, *kept;
	int64_t		     version, id, featured, had;
	size_t		     ntags;
	enum ng_err	     err;

	if ((err = history_of(ctx, art, &h)) != NG_OK)
		return err;
	version = admin_parse_id(admin_field(ctx->r, "version"));
	if (version <= 0)
		return admin_history_compare(ctx, &h, rev, NULL,
		    "The form lacks the article's version; reload the page.",
		    422);
	if (version != art->version)
		return admin_history_compare(ctx, &h, rev, NULL,
		    "The article changed since you opened this page; nothing "
		    "was restored. Compare again with the latest text below.",
		    409);
	/* Readers see a restore over a live article at once: ask first. */
	if (h.live && admin_field(ctx->r, "confirm").n == 0)
		return admin_history_compare(ctx, &h, rev, NULL,
		    "This article is published: tick the box to confirm that "
		    "readers should see this revision instead.",
		    422);
	had = featured = h.fields->featured;
	for (ntags = 0; ntags < art->ntags && ntags < STORE_TAGS_MAX; ntags++)
		tags[ntags] = art->tags[ntags].name;
	kept = admin_revision_apply(ctx, art, rev, tags, &ntags, STORE_TAGS_MAX,
	    &featured);
	art->updated_at = 0;
	err = article_save(ctx->a, ctx->st, art, tags, ntags, &id);
	if (err == NG_ECONFLICT)
		return admin_history_compare(ctx, &h, rev, NULL,
		    "The article changed since you opened this page, or its "
		    "old address is taken; nothing was restored.",
		    409);
	if (err == NG_EINVAL || err == NG_ETOOBIG)
		return admin_history_compare(ctx, &h, rev, NULL,
		    "This revision cannot be saved again as it is (a field "
		    "is no longer valid); nothing was restored.",
		    422);
	if (err != NG_OK)
		return err;
	if (store_revision_set_user(ctx->st, id, ctx->user->id) != NG_OK)
		log_warn("admin: cannot name the saver of a revision");
	/* The picture last: its own revision then holds every field. */
	if (featured != had) {
		if ((err = store_article_set_featured(ctx->st, id, featured)) !=
		    NG_OK)
			return err;
		if (store_revision_set_user(ctx->st, id, ctx->user->id) !=
		    NG_OK)
			log_warn("admin: cannot name the saver of a revision");
	}
	if (kept != NULL)
		log_info("admin: article %lld restored but for a field: %s",
		    (long long)id, kept);
	loc = arena_printf(ctx->a, "/admin/articles/%lld/?msg=%s",
	    (long long)id, kept != NULL ? "restored_partly" : "restored");
	admin_redirect(ctx, loc != NULL ? loc : "/admin/articles/");
	return NG_OK;
}

enum ng_err
admin_history_compare(struct admin_ctx *ctx, const struct admin_history *h,
    const struct revision *rev, const struct revision *with, const char *error,
    int status)
{
	struct tv *root, *x, *d, *fields = NULL;
	struct str old_title, old_body;

	root = admin_view(ctx, "Compare revisions");
	tv_set_cstr(ctx->a, root, "error", error);
	tv_set(ctx->a, root, "article", history_tv(ctx->a, h));
	x = tv_map(ctx->a);
	tv_set_int(ctx->a, x, "id", rev->id);
	tv_set_str(ctx->a, x, "title", rev->title);
	tv_set_cstr(ctx->a, x, "when", when(ctx, rev->created_at));
	tv_set_str(ctx->a, x, "by", rev->user_name);
	tv_set(ctx->a, root, "revision", x);
	/* Old on the left: the chosen revision against the newer text. */
	if (with != NULL) {
		old_title = with->title;
		old_body = with->body_md;
		tv_set_cstr(ctx->a, root, "against",
		    arena_printf(ctx->a, "the revision of %s",
			when(ctx, with->created_at)));
		d = diff_tv(ctx->a, old_body, rev->body_md);
		tv_set_bool(ctx->a, root, "title_changed",
		    !str_eq(old_title, rev->title));
		tv_set_str(ctx->a, root, "old_title", old_title);
		tv_set_str(ctx->a, root, "new_title", rev->title);
		fields = admin_revision_fields_diff(ctx, with, rev);
	} else {
		tv_set_cstr(ctx->a, root, "against", "the current text");
		d = diff_tv(ctx->a, rev->body_md, h->body);
		tv_set_bool(ctx->a, root, "title_changed",
		    !str_eq(rev->title, h->title));
		tv_set_str(ctx->a, root, "old_title", rev->title);
		tv_set_str(ctx->a, root, "new_title", h->title);
		if (h->fields != NULL)
			fields = admin_revision_fields_diff(ctx, rev,
			    h->fields);
	}
	tv_set(ctx->a, root, "diff", d);
	tv_set_bool(ctx->a, root, "too_big", d == NULL);
	if (fields != NULL) {
		tv_set(ctx->a, root, "fields", fields);
		tv_set_bool(ctx->a, root, "has_fields", tv_truthy(fields));
	}
	/* An older revision did not keep them: a restore leaves them. */
	tv_set_bool(ctx->a, root, "text_only",
	    h->fields != NULL && !rev->has_fields);
	return admin_render(ctx, root, "admin_revision", status);
}

enum ng_err
admin_revision(struct req *r, struct resp *rs)
{
	struct admin_ctx     ctx;
	struct article	    *art;
	struct admin_history h;
	struct revision	    *rev, *with = NULL;
	int64_t		     wid;
	enum ng_err	     err;
	int		     answered;

	if (!admin_enter(r, rs, CAP_WRITE, &ctx))
		return NG_OK;
	if ((err = article_of(&ctx, &art, &answered)) != NG_OK || answered)
		return err;
	if ((err = store_revision_get(ctx.a, ctx.st,
		 admin_parse_id(req_cap(r, 1)), &rev)) != NG_OK)
		return err;
	if (rev->article_id != art->id)
		return NG_ENOTFOUND;
	if (r->method == HTTP_POST)
		return restore(&ctx, art, rev);

	/* ?with=ID compares with another revision, else the current text. */
	if ((wid = admin_parse_id(req_query(r, "with"))) > 0) {
		if ((err = store_revision_get(ctx.a, ctx.st, wid, &with)) !=
		    NG_OK)
			return err;
		if (with->article_id != art->id)
			return NG_ENOTFOUND;
	}
	if ((err = history_of(&ctx, art, &h)) != NG_OK)
		return err;
	return admin_history_compare(&ctx, &h, rev, with, NULL, 200);
}

enum ng_err
admin_correction_add(struct req *r, struct resp *rs)
{
	struct admin_ctx  ctx;
	struct article	 *art;
	struct correction c;
	struct str	  kind;
	const char	 *loc;
	int64_t		  id;
	enum ng_err	  err;

	if (!admin_enter(r, rs, CAP_CORRECT, &ctx))
		return NG_OK;
	if ((err = store_article_by_id(ctx.a, ctx.st,
		 admin_parse_id(req_cap(r, 0)), &art)) != NG_OK)
		return err;
	memset(&c, 0, sizeof(c));
	c.article_id = art->id;
	c.user_id = ctx.user->id;
	kind = admin_field(r, "kind");
	c.kind = str_eqc(kind, "update") ? CORRECTION_UPDATE :
					   CORRECTION_CORRECTION;
	c.body = admin_field(r, "note");
	if (c.body.n == 0 || c.body.n > STORE_NOTE_MAX)
		return admin_forbidden(&ctx,
		    "A note needs text (at most "
		    "4000 characters).");
	if ((err = store_correction_add(ctx.st, &c, &id)) != NG_OK)
		return err;
	loc = arena_printf(ctx.a, "/admin/articles/%lld/?msg=corrected",
	    (long long)art->id);
	admin_redirect(&ctx, loc != NULL ? loc : "/admin/articles/");
	return NG_OK;
}

static const char *const dash_status[ARTICLE__MAX] = {
	"Drafts",
	"Pending review",
	"Scheduled",
	"Published",
	"Trashed",
};
static const char *const dash_names[ARTICLE__MAX] = {
	"draft",
	"pending",
	"scheduled",
	"published",
	"trashed",
};

enum ng_err
admin_dashboard(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;

	if (!admin_enter(r, rs, CAP_ENTER, &ctx))
		return NG_OK;
	return admin_dashboard_page(&ctx, NULL, 200);
}

enum ng_err
admin_dashboard_page(struct admin_ctx *c, struct tv *breaking, int status)
{
	struct admin_ctx	   ctx = *c;
	struct article_admin_query q;
	struct article_list	   l;
	struct comment_counts	   cc;
	struct tv		  *root, *list, *x;
	size_t			   counts[ARTICLE__MAX], i;
	enum ng_err		   err;

	if ((err = store_article_status_counts(ctx.st, counts)) != NG_OK)
		return err;
	root = admin_view(&ctx, "Dashboard");
	list = tv_list(ctx.a);
	for (i = 0; i < ARTICLE__MAX; i++) {
		x = tv_map(ctx.a);
		tv_set_cstr(ctx.a, x, "label", dash_status[i]);
		tv_set_cstr(ctx.a, x, "name", dash_names[i]);
		tv_set_int(ctx.a, x, "count", (int64_t)counts[i]);
		tv_push(ctx.a, list, x);
	}
	tv_set(ctx.a, root, "counts", list);

	/* Waiting for review: what an editor should look at first. */
	if (admin_role_can(ctx.user->role, CAP_EDIT_OTHERS)) {
		memset(&q, 0, sizeof(q));
		q.status = ARTICLE_PENDING;
		q.limit = 10;
		q.search = STR_LIT("");
		if ((err = store_article_admin_list(ctx.a, ctx.st, &q, &l)) !=
		    NG_OK)
			return err;
		list = tv_list(ctx.a);
		for (i = 0; i < l.n; i++) {
			x = tv_map(ctx.a);
			tv_set_int(ctx.a, x, "id", l.v[i].id);
			tv_set_str(ctx.a, x, "title", l.v[i].title);
			tv_set_str(ctx.a, x, "author", l.v[i].author.name);
			tv_push(ctx.a, list, x);
		}
		tv_set(ctx.a, root, "pending", list);
		tv_set_bool(ctx.a, root, "has_pending", l.n > 0);
	}
	if (admin_role_can(ctx.user->role, CAP_MODERATE)) {
		if ((err = store_comment_counts(ctx.st, &cc)) != NG_OK)
			return err;
		x = tv_map(ctx.a);
		tv_set_int(ctx.a, x, "pending", (int64_t)cc.n[COMMENT_PENDING]);
		tv_set_int(ctx.a, x, "approved",
		    (int64_t)cc.n[COMMENT_APPROVED]);
		tv_set_int(ctx.a, x, "spam", (int64_t)cc.n[COMMENT_SPAM]);
		tv_set(ctx.a, root, "comment_counts", x);
	}
	if ((err = admin_breaking_view(&ctx, root, breaking)) != NG_OK)
		return err;
	return admin_render(&ctx, root, "admin_dashboard", status);
}
