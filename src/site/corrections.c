/*
 * corrections.c -- an article's corrections and update notes, for the
 * reader (corrections.h).
 */
#include <stddef.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "http/req.h"
#include "render/tv.h"
#include "site/corrections.h"
#include "site/site_int.h"
#include "store/store.h"

void
site_corrections(struct view *v, const struct article *a)
{
	struct correction *c = NULL;
	struct site_date   d;
	struct tv	  *list, *x;
	size_t		   i, n = 0;

	if (store_correction_list(v->a, v->r->app->store, a->id, &c, &n) !=
	    NG_OK)
		n = 0;
	list = tv_list(v->a);
	for (i = 0; i < n; i++) {
		x = tv_map(v->a);
		tv_set_cstr(v->a, x, "kind", site_correction_kind(&c[i]));
		tv_set_bool(v->a, x, "is_update",
		    c[i].kind == CORRECTION_UPDATE);
		tv_set_str(v->a, x, "text", c[i].body);
		if (site_date_fmt(v->r, c[i].created_at, &d)) {
			tv_set_cstr(v->a, x, "date",
			    arena_strdup(v->a, d.human));
			tv_set_cstr(v->a, x, "date_iso",
			    arena_strdup(v->a, d.iso));
		}
		tv_push(v->a, list, x);
	}
	tv_set(v->a, v->root, "corrections", list);
	tv_set_bool(v->a, v->root, "has_corrections", n > 0);
}

const char *
site_correction_kind(const struct correction *c)
{
	return c->kind == CORRECTION_UPDATE ? "Update" : "Correction";
}

void
site_corrections_text(struct req *r, const struct article *a, struct buf *b)
{
	struct correction *c = NULL;
	struct site_date   d;
	size_t		   i, n = 0;

	if (store_correction_list(r->arena, r->app->store, a->id, &c, &n) !=
		NG_OK ||
	    n == 0)
		return;
	buf_puts(b, "\nCorrections and updates:\n");
	for (i = 0; i < n; i++) {
		buf_puts(b, site_correction_kind(&c[i]));
		if (site_date_fmt(r, c[i].created_at, &d))
			buf_printf(b, ", %s", d.human);
		buf_puts(b, ": ");
		buf_putstr(b, c[i].body);
		buf_puts(b, "\n");
	}
}
