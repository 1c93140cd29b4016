/*
 * test_multipart.c -- multipart/form-data parsing (src/http/multipart.c):
 * boundaries, parts, file fields, and every malformed shape refused.
 */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "http/multipart.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define CT	 "multipart/form-data; boundary=XyZ"

static const struct {
	const char *ctype;
	enum ng_err want;
	const char *boundary;
} boundary_cases[] = {
	{ CT, NG_OK, "XyZ" },
	{ "multipart/form-data; boundary=\"a b;c\"", NG_OK, "a b;c" },
	{ "Multipart/Form-Data;charset=utf-8;boundary=q", NG_OK, "q" },
	{ "multipart/form-data; xboundary=a", NG_EINVAL, NULL },
	{ "multipart/form-data", NG_EINVAL, NULL },
	{ "multipart/form-data; boundary=", NG_EINVAL, NULL },
	{ "multipart/form-data; boundary=\"unterminated", NG_EINVAL, NULL },
	{ "multipart/mixed; boundary=a", NG_EINVAL, NULL },
	{ "multipart/form-dataX; boundary=a", NG_EINVAL, NULL },
	{ "application/x-www-form-urlencoded", NG_EINVAL, NULL },
	{ "", NG_EINVAL, NULL },
	{ "multipart/form-data; boundary="
	  "12345678901234567890123456789012345678901234567890123456789012345678901",
	    NG_EINVAL, NULL }, /* 71 characters */
};

static void
test_boundary(void **state)
{
	struct str b;
	size_t	   i;

	(void)state;
	for (i = 0; i < NELEM(boundary_cases); i++) {
		enum ng_err err = multipart_boundary(str_c(boundary_cases[i]
							       .ctype),
		    &b);

		if (err != boundary_cases[i].want)
			fail_msg("case %zu (%s): got %d", i,
			    boundary_cases[i].ctype, err);
		if (boundary_cases[i].boundary != NULL &&
		    !str_eqc(b, boundary_cases[i].boundary))
			fail_msg("case %zu: boundary %.*s", i, (int)b.n, b.p);
	}
}

/* Expected parts, "name|filename|type|data"; filename "-" is none. */
static const struct {
	const char *body;
	enum ng_err want;
	size_t	    nparts;
	const char *parts[3];
} parse_cases[] = {
	{ "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
	  "one\r\n--XyZ--\r\n",
	    NG_OK, 1, { "a|-||one" } },
	/* A file part with a type; data may hold CRLF and "--Xy". */
	{ "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n"
	  "tok\r\n--XyZ\r\ncontent-disposition: form-data; name=\"file\"; "
	  "filename=\"a;b.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
	  "\xff\xd8\r\n--Xy\r\nz\r\n--XyZ--",
	    NG_OK, 2,
	    { "csrf|-||tok",
		"file|a;b.jpg|image/jpeg|\xff\xd8\r\n--Xy\r\nz" } },
	/* A preamble, an empty value, padding after the delimiter. */
	{ "ignored\r\n--XyZ  \r\nContent-Disposition: form-data; "
	  "name=\"e\"\r\n\r\n\r\n--XyZ\r\nContent-Disposition: form-data; "
	  "filename=\"f\"; name=\"n\"\r\n\r\nx\r\n--XyZ--\r\n",
	    NG_OK, 2, { "e|-||", "n|f||x" } },
	/* A quoted ';' or "name=" inside a value is not a parameter
	 *, whichever order the parameters come in. */
	{ "--XyZ\r\nContent-Disposition: form-data; "
	  "filename=\"a;name=x.jpg\"; name=\"file\"\r\n\r\n"
	  "d\r\n--XyZ--",
	    NG_OK, 1, { "file|a;name=x.jpg||d" } },
	{ "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
	  "filename=\"a;name=x.jpg\"\r\n\r\nd\r\n--XyZ--",
	    NG_OK, 1, { "file|a;name=x.jpg||d" } },
	{ "--XyZ\r\nContent-Disposition: form-data; "
	  "filename=\"x; name=\\\"evil\\\"\"; name=\"f\"\r\n\r\n"
	  "d\r\n--XyZ--",
	    NG_OK, 1, { "f|x; name=\\\"evil\\\"||d" } },
	/* Control bytes in a part's header (found by fuzz_multipart). */
	{ "--XyZ\r\nContent-Disposition: form-data; name=a\r\x10"
	  "b\r\n\r\n"
	  "d\r\n--XyZ--",
	    NG_EINVAL, 0, { NULL } },
	/* filename= is not name= */
	{ "--XyZ\r\nContent-Disposition: form-data; filename=\"x\"\r\n\r\n"
	  "a\r\n--XyZ--",
	    NG_EINVAL, 0, { NULL } },
	/* no Content-Disposition */
	{ "--XyZ\r\nContent-Type: text/plain\r\n\r\na\r\n--XyZ--", NG_EINVAL, 0,
	    { NULL } },
	/* not form-data */
	{ "--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n"
	  "a\r\n--XyZ--",
	    NG_EINVAL, 0, { NULL } },
	/* unterminated part */
	{ "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
	  "abc",
	    NG_EINVAL, 0, { NULL } },
	/* headers never end */
	{ "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n", NG_EINVAL,
	    0, { NULL } },
	/* a header line without a colon */
	{ "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nbogus"
	  "\r\n\r\nx\r\n--XyZ--",
	    NG_EINVAL, 0, { NULL } },
	/* no delimiter at all, the wrong one, an empty body */
	{ "just text", NG_EINVAL, 0, { NULL } },
	{ "--Other\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
	  "x\r\n--Other--",
	    NG_EINVAL, 0, { NULL } },
	{ "", NG_EINVAL, 0, { NULL } },
	/* junk after a delimiter instead of CRLF */
	{ "--XyZjunk\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
	  "x\r\n--XyZ--",
	    NG_EINVAL, 0, { NULL } },
	/* an empty form */
	{ "--XyZ--\r\n", NG_OK, 0, { NULL } },
};

static void
check_part(size_t i, const struct multipart_part *pt, const char *want)
{
	char got[256];
	int  k;

	k = snprintf(got, sizeof(got), "%.*s|%.*s|%.*s|%.*s", (int)pt->name.n,
	    pt->name.p, pt->filename.p == NULL ? 1 : (int)pt->filename.n,
	    pt->filename.p == NULL ? "-" : pt->filename.p, (int)pt->type.n,
	    pt->type.p, (int)pt->data.n, pt->data.p);
	assert_true(k > 0 && (size_t)k < sizeof(got));
	if (strcmp(got, want) != 0)
		fail_msg("case %zu: part \"%s\", want \"%s\"", i, got, want);
}

static void
test_parse(void **state)
{
	struct arena	      *a;
	struct multipart_part *v;
	size_t		       i, j, n;
	enum ng_err	       err;

	(void)state;
	for (i = 0; i < NELEM(parse_cases); i++) {
		a = arena_new(1 << 20);
		err = multipart_parse(a, STR_LIT(CT),
		    (struct str){ parse_cases[i].body,
			strlen(parse_cases[i].body) },
		    &v, &n);
		if (err != parse_cases[i].want)
			fail_msg("case %zu: got %d, want %d", i, err,
			    parse_cases[i].want);
		if (err == NG_OK) {
			assert_int_equal(n, parse_cases[i].nparts);
			for (j = 0; j < n; j++)
				check_part(i, &v[j], parse_cases[i].parts[j]);
		}
		arena_free(a);
	}
}

/* File data with NULs and CRLFs comes through byte for byte. */
static void
test_binary(void **state)
{
	static const char
	    body[] = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
		     "filename=\"x\"\r\n\r\n\x00\x01\r\n\x00--XyZ--";
	struct arena		    *a = arena_new(1 << 16);
	struct multipart_part	    *v;
	const struct multipart_part *pt;
	size_t			     n;

	(void)state;
	assert_int_equal(multipart_parse(a, STR_LIT(CT),
			     (struct str){ body, sizeof(body) - 1 }, &v, &n),
	    NG_EINVAL);
	/* With the CRLF before the delimiter it parses. */
	{
		static const char ok[] =
		    "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
		    "filename=\"x\"\r\n\r\n\x00\x01\r\n\x00\r\n--XyZ--";

		assert_int_equal(multipart_parse(a, STR_LIT(CT),
				     (struct str){ ok, sizeof(ok) - 1 }, &v,
				     &n),
		    NG_OK);
		pt = multipart_find(v, n, "file");
		assert_non_null(pt);
		assert_int_equal(pt->data.n, 5);
		assert_memory_equal(pt->data.p, "\x00\x01\r\n\x00", 5);
		assert_null(multipart_find(v, n, "other"));
	}
	arena_free(a);
}

/* More than MULTIPART_PARTS_MAX parts is NG_ETOOBIG. */
static void
test_too_many(void **state)
{
	struct arena	      *a = arena_new(1 << 20);
	struct multipart_part *v;
	char		       body[8192];
	size_t		       n, len = 0, i;

	(void)state;
	for (i = 0; i <= MULTIPART_PARTS_MAX; i++)
		len += (size_t)snprintf(body + len, sizeof(body) - len,
		    "--XyZ\r\nContent-Disposition: form-data; name=\"f%zu\""
		    "\r\n\r\nv\r\n",
		    i);
	len += (size_t)snprintf(body + len, sizeof(body) - len, "--XyZ--");
	assert_true(len < sizeof(body));
	assert_int_equal(multipart_parse(a, STR_LIT(CT),
			     (struct str){ body, len }, &v, &n),
	    NG_ETOOBIG);
	/* One fewer is fine. */
	len = 0;
	for (i = 0; i < MULTIPART_PARTS_MAX; i++)
		len += (size_t)snprintf(body + len, sizeof(body) - len,
		    "--XyZ\r\nContent-Disposition: form-data; name=\"f%zu\""
		    "\r\n\r\nv\r\n",
		    i);
	len += (size_t)snprintf(body + len, sizeof(body) - len, "--XyZ--");
	assert_int_equal(multipart_parse(a, STR_LIT(CT),
			     (struct str){ body, len }, &v, &n),
	    NG_OK);
	assert_int_equal(n, MULTIPART_PARTS_MAX);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boundary),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_too_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
