/*
 * test_webhook.c -- the pure parts of webhooks (jobs/webhook.c): the
 * signature against an independent HMAC-SHA256 value, the back-off,
 * event names and lists, and which article moves raise which event.
 */
#include "testlib.h"

#include <string.h>

#include "jobs/webhook.h"
#include "store/store.h"

static void
test_sign(void **state)
{
	char sig[WEBHOOK_SIG_LEN];

	(void)state;
	/*
	 * printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac
	 * 'test-secret'
	 */
	webhook_sign(STR_LIT("test-secret"), 1700000000, STR_LIT("{\"a\":1}"),
	    sig);
	assert_string_equal(sig,
	    "sha256=8cb2c3355fca388e9ac2caec004f4d5d7045d74937ab5faad61dc116"
	    "82247a9f");
}

static void
test_backoff(void **state)
{
	(void)state;
	assert_int_equal(webhook_backoff(30, 1), 30);
	assert_int_equal(webhook_backoff(30, 2), 90);
	assert_int_equal(webhook_backoff(30, 3), 270);
	assert_int_equal(webhook_backoff(30, 20), 6 * 3600);
	assert_int_equal(webhook_backoff(1, 1), 1);
	assert_int_equal(webhook_backoff(0, 1), 1);
}

static void
test_events(void **state)
{
	(void)state;
	assert_true(webhook_event_known(STR_LIT("post.published")));
	assert_true(webhook_event_known(STR_LIT("comment.approved")));
	assert_true(webhook_event_known(STR_LIT("*")));
	assert_false(webhook_event_known(STR_LIT("post")));
	assert_false(webhook_event_known(STR_LIT("post.published,")));
	assert_true(
	    webhook_events_valid(STR_LIT("post.published,comment.created")));
	assert_false(webhook_events_valid(STR_LIT("post.published, x")));
	assert_false(webhook_events_valid(STR_LIT("")));
	assert_false(webhook_events_valid(STR_LIT("post.published,,")));
	assert_string_equal(webhook_article_event(-1, ARTICLE_PUBLISHED),
	    "post.published");
	assert_string_equal(webhook_article_event(ARTICLE_DRAFT,
				ARTICLE_PUBLISHED),
	    "post.published");
	assert_string_equal(webhook_article_event(ARTICLE_PUBLISHED,
				ARTICLE_PUBLISHED),
	    "post.updated");
	assert_string_equal(webhook_article_event(ARTICLE_PUBLISHED,
				ARTICLE_TRASHED),
	    "post.unpublished");
	assert_null(webhook_article_event(-1, ARTICLE_DRAFT));
	assert_null(webhook_article_event(ARTICLE_DRAFT, ARTICLE_SCHEDULED));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_events),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
