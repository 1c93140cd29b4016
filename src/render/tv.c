/*
 * tv.c -- template values built in a request arena.
 *
 * Every builder tolerates a NULL arena result and NULL containers, so a
 * handler builds a whole view without checks and tests arena_failed()
 * once (see tv.h).  Nothing here copies string bytes: a tv borrows them.
 */
#include <stdint.h>

#include "core/arena.h"
#include "render/tv.h"

static struct tv *
tv_new(struct arena *a, enum tv_type type)
{
	struct tv *v;

	if (a == NULL || (v = arena_calloc(a, 1, sizeof(*v))) == NULL)
		return NULL;
	v->type = type;
	return v;
}

struct tv *
tv_null(struct arena *a)
{
	return tv_new(a, TV_NULL);
}

struct tv *
tv_bool(struct arena *a, int b)
{
	struct tv *v;

	if ((v = tv_new(a, TV_BOOL)) != NULL)
		v->u.b = b != 0;
	return v;
}

struct tv *
tv_num(struct arena *a, double d)
{
	struct tv *v;

	if ((v = tv_new(a, TV_NUM)) != NULL)
		v->u.num = d;
	return v;
}

struct tv *
tv_int(struct arena *a, int64_t i)
{
	return tv_num(a, (double)i);
}

struct tv *
tv_str(struct arena *a, struct str s)
{
	struct tv *v;

	/* A NULL pointer with a length would be read by the renderer. */
	if (s.p == NULL)
		s.n = 0;
	if ((v = tv_new(a, TV_STR)) != NULL)
		v->u.s = s;
	return v;
}

struct tv *
tv_cstr(struct arena *a, const char *s)
{
	return tv_str(a, str_c(s));
}

struct tv *
tv_html(struct arena *a, struct safe_html h)
{
	struct tv *v;

	if (h.s.p == NULL)
		h.s.n = 0;
	if ((v = tv_new(a, TV_HTML)) != NULL)
		v->u.s = h.s;
	return v;
}

struct tv *
tv_list(struct arena *a)
{
	return tv_new(a, TV_LIST);
}

struct tv *
tv_map(struct arena *a)
{
	return tv_new(a, TV_MAP);
}

void
tv_set(struct arena *a, struct tv *map, const char *key, struct tv *v)
{
	struct tv_pair *p;

	if (map == NULL || map->type != TV_MAP || key == NULL || a == NULL)
		return;
	/*
	 * A key bound to "nothing" must still stop the context-stack walk
	 * (the spec's lookup finds the key, then its null value), so store
	 * a real null node rather than a NULL pointer.
	 */
	if (v == NULL && (v = tv_null(a)) == NULL)
		return;
	if ((p = arena_alloc(a, sizeof(*p))) == NULL)
		return;
	p->key = str_c(key);
	p->v = v;
	p->next = NULL;
	if (map->u.map.tail == NULL)
		map->u.map.head = p;
	else
		map->u.map.tail->next = p;
	map->u.map.tail = p;
	map->u.map.n++;
}

void
tv_set_str(struct arena *a, struct tv *map, const char *key, struct str s)
{
	tv_set(a, map, key, tv_str(a, s));
}

void
tv_set_cstr(struct arena *a, struct tv *map, const char *key, const char *s)
{
	tv_set(a, map, key, tv_cstr(a, s));
}

void
tv_set_int(struct arena *a, struct tv *map, const char *key, int64_t i)
{
	tv_set(a, map, key, tv_int(a, i));
}

void
tv_set_bool(struct arena *a, struct tv *map, const char *key, int b)
{
	tv_set(a, map, key, tv_bool(a, b));
}

void
tv_set_html(struct arena *a, struct tv *map, const char *key,
    struct safe_html h)
{
	tv_set(a, map, key, tv_html(a, h));
}

void
tv_push(struct arena *a, struct tv *list, struct tv *v)
{
	struct tv_item *it;

	if (list == NULL || list->type != TV_LIST || a == NULL)
		return;
	if (v == NULL && (v = tv_null(a)) == NULL)
		return;
	if ((it = arena_alloc(a, sizeof(*it))) == NULL)
		return;
	it->v = v;
	it->next = NULL;
	if (list->u.list.tail == NULL)
		list->u.list.head = it;
	else
		list->u.list.tail->next = it;
	list->u.list.tail = it;
	list->u.list.n++;
}

struct tv *
tv_get(const struct tv *map, struct str key)
{
	const struct tv_pair *p;
	struct tv	     *found = NULL;

	if (map == NULL || map->type != TV_MAP)
		return NULL;
	/* The last binding wins, so keep walking after a match. */
	for (p = map->u.map.head; p != NULL; p = p->next)
		if (str_eq(p->key, key))
			found = p->v;
	return found;
}

int
tv_truthy(const struct tv *v)
{
	if (v == NULL)
		return 0;
	switch (v->type) {
	case TV_NULL:
		return 0;
	case TV_BOOL:
		return v->u.b;
	case TV_STR:
	case TV_HTML:
		return v->u.s.n > 0;
	case TV_LIST:
		return v->u.list.n > 0;
	default:
		return 1;
	}
}
