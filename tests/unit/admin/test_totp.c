/*
 * test_totp.c -- one-time passwords (totp.c): the SHA-1 test vectors of
 * RFC 6238 appendix B and RFC 4226 appendix D, the accepted window and
 * replay, code parsing, base32 (RFC 4648 section 10), the otpauth URI,
 * and the recovery codes of auth.c.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/auth.h"
#include "admin/totp.h"
#include "core/arena.h"

static const unsigned char rfc_key[] = "12345678901234567890";
#define RFC_KEYLEN 20

static int
setup(void **state)
{
	(void)state;
	return auth_init() == NG_OK ? 0 : -1;
}

/* RFC 6238 appendix B, the SHA-1 rows (8 digits, 30 s steps). */
static void
test_rfc6238(void **state)
{
	static const struct {
		int64_t	 t;
		uint32_t code;
	} v[] = {
		{ 59, 94287082 },
		{ 1111111109, 7081804 },
		{ 1111111111, 14050471 },
		{ 1234567890, 89005924 },
		{ 2000000000, 69279037 },
		{ 20000000000LL, 65353130 },
	};
	uint32_t code;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		code = totp_code(rfc_key, RFC_KEYLEN, totp_step(v[i].t), 8);
		if (code != v[i].code)
			fail_msg("T=%lld: %08u, want %08u", (long long)v[i].t,
			    code, v[i].code);
	}
	/* The step of 59 s is 1; of 1111111109 s, 0x23523EC. */
	assert_int_equal(totp_step(59), 1);
	assert_int_equal(totp_step(1111111109), 0x23523EC);
	assert_int_equal(totp_step(-1), -1);
}

/* RFC 4226 appendix D: HOTP, 6 digits, counters 0..9. */
static void
test_rfc4226(void **state)
{
	static const uint32_t want[] = { 755224, 287082, 359152, 969429, 338314,
		254676, 287922, 162583, 399871, 520489 };
	int64_t		      c;

	(void)state;
	for (c = 0; c < 10; c++)
		assert_int_equal(totp_code(rfc_key, RFC_KEYLEN, c, 6), want[c]);
}

static struct str
code_at(int64_t t, char *buf, size_t sz)
{
	uint32_t code = totp_code(rfc_key, RFC_KEYLEN, totp_step(t), 6);

	snprintf(buf, sz, "%06u", code);
	return str_c(buf);
}

/* One step either side, not two; only steps after the last one used. */
static void
test_window_and_replay(void **state)
{
	const int64_t now = 1700000000; /* a step boundary + 20 s */
	int64_t	      step;
	char	      c[16], spaced[16];

	(void)state;
	assert_true(totp_check(rfc_key, RFC_KEYLEN, code_at(now, c, 16), now, 0,
	    &step));
	assert_int_equal(step, totp_step(now));
	assert_true(totp_check(rfc_key, RFC_KEYLEN, code_at(now - 30, c, 16),
	    now, 0, &step));
	assert_int_equal(step, totp_step(now) - 1);
	assert_true(totp_check(rfc_key, RFC_KEYLEN, code_at(now + 30, c, 16),
	    now, 0, &step));
	assert_int_equal(step, totp_step(now) + 1);
	assert_false(totp_check(rfc_key, RFC_KEYLEN, code_at(now - 60, c, 16),
	    now, 0, &step));
	assert_false(totp_check(rfc_key, RFC_KEYLEN, code_at(now + 60, c, 16),
	    now, 0, &step));
	/* Replay: the step was used, so its code is refused, and so is an
	 * older one still inside the window. */
	assert_false(totp_check(rfc_key, RFC_KEYLEN, code_at(now, c, 16), now,
	    totp_step(now), &step));
	assert_false(totp_check(rfc_key, RFC_KEYLEN, code_at(now - 30, c, 16),
	    now, totp_step(now), &step));
	assert_true(totp_check(rfc_key, RFC_KEYLEN, code_at(now + 30, c, 16),
	    now, totp_step(now), &step));
	/* Spaces as apps show them ("123 456") are fine; other shapes not. */
	code_at(now, c, 16);
	snprintf(spaced, sizeof(spaced), "%.3s %.3s", c, c + 3);
	assert_true(
	    totp_check(rfc_key, RFC_KEYLEN, str_c(spaced), now, 0, &step));
	assert_false(
	    totp_check(rfc_key, RFC_KEYLEN, STR_LIT(""), now, 0, &step));
	assert_false(
	    totp_check(rfc_key, RFC_KEYLEN, STR_LIT("12345"), now, 0, &step));
	assert_false(
	    totp_check(rfc_key, RFC_KEYLEN, STR_LIT("1234567"), now, 0, &step));
	assert_false(
	    totp_check(rfc_key, RFC_KEYLEN, STR_LIT("12345a"), now, 0, &step));
	/* A wrong code (the right one plus one, mod a million). */
	snprintf(spaced, sizeof(spaced), "%06u",
	    (unsigned)((strtoul(c, NULL, 10) + 1) % 1000000));
	assert_false(
	    totp_check(rfc_key, RFC_KEYLEN, str_c(spaced), now, 0, &step));
}

/* RFC 4648 section 10. */
static void
test_base32(void **state)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "f", "MY" },
		{ "fo", "MZXQ" },
		{ "foo", "MZXW6" },
		{ "foob", "MZXW6YQ" },
		{ "fooba", "MZXW6YTB" },
		{ "foobar", "MZXW6YTBOI" },
	};
	unsigned char raw[64];
	char	      enc[64];
	size_t	      i, n;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		totp_base32_encode((const unsigned char *)v[i].in,
		    strlen(v[i].in), enc);
		assert_string_equal(enc, v[i].out);
		assert_int_equal(totp_base32_decode(str_c(v[i].out), raw,
				     sizeof(raw), &n),
		    NG_OK);
		assert_int_equal(n, strlen(v[i].in));
		assert_memory_equal(raw, v[i].in, n);
	}
	/* The RFC 6238 key, in the form apps show: lower case, spaced. */
	assert_int_equal(totp_base32_decode(STR_LIT("gezd gnbv gy3t qojq "
						    "gezd gnbv gy3t qojq"),
			     raw, sizeof(raw), &n),
	    NG_OK);
	assert_int_equal(n, RFC_KEYLEN);
	assert_memory_equal(raw, rfc_key, RFC_KEYLEN);
	assert_int_equal(totp_base32_decode(STR_LIT("MZXW6YTBOI======"), raw,
			     sizeof(raw), &n),
	    NG_OK);
	assert_int_equal(totp_base32_decode(STR_LIT("MZ1W"), raw, sizeof(raw),
			     &n),
	    NG_EINVAL);
	assert_int_equal(totp_base32_decode(STR_LIT(""), raw, sizeof(raw), &n),
	    NG_EINVAL);
	assert_int_equal(totp_base32_decode(STR_LIT("MZXW6YTBOI"), raw, 3, &n),
	    NG_EINVAL);
}

static void
test_uri(void **state)
{
	struct arena *a = arena_new(4096);
	const char   *u;

	(void)state;
	u = totp_uri(a, STR_LIT("The Daily & Co"), STR_LIT("ed@x.org"),
	    STR_LIT("GEZDGNBV"));
	assert_non_null(u);
	assert_string_equal(u,
	    "otpauth://totp/The%20Daily%20%26%20Co:"
	    "ed%40x.org?secret=GEZDGNBV&issuer=The%20Daily%20%26%20Co"
	    "&algorithm=SHA1&digits=6&period=30");
	arena_free(a);
}

static void
test_recovery_codes(void **state)
{
	char   c1[AUTH_RECOVERY_LEN + 1], c2[AUTH_RECOVERY_LEN + 1];
	char   canon[AUTH_RECOVERY_LEN + 1], typed[64];
	size_t i;

	(void)state;
	auth_recovery_code_new(c1);
	auth_recovery_code_new(c2);
	assert_int_equal(strlen(c1), AUTH_RECOVERY_LEN);
	assert_string_not_equal(c1, c2);
	for (i = 0; i < AUTH_RECOVERY_LEN; i++)
		assert_true(i % 5 == 4 ? c1[i] == '-' : c1[i] != '-');
	assert_true(auth_recovery_code_canon(str_c(c1), canon));
	assert_string_equal(canon, c1);
	/* Typed in capitals, without dashes, with spaces: the same code. */
	for (i = 0; c1[i] != '\0'; i++)
		typed[i] = c1[i] == '-' ?
		    ' ' :
		    (char)(c1[i] >= 'a' && c1[i] <= 'z' ? c1[i] - 'a' + 'A' :
							  c1[i]);
	typed[i] = '\0';
	assert_true(auth_recovery_code_canon(str_c(typed), canon));
	assert_string_equal(canon, c1);
	assert_false(
	    auth_recovery_code_canon(STR_LIT("abcd-efgh-jkmn-pqr"), canon));
	assert_false(
	    auth_recovery_code_canon(STR_LIT("abcd-efgh-jkmn-pqrst"), canon));
	/* 0, 1, l and o are not in the alphabet. */
	assert_false(
	    auth_recovery_code_canon(STR_LIT("abcd-efgh-jkmn-pqr0"), canon));
	assert_false(auth_recovery_code_canon(STR_LIT(""), canon));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc6238),
		cmocka_unit_test(test_rfc4226),
		cmocka_unit_test(test_window_and_replay),
		cmocka_unit_test(test_base32),
		cmocka_unit_test(test_uri),
		cmocka_unit_test(test_recovery_codes),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
