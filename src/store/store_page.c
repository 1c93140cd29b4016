/*
 * store_page.c -- dispatch and input checks for static pages, navigation
 * menus, WordPress IDs, old slugs and upload paths, and section parents
 *.  Every write is checked here, once, for every backend.
 *
 * Cache invalidation: every write below runs in a write transaction of
 * the invalidation list (store_inval.c): a page drops its own key and
 * the menus, a menu the menus, a section's parent the navigation;
 * redirect tables (WordPress ids, old slugs and uploads) nothing, as
 * 301s and 404s are never cached.  Reads note page:ID and menus.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/arena.h"
#include "store/store.h"
#include "store/store_int.h"

static const char *const page_status_names[PAGE__MAX] = {
	[PAGE_DRAFT] = "draft",
	[PAGE_PENDING] = "pending",
	[PAGE_PUBLISHED] = "published",
	[PAGE_PRIVATE] = "private",
	[PAGE_TRASHED] = "trashed",
};

static const char *const format_names[BODY__MAX] = {
	[BODY_MARKDOWN] = "markdown",
	[BODY_HTML] = "html",
};

static const char *const item_kind_names[MENU_ITEM__MAX] = {
	[MENU_ITEM_PAGE] = "page",
	[MENU_ITEM_SECTION] = "section",
	[MENU_ITEM_ARTICLE] = "article",
	[MENU_ITEM_URL] = "url",
};

static const char *const location_names[MENU_LOC__MAX] = {
	[MENU_LOC_PRIMARY] = "primary",
	[MENU_LOC_FOOTER] = "footer",
};

/* names[v] for v < n, else NULL. */
static const char *
name_of(const char *const *names, size_t n, unsigned v)
{
	return v < n ? names[v] : NULL;
}

/* The index of name in names[0..n), or -1. */
static int
parse_name(const char *const *names, size_t n, struct str name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (str_eqc(name, names[i]))
			return (int)i;
	return -1;
}

const char *
store_page_status_name(enum page_status s)
{
	return name_of(page_status_names, PAGE__MAX, (unsigned)s);
}

int
store_page_status_parse(struct str name, enum page_status *out)
{
	int i = parse_name(page_status_names, PAGE__MAX, name);

	if (i >= 0)
		*out = (enum page_status)i;
	return i >= 0;
}

const char *
store_body_format_name(enum body_format f)
{
	return name_of(format_names, BODY__MAX, (unsigned)f);
}

int
store_body_format_parse(struct str name, enum body_format *out)
{
	int i = parse_name(format_names, BODY__MAX, name);

	if (i >= 0)
		*out = (enum body_format)i;
	return i >= 0;
}

const char *
store_menu_item_kind_name(enum menu_item_kind k)
{
	return name_of(item_kind_names, MENU_ITEM__MAX, (unsigned)k);
}

int
store_menu_item_kind_parse(struct str name, enum menu_item_kind *out)
{
	int i = parse_name(item_kind_names, MENU_ITEM__MAX, name);

	if (i >= 0)
		*out = (enum menu_item_kind)i;
	return i >= 0;
}

const char *
store_menu_location_name(enum menu_location l)
{
	return name_of(location_names, MENU_LOC__MAX, (unsigned)l);
}

int
store_menu_location_parse(struct str name, enum menu_location *out)
{
	int i = parse_name(location_names, MENU_LOC__MAX, name);

	if (i >= 0)
		*out = (enum menu_location)i;
	return i >= 0;
}

/* Length within [min, max], no NUL or other control bytes. */
static enum ng_err
check(struct str s, size_t min, size_t max)
{
	size_t i;

	if (s.n > 0 && s.p == NULL)
		return NG_EINVAL;
	if (s.n < min)
		return NG_EINVAL;
	if (s.n > max)
		return NG_ETOOBIG;
	for (i = 0; i < s.n; i++)
		if ((unsigned char)s.p[i] < 0x20 || s.p[i] == 0x7f)
			return NG_EINVAL;
	return NG_OK;
}

/*
 * A slug as a URL segment: no '/', space, quote, '?', '#', '\' or
 * control byte.  (content/page.c holds pages to slug_valid(); the
 * importer may keep WordPress's percent-encoded slugs.)
 */
static enum ng_err
check_segment(struct str s)
{
	enum ng_err err;
	size_t	    i;

	if ((err = check(s, 1, STORE_SLUG_MAX)) != NG_OK)
		return err;
	if ((s.n == 1 && s.p[0] == '.') ||
	    (s.n == 2 && s.p[0] == '.' && s.p[1] == '.'))
		return NG_EINVAL;
	for (i = 0; i < s.n; i++)
		if (strchr("/ \"'?#\\<>", s.p[i]) != NULL)
			return NG_EINVAL;
	return NG_OK;
}

/* --- pages --- */

enum ng_err
store_page_save(struct store *st, const struct page *p, int64_t user_id,
    int64_t *id)
{
	struct store_wtx tx;
	struct page	 n;
	enum ng_err	 err;
	int64_t		 now = (int64_t)time(NULL);

	*id = 0;
	if ((err = check_segment(p->slug)) != NG_OK ||
	    (err = check(p->title, 1, STORE_TITLE_MAX)) != NG_OK)
		return err;
	if (p->body_src.n > STORE_BODY_MAX || p->body_text.n > STORE_BODY_MAX ||
	    p->body_html.s.n > STORE_HTML_MAX)
		return NG_ETOOBIG;
	if ((unsigned)p->status >= PAGE__MAX ||
	    (unsigned)p->format >= BODY__MAX || p->id < 0 || p->parent_id < 0 ||
	    p->wp_id < 0 || p->author_id < 0 || user_id < 0 ||
	    (p->id != 0 && p->parent_id == p->id))
		return NG_EINVAL;
	n = *p;
	if (n.created_at <= 0)
		n.created_at = now;
	if (n.updated_at <= 0)
		n.updated_at = now;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_PAGE_SAVE,
	    &(struct write_subject){ .id = p->id,
		.public_before = 1,
		.public_after = 1 },
	    store_ops_of(st)->page_save(tx.c, &n, user_id, now, id));
}

/* A page lookup: by 0 id, 1 path, 2 old path. */
static enum ng_err
page_get(struct arena *ar, struct store *st, int by, int64_t id,
    struct str path, struct page **out)
{
	struct store_conn *c;
	struct page	  *p;
	enum ng_err	   err;

	*out = NULL;
	if (by != 0 &&
	    (path.n == 0 || path.n > STORE_PAGE_PATH_MAX || path.p == NULL))
		return NG_ENOTFOUND;
	if ((p = arena_calloc(ar, 1, sizeof(*p))) == NULL)
		return NG_ENOMEM;
	store_read_declared(); /* the id comes with the row */
	c = store_pool_get(st);
	err = store_read_done(st, c,
	    store_ops_of(st)->page_get(ar, c, by, id, path, p));
	if (err == NG_OK) {
		store_read_note(STORE_KEY(INVAL_PAGE, p->id));
		*out = p;
	}
	return err;
}

enum ng_err
store_page_by_path(struct arena *ar, struct store *st, struct str path,
    struct page **out)
{
	return page_get(ar, st, 1, 0, path, out);
}

enum ng_err
store_page_by_id(struct arena *ar, struct store *st, int64_t id,
    struct page **out)
{
	return page_get(ar, st, 0, id, STR_NULL, out);
}

enum ng_err
store_page_old_path(struct arena *ar, struct store *st, struct str path,
    struct page **out)
{
	return page_get(ar, st, 2, 0, path, out);
}

enum ng_err
store_page_list(struct arena *ar, struct store *st, int status,
    struct page **out, size_t *n)
{
	struct store_conn *c;

	*out = NULL;
	*n = 0;
	if (status < -1 || status >= PAGE__MAX)
		return NG_EINVAL;
	store_read_note(STORE_KEY(INVAL_MENUS, 0));
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->page_list(ar, c, status, out, n));
}

enum ng_err
store_page_set_status(struct store *st, int64_t id, enum page_status status)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if ((unsigned)status >= PAGE__MAX)
		return NG_EINVAL;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_PAGE_SAVE,
	    &(struct write_subject){ .id = id,
		.public_before = 1,
		.public_after = 1 },
	    store_ops_of(st)->page_set_status(tx.c, id, status,
		(int64_t)time(NULL)));
}

enum ng_err
store_page_delete(struct store *st, int64_t id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_PAGE_SAVE,
	    &(struct write_subject){ .id = id, .public_before = 1 },
	    store_ops_of(st)->page_delete(tx.c, id));
}

enum ng_err
store_page_revision_list(struct arena *ar, struct store *st, int64_t page_id,
    struct revision **out, size_t *n)
{
	struct store_conn *c;

	*out = NULL;
	*n = 0;
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->page_revision_list(ar, c, page_id, out, n));
}

enum ng_err
store_page_revision_get(struct arena *ar, struct store *st, int64_t id,
    struct revision **out)
{
	struct store_conn *c;
	struct revision	  *rv;
	enum ng_err	   err;

	*out = NULL;
	if ((rv = arena_calloc(ar, 1, sizeof(*rv))) == NULL)
		return NG_ENOMEM;
	c = store_pool_get(st);
	err = store_read_done(st, c,
	    store_ops_of(st)->page_revision_get(ar, c, id, rv));
	if (err == NG_OK)
		*out = rv;
	return err;
}

/* --- menus --- */

/* A menu link: a site path ("/about/", not "//host") or http(s) URL. */
static int
menu_url_ok(struct str u)
{
	size_t i, skip;

	if (u.n == 0)
		return 0;
	for (i = 0; i < u.n; i++)
		if ((unsigned char)u.p[i] <= 0x20 || u.p[i] == '"' ||
		    u.p[i] == '<' || u.p[i] == '>' || u.p[i] == '\\' ||
		    u.p[i] == 0x7f)
			return 0;
	if (u.p[0] == '/')
		return u.n == 1 || u.p[1] != '/';
	if (u.n > 8 && strncasecmp(u.p, "https://", 8) == 0)
		skip = 8;
	else if (u.n > 7 && strncasecmp(u.p, "http://", 7) == 0)
		skip = 7;
	else
		return 0;
	return u.p[skip] != '/' && u.p[skip] != '.' && u.p[skip] != '@';
}

static enum ng_err
item_check(const struct menu_item *it)
{
	enum ng_err err;

	if ((err = check(it->label, 0, STORE_TITLE_MAX)) != NG_OK ||
	    (err = check(it->url, 0, STORE_URL_MAX)) != NG_OK)
		return err;
	if ((unsigned)it->kind >= MENU_ITEM__MAX || it->wp_id < 0 ||
	    it->parent_id < 0 || it->position < 0)
		return NG_EINVAL;
	if (it->kind == MENU_ITEM_URL ? !menu_url_ok(it->url) :
					it->target_id <= 0)
		return NG_EINVAL;
	return NG_OK;
}

enum ng_err
store_menu_add(struct store *st, const struct menu *m, int64_t *id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	*id = 0;
	if ((err = check(m->name, 1, STORE_NAME_MAX)) != NG_OK)
		return err;
	if (m->wp_id < 0)
		return NG_EINVAL;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_MENU, &(struct write_subject){ 0 },
	    store_ops_of(st)->menu_add(tx.c, m, (int64_t)time(NULL), id));
}

enum ng_err
store_menu_rename(struct store *st, int64_t id, struct str name)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if ((err = check(name, 1, STORE_NAME_MAX)) != NG_OK)
		return err;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_MENU, &(struct write_subject){ 0 },
	    store_ops_of(st)->menu_rename(tx.c, id, name));
}

enum ng_err
store_menu_delete(struct store *st, int64_t id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_MENU, &(struct write_subject){ 0 },
	    store_ops_of(st)->menu_delete(tx.c, id));
}

enum ng_err
store_menu_list(struct arena *ar, struct store *st, struct menu **out,
    size_t *n)
{
	struct store_conn *c;

	*out = NULL;
	*n = 0;
	store_read_note(STORE_KEY(INVAL_MENUS, 0));
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->menu_list(ar, c, out, n));
}

enum ng_err
store_menu_get(struct arena *ar, struct store *st, int64_t id,
    struct menu **out)
{
	struct store_conn *c;
	struct menu	  *m;
	enum ng_err	   err;

	*out = NULL;
	if ((m = arena_calloc(ar, 1, sizeof(*m))) == NULL)
		return NG_ENOMEM;
	store_read_note(STORE_KEY(INVAL_MENUS, 0));
	c = store_pool_get(st);
	err = store_read_done(st, c,
	    store_ops_of(st)->menu_get(ar, c, id, (int64_t)time(NULL), m));
	if (err == NG_OK)
		*out = m;
	return err;
}

enum ng_err
store_menu_item_add(struct store *st, const struct menu_item *it, int64_t *id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	*id = 0;
	if ((err = item_check(it)) != NG_OK)
		return err;
	if (it->menu_id <= 0)
		return NG_EINVAL;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_MENU, &(struct write_subject){ 0 },
	    store_ops_of(st)->menu_item_add(tx.c, it, id));
}

enum ng_err
store_menu_item_update(struct store *st, const struct menu_item *it)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if ((err = item_check(it)) != NG_OK)
		return err;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_MENU, &(struct write_subject){ 0 },
	    store_ops_of(st)->menu_item_update(tx.c, it));
}

enum ng_err
store_menu_item_delete(struct store *st, int64_t id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_MENU, &(struct write_subject){ 0 },
	    store_ops_of(st)->menu_item_delete(tx.c, id));
}

enum ng_err
store_menu_item_move(struct store *st, int64_t id, enum menu_move how)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if ((unsigned)how >= MENU_MOVE__MAX)
		return NG_EINVAL;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_MENU, &(struct write_subject){ 0 },
	    store_ops_of(st)->menu_item_move(tx.c, id, how));
}

enum ng_err
store_menu_location_set(struct store *st, enum menu_location loc,
    int64_t menu_id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if ((unsigned)loc >= MENU_LOC__MAX || menu_id < 0)
		return NG_EINVAL;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_MENU, &(struct write_subject){ 0 },
	    store_ops_of(st)->menu_location_set(tx.c, loc, menu_id));
}

enum ng_err
store_menu_locations(struct store *st, int64_t ids[MENU_LOC__MAX])
{
	struct store_conn *c;

	store_read_note(STORE_KEY(INVAL_MENUS, 0));
	c = store_pool_get(st);
	return store_read_done(st, c, store_ops_of(st)->menu_locations(c, ids));
}

/* --- WordPress IDs, old slugs and uploads, section parents --- */

enum ng_err
store_wp_id_set(struct store *st, enum wp_kind kind, int64_t id, int64_t wp_id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if ((unsigned)kind >= WP__MAX || id <= 0 || wp_id < 0)
		return NG_EINVAL;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_REDIRECT, &(struct write_subject){ 0 },
	    store_ops_of(st)->wp_id_set(tx.c, kind, id, wp_id));
}

enum ng_err
store_wp_lookup(struct store *st, enum wp_kind kind, int64_t wp_id, int64_t *id)
{
	struct store_conn *c;

	*id = 0;
	if ((unsigned)kind >= WP__MAX)
		return NG_EINVAL;
	if (wp_id <= 0)
		return NG_ENOTFOUND;
	/* Redirects (301s, 404s) are never cached. */
	store_read_declared();
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->wp_lookup(c, kind, wp_id, id));
}

enum ng_err
store_wp_rows(struct arena *ar, struct store *st, enum wp_kind kind,
    int64_t after, size_t limit, struct wp_row **out, size_t *n)
{
	struct store_conn *c;

	*out = NULL;
	*n = 0;
	if ((unsigned)kind >= WP__MAX)
		return NG_EINVAL;
	if (limit == 0 || limit > STORE_WP_ROWS_MAX)
		limit = STORE_WP_ROWS_MAX;
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->wp_rows(ar, c, kind, after, limit, out, n));
}

enum ng_err
store_old_slug_add(struct store *st, struct str slug, int64_t article_id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if ((err = check_segment(slug)) != NG_OK)
		return err;
	if (article_id <= 0)
		return NG_EINVAL;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_REDIRECT, &(struct write_subject){ 0 },
	    store_ops_of(st)->old_slug_add(tx.c, slug, article_id,
		(int64_t)time(NULL)));
}

enum ng_err
store_old_slug_lookup(struct store *st, struct str slug, int64_t *article_id)
{
	struct store_conn *c;

	*article_id = 0;
	if (slug.n == 0 || slug.n > STORE_SLUG_MAX || slug.p == NULL)
		return NG_ENOTFOUND;
	/* Redirects (301s, 404s) are never cached. */
	store_read_declared();
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->old_slug_lookup(c, slug, article_id));
}

/* An upload path: relative, no "..", no control bytes. */
static enum ng_err
check_upload(struct str p)
{
	enum ng_err err;
	size_t	    i;

	if ((err = check(p, 1, STORE_URL_MAX)) != NG_OK)
		return err;
	if (p.p[0] == '/')
		return NG_EINVAL;
	for (i = 0; i + 1 < p.n; i++)
		if (p.p[i] == '.' && p.p[i + 1] == '.' &&
		    (i == 0 || p.p[i - 1] == '/'))
			return NG_EINVAL;
	return NG_OK;
}

enum ng_err
store_old_upload_add(struct store *st, struct str path, int64_t media_id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if ((err = check_upload(path)) != NG_OK)
		return err;
	if (media_id <= 0)
		return NG_EINVAL;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_REDIRECT, &(struct write_subject){ 0 },
	    store_ops_of(st)->old_upload_add(tx.c, path, media_id));
}

/*
 * path without WordPress's size suffix: "a/photo-300x200.jpg" ->
 * "a/photo.jpg" in buf; 0 when it has none.
 */
static int
unsized(struct str path, char *buf, size_t bufsz, struct str *out)
{
	size_t dot, i, x = 0, nd;

	for (dot = path.n;
	     dot > 0 && path.p[dot - 1] != '.' && path.p[dot - 1] != '/'; dot--)
		continue;
	if (dot == 0 || path.p[dot - 1] != '.')
		return 0;
	dot--; /* at '.' */
	/* Back over digits 'x' digits and a '-'. */
	i = dot;
	for (nd = 0; i > 0 && path.p[i - 1] >= '0' && path.p[i - 1] <= '9'; i--)
		nd++;
	if (nd == 0 || i == 0 || path.p[i - 1] != 'x')
		return 0;
	x = --i;
	for (nd = 0; i > 0 && path.p[i - 1] >= '0' && path.p[i - 1] <= '9'; i--)
		nd++;
	if (nd == 0 || i < 2 || path.p[i - 1] != '-' || x == 0)
		return 0;
	i--; /* at '-' */
	if (i + (path.n - dot) >= bufsz)
		return 0;
	memcpy(buf, path.p, i);
	memcpy(buf + i, path.p + dot, path.n - dot);
	out->p = buf;
	out->n = i + (path.n - dot);
	return 1;
}

enum ng_err
store_old_upload_lookup(struct store *st, struct str path, int64_t *media_id)
{
	struct store_conn *c;
	enum ng_err	   err;
	char		   buf[STORE_URL_MAX + 1];
	struct str	   orig;

	*media_id = 0;
	if (check_upload(path) != NG_OK)
		return NG_ENOTFOUND;
	/* Redirects (301s, 404s) are never cached. */
	store_read_declared();
	c = store_pool_get(st);
	err = store_ops_of(st)->old_upload_lookup(c, path, media_id);
	if (err == NG_ENOTFOUND && unsized(path, buf, sizeof(buf), &orig))
		err = store_ops_of(st)->old_upload_lookup(c, orig, media_id);
	return store_read_done(st, c, err);
}

enum ng_err
store_section_set_parent(struct store *st, int64_t id, int64_t parent_id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if (id <= 0 || parent_id < 0 || parent_id == id)
		return NG_EINVAL;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_SECTION_UPDATE,
	    &(struct write_subject){ .id = id },
	    store_ops_of(st)->section_set_parent(tx.c, id, parent_id));
}

enum ng_err
store_section_parent(struct store *st, int64_t id, int64_t *parent_id)
{
	struct store_conn *c;

	*parent_id = 0;
	store_read_note(STORE_KEY(INVAL_NAV, 0));
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->section_parent(c, id, parent_id));
}
