/*
 * view.c -- what every newsroom page shares: the frame (user, navigation
 * by role, CSRF token, assets), flash messages, rendering with the
 * private headers, and small form helpers.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin/admin_int.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/tz.h"
#include "http/req.h"
#include "http/resp.h"
#include "render/theme.h"
#include "render/tv.h"
#include "store/store.h"

/* Flash messages by code: the query names one, the text is ours. */
static const struct {
	const char *code;
	const char *text;
} flashes[] = {
	{ "saved", "Saved." },
	{ "created", "Article created." },
	{ "submitted", "Submitted for review." },
	{ "scheduled", "Scheduled." },
	{ "published", "Published." },
	{ "unpublished", "Unpublished: the article is a draft again." },
	{ "trashed", "Moved to the trash." },
	{ "pinned",
	    "Pinned: the article comes first on the front page while "
	    "it is published." },
	{ "unpinned", "Unpinned." },
	{ "breaking-on",
	    "The banner is on: every public page shows it now, until "
	    "its time ends." },
	{ "breaking-off", "The banner is off." },
	{ "restored", "Revision restored as a new revision." },
	{ "restored_partly",
	    "Revision restored as a new revision, but for "
	    "a section, byline or image it named that was deleted since "
	    "(left as it was)." },
	{ "corrected", "Note added to the article." },
	{ "bulk", "Done: the ticked articles were changed." },
	{ "live-posted", "Update posted: readers see it on their next load." },
	{ "live-started",
	    "Live coverage is on: the article is labelled Live." },
	{ "live-ended",
	    "Live coverage ended: the article reads as a normal story, "
	    "its updates kept." },
	{ "live-changed", "Live updates changed." },
	{ "settings", "Settings saved." },
	{ "added", "Added." },
	{ "deleted", "Deleted." },
	{ "merged", "Merged: the articles carry the other tag now." },
	{ "updated", "Updated." },
	{ "moderated", "Comments updated." },
	{ "edited", "Comment changed." },
	{ "bye", "You are logged out." },
	{ "webhook-test",
	    "Test delivery queued: it shows in the log below once "
	    "sent." },
	{ "redelivered", "Queued to be sent again." },
	{ "revoked", "Preview link revoked: it opens nothing now." },
	{ "import", "Import started: this page shows how it goes." },
	{ "2fa-expired",
	    "The login took too long or had too many wrong "
	    "codes. Log in again." },
	{ "2fa-required",
	    "Your role must use two-factor login. Set it up "
	    "below to go on." },
	{ "2fa-off", "Two-factor login is off." },
	{ "password-required",
	    "Choose your own password to go on: the one you were "
	    "given works only once." },
	{ "password-changed",
	    "Password changed, and every session of yours ended. Log in "
	    "with the new one." },
	{ "email", "Email address saved." },
	{ "password-reset",
	    "Your new password is set, and every session of yours ended. "
	    "Log in with it." },
	{ "notices", "Mail settings saved." },
	{ "2fa-recovery",
	    "You logged in with a recovery code, which is "
	    "now used up. Check how many you have left below." },
};

/* Navigation: path, label, the capability that shows it. */
static const struct {
	const char    *path;
	const char    *label;
	enum admin_cap cap;
} nav[] = {
	{ "/admin/", "Dashboard", CAP_ENTER },
	{ "/admin/articles/", "Articles", CAP_WRITE },
	{ "/admin/articles/new/", "New article", CAP_WRITE },
	{ "/admin/comments/", "Comments", CAP_MODERATE },
	{ "/admin/media/", "Media", CAP_UPLOAD }, /* media */
	{ "/admin/pages/", "Pages", CAP_EDIT_OTHERS },
	{ "/admin/menus/", "Menus", CAP_SETTINGS },
	{ "/admin/sections/", "Sections", CAP_TAXONOMY },
	{ "/admin/tags/", "Tags", CAP_TAXONOMY },
	{ "/admin/authors/", "Authors", CAP_TAXONOMY },
	{ "/admin/sliders/", "Sliders", CAP_TAXONOMY },
	{ "/admin/ads/", "Ads", CAP_TAXONOMY },
	{ "/admin/users/", "Users", CAP_USERS },
	{ "/admin/settings/", "Settings", CAP_SETTINGS },
	{ "/admin/webhooks/", "Webhooks", CAP_SETTINGS },
	{ "/admin/tools/", "Tools", CAP_USERS },
};

struct tv *
admin_view(struct admin_ctx *ctx, const char *title)
{
	struct arena *a = ctx->a;
	struct tv    *root, *u, *list, *item;
	struct str    msg, site;
	size_t	      i;

	root = tv_map(a);
	tv_set_cstr(a, root, "page_title", title);
	if (store_setting_get(a, ctx->st, "title", &site) != NG_OK ||
	    site.n == 0)
		site = STR_LIT("nutgraf");
	tv_set_str(a, root, "site_name", site);
	tv_set_str(a, root, "tz", ctx->tz.n > 0 ? ctx->tz : STR_LIT("UTC"));
	if (ctx->app->theme != NULL) {
		tv_set_cstr(a, root, "css_url",
		    theme_asset_url(ctx->app->theme, "css/admin.css"));
		tv_set_cstr(a, root, "js_url",
		    theme_asset_url(ctx->app->theme, "js/admin.js"));
		/* The editor's comforts (a no-op on other pages). */
		tv_set_cstr(a, root, "editor_js_url",
		    theme_asset_url(ctx->app->theme, "js/editor.js"));
		/* A declared icon stops browsers asking for /favicon.ico. */
		tv_set_cstr(a, root, "icon_url",
		    theme_asset_url(ctx->app->theme, "img/favicon.svg"));
	}
	msg = req_query(ctx->r, "msg");
	for (i = 0; msg.p != NULL && i < sizeof(flashes) / sizeof(flashes[0]);
	     i++)
		if (str_eqc(msg, flashes[i].code))
			tv_set_cstr(a, root, "flash", flashes[i].text);
	if (ctx->user == NULL)
		return root;

	u = tv_map(a);
	tv_set_str(a, u, "login", ctx->user->login);
	tv_set_str(a, u, "name", ctx->user->name);
	tv_set_cstr(a, u, "role", store_role_name(ctx->user->role));
	tv_set(a, root, "user", u);
	tv_set_str(a, root, "csrf", ctx->sess->csrf);
	list = tv_list(a);
	for (i = 0; i < sizeof(nav) / sizeof(nav[0]); i++) {
		if (!admin_role_can(ctx->user->role, nav[i].cap))
			continue;
		item = tv_map(a);
		tv_set_cstr(a, item, "url", nav[i].path);
		tv_set_cstr(a, item, "label", nav[i].label);
		tv_set_bool(a, item, "current",
		    str_eqc(ctx->r->path, nav[i].path));
		tv_push(a, list, item);
	}
	tv_set(a, root, "nav", list);
	return root;
}

enum ng_err
admin_render(struct admin_ctx *ctx, struct tv *root, const char *name,
    int status)
{
	struct buf  b;
	struct str  body;
	enum ng_err err;

	if (root == NULL || arena_failed(ctx->a))
		return NG_ENOMEM;
	buf_init(&b, ctx->a);
	if ((err = theme_render(ctx->app->theme, name, root, &b)) != NG_OK)
		return err;
	if ((err = buf_finish(&b, &body)) != NG_OK)
		return err;
	ctx->rs->status = status;
	ctx->rs->content_type = "text/html; charset=utf-8";
	ctx->rs->compress = 1;
	ctx->rs->body = body;
	admin_private(ctx->r, ctx->rs);
	return NG_OK;
}

enum ng_err
admin_forbidden(struct admin_ctx *ctx, const char *why)
{
	return admin_refuse(ctx, 403, "Not allowed", why);
}

enum ng_err
admin_refuse(struct admin_ctx *ctx, int status, const char *title,
    const char *why)
{
	struct tv *root;

	root = admin_view(ctx, title);
	tv_set_cstr(ctx->a, root, "message", why);
	tv_set_int(ctx->a, root, "status", status);
	return admin_render(ctx, root, "admin_error", status);
}

void
admin_form_fault(struct admin_ctx *ctx, struct tv *form,
    const struct admin_field_label *labels, const struct store_fault *f)
{
	const char *label = NULL;
	size_t	    i;

	for (i = 0; labels[i].field != NULL; i++)
		if (strcmp(labels[i].field, f->field) == 0)
			label = labels[i].label;
	tv_set_cstr(ctx->a, form, "fault", f->why);
	tv_set_cstr(ctx->a, form, "fault_summary",
	    label != NULL ?
		arena_printf(ctx->a, "Nothing was saved. %s: %s", label,
		    f->why) :
		arena_printf(ctx->a, "Nothing was saved. %s", f->why));
	if (f->field[0] != '\0')
		tv_set_bool(ctx->a, form,
		    arena_printf(ctx->a, "bad_%s", f->field), 1);
}

void
admin_redirect(struct admin_ctx *ctx, const char *location)
{
	resp_redirect(ctx->r, ctx->rs, 303, location);
	admin_private(ctx->r, ctx->rs);
}

int64_t
admin_parse_id(struct str s)
{
	int64_t v = 0;
	size_t	i;

	if (s.n == 0 || s.n > 18 || s.p == NULL || s.p[0] == '0')
		return 0;
	for (i = 0; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return 0;
		v = v * 10 + (s.p[i] - '0');
	}
	return v;
}

void
admin_fmt_time(const struct admin_ctx *ctx, int64_t t, char *buf, size_t sz)
{
	struct tm tm;
	time_t	  tt;
	int32_t	  off = 0;
	char	  tmp[32];

	if (t <= 0 || tz_offset(ctx->tz, t, &off) != NG_OK)
		off = 0;
	tt = (time_t)(t + off);
	if (t <= 0 || gmtime_r(&tt, &tm) == NULL) {
		snprintf(buf, sz, "-");
		return;
	}
	strftime(tmp, sizeof(tmp), "%Y-%m-%d %H:%M", &tm);
	snprintf(buf, sz, "%s %.*s", tmp, ctx->tz.n > 0 ? (int)ctx->tz.n : 3,
	    ctx->tz.n > 0 ? ctx->tz.p : "UTC");
}

static int
space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

struct str
admin_field(struct req *r, const char *name)
{
	struct str v;

	v = req_form(r, name);
	if (v.p == NULL)
		return STR_LIT("");
	while (v.n > 0 && space(v.p[0])) {
		v.p++;
		v.n--;
	}
	while (v.n > 0 && space(v.p[v.n - 1]))
		v.n--;
	return v;
}

enum ng_err
admin_field_all(struct req *r, const char *name, struct str *out, size_t max,
    size_t *n)
{
	struct str  body = r->body, val;
	const char *amp, *eq, *end;
	size_t	    klen = strlen(name);

	*n = 0;
	end = body.p != NULL ? body.p + body.n : NULL;
	while (body.p != NULL && body.p < end && *n < max) {
		amp = memchr(body.p, '&', (size_t)(end - body.p));
		if (amp == NULL)
			amp = end;
		eq = memchr(body.p, '=', (size_t)(amp - body.p));
		/* Field names of ours need no decoding. */
		if (eq != NULL && (size_t)(eq - body.p) == klen &&
		    memcmp(body.p, name, klen) == 0 &&
		    req_query_decode(r->arena, eq + 1, (size_t)(amp - eq - 1),
			&val) == NG_OK)
			out[(*n)++] = val;
		body.p = amp + 1;
	}
	return arena_failed(r->arena) ? NG_ENOMEM : NG_OK;
}
