/*
 * test_perm.c -- every role against every capability and every article
 * action (perm.c): the WordPress meanings as one table.
 */
#include "testlib.h"

#include <string.h>

#include "admin/admin_int.h"
#include "store/store.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Capabilities per role, in enum admin_cap order. */
static const int caps[ROLE__MAX][CAP__MAX] = {
	/*		ENTER WRITE PUBOWN UPLOAD OTHERS MOD CORR TAX SET USERS */
	[ROLE_CONTRIBUTOR] = { 1, 1, 0, 0, 0, 0, 0, 0, 0, 0 },
	[ROLE_AUTHOR] = { 1, 1, 1, 1, 0, 0, 0, 0, 0, 0 },
	[ROLE_EDITOR] = { 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 },
	[ROLE_ADMINISTRATOR] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 },
};

static void
test_role_caps(void **state)
{
	int r, c;

	(void)state;
	for (r = 0; r < ROLE__MAX; r++)
		for (c = 0; c < CAP__MAX; c++)
			if (admin_role_can((enum user_role)r,
				(enum admin_cap)c) != caps[r][c])
				fail_msg("role %s cap %d: got %d",
				    store_role_name((enum user_role)r), c,
				    !caps[r][c]);
	assert_false(admin_role_can(ROLE__MAX, CAP_ENTER));
	assert_false(admin_role_can(ROLE_ADMINISTRATOR, CAP__MAX));
}

#define OWN   10 /* the user's own byline */
#define OTHER 20 /* someone else's */

/*
 * May a user of role edit an article (owner, status), and move it to
 * each status?  -1 in edit means "a new article" (art NULL).
 */
static const struct {
	enum user_role	    role;
	int64_t		    owner; /* 0: new article */
	enum article_status status;
	int		    edit;
	int		    to[ARTICLE__MAX]; /* D P S Pub T */
} cases[] = {
	/* contributors: own drafts, submit for review, never publish */
	{ ROLE_CONTRIBUTOR, 0, ARTICLE_DRAFT, 1, { 1, 1, 0, 0, 0 } },
	{ ROLE_CONTRIBUTOR, OWN, ARTICLE_DRAFT, 1, { 1, 1, 0, 0, 1 } },
	{ ROLE_CONTRIBUTOR, OWN, ARTICLE_PENDING, 1, { 1, 1, 0, 0, 1 } },
	{ ROLE_CONTRIBUTOR, OWN, ARTICLE_PUBLISHED, 0, { 0, 0, 0, 0, 0 } },
	{ ROLE_CONTRIBUTOR, OWN, ARTICLE_SCHEDULED, 0, { 0, 0, 0, 0, 0 } },
	{ ROLE_CONTRIBUTOR, OTHER, ARTICLE_DRAFT, 0, { 0, 0, 0, 0, 0 } },
	/* authors: anything on their own, nothing on others' */
	{ ROLE_AUTHOR, 0, ARTICLE_DRAFT, 1, { 1, 1, 1, 1, 1 } },
	{ ROLE_AUTHOR, OWN, ARTICLE_DRAFT, 1, { 1, 1, 1, 1, 1 } },
	{ ROLE_AUTHOR, OWN, ARTICLE_PUBLISHED, 1, { 1, 1, 1, 1, 1 } },
	{ ROLE_AUTHOR, OTHER, ARTICLE_DRAFT, 0, { 0, 0, 0, 0, 0 } },
	{ ROLE_AUTHOR, OTHER, ARTICLE_PUBLISHED, 0, { 0, 0, 0, 0, 0 } },
	/* editors and administrators: everything */
	{ ROLE_EDITOR, OTHER, ARTICLE_PENDING, 1, { 1, 1, 1, 1, 1 } },
	{ ROLE_EDITOR, OTHER, ARTICLE_PUBLISHED, 1, { 1, 1, 1, 1, 1 } },
	{ ROLE_ADMINISTRATOR, OTHER, ARTICLE_TRASHED, 1, { 1, 1, 1, 1, 1 } },
	{ ROLE_ADMINISTRATOR, 0, ARTICLE_DRAFT, 1, { 1, 1, 1, 1, 1 } },
};

static void
test_article_rules(void **state)
{
	struct user    u;
	struct article a, *ap;
	size_t	       i;
	int	       t;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		memset(&u, 0, sizeof(u));
		u.id = 1;
		u.role = cases[i].role;
		u.author_id = OWN;
		memset(&a, 0, sizeof(a));
		a.id = 5;
		a.author_id = cases[i].owner;
		a.status = cases[i].status;
		ap = cases[i].owner == 0 ? NULL : &a;
		if (admin_may_edit(&u, ap) != cases[i].edit)
			fail_msg("case %zu: edit %d", i, !cases[i].edit);
		for (t = 0; t < ARTICLE__MAX; t++)
			if (admin_may_set_status(&u, ap,
				(enum article_status)t) != cases[i].to[t])
				fail_msg("case %zu: to %d: got %d", i, t,
				    !cases[i].to[t]);
	}
}

/* A disabled user, or one without a byline, owns nothing. */
static void
test_edge_cases(void **state)
{
	struct user    u;
	struct article a;

	(void)state;
	memset(&u, 0, sizeof(u));
	memset(&a, 0, sizeof(a));
	u.role = ROLE_ADMINISTRATOR;
	u.disabled = 1;
	assert_false(admin_may_edit(&u, &a));
	assert_false(admin_may_edit(NULL, &a));
	u.disabled = 0;
	u.role = ROLE_AUTHOR;
	u.author_id = 0;
	a.author_id = 0; /* no byline on either side: not "own" */
	assert_false(admin_may_edit(&u, &a));
	assert_false(admin_may_set_status(&u, &a, ARTICLE__MAX));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_caps),
		cmocka_unit_test(test_article_rules),
		cmocka_unit_test(test_edge_cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
