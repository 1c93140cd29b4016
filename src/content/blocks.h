/*
 * blocks.h -- bodies written in WordPress's block editor.
 *
 * The block editor saves HTML with each block between comment
 * delimiters: "<!-- wp:paragraph {"align":"center"} -->...<!--
 * /wp:paragraph -->", or self-closing "<!-- wp:latest-posts {...} /-->".
 * Static blocks (paragraph, image, gallery, quote, table, ...) carry
 * their final HTML; they render from it with the delimiters removed.
 * Dynamic blocks (latest posts, archives, search, query loops,
 * navigation, post title/date/terms, reusable blocks, ...) are rendered
 * by WordPress on every request from their attributes; those with a
 * nutgraf equivalent become it (an embed becomes "[embed]URL[/embed]",
 * search a link to the search page), the rest are dropped, inner
 * content and all, and counted.
 *
 * No delimiter ever reaches the output: what is not a block delimiter is
 * copied, and the sanitizer drops every remaining comment.
 * Pure: no I/O, no globals.
 */
#ifndef NG_CONTENT_BLOCKS_H
#define NG_CONTENT_BLOCKS_H

#include <stddef.h>

#include "core/err.h"
#include "core/str.h"

struct arena;

#define BLOCKS_NAMES_MAX 16 /* distinct dropped names remembered */

struct blocks_dropped {
	struct str name; /* "core/latest-posts" */
	size_t	   count;
};

struct blocks_result {
	struct str	      html;
	size_t		      nblocks;	/* block openers seen */
	size_t		      ndropped; /* dynamic blocks dropped */
	struct blocks_dropped dropped[BLOCKS_NAMES_MAX];
	size_t		      ndropnames;
};

/* Non-zero if src has a block delimiter (WordPress's has_blocks()). */
int blocks_present(const char *src, size_t n);

/*
 * Render the block document src[0..n) into out (in a).  Returns
 * NG_ENOMEM when a is full.
 */
enum ng_err blocks_render(struct arena *a, const char *src, size_t n,
    struct blocks_result *out) NG_WUR;

#endif
