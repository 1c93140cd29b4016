/*
 * tools.c -- Tools > Import and Tools > Export (administrators only).
 *
 * Import takes a WordPress export (WXR) as an upload, saves it in the
 * data directory and hands it to the background job (jobs/import_job.h),
 * which runs the command line's importer while the site keeps serving.
 * The Tools page shows the job: while it runs, a pass, a percentage and
 * a count that refresh every two seconds (a <meta> refresh, so no script
 * is needed); then the summary, or why nothing was imported.
 *
 * Export writes the whole site as WXR (import_job_export()) into a
 * file in the data directory and sends it as a download.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "admin/admin_int.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "http/multipart.h"
#include "http/req.h"
#include "http/resp.h"
#include "jobs/import_job.h"
#include "render/tv.h"

static enum ng_err
refuse(struct admin_ctx *ctx, int status, const char *why)
{
	struct tv *root;

	root = admin_view(ctx, "Import refused");
	tv_set_cstr(ctx->a, root, "message", why);
	tv_set_int(ctx->a, root, "status", status);
	return admin_render(ctx, root, "admin_error", status);
}

static const char *const pass_names[IMPORT_PASSES + 1] = { "starting",
	"checking the file", "authors, terms and media",
	"posts, pages and comments", "related articles" };

static void
status_tv(struct admin_ctx *ctx, struct tv *root)
{
	struct import_job   *j = admin_of(ctx->r)->imports;
	struct import_status s;
	struct arena	    *a = ctx->a;
	struct tv	    *x;
	char		     when[64];

	import_job_status(j, &s);
	if (s.state == IMPORT_IDLE)
		return;
	x = tv_map(a);
	tv_set_str(a, x, "name", str_c(arena_strdup(a, s.name)));
	tv_set_bool(a, x, "dry_run", s.dry_run);
	admin_fmt_time(ctx, s.started, when, sizeof(when));
	tv_set_str(a, x, "started", str_c(arena_strdup(a, when)));
	switch (s.state) {
	case IMPORT_RUNNING:
		tv_set_bool(a, x, "running", 1);
		tv_set_str(a, x, "pass",
		    str_c(pass_names[s.pass >= 0 && s.pass <= IMPORT_PASSES ?
			    s.pass :
			    0]));
		tv_set_int(a, x, "pass_no", s.pass);
		tv_set_int(a, x, "passes", IMPORT_PASSES);
		tv_set_int(a, x, "percent",
		    s.total > 0 ? (int64_t)(s.done * 100 / s.total) : 0);
		tv_set_int(a, x, "items", (int64_t)s.items);
		/* Reload until it is done; the page needs no script. */
		tv_set_int(a, root, "refresh", 2);
		break;
	case IMPORT_DONE:
		tv_set_bool(a, x, "done", 1);
		tv_set_str(a, x, "summary",
		    str_c(arena_strdup(a, s.summary != NULL ? s.summary : "")));
		break;
	default:
		tv_set_bool(a, x, "failed", 1);
		tv_set_str(a, x, "error", str_c(arena_strdup(a, s.error)));
		break;
	}
	if (s.finished > 0) {
		admin_fmt_time(ctx, s.finished, when, sizeof(when));
		tv_set_str(a, x, "finished", str_c(arena_strdup(a, when)));
	}
	free(s.summary);
	tv_set(a, root, "import", x);
}

/* GET /admin/tools/ */
enum ng_err
admin_tools(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct tv	*root;

	if (!admin_enter(r, rs, CAP_USERS, &ctx))
		return NG_OK;
	root = admin_view(&ctx, "Tools");
	tv_set_int(ctx.a, root, "upload_max_mb",
	    (int64_t)(((uint64_t)ctx.app->cfg->body_max < ADMIN_IMPORT_MAX ?
			      (uint64_t)ctx.app->cfg->body_max :
			      ADMIN_IMPORT_MAX) >>
		20));
	status_tv(&ctx, root);
	return admin_render(&ctx, root, "admin_tools", 200);
}

/* Write the upload where the job can read it: <data>/import-XXXXXX.xml */
static enum ng_err
save_upload(struct admin_ctx *ctx, struct str data, char **path)
{
	const char *dir = ctx->app->cfg->data_dir;
	char	   *p;
	size_t	    off = 0;
	ssize_t	    w;
	int	    fd;

	if ((p = arena_printf(ctx->a, "%s/import-XXXXXX.xml", dir)) == NULL)
		return NG_ENOMEM;
	if ((fd = mkstemps(p, 4)) == -1) {
		log_err("import: cannot create %s: %s", p, strerror(errno));
		return NG_EIO;
	}
	while (off < data.n) {
		if ((w = write(fd, data.p + off, data.n - off)) <= 0) {
			if (w == -1 && errno == EINTR)
				continue;
			log_err("import: cannot write %s: %s", p,
			    strerror(errno));
			close(fd);
			(void)unlink(p);
			return NG_EIO;
		}
		off += (size_t)w;
	}
	if (close(fd) != 0) {
		(void)unlink(p);
		return NG_EIO;
	}
	*path = p;
	return NG_OK;
}

/* POST /admin/tools/import/ (multipart: csrf, file, dry_run) */
enum ng_err
admin_tools_import(struct req *r, struct resp *rs)
{
	struct admin_ctx	     ctx;
	struct multipart_part	    *v;
	const struct multipart_part *file, *dry;
	char			    *path, name[128];
	size_t			     n;
	enum ng_err		     err;

	if (!admin_enter(r, rs, CAP_USERS, &ctx))
		return NG_OK;
	if (multipart_parse(ctx.a, req_header(r, "Content-Type"), r->body, &v,
		&n) != NG_OK)
		return refuse(&ctx, 400,
		    "The upload was not a well-formed "
		    "multipart/form-data form.");
	file = multipart_find(v, n, "file");
	if (file == NULL || file->filename.p == NULL || file->data.n == 0)
		return refuse(&ctx, 400,
		    "Choose a WordPress export file "
		    "(.xml) to import.");
	dry = multipart_find(v, n, "dry_run");
	snprintf(name, sizeof(name), "%.*s",
	    (int)(file->filename.n < 100 ? file->filename.n : 100),
	    file->filename.p);
	if ((err = save_upload(&ctx, file->data, &path)) != NG_OK)
		return refuse(&ctx, 500,
		    "The file could not be saved in the "
		    "data directory (is the disk full?). Nothing was "
		    "imported.");
	err = import_job_start(admin_of(r)->imports, path, name,
	    dry != NULL && dry->data.n > 0);
	if (err != NG_OK) {
		(void)unlink(path);
		if (err == NG_ECONFLICT)
			return refuse(&ctx, 409,
			    "An import is running: wait "
			    "for it to finish, then import again.");
		return refuse(&ctx, 500, "The import could not be started.");
	}
	log_info("admin: %.*s started an import of %s (%zu bytes)",
	    (int)ctx.user->login.n, ctx.user->login.p, name, file->data.n);
	admin_redirect(&ctx, "/admin/tools/?msg=import");
	return NG_OK;
}

/* GET /admin/tools/export: the whole site as a WXR download. */
enum ng_err
admin_tools_export(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct stat	 sb;
	struct tm	 tm;
	time_t		 now = time(NULL);
	char		*path, *body, why[256], day[16];
	size_t		 got = 0, articles = 0;
	ssize_t		 k;
	int		 fd;
	FILE		*f;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_USERS, &ctx))
		return NG_OK;
	path = arena_printf(ctx.a, "%s/export-XXXXXX.xml",
	    ctx.app->cfg->data_dir);
	if (path == NULL)
		return NG_ENOMEM;
	if ((fd = mkstemps(path, 4)) == -1 || (f = fdopen(fd, "w+")) == NULL) {
		if (fd != -1) {
			close(fd);
			(void)unlink(path);
		}
		return refuse(&ctx, 500,
		    "The export file could not be made "
		    "in the data directory.");
	}
	/* Unlinked at once: the open stream is all that is needed. */
	(void)unlink(path);
	err = import_job_export(ctx.st, f, ctx.app->cfg->base_url, &articles,
	    why, sizeof(why));
	if (err == NG_OK &&
	    (fstat(fileno(f), &sb) == -1 ||
		lseek(fileno(f), 0, SEEK_SET) == -1))
		err = NG_EIO;
	body = err == NG_OK ? arena_alloc(ctx.a, (size_t)sb.st_size + 1) : NULL;
	while (body != NULL && got < (size_t)sb.st_size) {
		if ((k = read(fileno(f), body + got,
			 (size_t)sb.st_size - got)) <= 0) {
			if (k == -1 && errno == EINTR)
				continue;
			body = NULL;
			break;
		}
		got += (size_t)k;
	}
	fclose(f);
	if (body == NULL) {
		log_err("admin: export failed: %s",
		    err != NG_OK ? why : "cannot read it back");
		return refuse(&ctx, 500,
		    "The export failed; see the "
		    "server's log.");
	}
	gmtime_r(&now, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	admin_private(r, rs);
	rs->status = 200;
	rs->content_type = "application/xml; charset=utf-8";
	rs->body = (struct str){ body, got };
	rs->compress = 1;
	resp_header_add(r, rs, "Content-Disposition",
	    arena_printf(ctx.a,
		"attachment; filename=\"nutgraf.wordpress.%s.xml\"", day));
	log_info("admin: %.*s exported the site (%zu articles, %zu bytes)",
	    (int)ctx.user->login.n, ctx.user->login.p, articles, got);
	return NG_OK;
}
