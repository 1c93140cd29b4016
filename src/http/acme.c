/*
 * acme.c -- ACME HTTP-01 challenge files.  The token is checked before
 * it becomes part of a path, so no request can reach beyond the
 * challenge directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/acme.h"
#include "http/req.h"
#include "http/resp.h"

int
acme_token_ok(struct str t)
{
	size_t i;
	char   c;

	if (t.n == 0 || t.n > 255)
		return 0;
	for (i = 0; i < t.n; i++) {
		c = t.p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

enum ng_err
acme_read(struct arena *a, const char *webroot, struct str token,
    struct str *out)
{
	char	path[PATH_MAX];
	char   *buf;
	ssize_t n;
	int	fd;

	*out = STR_NULL;
	if (webroot == NULL || *webroot == '\0' || !acme_token_ok(token))
		return NG_ENOTFOUND;
	if (snprintf(path, sizeof(path), "%s" ACME_PREFIX "%.*s", webroot,
		(int)token.n, token.p) >= (int)sizeof(path))
		return NG_ENOTFOUND;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return errno == ENOENT || errno == ELOOP ? NG_ENOTFOUND :
							   NG_EIO;
	if ((buf = arena_alloc(a, ACME_FILE_MAX)) == NULL) {
		close(fd);
		return NG_ENOMEM;
	}
	n = read(fd, buf, ACME_FILE_MAX);
	close(fd);
	if (n < 0)
		return NG_EIO;
	*out = (struct str){ buf, (size_t)n };
	return NG_OK;
}

enum ng_err
acme_handler(struct req *r, struct resp *rs)
{
	struct str  body;
	enum ng_err err;

	err = acme_read(r->arena, r->app->cfg->acme_webroot, req_cap(r, 0),
	    &body);
	if (err != NG_OK)
		return err;
	rs->status = 200;
	rs->content_type = "text/plain";
	rs->cache_control = "no-store";
	rs->body = body;
	return NG_OK;
}
