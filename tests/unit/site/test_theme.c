/*
 * test_theme.c -- the theme loader: the embedded default theme, themes
 * read from a directory, asset fingerprints and content types, and load
 * errors that name the file at fault.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/embed.h"
#include "render/theme.h"
#include "render/tv.h"

/* A minimal valid theme: the five required templates and one partial. */
static const struct {
	const char *path;
	const char *body;
} minimal[] = {
	{ "templates/layout.mustache",
	    "<html>{{$content}}default{{/content}}</html>" },
	{ "templates/front.mustache",
	    "{{<layout}}{{$content}}{{>greet}}{{/content}}{{/layout}}" },
	{ "templates/article.mustache", "{{{body}}}" },
	{ "templates/archive.mustache", "archive" },
	{ "templates/error.mustache", "error {{status}}" },
	{ "partials/greet.mustache", "hello {{name}}" },
	{ "css/style.css", "body { color: black; }\n" },
};

static void
write_file(const char *dir, const char *rel, const char *body)
{
	char  path[1024], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	/* Make the parent directories of rel, one level at a time. */
	for (slash = strchr(path + strlen(dir) + 1, '/'); slash != NULL;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	if ((f = fopen(path, "w")) == NULL)
		fail_msg("fopen %s", path);
	fputs(body, f);
	fclose(f);
}

static char *
make_minimal(void)
{
	char  *dir = testlib_tmpdir();
	size_t i;

	for (i = 0; i < sizeof(minimal) / sizeof(minimal[0]); i++)
		write_file(dir, minimal[i].path, minimal[i].body);
	return dir;
}

/* Non-zero if url is "/assets/<base>.<8 hex>.<ext>". */
static int
is_fingerprinted(const char *url, const char *base, const char *ext)
{
	char   want[256];
	size_t i, n;

	n = (size_t)snprintf(want, sizeof(want), "/assets/%s.", base);
	if (strncmp(url, want, n) != 0 ||
	    strlen(url) != n + 8 + 1 + strlen(ext))
		return 0;
	for (i = n; i < n + 8; i++)
		if (strchr("0123456789abcdef", url[i]) == NULL)
			return 0;
	return url[n + 8] == '.' && strcmp(url + n + 9, ext) == 0;
}

static void
test_embedded(void **state)
{
	struct theme		 *t;
	const struct theme_asset *as;
	const char		 *url;
	char			  err[256];
	size_t			  i;

	(void)state;
	assert_int_equal(theme_load(NULL, &t, err, sizeof(err)), NG_OK);
	url = theme_asset_url(t, "css/style.css");
	assert_non_null(url);
	assert_true(is_fingerprinted(url, "style", "css"));
	as = theme_asset_by_url(t, str_c(url));
	assert_non_null(as);
	assert_string_equal(as->content_type, "text/css; charset=utf-8");
	assert_string_equal(as->path, "css/style.css");
	/* The design budget: the whole stylesheet under 30 KB. */
	assert_true(as->body.n > 1000 && as->body.n < 30 * 1024);
	for (i = 0; i < embedded_nfiles; i++)
		if (strcmp(embedded_files[i].path, "css/style.css") == 0)
			assert_memory_equal(as->body.p, embedded_files[i].data,
			    as->body.n);
	/* The CSP allows nothing external: no imports, no remote fonts. */
	assert_null(memmem(as->body.p, as->body.n, "@import", 7));
	assert_null(memmem(as->body.p, as->body.n, "http", 4));

	/* Templates are not assets. */
	assert_null(theme_asset_url(t, "templates/layout.mustache"));
	assert_null(theme_asset_by_url(t, STR_LIT("/assets/style.css")));
	assert_null(theme_asset_by_url(t, STR_LIT("/assets/layout.mustache")));
	assert_null(theme_asset_url(t, "css/nope.css"));
	theme_free(t);
}

static void
test_dir_render(void **state)
{
	struct theme *t;
	struct arena *a;
	struct buf    b;
	struct tv    *ctx;
	struct str    out;
	char	      err[256], *dir;

	(void)state;
	dir = make_minimal();
	assert_int_equal(theme_load(dir, &t, err, sizeof(err)), NG_OK);
	a = arena_new(1 << 16);
	ctx = tv_map(a);
	tv_set_cstr(a, ctx, "name", "<world>");
	buf_init(&b, a);
	assert_int_equal(theme_render(t, "front", ctx, &b), NG_OK);
	assert_int_equal(buf_finish(&b, &out), NG_OK);
	assert_true(str_eqc(out, "<html>hello &lt;world&gt;</html>"));

	/* Strict raw: a plain string in {{{ }}} is still escaped... */
	tv_set_cstr(a, ctx, "body", "<b>x</b>");
	buf_init(&b, a);
	assert_int_equal(theme_render(t, "article", ctx, &b), NG_OK);
	assert_int_equal(buf_finish(&b, &out), NG_OK);
	assert_true(str_eqc(out, "&lt;b&gt;x&lt;/b&gt;"));
	/* ...and only trusted HTML goes out raw. */
	tv_set_html(a, ctx, "body", safe_html_trust(STR_LIT("<b>x</b>")));
	buf_init(&b, a);
	assert_int_equal(theme_render(t, "article", ctx, &b), NG_OK);
	assert_int_equal(buf_finish(&b, &out), NG_OK);
	assert_true(str_eqc(out, "<b>x</b>"));

	buf_init(&b, a);
	assert_int_equal(theme_render(t, "nonesuch", ctx, &b), NG_ENOTFOUND);
	arena_free(a);
	theme_free(t);
	testlib_rmrf(dir);
	free(dir);
}

/* The URL changes with the content and only with the content. */
static void
test_fingerprint(void **state)
{
	struct theme *t1, *t2, *t3;
	char	      err[256], *dir;
	char	      u1[128], u2[128];

	(void)state;
	dir = make_minimal();
	assert_int_equal(theme_load(dir, &t1, err, sizeof(err)), NG_OK);
	assert_int_equal(theme_load(dir, &t2, err, sizeof(err)), NG_OK);
	snprintf(u1, sizeof(u1), "%s", theme_asset_url(t1, "css/style.css"));
	snprintf(u2, sizeof(u2), "%s", theme_asset_url(t2, "css/style.css"));
	assert_string_equal(u1, u2);
	write_file(dir, "css/style.css", "body { color: navy; }\n");
	assert_int_equal(theme_load(dir, &t3, err, sizeof(err)), NG_OK);
	assert_string_not_equal(u1, theme_asset_url(t3, "css/style.css"));
	/* The old URL is gone from the new theme. */
	assert_null(theme_asset_by_url(t3, str_c(u1)));
	assert_non_null(theme_asset_by_url(t1, str_c(u1)));
	theme_free(t1);
	theme_free(t2);
	theme_free(t3);
	testlib_rmrf(dir);
	free(dir);
}

static void
test_content_types(void **state)
{
	static const struct {
		const char *path;
		const char *base, *ext;
		const char *type;
	} cases[] = {
		{ "css/a.css", "a", "css", "text/css; charset=utf-8" },
		{ "js/b.js", "b", "js", "text/javascript; charset=utf-8" },
		{ "img/c.svg", "c", "svg", "image/svg+xml" },
		{ "img/d.png", "d", "png", "image/png" },
		{ "img/e.jpg", "e", "jpg", "image/jpeg" },
		{ "img/f.webp", "f", "webp", "image/webp" },
		{ "fonts/g.woff2", "g", "woff2", "font/woff2" },
		{ "h.ico", "h", "ico", "image/vnd.microsoft.icon" },
		{ "docs/i.txt", "i", "txt", "text/plain; charset=utf-8" },
		{ "misc/j.bin", "j", "bin", "application/octet-stream" },
		{ "img/K.PNG", "K", "PNG", "image/png" },
	};
	struct theme		 *t;
	const struct theme_asset *as;
	const char		 *url;
	char			  err[256], *dir, body[64];
	size_t			  i;

	(void)state;
	dir = make_minimal();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* Distinct bodies, so no two files share a URL. */
		snprintf(body, sizeof(body), "file %zu", i);
		write_file(dir, cases[i].path, body);
	}
	assert_int_equal(theme_load(dir, &t, err, sizeof(err)), NG_OK);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		url = theme_asset_url(t, cases[i].path);
		assert_non_null(url);
		assert_true(is_fingerprinted(url, cases[i].base, cases[i].ext));
		as = theme_asset_by_url(t, str_c(url));
		assert_non_null(as);
		assert_string_equal(as->content_type, cases[i].type);
	}
	theme_free(t);
	testlib_rmrf(dir);
	free(dir);
}

/* A broken theme fails to load and the message names the file. */
static void
test_errors(void **state)
{
	static const struct {
		const char *path; /* written over the minimal one */
		const char *body; /* NULL: delete the file */
		enum ng_err want;
		const char *msg; /* must appear in errbuf */
	} cases[] = {
		{ "templates/article.mustache", "{{#a}}unclosed", NG_EINVAL,
		    "templates/article.mustache" },
		{ "partials/greet.mustache", "line one\n{{/nope}}", NG_EINVAL,
		    "partials/greet.mustache" },
		{ "templates/error.mustache", NULL, NG_EINVAL,
		    "templates/error.mustache" },
		{ "partials/front.mustache", "dup", NG_ECONFLICT, "front" },
		/* Same base name, same bytes: the same URL twice. */
		{ "more/style.css", "body { color: black; }\n", NG_ECONFLICT,
		    "more/style.css" },
	};
	struct theme *t;
	char	      err[256], path[1024], *dir;
	size_t	      i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		dir = make_minimal();
		if (cases[i].body != NULL)
			write_file(dir, cases[i].path, cases[i].body);
		else {
			snprintf(path, sizeof(path), "%s/%s", dir,
			    cases[i].path);
			assert_int_equal(remove(path), 0);
		}
		err[0] = '\0';
		t = (struct theme *)1;
		assert_int_equal(theme_load(dir, &t, err, sizeof(err)),
		    cases[i].want);
		assert_null(t);
		if (strstr(err, cases[i].msg) == NULL)
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err,
			    cases[i].msg);
		testlib_rmrf(dir);
		free(dir);
	}
	assert_int_equal(theme_load("/nonexistent/theme/dir", &t, err,
			     sizeof(err)),
	    NG_EIO);
	assert_null(t);
	assert_non_null(strstr(err, "/nonexistent/theme/dir"));
	/* No error buffer at all is fine too. */
	assert_int_equal(theme_load("/nonexistent/theme/dir", &t, NULL, 0),
	    NG_EIO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded),
		cmocka_unit_test(test_dir_render),
		cmocka_unit_test(test_fingerprint),
		cmocka_unit_test(test_content_types),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
