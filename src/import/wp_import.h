/*
 * wp_import.h -- a WordPress export (WXR) into the store.
 *
 * Three reads of the file (import/wxr.h), the last two inside one bulk
 * write transaction (store_bulk_begin()):
 *
 *   1. check: the whole file is parsed and nothing is written, so a
 *      malformed, truncated or hostile file imports nothing;
 *   2. authors (newsroom users that cannot log in until an administrator
 *      sets a password, and their bylines), categories (sections, with
 *      parents), tags, menus, attachments (media, originals read from
 *      the uploads directory, never fetched);
 *   3. posts (articles), pages, comments, menu items, which may point at
 *      anything of pass 2 whatever the order of the file.
 *
 * Every row keeps its WordPress ID (store_wp_id_set()), so importing the
 * same site again updates what changed and adds what is new, with no
 * duplicates.  A failure in pass 2 or 3 rolls everything back.
 */
#ifndef NG_IMPORT_WP_IMPORT_H
#define NG_IMPORT_WP_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "content/page.h"
#include "import/wxr.h"

struct store;

enum wp_kind_count {
	WPC_ARTICLE,
	WPC_PAGE,
	WPC_MEDIA,
	WPC_COMMENT,
	WPC_USER,
	WPC_SECTION,
	WPC_TAG,
	WPC_MENU,
	WPC_MENU_ITEM,
	WPC__MAX
};

struct wp_count {
	size_t created, updated, skipped;
};

/* Passes progress() reports: check, terms and media, posts, related. */
#define WP_IMPORT_PASSES 4

struct wp_import_opts {
	const char   *file;
	const char   *uploads;	/* NULL: no media files */
	const char   *data_dir; /* where media variants go */
	int	      dry_run;	/* do it all, then roll it back */
	page_taken_fn taken;	/* the route table's segments */
	/*
	 * Called every few hundred items: pass (1..WP_IMPORT_PASSES),
	 * bytes read of total (pass 4: articles done of total), items.
	 */
	void (*progress)(void *arg, int pass, uint64_t done, uint64_t total,
	    size_t items);
	/*
	 * Asked as often as progress (may be NULL): non-zero stops the
	 * import, which then rolls back (the server is shutting down).
	 */
	int (*stopping)(void *arg);
	void *arg;
};

struct wp_import_summary {
	struct wp_count count[WPC__MAX];
	size_t		items;
	size_t		blocks_dropped;
	size_t		shortcodes_dropped;
	char		permalink[128]; /* the pattern set, or "" */
	char	       *report;		/* malloc'd lines: skips, drops,
					   missing media */
	size_t		report_len;
};

/*
 * Import opts->file into st.  NG_OK with *sum filled (free sum->report);
 * otherwise nothing was imported and e->msg says why (with the line and
 * column for a file that does not parse).
 */
enum ng_err wp_import(struct store *st, const struct wp_import_opts *opts,
    struct wp_import_summary *sum, struct wxr_error *e) NG_WUR;

/* The summary as the CLI prints it, into buf (malloc'd). */
char *wp_import_summary_text(const struct wp_import_summary *s);

#endif
