/*
 * test_config.c -- the bounds of numeric settings.
 *
 * A limit the server cannot run with (no header bytes, no request
 * memory, a database pool of none) is refused at load with its bound
 * named, not discovered later as every request failing; 0 stays valid
 * where it means "off".
 */
#include "testlib.h"

#include <string.h>

#include "core/config.h"

struct bound_case {
	const char *key;
	const char *value;
	int	    ok;
	const char *msg; /* part of the refusal, or NULL */
};

static void
test_number_bounds(void **state)
{
	static const struct bound_case cases[] = {
		{ "header_max", "0", 0, "header_max: 0 is smaller than 1024" },
		{ "header_max", "1023", 0, "smaller than 1024" },
		{ "header_max", "1k", 1, NULL },
		{ "request_memory_max", "0", 0, "smaller than 65536" },
		{ "request_memory_max", "64k", 1, NULL },
		{ "db_connections", "0", 0, "smaller than 1" },
		{ "connections_max", "0", 0, "smaller than 1" },
		{ "connections_max", "1", 1, NULL },
		{ "header_max", "2m", 0, "larger than 1048576" },
		/* 0 is "off" or "none" for these. */
		{ "cache_max_bytes", "0", 1, NULL },
		{ "send_deadline", "0", 1, NULL },
		{ "request_deadline", "0", 1, NULL },
		{ "connections_per_ip", "0", 1, NULL },
		{ "body_max", "0", 1, NULL },
		{ "send_deadline", "3601", 0, "larger than 3600" },
	};
	struct ng_config cfg;
	char		 err[256];
	size_t		 i;
	enum ng_err	 rc;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		config_defaults(&cfg);
		err[0] = '\0';
		rc = config_set(&cfg, cases[i].key, cases[i].value, err,
		    sizeof(err));
		if (cases[i].ok)
			assert_int_equal(rc, NG_OK);
		else {
			assert_int_equal(rc, NG_EINVAL);
			assert_non_null(strstr(err, cases[i].msg));
		}
		config_free(&cfg);
	}
}

/* The defaults pass their own bounds. */
static void
test_defaults_in_bounds(void **state)
{
	struct ng_config cfg;

	(void)state;
	config_defaults(&cfg);
	assert_true(cfg.header_max >= 1024);
	assert_true(cfg.arena_max >= 64 * 1024);
	assert_true(cfg.db_conns >= 1);
	assert_true(cfg.conns_max >= 1);
	assert_int_equal(cfg.send_deadline, 120);
	config_free(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_bounds),
		cmocka_unit_test(test_defaults_in_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
