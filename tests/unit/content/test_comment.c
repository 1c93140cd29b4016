/*
 * test_comment.c -- readers' comments: validation, settings and the
 * moderation policy as tables; the text formatter against expected HTML
 * (and against hostile text, which must come out inert); and the store's
 * comment calls against a real SQLite database in a temporary directory.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "content/comment.h"
#include "demo/demo.h"
#include "store/store.h"

#define ARENA_MAX (16 * 1024 * 1024)

static char *
repeat(const char *unit, size_t times)
{
	size_t n = strlen(unit), i;
	char  *p = malloc(n * times + 1);

	assert_non_null(p);
	for (i = 0; i < times; i++)
		memcpy(p + i * n, unit, n);
	p[n * times] = '\0';
	return p;
}

/* ---- validation ---- */

struct vcase {
	const char	  *author, *email, *url, *body, *parent;
	enum comment_field bad;	       /* COMMENT_F__MAX: valid */
	const char	  *want_email; /* normalised, when valid */
	const char	  *want_url;
	const char	  *want_body;
};

#define OKF COMMENT_F__MAX

static const struct vcase vcases[] = {
	{ "Ann", "ann@example.org", "", "Hello", "", OKF, "ann@example.org", "",
	    "Hello" },
	{ "  Ann  ", " Ann@Example.ORG ", " example.com/x ",
	    "\r\n Hi\r\nthere \r\n", "0", OKF, "ann@example.org",
	    "http://example.com/x", "Hi\nthere" },
	{ "Ann", "ann@example.org", "HTTPS://example.com", "x", "12", OKF,
	    "ann@example.org", "HTTPS://example.com", "x" },
	{ "Caf\xc3\xa9 owner", "a.b+c@mail.example.co.uk", "", "\xe2\x9c\x93",
	    "", OKF, "a.b+c@mail.example.co.uk", "", "\xe2\x9c\x93" },
	{ "Ann", "ann@example.org", "", "old mac\rlines", "", OKF,
	    "ann@example.org", "", "old mac\nlines" },
	/* Required fields. */
	{ "", "ann@example.org", "", "Hello", "", COMMENT_F_AUTHOR, NULL, NULL,
	    NULL },
	{ "   ", "ann@example.org", "", "Hello", "", COMMENT_F_AUTHOR, NULL,
	    NULL, NULL },
	{ "Ann", "", "", "Hello", "", COMMENT_F_EMAIL, NULL, NULL, NULL },
	{ "Ann", "ann@example.org", "", " \n\t ", "", COMMENT_F_BODY, NULL,
	    NULL, NULL },
	/* Email shapes. */
	{ "Ann", "ann", "", "x", "", COMMENT_F_EMAIL, NULL, NULL, NULL },
	{ "Ann", "ann@localhost", "", "x", "", COMMENT_F_EMAIL, NULL, NULL,
	    NULL },
	{ "Ann", "@example.org", "", "x", "", COMMENT_F_EMAIL, NULL, NULL,
	    NULL },
	{ "Ann", "a..b@example.org", "", "x", "", COMMENT_F_EMAIL, NULL, NULL,
	    NULL },
	{ "Ann", "ann@exa mple.org", "", "x", "", COMMENT_F_EMAIL, NULL, NULL,
	    NULL },
	{ "Ann", "ann@-example.org", "", "x", "", COMMENT_F_EMAIL, NULL, NULL,
	    NULL },
	{ "Ann", "ann@example..org", "", "x", "", COMMENT_F_EMAIL, NULL, NULL,
	    NULL },
	{ "Ann", "a@b@example.org", "", "x", "", COMMENT_F_EMAIL, NULL, NULL,
	    NULL },
	{ "Ann", "ann@example.org\r\nBcc: x@evil.test", "", "x", "",
	    COMMENT_F_EMAIL, NULL, NULL, NULL },
	{ "Ann", "\"<script>\"@example.org", "", "x", "", COMMENT_F_EMAIL, NULL,
	    NULL, NULL },
	/* Websites. */
	{ "Ann", "ann@example.org", "javascript:alert(1)", "x", "",
	    COMMENT_F_URL, NULL, NULL, NULL },
	{ "Ann", "ann@example.org", "JaVaScRiPt:alert(1)", "x", "",
	    COMMENT_F_URL, NULL, NULL, NULL },
	{ "Ann", "ann@example.org", "data:text/html,<b>", "x", "",
	    COMMENT_F_URL, NULL, NULL, NULL },
	{ "Ann", "ann@example.org", "ftp://example.com/", "x", "",
	    COMMENT_F_URL, NULL, NULL, NULL },
	{ "Ann", "ann@example.org", "http://", "x", "", COMMENT_F_URL, NULL,
	    NULL, NULL },
	{ "Ann", "ann@example.org", "http://a\"onmouseover=\"x", "x", "",
	    COMMENT_F_URL, NULL, NULL, NULL },
	{ "Ann", "ann@example.org", "http://ex ample.com", "x", "",
	    COMMENT_F_URL, NULL, NULL, NULL },
	{ "Ann", "ann@example.org", "http://good.example@evil.test/", "x", "",
	    COMMENT_F_URL, NULL, NULL, NULL },
	{ "Ann", "ann@example.org", "http://x.test/\r\nSet-Cookie: a=b", "x",
	    "", COMMENT_F_URL, NULL, NULL, NULL },
	/* Control and invisible characters. */
	{ "Ann\r\nX-Injected: 1", "ann@example.org", "", "x", "",
	    COMMENT_F_AUTHOR, NULL, NULL, NULL },
	{ "Ann\x1b[31m", "ann@example.org", "", "x", "", COMMENT_F_AUTHOR, NULL,
	    NULL, NULL },
	{ "Ann\xe2\x80\xae"
	  "evil",
	    "ann@example.org", "", "x", "", COMMENT_F_AUTHOR, NULL, NULL,
	    NULL },
	{ "Ann", "ann@example.org", "", "bell\x07", "", COMMENT_F_BODY, NULL,
	    NULL, NULL },
	{ "Ann", "ann@example.org", "", "c1 \xc2\x9b here", "", COMMENT_F_BODY,
	    NULL, NULL, NULL },
	/* Broken UTF-8 in each field. */
	{ "Ann\xff", "ann@example.org", "", "x", "", COMMENT_F_AUTHOR, NULL,
	    NULL, NULL },
	{ "Ann", "ann@example.org", "", "over\xc0\xaflong", "", COMMENT_F_BODY,
	    NULL, NULL, NULL },
	{ "Ann", "ann@example.org", "", "surrogate \xed\xa0\x80", "",
	    COMMENT_F_BODY, NULL, NULL, NULL },
	{ "Ann", "ann@example.org", "http://x.test/\xc3", "x", "",
	    COMMENT_F_URL, NULL, NULL, NULL },
	/* comment_parent. */
	{ "Ann", "ann@example.org", "", "x", "-1", COMMENT_F_PARENT, NULL, NULL,
	    NULL },
	{ "Ann", "ann@example.org", "", "x", "1e3", COMMENT_F_PARENT, NULL,
	    NULL, NULL },
	{ "Ann", "ann@example.org", "", "x", "99999999999999999999",
	    COMMENT_F_PARENT, NULL, NULL, NULL },
};

static void
test_validate(void **state)
{
	struct arena	     *a;
	struct comment_input  in;
	struct comment_clean  out;
	struct comment_errors errs;
	const struct vcase   *c;
	enum ng_err	      err;
	size_t		      i, f;

	(void)state;
	for (i = 0; i < sizeof(vcases) / sizeof(vcases[0]); i++) {
		c = &vcases[i];
		a = arena_new(ARENA_MAX);
		in.v[COMMENT_F_AUTHOR] = str_c(c->author);
		in.v[COMMENT_F_EMAIL] = str_c(c->email);
		in.v[COMMENT_F_URL] = str_c(c->url);
		in.v[COMMENT_F_BODY] = str_c(c->body);
		in.v[COMMENT_F_PARENT] = str_c(c->parent);
		err = comment_validate(a, &in, &out, &errs);
		if (c->bad == OKF) {
			if (err != NG_OK)
				fail_msg("case %zu: refused: %s", i,
				    errs.msg[0]	    ? errs.msg[0] :
					errs.msg[1] ? errs.msg[1] :
					errs.msg[2] ? errs.msg[2] :
					errs.msg[3] ? errs.msg[3] :
						      errs.msg[4]);
			assert_true(str_eqc(out.email, c->want_email));
			assert_true(str_eqc(out.url, c->want_url));
			assert_true(str_eqc(out.body, c->want_body));
		} else {
			if (err != NG_EINVAL || errs.msg[c->bad] == NULL)
				fail_msg("case %zu: field %d not refused", i,
				    (int)c->bad);
			/* Exactly that field is blamed. */
			for (f = 0; f < COMMENT_F__MAX; f++)
				if (f != c->bad && errs.msg[f] != NULL)
					fail_msg("case %zu: field %zu blamed "
						 "too: %s",
					    i, f, errs.msg[f]);
			assert_int_equal(errs.n, 1);
		}
		arena_free(a);
	}
}

/* Lengths count characters, not bytes. */
static void
test_lengths(void **state)
{
	static const struct {
		enum comment_field f;
		const char	  *unit;
		size_t		   max;
	} lc[] = {
		{ COMMENT_F_AUTHOR, "a", COMMENT_AUTHOR_MAX },
		{ COMMENT_F_AUTHOR, "\xc3\xa9", COMMENT_AUTHOR_MAX },
		{ COMMENT_F_BODY, "b", COMMENT_BODY_MAX },
		{ COMMENT_F_BODY, "\xf0\x9f\x98\x80", COMMENT_BODY_MAX },
		{ COMMENT_F_URL, "u", COMMENT_URL_MAX },
	};
	struct arena	     *a;
	struct comment_input  in;
	struct comment_clean  out;
	struct comment_errors errs;
	char		     *v, *w;
	size_t		      i, k;

	(void)state;
	for (i = 0; i < sizeof(lc) / sizeof(lc[0]); i++) {
		for (k = 0; k < 2; k++) {
			a = arena_new(ARENA_MAX);
			in.v[COMMENT_F_AUTHOR] = STR_LIT("Ann");
			in.v[COMMENT_F_EMAIL] = STR_LIT("ann@example.org");
			in.v[COMMENT_F_URL] = STR_LIT("");
			in.v[COMMENT_F_BODY] = STR_LIT("x");
			in.v[COMMENT_F_PARENT] = STR_LIT("");
			v = repeat(lc[i].unit, lc[i].max + k);
			w = NULL;
			if (lc[i].f == COMMENT_F_URL) {
				/* "http://" + host counts towards the limit. */
				w = malloc(strlen(v) + 1);
				assert_non_null(w);
				snprintf(w, strlen(v) + 1, "http://%s", v + 7);
				in.v[lc[i].f] = str_c(w);
			} else
				in.v[lc[i].f] = str_c(v);
			if (comment_validate(a, &in, &out, &errs) !=
			    (k == 0 ? NG_OK : NG_EINVAL))
				fail_msg("length case %zu, +%zu", i, k);
			if (k == 1)
				assert_non_null(errs.msg[lc[i].f]);
			free(v);
			free(w);
			arena_free(a);
		}
	}
}

/* Absent fields (req_form() gives STR_NULL) are empty, not a crash. */
static void
test_absent(void **state)
{
	struct arena	     *a = arena_new(ARENA_MAX);
	struct comment_input  in;
	struct comment_clean  out;
	struct comment_errors errs;
	size_t		      i;

	(void)state;
	for (i = 0; i < COMMENT_F__MAX; i++)
		in.v[i] = STR_NULL;
	assert_int_equal(comment_validate(a, &in, &out, &errs), NG_EINVAL);
	assert_int_equal(errs.n, 3);
	assert_non_null(errs.msg[COMMENT_F_AUTHOR]);
	assert_non_null(errs.msg[COMMENT_F_EMAIL]);
	assert_non_null(errs.msg[COMMENT_F_BODY]);
	assert_int_equal(out.parent_id, 0);
	arena_free(a);
}

static void
test_scrub(void **state)
{
	struct arena *a = arena_new(ARENA_MAX);
	struct str    s;

	(void)state;
	s = comment_scrub(a, (struct str){ "ok\xff\0x", 5 });
	assert_true(str_eqc(s, "ok\xef\xbf\xbdx"));
	s = comment_scrub(a, STR_LIT("caf\xc3\xa9"));
	assert_true(str_eqc(s, "caf\xc3\xa9"));
	arena_free(a);
}

/* ---- settings ---- */

static void
test_settings(void **state)
{
	static const struct {
		const char *key, *value;
		int	    ok;
	} sc[] = {
		{ "comment_moderation", "1", 1 },
		{ "comment_moderation", "Yes", 1 },
		{ "comment_moderation", "maybe", 0 },
		{ "comment_max_links", "0", 1 },
		{ "comment_max_links", "-1", 0 },
		{ "thread_comments_depth", "10", 1 },
		{ "thread_comments_depth", "11", 0 },
		{ "thread_comments_depth", "0", 0 },
		{ "comment_hourly_max", "65", 1 },
		{ "comment_hourly_max", "10000", 1 },
		{ "comment_hourly_max", "10001", 0 },
		{ "moderation_keys", "viagra\ncasino", 1 },
		{ "comment_pending_max", "", 1 },
		{ "no_such_setting", "1", 0 },
	};
	struct comment_settings s;
	struct str		vals[COMMENT_SET__MAX];
	const char	       *why;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof(sc) / sizeof(sc[0]); i++) {
		if ((comment_setting_check(str_c(sc[i].key), str_c(sc[i].value),
			 &why) == NG_OK) != sc[i].ok)
			fail_msg("setting case %zu (%s=%s)", i, sc[i].key,
			    sc[i].value);
		if (!sc[i].ok)
			assert_non_null(why);
	}
	/* Every refused number names its range. */
	for (i = 0; i < COMMENT_SET__MAX; i++) {
		if (comment_setting_check(str_c(comment_setting_keys[i]),
			str_c("99999999999"), &why) == NG_OK)
			continue; /* a list */
		if (strstr(why, " from ") == NULL ||
		    strstr(why, " to ") == NULL) {
			if (strstr(why, "1 or 0") == NULL)
				fail_msg("%s: \"%s\" names no range",
				    comment_setting_keys[i], why);
		}
	}

	comment_settings_default(&s);
	assert_int_equal(s.moderation, 0);
	assert_int_equal(s.previously_approved, 1);
	assert_int_equal(s.max_links, 2);
	assert_int_equal(s.thread_depth, 5);
	assert_int_equal(s.flood_seconds, 15);
	assert_int_equal(s.hourly_max, 20);
	assert_int_equal(s.pending_max, 10000);
	assert_int_equal(s.close_days, 0);

	for (i = 0; i < COMMENT_SET__MAX; i++)
		vals[i] = STR_LIT("");
	vals[COMMENT_SET_MODERATION] = STR_LIT("on");
	vals[COMMENT_SET_THREAD_DEPTH] = STR_LIT("99"); /* bad: default */
	vals[COMMENT_SET_CLOSE_DAYS] = STR_LIT("14");
	vals[COMMENT_SET_DISALLOWED_KEYS] = STR_LIT("spam");
	assert_int_equal(comment_settings_load(&s, vals), 1);
	assert_int_equal(s.moderation, 1);
	assert_int_equal(s.thread_depth, 5);
	assert_int_equal(s.close_days, 14);
	assert_true(str_eqc(s.disallowed_keys, "spam"));
}

static void
test_closed(void **state)
{
	struct comment_settings s;
	int64_t			pub = 1700000000;

	(void)state;
	comment_settings_default(&s);
	assert_false(comment_closed(&s, 1, pub, pub + 86400 * 3650));
	assert_true(comment_closed(&s, 0, pub, pub));
	s.close_days = 14;
	assert_false(comment_closed(&s, 1, pub, pub + 86400 * 14));
	assert_true(comment_closed(&s, 1, pub, pub + 86400 * 14 + 1));
}

/* ---- moderation ---- */

struct mcase {
	int		     moderation, prev, max_links;
	const char	    *mod_keys, *bad_keys;
	const char	    *author, *email, *url, *body, *ip, *ua;
	int		     email_approved;
	enum comment_verdict want;
};

static const struct mcase mcases[] = {
	/* First comment from an address: held; known address: approved. */
	{ 0, 1, 2, "", "", "Ann", "ann@x.test", "", "Hi", "1.2.3.4", "UA", 0,
	    COMMENT_V_HOLD },
	{ 0, 1, 2, "", "", "Ann", "ann@x.test", "", "Hi", "1.2.3.4", "UA", 1,
	    COMMENT_V_APPROVE },
	/* previously_approved off: everyone passes. */
	{ 0, 0, 2, "", "", "Ann", "ann@x.test", "", "Hi", "1.2.3.4", "UA", 0,
	    COMMENT_V_APPROVE },
	/* All need approval. */
	{ 1, 1, 2, "", "", "Ann", "ann@x.test", "", "Hi", "1.2.3.4", "UA", 1,
	    COMMENT_V_HOLD },
	/* Links: two pass, three hold; 0 turns the check off. */
	{ 0, 1, 2, "", "", "Ann", "ann@x.test", "",
	    "http://a.test https://b.test", "1.2.3.4", "UA", 1,
	    COMMENT_V_APPROVE },
	{ 0, 1, 2, "", "", "Ann", "ann@x.test", "",
	    "http://a.test https://b.test www.c.test", "1.2.3.4", "UA", 1,
	    COMMENT_V_HOLD },
	{ 0, 1, 0, "", "", "Ann", "ann@x.test", "",
	    "http://a.test https://b.test www.c.test", "1.2.3.4", "UA", 1,
	    COMMENT_V_APPROVE },
	/* Moderation keys in any field, any case. */
	{ 0, 1, 2, "casino\n\n  ", "", "Ann", "ann@x.test", "",
	    "Best CASINO here", "1.2.3.4", "UA", 1, COMMENT_V_HOLD },
	{ 0, 1, 2, "10.0.0.", "", "Ann", "ann@x.test", "", "Hi", "10.0.0.7",
	    "UA", 1, COMMENT_V_HOLD },
	{ 0, 1, 2, "badbot", "", "Ann", "ann@x.test", "", "Hi", "1.2.3.4",
	    "Mozilla BadBot/1.0", 1, COMMENT_V_HOLD },
	{ 0, 1, 2, "\n \n", "", "Ann", "ann@x.test", "", "Hi", "1.2.3.4", "UA",
	    1, COMMENT_V_APPROVE },
	/* Disallowed keys: spam, before anything else. */
	{ 1, 1, 2, "", "pills", "Ann", "ann@x.test", "", "cheap PILLS",
	    "1.2.3.4", "UA", 1, COMMENT_V_SPAM },
	{ 0, 1, 2, "", "spam.test", "Ann", "ann@x.test", "http://spam.test/",
	    "Hi", "1.2.3.4", "UA", 1, COMMENT_V_SPAM },
	{ 0, 1, 2, "", "evil@", "Ann", "evil@x.test", "", "Hi", "1.2.3.4", "UA",
	    1, COMMENT_V_SPAM },
	{ 0, 1, 2, "", "nomatch", "Ann", "ann@x.test", "", "Hi", "1.2.3.4",
	    "UA", 1, COMMENT_V_APPROVE },
};

static void
test_moderate(void **state)
{
	struct comment_settings s;
	struct comment_clean	c;
	const struct mcase     *m;
	struct arena	       *a;
	const char	       *why;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof(mcases) / sizeof(mcases[0]); i++) {
		m = &mcases[i];
		a = arena_new(ARENA_MAX);
		comment_settings_default(&s);
		s.moderation = m->moderation;
		s.previously_approved = m->prev;
		s.max_links = (unsigned)m->max_links;
		s.moderation_keys = str_c(m->mod_keys);
		s.disallowed_keys = str_c(m->bad_keys);
		memset(&c, 0, sizeof(c));
		c.author = str_c(m->author);
		c.email = str_c(m->email);
		c.url = str_c(m->url);
		c.body = str_c(m->body);
		why = NULL;
		if (comment_moderate(a, &s, &c, str_c(m->ip), str_c(m->ua),
			m->email_approved, &why) != m->want)
			fail_msg("moderation case %zu (%s)", i,
			    why ? why : "?");
		assert_non_null(why);
		arena_free(a);
	}
}

/* ---- formatting ---- */

static const struct {
	const char *in;
	const char *want;
	size_t	    links;
} hcases[] = {
	{ "Hello", "<p>Hello</p>\n", 0 },
	{ "one\ntwo\n\nthree", "<p>one<br>\ntwo</p>\n<p>three</p>\n", 0 },
	{ "a\n \t\n\n\nb", "<p>a</p>\n<p>b</p>\n", 0 },
	{ "<script>alert(1)</script>",
	    "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n", 0 },
	{ "<img src=x onerror=alert(1)>",
	    "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n", 0 },
	{ "Tom & \"Jerry\" 'x'",
	    "<p>Tom &amp; &quot;Jerry&quot; &#39;x&#39;</p>\n", 0 },
	{ "see https://example.com/a?b=1&c=2.",
	    "<p>see <a href=\"https://example.com/a?b=1&amp;c=2\" "
	    "rel=\"nofollow ugc noopener\">https://example.com/a?b=1&amp;c=2"
	    "</a>.</p>\n",
	    1 },
	{ "(www.example.com/x)",
	    "<p>(<a href=\"http://www.example.com/x\" "
	    "rel=\"nofollow ugc noopener\">www.example.com/x</a>)</p>\n",
	    1 },
	{ "https://en.wikipedia.org/wiki/Foo_(bar)",
	    "<p><a href=\"https://en.wikipedia.org/wiki/Foo_(bar)\" "
	    "rel=\"nofollow ugc noopener\">"
	    "https://en.wikipedia.org/wiki/Foo_(bar)</a></p>\n",
	    1 },
	{ "javascript:alert(1)", "<p>javascript:alert(1)</p>\n", 0 },
	{ "x http://a\"onmouseover=\"alert(1)",
	    "<p>x <a href=\"http://a\" rel=\"nofollow ugc noopener\">"
	    "http://a</a>&quot;onmouseover=&quot;alert(1)</p>\n",
	    1 },
	{ "http://<script>", "<p>http://&lt;script&gt;</p>\n", 0 },
	{ "nothttp://x.test and mail@www.x.test",
	    "<p>nothttp://x.test and mail@www.x.test</p>\n", 0 },
	{ "HTTPS://X.TEST",
	    "<p><a href=\"HTTPS://X.TEST\" "
	    "rel=\"nofollow ugc noopener\">HTTPS://X.TEST</a></p>\n",
	    1 },
	{ "", "", 0 },
};

static void
test_html(void **state)
{
	struct arena	*a = arena_new(ARENA_MAX);
	struct safe_html h;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(hcases) / sizeof(hcases[0]); i++) {
		assert_int_equal(comment_text_html(a, str_c(hcases[i].in), &h),
		    NG_OK);
		if (!str_eqc(h.s, hcases[i].want))
			fail_msg("html case %zu: got \"%.*s\"", i, (int)h.s.n,
			    h.s.p);
		if (comment_count_links(str_c(hcases[i].in)) != hcases[i].links)
			fail_msg("links case %zu", i);
	}
	arena_free(a);
}

/*
 * Whatever text goes in, the HTML has no tag but p, br and a, and no
 * attribute but href and rel: every '<' starts one of those.
 */
static void
test_html_inert(void **state)
{
	static const char *const hostile[] = {
		"<svg/onload=alert(1)>",
		"\"><img src=x onerror=alert(1)>",
		"http://x.test/<script>",
		"www.x.test/\"onclick=\"y",
		"<a href=\"javascript:alert(1)\">x</a>",
		"http://x.test/'onmouseover='alert(1)'",
		"<!-- --><iframe src=//evil.test>",
		"&lt;b&gt;",
		"https://x.test/\xe2\x80\xae"
		"gpj.exe",
	};
	static const char *const allowed[] = {
		"<p>",
		"</p>",
		"<br>",
		"<a href=\"",
		"</a>",
	};
	struct arena	*a = arena_new(ARENA_MAX);
	struct safe_html h;
	const char	*p;
	size_t		 i, k;
	int		 ok;

	(void)state;
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		assert_int_equal(comment_text_html(a, str_c(hostile[i]), &h),
		    NG_OK);
		for (p = h.s.p;
		     (p = memchr(p, '<', h.s.n - (size_t)(p - h.s.p))) != NULL;
		     p++) {
			ok = 0;
			for (k = 0; k < sizeof(allowed) / sizeof(allowed[0]);
			     k++)
				if (strncmp(p, allowed[k],
					strlen(allowed[k])) == 0)
					ok = 1;
			if (!ok)
				fail_msg("hostile %zu: tag in \"%s\"", i,
				    h.s.p);
		}
		assert_null(strstr(h.s.p, "href=\"javascript"));
		/* No attribute but href and rel, so no event handler. */
		assert_null(strstr(h.s.p, "\" on"));
	}
	arena_free(a);
}

static void
test_excerpt(void **state)
{
	struct arena *a = arena_new(ARENA_MAX);

	(void)state;
	assert_true(
	    str_eqc(comment_excerpt(a, STR_LIT("a\n\tb\r\x1b[0m c"), 100),
		"a b [0m c"));
	assert_true(
	    str_eqc(comment_excerpt(a, STR_LIT("abcdef"), 3), "abc..."));
	/* Never half a character. */
	assert_true(str_eqc(comment_excerpt(a, STR_LIT("\xc3\xa9\xc3\xa9"), 3),
	    "\xc3\xa9..."));
	arena_free(a);
}

/* ---- the store ---- */

static char	    *dir;
static struct store *st;
static int64_t	     article_id;

static int
store_setup(void **state)
{
	struct arena   *a = arena_new(ARENA_MAX);
	struct article *art;
	char		path[1024], err[256];

	(void)state;
	dir = testlib_tmpdir();
	snprintf(path, sizeof(path), "%s/t.db", dir);
	if (store_open(path, 2, &st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	if (demo_load(st, NULL, err, sizeof(err)) != NG_OK)
		fail_msg("demo_load: %s", err);
	assert_int_equal(store_article_by_slug(a, st, STR_LIT(DEMO_LEAD_SLUG),
			     &art),
	    NG_OK);
	article_id = art->id;
	arena_free(a);
	return 0;
}

static int
store_teardown(void **state)
{
	(void)state;
	store_close(st);
	testlib_rmrf(dir);
	free(dir);
	return 0;
}

static struct comment
mk(const char *author, const char *email, const char *body, int64_t parent,
    enum comment_status status)
{
	struct comment c;

	memset(&c, 0, sizeof(c));
	c.article_id = article_id;
	c.parent_id = parent;
	c.status = status;
	c.author = str_c(author);
	c.email = str_c(email);
	c.body = str_c(body);
	c.ip = STR_LIT("203.0.113.9");
	c.user_agent = STR_LIT("test");
	return c;
}

static void
test_store_demo_thread(void **state)
{
	struct arena	      *a = arena_new(ARENA_MAX);
	struct comment	      *v;
	struct comment_history h;
	size_t		       n, cnt;

	(void)state;
	assert_int_equal(store_comment_thread(a, st, article_id, &v, &n),
	    NG_OK);
	assert_true(n >= 4);
	/* Oldest first; a reply is one deeper than its parent. */
	assert_int_equal(v[0].depth, 1);
	assert_int_equal(v[1].parent_id, v[0].id);
	assert_int_equal(v[1].depth, 2);
	assert_int_equal(v[2].depth, 3);
	/* The public thread never carries the private fields. */
	assert_int_equal(v[0].email.n, 0);
	assert_int_equal(v[0].ip.n, 0);
	assert_int_equal(v[0].user_agent.n, 0);
	assert_int_equal(store_comment_count(st, article_id, &cnt), NG_OK);
	assert_int_equal(cnt, n);
	assert_int_equal(store_comment_history(st, STR_LIT("amina@example.org"),
			     v[0].id, &h),
	    NG_OK);
	assert_true(h.email_approved);
	assert_true(h.parent_found);
	assert_int_equal(h.parent_article_id, article_id);
	assert_int_equal(h.parent_depth, 1);
	assert_int_equal(h.parent_status, COMMENT_APPROVED);
	assert_int_equal(store_comment_history(st, STR_LIT("new@x.test"),
			     999999, &h),
	    NG_OK);
	assert_false(h.email_approved);
	assert_false(h.parent_found);
	arena_free(a);
}

static void
test_store_add_guard(void **state)
{
	struct arena	     *a = arena_new(ARENA_MAX);
	struct comment_guard  g = { 1, 1, 0 };
	struct comment_counts before, after;
	struct comment_list   l;
	struct comment	      c, *got;
	int64_t		      id, id2, held;
	uint64_t	      gen;

	(void)state;
	assert_int_equal(store_comment_counts(st, &before), NG_OK);
	gen = store_generation(st);
	c = mk("Zed", "zed@x.test", "First!", 0, COMMENT_PENDING);
	assert_int_equal(store_comment_add(st, &c, &g, &id), NG_OK);
	assert_true(id > 0);
	/* A held comment changes no page: cached pages stay. */
	assert_true(store_generation(st) == gen);
	held = id;
	/* The same text again from the same name or address: refused. */
	assert_int_equal(store_comment_add(st, &c, &g, &id2), NG_ECONFLICT);
	assert_int_equal(id2, 0);
	c.author = STR_LIT("Other name");
	assert_int_equal(store_comment_add(st, &c, &g, &id2), NG_ECONFLICT);
	/*
	 * A moderator's edit: the new text is found (its row lost its key
	 * and is compared by text), the old one is free again.
	 */
	assert_int_equal(store_comment_edit(st, held, STR_LIT("Zed"), STR_NULL,
			     STR_LIT("First, edited!")),
	    NG_OK);
	c = mk("Zed", "zed@x.test", "First, edited!", 0, COMMENT_PENDING);
	assert_int_equal(store_comment_add(st, &c, &g, &id2), NG_ECONFLICT);
	c = mk("Zed", "zed@x.test", "First!", 0, COMMENT_PENDING);
	assert_int_equal(store_comment_add(st, &c, &g, &id2), NG_OK);
	assert_int_equal(store_comment_delete(st, id2), NG_OK);
	/* A reply to a held comment is refused when the guard asks. */
	c = mk("Zed", "zed@x.test", "reply", held, COMMENT_PENDING);
	assert_int_equal(store_comment_add(st, &c, &g, &id2), NG_EINVAL);
	g.parent_approved = 0;
	assert_int_equal(store_comment_add(st, &c, &g, &id2), NG_OK);
	/* A parent that does not exist. */
	c = mk("Zed", "zed@x.test", "orphan", 987654, COMMENT_PENDING);
	assert_int_equal(store_comment_add(st, &c, &g, &id2), NG_EINVAL);
	/* The queue cap counts comments of the new one's status. */
	g.queue_max = before.n[COMMENT_PENDING] + 2;
	c = mk("Zed", "zed@x.test", "one too many", 0, COMMENT_PENDING);
	assert_int_equal(store_comment_add(st, &c, &g, &id2), NG_ETOOBIG);
	c.status = COMMENT_APPROVED;
	assert_int_equal(store_comment_add(st, &c, &g, &id2), NG_OK);
	/* Store limits. */
	c = mk("", "zed@x.test", "no name", 0, COMMENT_PENDING);
	assert_int_equal(store_comment_add(st, &c, NULL, &id2), NG_EINVAL);
	c = mk("Zed", "zed@x.test", "x", 0, COMMENT__MAX);
	assert_int_equal(store_comment_add(st, &c, NULL, &id2), NG_EINVAL);

	assert_int_equal(store_comment_counts(st, &after), NG_OK);
	assert_int_equal(after.n[COMMENT_PENDING],
	    before.n[COMMENT_PENDING] + 2);

	/* Moderate: approve, list, spam, delete. */
	assert_int_equal(store_comment_set_status(st, held, COMMENT_APPROVED),
	    NG_OK);
	assert_int_equal(store_comment_get(a, st, held, &got), NG_OK);
	assert_int_equal(got->status, COMMENT_APPROVED);
	assert_true(str_eqc(got->email, "zed@x.test"));
	assert_true(str_eqc(got->ip, "203.0.113.9"));
	assert_true(str_eqc(got->article_slug, DEMO_LEAD_SLUG));
	assert_int_equal(store_comment_list(a, st, COMMENT_PENDING, 0, 10, &l),
	    NG_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.total, 1);
	assert_int_equal(store_comment_list(a, st, COMMENT__MAX, 0, 2, &l),
	    NG_OK);
	assert_int_equal(l.n, 2);
	assert_true(l.total >= 7);
	assert_true(l.v[0].id > l.v[1].id);
	assert_int_equal(store_comment_set_status(st, 424242, COMMENT_SPAM),
	    NG_ENOTFOUND);
	assert_int_equal(store_comment_delete(st, held), NG_OK);
	assert_int_equal(store_comment_delete(st, held), NG_ENOTFOUND);
	assert_int_equal(store_comment_get(a, st, held, &got), NG_ENOTFOUND);
	arena_free(a);
}

/*
 * A moderator's edit: the reader's rules for name, website and text; the
 * email and parent are no part of it (a newsroom reply has no email).
 */
static void
test_validate_edit(void **state)
{
	static const struct {
		const char	  *author, *url, *body;
		enum comment_field bad; /* COMMENT_F__MAX: none */
		const char	  *want_url, *want_body;
	} cases[] = {
		{ "Desk", "", "Fixed text.", COMMENT_F__MAX, "",
		    "Fixed text." },
		{ " Desk ", "example.com", "\r\nTwo\r\nlines \n",
		    COMMENT_F__MAX, "http://example.com", "Two\nlines" },
		{ "", "", "Text.", COMMENT_F_AUTHOR, NULL, NULL },
		{ "Desk", "", "  \n ", COMMENT_F_BODY, NULL, NULL },
		{ "Desk", "javascript:alert(1)", "Text.", COMMENT_F_URL, NULL,
		    NULL },
		{ "Desk", "", "bell\a", COMMENT_F_BODY, NULL, NULL },
		{ "De\x01sk", "", "Text.", COMMENT_F_AUTHOR, NULL, NULL },
		{ "Desk", "", "bad \xc3", COMMENT_F_BODY, NULL, NULL },
	};
	struct arena	     *a;
	struct comment_input  in;
	struct comment_clean  out;
	struct comment_errors errs;
	char		     *big;
	size_t		      i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		a = arena_new(ARENA_MAX);
		memset(&in, 0, sizeof(in));
		in.v[COMMENT_F_AUTHOR] = str_c(cases[i].author);
		in.v[COMMENT_F_URL] = str_c(cases[i].url);
		in.v[COMMENT_F_BODY] = str_c(cases[i].body);
		/* Ignored, however bad. */
		in.v[COMMENT_F_EMAIL] = STR_LIT("not an \xff address");
		in.v[COMMENT_F_PARENT] = STR_LIT("x");
		if (cases[i].bad == COMMENT_F__MAX) {
			assert_int_equal(comment_validate_edit(a, &in, &out,
					     &errs),
			    NG_OK);
			assert_int_equal(errs.n, 0);
			assert_true(str_eqc(out.author, "Desk"));
			assert_true(str_eqc(out.url, cases[i].want_url));
			assert_true(str_eqc(out.body, cases[i].want_body));
			assert_int_equal(out.email.n, 0);
			assert_int_equal(out.parent_id, 0);
		} else {
			assert_int_equal(comment_validate_edit(a, &in, &out,
					     &errs),
			    NG_EINVAL);
			if (errs.n != 1 || errs.msg[cases[i].bad] == NULL)
				fail_msg("case %zu: field %d not the one "
					 "refused",
				    i, (int)cases[i].bad);
		}
		arena_free(a);
	}
	/* The reader's length limit, in characters. */
	a = arena_new(ARENA_MAX);
	big = arena_alloc(a, COMMENT_BODY_MAX + 1);
	assert_non_null(big);
	memset(big, 'x', COMMENT_BODY_MAX + 1);
	memset(&in, 0, sizeof(in));
	in.v[COMMENT_F_AUTHOR] = STR_LIT("Desk");
	in.v[COMMENT_F_BODY] = (struct str){ big, COMMENT_BODY_MAX };
	assert_int_equal(comment_validate_edit(a, &in, &out, &errs), NG_OK);
	in.v[COMMENT_F_BODY].n++;
	assert_int_equal(comment_validate_edit(a, &in, &out, &errs), NG_EINVAL);
	assert_non_null(strstr(errs.msg[COMMENT_F_BODY], "too long"));
	arena_free(a);
}

/* store_comment_edit(): text, name and site change; nothing else does. */
static void
test_store_edit(void **state)
{
	struct arena  *a = arena_new(ARENA_MAX);
	struct comment c, *got;
	char	      *big;
	int64_t	       id, id2;
	uint64_t       gen;

	(void)state;
	c = mk("Ann", "ann@x.test", "Teh text", 0, COMMENT_PENDING);
	assert_int_equal(store_comment_add(st, &c, NULL, &id), NG_OK);
	gen = store_generation(st);
	assert_int_equal(store_comment_edit(st, id, STR_LIT("Ann B."),
			     STR_LIT("https://ann.example/"),
			     STR_LIT("The text")),
	    NG_OK);
	/* Held, so no reader saw it: no page to drop. */
	assert_true(store_generation(st) == gen);
	/* An approved one is on the article's page: it drops. */
	c = mk("Bo", "bo@x.test", "Seen text", 0, COMMENT_APPROVED);
	assert_int_equal(store_comment_add(st, &c, NULL, &id2), NG_OK);
	gen = store_generation(st);
	assert_int_equal(store_comment_edit(st, id2, STR_LIT("Bo B."),
			     STR_LIT(""), STR_LIT("Seen text, fixed")),
	    NG_OK);
	assert_true(store_generation(st) != gen);
	assert_int_equal(store_comment_get(a, st, id, &got), NG_OK);
	assert_true(str_eqc(got->author, "Ann B."));
	assert_true(str_eqc(got->url, "https://ann.example/"));
	assert_true(str_eqc(got->body, "The text"));
	assert_true(str_eqc(got->email, "ann@x.test"));
	assert_int_equal(got->status, COMMENT_PENDING);
	/* An empty website is none. */
	assert_int_equal(store_comment_edit(st, id, STR_LIT("Ann B."),
			     STR_LIT(""), STR_LIT("The text")),
	    NG_OK);
	assert_int_equal(store_comment_get(a, st, id, &got), NG_OK);
	assert_int_equal(got->url.n, 0);
	/* The store's own limits, and unknown ids. */
	assert_int_equal(store_comment_edit(st, id, STR_LIT(""), STR_LIT(""),
			     STR_LIT("x")),
	    NG_EINVAL);
	assert_int_equal(store_comment_edit(st, id, STR_LIT("Ann"), STR_LIT(""),
			     STR_LIT("")),
	    NG_EINVAL);
	big = arena_alloc(a, STORE_COMMENT_URL_MAX + 1);
	assert_non_null(big);
	memset(big, 'u', STORE_COMMENT_URL_MAX + 1);
	assert_int_equal(store_comment_edit(st, id, STR_LIT("Ann"),
			     (struct str){ big, STORE_COMMENT_URL_MAX + 1 },
			     STR_LIT("x")),
	    NG_ETOOBIG);
	assert_int_equal(store_comment_edit(st, 424242, STR_LIT("Ann"),
			     STR_LIT(""), STR_LIT("x")),
	    NG_ENOTFOUND);
	assert_int_equal(store_comment_edit(st, 0, STR_LIT("Ann"), STR_LIT(""),
			     STR_LIT("x")),
	    NG_ENOTFOUND);
	assert_int_equal(store_comment_delete(st, id), NG_OK);
	arena_free(a);
}

static void
test_store_settings_many(void **state)
{
	struct arena *a = arena_new(ARENA_MAX);
	struct str    v[COMMENT_SET__MAX];

	(void)state;
	assert_int_equal(store_setting_set(st, "comment_max_links",
			     STR_LIT("7")),
	    NG_OK);
	assert_int_equal(store_setting_get_many(a, st, comment_setting_keys,
			     COMMENT_SET__MAX, v),
	    NG_OK);
	assert_true(str_eqc(v[COMMENT_SET_MAX_LINKS], "7"));
	assert_int_equal(v[COMMENT_SET_MODERATION].n, 0);
	arena_free(a);
}

int
main(void)
{
	/* One group (one TAP plan); the store tests need its set-up. */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_absent),
		cmocka_unit_test(test_scrub),
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_closed),
		cmocka_unit_test(test_moderate),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_html_inert),
		cmocka_unit_test(test_excerpt),
		cmocka_unit_test(test_store_demo_thread),
		cmocka_unit_test(test_store_add_guard),
		cmocka_unit_test(test_store_settings_many),
		cmocka_unit_test(test_validate_edit),
		cmocka_unit_test(test_store_edit),
	};

	return cmocka_run_group_tests(tests, store_setup, store_teardown);
}
