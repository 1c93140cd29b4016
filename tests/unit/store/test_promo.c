/*
 * test_promo.c -- the store's newsroom edits of sliders and ads (issue
 * 5): renaming a slider, updating and reordering slides, updating and
 * deleting slots, updating ads; what each refuses, and that every
 * successful write bumps store_generation() (the page cache's key).
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "store/store.h"

#define ARENA_CAP (4 * 1024 * 1024)

struct fx {
	char	     *dir;
	struct store *st;
	struct arena *ar;
	int64_t	      slider, slide[2], slot, slot2, ad, sec;
};

static int
setup(void **state)
{
	struct fx     *fx = calloc(1, sizeof(*fx));
	char	       err[256], path[4096];
	struct slider  sl;
	struct slide   sd;
	struct ad_slot slot;
	struct ad      ad;
	struct section sec;

	assert_non_null(fx);
	fx->dir = testlib_tmpdir();
	snprintf(path, sizeof(path), "%s/nutgraf.db", fx->dir);
	if (store_open(path, 1, &fx->st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	fx->ar = arena_new(ARENA_CAP);
	memset(&sec, 0, sizeof(sec));
	sec.slug = STR_LIT("news");
	sec.name = STR_LIT("News");
	assert_int_equal(store_section_add(fx->st, &sec, &fx->sec), NG_OK);
	memset(&sl, 0, sizeof(sl));
	sl.name = STR_LIT("Home");
	assert_int_equal(store_slider_add(fx->st, &sl, &fx->slider), NG_OK);
	memset(&sd, 0, sizeof(sd));
	sd.slider_id = fx->slider;
	sd.image_url = STR_LIT("/media/a.jpg");
	sd.alt = STR_LIT("A");
	assert_int_equal(store_slide_add(fx->st, &sd, &fx->slide[0]), NG_OK);
	sd.image_url = STR_LIT("/media/b.jpg");
	sd.alt = STR_LIT("B");
	assert_int_equal(store_slide_add(fx->st, &sd, &fx->slide[1]), NG_OK);
	memset(&slot, 0, sizeof(slot));
	slot.name = STR_LIT("top");
	slot.placement = AD_PLACE_HEADER;
	slot.width = 728;
	slot.height = 90;
	assert_int_equal(store_ad_slot_add(fx->st, &slot, &fx->slot), NG_OK);
	slot.name = STR_LIT("side");
	assert_int_equal(store_ad_slot_add(fx->st, &slot, &fx->slot2), NG_OK);
	memset(&ad, 0, sizeof(ad));
	ad.slot_id = fx->slot;
	ad.name = STR_LIT("house");
	ad.kind = AD_IMAGE;
	ad.image_url = STR_LIT("/house-ad.svg");
	ad.link_url = STR_LIT("https://example.com/");
	ad.alt = STR_LIT("House");
	ad.weight = 1;
	ad.active = 1;
	assert_int_equal(store_ad_add(fx->st, &ad, &fx->ad), NG_OK);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	store_close(fx->st);
	arena_free(fx->ar);
	testlib_rmrf(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

static void
test_slider_rename(void **state)
{
	struct fx *fx = *state;
	static const struct {
		const char *name;
		int	    bad_id;
		enum ng_err want;
	} tests[] = {
		{ "Front page", 0, NG_OK },
		{ "", 0, NG_EINVAL },
		{ "tab\there", 0, NG_EINVAL },
		{ "Gone", 1, NG_ENOTFOUND },
	};
	struct slider *sl;
	uint64_t       gen;
	size_t	       i;
	enum ng_err    err;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		gen = store_generation(fx->st);
		err = store_slider_rename(fx->st,
		    tests[i].bad_id ? 999999 : fx->slider,
		    str_c(tests[i].name));
		assert_int_equal(err, tests[i].want);
		assert_true(
		    (store_generation(fx->st) != gen) == (err == NG_OK));
	}
	assert_int_equal(store_slider_get(fx->ar, fx->st, fx->slider, &sl),
	    NG_OK);
	assert_true(str_eqc(sl->name, "Front page"));
}

static void
test_slide_update(void **state)
{
	struct fx *fx = *state;
	static const struct {
		const char *image, *link;
		int	    position;
		int	    other_slider;
		enum ng_err want;
	} tests[] = {
		{ "/media/c.jpg", "https://example.com/", 9, 0, NG_OK },
		{ "//evil.example/x.jpg", "", 1, 0, NG_EINVAL },
		{ "/media/c.jpg", "javascript:alert(1)", 1, 0, NG_EINVAL },
		{ "/media/c.jpg", "", -1, 0, NG_EINVAL },
		/* A slide is edited only within its own slider. */
		{ "/media/c.jpg", "", 1, 1, NG_ENOTFOUND },
	};
	struct slider *sl, other;
	struct slide   sd;
	int64_t	       other_id;
	size_t	       i;

	memset(&other, 0, sizeof(other));
	other.name = STR_LIT("Other");
	assert_int_equal(store_slider_add(fx->st, &other, &other_id), NG_OK);
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		memset(&sd, 0, sizeof(sd));
		sd.id = fx->slide[0];
		sd.slider_id = tests[i].other_slider ? other_id : fx->slider;
		sd.image_url = str_c(tests[i].image);
		sd.link_url = str_c(tests[i].link);
		sd.alt = STR_LIT("Edited");
		sd.caption = STR_LIT("Caption");
		sd.position = tests[i].position;
		assert_int_equal(store_slide_update(fx->st, &sd),
		    tests[i].want);
	}
	/* Position 9 moved the first slide after the second. */
	assert_int_equal(store_slider_get(fx->ar, fx->st, fx->slider, &sl),
	    NG_OK);
	assert_int_equal(sl->nslides, 2);
	assert_true(sl->slides[0].id == fx->slide[1]);
	assert_true(sl->slides[1].id == fx->slide[0]);
	assert_true(str_eqc(sl->slides[1].image_url, "/media/c.jpg"));
	assert_true(str_eqc(sl->slides[1].alt, "Edited"));
	assert_true(str_eqc(sl->slides[1].caption, "Caption"));
}

static void
test_slot_update_delete(void **state)
{
	struct fx *fx = *state;
	static const struct {
		const char *name;
		int	    width;
		int	    position;
		enum ng_err want;
	} tests[] = {
		{ "leader", 970, 0, NG_OK },
		{ "side", 970, 0, NG_ECONFLICT }, /* taken */
		{ "Bad Name", 970, 0, NG_EINVAL },
		{ "leader", 0, 0, NG_EINVAL },
		{ "leader", 2001, 0, NG_EINVAL },
		{ "leader", 970, 10001, NG_EINVAL },
	};
	struct ad_slot slot, got;
	struct ad     *ads;
	size_t	       i, n;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		memset(&slot, 0, sizeof(slot));
		slot.id = fx->slot;
		slot.name = str_c(tests[i].name);
		slot.placement = AD_PLACE_FRONT;
		slot.position = tests[i].position;
		slot.width = tests[i].width;
		slot.height = 250;
		assert_int_equal(store_ad_slot_update(fx->st, &slot),
		    tests[i].want);
	}
	assert_int_equal(store_ad_slot_get(fx->ar, fx->st, STR_LIT("leader"),
			     &got),
	    NG_OK);
	assert_int_equal(got.placement, AD_PLACE_FRONT);
	assert_int_equal(got.width, 970);
	assert_int_equal(got.height, 250);
	/* Deleting the slot deletes its ads. */
	assert_int_equal(store_ad_slot_delete(fx->st, fx->slot), NG_OK);
	assert_int_equal(store_ad_slot_delete(fx->st, fx->slot), NG_ENOTFOUND);
	assert_int_equal(store_ad_list(fx->ar, fx->st, 0, &ads, &n), NG_OK);
	assert_int_equal(n, 0);
}

static void
test_ad_update(void **state)
{
	struct fx *fx = *state;
	static const struct {
		enum ad_kind kind;
		const char  *code;
		int	     weight;
		int64_t	     starts, ends;
		int	     bad_slot, bad_section; /* ids not there */
		enum ng_err  want;
	} tests[] = {
		{ AD_CODE, "<b>hi</b>", 7, 100, 200, 0, 0, NG_OK },
		{ AD_CODE, "", 7, 0, 0, 0, 0, NG_EINVAL },
		{ AD_CODE, "x", 0, 0, 0, 0, 0, NG_EINVAL },
		{ AD_CODE, "x", 1001, 0, 0, 0, 0, NG_EINVAL },
		{ AD_CODE, "x", 1, 200, 100, 0, 0, NG_EINVAL },
		{ AD_CODE, "x", 1, 0, 0, 1, 0, NG_EINVAL },
		{ AD_CODE, "x", 1, 0, 0, 0, 1, NG_EINVAL },
		{ AD_IMAGE, "", 1, 0, 0, 0, 0, NG_EINVAL }, /* no image */
	};
	struct ad ad, got;
	size_t	  i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		memset(&ad, 0, sizeof(ad));
		ad.id = fx->ad;
		ad.slot_id = tests[i].bad_slot ? 999999 : fx->slot2;
		ad.name = STR_LIT("edited");
		ad.kind = tests[i].kind;
		ad.code = str_c(tests[i].code);
		ad.weight = tests[i].weight;
		ad.starts_at = tests[i].starts;
		ad.ends_at = tests[i].ends;
		ad.section_id = tests[i].bad_section ? 999999 : fx->sec;
		ad.active = 1;
		assert_int_equal(store_ad_update(fx->st, &ad), tests[i].want);
	}
	assert_int_equal(store_ad_get(fx->ar, fx->st, fx->ad, &got), NG_OK);
	assert_int_equal(got.kind, AD_CODE);
	assert_true(str_eqc(got.code, "<b>hi</b>"));
	assert_true(got.image_url.n == 0); /* the old kind's fields */
	assert_int_equal(got.slot_id, fx->slot2);
	assert_int_equal(got.weight, 7);
	assert_int_equal(got.starts_at, 100);
	assert_int_equal(got.ends_at, 200);
	assert_int_equal(got.section_id, fx->sec);
	ad.id = 999999;
	ad.slot_id = fx->slot2;
	ad.section_id = 0;
	ad.kind = AD_CODE;
	ad.code = STR_LIT("x");
	ad.weight = 1;
	ad.starts_at = ad.ends_at = 0;
	assert_int_equal(store_ad_update(fx->st, &ad), NG_ENOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_slider_rename, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_slide_update, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_slot_update_delete, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ad_update, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
