/*
 * comment.c -- validation, settings, moderation policy and formatting of
 * readers' comments (see comment.h).  Pure functions over their
 * arguments; the request arena holds whatever they allocate.
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "content/comment.h"
#include "core/utf8.h"

const char *const comment_setting_keys[COMMENT_SET__MAX] = {
	"comment_moderation",	       /* COMMENT_SET_MODERATION */
	"comment_previously_approved", /* COMMENT_SET_PREV_APPROVED */
	"comment_max_links",	       /* COMMENT_SET_MAX_LINKS */
	"moderation_keys",	       /* COMMENT_SET_MODERATION_KEYS */
	"disallowed_keys",	       /* COMMENT_SET_DISALLOWED_KEYS */
	"close_comments_days_old",     /* COMMENT_SET_CLOSE_DAYS */
	"thread_comments_depth",       /* COMMENT_SET_THREAD_DEPTH */
	"comment_flood_seconds",       /* COMMENT_SET_FLOOD_SECONDS */
	"comment_hourly_max",	       /* COMMENT_SET_HOURLY_MAX */
	"comment_pending_max",	       /* COMMENT_SET_PENDING_MAX */
};

/*
 * How each setting is read: its kind and, for numbers, the range, which
 * the refusal names (RANGE keeps the two in step).
 */
enum setting_kind {
	KIND_BOOL,
	KIND_UINT,
	KIND_LIST
};

#define RANGE(lo, hi) \
	KIND_UINT, lo, hi, "must be a whole number from " #lo " to " #hi

static const struct {
	enum setting_kind kind;
	unsigned	  min, max;
	const char	 *why;
} setting_spec[COMMENT_SET__MAX] = {
	{ KIND_BOOL, 0, 1, "must be 1 or 0 (yes/no, on/off, true/false)" },
	{ KIND_BOOL, 0, 1, "must be 1 or 0 (yes/no, on/off, true/false)" },
	{ RANGE(0, 1000) },	   /* COMMENT_SET_MAX_LINKS */
	{ KIND_LIST, 0, 0, NULL }, /* COMMENT_SET_MODERATION_KEYS */
	{ KIND_LIST, 0, 0, NULL }, /* COMMENT_SET_DISALLOWED_KEYS */
	{ RANGE(0, 36500) },	   /* COMMENT_SET_CLOSE_DAYS */
	{ RANGE(1, 10) },	   /* COMMENT_SET_THREAD_DEPTH */
	{ RANGE(0, 86400) },	   /* COMMENT_SET_FLOOD_SECONDS */
	/* A popular site's readers may share one carrier's address. */
	{ RANGE(0, 10000) },	/* COMMENT_SET_HOURLY_MAX */
	{ RANGE(0, 10000000) }, /* COMMENT_SET_PENDING_MAX */
};
_Static_assert(COMMENT_DEPTH_MAX == 10, "RANGE(1, 10) names the depth");

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static struct str
trim(struct str s)
{
	while (s.n > 0 && is_space(s.p[0])) {
		s.p++;
		s.n--;
	}
	while (s.n > 0 && is_space(s.p[s.n - 1]))
		s.n--;
	return s;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/*
 * Non-zero if s holds a character a one-line field must not: C0
 * controls, DEL, C1 controls (U+0080..U+009F), or the bidirectional
 * overrides and isolates (U+202A..U+202E, U+2066..U+2069) that can make
 * a name display as something else.  s is valid UTF-8.
 */
static int
has_bad_chars(struct str s, int multiline)
{
	uint32_t cp;
	size_t	 i, len;

	for (i = 0; i < s.n; i += len) {
		if ((len = utf8_decode(s.p + i, s.n - i, &cp)) == 0)
			return 1;
		if (multiline && (cp == '\n' || cp == '\t'))
			continue;
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			return 1;
		if ((cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			return 1;
	}
	return 0;
}

/* RFC 5322 atext, the usual local-part characters, and dots. */
static int
local_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') ||
	    (c != '\0' && strchr("!#$%&'*+/=?^_`{|}~.-", c) != NULL);
}

/*
 * An email address of the shape people type: local@domain, the local
 * part dot-atoms of atext, the domain two or more LDH labels.  Quoted
 * local parts and address literals are valid RFC 5321 but no reader
 * needs them, and refusing them keeps the check simple.
 */
static int
email_ok(struct str e)
{
	const char   *at;
	size_t	      i, loc, lab = 0, labels = 1;
	unsigned char c;

	if ((at = memchr(e.p, '@', e.n)) == NULL)
		return 0;
	loc = (size_t)(at - e.p);
	if (loc == 0 || loc > 64 || e.p[0] == '.' || e.p[loc - 1] == '.')
		return 0;
	for (i = 0; i < loc; i++) {
		if (!local_char((unsigned char)e.p[i]))
			return 0;
		if (e.p[i] == '.' && e.p[i + 1] == '.')
			return 0;
	}
	if (loc + 1 >= e.n)
		return 0;
	for (i = loc + 1; i < e.n; i++) {
		c = (unsigned char)e.p[i];
		if (c == '.') {
			if (lab == 0 || e.p[i - 1] == '-')
				return 0;
			lab = 0;
			labels++;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '-'))
			return 0;
		if (c == '-' && lab == 0)
			return 0;
		if (++lab > 63)
			return 0;
	}
	return lab > 0 && e.p[e.n - 1] != '-' && labels >= 2;
}

/* Case-insensitive prefix test against an ASCII literal. */
static int
has_prefix_ci(const char *p, size_t n, const char *lit)
{
	size_t i, k = strlen(lit);

	if (n < k)
		return 0;
	for (i = 0; i < k; i++)
		if (lower((unsigned char)p[i]) != lit[i])
			return 0;
	return 1;
}

/*
 * A website field: http or https, a host, and nothing a browser or an
 * HTML attribute would read differently from what was typed.
 */
static int
url_ok(struct str u)
{
	size_t	      i, host, end;
	unsigned char c;

	if (has_prefix_ci(u.p, u.n, "http://"))
		host = 7;
	else if (has_prefix_ci(u.p, u.n, "https://"))
		host = 8;
	else
		return 0;
	for (i = 0; i < u.n; i++) {
		c = (unsigned char)u.p[i];
		if (c <= 0x20 || c == 0x7f || strchr("\"<>\\^`{|}", c) != NULL)
			return 0;
	}
	for (end = host;
	     end < u.n && u.p[end] != '/' && u.p[end] != '?' && u.p[end] != '#';
	     end++)
		/* user:pass@ makes a link read as one site and go to another */
		if (u.p[end] == '@')
			return 0;
	if (end == host || u.p[host] == '.' || u.p[host] == ':')
		return 0;
	return 1;
}

/* CR LF and lone CR become LF, in a copy only when there is a CR. */
static struct str
normalise_newlines(struct arena *a, struct str s)
{
	char  *p;
	size_t i, n = 0;

	if (s.n == 0 || memchr(s.p, '\r', s.n) == NULL)
		return s;
	if ((p = arena_alloc(a, s.n + 1)) == NULL)
		return STR_NULL;
	for (i = 0; i < s.n; i++) {
		if (s.p[i] == '\r') {
			p[n++] = '\n';
			if (i + 1 < s.n && s.p[i + 1] == '\n')
				i++;
		} else
			p[n++] = s.p[i];
	}
	p[n] = '\0';
	return (struct str){ p, n };
}

static void
set_err(struct comment_errors *e, enum comment_field f, const char *msg)
{
	if (e->msg[f] == NULL)
		e->n++;
	e->msg[f] = msg;
}

/*
 * comment_validate(), or with edit set comment_validate_edit(): the
 * email and parent fields are then neither read nor checked.
 */
static enum ng_err
validate(struct arena *a, const struct comment_input *in,
    struct comment_clean *out, struct comment_errors *errs, int edit)
{
	struct str v;
	char	  *p;
	size_t	   i;
	int64_t	   id;

	memset(out, 0, sizeof(*out));
	memset(errs, 0, sizeof(*errs));
	for (i = 0; i < COMMENT_F__MAX; i++) {
		if (edit && (i == COMMENT_F_EMAIL || i == COMMENT_F_PARENT))
			continue;
		if (in->v[i].n > 0 &&
		    (in->v[i].p == NULL || !utf8_valid(in->v[i].p, in->v[i].n)))
			set_err(errs, (enum comment_field)i,
			    "This is not valid text (UTF-8); please type it "
			    "again.");
	}

	v = trim(in->v[COMMENT_F_AUTHOR]);
	if (errs->msg[COMMENT_F_AUTHOR] != NULL)
		;
	else if (v.n == 0)
		set_err(errs, COMMENT_F_AUTHOR, "Please enter your name.");
	else if (utf8_chars(v.p, v.n) > COMMENT_AUTHOR_MAX)
		set_err(errs, COMMENT_F_AUTHOR,
		    "Your name is too long "
		    "(at most 245 characters).");
	else if (has_bad_chars(v, 0))
		set_err(errs, COMMENT_F_AUTHOR,
		    "Your name contains "
		    "characters that are not allowed.");
	out->author = v;

	v = edit ? STR_LIT("") : trim(in->v[COMMENT_F_EMAIL]);
	if (edit || errs->msg[COMMENT_F_EMAIL] != NULL)
		;
	else if (v.n == 0)
		set_err(errs, COMMENT_F_EMAIL,
		    "Please enter your email address.");
	else if (utf8_chars(v.p, v.n) > COMMENT_EMAIL_MAX)
		set_err(errs, COMMENT_F_EMAIL,
		    "Your email address is too "
		    "long (at most 100 characters).");
	else if (!email_ok(v))
		set_err(errs, COMMENT_F_EMAIL,
		    "Please enter a valid email "
		    "address, like name@example.com.");
	else {
		/* One address, one history, however it was capitalised. */
		if ((p = arena_strndup(a, v.p, v.n)) == NULL)
			return NG_ENOMEM;
		for (i = 0; i < v.n; i++)
			p[i] = (char)lower((unsigned char)p[i]);
		v.p = p;
	}
	out->email = v;

	v = trim(in->v[COMMENT_F_URL]);
	if (errs->msg[COMMENT_F_URL] != NULL || v.n == 0)
		;
	else if (utf8_chars(v.p, v.n) > COMMENT_URL_MAX)
		set_err(errs, COMMENT_F_URL,
		    "Your website address is too "
		    "long (at most 200 characters).");
	else {
		if (!has_prefix_ci(v.p, v.n, "http://") &&
		    !has_prefix_ci(v.p, v.n, "https://") &&
		    memchr(v.p, ':', v.n) == NULL) {
			if ((p = arena_printf(a, "http://%.*s", (int)v.n,
				 v.p)) == NULL)
				return NG_ENOMEM;
			v = str_c(p);
		}
		if (!url_ok(v) || has_bad_chars(v, 0))
			set_err(errs, COMMENT_F_URL,
			    "Please enter a valid "
			    "website address starting with http:// or "
			    "https://, or leave it empty.");
	}
	out->url = v;

	v = in->v[COMMENT_F_BODY];
	if (errs->msg[COMMENT_F_BODY] == NULL) {
		v = normalise_newlines(a, v);
		if (v.p == NULL && in->v[COMMENT_F_BODY].n > 0)
			return NG_ENOMEM;
		v = trim(v);
		if (v.n == 0)
			set_err(errs, COMMENT_F_BODY,
			    "Please type your comment.");
		else if (utf8_chars(v.p, v.n) > COMMENT_BODY_MAX)
			set_err(errs, COMMENT_F_BODY,
			    "Your comment is too "
			    "long (at most 65,525 characters).");
		else if (has_bad_chars(v, 1))
			set_err(errs, COMMENT_F_BODY,
			    "Your comment contains "
			    "control characters that are not allowed.");
	}
	out->body = v;

	v = edit ? STR_LIT("") : trim(in->v[COMMENT_F_PARENT]);
	id = 0;
	if (errs->msg[COMMENT_F_PARENT] == NULL && v.n > 0) {
		for (i = 0; i < v.n && i < 18; i++) {
			if (v.p[i] < '0' || v.p[i] > '9')
				break;
			id = id * 10 + (v.p[i] - '0');
		}
		if (i != v.n)
			set_err(errs, COMMENT_F_PARENT,
			    "The comment you "
			    "replied to does not exist.");
	}
	out->parent_id = id;
	return errs->n > 0 ? NG_EINVAL : NG_OK;
}

enum ng_err
comment_validate(struct arena *a, const struct comment_input *in,
    struct comment_clean *out, struct comment_errors *errs)
{
	return validate(a, in, out, errs, 0);
}

enum ng_err
comment_validate_edit(struct arena *a, const struct comment_input *in,
    struct comment_clean *out, struct comment_errors *errs)
{
	return validate(a, in, out, errs, 1);
}

struct str
comment_scrub(struct arena *a, struct str s)
{
	struct buf b;
	struct str out;
	uint32_t   cp;
	size_t	   i, len;

	if (s.n == 0 || s.p == NULL)
		return STR_LIT("");
	if (utf8_valid(s.p, s.n) && memchr(s.p, '\0', s.n) == NULL)
		return s;
	buf_init(&b, a);
	for (i = 0; i < s.n; i += len) {
		if ((len = utf8_decode(s.p + i, s.n - i, &cp)) == 0) {
			buf_puts(&b, "\xef\xbf\xbd");
			len = 1;
		} else if (cp != 0)
			buf_put(&b, s.p + i, len);
	}
	if (buf_finish(&b, &out) != NG_OK)
		return STR_NULL;
	return out;
}

void
comment_settings_default(struct comment_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->moderation = 0;
	s->previously_approved = 1;
	s->max_links = 2;
	s->moderation_keys = STR_LIT("");
	s->disallowed_keys = STR_LIT("");
	s->close_days = 0;
	s->thread_depth = 5;
	s->flood_seconds = 15;
	s->hourly_max = 20;
	s->pending_max = 10000;
}

/* Parse value by spec i: 1 and *out, or 0. */
static int
parse_value(size_t i, struct str v, unsigned *out)
{
	static const char *const yes[] = { "1", "yes", "on", "true" };
	static const char *const no[] = { "0", "no", "off", "false" };
	unsigned long		 n = 0;
	size_t			 k;

	*out = 0;
	v = trim(v);
	switch (setting_spec[i].kind) {
	case KIND_LIST:
		return 1;
	case KIND_BOOL:
		for (k = 0; k < 4; k++) {
			if (v.n == strlen(yes[k]) &&
			    has_prefix_ci(v.p, v.n, yes[k])) {
				*out = 1;
				return 1;
			}
			if (v.n == strlen(no[k]) &&
			    has_prefix_ci(v.p, v.n, no[k]))
				return 1;
		}
		return 0;
	case KIND_UINT:
		if (v.n == 0 || v.n > 9)
			return 0;
		for (k = 0; k < v.n; k++) {
			if (v.p[k] < '0' || v.p[k] > '9')
				return 0;
			n = n * 10 + (unsigned long)(v.p[k] - '0');
		}
		if (n < setting_spec[i].min || n > setting_spec[i].max)
			return 0;
		*out = (unsigned)n;
		return 1;
	}
	return 0;
}

enum ng_err
comment_setting_check(struct str key, struct str value, const char **why)
{
	unsigned n;
	size_t	 i;

	*why = NULL;
	for (i = 0; i < COMMENT_SET__MAX; i++)
		if (str_eqc(key, comment_setting_keys[i]))
			break;
	if (i == COMMENT_SET__MAX) {
		*why = "not a comment setting";
		return NG_EINVAL;
	}
	if (value.n == 0 || parse_value(i, value, &n))
		return NG_OK;
	*why = setting_spec[i].why != NULL ? setting_spec[i].why :
					     "is not valid";
	return NG_EINVAL;
}

size_t
comment_settings_load(struct comment_settings *s, const struct str *values)
{
	unsigned n;
	size_t	 i, bad = 0;

	comment_settings_default(s);
	for (i = 0; i < COMMENT_SET__MAX; i++) {
		if (values[i].n == 0)
			continue;
		if (!parse_value(i, values[i], &n)) {
			bad++;
			continue;
		}
		switch (i) {
		case COMMENT_SET_MODERATION:
			s->moderation = (int)n;
			break;
		case COMMENT_SET_PREV_APPROVED:
			s->previously_approved = (int)n;
			break;
		case COMMENT_SET_MAX_LINKS:
			s->max_links = n;
			break;
		case COMMENT_SET_MODERATION_KEYS:
			s->moderation_keys = values[i];
			break;
		case COMMENT_SET_DISALLOWED_KEYS:
			s->disallowed_keys = values[i];
			break;
		case COMMENT_SET_CLOSE_DAYS:
			s->close_days = n;
			break;
		case COMMENT_SET_THREAD_DEPTH:
			s->thread_depth = n;
			break;
		case COMMENT_SET_FLOOD_SECONDS:
			s->flood_seconds = n;
			break;
		case COMMENT_SET_HOURLY_MAX:
			s->hourly_max = n;
			break;
		case COMMENT_SET_PENDING_MAX:
			s->pending_max = n;
			break;
		}
	}
	return bad;
}

int
comment_closed(const struct comment_settings *s, int comments_open,
    int64_t published_at, int64_t now)
{
	if (!comments_open)
		return 1;
	if (s->close_days == 0 || published_at <= 0)
		return 0;
	return now - published_at > (int64_t)s->close_days * 86400;
}

/* An ASCII-lower-cased copy of s (NULL when a is full). */
static struct str
fold(struct arena *a, struct str s)
{
	char  *p;
	size_t i;

	if ((p = arena_alloc(a, s.n + 1)) == NULL)
		return STR_NULL;
	for (i = 0; i < s.n; i++)
		p[i] = (char)lower((unsigned char)s.p[i]);
	p[s.n] = '\0';
	return (struct str){ p, s.n };
}

/*
 * Non-zero if a line of the newline-separated list occurs in one of the
 * n (already folded) fields.  Lines are trimmed; blank ones skipped.
 */
static int
list_hits(struct arena *a, struct str list, const struct str *f, size_t n)
{
	struct str  line, key;
	const char *nl;
	size_t	    i;

	while (list.n > 0) {
		nl = memchr(list.p, '\n', list.n);
		line.p = list.p;
		line.n = nl != NULL ? (size_t)(nl - list.p) : list.n;
		list.p += line.n + (nl != NULL);
		list.n -= line.n + (nl != NULL);
		if ((line = trim(line)).n == 0)
			continue;
		if ((key = fold(a, line)).p == NULL)
			return 0;
		for (i = 0; i < n; i++)
			if (f[i].n >= key.n &&
			    memmem(f[i].p, f[i].n, key.p, key.n) != NULL)
				return 1;
	}
	return 0;
}

enum comment_verdict
comment_moderate(struct arena *a, const struct comment_settings *s,
    const struct comment_clean *c, struct str ip, struct str user_agent,
    int email_approved, const char **why)
{
	struct str  f[6];
	const char *dummy;
	size_t	    i;

	if (why == NULL)
		why = &dummy;
	f[0] = c->author;
	f[1] = c->email;
	f[2] = c->url;
	f[3] = c->body;
	f[4] = ip;
	f[5] = user_agent;
	if (s->disallowed_keys.n > 0 || s->moderation_keys.n > 0)
		for (i = 0; i < 6; i++)
			/* Out of memory: hold, so nothing slips through. */
			if ((f[i] = fold(a, f[i])).p == NULL) {
				*why = "out of memory while checking keys";
				return COMMENT_V_HOLD;
			}
	if (s->disallowed_keys.n > 0 &&
	    list_hits(a, s->disallowed_keys, f, 6)) {
		*why = "a disallowed key matched";
		return COMMENT_V_SPAM;
	}
	if (s->moderation) {
		*why = "every comment needs approval";
		return COMMENT_V_HOLD;
	}
	if (s->max_links > 0 && comment_count_links(c->body) > s->max_links) {
		*why = "too many links";
		return COMMENT_V_HOLD;
	}
	if (s->moderation_keys.n > 0 &&
	    list_hits(a, s->moderation_keys, f, 6)) {
		*why = "a moderation key matched";
		return COMMENT_V_HOLD;
	}
	if (!s->previously_approved) {
		*why = "approved: no earlier approval needed";
		return COMMENT_V_APPROVE;
	}
	if (email_approved) {
		*why = "approved: the email has an approved comment";
		return COMMENT_V_APPROVE;
	}
	*why = "first comment from this email";
	return COMMENT_V_HOLD;
}

/*
 * Links.  A link starts at "http://", "https://" or "www." (any case)
 * that does not follow a letter, digit or one of "/@.-_" (so the middle
 * of a word or of another address never starts one), needs a letter or
 * digit after the prefix, and runs to white space or one of <>" or a
 * control character.  Trailing sentence punctuation is not part of it,
 * nor is a closing bracket without its opening one inside.
 */
static int
word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '/' || c == '@' || c == '.' ||
	    c == '-' || c == '_';
}

static int
alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80;
}

/* Count of c in p[0..n). */
static size_t
count_char(const char *p, size_t n, char c)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += p[i] == c;
	return k;
}

/*
 * If a link starts at t[i], return its length and set *www when it
 * needs "http://" in front; else 0.
 */
static size_t
link_at(struct str t, size_t i, int *www)
{
	const char   *p = t.p + i;
	size_t	      n = t.n - i, pre, len;
	unsigned char c;
	char	      last;

	*www = 0;
	if (i > 0 && word_char((unsigned char)t.p[i - 1]))
		return 0;
	if (has_prefix_ci(p, n, "http://"))
		pre = 7;
	else if (has_prefix_ci(p, n, "https://"))
		pre = 8;
	else if (has_prefix_ci(p, n, "www.")) {
		pre = 4;
		*www = 1;
	} else
		return 0;
	if (pre >= n || !alnum((unsigned char)p[pre]))
		return 0;
	for (len = pre; len < n; len++) {
		c = (unsigned char)p[len];
		if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"')
			break;
	}
	while (len > pre) {
		last = p[len - 1];
		if (strchr(".,:;!?'*", last) != NULL)
			len--;
		else if ((last == ')' &&
			     count_char(p, len, '(') <
				 count_char(p, len, ')')) ||
		    (last == ']' &&
			count_char(p, len, '[') < count_char(p, len, ']')) ||
		    (last == '}' &&
			count_char(p, len, '{') < count_char(p, len, '}')))
			len--;
		else
			break;
	}
	if (len <= pre || len > COMMENT_LINK_MAX)
		return 0;
	return len;
}

size_t
comment_count_links(struct str text)
{
	size_t i, len, n = 0;
	int    www;

	for (i = 0; i < text.n; i++)
		if ((text.p[i] == 'h' || text.p[i] == 'H' || text.p[i] == 'w' ||
			text.p[i] == 'W') &&
		    (len = link_at(text, i, &www)) > 0) {
			n++;
			i += len - 1;
		}
	return n;
}

/* Escape and autolink one line (no newlines in it). */
static void
put_line(struct buf *b, struct str t, size_t from, size_t to)
{
	size_t i, start = from, len;
	int    www;

	for (i = from; i < to; i++) {
		if (t.p[i] != 'h' && t.p[i] != 'H' && t.p[i] != 'w' &&
		    t.p[i] != 'W')
			continue;
		if ((len = link_at((struct str){ t.p, to }, i, &www)) == 0)
			continue;
		buf_put_html(b, t.p + start, i - start);
		buf_puts(b, "<a href=\"");
		if (www)
			buf_puts(b, "http://");
		buf_put_html(b, t.p + i, len);
		buf_puts(b, "\" rel=\"nofollow ugc noopener\">");
		buf_put_html(b, t.p + i, len);
		buf_puts(b, "</a>");
		i += len;
		start = i;
		i--;
	}
	buf_put_html(b, t.p + start, to - start);
}

/* Non-zero if t[from..to) is only spaces and tabs. */
static int
blank(struct str t, size_t from, size_t to)
{
	for (; from < to; from++)
		if (t.p[from] != ' ' && t.p[from] != '\t')
			return 0;
	return 1;
}

enum ng_err
comment_text_html(struct arena *a, struct str text, struct safe_html *out)
{
	struct buf  b;
	struct str  s;
	const char *nl;
	size_t	    i = 0, end;
	int	    in_p = 0, lines = 0;
	enum ng_err err;

	*out = safe_html_trust(STR_LIT(""));
	buf_init(&b, a);
	while (i < text.n) {
		nl = memchr(text.p + i, '\n', text.n - i);
		end = nl != NULL ? (size_t)(nl - text.p) : text.n;
		if (blank(text, i, end)) {
			if (in_p)
				buf_puts(&b, "</p>\n");
			in_p = 0;
		} else {
			if (!in_p) {
				buf_puts(&b, "<p>");
				in_p = 1;
				lines = 0;
			}
			if (lines++ > 0)
				buf_puts(&b, "<br>\n");
			put_line(&b, text, i, end);
		}
		i = end + 1;
	}
	if (in_p)
		buf_puts(&b, "</p>\n");
	if ((err = buf_finish(&b, &s)) != NG_OK)
		return err;
	/* Every byte of text went through buf_put_html() above. */
	*out = safe_html_trust(s);
	return NG_OK;
}

struct str
comment_excerpt(struct arena *a, struct str text, size_t max)
{
	struct buf    b;
	struct str    out;
	unsigned char c;
	size_t	      i, len;
	int	      sp = 0;

	buf_init(&b, a);
	for (i = 0; i < text.n; i += len) {
		c = (unsigned char)text.p[i];
		len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		if (len > text.n - i)
			len = text.n - i;
		if (c <= 0x20 || c == 0x7f) {
			sp = b.n > 0;
			continue;
		}
		/* Whole characters only, and room for the ellipsis. */
		if (b.n + sp + len > max)
			break;
		if (sp)
			buf_putc(&b, ' ');
		sp = 0;
		buf_put(&b, text.p + i, len);
	}
	if (i < text.n)
		buf_puts(&b, "...");
	if (buf_finish(&b, &out) != NG_OK)
		return STR_LIT("");
	return out;
}

struct str
comment_limit_key(struct arena *a, const char *ip)
{
	struct in6_addr in6;
	char		buf[INET6_ADDRSTRLEN];
	const char     *k = ip;

	if (inet_pton(AF_INET6, ip, &in6) == 1 && !IN6_IS_ADDR_V4MAPPED(&in6)) {
		memset(in6.s6_addr + 8, 0, 8);
		if (inet_ntop(AF_INET6, &in6, buf, sizeof(buf)) != NULL)
			k = buf;
	}
	return str_c(arena_printf(a, "comment:%s", k));
}
