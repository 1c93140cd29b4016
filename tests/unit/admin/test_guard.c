/*
 * test_guard.c -- every /admin/ route in THE route table refuses a
 * request without a session: GET and HEAD are sent to the login page,
 * anything else gets 403, and nothing is rendered or written first.
 * Only the login form itself is open, and the pages of a forgotten
 * password (which answer without a session but, asked like this, must
 * still be private and write nothing).  A route added without
 * admin_enter() fails here.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "admin/admin.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/req.h"
#include "http/resp.h"
#include "http/router.h"
#include "render/theme.h"
#include "routes.h"
#include "store/store.h"

static struct {
	char		*dir;
	struct ng_config cfg;
	struct app	 app;
	struct store	*st;
	struct theme	*theme;
} fx;

static int
setup(void **state)
{
	char err[256], path[1024];

	(void)state;
	fx.dir = testlib_tmpdir();
	snprintf(path, sizeof(path), "%s/guard.db", fx.dir);
	if (store_open(path, 2, &fx.st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	if (theme_load(NULL, &fx.theme, err, sizeof(err)) != NG_OK)
		fail_msg("theme_load: %s", err);
	config_defaults(&fx.cfg);
	fx.app.cfg = &fx.cfg;
	fx.app.store = fx.st;
	fx.app.theme = fx.theme;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	store_close(fx.st);
	theme_free(fx.theme);
	config_free(&fx.cfg);
	testlib_rmrf(fx.dir);
	free(fx.dir);
	return 0;
}

static const char *
header(const struct resp *rs, const char *name)
{
	const struct resp_header *h;

	for (h = rs->headers; h != NULL; h = h->next)
		if (strcasecmp(h->name, name) == 0)
			return h->value;
	return NULL;
}

static void
test_every_admin_route(void **state)
{
	static const enum http_method methods[] = { HTTP_GET, HTTP_POST };
	const struct route	     *rt;
	struct req		      r;
	struct resp		      rs;
	size_t			      i, k, checked = 0;
	uint64_t		      gen;
	const char		     *loc;
	int			      open;

	(void)state;
	for (i = 0; i < nroutes; i++) {
		rt = &routes[i];
		if (strncmp(rt->pattern, "/admin/", 7) != 0)
			continue;
		for (k = 0; k < 2; k++) {
			if (!(rt->methods & ROUTE_M(methods[k])))
				continue;
			/* The login form and the login itself are open. */
			if (strcmp(rt->pattern, "/admin/login") == 0)
				continue;
			memset(&r, 0, sizeof(r));
			memset(&rs, 0, sizeof(rs));
			r.arena = arena_new(1 << 20);
			r.app = &fx.app;
			r.method = methods[k];
			r.path = str_c(rt->pattern);
			r.caps[0] = STR_LIT("1");
			r.caps[1] = STR_LIT("1");
			r.ncaps = 2;
			r.body = STR_LIT("csrf=x&title=t&body=b");
			gen = store_generation(fx.st);
			assert_int_equal(rt->fn(&r, &rs), NG_OK);
			open = strcmp(rt->pattern, "/admin/forgot") == 0 ||
			    strcmp(rt->pattern, "/admin/reset") == 0;
			if (open) {
				if (rs.status == 200 || rs.status == 303)
					assert_true(methods[k] == HTTP_GET);
			} else if (methods[k] == HTTP_GET) {
				if (rs.status != 303)
					fail_msg("%s GET: %d", rt->name,
					    rs.status);
				loc = header(&rs, "Location");
				assert_non_null(loc);
				assert_true(
				    strncmp(loc, "/admin/login", 12) == 0);
			} else if (rs.status != 403)
				fail_msg("%s POST: %d", rt->name, rs.status);
			assert_string_equal(rs.cache_control, "no-store");
			assert_non_null(header(&rs, "X-Frame-Options"));
			assert_non_null(
			    strstr(header(&rs, "Content-Security-Policy"),
				"frame-ancestors 'none'"));
			/* Refused before anything was written. */
			assert_true(store_generation(fx.st) == gen);
			arena_free(r.arena);
			checked++;
		}
	}
	/* The newsroom's routes are all there. */
	assert_true(checked >= 12);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_admin_route),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
