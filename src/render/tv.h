/*
 * tv.h -- template values: the data a Mustache template is rendered with.
 *
 * A tree of null/bool/number/string/html/list/map nodes built in a request
 * arena by a handler and read by the Mustache engine.  Strings are
 * borrowed, not copied: a tv string must live as long as the render
 * (normally both are in the same request arena).  Maps keep insertion
 * order; lookup is linear, which is right for the dozen keys a view has.
 *
 * Builders return NULL when the arena is exhausted, and every setter and
 * pusher accepts NULL containers and values (doing nothing, or storing
 * null), so a view is built without checks and arena_failed() is tested
 * once before rendering.
 */
#ifndef NG_RENDER_TV_H
#define NG_RENDER_TV_H

#include <stddef.h>
#include <stdint.h>

#include "core/html.h"
#include "core/str.h"

struct arena;

enum tv_type {
	TV_NULL,
	TV_BOOL,
	TV_NUM,
	TV_STR,	 /* always escaped on output */
	TV_HTML, /* a struct safe_html: may be output raw */
	TV_LIST,
	TV_MAP,
	TV__MAX
};

struct tv_item {
	struct tv      *v;
	struct tv_item *next;
};

struct tv_pair {
	struct str	key;
	struct tv      *v;
	struct tv_pair *next;
};

struct tv {
	enum tv_type type;
	union {
		int	   b;	/* TV_BOOL */
		double	   num; /* TV_NUM */
		struct str s;	/* TV_STR, TV_HTML */
		struct {
			struct tv_item *head, *tail;
			size_t		n;
		} list; /* TV_LIST */
		struct {
			struct tv_pair *head, *tail;
			size_t		n;
		} map; /* TV_MAP */
	} u;
};

struct tv *tv_null(struct arena *a);
struct tv *tv_bool(struct arena *a, int b);
struct tv *tv_num(struct arena *a, double d);
struct tv *tv_int(struct arena *a, int64_t i);
struct tv *tv_str(struct arena *a, struct str s);	 /* borrows s */
struct tv *tv_cstr(struct arena *a, const char *s);	 /* borrows s */
struct tv *tv_html(struct arena *a, struct safe_html h); /* borrows */
struct tv *tv_list(struct arena *a);
struct tv *tv_map(struct arena *a);

/*
 * Set key (borrowed, NUL-terminated) in map to v, appending; a later set
 * of the same key shadows the earlier one.  v == NULL stores null.
 */
void tv_set(struct arena *a, struct tv *map, const char *key, struct tv *v);
void tv_set_str(struct arena *a, struct tv *map, const char *key, struct str s);
void tv_set_cstr(struct arena *a, struct tv *map, const char *key,
    const char *s);
void tv_set_int(struct arena *a, struct tv *map, const char *key, int64_t i);
void tv_set_bool(struct arena *a, struct tv *map, const char *key, int b);
void tv_set_html(struct arena *a, struct tv *map, const char *key,
    struct safe_html h);

/* Append v (NULL stores null) to list. */
void tv_push(struct arena *a, struct tv *list, struct tv *v);

/* The value of key in map, or NULL if map is not a map or has no key. */
struct tv *tv_get(const struct tv *map, struct str key);

/* Mustache truthiness: null, false, 0-length list and "" are falsey. */
int tv_truthy(const struct tv *v);

#endif
