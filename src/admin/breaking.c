/*
 * breaking.c -- the breaking-news banner from the dashboard: one form
 * (text, link, level, until when) switches it on across the whole site,
 * one button switches it off.
 *
 * Editors and administrators only (CAP_EDIT_OTHERS): the banner is on
 * every reader's every page.  The store keeps it as a setting, so
 * switching it drops every cached public page at once, here and on the
 * other instances; its expiry ends those pages too (store.h).
 */
#include <string.h>
#include <time.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "http/req.h"
#include "render/tv.h"
#include "store/store.h"

/* A new banner lasts this long unless the editor says otherwise. */
#define BREAKING_DEFAULT_S (2 * 3600)
/* And at most this long: a banner nobody switches off goes by itself. */
#define BREAKING_MAX_S (7 * 24 * 3600)

static const struct admin_field_label breaking_labels[] = {
	{ "text", "Text" },
	{ "url", "Link" },
	{ "level", "Level" },
	{ "until", "Until" },
	{ NULL, NULL },
};

static const char *const level_labels[BREAKING__MAX] = {
	"Breaking news", /* BREAKING_NEWS */
	"Developing",	 /* BREAKING_DEVELOPING */
	"Notice",	 /* BREAKING_NOTICE */
};

/* The level choices of the form, level cur selected. */
static struct tv *
level_options(struct admin_ctx *ctx, enum breaking_level cur)
{
	struct tv *l, *o;
	unsigned   i;

	l = tv_list(ctx->a);
	for (i = 0; i < BREAKING__MAX; i++) {
		o = tv_map(ctx->a);
		tv_set_cstr(ctx->a, o, "value",
		    store_breaking_level_name((enum breaking_level)i));
		tv_set_cstr(ctx->a, o, "label", level_labels[i]);
		tv_set_bool(ctx->a, o, "selected", i == (unsigned)cur);
		tv_push(ctx->a, l, o);
	}
	return l;
}

enum ng_err
admin_breaking_view(struct admin_ctx *ctx, struct tv *root, struct tv *form)
{
	struct breaking_news b;
	struct tv	    *m, *on;
	char		     when[96];
	int64_t		     now = (int64_t)time(NULL);
	enum ng_err	     err;

	if (!admin_role_can(ctx->user->role, CAP_EDIT_OTHERS))
		return NG_OK;
	m = tv_map(ctx->a);
	err = store_breaking_get(ctx->a, ctx->st, now, &b);
	if (err != NG_OK && err != NG_ENOTFOUND)
		return err;
	if (err == NG_OK) {
		on = tv_map(ctx->a);
		tv_set_str(ctx->a, on, "text", b.text);
		tv_set_str(ctx->a, on, "url", b.url);
		tv_set_cstr(ctx->a, on, "label", level_labels[b.level]);
		admin_fmt_time(ctx, b.expires_at, when, sizeof(when));
		tv_set_cstr(ctx->a, on, "until", arena_strdup(ctx->a, when));
		tv_set(ctx->a, m, "on", on);
	}
	if (form == NULL) {
		form = tv_map(ctx->a);
		tv_set_cstr(ctx->a, form, "until",
		    admin_local_time_value(ctx, now + BREAKING_DEFAULT_S));
		tv_set(ctx->a, form, "levels",
		    level_options(ctx, BREAKING_NEWS));
	}
	tv_set(ctx->a, m, "form", form);
	tv_set(ctx->a, root, "breaking", m);
	return NG_OK;
}

/* Check the submitted banner into b; the field at fault in f. */
static int
breaking_check(struct admin_ctx *ctx, struct breaking_news *b,
    struct store_fault *f, int64_t now)
{
	struct str text = admin_field(ctx->r, "text");
	struct str url = admin_field(ctx->r, "url");
	struct str level = admin_field(ctx->r, "level");
	struct str until = admin_field(ctx->r, "until");
	size_t	   i;

	memset(b, 0, sizeof(*b));
	f->field = NULL;
	b->text = text;
	b->url = url;
	b->starts_at = now;
	if (!store_breaking_level_parse(level, &b->level)) {
		b->level = BREAKING_NEWS;
		f->field = "level";
		f->why = "Choose one of the levels.";
		return 0;
	}
	if (text.n == 0) {
		f->field = "text";
		f->why = "Write what readers should know.";
		return 0;
	}
	if (text.n > STORE_BREAKING_TEXT_MAX || !utf8_valid(text.p, text.n)) {
		f->field = "text";
		f->why = "Keep it to one short sentence (300 bytes at most).";
		return 0;
	}
	for (i = 0; i < text.n; i++)
		if ((unsigned char)text.p[i] < 0x20) {
			f->field = "text";
			f->why = "One line only.";
			return 0;
		}
	if (url.n > 0 &&
	    (url.n > STORE_URL_MAX ||
		!(str_has_prefix(url, STR_LIT("https://")) ||
		    str_has_prefix(url, STR_LIT("http://")) ||
		    (url.p[0] == '/' && (url.n == 1 || url.p[1] != '/'))) ||
		memchr(url.p, ' ', url.n) != NULL)) {
		f->field = "url";
		f->why = "Give an address starting with https:// or a path "
			 "of this site starting with /.";
		return 0;
	}
	b->expires_at = admin_parse_local_time(ctx, until);
	if (b->expires_at == 0) {
		f->field = "until";
		f->why = "Give a date and time for the banner to end.";
		return 0;
	}
	if (b->expires_at <= now) {
		f->field = "until";
		f->why = "That time has passed; choose a later one.";
		return 0;
	}
	if (b->expires_at > now + BREAKING_MAX_S) {
		f->field = "until";
		f->why = "A banner lasts a week at most.";
		return 0;
	}
	return 1;
}

/*
 * POST /admin/breaking/: action "on" with text, url, level and until,
 * or action "off".  Back to the dashboard, or the dashboard with the
 * form as typed and the fault (400).
 */
enum ng_err
admin_breaking(struct req *r, struct resp *rs)
{
	struct admin_ctx     ctx;
	struct breaking_news b;
	struct store_fault   f;
	struct tv	    *form;
	struct str	     action;
	enum ng_err	     err;

	if (!admin_enter(r, rs, CAP_EDIT_OTHERS, &ctx))
		return NG_OK;
	action = admin_field(r, "action");
	if (str_eqc(action, "off")) {
		if ((err = store_breaking_set(ctx.a, ctx.st, NULL)) != NG_OK)
			return err;
		admin_redirect(&ctx, "/admin/?msg=breaking-off");
		return NG_OK;
	}
	if (!str_eqc(action, "on"))
		return admin_refuse(&ctx, 400, "Bad request",
		    "The form says neither on nor off.");
	if (breaking_check(&ctx, &b, &f, (int64_t)time(NULL))) {
		err = store_breaking_set(ctx.a, ctx.st, &b);
		if (err == NG_OK) {
			admin_redirect(&ctx, "/admin/?msg=breaking-on");
			return NG_OK;
		}
		if (err != NG_EINVAL && err != NG_ETOOBIG)
			return err;
		f.field = "text";
		f.why = "The store refused this banner; check its text.";
	}
	form = tv_map(ctx.a);
	tv_set_str(ctx.a, form, "text", admin_field(r, "text"));
	tv_set_str(ctx.a, form, "url", admin_field(r, "url"));
	tv_set_str(ctx.a, form, "until", admin_field(r, "until"));
	tv_set(ctx.a, form, "levels", level_options(&ctx, b.level));
	admin_form_fault(&ctx, form, breaking_labels, &f);
	return admin_dashboard_page(&ctx, form, 400);
}
