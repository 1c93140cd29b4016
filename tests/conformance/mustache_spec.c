/*
 * mustache_spec.c -- run the official Mustache spec against our engine.
 *
 * Usage: mustache_spec SPECDIR  (NUTGRAF_MUSTACHE_SPEC overrides SPECDIR)
 *
 * Every *.json file in SPECDIR (https://github.com/mustache/spec, specs/)
 * holds a "tests" array of { name, data, template, partials, expected }.
 * Each test gets a fresh set and arena: the data become a tv tree, the
 * partials and the template are compiled, the template is rendered
 * without MUSTACHE_STRICT_RAW (the spec expects {{{x}}} to write strings
 * raw) and the output is compared byte for byte.  Output is TAP.  Lambdas
 * are not implemented, so their file is skipped.
 *
 * The spec is not part of the repository.  When SPECDIR does not exist
 * the suite is skipped (TAP "1..0 # SKIP", exit status 0), saying
 * where to get it, so a plain clone passes `make test`; a spec
 * directory that exists but holds no spec files is a failure.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "render/mustache.h"
#include "render/tv.h"

#define MAIN_NAME " main" /* no tag can name it: it has a space */

struct specfile {
	char   *name;
	json_t *root;
	size_t	ntests;
};

static struct tv *
to_tv(struct arena *a, json_t *j)
{
	struct tv  *v;
	const char *key;
	json_t	   *val;
	size_t	    i;

	switch (json_typeof(j)) {
	case JSON_OBJECT:
		v = tv_map(a);
		json_object_foreach(j, key, val)
		    tv_set(a, v, key, to_tv(a, val));
		return v;
	case JSON_ARRAY:
		v = tv_list(a);
		json_array_foreach(j, i, val) tv_push(a, v, to_tv(a, val));
		return v;
	case JSON_STRING:
		return tv_str(a,
		    (struct str){ json_string_value(j),
			json_string_length(j) });
	case JSON_INTEGER:
		return tv_int(a, (int64_t)json_integer_value(j));
	case JSON_REAL:
		return tv_num(a, json_real_value(j));
	case JSON_TRUE:
		return tv_bool(a, 1);
	case JSON_FALSE:
		return tv_bool(a, 0);
	default:
		return tv_null(a);
	}
}

/* Print s as a TAP diagnostic, one "# " line per line of s. */
static void
diag(const char *label, const char *s, size_t n)
{
	size_t i;

	printf("#   %s: \"", label);
	for (i = 0; i < n; i++) {
		if (s[i] == '\n')
			printf("\\n");
		else if (s[i] == '\r')
			printf("\\r");
		else if (s[i] == '\t')
			printf("\\t");
		else
			putchar(s[i]);
	}
	printf("\"\n");
}

/* Run one test; return 1 if it passed. */
static int
run_test(json_t *t)
{
	struct mustache_set *set;
	struct arena	    *a;
	struct buf	     out;
	struct str	     got;
	json_t		    *partials, *val, *tmpl, *want;
	const char	    *key;
	char		     err[256];
	int		     ok = 0;
	enum ng_err	     rc;

	tmpl = json_object_get(t, "template");
	want = json_object_get(t, "expected");
	if (!json_is_string(tmpl) || !json_is_string(want)) {
		printf("#   malformed test\n");
		return 0;
	}
	set = mustache_set_new();
	a = arena_new(1 << 20);
	buf_init(&out, NULL);

	partials = json_object_get(t, "partials");
	json_object_foreach(partials, key, val)
	{
		if (mustache_set_add(set, key, json_string_value(val),
			json_string_length(val), err, sizeof(err)) != NG_OK) {
			printf("#   partial %s: %s\n", key, err);
			goto out;
		}
	}
	if (mustache_set_add(set, MAIN_NAME, json_string_value(tmpl),
		json_string_length(tmpl), err, sizeof(err)) != NG_OK) {
		printf("#   template: %s\n", err);
		goto out;
	}
	rc = mustache_render(set, MAIN_NAME,
	    to_tv(a, json_object_get(t, "data")), 0, &out);
	if (arena_failed(a)) {
		printf("#   data did not fit the arena\n");
		goto out;
	}
	if (rc != NG_OK || buf_finish(&out, &got) != NG_OK) {
		printf("#   render: %s\n", ng_strerror(rc));
		goto out;
	}
	ok = got.n == json_string_length(want) &&
	    memcmp(got.p, json_string_value(want), got.n) == 0;
	if (!ok) {
		diag("template", json_string_value(tmpl),
		    json_string_length(tmpl));
		diag("expected", json_string_value(want),
		    json_string_length(want));
		diag("got", got.p, got.n);
	}
out:
	buf_release(&out);
	arena_free(a);
	mustache_set_free(set);
	return ok;
}

static int
want_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 5 && strcmp(d->d_name + n - 5, ".json") == 0 &&
	    strstr(d->d_name, "lambdas") == NULL;
}

int
main(int argc, char *argv[])
{
	struct stat	 sb;
	struct dirent  **ents = NULL;
	struct specfile *files;
	json_error_t	 jerr;
	json_t		*tests, *t;
	const char	*dir, *name;
	char		 path[4096];
	size_t		 i, j, total = 0, num = 0, failed = 0;
	int		 n, k;

	if ((dir = getenv("NUTGRAF_MUSTACHE_SPEC")) == NULL || *dir == '\0')
		dir = argc > 1 ? argv[1] : NULL;
	if (dir == NULL) {
		printf("Bail out! usage: mustache_spec SPECDIR\n");
		return 1;
	}
	if (stat(dir, &sb) == -1) {
		printf("1..0 # SKIP Mustache spec not found at %s: clone "
		       "https://github.com/mustache/spec and set "
		       "NUTGRAF_MUSTACHE_SPEC to its specs/ directory\n",
		    dir);
		return 0;
	}
	if ((n = scandir(dir, &ents, want_file, alphasort)) <= 0) {
		printf("Bail out! no Mustache spec files in %s\n", dir);
		return 1;
	}
	files = calloc((size_t)n, sizeof(*files));
	if (files == NULL)
		return 1;
	for (k = 0; k < n; k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, ents[k]->d_name);
		files[k].name = ents[k]->d_name;
		files[k].root = json_load_file(path, 0, &jerr);
		tests = json_object_get(files[k].root, "tests");
		if (!json_is_array(tests)) {
			printf("Bail out! %s: %s\n", path,
			    files[k].root == NULL ? jerr.text :
						    "no tests array");
			return 1;
		}
		files[k].ntests = json_array_size(tests);
		total += files[k].ntests;
	}

	printf("1..%zu\n", total);
	for (k = 0; k < n; k++) {
		size_t pass = 0;

		tests = json_object_get(files[k].root, "tests");
		json_array_foreach(tests, j, t)
		{
			name = json_string_value(json_object_get(t, "name"));
			if (run_test(t)) {
				pass++;
				printf("ok %zu - %s: %s\n", ++num,
				    files[k].name, name ? name : "?");
			} else {
				failed++;
				printf("not ok %zu - %s: %s\n", ++num,
				    files[k].name, name ? name : "?");
			}
		}
		printf("# %s: %zu/%zu passed\n", files[k].name, pass,
		    files[k].ntests);
	}
	for (i = 0; i < (size_t)n; i++) {
		json_decref(files[i].root);
		free(ents[i]);
	}
	free(ents);
	free(files);
	return failed == 0 ? 0 : 1;
}
