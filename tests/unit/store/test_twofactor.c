/*
 * test_twofactor.c -- the two-factor store calls against a real SQLite
 * file: enrolment that must be confirmed against the secret the code was
 * checked with, each step and each recovery code spent once, turning it
 * off, and login challenges with their expiry and wrong-code budget.
 * (The PostgreSQL statements run in the PostgreSQL pass of the HTTP
 * suite, tests/http/twofactor.test.mjs.)
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/admin_int.h"
#include "admin/auth.h"
#include "core/arena.h"
#include "store/store.h"

static struct {
	char	     *dir;
	struct store *st;
	struct arena *a;
	int64_t	      ed;
} fx;

static int
setup(void **state)
{
	char err[256], path[1024];

	(void)state;
	memset(&fx, 0, sizeof(fx));
	fx.dir = testlib_tmpdir();
	snprintf(path, sizeof(path), "%s/tf.db", fx.dir);
	if (store_open(path, 2, &fx.st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	assert_int_equal(auth_init(), NG_OK);
	fx.a = arena_new(1 << 20);
	assert_int_equal(admin_user_create(fx.a, fx.st, STR_LIT("ed"),
			     STR_LIT("Ed"), ROLE_EDITOR,
			     STR_LIT("a long password"), &fx.ed),
	    NG_OK);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(fx.a);
	store_close(fx.st);
	testlib_rmrf(fx.dir);
	free(fx.dir);
	return 0;
}

static void
test_enrol_use_delete(void **state)
{
	struct totp_state t;
	struct str	  h[STORE_RECOVERY_CODES];
	char		  hex[STORE_RECOVERY_CODES][AUTH_TOKEN_HEX + 1];
	char		  code[16];
	size_t		  i;

	(void)state;
	assert_int_equal(store_totp_get(fx.a, fx.st, fx.ed, &t), NG_ENOTFOUND);
	assert_int_equal(store_totp_begin(fx.st, fx.ed, STR_LIT("AAAA")),
	    NG_OK);
	/* Begun again (another tab): the newer secret wins. */
	assert_int_equal(store_totp_begin(fx.st, fx.ed, STR_LIT("BBBB")),
	    NG_OK);
	assert_int_equal(store_totp_get(fx.a, fx.st, fx.ed, &t), NG_OK);
	assert_true(str_eqc(t.secret, "BBBB"));
	assert_false(t.enabled);
	for (i = 0; i < STORE_RECOVERY_CODES; i++) {
		snprintf(code, sizeof(code), "code-%zu", i);
		auth_token_hash(str_c(code), hex[i]);
		h[i] = str_c(hex[i]);
	}
	/* Confirming the secret that was replaced does nothing. */
	assert_int_equal(store_totp_enable(fx.st, fx.ed, STR_LIT("AAAA"), 100,
			     h, STORE_RECOVERY_CODES),
	    NG_ECONFLICT);
	assert_int_equal(store_totp_enable(fx.st, fx.ed, STR_LIT("BBBB"), 100,
			     h, STORE_RECOVERY_CODES),
	    NG_OK);
	assert_int_equal(store_totp_get(fx.a, fx.st, fx.ed, &t), NG_OK);
	assert_true(t.enabled);
	assert_int_equal(t.last_step, 100);
	assert_int_equal(t.recovery_left, STORE_RECOVERY_CODES);
	/* Enabled: a new enrolment cannot overwrite it. */
	assert_int_equal(store_totp_begin(fx.st, fx.ed, STR_LIT("CCCC")),
	    NG_ECONFLICT);
	/* Steps: only later ones, each once. */
	assert_int_equal(store_totp_use_step(fx.st, fx.ed, 100), NG_ECONFLICT);
	assert_int_equal(store_totp_use_step(fx.st, fx.ed, 99), NG_ECONFLICT);
	assert_int_equal(store_totp_use_step(fx.st, fx.ed, 101), NG_OK);
	assert_int_equal(store_totp_use_step(fx.st, fx.ed, 101), NG_ECONFLICT);
	/* Recovery codes: each once. */
	assert_int_equal(store_totp_use_recovery(fx.st, fx.ed, h[3]), NG_OK);
	assert_int_equal(store_totp_use_recovery(fx.st, fx.ed, h[3]),
	    NG_ENOTFOUND);
	assert_int_equal(store_totp_use_recovery(fx.st, fx.ed, STR_LIT("0000")),
	    NG_ENOTFOUND);
	assert_int_equal(store_totp_get(fx.a, fx.st, fx.ed, &t), NG_OK);
	assert_int_equal(t.recovery_left, STORE_RECOVERY_CODES - 1);
	/* Off: secret and codes go. */
	assert_int_equal(store_totp_delete(fx.st, fx.ed), NG_OK);
	assert_int_equal(store_totp_delete(fx.st, fx.ed), NG_ENOTFOUND);
	assert_int_equal(store_totp_get(fx.a, fx.st, fx.ed, &t), NG_ENOTFOUND);
	assert_int_equal(store_totp_use_recovery(fx.st, fx.ed, h[4]),
	    NG_ENOTFOUND);
}

static void
test_challenges(void **state)
{
	int64_t uid;
	int	i;

	(void)state;
	assert_int_equal(store_login_challenge_add(fx.st, STR_LIT("c1"), fx.ed,
			     1000),
	    NG_OK);
	assert_int_equal(store_login_challenge_add(fx.st, STR_LIT("old"), fx.ed,
			     500),
	    NG_OK);
	assert_int_equal(store_login_challenge_get(fx.st, STR_LIT("c1"), 999,
			     &uid),
	    NG_OK);
	assert_int_equal(uid, fx.ed);
	assert_int_equal(store_login_challenge_get(fx.st, STR_LIT("c1"), 1000,
			     &uid),
	    NG_ENOTFOUND);
	assert_int_equal(store_login_challenge_get(fx.st, STR_LIT("nope"), 1,
			     &uid),
	    NG_ENOTFOUND);
	/* Wrong codes use it up. */
	for (i = 0; i < STORE_CHALLENGE_TRIES - 1; i++)
		assert_int_equal(store_login_challenge_fail(fx.st,
				     STR_LIT("c1")),
		    NG_OK);
	assert_int_equal(store_login_challenge_get(fx.st, STR_LIT("c1"), 1,
			     &uid),
	    NG_OK);
	assert_int_equal(store_login_challenge_fail(fx.st, STR_LIT("c1")),
	    NG_OK);
	assert_int_equal(store_login_challenge_get(fx.st, STR_LIT("c1"), 1,
			     &uid),
	    NG_ENOTFOUND);
	/* Deleting one also sweeps the expired. */
	assert_int_equal(store_login_challenge_delete(fx.st, STR_LIT("c1"),
			     600),
	    NG_OK);
	assert_int_equal(store_login_challenge_get(fx.st, STR_LIT("old"), 1,
			     &uid),
	    NG_ENOTFOUND);
	/* A disabled user's challenge is dead. */
	assert_int_equal(store_login_challenge_add(fx.st, STR_LIT("c2"), fx.ed,
			     1000),
	    NG_OK);
	assert_int_equal(store_user_set_disabled(fx.st, fx.ed, 1), NG_OK);
	assert_int_equal(store_login_challenge_get(fx.st, STR_LIT("c2"), 1,
			     &uid),
	    NG_ENOTFOUND);
	assert_int_equal(store_user_set_disabled(fx.st, fx.ed, 0), NG_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enrol_use_delete),
		cmocka_unit_test(test_challenges),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
