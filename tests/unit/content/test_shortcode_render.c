/*
 * test_shortcode_render.c -- what an article save makes of shortcodes:
 * golden files (tests/golden/shortcode/NAME.in -> .out HTML, .txt text,
 * .warn warnings; NAME_html.in is an imported HTML body) against a real store holding a slider, an ad slot, a
 * related article, two images, two audio files and a video; and the leak invariant, that no
 * '[' of a broken shortcode reaches the HTML or the text.
 *
 * NG_GOLDEN_UPDATE=1 rewrites the golden files from the current output.
 */
#include "testlib.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "content/article.h"
#include "content/shortcode.h"
#include "store/store.h"

#include <sqlite3.h>

static const char *golden_dir;

struct fixture {
	char	     *dir;
	struct store *st;
	struct arena *a;
};

static void
write_file(const char *path, const char *p, size_t n)
{
	FILE *f;

	if ((f = fopen(path, "wb")) == NULL)
		fail_msg("cannot write %s", path);
	if (fwrite(p, 1, n, f) != n || fclose(f) != 0)
		fail_msg("cannot write %s", path);
}

static int
golden_compare(const char *path, struct str got, int update)
{
	char  *want;
	size_t wn;
	int    ok;

	if (update) {
		write_file(path, got.p, got.n);
		return 1;
	}
	if ((want = testlib_read_file(path, &wn)) == NULL)
		fail_msg("missing golden file %s", path);
	ok = wn == got.n && memcmp(want, got.p, wn) == 0;
	if (!ok)
		print_error("%s differs.\n--- want\n%s\n--- got\n%.*s\n", path,
		    want, (int)got.n, got.p);
	free(want);
	return ok;
}

/* Media rows have no store API yet (the media module's); add them raw. */
static void
add_media(const char *dbpath)
{
	sqlite3 *db;
	char	*msg = NULL;

	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	if (sqlite3_exec(db,
		"INSERT INTO media (id, path, mime, alt, caption, "
		"created_at) VALUES (1, '2024/04/a.jpg', 'image/jpeg', 'First', "
		"'The first image', 0), (2, '2024/04/b.jpg', 'image/jpeg', "
		"'Second \"quoted\"', NULL, 0)",
		NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("media: %s", msg);
	/* Audio and video (src/media/av.h): alt is the title. */
	if (sqlite3_exec(db,
		"INSERT INTO media (id, path, mime, width, height, alt, "
		"caption, credit, created_at, bytes, duration) VALUES "
		"(3, '00112233445566ff/media.mp3', 'audio/mpeg', 0, 0, "
		"'Tide <song>', 'At the quay', 'The \"Band\"', 0, 2500000, "
		"185), (4, '00112233445566aa/media.mp4', 'video/mp4', 640, "
		"360, 'Docking', NULL, NULL, 0, 9000, 3725), (5, "
		"'00112233445566bb/media.ogg', 'audio/ogg', 0, 0, NULL, "
		"NULL, NULL, 0, 0, 0)",
		NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("media: %s", msg);
	sqlite3_close(db);
}

static int
setup(void **state)
{
	struct fixture *f;
	struct slider	sl;
	struct slide	s;
	struct ad_slot	slot;
	struct article	art;
	int64_t		id;
	char		path[4096], err[256];

	f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->dir = testlib_tmpdir();
	snprintf(path, sizeof(path), "%s/test.db", f->dir);
	if (store_open(path, 2, &f->st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	add_media(path);
	f->a = arena_new(1 << 26);

	memset(&sl, 0, sizeof(sl));
	sl.name = STR_LIT("Harbour");
	sl.legacy_id = 31272;
	assert_int_equal(store_slider_add(f->st, &sl, &id), NG_OK);
	assert_int_equal(id, 1);
	memset(&s, 0, sizeof(s));
	s.slider_id = 1;
	s.image_url = STR_LIT("/media/one.jpg");
	s.alt = STR_LIT("Boats & \"nets\"");
	s.caption = STR_LIT("Dawn <at> the harbour");
	s.link_url = STR_LIT("/2024/04/harbour/");
	assert_int_equal(store_slide_add(f->st, &s, &id), NG_OK);
	s.image_url = STR_LIT("/media/two.jpg");
	s.alt = STR_LIT("Market");
	s.caption = STR_LIT("");
	s.link_url = STR_LIT("");
	assert_int_equal(store_slide_add(f->st, &s, &id), NG_OK);

	memset(&slot, 0, sizeof(slot));
	slot.name = STR_LIT("top");
	slot.width = 728;
	slot.height = 90;
	assert_int_equal(store_ad_slot_add(f->st, &slot, &id), NG_OK);

	memset(&art, 0, sizeof(art));
	art.title = STR_LIT("Related <Story>");
	art.body_md = STR_LIT("Body.");
	art.status = ARTICLE_PUBLISHED;
	art.published_at = 1714039200; /* 2024-04-25 10:00 UTC */
	art.created_at = art.updated_at = art.published_at;
	assert_int_equal(article_save(f->a, f->st, &art, NULL, 0, &id), NG_OK);
	assert_int_equal(id, 1);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	store_close(f->st);
	arena_free(f->a);
	testlib_rmrf(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void
test_golden(void **state)
{
	struct fixture		 *f = *state;
	struct shortcode_warning *w;
	struct safe_html	  h;
	struct str		  txt, ws;
	struct buf		  b;
	DIR			 *d;
	struct dirent		 *de;
	char			  path[4096], *src;
	size_t			  len, n, nw, i, cases = 0, failed = 0;
	const char		 *env;
	int			  update;

	env = getenv("NG_GOLDEN_UPDATE");
	update = env != NULL && strcmp(env, "1") == 0;
	assert_non_null(golden_dir);
	if ((d = opendir(golden_dir)) == NULL)
		fail_msg("cannot open %s", golden_dir);
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 4 || strcmp(de->d_name + len - 3, ".in") != 0)
			continue;
		cases++;
		snprintf(path, sizeof(path), "%s/%s", golden_dir, de->d_name);
		if ((src = testlib_read_file(path, &n)) == NULL)
			fail_msg("cannot read %s", path);
		/* NAME_html.in: an imported HTML body, not Markdown. */
		if (len > 8 && strcmp(de->d_name + len - 8, "_html.in") == 0)
			assert_int_equal(shortcode_render_html(f->a, f->st,
					     (struct str){ src, n }, &h, &txt,
					     &w, &nw, NULL),
			    NG_OK);
		else
			assert_int_equal(shortcode_render_body(f->a, f->st,
					     (struct str){ src, n }, &h, &txt,
					     &w, &nw),
			    NG_OK);
		buf_init(&b, f->a);
		for (i = 0; i < nw; i++)
			buf_printf(&b, "%.*s\n", (int)w[i].message.n,
			    w[i].message.p);
		assert_int_equal(buf_finish(&b, &ws), NG_OK);
#define GOLD(ext, s)                                                    \
	do {                                                            \
		snprintf(path, sizeof(path), "%s/%.*s" ext, golden_dir, \
		    (int)(len - 3), de->d_name);                        \
		failed += !golden_compare(path, (s), update);           \
	} while (0)
		GOLD(".out", h.s);
		GOLD(".txt", txt);
		GOLD(".warn", ws);
#undef GOLD
		free(src);
	}
	closedir(d);
	assert_true(cases >= 10);
	assert_int_equal(failed, 0);
}

/*
 * Broken shortcodes of every sort, alone and among good ones: the HTML
 * and the text hold no '[' at all (the inputs have no other '['), and
 * there is one warning per broken shortcode, naming its line.
 */
static void
test_no_leak(void **state)
{
	static const char *const broken[] = {
		"[nosuch id=1]",
		"[slider id=99]",
		"[slider id=\"1]",
		"[slider id=1",
		"[soliloquy id=\"5\"]",
		"[related id=999]",
		"[related]",
		"[ad slot=\"nope\"]",
		"[ad]",
		"[gallery]",
		"[gallery ids=\"9\"]",
		"[embed]javascript:alert(1)[/embed]",
		"[audio src=\"data:audio/mp3,x\"]",
		"[video]",
		"[playlist ids=\"1,2\"]",
		"[caption]never closed",
		"[/caption]",
		"[slider id=1 /",
		"[foo bar='x]",
		"[slider id=\"1\"x]",
		"[/slider]",
		"[caption][ad slot=top][/caption]",
		"[SLIDER ID=\"abc\"]",
		"[embed]",
		"[slider a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8 i=9 j=0 "
		"k=1 l=2 m=3 n=4 o=5 p=6 q=7]",
	};
	struct fixture		 *f = *state;
	struct shortcode_warning *w;
	struct safe_html	  h;
	struct str		  txt;
	struct buf		  b;
	struct str		  md;
	size_t			  i, nw;
	char			  line[16];

	for (i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		buf_init(&b, f->a);
		buf_printf(&b, "Good [slider id=1] text.\n\n%s\n\nEnd.\n",
		    broken[i]);
		assert_int_equal(buf_finish(&b, &md), NG_OK);
		assert_int_equal(shortcode_render_body(f->a, f->st, md, &h,
				     &txt, &w, &nw),
		    NG_OK);
		if (memchr(h.s.p, '[', h.s.n) != NULL ||
		    memchr(txt.p, '[', txt.n) != NULL)
			fail_msg("%s leaked:\n%.*s\n%.*s", broken[i],
			    (int)h.s.n, h.s.p, (int)txt.n, txt.p);
		if (nw < 1)
			fail_msg("%s: no warning", broken[i]);
		snprintf(line, sizeof(line), "Line 3: ");
		assert_memory_equal(w[0].message.p, line, strlen(line));
		assert_non_null(strstr(h.s.p, "<ng-sc k=\"slider\" id=\"1\">"));
		assert_non_null(strstr(h.s.p, "<p>End.</p>"));
	}
}

/* The token brackets cannot be forged from the source. */
static void
test_tokens_unforgeable(void **state)
{
	struct fixture	*f = *state;
	struct safe_html h;
	struct str	 txt;
	const char	*md = "x \xee\x80\x80"
			      "0\xee\x80\x81 y\n\n"
			      "[ad slot=top]\n";

	assert_int_equal(shortcode_render_body(f->a, f->st, str_c(md), &h, &txt,
			     NULL, NULL),
	    NG_OK);
	/* The typed token is U+FFFD now; the ad is the only marker. */
	assert_non_null(strstr(h.s.p,
	    "x \xef\xbf\xbd"
	    "0\xef\xbf\xbd y"));
	assert_null(strstr(h.s.p, "\xee\x80\x80"));
	assert_non_null(strstr(h.s.p, "<ng-sc k=\"ad\" v=\"top\"></ng-sc>"));
	assert_int_equal(strstr(h.s.p, "<ng-sc") -
		strstr(h.s.p, "<ng-sc k=\"ad\""),
	    0);
}

/* article_save_ex() hands the warnings to the editor. */
static void
test_article_save_ex(void **state)
{
	struct fixture		 *f = *state;
	struct shortcode_warning *w;
	struct article		  art, *got;
	size_t			  nw;
	int64_t			  id;

	memset(&art, 0, sizeof(art));
	art.title = STR_LIT("With shortcodes");
	art.body_md = STR_LIT("One.\n\n[slider id=42]\n\n[ad slot=top]\n");
	art.status = ARTICLE_PUBLISHED;
	assert_int_equal(article_save_ex(f->a, f->st, &art, NULL, 0, &id, &w,
			     &nw),
	    NG_OK);
	assert_int_equal(nw, 1);
	assert_int_equal(w[0].line, 3);
	assert_true(str_eqc(w[0].name, "slider"));
	assert_true(str_eqc(w[0].message,
	    "Line 3: [slider] was left out: there is no such slider."));
	assert_int_equal(store_article_by_id(f->a, f->st, id, &got), NG_OK);
	/* The source keeps what the editor wrote. */
	assert_true(str_eqc(got->body_md,
	    "One.\n\n[slider id=42]\n\n"
	    "[ad slot=top]\n"));
	assert_null(memchr(got->body_html.s.p, '[', got->body_html.s.n));
	assert_true(str_eqc(got->body_text, "One."));
	/* The editor page asks again for the stored body. */
	assert_int_equal(shortcode_warnings(f->a, f->st, got->body_md, &w, &nw),
	    NG_OK);
	assert_int_equal(nw, 1);
	assert_int_equal(w[0].line, 3);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_golden, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_leak, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tokens_unforgeable, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_article_save_ex, setup,
		    teardown),
	};

	golden_dir = argc > 1 ? argv[1] : NULL;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
