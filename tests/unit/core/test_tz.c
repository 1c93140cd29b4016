/*
 * test_tz.c -- UTC offsets from the system's zoneinfo (tz.c): a table of
 * zones and moments, names that must be refused, and data that is not
 * TZif.
 */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/tz.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *zone;
	int64_t	    t;
	int32_t	    off;
} cases[] = {
	{ "", 1700000000, 0 },
	{ "UTC", 1700000000, 0 },
	{ "Asia/Kolkata", 1700000000, 19800 },
	{ "Europe/Paris", 1704067200, 3600 }, /* 2024-01-01 winter */
	{ "Europe/Paris", 1719792000, 7200 }, /* 2024-07-01 summer */
	{ "America/New_York", 1704067200, -18000 },
	{ "America/New_York", 1719792000, -14400 },
	/* The switch itself: 2024-03-31 01:00 UTC in Paris. */
	{ "Europe/Paris", 1711846799, 3600 },
	{ "Europe/Paris", 1711846800, 7200 },
};

static void
test_offsets(void **state)
{
	int32_t off;
	size_t	i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		if (tz_offset(str_c(cases[i].zone), cases[i].t, &off) != NG_OK)
			fail_msg("%s: no offset", cases[i].zone);
		if (off != cases[i].off)
			fail_msg("%s at %lld: %d, want %d", cases[i].zone,
			    (long long)cases[i].t, off, cases[i].off);
	}
}

/* Abbreviations, either side of a switch, and a zone with none in words. */
static void
test_abbr(void **state)
{
	static const struct {
		const char *zone;
		int64_t	    t;
		const char *abbr;
	} want[] = {
		{ "Europe/Paris", 1711846799, "CET" },
		{ "Europe/Paris", 1711846800, "CEST" },
		{ "Europe/London", 1704067200, "GMT" },
		{ "Europe/London", 1719792000, "BST" },
		{ "Asia/Kolkata", 1700000000, "IST" },
		{ "Asia/Dubai", 1700000000, "+04" },
	};
	unsigned char *data;
	size_t	       n, i;
	int32_t	       off;
	char	       abbr[TZ_ABBR_MAX];

	(void)state;
	for (i = 0; i < NELEM(want); i++) {
		if (tz_file_read(str_c(want[i].zone), &data, &n) != NG_OK)
			fail_msg("%s: cannot read", want[i].zone);
		if (tz_info_data(data, n, want[i].t, &off, abbr) != NG_OK)
			fail_msg("%s: no data", want[i].zone);
		free(data);
		assert_string_equal(abbr, want[i].abbr);
	}
	assert_int_equal(tz_file_read(str_c("../etc/passwd"), &data, &n),
	    NG_EINVAL);
}

static void
test_names(void **state)
{
	static const char *const bad[] = {
		"../../etc/passwd",
		"/etc/localtime",
		"Europe/../../etc",
		"Europe/Paris\n",
		"Europe/ Paris",
		".hidden",
	};
	int32_t off;
	size_t	i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		assert_int_equal(tz_offset(str_c(bad[i]), 0, &off), NG_EINVAL);
		assert_false(tz_valid(str_c(bad[i])));
	}
	assert_int_equal(tz_offset(STR_LIT("Mars/Olympus_Mons"), 0, &off),
	    NG_ENOTFOUND);
	assert_true(tz_valid(STR_LIT("Europe/Paris")));
	/* A directory is not a zone. */
	assert_false(tz_valid(STR_LIT("Europe")));
}

static void
test_local(void **state)
{
	(void)state;
	/* 2099-03-01 10:00 in Kolkata is 04:30 UTC. */
	assert_int_equal(tz_local_to_utc(STR_LIT("Asia/Kolkata"), 4076128800LL),
	    4076128800LL - 19800);
	assert_int_equal(tz_local_to_utc(STR_LIT("UTC"), 1000), 1000);
	/* 2024-07-01 12:00 in Paris (summer) is 10:00 UTC. */
	assert_int_equal(tz_local_to_utc(STR_LIT("Europe/Paris"), 1719835200LL),
	    1719835200LL - 7200);
}

static void
test_bad_data(void **state)
{
	static const unsigned char junk[] = "TZif2 this is not a zone file";
	unsigned char		   big[64];
	int32_t			   off;

	(void)state;
	assert_int_equal(tz_offset_data(junk, sizeof(junk), 0, &off),
	    NG_EINVAL);
	assert_int_equal(tz_offset_data(junk, 3, 0, &off), NG_EINVAL);
	/* A header promising more than there is. */
	memset(big, 0, sizeof(big));
	memcpy(big, "TZif2", 5);
	big[35] = 200; /* timecnt */
	big[39] = 1;   /* typecnt */
	assert_int_equal(tz_offset_data(big, sizeof(big), 0, &off), NG_EINVAL);
}

/* zone.tab's names: "UTC" first, then sorted, each once, bad ones out. */
static void
test_zones(void **state)
{
	static const char tab[] =
	    "# tzdb timezone descriptions\n"
	    "#\n"
	    "FR\t+4852+00220\tEurope/Paris\n"
	    "AD\t+4230+00131\tEurope/Andorra\n"
	    "IN\t+2232+08822\tAsia/Kolkata\tcomment here\n"
	    "US\t+404251-0740023\tAmerica/New_York\tEastern (most areas)\r\n"
	    "XX\t+0000+00000\t../etc/passwd\n"
	    "YY\tno third field\n"
	    "\n"
	    "MC\t+4342+00723\tEurope/Paris\n"
	    "ZZ\t+0000+00000\tUTC";
	static const char *const want[] = { "UTC", "America/New_York",
		"Asia/Kolkata", "Europe/Andorra", "Europe/Paris" };
	struct arena		*a = arena_new(1 << 16);
	struct str		*z;
	size_t			 n, i;

	(void)state;
	assert_int_equal(tz_zones_data(a, tab, sizeof(tab) - 1, &z, &n), NG_OK);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < n; i++)
		if (!str_eqc(z[i], want[i]))
			fail_msg("zone %zu: want %s, got %.*s", i, want[i],
			    (int)z[i].n, z[i].p);
	assert_int_equal(tz_zones_data(a, "", 0, &z, &n), NG_OK);
	assert_int_equal(n, 1);
	/* The system's list, where there is one: every name a zone. */
	if (tz_zones(a, &z, &n) == NG_OK) {
		assert_true(n > 100);
		for (i = 0; i < n; i++)
			assert_true(tz_valid(z[i]));
	}
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_abbr),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_local),
		cmocka_unit_test(test_bad_data),
		cmocka_unit_test(test_zones),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
