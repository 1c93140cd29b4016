/*
 * loginbudget.h -- a budget of failed logins per account, across all
 * client addresses.
 *
 * The limits per address and per account+address (session.c) stop one
 * client; forty addresses guessing one account's password get past them.
 * This counts an account's failures wherever they come from.  The first
 * LOGIN_BUDGET_FREE are free; after that every failure doubles the wait
 * before the account's password is checked again, from any address
 * (1 s, 2 s, 4 s ... at most LOGIN_BUDGET_MAX_S).  So guessing is slow
 * for everyone and no one is locked out: after the wait, which the login
 * page shows, the right password works, and a success clears the count.
 * A day without failures clears it too.
 *
 * Memory is fixed: a table of capacity slots; when full, the account
 * whose last failure is oldest is forgotten.  Thread-safe.
 */
#ifndef NG_ADMIN_LOGINBUDGET_H
#define NG_ADMIN_LOGINBUDGET_H

#include <stddef.h>
#include <stdint.h>

#include "core/str.h"

#define LOGIN_BUDGET_FREE     5	    /* failures before any wait */
#define LOGIN_BUDGET_MAX_S    900   /* longest wait, seconds */
#define LOGIN_BUDGET_FORGET_S 86400 /* a quiet day clears an account */

struct loginbudget;

/* A budget for about capacity accounts.  Never NULL. */
struct loginbudget *loginbudget_new(size_t capacity);
void		    loginbudget_free(struct loginbudget *b);

/* Milliseconds before login may be tried at now_ms; 0: now. */
int64_t loginbudget_wait(struct loginbudget *b, struct str login,
    int64_t now_ms);

/* A wrong password (or an unknown login) for login at now_ms. */
void loginbudget_fail(struct loginbudget *b, struct str login, int64_t now_ms);

/*
 * The wait after the fails-th failure in a row (0 while they are free):
 * the rule above, for the budget every instance shares through the
 * database (session.c).
 */
int64_t loginbudget_delay_ms(unsigned fails);

/* login logged in: its count starts again. */
void loginbudget_ok(struct loginbudget *b, struct str login);

#endif
