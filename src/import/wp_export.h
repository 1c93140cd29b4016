/*
 * wp_export.h -- the whole site as a WordPress export (WXR 1.2).
 *
 * What WordPress's own importer reads, and what nutgraf's importer
 * (wp_import.h) turns back into the same site: authors, sections (as
 * categories, with parents), tags, menus (nav_menu terms and
 * nav_menu_item posts), media (attachments with their URLs on this
 * site), pages (with parents and menu order), articles (posts, with
 * their section, tags, featured image and every comment, emails and
 * addresses included: the file is an administrator's).
 *
 * IDs.  A row imported from WordPress keeps its WordPress ID, so
 * /?p=ID links survive a move out and back.  Other rows get IDs above
 * every kept one, in one number space per WordPress table (posts,
 * terms, comments, users), so nothing clashes.
 *
 * Fidelity beyond WordPress's fields rides in post meta that WordPress
 * keeps and ignores: an article written in Markdown carries its source
 * (_nutgraf_markdown) beside the rendered HTML WordPress shows, and the
 * kicker, source, canonical URL and credits have keys of their own; SEO
 * fields use Yoast's keys, which most WordPress sites already read.
 *
 * Streaming: rows are read a batch at a time (store_wp_rows()) and
 * written as they come, so memory stays bounded by the largest article
 * and a table of (id, WordPress ID) pairs.
 */
#ifndef NG_IMPORT_WP_EXPORT_H
#define NG_IMPORT_WP_EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"
#include "import/wp_import.h"

struct store;

struct wp_export_opts {
	/* "https://news.example" (no trailing slash); NULL or "": the
	 * placeholder http://localhost. */
	const char *base_url;
	/* Called every few hundred items with how many were written. */
	void (*progress)(void *arg, size_t items);
	void *arg;
};

struct wp_export_summary {
	size_t count[WPC__MAX]; /* rows written, by kind */
};

/*
 * Write the site in st to f.  NG_OK; NG_EIO when f reports a write
 * error; NG_EDB or NG_ENOMEM from reading the store -- with errbuf
 * saying so.  What was written before a failure is not a whole export.
 */
enum ng_err wp_export(struct store *st, FILE *f, const struct wp_export_opts *o,
    struct wp_export_summary *sum, char *errbuf, size_t errsz) NG_WUR;

#endif
