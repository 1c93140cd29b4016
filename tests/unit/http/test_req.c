/*
 * test_req.c -- path validation, query decoding, methods, status tables.
 */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "http/http_int.h"
#include "http/limits.h"
#include "http/req.h"
#include "http/resp.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *raw;
	size_t	    n; /* 0: strlen(raw) */
	enum ng_err want;
	const char *decoded;
	size_t	    dn; /* 0: strlen(decoded) */
} path_cases[] = {
	{ "/", 0, NG_OK, "/", 0 },
	{ "/healthz", 0, NG_OK, "/healthz", 0 },
	{ "/2024/05/niger-deal/", 0, NG_OK, "/2024/05/niger-deal/", 0 },
	{ "/tag/caf%C3%A9/", 0, NG_OK, "/tag/caf\xc3\xa9/", 0 },
	{ "/a%20b", 0, NG_OK, "/a b", 0 },
	{ "/a+b", 0, NG_OK, "/a+b", 0 }, /* '+' is literal */
	{ "/%7euser", 0, NG_OK, "/~user", 0 },
	{ "/.well-known/x", 0, NG_OK, "/.well-known/x", 0 },
	{ "/a/...", 0, NG_OK, "/a/...", 0 }, /* not a dot segment */
	{ "/a/..b", 0, NG_OK, "/a/..b", 0 },
	{ "/a//b", 0, NG_OK, "/a//b", 0 }, /* router says 404 */
	{ "/%25", 0, NG_OK, "/%", 0 },	   /* decoded once */
	{ "/%2525", 0, NG_OK, "/%25", 0 },
	/* bad percent-encoding */
	{ "/%zz", 0, NG_EINVAL, NULL, 0 },
	{ "/%", 0, NG_EINVAL, NULL, 0 },
	{ "/%4", 0, NG_EINVAL, NULL, 0 },
	{ "/a%g0", 0, NG_EINVAL, NULL, 0 },
	{ "/%%41", 0, NG_EINVAL, NULL, 0 },
	/* NUL and other control bytes, raw or encoded */
	{ "/a%00b", 0, NG_EINVAL, NULL, 0 },
	{ "/a\0b", 4, NG_EINVAL, NULL, 0 },
	{ "/a%0d%0aSet-Cookie:x", 0, NG_EINVAL, NULL, 0 },
	{ "/a\tb", 0, NG_EINVAL, NULL, 0 },
	{ "/a%7f", 0, NG_EINVAL, NULL, 0 },
	/* dot segments, raw or encoded */
	{ "/..", 0, NG_EINVAL, NULL, 0 },
	{ "/.", 0, NG_EINVAL, NULL, 0 },
	{ "/a/../b", 0, NG_EINVAL, NULL, 0 },
	{ "/a/./b", 0, NG_EINVAL, NULL, 0 },
	{ "/assets/..", 0, NG_EINVAL, NULL, 0 },
	{ "/a/%2e%2e/b", 0, NG_EINVAL, NULL, 0 },
	{ "/a/%2E./b", 0, NG_EINVAL, NULL, 0 },
	{ "/a/.%2e", 0, NG_EINVAL, NULL, 0 },
	{ "/a/%2e/", 0, NG_EINVAL, NULL, 0 },
	/* encoded slash would change the segments */
	{ "/assets/..%2f..%2fetc", 0, NG_EINVAL, NULL, 0 },
	{ "/tag/a%2Fb/", 0, NG_EINVAL, NULL, 0 },
	/* not origin-form */
	{ "", 0, NG_EINVAL, NULL, 0 },
	{ "a/b", 0, NG_EINVAL, NULL, 0 },
	{ "*", 0, NG_EINVAL, NULL, 0 },
	{ "http://x/", 0, NG_EINVAL, NULL, 0 },
};

static void
test_path_decode(void **state)
{
	struct arena *a = arena_new(1 << 16);
	struct str    out;
	size_t	      i, n;
	enum ng_err   err;

	(void)state;
	for (i = 0; i < NELEM(path_cases); i++) {
		n = path_cases[i].n != 0 ? path_cases[i].n :
					   strlen(path_cases[i].raw);
		err = req_path_decode(a, path_cases[i].raw, n, &out);
		if (err != path_cases[i].want)
			fail_msg("case %zu \"%s\": got %d want %d", i,
			    path_cases[i].raw, err, path_cases[i].want);
		if (err != NG_OK) {
			assert_null(out.p);
			continue;
		}
		assert_int_equal(out.n, strlen(path_cases[i].decoded));
		assert_memory_equal(out.p, path_cases[i].decoded, out.n);
		assert_int_equal(out.p[out.n], '\0');
	}
	arena_free(a);
}

static void
test_path_limits(void **state)
{
	struct arena *a = arena_new(1 << 16);
	char	      long_path[HTTP_PATH_MAX + 2];
	struct str    out;

	(void)state;
	memset(long_path, 'a', sizeof(long_path));
	long_path[0] = '/';
	assert_int_equal(req_path_decode(a, long_path, HTTP_PATH_MAX, &out),
	    NG_OK);
	assert_int_equal(out.n, HTTP_PATH_MAX);
	assert_int_equal(req_path_decode(a, long_path, HTTP_PATH_MAX + 1, &out),
	    NG_ETOOBIG);
	arena_free(a);

	/* A full arena is NG_ENOMEM, not a crash or a bad decode. */
	a = arena_new(1 << 16);
	arena_fail_after(a, 0);
	assert_int_equal(req_path_decode(a, "/x", 2, &out), NG_ENOMEM);
	assert_null(out.p);
	arena_free(a);
}

static const struct {
	const char *in;
	enum ng_err want;
	const char *out;
} comp_cases[] = {
	{ "", NG_OK, "" },
	{ "abc", NG_OK, "abc" },
	{ "a+b", NG_OK, "a b" },
	{ "a%2Bb", NG_OK, "a+b" },
	{ "caf%c3%a9", NG_OK, "caf\xc3\xa9" },
	{ "100%25", NG_OK, "100%" },
	{ "%3d%26", NG_OK, "=&" },
	{ "%", NG_EINVAL, NULL },
	{ "%a", NG_EINVAL, NULL },
	{ "%zz", NG_EINVAL, NULL },
	{ "a%00b", NG_EINVAL, NULL },
};

static void
test_query_decode(void **state)
{
	struct arena *a = arena_new(1 << 16);
	struct str    out;
	size_t	      i;

	(void)state;
	for (i = 0; i < NELEM(comp_cases); i++) {
		assert_int_equal(req_query_decode(a, comp_cases[i].in,
				     strlen(comp_cases[i].in), &out),
		    comp_cases[i].want);
		if (comp_cases[i].want != NG_OK)
			continue;
		assert_int_equal(out.n, strlen(comp_cases[i].out));
		assert_memory_equal(out.p, comp_cases[i].out, out.n);
	}
	arena_free(a);
}

static const struct {
	const char *query; /* NULL: no '?' at all */
	const char *name;
	enum ng_err want;
	const char *value;
} find_cases[] = {
	{ NULL, "q", NG_ENOTFOUND, NULL },
	{ "", "q", NG_ENOTFOUND, NULL },
	{ "q=news", "q", NG_OK, "news" },
	{ "q=niger+deal", "q", NG_OK, "niger deal" },
	{ "a=1&q=x%26y&b=2", "q", NG_OK, "x&y" },
	{ "q=first&q=second", "q", NG_OK, "first" },
	{ "q", "q", NG_OK, "" },
	{ "q=", "q", NG_OK, "" },
	{ "q=a=b", "q", NG_OK, "a=b" },
	{ "qq=1", "q", NG_ENOTFOUND, NULL },
	{ "Q=1", "q", NG_ENOTFOUND, NULL }, /* keys are exact */
	{ "%71=encoded-key", "q", NG_OK, "encoded-key" },
	{ "my+key=v", "my key", NG_OK, "v" },
	{ "&&q=1&", "q", NG_OK, "1" },
	{ "q=%zz&q=ok", "q", NG_OK, "ok" }, /* malformed pair skipped */
	{ "q=%00", "q", NG_ENOTFOUND, NULL },
	{ "q%=1&q=2", "q", NG_OK, "2" },
	{ "page=2&q=x", "page", NG_OK, "2" },
};

static void
test_query_find(void **state)
{
	struct arena *a = arena_new(1 << 16);
	struct str    q, out;
	size_t	      i;
	enum ng_err   err;

	(void)state;
	for (i = 0; i < NELEM(find_cases); i++) {
		q = find_cases[i].query == NULL ? STR_NULL :
						  str_c(find_cases[i].query);
		err = req_query_find(a, q, find_cases[i].name, &out);
		if (err != find_cases[i].want)
			fail_msg("case %zu \"%s\": got %d", i,
			    find_cases[i].query, err);
		if (err != NG_OK)
			continue;
		assert_int_equal(out.n, strlen(find_cases[i].value));
		assert_memory_equal(out.p, find_cases[i].value, out.n);
	}
	arena_free(a);
}

/* req_query() goes through the same code with the request's arena. */
static void
test_req_accessors(void **state)
{
	struct req r;
	struct str v;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.arena = arena_new(1 << 16);
	r.query = STR_LIT("s=hello+world&x");
	v = req_query(&r, "s");
	assert_true(str_eqc(v, "hello world"));
	assert_non_null(req_query(&r, "x").p);
	assert_null(req_query(&r, "y").p);
	/* No connection: no headers, and no crash. */
	assert_null(req_header(&r, "Host").p);
	r.caps[0] = STR_LIT("2024");
	r.ncaps = 1;
	assert_true(str_eqc(req_cap(&r, 0), "2024"));
	assert_null(req_cap(&r, 1).p);
	assert_null(req_cap(&r, 99).p);
	arena_free(r.arena);
}

static void
test_methods(void **state)
{
	(void)state;
	assert_int_equal(req_method_of(STR_LIT("GET")), HTTP_GET);
	assert_int_equal(req_method_of(STR_LIT("HEAD")), HTTP_HEAD);
	assert_int_equal(req_method_of(STR_LIT("POST")), HTTP_POST);
	assert_int_equal(req_method_of(STR_LIT("OPTIONS")), HTTP_OPTIONS);
	assert_int_equal(req_method_of(STR_LIT("get")), HTTP_OTHER);
	assert_int_equal(req_method_of(STR_LIT("GETX")), HTTP_OTHER);
	assert_int_equal(req_method_of(STR_LIT("")), HTTP_OTHER);
	assert_int_equal(req_method_of(STR_LIT("TRACE")), HTTP_OTHER);
}

static void
test_status_tables(void **state)
{
	static const struct {
		enum ng_err err;
		int	    status;
	} map[] = {
		{ NG_OK, 200 },
		{ NG_ENOTFOUND, 404 },
		{ NG_EINVAL, 400 },
		{ NG_ETOOBIG, 413 },
		{ NG_EFORBIDDEN, 403 },
		{ NG_ECONFLICT, 409 },
		{ NG_ENOMEM, 503 },
		{ NG_EDB, 503 },
		{ NG_EIO, 500 },
		{ NG_ERR__MAX, 500 },
		{ (enum ng_err) - 1, 500 },
	};
	size_t i;
	int    e;

	(void)state;
	for (i = 0; i < NELEM(map); i++)
		assert_int_equal(resp_status_of(map[i].err), map[i].status);
	/* Every code has a status decided for it. */
	for (e = NG_OK + 1; e < NG_ERR__MAX; e++)
		assert_true(resp_status_of((enum ng_err)e) >= 400);
	assert_string_equal(resp_reason(404), "Not Found");
	assert_string_equal(resp_reason(431),
	    "Request Header Fields Too Large");
	assert_string_equal(resp_reason(301), "Moved Permanently");
	assert_string_equal(resp_reason(799), "Unknown");
}

static void
test_cache_default(void **state)
{
	(void)state;
	assert_string_equal(resp_cache_default(HTTP_GET, 200),
	    "public, max-age=60");
	assert_string_equal(resp_cache_default(HTTP_HEAD, 200),
	    "public, max-age=60");
	assert_string_equal(resp_cache_default(HTTP_POST, 200), "no-store");
	assert_string_equal(resp_cache_default(HTTP_GET, 301),
	    "public, max-age=300");
	assert_string_equal(resp_cache_default(HTTP_GET, 308),
	    "public, max-age=300");
	assert_string_equal(resp_cache_default(HTTP_POST, 303), "no-store");
	assert_string_equal(resp_cache_default(HTTP_GET, 404), "no-cache");
	assert_string_equal(resp_cache_default(HTTP_GET, 503), "no-cache");
}

static void
test_resp_builders(void **state)
{
	struct req		  r;
	struct resp		  rs;
	const struct resp_header *h;

	(void)state;
	memset(&r, 0, sizeof(r));
	memset(&rs, 0, sizeof(rs));
	r.arena = arena_new(1 << 16);
	resp_header_add(&r, &rs, "X-One", "1");
	resp_header_add(&r, &rs, "X-Two", "2");
	assert_true(resp_has_header(&rs, "x-one"));
	assert_false(resp_has_header(&rs, "X-Three"));
	h = rs.headers;
	assert_string_equal(h->name, "X-One"); /* order kept */
	assert_string_equal(h->next->value, "2");
	assert_null(h->next->next);

	memset(&rs, 0, sizeof(rs));
	resp_redirect(&r, &rs, 301, "/a/");
	assert_int_equal(rs.status, 301);
	assert_string_equal(rs.headers->name, "Location");
	assert_string_equal(rs.headers->value, "/a/");

	memset(&rs, 0, sizeof(rs));
	resp_text(&r, &rs, 200, "ok");
	assert_int_equal(rs.status, 200);
	assert_true(str_eqc(rs.body, "ok"));
	assert_string_equal(rs.content_type, "text/plain; charset=utf-8");

	/* Out of request memory: the text falls back, nothing crashes. */
	arena_fail_after(r.arena, 0);
	memset(&rs, 0, sizeof(rs));
	resp_text(&r, &rs, 503, "busy");
	assert_true(str_eqc(rs.body, "Service Unavailable"));
	resp_header_add(&r, &rs, "X-Lost", "1");
	assert_null(rs.headers);
	arena_free(r.arena);
}

static const struct {
	const char *header;
	const char *name;
	enum ng_err want;
	const char *value;
} cookie_cases[] = {
	{ "", "ng_session", NG_ENOTFOUND, NULL },
	{ "ng_session=abc", "ng_session", NG_OK, "abc" },
	{ "a=1; ng_session=xyz; b=2", "ng_session", NG_OK, "xyz" },
	{ "a=1;ng_session=xyz", "ng_session", NG_OK, "xyz" },
	{ "ng_session=\"quoted\"", "ng_session", NG_OK, "quoted" },
	{ "ng_session=", "ng_session", NG_OK, "" },
	{ "x_ng_session=1", "ng_session", NG_ENOTFOUND, NULL },
	{ "ng_session_x=1", "ng_session", NG_ENOTFOUND, NULL },
	{ "novalue; ng_session=v", "ng_session", NG_OK, "v" },
	{ "ng_session=first; ng_session=second", "ng_session", NG_OK, "first" },
	{ ";;;  ;", "ng_session", NG_ENOTFOUND, NULL },
	{ "ng_session", "ng_session", NG_ENOTFOUND, NULL },
};

static void
test_cookie_find(void **state)
{
	struct str v;
	size_t	   i;

	(void)state;
	for (i = 0; i < sizeof(cookie_cases) / sizeof(cookie_cases[0]); i++) {
		assert_int_equal(req_cookie_find(str_c(cookie_cases[i].header),
				     cookie_cases[i].name, &v),
		    cookie_cases[i].want);
		if (cookie_cases[i].want == NG_OK)
			assert_true(str_eqc(v, cookie_cases[i].value));
		else
			assert_null(v.p);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_decode),
		cmocka_unit_test(test_path_limits),
		cmocka_unit_test(test_query_decode),
		cmocka_unit_test(test_query_find),
		cmocka_unit_test(test_req_accessors),
		cmocka_unit_test(test_methods),
		cmocka_unit_test(test_status_tables),
		cmocka_unit_test(test_cache_default),
		cmocka_unit_test(test_resp_builders),
		cmocka_unit_test(test_cookie_find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
