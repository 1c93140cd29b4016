/*
 * test_loginbudget.c -- the per-account login budget (loginbudget.c):
 * free failures, the doubling wait and its cap, case folding, a success
 * and a quiet day clearing the count, and a full table forgetting the
 * oldest account rather than growing.
 */
#include "testlib.h"

#include <stdio.h>

#include "admin/loginbudget.h"

static void
test_doubling(void **state)
{
	struct loginbudget *b = loginbudget_new(64);
	struct str	    who = STR_LIT("alice");
	int64_t		    t = 1000000, want = 1000;
	int		    i;

	(void)state;
	for (i = 0; i < LOGIN_BUDGET_FREE; i++) {
		assert_int_equal(loginbudget_wait(b, who, t), 0);
		loginbudget_fail(b, who, t);
	}
	assert_int_equal(loginbudget_wait(b, who, t), 0);
	/* Each failure past the free ones doubles the wait. */
	for (i = 0; i < 12; i++) {
		loginbudget_fail(b, who, t);
		assert_int_equal(loginbudget_wait(b, who, t), want);
		/* Any spelling, any address: the same account. */
		assert_int_equal(loginbudget_wait(b, STR_LIT("ALICE"), t),
		    want);
		t += want;
		assert_int_equal(loginbudget_wait(b, who, t), 0);
		want = want * 2 > LOGIN_BUDGET_MAX_S * 1000 ?
		    LOGIN_BUDGET_MAX_S * 1000 :
		    want * 2;
	}
	/* Other accounts are not touched. */
	assert_int_equal(loginbudget_wait(b, STR_LIT("bob"), t), 0);
	/* A success clears the count. */
	loginbudget_ok(b, who);
	loginbudget_fail(b, who, t);
	assert_int_equal(loginbudget_wait(b, who, t), 0);
	loginbudget_free(b);
}

static void
test_forget(void **state)
{
	struct loginbudget *b = loginbudget_new(64);
	struct str	    who = STR_LIT("carol");
	int64_t		    t = 5000;
	char		    name[32];
	int		    i;

	(void)state;
	for (i = 0; i < LOGIN_BUDGET_FREE + 3; i++)
		loginbudget_fail(b, who, t);
	assert_true(loginbudget_wait(b, who, t) > 0);
	/* A quiet day later the account starts again. */
	t += (int64_t)LOGIN_BUDGET_FORGET_S * 1000 + 1;
	loginbudget_fail(b, who, t);
	assert_int_equal(loginbudget_wait(b, who, t), 0);
	/* Thousands of accounts fit in fixed memory: the table forgets
	 * old ones instead of growing, and the newest are kept. */
	for (i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "user%d", i);
		loginbudget_fail(b, str_c(name), t + i);
		loginbudget_fail(b, str_c(name), t + i);
	}
	for (i = 0; i < LOGIN_BUDGET_FREE + 3; i++)
		loginbudget_fail(b, STR_LIT("user4999"), t + 5000);
	assert_true(loginbudget_wait(b, STR_LIT("user4999"), t + 5000) > 0);
	loginbudget_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doubling),
		cmocka_unit_test(test_forget),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
