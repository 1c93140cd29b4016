/*
 * manage.c -- site settings, sections, tags, authors and users.
 *
 * Editors manage the taxonomy (WordPress's manage_categories); only
 * administrators change settings and people.  Each list page carries its
 * own add form; each row posts to /admin/<kind>/<id>/ with an action.
 */
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "admin/auth.h"
#include "content/comment.h"
#include "content/permalink.h"
#include "content/slug.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/tz.h"
#include "http/req.h"
#include "http/resp.h"
#include "render/tv.h"
#include "store/store.h"

/*
 * Settings the newsroom edits.  The comment settings use the keys (and
 * WordPress's names) the comments module reads (content/comment.h).
 */
enum set_kind {
	SET_TEXT,
	SET_ZONE,   /* a time zone name (tz.h) */
	SET_CHOICE, /* one of choices[], shown as a select */
	SET_UINT,
	SET_PERMALINK, /* content/permalink.h */
	SET_ROLES      /* a comma list of role names (twofactor.c) */
};

/* Choices as value, label pairs; NULL ends them. */
static const char *const yes_no[] = { "1", "Yes", "0", "No", NULL };
static const char *const feed_modes[] = {
	"full",
	"The whole article",
	"summary",
	"The summary only",
	NULL,
};

static const struct {
	const char	  *key;
	const char	  *label;
	enum set_kind	   kind;
	size_t		   max;	    /* bytes (text) or largest number */
	const char *const *choices; /* SET_CHOICE */
} settings[] = {
	{ "title", "Site title", SET_TEXT, STORE_NAME_MAX, NULL },
	{ "tagline", "Tagline", SET_TEXT, STORE_DEK_MAX, NULL },
	{ "timezone", "Time zone", SET_ZONE, 64, NULL },
	{ "comment_moderation", "Hold every new comment for moderation",
	    SET_CHOICE, 1, yes_no },
	{ "comment_previously_approved",
	    "Publish comments at once from "
	    "addresses with an approved comment",
	    SET_CHOICE, 1, yes_no },
	{ "close_comments_days_old",
	    "Close comments on articles older "
	    "than this many days (0: never)",
	    SET_UINT, 36500, NULL },
	{ "comment_max_links",
	    "Hold comments with more links than this "
	    "(0: no check)",
	    SET_UINT, 1000, NULL },
	{ "feed_content", "Feeds carry", SET_CHOICE, 0, feed_modes },
	{ "permalink",
	    "Permalink pattern of articles (empty: " PERMALINK_DEFAULT ")",
	    SET_PERMALINK, PERMALINK_MAX, NULL },
	{ "twofactor_roles",
	    "Roles that must use two-factor login (comma "
	    "list of administrator, editor, author, contributor; empty: "
	    "none)",
	    SET_ROLES, 200, NULL },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A slug from the form, or made from the name. */
static enum ng_err
slug_of(struct admin_ctx *ctx, struct str given, struct str name,
    struct str *out)
{
	if (given.n > 0) {
		if (!slug_valid(given))
			return NG_EINVAL;
		*out = given;
		return NG_OK;
	}
	return slug_make(ctx->a, name, out);
}

static enum ng_err
redirect_msg(struct admin_ctx *ctx, const char *base, const char *msg)
{
	const char *loc;

	loc = arena_printf(ctx->a, "%s?msg=%s", base, msg);
	admin_redirect(ctx, loc != NULL ? loc : base);
	return NG_OK;
}

/* Map a store error of a management write to a page or a failure. */
static enum ng_err
write_failed(struct admin_ctx *ctx, enum ng_err err)
{
	switch (err) {
	case NG_ECONFLICT:
		return admin_forbidden(ctx,
		    "That slug or name is already "
		    "used.");
	case NG_EINVAL:
	case NG_ETOOBIG:
		return admin_forbidden(ctx,
		    "A field is missing, invalid or "
		    "too long.");
	default:
		return err;
	}
}

/*
 * What an unset setting means, shown in the form so that saving it
 * untouched changes nothing.  The comment defaults are the comments
 * module's own (content/comment.h).
 */
static struct str
setting_default(struct arena *a, size_t i)
{
	struct comment_settings d;
	const char	       *key = settings[i].key;

	comment_settings_default(&d);
	if (strcmp(key, "comment_moderation") == 0)
		return str_c(d.moderation ? "1" : "0");
	if (strcmp(key, "comment_previously_approved") == 0)
		return str_c(d.previously_approved ? "1" : "0");
	if (strcmp(key, "close_comments_days_old") == 0)
		return str_c(arena_printf(a, "%u", d.close_days));
	if (strcmp(key, "comment_max_links") == 0)
		return str_c(arena_printf(a, "%u", d.max_links));
	/* The zone and the pattern the site uses when they are unset. */
	if (strcmp(key, "timezone") == 0)
		return STR_LIT("UTC");
	if (strcmp(key, "permalink") == 0)
		return STR_LIT(PERMALINK_DEFAULT);
	/* Else the first choice, which site code takes for "unset". */
	if (settings[i].kind == SET_CHOICE)
		return str_c(settings[i].choices[0]);
	return STR_LIT("");
}

/* NULL when v is a good value of setting i, else why not. */
static const char *
setting_check(size_t i, struct str v)
{
	struct permalink pl;
	const char	*why;
	int64_t		 n;
	size_t		 k;

	if (v.n == 0)
		return NULL; /* unset: the default */
	switch (settings[i].kind) {
	case SET_ZONE:
		return tz_valid(v) ? NULL :
				     "Unknown time zone: "
				     "use a name like Europe/Paris or UTC.";
	case SET_CHOICE:
		for (k = 0; settings[i].choices[k] != NULL; k += 2)
			if (str_eqc(v, settings[i].choices[k]))
				return NULL;
		return "Choose one of the options.";
	case SET_UINT:
		n = admin_parse_id(v);
		return str_eqc(v, "0") ||
			(n > 0 && (size_t)n <= settings[i].max) ?
		    NULL :
		    "Enter a whole "
		    "number in range.";
	case SET_PERMALINK:
		if (permalink_parse(v, &pl, &why) == NG_OK)
			return NULL;
		return why;
	case SET_ROLES:
		return admin_2fa_roles_valid(v) ?
		    NULL :
		    "Name roles from "
		    "administrator, editor, author and contributor, with "
		    "commas between them.";
	default:
		return v.n <= settings[i].max ? NULL : "Too long.";
	}
}

/* The zone choices so far: the groups, and the group being filled. */
struct zone_list {
	struct tv *groups, *opts;
	struct str group;
};

/*
 * Add name to zl, in a new group when its first part is another (whole:
 * in a group of its own, named in full).
 */
static void
zone_option(struct admin_ctx *ctx, struct zone_list *zl, struct str name,
    struct str v, int whole)
{
	const char *slash = whole ? NULL : memchr(name.p, '/', name.n);
	struct str  g = name, label = name;
	struct tv  *grp, *o;

	if (slash != NULL) {
		g.n = (size_t)(slash - name.p);
		label = (struct str){ slash + 1, name.n - g.n - 1 };
	}
	if (zl->opts == NULL || !str_eq(g, zl->group)) {
		grp = tv_map(ctx->a);
		zl->opts = tv_list(ctx->a);
		zl->group = g;
		tv_set_str(ctx->a, grp, "label", g);
		tv_set(ctx->a, grp, "options", zl->opts);
		tv_push(ctx->a, zl->groups, grp);
	}
	o = tv_map(ctx->a);
	tv_set_str(ctx->a, o, "value", name);
	tv_set_str(ctx->a, o, "label", label);
	tv_set_bool(ctx->a, o, "selected", str_eq(name, v));
	tv_push(ctx->a, zl->opts, o);
}

/*
 * The time zone as a choice among the system's zones, grouped by their
 * first part ("Europe", "America"; "UTC" alone), with v selected -- v
 * is added first when it is not among them (an alias such as
 * "US/Eastern", or a bad value sent back), so the form shows what it
 * will save.  0 when the system lists no zones: the field is typed.
 */
static int
zone_options(struct admin_ctx *ctx, struct tv *x, struct str v)
{
	struct zone_list zl = { NULL, NULL, STR_LIT("") };
	struct str	*z;
	size_t		 i, n;
	int		 found = 0;

	if (tz_zones(ctx->a, &z, &n) != NG_OK || n == 0)
		return 0;
	zl.groups = tv_list(ctx->a);
	for (i = 0; i < n; i++)
		found |= str_eq(z[i], v);
	if (!found && v.n > 0) {
		zone_option(ctx, &zl, v, v, 1);
		zl.opts = NULL;
	}
	for (i = 0; i < n; i++)
		zone_option(ctx, &zl, z[i], v, 0);
	tv_set(ctx->a, x, "groups", zl.groups);
	return 1;
}

/*
 * The settings form with values (the stored ones, or what was posted
 * with why[i] saying what is wrong with it).
 */
static enum ng_err
settings_form(struct admin_ctx *ctx, const struct str *values,
    const char *const *why, int status)
{
	struct tv *root, *list, *x, *opts, *o;
	struct str v;
	size_t	   i, k;

	root = admin_view(ctx, "Settings");
	list = tv_list(ctx->a);
	for (i = 0; i < NELEM(settings); i++) {
		v = values[i];
		x = tv_map(ctx->a);
		tv_set_cstr(ctx->a, x, "key", settings[i].key);
		tv_set_cstr(ctx->a, x, "label", settings[i].label);
		tv_set_str(ctx->a, x, "value", v);
		if (why != NULL && why[i] != NULL) {
			/*
			 * Its own key: a field without one would find the
			 * page's "error" in the context above it.
			 */
			tv_set_cstr(ctx->a, x, "field_error", why[i]);
			tv_set_cstr(ctx->a, root, "error",
			    "A setting needs "
			    "fixing; nothing was saved.");
		}
		tv_set_bool(ctx->a, x, "has_options",
		    settings[i].kind == SET_CHOICE ||
			(settings[i].kind == SET_ZONE &&
			    zone_options(ctx, x, v)));
		if (settings[i].kind == SET_CHOICE) {
			opts = tv_list(ctx->a);
			for (k = 0; settings[i].choices[k] != NULL; k += 2) {
				o = tv_map(ctx->a);
				tv_set_cstr(ctx->a, o, "value",
				    settings[i].choices[k]);
				tv_set_cstr(ctx->a, o, "label",
				    settings[i].choices[k + 1]);
				tv_set_bool(ctx->a, o, "selected",
				    str_eqc(v, settings[i].choices[k]));
				tv_push(ctx->a, opts, o);
			}
			tv_set(ctx->a, x, "options", opts);
		}
		tv_push(ctx->a, list, x);
	}
	tv_set(ctx->a, root, "settings", list);
	return admin_render(ctx, root, "admin_settings", status);
}

/* Every setting's stored value, or its default when unset. */
static enum ng_err
settings_load(struct arena *a, struct store *st, struct str *values)
{
	size_t	    i;
	enum ng_err err;

	for (i = 0; i < NELEM(settings); i++) {
		err = store_setting_get(a, st, settings[i].key, &values[i]);
		if (err != NG_OK && err != NG_ENOTFOUND)
			return err;
		if (err == NG_ENOTFOUND || values[i].n == 0)
			values[i] = setting_default(a, i);
	}
	return NG_OK;
}

size_t
admin_setting_count(void)
{
	return NELEM(settings);
}

const char *
admin_setting_key(size_t i)
{
	return i < NELEM(settings) ? settings[i].key : NULL;
}

const char *
admin_setting_check(size_t i, struct str v)
{
	return setting_check(i, v);
}

enum ng_err
admin_settings_load(struct arena *a, struct store *st, struct str *values)
{
	return settings_load(a, st, values);
}

/*
 * Settings are checked all together before any is written, so a bad
 * value saves nothing and comes back in the form with the others.
 */
enum ng_err
admin_settings(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct str	 values[NELEM(settings)], was[NELEM(settings)];
	const char	*why[NELEM(settings)];
	size_t		 i;
	int		 bad = 0;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_SETTINGS, &ctx))
		return NG_OK;
	if (r->method != HTTP_POST) {
		if ((err = settings_load(ctx.a, ctx.st, values)) != NG_OK)
			return err;
		return settings_form(&ctx, values, NULL, 200);
	}
	for (i = 0; i < NELEM(settings); i++) {
		values[i] = admin_field(r, settings[i].key);
		if ((why[i] = setting_check(i, values[i])) != NULL)
			bad = 1;
	}
	if (bad)
		return settings_form(&ctx, values, why, 422);
	/*
	 * Only what was changed is written: an unset setting shown with its
	 * default and saved untouched stays unset, so a later change of the
	 * default reaches it.
	 */
	if ((err = settings_load(ctx.a, ctx.st, was)) != NG_OK)
		return err;
	for (i = 0; i < NELEM(settings); i++)
		if (!str_eq(values[i], was[i]) &&
		    (err = store_setting_set(ctx.st, settings[i].key,
			 values[i])) != NG_OK)
			return write_failed(&ctx, err);
	return redirect_msg(&ctx, "/admin/settings/", "settings");
}

enum ng_err
admin_sections(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct section	*v = NULL, s;
	struct tv	*root, *list, *x;
	size_t		 i, n = 0;
	int64_t		 id;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_TAXONOMY, &ctx))
		return NG_OK;
	if (r->method == HTTP_POST) {
		memset(&s, 0, sizeof(s));
		s.name = admin_field(r, "name");
		s.description = admin_field(r, "description");
		s.position = (int)admin_parse_id(admin_field(r, "position"));
		if (s.name.n == 0 ||
		    slug_of(&ctx, admin_field(r, "slug"), s.name, &s.slug) !=
			NG_OK)
			return admin_forbidden(&ctx,
			    "A section needs a name "
			    "and a valid slug.");
		if ((err = store_section_add(ctx.st, &s, &id)) != NG_OK)
			return write_failed(&ctx, err);
		return redirect_msg(&ctx, "/admin/sections/", "added");
	}
	if ((err = store_sections(ctx.a, ctx.st, &v, &n)) != NG_OK)
		return err;
	root = admin_view(&ctx, "Sections");
	list = tv_list(ctx.a);
	for (i = 0; i < n; i++) {
		x = tv_map(ctx.a);
		tv_set_int(ctx.a, x, "id", v[i].id);
		tv_set_str(ctx.a, x, "name", v[i].name);
		tv_set_str(ctx.a, x, "slug", v[i].slug);
		tv_set_str(ctx.a, x, "description", v[i].description);
		tv_set_int(ctx.a, x, "position", v[i].position);
		tv_push(ctx.a, list, x);
	}
	tv_set(ctx.a, root, "sections", list);
	return admin_render(&ctx, root, "admin_sections", 200);
}

enum ng_err
admin_section(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct section	 s;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_TAXONOMY, &ctx))
		return NG_OK;
	memset(&s, 0, sizeof(s));
	s.id = admin_parse_id(req_cap(r, 0));
	if (str_eqc(admin_field(r, "action"), "delete")) {
		if ((err = store_section_delete(ctx.st, s.id)) != NG_OK)
			return write_failed(&ctx, err);
		return redirect_msg(&ctx, "/admin/sections/", "deleted");
	}
	s.name = admin_field(r, "name");
	s.description = admin_field(r, "description");
	s.position = (int)admin_parse_id(admin_field(r, "position"));
	if (s.name.n == 0 ||
	    slug_of(&ctx, admin_field(r, "slug"), s.name, &s.slug) != NG_OK)
		return admin_forbidden(&ctx,
		    "A section needs a name and a "
		    "valid slug.");
	if ((err = store_section_update(ctx.st, &s)) != NG_OK)
		return write_failed(&ctx, err);
	return redirect_msg(&ctx, "/admin/sections/", "updated");
}

enum ng_err
admin_tags(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct tag	*v = NULL;
	struct tv	*root, *list, *x;
	size_t		 i, n = 0;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_TAXONOMY, &ctx))
		return NG_OK;
	if ((err = store_tags(ctx.a, ctx.st, &v, &n)) != NG_OK)
		return err;
	root = admin_view(&ctx, "Tags");
	list = tv_list(ctx.a);
	for (i = 0; i < n; i++) {
		x = tv_map(ctx.a);
		tv_set_int(ctx.a, x, "id", v[i].id);
		tv_set_str(ctx.a, x, "name", v[i].name);
		tv_set_str(ctx.a, x, "slug", v[i].slug);
		tv_push(ctx.a, list, x);
	}
	tv_set(ctx.a, root, "tags", list);
	return admin_render(&ctx, root, "admin_tags", 200);
}

enum ng_err
admin_tag(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct tag	 t, *into;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_TAXONOMY, &ctx))
		return NG_OK;
	memset(&t, 0, sizeof(t));
	t.id = admin_parse_id(req_cap(r, 0));
	if (str_eqc(admin_field(r, "action"), "delete")) {
		if ((err = store_tag_delete(ctx.st, t.id)) != NG_OK)
			return write_failed(&ctx, err);
		return redirect_msg(&ctx, "/admin/tags/", "deleted");
	}
	/* Two spellings of one subject become one tag and one page. */
	if (str_eqc(admin_field(r, "action"), "merge")) {
		err = store_tag_by_slug(ctx.a, ctx.st, admin_field(r, "into"),
		    &into);
		if (err == NG_ENOTFOUND)
			return admin_forbidden(&ctx,
			    "There is no tag with "
			    "that slug to merge into.");
		if (err != NG_OK)
			return err;
		if ((err = store_tag_merge(ctx.st, t.id, into->id)) != NG_OK)
			return err == NG_EINVAL ?
			    admin_forbidden(&ctx,
				"A tag cannot be merged into itself.") :
			    write_failed(&ctx, err);
		return redirect_msg(&ctx, "/admin/tags/", "merged");
	}
	t.name = admin_field(r, "name");
	if (t.name.n == 0 ||
	    slug_of(&ctx, admin_field(r, "slug"), t.name, &t.slug) != NG_OK)
		return admin_forbidden(&ctx,
		    "A tag needs a name and a valid "
		    "slug.");
	if ((err = store_tag_update(ctx.st, &t)) != NG_OK)
		return write_failed(&ctx, err);
	return redirect_msg(&ctx, "/admin/tags/", "updated");
}

/* The users page, with a one-time password to show (or NULL). */
static enum ng_err
users_page(struct admin_ctx *ctx, const char *who, const char *password)
{
	struct user *v = NULL;
	struct tv   *root, *list, *x, *roles, *o;
	size_t	     i, n = 0;
	int	     k;
	enum ng_err  err;

	if ((err = store_user_list(ctx->a, ctx->st, &v, &n)) != NG_OK)
		return err;
	root = admin_view(ctx, "Users");
	list = tv_list(ctx->a);
	for (i = 0; i < n; i++) {
		x = tv_map(ctx->a);
		tv_set_int(ctx->a, x, "id", v[i].id);
		tv_set_str(ctx->a, x, "login", v[i].login);
		tv_set_str(ctx->a, x, "name", v[i].name);
		tv_set_bool(ctx->a, x, "disabled", v[i].disabled);
		tv_set_bool(ctx->a, x, "self", v[i].id == ctx->user->id);
		roles = tv_list(ctx->a);
		for (k = 0; k < ROLE__MAX; k++) {
			o = tv_map(ctx->a);
			tv_set_cstr(ctx->a, o, "name",
			    store_role_name((enum user_role)k));
			tv_set_bool(ctx->a, o, "selected",
			    v[i].role == (enum user_role)k);
			tv_push(ctx->a, roles, o);
		}
		tv_set(ctx->a, x, "roles", roles);
		tv_push(ctx->a, list, x);
	}
	tv_set(ctx->a, root, "users", list);
	roles = tv_list(ctx->a);
	for (k = 0; k < ROLE__MAX; k++) {
		o = tv_map(ctx->a);
		tv_set_cstr(ctx->a, o, "name",
		    store_role_name((enum user_role)k));
		tv_set_bool(ctx->a, o, "selected", k == ROLE_AUTHOR);
		tv_push(ctx->a, roles, o);
	}
	tv_set(ctx->a, root, "roles", roles);
	if (password != NULL) {
		x = tv_map(ctx->a);
		tv_set_cstr(ctx->a, x, "login", who);
		tv_set_cstr(ctx->a, x, "password", password);
		tv_set(ctx->a, root, "one_time", x);
	}
	return admin_render(ctx, root, "admin_users", 200);
}

enum ng_err
admin_users(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct str	 login;
	enum user_role	 role;
	char		 pw[AUTH_GENERATED_LEN + 1];
	int64_t		 id;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_USERS, &ctx))
		return NG_OK;
	if (r->method != HTTP_POST)
		return users_page(&ctx, NULL, NULL);
	login = admin_field(r, "login");
	if (!store_role_parse(admin_field(r, "role"), &role))
		return admin_forbidden(&ctx, "Unknown role.");
	if (admin_login_check(login) != NG_OK)
		return admin_forbidden(&ctx,
		    "A login is 1 to 60 of the "
		    "characters A-Z a-z 0-9 . _ - @.");
	auth_password_generate(pw);
	err = admin_user_create(ctx.a, ctx.st, login, admin_field(r, "name"),
	    role, str_c(pw), &id);
	if (err != NG_OK)
		return write_failed(&ctx, err);
	log_info("admin: %.*s added user %.*s",
	    (int)admin_log_name(ctx.user->login).n,
	    admin_log_name(ctx.user->login).p, (int)admin_log_name(login).n,
	    admin_log_name(login).p);
	/* Shown once, in this response only (which is never cached). */
	return users_page(&ctx, arena_strndup(ctx.a, login.p, login.n), pw);
}

enum ng_err
admin_user(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct user	*u;
	struct str	 act;
	enum user_role	 role;
	char		 pw[AUTH_GENERATED_LEN + 1];
	char		 hash[AUTH_HASH_MAX];
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_USERS, &ctx))
		return NG_OK;
	if ((err = store_user_by_id(ctx.a, ctx.st,
		 admin_parse_id(req_cap(r, 0)), &u)) != NG_OK)
		return err;
	act = admin_field(r, "action");
	/* An administrator cannot lock themselves out by accident. */
	if (u->id == ctx.user->id && !str_eqc(act, "password"))
		return admin_forbidden(&ctx,
		    "You cannot change your own "
		    "role or disable yourself; ask another administrator.");
	if (str_eqc(act, "role")) {
		if (!store_role_parse(admin_field(r, "role"), &role))
			return admin_forbidden(&ctx, "Unknown role.");
		err = store_user_set_role(ctx.st, u->id, role);
	} else if (str_eqc(act, "disable") || str_eqc(act, "enable"))
		err = store_user_set_disabled(ctx.st, u->id,
		    str_eqc(act, "disable"));
	else if (str_eqc(act, "password")) {
		auth_password_generate(pw);
		if ((err = auth_password_hash(pw, strlen(pw), hash)) != NG_OK ||
		    (err = store_user_set_password(ctx.st, u->id,
			 str_c(hash))) != NG_OK)
			return err;
		/* Shown once; for their own account this session ended. */
		return users_page(&ctx,
		    arena_strndup(ctx.a, u->login.p, u->login.n), pw);
	} else
		return admin_forbidden(&ctx, "Unknown action.");
	if (err != NG_OK)
		return write_failed(&ctx, err);
	return redirect_msg(&ctx, "/admin/users/", "updated");
}
