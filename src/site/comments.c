/*
 * comments.c -- readers' comments on the article page: the
 * view (count, threaded list, notice, form) and the POST handler.
 *
 * The article page stays one shared, cacheable page.  Nothing in it
 * depends on who asks: after a POST the commenter is sent (303) to the
 * article with ?comment=held or ?comment=published, a fixed set of page
 * variants that carry the notice, and a "Reply" link is the variant
 * ?replytocom=ID (WordPress's URL, so it also works without JavaScript),
 * whose form has comment_parent filled.  Only a refused POST answers
 * with a page of its own (the form with what was typed and a message at
 * each field), and that one is never stored by a cache.
 *
 * The order of the POST checks is chosen so that cheap refusals come
 * first and nothing the reader typed is lost: article and closed state,
 * the honeypot, validation (400), the per-address rate limit (429), the
 * commenter's history (parent checks, 400), the moderation policy, and
 * the insert, whose guard refuses duplicates (409) and a full moderation
 * queue (503) atomically.  The insert commits before the 303 is sent.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "content/comment.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "http/req.h"
#include "http/resp.h"
#include "render/tv.h"
#include "site/site.h"
#include "site/site_int.h"
#include "store/store.h"

/* The form field names: WordPress's, so autofill and old themes work. */
static const char *const field_names[COMMENT_F__MAX] = {
	"author",	  /* COMMENT_F_AUTHOR */
	"email",	  /* COMMENT_F_EMAIL */
	"url",		  /* COMMENT_F_URL */
	"comment",	  /* COMMENT_F_BODY */
	"comment_parent", /* COMMENT_F_PARENT */
};

/* A field no person fills in: the CSS hides it (see the form partial). */
#define HONEYPOT_FIELD "comment_hp"

/* Seconds a reader is asked to wait when the moderation queue is full. */
#define QUEUE_FULL_RETRY 600
/* Retry-After when the store failed a write (seconds). */
#define STORE_RETRY 60
/* What a reader is told when the database could not take the comment. */
#define NOT_SAVED                                                \
	"Your comment could not be saved just now. It has been " \
	"kept below; please try again in a minute."

/* A submitted form to show again, with what was wrong. */
struct comment_form {
	struct comment_input  in;
	struct comment_errors errs;
	const char	     *general; /* about the whole form */
	int		      consent; /* "save my name" ticked */
	int		      saved;   /* only filled in from the cookie */
};

/* WordPress's name for the "save my name" box. */
#define CONSENT_FIELD "wp-comment-cookies-consent"

/*
 * An empty form with the details this browser saved filled in (nothing
 * when it saved none), for a page rendered for this reader alone.
 */
static struct comment_form *
saved_form(struct req *r)
{
	struct comment_form *f;
	struct str	     saved[3];

	if ((f = arena_calloc(r->arena, 1, sizeof(*f))) == NULL)
		return NULL;
	f->saved = 1;
	if (commenter_saved(r, saved)) {
		f->in.v[COMMENT_F_AUTHOR] = saved[0];
		f->in.v[COMMENT_F_EMAIL] = saved[1];
		f->in.v[COMMENT_F_URL] = saved[2];
		f->consent = 1;
	}
	return f;
}

/* The comment settings, read in one store call. */
static enum ng_err
load_settings(struct req *r, struct comment_settings *s)
{
	struct str  vals[COMMENT_SET__MAX];
	enum ng_err err;
	size_t	    bad;

	err = store_setting_get_many(r->arena, r->app->store,
	    comment_setting_keys, COMMENT_SET__MAX, vals);
	if (err != NG_OK)
		return err;
	if ((bad = comment_settings_load(s, vals)) > 0)
		log_debug("comments: %zu invalid setting(s) ignored", bad);
	return NG_OK;
}

/* A positive decimal id of at most 18 digits, or 0. */
static int64_t
parse_id(struct str s)
{
	int64_t v = 0;
	size_t	i;

	if (s.n == 0 || s.n > 18 || s.p[0] == '0')
		return 0;
	for (i = 0; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return 0;
		v = v * 10 + (s.p[i] - '0');
	}
	return v;
}

/* Find id among the n comments sorted by id in order[]: index or -1. */
static long
find_comment(const struct comment *v, const size_t *order, size_t n, int64_t id)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[order[mid]].id == id)
			return (long)order[mid];
		if (v[order[mid]].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Insertion sort of indices by comment id (n <= STORE_COMMENT_THREAD_MAX). */
static void
sort_by_id(const struct comment *v, size_t *order, size_t n)
{
	size_t i, j, t;

	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = 1; i < n; i++) {
		t = order[i];
		for (j = i; j > 0 && v[order[j - 1]].id > v[t].id; j--)
			order[j] = order[j - 1];
		order[j] = t;
	}
}

/*
 * One comment as the item partial shows it.  Every key the partial
 * reads is set, null included: Mustache looks a missing key up in the
 * enclosing contexts, and the article's own "url" must never turn into
 * a commenter's link.
 */
static struct tv *
comment_item(struct view *v, const struct comment *c, const char *path,
    int depth, int can_reply)
{
	struct arena	*a = v->a;
	struct site_date d;
	struct safe_html h;
	struct tv	*m;

	m = tv_map(a);
	tv_set_int(a, m, "id", c->id);
	tv_set_int(a, m, "depth", depth);
	tv_set_str(a, m, "author", c->author);
	if (c->url.n > 0)
		tv_set_str(a, m, "author_url", c->url);
	else
		tv_set(a, m, "author_url", NULL);
	if (site_date_fmt(v->r, c->created_at, &d)) {
		tv_set_cstr(a, m, "date", arena_strdup(a, d.human));
		tv_set_cstr(a, m, "time", arena_strdup(a, d.time));
		tv_set_cstr(a, m, "date_iso", arena_strdup(a, d.iso));
	} else {
		tv_set(a, m, "date", NULL);
		tv_set(a, m, "time", NULL);
		tv_set(a, m, "date_iso", NULL);
	}
	if (comment_text_html(a, c->body, &h) == NG_OK)
		tv_set_html(a, m, "text", h);
	else
		tv_set(a, m, "text", NULL);
	/*
	 * The comment address with GET: the reply form filled in with the
	 * details saved in this browser (a page of its own, not cached).
	 */
	tv_set_cstr(a, m, "reply_url",
	    can_reply && c->status == COMMENT_APPROVED ?
		arena_printf(a, "%scomment?replytocom=%lld#respond", path,
		    (long long)c->id) :
		NULL);
	tv_set_bool(a, m, "awaiting", c->status != COMMENT_APPROVED);
	tv_set(a, m, "children", tv_list(a));
	tv_set_bool(a, m, "has_children", 0);
	return m;
}

/* The form block: action, values, errors, the reply target. */
static struct tv *
form_view(struct view *v, const struct article *a, const char *path,
    const struct comment_form *form, const struct comment *reply_to)
{
	static const char *const val_keys[COMMENT_F__MAX] = {
		"val_author",
		"val_email",
		"val_url",
		"val_comment",
		"val_parent",
	};
	static const char *const err_keys[COMMENT_F__MAX] = {
		"err_author",
		"err_email",
		"err_url",
		"err_comment",
		"err_parent",
	};
	struct arena *ar = v->a;
	struct tv    *f, *list, *e, *rt;
	size_t	      i, n = 0;

	f = tv_map(ar);
	tv_set_cstr(ar, f, "action", arena_printf(ar, "%scomment", path));
	tv_set_int(ar, f, "post_id", a->id);
	for (i = 0; i < COMMENT_F__MAX; i++) {
		tv_set_str(ar, f, val_keys[i],
		    form != NULL ? comment_scrub(ar, form->in.v[i]) :
				   STR_LIT(""));
		tv_set_cstr(ar, f, err_keys[i],
		    form != NULL ? form->errs.msg[i] : NULL);
	}
	if (reply_to != NULL)
		tv_set_cstr(ar, f, "val_parent",
		    arena_printf(ar, "%lld", (long long)reply_to->id));
	else if (form == NULL || form->saved)
		tv_set_cstr(ar, f, "val_parent", "0");
	tv_set_bool(ar, f, "consent", form != NULL && form->consent);
	/*
	 * A page the cache shares cannot know this browser's saved
	 * details: it links to the comment address, which fills them in.
	 */
	tv_set_cstr(ar, f, "saved_url",
	    form == NULL ? arena_printf(ar, "%scomment#respond", path) : NULL);

	list = tv_list(ar);
	if (form != NULL && form->general != NULL) {
		e = tv_map(ar);
		tv_set_cstr(ar, e, "message", form->general);
		tv_set_cstr(ar, e, "field_id", "comment");
		tv_push(ar, list, e);
		n++;
	}
	for (i = 0; form != NULL && i < COMMENT_F__MAX; i++) {
		if (form->errs.msg[i] == NULL)
			continue;
		e = tv_map(ar);
		tv_set_cstr(ar, e, "message", form->errs.msg[i]);
		/* comment_parent is hidden: point at the text instead. */
		tv_set_cstr(ar, e, "field_id",
		    i == COMMENT_F_PARENT ? "comment" : field_names[i]);
		tv_push(ar, list, e);
		n++;
	}
	tv_set(ar, f, "error_list", list);
	tv_set_bool(ar, f, "has_errors", n > 0);

	rt = NULL;
	if (reply_to != NULL) {
		rt = tv_map(ar);
		tv_set_str(ar, rt, "author", reply_to->author);
		tv_set_cstr(ar, rt, "cancel_url",
		    arena_printf(ar, "%s#respond", path));
		tv_set_cstr(ar, rt, "comment_url",
		    arena_printf(ar, "%s#comment-%lld", path,
			(long long)reply_to->id));
	}
	tv_set(ar, f, "reply_to", rt);
	return f;
}

/*
 * ?unapproved=ID&moderation-hash=H: the author of a held comment sees
 * it (comment.c marks it as awaiting moderation), placed among the
 * others by its id; nobody else can make H (commenter.c).  Any such
 * query makes the page one reader's: a wrong hash shows nothing, and
 * the page is not kept either way.
 */
static enum ng_err
held_for_author(struct view *v, const struct article *a, struct comment **list,
    size_t *nc)
{
	struct str	q = req_query(v->r, "unapproved");
	struct comment *c, *l;
	int64_t		id;
	size_t		i, k;
	enum ng_err	err;

	if (q.p == NULL)
		return NG_OK;
	v->private_page = 1;
	if ((id = parse_id(q)) == 0)
		return NG_OK;
	err = store_comment_get(v->a, v->r->app->store, id, &c);
	if (err == NG_ENOTFOUND)
		return NG_OK;
	if (err != NG_OK)
		return err;
	if (c->article_id != a->id ||
	    (c->status != COMMENT_PENDING && c->status != COMMENT_SPAM) ||
	    !commenter_held_ok(v->r, c, req_query(v->r, "moderation-hash")))
		return NG_OK;
	if ((l = arena_calloc(v->a, *nc + 1, sizeof(*l))) == NULL)
		return NG_ENOMEM;
	for (i = k = 0; i < *nc && (*list)[i].id < c->id; i++)
		l[k++] = (*list)[i];
	l[k++] = *c;
	for (; i < *nc; i++)
		l[k++] = (*list)[i];
	*list = l;
	*nc = k;
	return NG_OK;
}

enum ng_err
comments_view(struct view *v, const struct article *a,
    const struct comment_form *form)
{
	struct arena	       *ar = v->a;
	struct comment_settings s;
	struct comment	       *list, *reply_to = NULL;
	struct tv	       *root, *top, *n, **items, **container;
	struct str		q;
	const char	       *path;
	size_t		       *order, nc, count, i;
	int		       *depth, open, max;
	long			p;
	int64_t			want;
	enum ng_err		err;

	if ((err = load_settings(v->r, &s)) != NG_OK)
		return err;
	if ((err = store_comment_thread(ar, v->r->app->store, a->id, &list,
		 &nc)) != NG_OK)
		return err;
	count = nc;
	if (nc == STORE_COMMENT_THREAD_MAX &&
	    (err = store_comment_count(v->r->app->store, a->id, &count)) !=
		NG_OK)
		return err;
	if (form != NULL)
		v->private_page = 1;
	if ((err = held_for_author(v, a, &list, &nc)) != NG_OK)
		return err;
	if (form == NULL && v->private_page &&
	    (form = saved_form(v->r)) == NULL)
		return NG_ENOMEM;
	if ((path = site_article_path(v->r, ar, a->id, a->slug, a->published_at,
		 PV_PAGE)) == NULL)
		return NG_ENOMEM;
	open = !comment_closed(&s, a->comments_open, a->published_at,
	    (int64_t)time(NULL));
	max = (int)s.thread_depth;

	order = arena_calloc(ar, nc + 1, sizeof(*order));
	depth = arena_calloc(ar, nc + 1, sizeof(*depth));
	items = arena_calloc(ar, nc + 1, sizeof(*items));
	container = arena_calloc(ar, nc + 1, sizeof(*container));
	if (order == NULL || depth == NULL || items == NULL ||
	    container == NULL)
		return NG_ENOMEM;
	sort_by_id(list, order, nc);

	/*
	 * Thread the list (oldest first).  A reply goes under its parent
	 * unless the parent is at the deepest level shown, then next to
	 * it; a reply whose parent is not shown (held, deleted) stands at
	 * the top level rather than vanish.
	 */
	top = tv_list(ar);
	for (i = 0; i < nc; i++) {
		p = list[i].parent_id != 0 ?
		    find_comment(list, order, nc, list[i].parent_id) :
		    -1;
		if (p < 0 || (size_t)p >= i) {
			depth[i] = 1;
			container[i] = top;
		} else if (depth[p] < max) {
			depth[i] = depth[p] + 1;
			container[i] = tv_get(items[p], STR_LIT("children"));
			tv_set_bool(ar, items[p], "has_children", 1);
		} else {
			depth[i] = depth[p];
			container[i] = container[p];
		}
		items[i] = comment_item(v, &list[i], path, depth[i],
		    open && depth[i] < max);
		tv_push(ar, container[i], items[i]);
	}

	/* ?replytocom=ID: the form replies to that comment, if it may. */
	q = req_query(v->r, "replytocom");
	if (open && (form == NULL || form->saved) && (want = parse_id(q)) > 0 &&
	    (p = find_comment(list, order, nc, want)) >= 0 && depth[p] < max &&
	    list[p].status == COMMENT_APPROVED)
		reply_to = &list[p];

	root = tv_map(ar);
	tv_set_int(ar, root, "count", (int64_t)count);
	tv_set_cstr(ar, root, "count_label",
	    count == 0	   ? "No comments yet" :
		count == 1 ? "1 comment" :
			     arena_printf(ar, "%zu comments", count));
	tv_set(ar, root, "list", top);
	tv_set_bool(ar, root, "has_list", nc > 0);
	tv_set_bool(ar, root, "truncated", count > nc);
	tv_set_int(ar, root, "shown", (int64_t)nc);
	tv_set_bool(ar, root, "open", open);

	/* ?comment=held|published: the notice after a POST. */
	n = NULL;
	q = req_query(v->r, "comment");
	if ((form == NULL || form->saved) &&
	    (str_eqc(q, "held") || str_eqc(q, "published"))) {
		n = tv_map(ar);
		tv_set_bool(ar, n, "held", str_eqc(q, "held"));
		tv_set_bool(ar, n, "published", str_eqc(q, "published"));
		/* The held comment its author was sent to, when shown. */
		if ((want = parse_id(req_query(v->r, "unapproved"))) > 0 &&
		    (p = find_comment(list, order, nc, want)) >= 0 &&
		    list[p].status != COMMENT_APPROVED)
			tv_set_cstr(ar, n, "mine",
			    arena_printf(ar, "#comment-%lld", (long long)want));
	}
	tv_set(ar, root, "notice", n);
	tv_set(ar, root, "form",
	    open ? form_view(v, a, path, form, reply_to) : NULL);
	tv_set(ar, v->root, "comments", root);
	return arena_failed(ar) ? NG_ENOMEM : NG_OK;
}

void
comments_txt(struct req *r, const struct article *a, struct buf *b)
{
	const char *url;
	size_t	    n = 0;

	if (store_comment_count(r->app->store, a->id, &n) != NG_OK || n == 0)
		return;
	url = site_abs_url(r, site_art_path(r, a, PV_PAGE));
	buf_printf(b, "\nComments: %zu <%s#comments>\n", n,
	    url != NULL ? url : "");
}

/* The article page with the form as submitted, answering status. */
static enum ng_err
show_form(struct req *r, struct resp *rs, struct article *a,
    const struct comment_form *form, int status, unsigned retry_after)
{
	enum ng_err err;
	char	    tmp[24];

	if ((err = site_article_page(r, rs, a, form)) != NG_OK)
		return err;
	rs->status = status;
	rs->cache_control = SITE_CACHE_NONE;
	if (retry_after > 0) {
		snprintf(tmp, sizeof(tmp), "%u", retry_after);
		resp_header_add(r, rs, "Retry-After", tmp);
	}
	return NG_OK;
}

/*
 * 303 to the article's notice variant; a held comment c (NULL: none, or
 * nothing stored) to the page only its author can open, showing it.
 */
static enum ng_err
see_other(struct req *r, struct resp *rs, const struct article *a,
    const char *notice, const struct comment *held)
{
	const char *path, *loc, *hash;

	path = site_art_path(r, a, PV_PAGE);
	if (path == NULL)
		return NG_ENOMEM;
	hash = held != NULL ?
	    commenter_held_hash(r, held->id, held->created_at) :
	    NULL;
	/*
	 * Each to the notice (#comment-notice), which names the outcome
	 * and is where the browser scrolls, whatever the length of the
	 * list: a comment's own anchor may be far below it, or not on the
	 * page at all (held, or past the comments shown).
	 */
	if (hash != NULL)
		loc = arena_printf(r->arena,
		    "%s?comment=held&unapproved=%lld&moderation-hash=%s"
		    "#comment-notice",
		    path, (long long)held->id, hash);
	else
		loc = arena_printf(r->arena, "%s?comment=%s#comment-notice",
		    path, notice);
	if (loc == NULL)
		return NG_ENOMEM;
	resp_redirect(r, rs, 303, site_abs_url(r, loc));
	rs->cache_control = SITE_CACHE_NONE;
	return NG_OK;
}

/* The user agent, bounded and flattened for moderators' eyes. */
static struct str
user_agent(struct req *r)
{
	struct str ua = req_header(r, "User-Agent");

	if (ua.p == NULL)
		return STR_LIT("");
	return comment_excerpt(r->arena, comment_scrub(r->arena, ua),
	    STORE_COMMENT_UA_MAX - 3);
}

/* Everything after the article is known: see the top of the file. */
enum ng_err
site_comment_post_article(struct req *r, struct resp *rs, struct article *a)
{
	struct comment_settings s;
	struct comment_form    *f;
	struct comment_clean	c;
	struct comment_history	h;
	struct comment_guard	g;
	struct comment		row, *held;
	struct store_limit	rules[2];
	enum comment_verdict	verdict;
	const char	       *why;
	int64_t			retry_ms = 0, id = 0;
	size_t			i;
	enum ng_err		err;

	if ((err = load_settings(r, &s)) != NG_OK)
		return err;
	if (comment_closed(&s, a->comments_open, a->published_at,
		(int64_t)time(NULL))) {
		site_error(r, rs, 403, "Comments are closed on this article.");
		return NG_OK;
	}
	if ((f = arena_calloc(r->arena, 1, sizeof(*f))) == NULL)
		return NG_ENOMEM;
	for (i = 0; i < COMMENT_F__MAX; i++)
		f->in.v[i] = req_form(r, field_names[i]);
	f->consent = str_eqc(req_form(r, CONSENT_FIELD), "yes");

	rules[0] = (struct store_limit){ 1, s.flood_seconds };
	rules[1] = (struct store_limit){ s.hourly_max, 3600 };

	/*
	 * The honeypot: only software fills a field nobody can see.  It is
	 * told what a held comment is told and nothing is stored -- not
	 * even as spam: a certain bot's text helps no moderator, and
	 * storing it would let a flood fill the disk the pending cap
	 * protects.  It still spends the address's allowance.
	 */
	if (req_form(r, HONEYPOT_FIELD).n > 0) {
		if (store_limit_take(r->app->store,
			comment_limit_key(r->arena, r->ip), rules, 2,
			store_limit_now_ms(), &retry_ms) == NG_EDB)
			log_warn("comments: honeypot post from %s not "
				 "counted",
			    r->ip);
		log_info("comments: honeypot filled from %s; dropped", r->ip);
		return see_other(r, rs, a, "held", NULL);
	}

	err = comment_validate(r->arena, &f->in, &c, &f->errs);
	if (err == NG_EINVAL)
		return show_form(r, rs, a, f, 400, 0);
	if (err != NG_OK)
		return err;

	/*
	 * The allowance is rows of the database: every instance counts the
	 * same posts from an address.
	 */
	err = store_limit_take(r->app->store,
	    comment_limit_key(r->arena, r->ip), rules, 2, store_limit_now_ms(),
	    &retry_ms);
	if (err == NG_EDB) {
		f->general = NOT_SAVED;
		return show_form(r, rs, a, f, 503, STORE_RETRY);
	}
	if (err != NG_OK && err != NG_EFORBIDDEN)
		return err;
	if (err == NG_EFORBIDDEN) {
		f->general = arena_printf(r->arena,
		    "You are commenting too "
		    "quickly. Please wait %lld seconds, then post your "
		    "comment again.",
		    (long long)((retry_ms + 999) / 1000));
		return show_form(r, rs, a, f, 429,
		    (unsigned)((retry_ms + 999) / 1000));
	}

	if ((err = store_comment_history(r->app->store, c.email, c.parent_id,
		 &h)) != NG_OK)
		return err;
	if (c.parent_id != 0 &&
	    (!h.parent_found || h.parent_article_id != a->id ||
		h.parent_status != COMMENT_APPROVED)) {
		f->errs.msg[COMMENT_F_PARENT] =
		    "The comment you replied to "
		    "is not available. Your comment has been kept: post it "
		    "as a new comment instead.";
		f->in.v[COMMENT_F_PARENT] = STR_LIT("0");
		return show_form(r, rs, a, f, 400, 0);
	}
	if (c.parent_id != 0 && h.parent_depth >= (int)s.thread_depth) {
		f->errs.msg[COMMENT_F_PARENT] =
		    "Replies cannot nest any "
		    "deeper here. Your comment has been kept: reply to an "
		    "earlier comment in the thread instead.";
		f->in.v[COMMENT_F_PARENT] = STR_LIT("0");
		return show_form(r, rs, a, f, 400, 0);
	}

	memset(&row, 0, sizeof(row));
	row.article_id = a->id;
	row.parent_id = c.parent_id;
	row.author = c.author;
	row.email = c.email;
	row.url = c.url;
	row.body = c.body;
	row.ip = str_c(r->ip);
	row.user_agent = user_agent(r);
	verdict = comment_moderate(r->arena, &s, &c, row.ip, row.user_agent,
	    h.email_approved, &why);
	row.status = verdict == COMMENT_V_APPROVE ? COMMENT_APPROVED :
	    verdict == COMMENT_V_SPAM		  ? COMMENT_SPAM :
						    COMMENT_PENDING;
	g.no_duplicate = 1;
	g.parent_approved = 1;
	g.queue_max = s.pending_max;

	err = store_comment_add(r->app->store, &row, &g, &id);
	switch (err) {
	case NG_OK:
		break;
	case NG_ECONFLICT:
		f->errs.msg[COMMENT_F_BODY] =
		    "You have already posted this "
		    "comment here. It looks as though you have already said "
		    "that!";
		f->errs.n++;
		return show_form(r, rs, a, f, 409, 0);
	case NG_EINVAL:
		f->errs.msg[COMMENT_F_PARENT] =
		    "The comment you replied to "
		    "is not available. Your comment has been kept: post it "
		    "as a new comment instead.";
		f->in.v[COMMENT_F_PARENT] = STR_LIT("0");
		return show_form(r, rs, a, f, 400, 0);
	case NG_ETOOBIG:
		if (row.status == COMMENT_SPAM) {
			log_info("comments: spam queue full; dropped a "
				 "comment from %s",
			    r->ip);
			return see_other(r, rs, a, "held", NULL);
		}
		log_warn("comments: %zu comments await moderation; "
			 "refusing new ones",
		    (size_t)s.pending_max);
		f->general =
		    "Comments are temporarily closed because too "
		    "many are waiting for moderation. Your comment has been "
		    "kept below; please try again later.";
		return show_form(r, rs, a, f, 503, QUEUE_FULL_RETRY);
	case NG_EDB:
		/*
		 * Not stored (a full disk, the database away): the store has
		 * logged why.  The reader gets the form back with the text,
		 * never a page that loses it.
		 */
		f->general = NOT_SAVED;
		return show_form(r, rs, a, f, 503, STORE_RETRY);
	default:
		return err;
	}
	if (r->app->event != NULL)
		r->app->event(r, "comment", id, -1, (int)row.status);
	log_info("comments: comment %lld on article %lld from %s: %s (%s)",
	    (long long)id, (long long)a->id, r->ip,
	    store_comment_status_name(row.status), why);
	commenter_remember(r, rs, f->consent, c.author, c.email, c.url);
	if (row.status == COMMENT_APPROVED)
		return see_other(r, rs, a, "published", NULL);
	/*
	 * Spam is told what held comments are told, and its author sees it
	 * as awaiting moderation too.
	 */
	if (store_comment_get(r->arena, r->app->store, id, &held) != NG_OK)
		held = NULL;
	return see_other(r, rs, a, "held", held);
}

enum ng_err
site_comment_form_page(struct req *r, struct resp *rs, struct article *a)
{
	struct comment_form *f;

	if ((f = saved_form(r)) == NULL)
		return NG_ENOMEM;
	return site_article_page(r, rs, a, f);
}

/*
 * The published article a visitor may comment on, by id (any status
 * comes back from the store; only a live one counts).
 */
static enum ng_err
article_by_id(struct req *r, int64_t id, struct article **out)
{
	enum ng_err err;

	*out = NULL;
	if ((err = store_article_by_id(r->arena, r->app->store, id, out)) !=
	    NG_OK)
		return err;
	if ((*out)->status != ARTICLE_PUBLISHED ||
	    (*out)->published_at > (int64_t)time(NULL)) {
		*out = NULL;
		return NG_ENOTFOUND;
	}
	return NG_OK;
}

enum ng_err
site_comment_post_wp(struct req *r, struct resp *rs)
{
	struct article *a;
	enum ng_err	err;
	int64_t		id;

	if ((id = parse_id(req_form(r, "comment_post_ID"))) == 0)
		return NG_ENOTFOUND;
	if ((err = article_by_id(r, id, &a)) != NG_OK)
		return err;
	return site_comment_post_article(r, rs, a);
}
