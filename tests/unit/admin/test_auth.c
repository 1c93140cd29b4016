/*
 * test_auth.c -- passwords and tokens (auth.c): argon2id with at least
 * 19 MiB and 2 passes, verification, tokens of 256 bits, hashing and
 * constant-time comparison.
 */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "admin/auth.h"

static int
setup(void **state)
{
	(void)state;
	return auth_init() == NG_OK ? 0 : -1;
}

static void
test_hash_verify(void **state)
{
	char	 h[AUTH_HASH_MAX], h2[AUTH_HASH_MAX];
	unsigned m = 0, t = 0, p = 0;

	(void)state;
	assert_int_equal(auth_password_hash("correct horse", 13, h), NG_OK);
	/* The encoded parameters say what was spent. */
	assert_true(strncmp(h, "$argon2id$v=19$", 15) == 0);
	assert_int_equal(sscanf(h + 15, "m=%u,t=%u,p=%u", &m, &t, &p), 3);
	assert_true(m >= 19u * 1024); /* KiB */
	assert_true(t >= 2);
	assert_true(auth_password_verify(str_c(h), "correct horse", 13));
	assert_false(auth_password_verify(str_c(h), "correct horsE", 13));
	assert_false(auth_password_verify(str_c(h), "correct hors", 12));
	assert_false(auth_password_needs_rehash(str_c(h)));
	/* Salted: the same password hashes differently. */
	assert_int_equal(auth_password_hash("correct horse", 13, h2), NG_OK);
	assert_string_not_equal(h, h2);
	/* Garbage hashes never verify. */
	assert_false(auth_password_verify(STR_LIT("$argon2id$nonsense"),
	    "correct horse", 13));
	assert_false(auth_password_verify(STR_LIT(""), "correct horse", 13));
	assert_true(
	    auth_password_needs_rehash(STR_LIT("$argon2i$v=19$m=4096,"
					       "t=1,p=1$c29tZXNhbHQ$abc")));
}

static void
test_password_bounds(void **state)
{
	static char big[AUTH_PASSWORD_MAX + 2];
	char	    h[AUTH_HASH_MAX];

	(void)state;
	assert_int_equal(auth_password_hash("short", 5, h), NG_EINVAL);
	memset(big, 'x', sizeof(big));
	assert_int_equal(auth_password_hash(big, AUTH_PASSWORD_MAX + 1, h),
	    NG_EINVAL);
	assert_int_equal(auth_password_hash(big, AUTH_PASSWORD_MAX, h), NG_OK);
	assert_true(auth_password_verify(str_c(h), big, AUTH_PASSWORD_MAX));
	assert_false(
	    auth_password_verify(str_c(h), big, AUTH_PASSWORD_MAX + 1));
}

static void
test_tokens(void **state)
{
	char   a[AUTH_TOKEN_HEX + 1], b[AUTH_TOKEN_HEX + 1];
	char   ha[AUTH_TOKEN_HEX + 1], ha2[AUTH_TOKEN_HEX + 1];
	char   pw[AUTH_GENERATED_LEN + 1], pw2[AUTH_GENERATED_LEN + 1];
	size_t i;

	(void)state;
	auth_token_new(a);
	auth_token_new(b);
	assert_int_equal(strlen(a), 64);
	assert_string_not_equal(a, b);
	for (i = 0; i < 64; i++)
		assert_non_null(strchr("0123456789abcdef", a[i]));
	auth_token_hash(str_c(a), ha);
	auth_token_hash(str_c(a), ha2);
	assert_string_equal(ha, ha2);
	assert_string_not_equal(ha, a);
	auth_token_hash(str_c(b), ha2);
	assert_string_not_equal(ha, ha2);

	assert_true(auth_equal(str_c(a), str_c(a)));
	assert_false(auth_equal(str_c(a), str_c(b)));
	assert_false(auth_equal(str_c(a), (struct str){ a, 63 }));
	assert_false(auth_equal(str_c(a), STR_NULL));
	assert_true(auth_equal(STR_NULL, STR_LIT("")));

	auth_password_generate(pw);
	auth_password_generate(pw2);
	assert_int_equal(strlen(pw), AUTH_GENERATED_LEN);
	assert_string_not_equal(pw, pw2);
	for (i = 0; i < AUTH_GENERATED_LEN; i++)
		assert_null(strchr("01lIO", pw[i]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_verify),
		cmocka_unit_test(test_password_bounds),
		cmocka_unit_test(test_tokens),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
