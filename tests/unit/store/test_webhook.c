/*
 * test_webhook.c -- the webhook store calls against a real SQLite file:
 * the queue follows the events a webhook takes, a paused webhook gets
 * nothing new and its pending deliveries wait, a test delivery goes to
 * one webhook whatever its events, and a redelivery is due again with a
 * new count of attempts, only through its own webhook.  (The PostgreSQL
 * statements run in the PostgreSQL pass of the HTTP suite,
 * tests/http/webhooks_admin.test.mjs.)
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "store/store.h"

static struct {
	char	     *dir;
	struct store *st;
	struct arena *a;
} fx;

static int
setup(void **state)
{
	char err[256], path[1024];

	(void)state;
	memset(&fx, 0, sizeof(fx));
	fx.dir = testlib_tmpdir();
	snprintf(path, sizeof(path), "%s/wh.db", fx.dir);
	if (store_open(path, 2, &fx.st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	fx.a = arena_new(1 << 20);
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

static int64_t
hook(const char *url, const char *events)
{
	struct webhook w;
	int64_t	       id = 0;

	memset(&w, 0, sizeof(w));
	w.url = str_c(url);
	w.secret = STR_LIT("0123456789abcdef");
	w.events = str_c(events);
	w.active = 1;
	assert_int_equal(store_webhook_add(fx.st, &w, &id), NG_OK);
	return id;
}

/* The deliveries due now and after (leased for a minute). */
static size_t
due(struct webhook_delivery **v)
{
	int64_t now = (int64_t)time(NULL) + 1;
	size_t	n = 0;

	assert_int_equal(store_webhook_due(fx.a, fx.st, now, now + 60, 100, v,
			     &n),
	    NG_OK);
	return n;
}

static void
test_pause_resume(void **state)
{
	struct webhook_delivery *v;
	struct webhook		*hooks;
	size_t			 n;
	int64_t			 a, b;

	(void)state;
	a = hook("http://a.example/", "post.published");
	b = hook("http://b.example/", "comment.approved");
	assert_int_equal(store_webhook_enqueue(fx.st, STR_LIT("post.published"),
			     STR_LIT("{}"), &n),
	    NG_OK);
	assert_int_equal(n, 1);
	/* Paused with its delivery pending: it waits, and nothing new. */
	assert_int_equal(store_webhook_set_active(fx.st, a, 0), NG_OK);
	assert_int_equal(store_webhook_enqueue(fx.st, STR_LIT("post.published"),
			     STR_LIT("{}"), &n),
	    NG_OK);
	assert_int_equal(n, 0);
	assert_int_equal(due(&v), 0);
	assert_int_equal(store_webhook_list(fx.a, fx.st, &hooks, &n), NG_OK);
	assert_int_equal(n, 2);
	assert_false(hooks[0].active);
	assert_true(hooks[1].active);
	/* Resumed: the waiting delivery is due. */
	assert_int_equal(store_webhook_set_active(fx.st, a, 1), NG_OK);
	assert_int_equal(due(&v), 1);
	assert_int_equal(v[0].webhook_id, a);
	assert_int_equal(store_webhook_set_active(fx.st, b + 100, 0),
	    NG_ENOTFOUND);
}

static void
test_one_and_redeliver(void **state)
{
	struct webhook_delivery *v;
	int64_t			 a, b, d = 0, d2 = 0;
	size_t			 n;

	(void)state;
	a = hook("http://a.example/", "post.published");
	b = hook("http://b.example/", "post.published");
	/* A test goes to one webhook, whatever events it takes. */
	assert_int_equal(store_webhook_enqueue_one(fx.st, a, STR_LIT("ping"),
			     STR_LIT("{\"ping\":1}"), &d),
	    NG_OK);
	assert_true(d > 0);
	assert_int_equal(store_webhook_enqueue_one(fx.st, b + 100,
			     STR_LIT("ping"), STR_LIT("{}"), &d2),
	    NG_ENOTFOUND);
	assert_int_equal(due(&v), 1);
	assert_int_equal(v[0].id, d);
	assert_true(str_eqc(v[0].event, "ping"));
	assert_true(str_eqc(v[0].payload, "{\"ping\":1}"));
	/* Failed for good after three attempts. */
	assert_int_equal(store_webhook_done(fx.st, d, WEBHOOK_FAILED, 3, 0, 503,
			     STR_LIT("HTTP 503")),
	    NG_OK);
	assert_int_equal(due(&v), 0);
	/* Only its own webhook may send it again. */
	assert_int_equal(store_webhook_redeliver(fx.st, b, d), NG_ENOTFOUND);
	assert_int_equal(store_webhook_redeliver(fx.st, a, d), NG_OK);
	assert_int_equal(store_webhook_deliveries(fx.a, fx.st, a, 10, &v, &n),
	    NG_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].status, WEBHOOK_PENDING);
	assert_int_equal(v[0].attempts, 0);
	assert_int_equal(v[0].done_at, 0);
	assert_int_equal(v[0].last_code, 503);
	assert_int_equal(due(&v), 1);
	assert_int_equal(v[0].id, d);
	/* Deleting the webhook takes its log. */
	assert_int_equal(store_webhook_delete(fx.st, a), NG_OK);
	assert_int_equal(store_webhook_deliveries(fx.a, fx.st, a, 10, &v, &n),
	    NG_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_webhook_redeliver(fx.st, a, d), NG_ENOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pause_resume, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_one_and_redeliver, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
