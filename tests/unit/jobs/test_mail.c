/*
 * test_mail.c -- building messages (jobs/mail.c): the header fields
 * (controls neutralised, encoded-words for what is not ASCII, folded
 * within 78 columns), addresses, quoted-printable bodies, the date, the
 * whole message, and the back-off.
 */
#include "testlib.h"

#include <string.h>

#include "core/arena.h"
#include "jobs/mail.h"

static struct arena *a;

static int
setup(void **state)
{
	(void)state;
	a = arena_new(1 << 20);
	return a == NULL;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(a);
	return 0;
}

static int
has(struct str s, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= s.n; i++)
		if (memcmp(s.p + i, needle, n) == 0)
			return 1;
	return 0;
}

/* No line of s is longer than max (CRLF not counted). */
static int
lines_within(struct str s, size_t max)
{
	size_t i, col = 0;

	for (i = 0; i < s.n; i++) {
		if (s.p[i] == '\r' && i + 1 < s.n && s.p[i + 1] == '\n') {
			col = 0;
			i++;
			continue;
		}
		if (s.p[i] == '\n' || s.p[i] == '\r')
			return 0; /* a bare CR or LF */
		if (++col > max)
			return 0;
	}
	return 1;
}

static void
test_header_value(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "Plain subject", "Plain subject" },
		/* CR, LF and other controls become one space each run. */
		{ "Evil\r\nBcc: x@example.org", "Evil Bcc: x@example.org" },
		{ "a\tb\x01\x7f c", "a b c" },
		{ "  trimmed  ", "trimmed" },
		/* UTF-8: one encoded-word ("Zoë" is 5A 6F C3 AB). */
		{ "Zo\xc3\xab", "=?UTF-8?B?Wm/Dqw==?=" },
		/* An ASCII value that looks encoded is encoded. */
		{ "=?UTF-8?B?QQ==?=", "=?UTF-8?B?PT9VVEYtOD9CP1FRPT0/PQ==?=" },
		/* A bad byte becomes '?'. */
		{ "a\xff"
		  "b",
		    "a?b" },
		{ "", "" },
	};
	size_t	   i;
	struct str v;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = mail_header_value(a, str_c(cases[i].in), MAIL_SUBJECT_MAX,
		    9);
		assert_int_equal(v.n, strlen(cases[i].want));
		assert_memory_equal(v.p, cases[i].want, v.n);
	}
}

static void
test_header_long(void **state)
{
	char	   in[600];
	struct str v;
	size_t	   i;

	(void)state;
	/* 150 x "é": encoded-words of whole characters, folded. */
	for (i = 0; i < 300; i += 2) {
		in[i] = '\xc3';
		in[i + 1] = '\xa9';
	}
	in[300] = '\0';
	v = mail_header_value(a, str_c(in), MAIL_SUBJECT_MAX, 9);
	assert_true(has(v, "\r\n =?UTF-8?B?"));
	assert_true(lines_within(v, 76));
	assert_false(has(v, "\r\n\r\n"));
	/* Cut at MAIL_SUBJECT_MAX bytes, on a character: 100 x "é". */
	v = mail_header_value(a, str_c(in), 201, 9);
	assert_true(v.n > 0);
	/* Long ASCII stays ASCII, within one line of 998. */
	memset(in, 'x', 300);
	in[300] = '\0';
	v = mail_header_value(a, str_c(in), MAIL_SUBJECT_MAX, 9);
	assert_int_equal(v.n, MAIL_SUBJECT_MAX);
}

static void
test_address(void **state)
{
	static const char *const good[] = { "a@example.com",
		"first.last+tag@sub.example.org" };
	static const char *const bad[] = { "", "a", "a@b", "@example.com",
		"a@example.com.", "a b@example.com", "a@@example.com",
		"<a@example.com>", "a@example.com\r\nRCPT TO:<b@x.org>",
		"a\"b@example.com", "a@.example.com" };
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(mail_address_ok(str_c(good[i])));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(mail_address_ok(str_c(bad[i])));
}

static void
test_qp(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "plain\n", "plain\r\n" },
		{ "crlf\r\nlines", "crlf\r\nlines\r\n" },
		{ "a=b", "a=3Db\r\n" },
		{ "caf\xc3\xa9", "caf=C3=A9\r\n" },
		/* Trailing white space is encoded, inner is not. */
		{ "a b \nc\t", "a b=20\r\nc=09\r\n" },
		/* A line that is a dot stays one (SMTP stuffing is curl's). */
		{ ".\n..x", ".\r\n..x\r\n" },
		{ "", "" },
	};
	char	   in[300];
	struct str v;
	size_t	   i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = mail_qp(a, str_c(cases[i].in));
		assert_int_equal(v.n, strlen(cases[i].want));
		assert_memory_equal(v.p, cases[i].want, v.n);
	}
	/* Soft breaks keep every line within 76. */
	memset(in, '=', 200);
	in[200] = '\0';
	v = mail_qp(a, str_c(in));
	assert_true(lines_within(v, 76));
	assert_true(has(v, "=\r\n"));
}

static void
test_date(void **state)
{
	char d[MAIL_DATE_LEN];

	(void)state;
	mail_date(0, d);
	assert_string_equal(d, "Thu, 01 Jan 1970 00:00:00 +0000");
	mail_date(1796690152, d);
	assert_string_equal(d, "Tue, 08 Dec 2026 00:35:52 +0000");
}

static void
test_build(void **state)
{
	struct mail_msg m;
	struct str	out;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.from = STR_LIT("news@example.com");
	m.from_name = STR_LIT("The \"Daily\" News");
	m.to = STR_LIT("ann@example.org");
	m.to_name = STR_LIT("Ann\r\nBcc: victim@example.org");
	m.subject = STR_LIT("Caf\xc3\xa9 \r\nX-Evil: 1");
	m.body = STR_LIT("Hello.\n.\nBye.\n");
	m.date = 0;
	m.id = STR_LIT("abc123");
	assert_int_equal(mail_build(a, &m, &out), NG_OK);
	assert_true(lines_within(out, 998));
	assert_true(has(out, "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"));
	assert_true(has(out,
	    "From: \"The \\\"Daily\\\" News\"\r\n <news@example.com>\r\n"));
	assert_true(has(out,
	    "To: \"Ann Bcc: victim@example.org\"\r\n <ann@example.org>\r\n"));
	assert_true(has(out, "Subject: =?UTF-8?B?"));
	assert_false(has(out, "\r\nX-Evil"));
	assert_false(has(out, "\r\nBcc"));
	assert_true(has(out, "Message-ID: <abc123.0@example.com>\r\n"));
	assert_true(has(out, "MIME-Version: 1.0\r\n"));
	assert_true(has(out, "Content-Type: text/plain; charset=utf-8\r\n"));
	assert_true(
	    has(out, "Content-Transfer-Encoding: quoted-printable\r\n"));
	assert_true(has(out,
	    "Auto-Submitted: auto-generated\r\n\r\n"
	    "Hello.\r\n.\r\nBye.\r\n"));
	/* No name: the address alone. */
	m.to_name = STR_LIT("");
	assert_int_equal(mail_build(a, &m, &out), NG_OK);
	assert_true(has(out, "\r\nTo: ann@example.org\r\n"));
	/* Addresses that are not plain are refused. */
	m.to = STR_LIT("ann@example.org>\r\nBcc: x@y.org");
	assert_int_equal(mail_build(a, &m, &out), NG_EINVAL);
	m.to = STR_LIT("ann@example.org");
	m.from = STR_LIT("news");
	assert_int_equal(mail_build(a, &m, &out), NG_EINVAL);
}

static void
test_backoff(void **state)
{
	(void)state;
	assert_int_equal(mail_backoff(60, 1), 60);
	assert_int_equal(mail_backoff(60, 2), 180);
	assert_int_equal(mail_backoff(60, 30), 6 * 3600);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_value),
		cmocka_unit_test(test_header_long),
		cmocka_unit_test(test_address),
		cmocka_unit_test(test_qp),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_backoff),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
