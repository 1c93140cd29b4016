/*
 * editor.h -- how the newsroom saves an article, public so that the
 * REST API saves exactly as the editor does.
 */
#ifndef NG_ADMIN_EDITOR_H
#define NG_ADMIN_EDITOR_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

struct admin;
struct arena;
struct article;
struct store;

/*
 * article_save(), and when the slug was made from the title (auto_slug)
 * and is taken, again with "-2", "-3" ... appended, so a new article's
 * slug is always unique.  A stale version is still NG_ECONFLICT (the
 * caller tells the two apart by reloading).
 */
enum ng_err admin_save_unique(struct arena *a, struct store *st,
    struct article *art, const struct str *tags, size_t ntags, int auto_slug,
    int64_t *id) NG_WUR;

/*
 * Wake the scheduler after a save that scheduled or unscheduled an
 * article, so it publishes at the new time (admin.c; ad may be NULL).
 */
void admin_wake(struct admin *ad);

#endif
