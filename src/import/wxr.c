/*
 * wxr.c -- the WXR reader (see wxr.h).
 *
 * expat with namespace processing: element names arrive as
 * "URI|local", so a file that binds the wp prefix to the https:// URI,
 * or another prefix to the usual one, reads the same.  The reader keeps
 * the path of open elements it cares about as a few flags (in channel,
 * item, comment, ...), collects the text of the current element, and on
 * each end tag stores that text in the field the element names.  An
 * item's strings live in an arena that is emptied after its callback.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <expat.h>

#include "core/arena.h"
#include "import/wxr.h"

#define NS_SEP '|'

enum ns {
	NS_NONE, /* RSS's own elements */
	NS_WP,
	NS_EXCERPT,
	NS_CONTENT,
	NS_DC,
	NS_OTHER,
};

enum ctx {
	C_NONE,
	C_AUTHOR,
	C_TERM, /* wp:category, wp:tag, wp:term */
	C_ITEM,
};

struct rd {
	XML_Parser		  xp;
	const struct wxr_handler *h;
	struct wxr_error	 *e;
	enum ng_err		  err;
	unsigned		  depth;
	int			  saw_rss;
	int			  saw_channel;

	char  *text;
	size_t tn, tcap, tmax;

	struct arena *a;      /* the current author/term/item */
	struct arena *site_a; /* channel strings */
	enum ctx      ctx;
	int	      in_comment;
	int	      in_postmeta;
	int	      in_commentmeta;
	unsigned      ctx_depth;

	struct wxr_site	   site;
	int		   site_sent;
	struct wxr_author  author;
	struct wxr_term	   term;
	struct wxr_item	   item;
	size_t		   cats_cap, meta_cap, comments_cap;
	struct wxr_comment comment;
	struct wxr_meta	   meta;
	struct wxr_cat	   cat;
};

struct str
wxr_meta_get(const struct wxr_item *it, const char *key)
{
	size_t i;

	for (i = 0; i < it->nmeta; i++)
		if (str_eqc(it->meta[i].key, key))
			return it->meta[i].value;
	return STR_NULL;
}

static void fail(struct rd *r, enum ng_err err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Stop the parse with a message that names where it stopped. */
static void
fail(struct rd *r, enum ng_err err, const char *fmt, ...)
{
	va_list ap;
	int	k;

	if (r->err != NG_OK)
		return;
	r->err = err;
	r->e->line = XML_GetCurrentLineNumber(r->xp);
	r->e->column = XML_GetCurrentColumnNumber(r->xp) + 1;
	k = snprintf(r->e->msg, sizeof(r->e->msg),
	    "line %lu, column %lu: ", r->e->line, r->e->column);
	va_start(ap, fmt);
	if (k > 0 && (size_t)k < sizeof(r->e->msg))
		(void)vsnprintf(r->e->msg + k, sizeof(r->e->msg) - (size_t)k,
		    fmt, ap);
	va_end(ap);
	XML_StopParser(r->xp, XML_FALSE);
}

/* Split "URI|local" into its namespace and local name. */
static enum ns
split(const char *name, const char **local)
{
	const char *bar = strrchr(name, NS_SEP), *rest;
	size_t	    un;

	if (bar == NULL) {
		*local = name;
		return NS_NONE;
	}
	*local = bar + 1;
	un = (size_t)(bar - name);
	if (un >= 28 && strncmp(name, "http://wordpress.org/export/", 28) == 0)
		rest = name + 28;
	else if (un >= 29 &&
	    strncmp(name, "https://wordpress.org/export/", 29) == 0)
		rest = name + 29;
	else
		rest = NULL;
	if (rest != NULL) {
		/* "1.2/" or "1.2/excerpt/" */
		while (rest < bar &&
		    ((*rest >= '0' && *rest <= '9') || *rest == '.'))
			rest++;
		if (bar - rest == 1 && *rest == '/')
			return NS_WP;
		if (bar - rest == 9 && strncmp(rest, "/excerpt/", 9) == 0)
			return NS_EXCERPT;
		return NS_OTHER;
	}
#define IS(u) (un == sizeof(u) - 1 && strncmp(name, u, un) == 0)
	if (IS("http://purl.org/rss/1.0/modules/content/"))
		return NS_CONTENT;
	if (IS("http://purl.org/dc/elements/1.1/"))
		return NS_DC;
#undef IS
	return NS_OTHER;
}

/* A copy of the collected text in the current arena. */
static struct str
take(struct rd *r)
{
	char *p;

	if (r->tn == 0)
		return STR_NULL;
	if ((p = arena_strndup(r->a, r->text, r->tn)) == NULL) {
		fail(r, NG_ETOOBIG, "an item is larger than %u MB",
		    WXR_ITEM_MAX >> 20);
		return STR_NULL;
	}
	return (struct str){ p, r->tn };
}

/*
 * The same without the blanks around it: exports written by hand or by
 * plugins wrap logins, slugs, ids and dates over lines ("<wp:author_login>
 * alice\n</wp:author_login>"), and WordPress reads them trimmed. Bodies,
 * excerpts, comment texts and meta values keep every byte (take()).
 */
static struct str
take_trim(struct rd *r)
{
	size_t b = 0, e = r->tn;

	while (b < e &&
	    (r->text[b] == ' ' || r->text[b] == '\n' || r->text[b] == '\t' ||
		r->text[b] == '\r'))
		b++;
	while (e > b &&
	    (r->text[e - 1] == ' ' || r->text[e - 1] == '\n' ||
		r->text[e - 1] == '\t' || r->text[e - 1] == '\r'))
		e--;
	if (b > 0)
		memmove(r->text, r->text + b, e - b);
	r->tn = e - b;
	return take(r);
}

static int64_t
take_int(struct rd *r)
{
	int64_t v = 0;
	size_t	i = 0;
	int	neg = 0;

	while (i < r->tn &&
	    (r->text[i] == ' ' || r->text[i] == '\n' || r->text[i] == '\t' ||
		r->text[i] == '\r'))
		i++;
	if (i < r->tn && r->text[i] == '-') {
		neg = 1;
		i++;
	}
	for (; i < r->tn && r->text[i] >= '0' && r->text[i] <= '9'; i++) {
		if (v > (INT64_MAX - 9) / 10) {
			fail(r, NG_EINVAL, "a number is out of range");
			return 0;
		}
		v = v * 10 + (r->text[i] - '0');
	}
	return neg ? -v : v;
}

/* Grow an arena array *v of *n elements of size sz to hold one more. */
static void *
grow(struct rd *r, void *v, size_t n, size_t *cap, size_t sz)
{
	void *nv;

	if (n < *cap)
		return v;
	*cap = *cap == 0 ? 8 : *cap * 2;
	if ((nv = arena_calloc(r->a, *cap, sz)) == NULL) {
		fail(r, NG_ETOOBIG, "an item is larger than %u MB",
		    WXR_ITEM_MAX >> 20);
		return NULL;
	}
	if (n > 0)
		memcpy(nv, v, n * sz);
	return nv;
}

static void
new_context(struct rd *r, enum ctx c)
{
	arena_free(r->a);
	r->a = arena_new(WXR_ITEM_MAX);
	r->ctx = c;
	r->ctx_depth = r->depth;
	r->in_comment = r->in_postmeta = r->in_commentmeta = 0;
	memset(&r->author, 0, sizeof(r->author));
	memset(&r->term, 0, sizeof(r->term));
	memset(&r->item, 0, sizeof(r->item));
	r->cats_cap = r->meta_cap = r->comments_cap = 0;
}

static void
send_site(struct rd *r)
{
	if (r->site_sent)
		return;
	r->site_sent = 1;
	if (r->h->site != NULL && r->err == NG_OK) {
		enum ng_err err = r->h->site(r->h->arg, &r->site);

		if (err != NG_OK) {
			r->err = err;
			XML_StopParser(r->xp, XML_FALSE);
		}
	}
}

static const char *
attr(const char **atts, const char *name)
{
	for (; atts[0] != NULL; atts += 2)
		if (strcmp(atts[0], name) == 0)
			return atts[1];
	return NULL;
}

static void XMLCALL
on_start(void *ud, const char *name, const char **atts)
{
	struct rd  *r = ud;
	const char *local, *v;
	enum ns	    ns;

	if (r->err != NG_OK)
		return;
	if (++r->depth > WXR_DEPTH_MAX) {
		fail(r, NG_ETOOBIG, "elements nest deeper than %d",
		    WXR_DEPTH_MAX);
		return;
	}
	r->tn = 0;
	r->tmax = WXR_TEXT_MAX;
	ns = split(name, &local);
	if (r->depth == 1) {
		if (ns != NS_NONE || strcmp(local, "rss") != 0) {
			fail(r, NG_EINVAL,
			    "this is not a WordPress export "
			    "(the root element is not <rss>)");
			return;
		}
		r->saw_rss = 1;
		return;
	}
	if (r->depth == 2) {
		if (ns == NS_NONE && strcmp(local, "channel") == 0)
			r->saw_channel = 1;
		return;
	}
	if (r->depth == 3 && r->ctx == C_NONE) {
		if (ns == NS_NONE && strcmp(local, "item") == 0)
			new_context(r, C_ITEM);
		else if (ns == NS_WP && strcmp(local, "author") == 0)
			new_context(r, C_AUTHOR);
		else if (ns == NS_WP &&
		    (strcmp(local, "category") == 0 ||
			strcmp(local, "tag") == 0 ||
			strcmp(local, "term") == 0)) {
			new_context(r, C_TERM);
			r->term.kind = local[0] == 'c' ? WXR_CATEGORY :
			    local[1] == 'a'	       ? WXR_TAG :
							 WXR_TERM;
			r->term.taxonomy = r->term.kind == WXR_CATEGORY ?
			    STR_LIT("category") :
			    r->term.kind == WXR_TAG ? STR_LIT("post_tag") :
						      STR_NULL;
		}
		return;
	}
	if (r->ctx != C_ITEM)
		return;
	if (r->depth == 4) {
		if (ns == NS_CONTENT || ns == NS_EXCERPT)
			r->tmax = WXR_CONTENT_MAX;
		if (ns == NS_WP && strcmp(local, "comment") == 0) {
			r->in_comment = 1;
			memset(&r->comment, 0, sizeof(r->comment));
		} else if (ns == NS_WP && strcmp(local, "postmeta") == 0) {
			r->in_postmeta = 1;
			memset(&r->meta, 0, sizeof(r->meta));
		} else if (ns == NS_NONE && strcmp(local, "category") == 0) {
			memset(&r->cat, 0, sizeof(r->cat));
			if ((v = attr(atts, "domain")) != NULL)
				r->cat.domain = arena_str(r->a, str_c(v));
			if ((v = attr(atts, "nicename")) != NULL)
				r->cat.nicename = arena_str(r->a, str_c(v));
		}
		return;
	}
	if (r->in_postmeta || r->in_comment)
		r->tmax = WXR_CONTENT_MAX;
	if (r->depth == 5 && r->in_comment && ns == NS_WP &&
	    strcmp(local, "commentmeta") == 0)
		r->in_commentmeta = 1;
}

static void XMLCALL
on_text(void *ud, const char *s, int len)
{
	struct rd *r = ud;
	size_t	   n = (size_t)len, nc;
	char	  *np;

	if (r->err != NG_OK || len <= 0)
		return;
	if (r->tn + n > r->tmax) {
		fail(r, NG_ETOOBIG, "a field is longer than %zu bytes",
		    r->tmax);
		return;
	}
	if (r->tn + n > r->tcap) {
		nc = r->tcap == 0 ? 4096 : r->tcap;
		while (nc < r->tn + n)
			nc *= 2;
		if ((np = realloc(r->text, nc)) == NULL) {
			fail(r, NG_ENOMEM, "out of memory");
			return;
		}
		r->text = np;
		r->tcap = nc;
	}
	memcpy(r->text + r->tn, s, n);
	r->tn += n;
}

static void
end_item_field(struct rd *r, enum ns ns, const char *local)
{
	struct wxr_item *it = &r->item;

	if (ns == NS_NONE) {
		if (strcmp(local, "title") == 0)
			it->title = take_trim(r);
		else if (strcmp(local, "link") == 0)
			it->link = take_trim(r);
		else if (strcmp(local, "guid") == 0)
			it->guid = take_trim(r);
		else if (strcmp(local, "category") == 0) {
			r->cat.name = take_trim(r);
			if ((it->cats = grow(r, it->cats, it->ncats,
				 &r->cats_cap, sizeof(*it->cats))) != NULL)
				it->cats[it->ncats++] = r->cat;
		}
		return;
	}
	if (ns == NS_CONTENT && strcmp(local, "encoded") == 0) {
		it->content = take(r);
		return;
	}
	if (ns == NS_EXCERPT && strcmp(local, "encoded") == 0) {
		it->excerpt = take(r);
		return;
	}
	if (ns == NS_DC && strcmp(local, "creator") == 0) {
		it->creator = take_trim(r);
		return;
	}
	if (ns != NS_WP)
		return;
#define F(nm, field) else if (strcmp(local, nm) == 0) it->field = take_trim(r)
	if (strcmp(local, "post_id") == 0)
		it->id = take_int(r);
	F("post_date", date);
	F("post_date_gmt", date_gmt);
	F("post_modified", modified);
	F("post_modified_gmt", modified_gmt);
	F("comment_status", comment_status);
	F("post_name", name);
	F("status", status);
	F("post_type", type);
	F("post_password", password);
	F("attachment_url", attachment_url);
	else if (strcmp(local, "post_parent") == 0) it->parent = take_int(r);
	else if (strcmp(local, "menu_order") == 0) it->menu_order = take_int(r);
	else if (strcmp(local, "is_sticky") == 0) it->sticky = take_int(r) != 0;
#undef F
}

static void
end_comment_field(struct rd *r, enum ns ns, const char *local)
{
	struct wxr_comment *c = &r->comment;

	if (ns != NS_WP)
		return;
#define F(nm, field) else if (strcmp(local, nm) == 0) c->field = take_trim(r)
	if (strcmp(local, "comment_id") == 0)
		c->id = take_int(r);
	F("comment_author", author);
	F("comment_author_email", email);
	F("comment_author_url", url);
	F("comment_author_IP", ip);
	F("comment_date", date);
	F("comment_date_gmt", date_gmt);
	else if (strcmp(local, "comment_content") == 0) c->content = take(r);
	F("comment_approved", approved);
	F("comment_type", type);
	else if (strcmp(local, "comment_parent") == 0) c->parent = take_int(r);
	else if (strcmp(local, "comment_user_id") == 0)
	    c->user_id = take_int(r);
#undef F
}

static void
end_author_field(struct rd *r, enum ns ns, const char *local)
{
	struct wxr_author *au = &r->author;

	if (ns != NS_WP)
		return;
#define F(nm, field) else if (strcmp(local, nm) == 0) au->field = take_trim(r)
	if (strcmp(local, "author_id") == 0)
		au->id = take_int(r);
	F("author_login", login);
	F("author_email", email);
	F("author_display_name", display_name);
	F("author_first_name", first_name);
	F("author_last_name", last_name);
#undef F
}

static void
end_term_field(struct rd *r, enum ns ns, const char *local)
{
	struct wxr_term *t = &r->term;

	if (ns != NS_WP)
		return;
	if (strcmp(local, "term_id") == 0)
		t->id = take_int(r);
	else if (strcmp(local, "category_nicename") == 0 ||
	    strcmp(local, "tag_slug") == 0 || strcmp(local, "term_slug") == 0)
		t->slug = take_trim(r);
	else if (strcmp(local, "category_parent") == 0 ||
	    strcmp(local, "term_parent") == 0)
		t->parent = take_trim(r);
	else if (strcmp(local, "cat_name") == 0 ||
	    strcmp(local, "tag_name") == 0 || strcmp(local, "term_name") == 0)
		t->name = take_trim(r);
	else if (strcmp(local, "category_description") == 0 ||
	    strcmp(local, "tag_description") == 0 ||
	    strcmp(local, "term_description") == 0)
		t->description = take_trim(r);
	else if (strcmp(local, "term_taxonomy") == 0)
		t->taxonomy = take_trim(r);
}

static void
callback(struct rd *r, enum ng_err err)
{
	if (err != NG_OK && r->err == NG_OK) {
		r->err = err;
		r->e->line = XML_GetCurrentLineNumber(r->xp);
		r->e->column = XML_GetCurrentColumnNumber(r->xp) + 1;
		(void)snprintf(r->e->msg, sizeof(r->e->msg),
		    "line %lu, column %lu: the import stopped: %s", r->e->line,
		    r->e->column, ng_strerror(err));
		XML_StopParser(r->xp, XML_FALSE);
	}
}

static void
end_context(struct rd *r)
{
	send_site(r);
	if (r->err != NG_OK)
		return;
	switch (r->ctx) {
	case C_ITEM:
		if (r->h->item != NULL)
			callback(r, r->h->item(r->h->arg, &r->item));
		break;
	case C_AUTHOR:
		if (r->h->author != NULL)
			callback(r, r->h->author(r->h->arg, &r->author));
		break;
	case C_TERM:
		/*
		 * <wp:term> of taxonomy category or post_tag (plugins and
		 * hand-made exports write them so) is a category or a tag.
		 */
		if (r->term.kind == WXR_TERM &&
		    str_eqc(r->term.taxonomy, "category"))
			r->term.kind = WXR_CATEGORY;
		else if (r->term.kind == WXR_TERM &&
		    str_eqc(r->term.taxonomy, "post_tag"))
			r->term.kind = WXR_TAG;
		if (r->h->term != NULL)
			callback(r, r->h->term(r->h->arg, &r->term));
		break;
	case C_NONE:
		break;
	}
	r->ctx = C_NONE;
}

static void XMLCALL
on_end(void *ud, const char *name)
{
	struct rd	*r = ud;
	struct wxr_item *it = &r->item;
	const char	*local;
	enum ns		 ns;

	if (r->err != NG_OK)
		return;
	ns = split(name, &local);
	if (r->ctx != C_NONE && r->depth == r->ctx_depth) {
		end_context(r);
	} else if (r->ctx == C_NONE && r->depth == 3) {
		struct arena *keep = r->a;

		r->a = r->site_a;
		if (ns == NS_NONE && strcmp(local, "title") == 0)
			r->site.title = take_trim(r);
		else if (ns == NS_NONE && strcmp(local, "link") == 0)
			r->site.link = take_trim(r);
		else if (ns == NS_NONE && strcmp(local, "description") == 0)
			r->site.description = take_trim(r);
		else if (ns == NS_WP && strcmp(local, "wxr_version") == 0)
			r->site.version = take_trim(r);
		else if (ns == NS_WP && strcmp(local, "base_site_url") == 0)
			r->site.base_site_url = take_trim(r);
		else if (ns == NS_WP && strcmp(local, "base_blog_url") == 0)
			r->site.base_blog_url = take_trim(r);
		r->a = keep;
	} else if (r->ctx == C_AUTHOR && r->depth == 4) {
		end_author_field(r, ns, local);
	} else if (r->ctx == C_TERM && r->depth == 4) {
		end_term_field(r, ns, local);
	} else if (r->ctx == C_ITEM && r->in_comment) {
		if (r->depth == 4) {
			r->in_comment = 0;
			if ((it->comments = grow(r, it->comments, it->ncomments,
				 &r->comments_cap, sizeof(*it->comments))) !=
			    NULL)
				it->comments[it->ncomments++] = r->comment;
		} else if (r->depth == 5 && r->in_commentmeta) {
			if (ns == NS_WP && strcmp(local, "commentmeta") == 0)
				r->in_commentmeta = 0;
		} else if (r->depth == 5)
			end_comment_field(r, ns, local);
	} else if (r->ctx == C_ITEM && r->in_postmeta) {
		if (r->depth == 4) {
			r->in_postmeta = 0;
			if ((it->meta = grow(r, it->meta, it->nmeta,
				 &r->meta_cap, sizeof(*it->meta))) != NULL)
				it->meta[it->nmeta++] = r->meta;
		} else if (r->depth == 5 && ns == NS_WP) {
			if (strcmp(local, "meta_key") == 0)
				r->meta.key = take_trim(r);
			else if (strcmp(local, "meta_value") == 0)
				r->meta.value = take(r);
		}
	} else if (r->ctx == C_ITEM && r->depth == 4) {
		end_item_field(r, ns, local);
	}
	r->tn = 0;
	r->depth--;
}

/*
 * Entities: a WXR file needs none beyond XML's five, and declared ones
 * are how "billion laughs" bombs and external-entity reads are built,
 * so any declaration stops the read at once.
 */
static void XMLCALL
on_entity_decl(void *ud, const XML_Char *name, int is_param,
    const XML_Char *value, int value_len, const XML_Char *base,
    const XML_Char *system_id, const XML_Char *public_id,
    const XML_Char *notation)
{
	(void)is_param, (void)value, (void)value_len, (void)base;
	(void)system_id, (void)public_id, (void)notation;
	fail(ud, NG_EINVAL,
	    "the file declares an entity (%s); WordPress "
	    "exports never do, and entities are refused",
	    name);
}

static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal_subset)
{
	(void)name, (void)pubid;
	if (has_internal_subset || sysid != NULL)
		fail(ud, NG_EINVAL,
		    "the file has a DOCTYPE with entity "
		    "declarations or an external DTD; WordPress exports have "
		    "none, and they are refused");
}

static int XMLCALL
on_external(XML_Parser p, const XML_Char *context, const XML_Char *base,
    const XML_Char *sysid, const XML_Char *pubid)
{
	(void)p, (void)context, (void)base, (void)sysid, (void)pubid;
	return XML_STATUS_ERROR; /* never loaded */
}

static void XMLCALL
on_skipped(void *ud, const XML_Char *name, int is_param)
{
	(void)is_param;
	fail(ud, NG_EINVAL, "undefined entity &%s;", name);
}

struct src {
	int	    fd;
	const char *p;
	size_t	    n, off;
};

static enum ng_err
run(struct src *in, const struct wxr_handler *h, struct wxr_error *e)
{
	struct rd   r;
	char	    chunk[1 << 16];
	ssize_t	    got;
	const char *buf;
	size_t	    len;
	int	    final = 0;
	enum ng_err err;

	memset(e, 0, sizeof(*e));
	memset(&r, 0, sizeof(r));
	r.h = h;
	r.e = e;
	if ((r.xp = XML_ParserCreateNS(NULL, NS_SEP)) == NULL)
		return NG_ENOMEM;
	r.site_a = arena_new(1 << 20);
	r.a = arena_new(WXR_ITEM_MAX);
	XML_SetUserData(r.xp, &r);
	XML_SetElementHandler(r.xp, on_start, on_end);
	XML_SetCharacterDataHandler(r.xp, on_text);
	XML_SetEntityDeclHandler(r.xp, on_entity_decl);
	XML_SetStartDoctypeDeclHandler(r.xp, on_doctype);
	XML_SetExternalEntityRefHandler(r.xp, on_external);
	XML_SetSkippedEntityHandler(r.xp, on_skipped);
	(void)XML_SetParamEntityParsing(r.xp, XML_PARAM_ENTITY_PARSING_NEVER);
	while (!final && r.err == NG_OK) {
		if (in->fd >= 0) {
			got = read(in->fd, chunk, sizeof(chunk));
			if (got < 0) {
				if (errno == EINTR)
					continue;
				r.err = NG_EIO;
				(void)snprintf(e->msg, sizeof(e->msg),
				    "cannot read the file: %s",
				    strerror(errno));
				break;
			}
			buf = chunk;
			len = (size_t)got;
			final = got == 0;
		} else {
			len = in->n - in->off < sizeof(chunk) ?
			    in->n - in->off :
			    sizeof(chunk);
			buf = in->p + in->off;
			in->off += len;
			final = len == 0;
		}
		if (XML_Parse(r.xp, buf, (int)len, final) == XML_STATUS_ERROR &&
		    r.err == NG_OK) {
			r.err = NG_EINVAL;
			e->line = XML_GetCurrentLineNumber(r.xp);
			e->column = XML_GetCurrentColumnNumber(r.xp) + 1;
			(void)snprintf(e->msg, sizeof(e->msg),
			    "line %lu, column %lu: the file is not valid "
			    "XML: %s",
			    e->line, e->column,
			    XML_ErrorString(XML_GetErrorCode(r.xp)));
		}
	}
	if (r.err == NG_OK && (!r.saw_rss || !r.saw_channel)) {
		r.err = NG_EINVAL;
		(void)snprintf(e->msg, sizeof(e->msg),
		    "this is not a "
		    "WordPress export: no <rss><channel>");
	}
	if (r.err == NG_OK)
		send_site(&r);
	err = r.err;
	XML_ParserFree(r.xp);
	arena_free(r.a);
	arena_free(r.site_a);
	free(r.text);
	return err;
}

enum ng_err
wxr_read(int fd, const struct wxr_handler *h, struct wxr_error *e)
{
	struct src in = { fd, NULL, 0, 0 };

	return run(&in, h, e);
}

enum ng_err
wxr_read_mem(const char *p, size_t n, const struct wxr_handler *h,
    struct wxr_error *e)
{
	struct src in = { -1, p, n, 0 };

	return run(&in, h, e);
}
