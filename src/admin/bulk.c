/*
 * bulk.c -- the article list's bulk actions: publish, unpublish, move to
 * a section or trash the ticked articles in one form (no JavaScript
 * needed).  Every article is checked against the user's role first, as
 * the editor would check it alone; one refusal changes nothing at all,
 * so a contributor cannot publish by ticking boxes.  Each change is an
 * ordinary save (article_save(): a revision, cached pages dropped).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "admin/editor.h"
#include "admin/roles.h"
#include "core/app.h"
#include "content/article.h"
#include "core/arena.h"
#include "core/log.h"
#include "http/req.h"
#include "store/store.h"

#define BULK_MAX (ADMIN_PER_PAGE * 4) /* ids per form */

enum bulk_act {
	BULK_PUBLISH,
	BULK_UNPUBLISH,
	BULK_MOVE,
	BULK_TRASH
};

static const char *const bulk_names[] = {
	"publish",
	"unpublish",
	"move",
	"trash",
};

static int
bulk_parse(struct str s, enum bulk_act *out)
{
	size_t i;

	for (i = 0; i < sizeof(bulk_names) / sizeof(bulk_names[0]); i++)
		if (str_eqc(s, bulk_names[i])) {
			*out = (enum bulk_act)i;
			return 1;
		}
	return 0;
}

static enum article_status
bulk_status(enum bulk_act act, enum article_status cur)
{
	switch (act) {
	case BULK_PUBLISH:
		return ARTICLE_PUBLISHED;
	case BULK_UNPUBLISH:
		return ARTICLE_DRAFT;
	case BULK_TRASH:
		return ARTICLE_TRASHED;
	default:
		return cur;
	}
}

static int
section_exists(struct admin_ctx *ctx, int64_t id)
{
	struct section *secs;
	size_t		i, n;

	if (store_sections(ctx->a, ctx->st, &secs, &n) != NG_OK)
		return 0;
	for (i = 0; i < n; i++)
		if (secs[i].id == id)
			return 1;
	return 0;
}

/* The list again, the boxes still ticked, saying what was wrong. */
static enum ng_err
refuse(struct admin_ctx *ctx, int status, const char *why,
    const struct str *ids, size_t n)
{
	return admin_articles_page(ctx, why, status, ids, n);
}

/* Save art with the status or section act gives it. */
static enum ng_err
apply_one(struct admin_ctx *ctx, struct article *art, enum bulk_act act,
    int64_t section, int64_t now)
{
	struct str  tags[STORE_TAGS_MAX];
	enum ng_err err;
	size_t	    i;
	int64_t	    id;

	for (i = 0; i < art->ntags && i < STORE_TAGS_MAX; i++)
		tags[i] = art->tags[i].name;
	if (act == BULK_MOVE)
		art->section_id = section;
	else {
		/* An article already out keeps its date, as in the editor. */
		if (act == BULK_PUBLISH &&
		    (art->status != ARTICLE_PUBLISHED ||
			art->published_at == 0 || art->published_at > now))
			art->published_at = now;
		art->status = bulk_status(act, art->status);
	}
	art->updated_at = now;
	if ((err = article_save(ctx->a, ctx->st, art, tags, i, &id)) != NG_OK)
		return err;
	if (store_revision_set_user(ctx->st, id, ctx->user->id) != NG_OK)
		log_warn("admin: cannot name the saver of a revision");
	return NG_OK;
}

enum ng_err
admin_articles_bulk(struct admin_ctx *c)
{
	struct admin_ctx    ctx = *c;
	struct req	   *r = ctx.r;
	struct article	   *arts[BULK_MAX];
	enum article_status was;
	struct str	    ids[BULK_MAX];
	enum bulk_act	    act;
	const char	   *why;
	int64_t		    section = 0, id, now = (int64_t)time(NULL);
	size_t		    i, n, scheduled = 0;
	enum ng_err	    err;

	if ((err = admin_field_all(r, "id", ids, BULK_MAX, &n)) != NG_OK)
		return err;
	if (!bulk_parse(admin_field(r, "bulk_action"), &act))
		return refuse(&ctx, 422,
		    "Choose what to do with the ticked "
		    "articles (publish, unpublish, move or trash).",
		    ids, n);
	if (n == 0)
		return refuse(&ctx, 422, "Tick at least one article.", ids, n);
	if (act == BULK_MOVE) {
		section = admin_parse_id(admin_field(r, "to_section"));
		if (section <= 0 || !section_exists(&ctx, section))
			return refuse(&ctx, 422,
			    "Choose the section to move "
			    "the articles to.",
			    ids, n);
	}
	/* Everything checked before anything is saved. */
	for (i = 0; i < n; i++) {
		if ((id = admin_parse_id(ids[i])) <= 0)
			return refuse(&ctx, 422, "An article id is not valid.",
			    ids, n);
		err = store_article_by_id(ctx.a, ctx.st, id, &arts[i]);
		if (err == NG_ENOTFOUND)
			return refuse(&ctx, 404,
			    "One of the ticked articles "
			    "no longer exists.",
			    ids, n);
		if (err != NG_OK)
			return err;
		if (!admin_may_edit(ctx.user, arts[i]) ||
		    (act != BULK_MOVE &&
			!admin_may_set_status(ctx.user, arts[i],
			    bulk_status(act, arts[i]->status)))) {
			why = arena_printf(ctx.a,
			    "Your role may not %s "
			    "\"%.*s\".",
			    bulk_names[act], (int)arts[i]->title.n,
			    arts[i]->title.p);
			return refuse(&ctx, 403,
			    why != NULL ? why : "Your role may not do that.",
			    ids, n);
		}
	}
	for (i = 0; i < n; i++) {
		if (arts[i]->status == ARTICLE_SCHEDULED)
			scheduled++;
		was = arts[i]->status;
		err = apply_one(&ctx, arts[i], act, section, now);
		if (err == NG_ECONFLICT)
			return refuse(&ctx, 409,
			    arena_printf(ctx.a,
				"\"%.*s\" was saved by someone else meanwhile; "
				"the articles before it in the list were "
				"changed, it and those after it were not.",
				(int)arts[i]->title.n, arts[i]->title.p),
			    ids, n);
		if (err == NG_EINVAL || err == NG_ETOOBIG)
			return refuse(&ctx, 422,
			    arena_printf(ctx.a,
				"\"%.*s\" cannot be saved as it is; open it in "
				"the editor. The articles before it in the list "
				"were changed.",
				(int)arts[i]->title.n, arts[i]->title.p),
			    ids, n);
		if (err != NG_OK)
			return err;
		if (r->app->event != NULL && act != BULK_MOVE)
			r->app->event(r, "post", arts[i]->id, (int)was,
			    (int)arts[i]->status);
	}
	if (scheduled > 0)
		admin_wake(admin_of(r));
	log_info("admin: %.*s bulk %s of %zu article%s",
	    (int)admin_log_name(ctx.user->login).n,
	    admin_log_name(ctx.user->login).p, bulk_names[act], n,
	    n == 1 ? "" : "s");
	admin_redirect(&ctx, "/admin/articles/?msg=bulk");
	return NG_OK;
}
