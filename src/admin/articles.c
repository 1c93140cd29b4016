/*
 * articles.c -- the newsroom's writing room: the article list, the
 * editor and its status flow, live preview and autosave.
 *
 * Every save goes through article_save() (content/article.c) like the
 * importer's and the command line's: the same validation, a new
 * revision, and a store write that invalidates cached pages.  A save
 * names the version of the article the editor loaded; when someone saved
 * in between, the store refuses (NG_ECONFLICT) and the editor gets a
 * conflict page that keeps every word they typed.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "content/article.h"
#include "content/markdown.h"
#include "content/permalink.h"
#include "content/shortcode.h"
#include "content/slug.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/tz.h"
#include "http/req.h"
#include "http/resp.h"
#include "media/media.h"
#include "reader/shortcodes.h"
#include "render/theme.h"
#include "render/tv.h"
#include "store/store.h"

/* The editor's buttons: what each asks the status to become. */
enum action {
	ACT_SAVE,   /* keep the status */
	ACT_SUBMIT, /* pending review */
	ACT_SCHEDULE,
	ACT_PUBLISH,
	ACT_UNPUBLISH, /* back to draft */
	ACT_TRASH,
	ACT__MAX
};

static const struct {
	const char *name;
	const char *label;
	const char *flash;
} actions[ACT__MAX] = {
	[ACT_SAVE] = { "save", "Save", "saved" },
	[ACT_SUBMIT] = { "submit", "Submit for review", "submitted" },
	[ACT_SCHEDULE] = { "schedule", "Schedule", "scheduled" },
	[ACT_PUBLISH] = { "publish", "Publish", "published" },
	[ACT_UNPUBLISH] = { "unpublish", "Unpublish", "unpublished" },
	[ACT_TRASH] = { "trash", "Move to trash", "trashed" },
};

/* As the schema spells them (the store keeps its own copy). */
static const char *const status_names[ARTICLE__MAX] = {
	"draft",
	"pending",
	"scheduled",
	"published",
	"trashed",
};

static const char *const status_labels[ARTICLE__MAX] = {
	"Draft",
	"Pending review",
	"Scheduled",
	"Published",
	"Trashed",
};

static const char *
status_names_of(enum article_status s)
{
	return (unsigned)s < ARTICLE__MAX ? status_names[s] : "";
}

/* The status an action leads to from cur. */
static enum article_status
action_status(enum action act, enum article_status cur)
{
	switch (act) {
	case ACT_SUBMIT:
		return ARTICLE_PENDING;
	case ACT_SCHEDULE:
		return ARTICLE_SCHEDULED;
	case ACT_PUBLISH:
		return ARTICLE_PUBLISHED;
	case ACT_UNPUBLISH:
		return ARTICLE_DRAFT;
	case ACT_TRASH:
		return ARTICLE_TRASHED;
	default:
		return cur;
	}
}

static int
action_parse(struct str s, enum action *out)
{
	size_t i;

	for (i = 0; i < ACT__MAX; i++)
		if (str_eqc(s, actions[i].name)) {
			*out = (enum action)i;
			return 1;
		}
	return 0;
}

/* Which buttons make sense for an article in status cur. */
static int
action_offered(enum action act, enum article_status cur)
{
	switch (act) {
	case ACT_SAVE:
		return 1;
	case ACT_SUBMIT:
		return cur == ARTICLE_DRAFT;
	case ACT_SCHEDULE:
	case ACT_PUBLISH:
		return cur != ARTICLE_PUBLISHED;
	case ACT_UNPUBLISH:
		return cur == ARTICLE_PUBLISHED || cur == ARTICLE_SCHEDULED ||
		    cur == ARTICLE_TRASHED;
	case ACT_TRASH:
		return cur != ARTICLE_TRASHED;
	default:
		return 0;
	}
}

/*
 * "YYYY-MM-DDTHH:MM[:SS]" (an <input type=datetime-local>), in the site's
 * zone, to Unix time; 0 when it is not one.
 */
int64_t
admin_parse_local_time(const struct admin_ctx *ctx, struct str s)
{
	struct tm   tm;
	char	    buf[32];
	const char *end;
	time_t	    t;

	if (s.n < 16 || s.n >= sizeof(buf))
		return 0;
	memcpy(buf, s.p, s.n);
	buf[s.n] = '\0';
	memset(&tm, 0, sizeof(tm));
	end = strptime(buf, "%Y-%m-%dT%H:%M", &tm);
	if (end != NULL && *end == ':')
		end = strptime(end, ":%S", &tm);
	if (end == NULL || *end != '\0' || tm.tm_year < 70 || tm.tm_year > 8000)
		return 0;
	if ((t = timegm(&tm)) == (time_t)-1)
		return 0;
	return tz_local_to_utc(ctx->tz, (int64_t)t);
}

const char *
admin_local_time_value(const struct admin_ctx *ctx, int64_t t)
{
	struct tm tm;
	time_t	  tt;
	int32_t	  off = 0;
	char	  buf[32];

	if (t <= 0 || tz_offset(ctx->tz, t, &off) != NG_OK)
		off = 0;
	tt = (time_t)(t + off);
	if (t <= 0 || gmtime_r(&tt, &tm) == NULL)
		return "";
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M", &tm);
	return arena_strdup(ctx->a, buf);
}

const char *
admin_article_path(struct arena *a, struct store *st, struct permalink *pl,
    int64_t id, struct str slug, int64_t published_at)
{
	if (published_at <= 0)
		return NULL;
	if (pl->nsegs == 0)
		permalink_load(a, st, pl);
	return permalink_path(a, pl, id, slug, published_at, PV_PAGE);
}

static const char *
time_text(const struct admin_ctx *ctx, int64_t t)
{
	char buf[96];

	admin_fmt_time(ctx, t, buf, sizeof(buf));
	return arena_strdup(ctx->a, buf);
}

/* "a, b, c" from an article's tags. */
static struct str
tags_text(struct arena *a, const struct article *art)
{
	struct str  out = STR_LIT("");
	const char *s = "";
	size_t	    i;

	for (i = 0; i < art->ntags; i++) {
		s = arena_printf(a, "%s%s%.*s", s, i > 0 ? ", " : "",
		    (int)art->tags[i].name.n, art->tags[i].name.p);
		if (s == NULL)
			return out;
	}
	return str_c(s);
}

size_t
admin_tags_split(struct str s, struct str *out, size_t max)
{
	struct str t;
	size_t	   n = 0, i = 0, start;

	while (i <= s.n && n < max) {
		start = i;
		while (i < s.n && s.p[i] != ',')
			i++;
		t = (struct str){ s.p + start, i - start };
		while (t.n > 0 && (t.p[0] == ' ' || t.p[0] == '\t')) {
			t.p++;
			t.n--;
		}
		while (t.n > 0 && (t.p[t.n - 1] == ' ' || t.p[t.n - 1] == '\t'))
			t.n--;
		if (t.n > 0)
			out[n++] = t;
		i++;
	}
	return n;
}

enum ng_err
admin_save_unique(struct arena *a, struct store *st, struct article *art,
    const struct str *tags, size_t ntags, int auto_slug, int64_t *id)
{
	struct str  base;
	enum ng_err err;
	int	    i;

	err = article_save(a, st, art, tags, ntags, id);
	if (err != NG_ECONFLICT || !auto_slug)
		return err;
	/* article_save() put the slug it made from the title in art. */
	base = art->slug;
	if (base.n + 4 > SLUG_MAX)
		base.n = SLUG_MAX - 4;
	for (i = 2; i <= 50 && err == NG_ECONFLICT; i++) {
		art->slug = str_c(
		    arena_printf(a, "%.*s-%d", (int)base.n, base.p, i));
		if (art->slug.p == NULL)
			return NG_ENOMEM;
		err = article_save(a, st, art, tags, ntags, id);
	}
	return err;
}

/*
 * The editor's page.  art holds what the form shows (the stored article,
 * or what the user sent back); cur is the stored article (NULL for a
 * new one) and decides the buttons.
 */
static enum ng_err
editor_page(struct admin_ctx *ctx, const struct article *art,
    const struct article *cur, struct str tags, struct str publish_at,
    const char *error, int status, const struct article *conflict)
{
	struct arena		 *a = ctx->a;
	struct tv		 *root, *f, *list, *x;
	struct section		 *secs = NULL;
	struct author		 *aus = NULL;
	struct correction	 *cor = NULL;
	struct autosave		 *as = NULL;
	struct shortcode_warning *scw = NULL;
	struct safe_html	  rendered; /* only the warnings count */
	enum article_status st = cur != NULL ? cur->status : ARTICLE_DRAFT;
	size_t		    i, nsecs = 0, naus = 0, ncor = 0, nscw = 0;
	enum ng_err	    err;

	root = admin_view(ctx, cur != NULL ? "Edit article" : "New article");
	f = tv_map(a);
	tv_set_int(a, f, "id", art->id);
	tv_set_int(a, f, "version", art->version);
	tv_set_str(a, f, "title", art->title);
	tv_set_str(a, f, "kicker", art->kicker);
	tv_set_str(a, f, "dek", art->dek);
	tv_set_str(a, f, "source_name", art->source_name);
	tv_set_str(a, f, "source_url", art->source_url);
	tv_set_str(a, f, "body", art->body_md);
	tv_set_str(a, f, "slug", art->slug);
	tv_set_str(a, f, "seo_title", art->seo_title);
	tv_set_str(a, f, "seo_description", art->seo_description);
	tv_set_str(a, f, "canonical_url", art->canonical_url);
	tv_set_str(a, f, "tags", tags);
	tv_set_bool(a, f, "comments_open", art->comments_open);
	if (admin_may_pin(ctx)) {
		int64_t *pins;
		size_t	 npins;
		int	 pinned = 0;

		/* A form sent back keeps its box as it was ticked. */
		if (req_form(ctx->r, "pin_shown").p != NULL)
			pinned = req_form(ctx->r, "pinned").p != NULL;
		else if (cur != NULL) {
			if ((err = admin_pinned_ids(ctx, &pins, &npins)) !=
			    NG_OK)
				return err;
			pinned = admin_id_in(pins, npins, cur->id);
		}
		tv_set_bool(a, f, "can_pin", 1);
		tv_set_bool(a, f, "pinned", pinned);
	}
	tv_set_str(a, f, "publish_at", publish_at);
	tv_set_cstr(a, f, "status", status_labels[st]);
	tv_set_cstr(a, f, "status_name", status_names_of(st));
	if (cur != NULL && cur->status == ARTICLE_PUBLISHED)
		tv_set_cstr(a, f, "public_url",
		    admin_article_path(a, ctx->st,
			&(struct permalink){ .nsegs = 0 }, cur->id, cur->slug,
			cur->published_at));
	if (cur != NULL && cur->status == ARTICLE_SCHEDULED)
		tv_set_cstr(a, f, "scheduled_for",
		    time_text(ctx, cur->published_at));
	/* Not yet out: the whole page, as readers will see it. */
	if (cur != NULL && cur->status != ARTICLE_TRASHED &&
	    (cur->status != ARTICLE_PUBLISHED ||
		cur->published_at > (int64_t)time(NULL)))
		tv_set_cstr(a, f, "preview_url",
		    arena_printf(a, "/admin/articles/%lld/preview/",
			(long long)cur->id));
	tv_set(a, root, "form", f);
	tv_set_bool(a, root, "is_new", cur == NULL);
	admin_editor_comforts(ctx, root, art, cur); /* comforts.c */
	tv_set_cstr(a, root, "error", error);

	/* Sections. */
	if ((err = store_sections(a, ctx->st, &secs, &nsecs)) != NG_OK)
		return err;
	list = tv_list(a);
	for (i = 0; i < nsecs; i++) {
		x = tv_map(a);
		tv_set_int(a, x, "id", secs[i].id);
		tv_set_str(a, x, "name", secs[i].name);
		tv_set_bool(a, x, "selected", secs[i].id == art->section_id);
		tv_push(a, list, x);
	}
	tv_set(a, root, "sections", list);

	/*
	 * Bylines: editors choose any; others write under their own.  One
	 * select a byline, then an empty one to add a co-author: repeated
	 * fields of one name, so it works without JavaScript.
	 */
	if (admin_role_can(ctx->user->role, CAP_EDIT_OTHERS)) {
		int64_t	   bl[STORE_AUTHORS_MAX];
		size_t	   nbl, k;
		struct tv *slots, *slot;

		if ((err = store_authors(a, ctx->st, &aus, &naus)) != NG_OK)
			return err;
		nbl = admin_bylines_of(art, bl);
		slots = tv_list(a);
		for (k = 0; k <= nbl && k < STORE_AUTHORS_MAX; k++) {
			slot = tv_map(a);
			tv_set_cstr(a, slot, "field_id",
			    k == 0 ? "author" :
				     arena_printf(a, "author-%zu", k + 1));
			tv_set_cstr(a, slot, "label",
			    k == 0 ? "Author" : "Co-author");
			list = tv_list(a);
			for (i = 0; i < naus; i++) {
				x = tv_map(a);
				tv_set_int(a, x, "id", aus[i].id);
				tv_set_str(a, x, "name", aus[i].name);
				tv_set_bool(a, x, "selected",
				    k < nbl && aus[i].id == bl[k]);
				tv_push(a, list, x);
			}
			tv_set(a, slot, "options", list);
			tv_push(a, slots, slot);
		}
		tv_set(a, root, "byline_slots", slots);
		tv_set_bool(a, root, "has_authors", naus > 0);
	}

	/* The buttons this user may press on this article. */
	list = tv_list(a);
	for (i = 0; i < ACT__MAX; i++) {
		/* Nothing to trash or unpublish before the first save. */
		if (cur == NULL && (i == ACT_TRASH || i == ACT_UNPUBLISH))
			continue;
		if (!action_offered((enum action)i, st) ||
		    !admin_may_set_status(ctx->user, cur,
			action_status((enum action)i, st)))
			continue;
		x = tv_map(a);
		tv_set_cstr(a, x, "name", actions[i].name);
		/* A save of a live article changes what readers see. */
		tv_set_cstr(a, x, "label",
		    i == ACT_SAVE && st == ARTICLE_PUBLISHED ?
			"Update" :
			actions[i].label);
		tv_set_bool(a, x, "primary", i == ACT_SAVE);
		tv_push(a, list, x);
	}
	tv_set(a, root, "actions", list);
	tv_set_bool(a, root, "can_schedule",
	    admin_may_set_status(ctx->user, cur, ARTICLE_SCHEDULED));

	if (cur == NULL)
		admin_media_editor(ctx, root, 0); /* the body's picker */
	else {
		/* Corrections shown to readers, and the form to add one. */
		if ((err = store_correction_list(a, ctx->st, cur->id, &cor,
			 &ncor)) != NG_OK)
			return err;
		list = tv_list(a);
		for (i = 0; i < ncor; i++) {
			x = tv_map(a);
			tv_set_cstr(a, x, "kind",
			    cor[i].kind == CORRECTION_UPDATE ? "Update" :
							       "Correction");
			tv_set_str(a, x, "body", cor[i].body);
			tv_set_cstr(a, x, "when",
			    time_text(ctx, cor[i].created_at));
			tv_push(a, list, x);
		}
		tv_set(a, root, "corrections", list);
		tv_set_bool(a, root, "has_corrections", ncor > 0);
		tv_set_bool(a, root, "can_correct",
		    admin_role_can(ctx->user->role, CAP_CORRECT) &&
			cur->status == ARTICLE_PUBLISHED);
		admin_media_editor(ctx, root, cur->id); /* media */
		admin_live_editor(ctx, root, cur);	/* live coverage */
		/* Shortcodes of the stored body that were left out (5). */
		if ((cur->format == BODY_HTML ?
			    shortcode_render_html(a, ctx->st, cur->body_md,
				&rendered, &(struct str){ NULL, 0 }, &scw,
				&nscw, NULL) :
			    shortcode_warnings(a, ctx->st, cur->body_md, &scw,
				&nscw)) == NG_OK &&
		    nscw > 0) {
			list = tv_list(a);
			for (i = 0; i < nscw; i++)
				tv_push(a, list, tv_str(a, scw[i].message));
			tv_set(a, root, "sc_warnings", list);
			tv_set_bool(a, root, "has_sc_warnings", 1);
		}
	}

	/* An autosave newer than the stored text is offered back. */
	err = store_autosave_get(a, ctx->st, ctx->user->id,
	    cur != NULL ? cur->id : 0, &as);
	if (err == NG_OK && (cur == NULL || as->saved_at > cur->updated_at) &&
	    conflict == NULL && error == NULL) {
		x = tv_map(a);
		tv_set_cstr(a, x, "when", time_text(ctx, as->saved_at));
		tv_set(a, root, "autosave", x);
	} else if (err != NG_OK && err != NG_ENOTFOUND)
		return err;

	if (conflict != NULL) {
		x = tv_map(a);
		tv_set_str(a, x, "title", conflict->title);
		tv_set_str(a, x, "body", conflict->body_md);
		tv_set_int(a, x, "version", conflict->version);
		tv_set_cstr(a, x, "when", time_text(ctx, conflict->updated_at));
		tv_set(a, root, "conflict", x);
	}
	return admin_render(ctx, root, "admin_editor", status);
}

enum ng_err
admin_article_for_edit(struct admin_ctx *ctx, int64_t id, struct article **out,
    int *answered)
{
	enum ng_err err;

	*answered = 0;
	if (id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_article_by_id(ctx->a, ctx->st, id, out)) != NG_OK)
		return err;
	if (!admin_may_edit(ctx->user, *out)) {
		*answered = 1;
		return admin_forbidden(ctx, "You may not edit this article.");
	}
	return NG_OK;
}

/* "Ann Lee and Bo Chen": every byline, as readers see them. */
static struct str
bylines_text(struct arena *a, const struct article *art)
{
	const char *s = "";
	size_t	    i;

	if (art->nauthors == 0)
		return art->author.name;
	for (i = 0; i < art->nauthors && s != NULL; i++)
		s = arena_printf(a, "%s%s%.*s", s,
		    article_byline_sep(i, art->nauthors),
		    (int)art->authors[i].name.n, art->authors[i].name.p);
	return s != NULL ? str_c(s) : art->author.name;
}

static enum ng_err
editor_get(struct admin_ctx *ctx, struct article *cur)
{
	struct article	 blank, shown;
	struct autosave *as = NULL;
	enum ng_err	 err;

	if (cur == NULL) {
		memset(&blank, 0, sizeof(blank));
		blank.comments_open = 1;
		blank.author_id = ctx->user->author_id;
		shown = blank;
	} else
		shown = *cur;
	/* ?autosave=1: put the autosaved text into the form. */
	if (str_eqc(req_query(ctx->r, "autosave"), "1")) {
		err = store_autosave_get(ctx->a, ctx->st, ctx->user->id,
		    cur != NULL ? cur->id : 0, &as);
		if (err != NG_OK && err != NG_ENOTFOUND)
			return err;
		if (as != NULL) {
			shown.title = as->title;
			shown.dek = as->dek;
			shown.body_md = as->body_md;
		}
	}
	return editor_page(ctx, &shown, cur,
	    cur != NULL ? tags_text(ctx->a, cur) : STR_LIT(""),
	    str_c(cur != NULL && cur->status == ARTICLE_SCHEDULED ?
		    admin_local_time_value(ctx, cur->published_at) :
		    ""),
	    NULL, 200, NULL);
}

/*
 * Save the form over cur (NULL: a new article).  Answers with the
 * editor again (bad input, conflict) or a redirect to the saved article.
 */
static enum ng_err
editor_post(struct admin_ctx *ctx, struct article *cur)
{
	struct req	   *r = ctx->r;
	struct article	    art, *now_art = NULL;
	struct str	    tagv[ARTICLE_TAGS_MAX + 1], tags, when_s;
	int64_t		    bylines[STORE_AUTHORS_MAX];
	enum action	    act;
	enum article_status to;
	const char	   *why = NULL, *loc;
	size_t		    ntags;
	int64_t		    id = 0, when = 0, version = 0;
	int64_t		    now = (int64_t)time(NULL);
	enum ng_err	    err;
	int		    auto_slug;

	if (!action_parse(admin_field(r, "action"), &act))
		act = ACT_SAVE;
	if (cur != NULL) {
		art = *cur;
		version = admin_parse_id(admin_field(r, "version"));
		if (version <= 0)
			return admin_forbidden(ctx,
			    "The form lacks the "
			    "article's version; reload the editor.");
	} else {
		memset(&art, 0, sizeof(art));
		art.author_id = ctx->user->author_id;
	}
	art.title = admin_field(r, "title");
	art.kicker = admin_field(r, "kicker");
	art.dek = admin_field(r, "dek");
	art.source_name = admin_field(r, "source_name");
	art.source_url = admin_field(r, "source_url");
	art.body_md = req_form(r, "body");
	if (art.body_md.p == NULL)
		art.body_md = STR_LIT("");
	art.slug = admin_field(r, "slug");
	/* An article's address does not change by accident. */
	if (art.slug.n == 0 && cur != NULL)
		art.slug = cur->slug;
	auto_slug = art.slug.n == 0;
	art.seo_title = admin_field(r, "seo_title");
	art.seo_description = admin_field(r, "seo_description");
	art.canonical_url = admin_field(r, "canonical_url");
	art.comments_open = req_form(r, "comments_open").p != NULL;
	art.section_id = admin_parse_id(admin_field(r, "section"));
	if (admin_role_can(ctx->user->role, CAP_EDIT_OTHERS)) {
		if ((err = admin_bylines_parse(ctx, bylines, &art)) != NG_OK)
			return err;
	}
	art.version = version;
	art.updated_at = now;
	tags = admin_field(r, "tags");
	when_s = admin_field(r, "publish_at");
	ntags = admin_tags_split(tags, tagv, ARTICLE_TAGS_MAX + 1);

	to = action_status(act, cur != NULL ? cur->status : ARTICLE_DRAFT);
	if (!admin_may_set_status(ctx->user, cur, to))
		return admin_forbidden(ctx,
		    "Your role does not allow that "
		    "change of status.");
	switch (to) {
	case ARTICLE_SCHEDULED:
		when = admin_parse_local_time(ctx, when_s);
		if (when == 0)
			why = "Give a date and time to publish at.";
		else if (when <= now)
			why = "The publication time has passed; choose a "
			      "later one or publish now.";
		art.published_at = when;
		break;
	case ARTICLE_PUBLISHED:
		/* Keep the original date of an article already out. */
		if (cur == NULL || cur->status != ARTICLE_PUBLISHED ||
		    cur->published_at == 0 || cur->published_at > now)
			art.published_at = now;
		break;
	default:
		break;
	}
	art.status = to;
	if (why == NULL && ntags > ARTICLE_TAGS_MAX)
		why = "Too many tags.";
	if (why == NULL && article_check(&art, tagv, ntags, &why) == NG_OK)
		why = NULL;
	if (why != NULL)
		return editor_page(ctx, &art, cur, tags, when_s, why, 422,
		    NULL);

	err = admin_save_unique(ctx->a, ctx->st, &art, tagv, ntags, auto_slug,
	    &id);
	if (err == NG_ECONFLICT && cur != NULL &&
	    store_article_by_id(ctx->a, ctx->st, cur->id, &now_art) == NG_OK &&
	    now_art->version != version) {
		log_info("admin: edit conflict on article %lld (%.*s)",
		    (long long)cur->id, (int)ctx->user->login.n,
		    ctx->user->login.p);
		art.version = now_art->version;
		return editor_page(ctx, &art, now_art, tags, when_s,
		    "Someone else saved this article while you were "
		    "editing. Your text is below, unsaved; their version "
		    "is shown for comparison. Saving again will replace "
		    "theirs.",
		    409, now_art);
	}
	if (err == NG_ECONFLICT)
		return editor_page(ctx, &art, cur, tags, when_s,
		    "That slug is already used by another article.", 422, NULL);
	if (err == NG_EINVAL || err == NG_ETOOBIG)
		return editor_page(ctx, &art, cur, tags, when_s,
		    "The article could not be saved: a field is invalid.", 422,
		    NULL);
	if (err != NG_OK)
		return err;

	if (admin_may_pin(ctx) && req_form(r, "pin_shown").p != NULL &&
	    (err = admin_article_set_pin(ctx, id,
		 req_form(r, "pinned").p != NULL)) != NG_OK)
		return err;
	if (store_revision_set_user(ctx->st, id, ctx->user->id) != NG_OK)
		log_warn("admin: cannot name the saver of a revision");
	if (store_autosave_delete(ctx->st, ctx->user->id,
		cur != NULL ? cur->id : 0) != NG_OK)
		log_warn("admin: cannot drop an autosave");
	if (to == ARTICLE_SCHEDULED ||
	    (cur != NULL && cur->status == ARTICLE_SCHEDULED))
		admin_wake(admin_of(r));
	if (r->app->event != NULL)
		r->app->event(r, "post", id,
		    cur != NULL ? (int)cur->status : -1, (int)to);
	loc = arena_printf(ctx->a, "/admin/articles/%lld/?msg=%s",
	    (long long)id,
	    cur == NULL && act == ACT_SAVE ? "created" :
		act == ACT_SAVE && cur->status == ARTICLE_PUBLISHED ?
					     "updated" :
					     actions[act].flash);
	admin_redirect(ctx, loc != NULL ? loc : "/admin/articles/");
	return NG_OK;
}

enum ng_err
admin_article_new(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;

	if (!admin_enter(r, rs, CAP_WRITE, &ctx))
		return NG_OK;
	if (r->method == HTTP_POST)
		return editor_post(&ctx, NULL);
	return editor_get(&ctx, NULL);
}

enum ng_err
admin_article_edit(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct article	*cur = NULL;
	enum ng_err	 err;
	int		 answered;

	if (!admin_enter(r, rs, CAP_WRITE, &ctx))
		return NG_OK;
	err = admin_article_for_edit(&ctx, admin_parse_id(req_cap(r, 0)), &cur,
	    &answered);
	if (err != NG_OK || answered)
		return err;
	if (r->method == HTTP_POST)
		return editor_post(&ctx, cur);
	return editor_get(&ctx, cur);
}

enum ng_err
admin_articles(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;

	if (!admin_enter(r, rs, CAP_WRITE, &ctx))
		return NG_OK;
	if (r->method == HTTP_POST)
		return admin_articles_bulk(&ctx);
	return admin_articles_page(&ctx, NULL, 200, NULL, 0);
}

/*
 * "YYYY-MM" as the site's local month [*from, *to); 0 for a value that
 * is not such a month.
 */
static int
month_range(struct admin_ctx *ctx, struct str m, int64_t *from, int64_t *to)
{
	int  y, mo;
	char buf[32];

	if (m.n != 7 || m.p[4] != '-')
		return 0;
	for (y = 0; y < 7; y++)
		if (y != 4 && (m.p[y] < '0' || m.p[y] > '9'))
			return 0;
	y = (m.p[0] - '0') * 1000 + (m.p[1] - '0') * 100 + (m.p[2] - '0') * 10 +
	    (m.p[3] - '0');
	mo = (m.p[5] - '0') * 10 + (m.p[6] - '0');
	if (y < 1970 || y > 9998 || mo < 1 || mo > 12)
		return 0;
	snprintf(buf, sizeof(buf), "%04d-%02d-01T00:00", y, mo);
	*from = admin_parse_local_time(ctx, str_c(buf));
	snprintf(buf, sizeof(buf), "%04d-%02d-01T00:00", mo == 12 ? y + 1 : y,
	    mo == 12 ? 1 : mo + 1);
	*to = admin_parse_local_time(ctx, str_c(buf));
	return *from > 0 && *to > *from;
}

static int
ticked(const struct str *ids, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (admin_parse_id(ids[i]) == id)
			return 1;
	return 0;
}

enum ng_err
admin_articles_page(struct admin_ctx *c, const char *error, int status,
    const struct str *ids, size_t nids)
{
	struct admin_ctx	   ctx = *c;
	struct req		  *r = ctx.r;
	struct article_admin_query q;
	struct article_list	   l;
	struct section		  *secs = NULL;
	struct author		  *aus = NULL;
	struct permalink	   pl = { .nsegs = 0 };
	struct tv		  *root, *list, *x;
	struct str		   st, search, month;
	enum article_status	   s;
	size_t	    i, nsecs = 0, naus = 0, page = 1, npages, npins, ncom;
	int	    live;
	int64_t	    pg, *pins;
	enum ng_err err;

	memset(&q, 0, sizeof(q));
	q.status = -1;
	st = req_query(r, "status");
	for (s = 0; st.n > 0 && s < ARTICLE__MAX; s++)
		if (str_eqc(st, status_names[s]))
			q.status = (int)s;
	q.section_id = admin_parse_id(req_query(r, "section"));
	q.author_id = admin_parse_id(req_query(r, "author"));
	/* Authors and contributors work on their own articles. */
	if (!admin_role_can(ctx.user->role, CAP_EDIT_OTHERS))
		q.author_id = ctx.user->author_id > 0 ? ctx.user->author_id :
							INT64_MAX;
	search = req_query(r, "q");
	if (search.p == NULL)
		search = STR_LIT("");
	if (search.n > 200)
		search.n = 200;
	q.search = search;
	month = req_query(r, "month");
	if (month.n > 0 && !month_range(&ctx, month, &q.from, &q.to)) {
		/* Shown as typed, with what is wrong; the rest still lists. */
		if (error == NULL) {
			error = "The month is not valid: choose one, as "
				"YYYY-MM.";
			status = 400;
		}
		q.from = q.to = 0;
	}
	if (month.p == NULL || month.n > 16)
		month = STR_LIT("");
	if ((pg = admin_parse_id(req_query(r, "page"))) > 0 && pg < 100000)
		page = (size_t)pg;
	q.limit = ADMIN_PER_PAGE;
	q.offset = (page - 1) * ADMIN_PER_PAGE;
	if ((err = store_article_admin_list(ctx.a, ctx.st, &q, &l)) != NG_OK)
		return err;
	if ((err = admin_pinned_ids(&ctx, &pins, &npins)) != NG_OK)
		return err;

	root = admin_view(&ctx, "Articles");
	tv_set_cstr(ctx.a, root, "error", error);
	tv_set_bool(ctx.a, root, "can_pin", admin_may_pin(&ctx));
	list = tv_list(ctx.a);
	for (i = 0; i < l.n; i++) {
		x = tv_map(ctx.a);
		tv_set_int(ctx.a, x, "id", l.v[i].id);
		tv_set_bool(ctx.a, x, "ticked", ticked(ids, nids, l.v[i].id));
		if (store_comment_count(ctx.st, l.v[i].id, &ncom) == NG_OK)
			tv_set_int(ctx.a, x, "comments", (int64_t)ncom);
		tv_set_bool(ctx.a, x, "pinned",
		    admin_id_in(pins, npins, l.v[i].id));
		tv_set_str(ctx.a, x, "title", l.v[i].title);
		tv_set_cstr(ctx.a, x, "status", status_labels[l.v[i].status]);
		tv_set_cstr(ctx.a, x, "status_name",
		    status_names_of(l.v[i].status));
		tv_set_str(ctx.a, x, "author", bylines_text(ctx.a, &l.v[i]));
		tv_set_str(ctx.a, x, "section", l.v[i].section.name);
		tv_set_cstr(ctx.a, x, "updated",
		    time_text(&ctx, l.v[i].updated_at));
		if (l.v[i].status == ARTICLE_SCHEDULED ||
		    l.v[i].status == ARTICLE_PUBLISHED)
			tv_set_cstr(ctx.a, x, "published",
			    time_text(&ctx, l.v[i].published_at));
		/* Out: its public page; not yet: the whole-page preview. */
		live = l.v[i].status == ARTICLE_PUBLISHED &&
		    l.v[i].published_at <= (int64_t)time(NULL);
		tv_set_bool(ctx.a, x, "live", live);
		tv_set_cstr(ctx.a, x, "view_url",
		    live ? admin_article_path(ctx.a, ctx.st, &pl, l.v[i].id,
			       l.v[i].slug, l.v[i].published_at) :
			   arena_printf(ctx.a, "/admin/articles/%lld/preview/",
			       (long long)l.v[i].id));
		tv_push(ctx.a, list, x);
	}
	tv_set(ctx.a, root, "articles", list);
	tv_set_bool(ctx.a, root, "empty", l.n == 0);
	tv_set_int(ctx.a, root, "total", (int64_t)l.total);

	list = tv_list(ctx.a);
	for (i = 0; i < sizeof(status_names) / sizeof(status_names[0]); i++) {
		x = tv_map(ctx.a);
		tv_set_cstr(ctx.a, x, "name", status_names[i]);
		tv_set_cstr(ctx.a, x, "label", status_labels[i]);
		tv_set_bool(ctx.a, x, "selected", q.status == (int)i);
		tv_push(ctx.a, list, x);
	}
	tv_set(ctx.a, root, "statuses", list);
	if ((err = store_sections(ctx.a, ctx.st, &secs, &nsecs)) != NG_OK)
		return err;
	list = tv_list(ctx.a);
	for (i = 0; i < nsecs; i++) {
		x = tv_map(ctx.a);
		tv_set_int(ctx.a, x, "id", secs[i].id);
		tv_set_str(ctx.a, x, "name", secs[i].name);
		tv_set_bool(ctx.a, x, "selected", secs[i].id == q.section_id);
		tv_push(ctx.a, list, x);
	}
	tv_set(ctx.a, root, "sections", list);
	/* Editors see everyone's articles, so they filter by byline. */
	if (admin_role_can(ctx.user->role, CAP_EDIT_OTHERS)) {
		if ((err = store_authors(ctx.a, ctx.st, &aus, &naus)) != NG_OK)
			return err;
		list = tv_list(ctx.a);
		for (i = 0; i < naus; i++) {
			x = tv_map(ctx.a);
			tv_set_int(ctx.a, x, "id", aus[i].id);
			tv_set_str(ctx.a, x, "name", aus[i].name);
			tv_set_bool(ctx.a, x, "selected",
			    aus[i].id == q.author_id);
			tv_push(ctx.a, list, x);
		}
		tv_set(ctx.a, root, "authors", list);
		tv_set_bool(ctx.a, root, "has_authors", naus > 0);
	}
	tv_set_str(ctx.a, root, "q", search);
	tv_set_str(ctx.a, root, "month", month);

	npages = l.total == 0 ? 1 : (l.total - 1) / ADMIN_PER_PAGE + 1;
	if (npages > 1) {
		x = tv_map(ctx.a);
		tv_set_int(ctx.a, x, "page", (int64_t)page);
		tv_set_int(ctx.a, x, "pages", (int64_t)npages);
		if (page > 1)
			tv_set_int(ctx.a, x, "prev", (int64_t)page - 1);
		if (page < npages)
			tv_set_int(ctx.a, x, "next", (int64_t)page + 1);
		tv_set_str(ctx.a, x, "status", st.p != NULL ? st : STR_LIT(""));
		tv_set_str(ctx.a, x, "q", search);
		tv_set_str(ctx.a, x, "month", month);
		if (q.section_id > 0)
			tv_set_int(ctx.a, x, "section", q.section_id);
		if (q.author_id > 0 && q.author_id != INT64_MAX &&
		    admin_role_can(ctx.user->role, CAP_EDIT_OTHERS))
			tv_set_int(ctx.a, x, "author", q.author_id);
		tv_set(ctx.a, root, "pagination", x);
	}
	return admin_render(&ctx, root, "admin_articles", status);
}

/*
 * POST /admin/preview: the body field rendered as the site would, as a
 * page of its own with the reader's stylesheet.  The editor shows it in
 * a frame (admin.js), so a wide image or a slider is laid out as readers
 * see it and cannot widen the newsroom page; without JavaScript the
 * editor's Preview button opens it in a new tab.
 */
enum ng_err
admin_preview(struct req *r, struct resp *rs)
{
	struct admin_ctx	  ctx;
	struct safe_html	  html;
	struct shortcode_warning *w;
	struct article		  art;
	struct str		  body, text;
	struct tv		 *root;
	size_t			  nw;
	enum ng_err		  err;

	if (!admin_enter(r, rs, CAP_WRITE, &ctx))
		return NG_OK;
	body = req_form(r, "body");
	if (body.p == NULL)
		body = STR_LIT("");
	/* The site's own pipeline: no raw shortcodes in the preview. */
	err = shortcode_render_body(ctx.a, ctx.st, body, &html, &text, &w, &nw);
	if (err == NG_OK) {
		memset(&art, 0, sizeof(art));
		art.body_html = html;
		err = site_shortcodes_html(r, &art, SITE_SC_PAGE, &html);
	}
	if (err == NG_ETOOBIG || err == NG_EINVAL) {
		resp_text(r, rs, 422, "The body cannot be rendered.");
		admin_private(r, rs);
		return NG_OK;
	}
	if (err != NG_OK)
		return err;
	root = admin_view(&ctx, "Preview");
	tv_set_cstr(ctx.a, root, "css_url",
	    ctx.app->theme != NULL ?
		theme_asset_url(ctx.app->theme, "css/style.css") :
		NULL);
	tv_set_html(ctx.a, root, "body", html);
	if ((err = admin_render(&ctx, root, "admin_preview", 200)) != NG_OK)
		return err;
	/* Framed by the editor, and by nothing else. */
	admin_framable(r, rs);
	return NG_OK;
}

/*
 * POST /admin/autosave: keep the editor's title, standfirst and body for
 * this user and article (0: a new one) until a real save.
 */
enum ng_err
admin_autosave(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct autosave	 as;
	struct article	*cur = NULL;
	enum ng_err	 err;
	int		 answered;
	char		 when[96];

	if (!admin_enter(r, rs, CAP_WRITE, &ctx))
		return NG_OK;
	memset(&as, 0, sizeof(as));
	as.user_id = ctx.user->id;
	as.article_id = admin_parse_id(admin_field(r, "article"));
	if (as.article_id != 0) {
		err = admin_article_for_edit(&ctx, as.article_id, &cur,
		    &answered);
		if (err != NG_OK || answered)
			return err;
	}
	as.title = admin_field(r, "title");
	as.dek = admin_field(r, "dek");
	as.body_md = req_form(r, "body");
	if (as.body_md.p == NULL)
		as.body_md = STR_LIT("");
	as.saved_at = (int64_t)time(NULL);
	err = store_autosave_put(ctx.st, &as);
	if (err == NG_ETOOBIG || err == NG_EINVAL) {
		resp_text(r, rs, 413, "Too long to autosave.");
		admin_private(r, rs);
		return NG_OK;
	}
	if (err != NG_OK)
		return err;
	admin_fmt_time(&ctx, as.saved_at, when, sizeof(when));
	resp_text(r, rs, 200, when);
	admin_private(r, rs);
	return NG_OK;
}
