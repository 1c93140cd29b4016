/*
 * pg_menu.c -- navigation menus in SQLite.  Input was
 * checked by store_menu.c; this file only runs SQL.
 *
 * Moves rewrite the positions of the whole menu: a menu has at most
 * STORE_MENU_ITEMS_MAX items, so reading its tree, moving one item in
 * memory and writing every place back, in one transaction, is simpler
 * than position arithmetic in SQL and cannot leave gaps or ties.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "store/pg/pg_int.h"

static enum ng_err
write_found(struct pg_conn *c, struct pg_stmt *s)
{
	enum ng_err err;

	if ((err = pg_exec_stmt(c, s)) != NG_OK)
		return err;
	return pg_changes(c) == 0 ? NG_ENOTFOUND : NG_OK;
}

enum ng_err
pg_menu_add(struct store_conn *sc, const struct menu *m, int64_t now,
    int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;

	*id = 0;
	if ((s = pg_stmt_get(c, STMT_MN_ADD)) == NULL ||
	    !pg_bind_ref(c, s, 1, m->wp_id) ||
	    !pg_bind_text(c, s, 2, m->name) || !pg_bind_i64(c, s, 3, now))
		return NG_EDB;
	if ((err = pg_exec_stmt(c, s)) == NG_OK)
		*id = pg_last_id(c);
	return err;
}

enum ng_err
pg_menu_rename(struct store_conn *sc, int64_t id, struct str name)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_MN_RENAME)) == NULL ||
	    !pg_bind_i64(c, s, 1, id) || !pg_bind_text(c, s, 2, name))
		return NG_EDB;
	return write_found(c, s);
}

enum ng_err
pg_menu_delete(struct store_conn *sc, int64_t id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_MN_DELETE)) == NULL ||
	    !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	return write_found(c, s);
}

/* A pg_row_fn: row is a struct menu without items. */
static void
menu_row(struct pg_rd *r, struct pg_stmt *s, void *row)
{
	struct menu *m = row;

	memset(m, 0, sizeof(*m));
	m->id = pg_col_i64(s, 0);
	m->wp_id = pg_col_i64(s, 1);
	m->name = pg_col_str(r, s, 2);
	m->nitems = (size_t)pg_col_i64(s, 3);
}

enum ng_err
pg_menu_list(struct arena *ar, struct store_conn *sc, struct menu **out,
    size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_MN_LIST)) == NULL ||
	    !pg_bind_i64(c, s, 1, STORE_MENUS_MAX))
		return NG_EDB;
	return pg_rows(ar, c, s, sizeof(struct menu), menu_row, out, n);
}

/* A pg_row_fn: row is a struct menu_item (enum mcol). */
static void
item_row(struct pg_rd *r, struct pg_stmt *s, void *row)
{
	struct menu_item *it = row;
	struct str	  kind;

	memset(it, 0, sizeof(*it));
	it->id = pg_col_i64(s, MCOL_ID);
	it->menu_id = pg_col_i64(s, MCOL_MENU_ID);
	it->wp_id = pg_col_i64(s, MCOL_WP_ID);
	it->parent_id = pg_col_i64(s, MCOL_PARENT_ID);
	it->position = (int)pg_col_i64(s, MCOL_POSITION);
	kind.p = (const char *)pg_col_text(s, MCOL_KIND);
	kind.n = (size_t)pg_col_bytes(s, MCOL_KIND);
	if (kind.p == NULL || !store_menu_item_kind_parse(kind, &it->kind))
		it->kind = MENU_ITEM_URL;
	it->target_id = pg_col_i64(s, MCOL_TARGET_ID);
	it->url = pg_col_str(r, s, MCOL_URL);
	it->label = pg_col_str(r, s, MCOL_LABEL);
	it->live = pg_col_i64(s, MCOL_LIVE) != 0;
	it->target_title = pg_col_str(r, s, MCOL_TARGET_TITLE);
	it->target_slug = pg_col_str(r, s, MCOL_TARGET_SLUG);
	it->target_published_at = pg_col_i64(s, MCOL_TARGET_PUBLISHED_AT);
}

enum ng_err
pg_menu_get(struct arena *ar, struct store_conn *sc, int64_t id, int64_t now,
    struct menu *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_rd	r = { ar, 0 };
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	if ((err = pg_tx_begin(c, 0)) != NG_OK)
		return err;
	if ((s = pg_stmt_get(c, STMT_MN_GET)) == NULL ||
	    !pg_bind_i64(c, s, 1, id)) {
		err = NG_EDB;
		goto out;
	}
	if ((rc = pg_step(c, s, &err)) <= 0) {
		if (rc == 0)
			err = NG_ENOTFOUND;
		goto out;
	}
	out->id = pg_col_i64(s, 0);
	out->wp_id = pg_col_i64(s, 1);
	out->name = pg_col_str(&r, s, 2);
	pg_reset(s);
	if (r.oom) {
		err = NG_ENOMEM;
		goto out;
	}
	if ((s = pg_stmt_get(c, STMT_MN_ITEMS)) == NULL ||
	    !pg_bind_i64(c, s, 1, id) || !pg_bind_i64(c, s, 2, now) ||
	    !pg_bind_i64(c, s, 3, STORE_MENU_ITEMS_MAX)) {
		err = NG_EDB;
		goto out;
	}
	err = pg_rows(ar, c, s, sizeof(struct menu_item), item_row, &out->items,
	    &out->nitems);
out:
	if (pg_tx_end(c, NG_OK) != NG_OK && err == NG_OK)
		err = NG_EDB;
	return err;
}

/* id, menu_id and parent_id of item id. */
static enum ng_err
item_get(struct pg_conn *c, int64_t id, int64_t *menu_id, int64_t *parent_id)
{
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	if ((s = pg_stmt_get(c, STMT_MN_ITEM_GET)) == NULL ||
	    !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((rc = pg_step(c, s, &err)) < 0)
		return err;
	if (rc == 0)
		return NG_ENOTFOUND;
	*menu_id = pg_col_i64(s, 1);
	*parent_id = pg_col_i64(s, 2);
	pg_reset(s);
	return NG_OK;
}

static int
bind_item(struct pg_conn *c, struct pg_stmt *s, const struct menu_item *it,
    int kind_idx)
{
	return pg_bind_text(c, s, kind_idx,
		   str_c(store_menu_item_kind_name(it->kind))) &&
	    pg_bind_ref(c, s, kind_idx + 1,
		it->kind == MENU_ITEM_URL ? 0 : it->target_id) &&
	    pg_bind_opt(c, s, kind_idx + 2,
		it->kind == MENU_ITEM_URL ? it->url : STR_NULL) &&
	    pg_bind_opt(c, s, kind_idx + 3, it->label);
}

enum ng_err
pg_menu_item_add(struct store_conn *sc, const struct menu_item *it, int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int64_t		pmenu, pparent, count = 0;
	int		rc;

	*id = 0;
	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		return err;
	/* One level: the parent is a top-level item of the same menu. */
	if (it->parent_id != 0) {
		if ((err = item_get(c, it->parent_id, &pmenu, &pparent)) !=
			NG_OK ||
		    pmenu != it->menu_id || pparent != 0) {
			if (err == NG_OK || err == NG_ENOTFOUND)
				err = NG_EINVAL;
			goto out;
		}
	}
	if ((s = pg_stmt_get(c, STMT_MN_ITEM_COUNT)) == NULL ||
	    !pg_bind_i64(c, s, 1, it->menu_id)) {
		err = NG_EDB;
		goto out;
	}
	if ((rc = pg_step(c, s, &err)) < 0)
		goto out;
	if (rc == 1)
		count = pg_col_i64(s, 0);
	pg_reset(s);
	if (count >= STORE_MENU_ITEMS_MAX) {
		err = NG_ETOOBIG;
		goto out;
	}
	if ((s = pg_stmt_get(c, STMT_MN_ITEM_ADD)) == NULL ||
	    !pg_bind_i64(c, s, 1, it->menu_id) ||
	    !pg_bind_ref(c, s, 2, it->wp_id) ||
	    !pg_bind_ref(c, s, 3, it->parent_id) ||
	    !pg_bind_ref(c, s, 4, it->position) || !bind_item(c, s, it, 5)) {
		err = NG_EDB;
		goto out;
	}
	if ((err = pg_exec_stmt(c, s)) == NG_OK)
		*id = pg_last_id(c);
out:
	err = pg_tx_end(c, err);
	if (err != NG_OK)
		*id = 0;
	return err;
}

enum ng_err
pg_menu_item_update(struct store_conn *sc, const struct menu_item *it)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_MN_ITEM_UPDATE)) == NULL ||
	    !pg_bind_i64(c, s, 1, it->id) || !bind_item(c, s, it, 2) ||
	    !pg_bind_ref(c, s, 6, it->wp_id))
		return NG_EDB;
	return write_found(c, s);
}

/* A menu's tree in display order: ids and parents. */
struct tree {
	int64_t id[STORE_MENU_ITEMS_MAX];
	int64_t parent[STORE_MENU_ITEMS_MAX];
	size_t	n;
};

static enum ng_err
tree_load(struct pg_conn *c, int64_t menu_id, struct tree *t)
{
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	t->n = 0;
	if ((s = pg_stmt_get(c, STMT_MN_ITEM_TREE)) == NULL ||
	    !pg_bind_i64(c, s, 1, menu_id) ||
	    !pg_bind_i64(c, s, 2, STORE_MENU_ITEMS_MAX))
		return NG_EDB;
	while (t->n < STORE_MENU_ITEMS_MAX && (rc = pg_step(c, s, &err)) == 1) {
		t->id[t->n] = pg_col_i64(s, 0);
		t->parent[t->n] = pg_col_i64(s, 1);
		t->n++;
	}
	pg_reset(s);
	return err;
}

/* Write every item's parent and position (1, 2, ... among siblings). */
static enum ng_err
tree_store(struct pg_conn *c, const struct tree *t)
{
	struct pg_stmt *s;
	enum ng_err	err;
	size_t		i;
	int64_t		top = 0, child = 0;

	for (i = 0; i < t->n; i++) {
		if (t->parent[i] == 0)
			child = 0;
		if ((s = pg_stmt_get(c, STMT_MN_ITEM_PLACE)) == NULL ||
		    !pg_bind_i64(c, s, 1, t->id[i]) ||
		    !pg_bind_ref(c, s, 2, t->parent[i]) ||
		    !pg_bind_i64(c, s, 3, t->parent[i] == 0 ? ++top : ++child))
			return NG_EDB;
		if ((err = pg_exec_stmt(c, s)) != NG_OK)
			return err;
	}
	return NG_OK;
}

/* Index of id in t, or t->n. */
static size_t
tree_find(const struct tree *t, int64_t id)
{
	size_t i;

	for (i = 0; i < t->n && t->id[i] != id; i++)
		continue;
	return i;
}

/* End of the block starting at i: the item and its children. */
static size_t
block_end(const struct tree *t, size_t i)
{
	size_t j = i + 1;

	if (t->parent[i] == 0)
		while (j < t->n && t->parent[j] != 0)
			j++;
	return j;
}

/*
 * Swap the adjacent blocks [a, b) and [b, c) (an item with its children
 * and its sibling with theirs), by three reversals.
 */
static void
reverse(struct tree *t, size_t a, size_t b)
{
	int64_t x;

	for (; a + 1 < b; a++, b--) {
		x = t->id[a];
		t->id[a] = t->id[b - 1];
		t->id[b - 1] = x;
		x = t->parent[a];
		t->parent[a] = t->parent[b - 1];
		t->parent[b - 1] = x;
	}
}

static void
swap_blocks(struct tree *t, size_t a, size_t b, size_t c)
{
	reverse(t, a, b);
	reverse(t, b, c);
	reverse(t, a, c);
}

/* The start of the sibling block before index i, or t->n for none. */
static size_t
prev_sibling(const struct tree *t, size_t i)
{
	size_t j = i;

	while (j > 0) {
		j--;
		if (t->parent[j] == t->parent[i])
			return j;
		if (t->parent[i] != 0 && t->id[j] == t->parent[i])
			return t->n; /* reached the parent: first child */
	}
	return t->n;
}

/* Apply a move to t in memory: NG_EINVAL when it cannot be made. */
static enum ng_err
tree_move(struct tree *t, size_t i, enum menu_move how)
{
	size_t p, e, e2, k;

	e = block_end(t, i);
	switch (how) {
	case MENU_MOVE_UP:
		if ((p = prev_sibling(t, i)) == t->n)
			return NG_EINVAL;
		swap_blocks(t, p, i, e);
		return NG_OK;
	case MENU_MOVE_DOWN:
		if (e >= t->n || t->parent[e] != t->parent[i])
			return NG_EINVAL;
		e2 = block_end(t, e);
		swap_blocks(t, i, e, e2);
		return NG_OK;
	case MENU_MOVE_INDENT:
		/* Only a top-level item without children of its own. */
		if (t->parent[i] != 0 || e != i + 1 ||
		    (p = prev_sibling(t, i)) == t->n)
			return NG_EINVAL;
		t->parent[i] = t->id[p]; /* already right after p's
						   children */
		return NG_OK;
	case MENU_MOVE_OUTDENT:
		if (t->parent[i] == 0)
			return NG_EINVAL;
		/* Out after its parent's last child, as a top-level item. */
		for (k = i + 1; k < t->n && t->parent[k] != 0; k++)
			continue;
		t->parent[i] = 0;
		if (k > i + 1)
			swap_blocks(t, i, i + 1, k);
		return NG_OK;
	default:
		return NG_EINVAL;
	}
}

enum ng_err
pg_menu_item_move(struct store_conn *sc, int64_t id, enum menu_move how)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct tree    *t;
	enum ng_err	err;
	int64_t		menu_id, parent_id;
	size_t		i;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NG_ENOMEM;
	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		goto done;
	if ((err = item_get(c, id, &menu_id, &parent_id)) != NG_OK ||
	    (err = tree_load(c, menu_id, t)) != NG_OK)
		goto out;
	if ((i = tree_find(t, id)) == t->n) {
		err = NG_ENOTFOUND;
		goto out;
	}
	if ((err = tree_move(t, i, how)) == NG_OK)
		err = tree_store(c, t);
out:
	err = pg_tx_end(c, err);
done:
	free(t);
	return err;
}

enum ng_err
pg_menu_item_delete(struct store_conn *sc, int64_t id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct tree    *t;
	struct pg_stmt *s;
	enum ng_err	err;
	int64_t		menu_id, parent_id;
	size_t		i, j;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NG_ENOMEM;
	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		goto done;
	if ((err = item_get(c, id, &menu_id, &parent_id)) != NG_OK ||
	    (err = tree_load(c, menu_id, t)) != NG_OK)
		goto out;
	if ((i = tree_find(t, id)) == t->n) {
		err = NG_ENOTFOUND;
		goto out;
	}
	/* Its children take its place at the top level. */
	for (j = i + 1; j < t->n && t->parent[j] == id; j++)
		t->parent[j] = 0;
	memmove(&t->id[i], &t->id[i + 1], (t->n - i - 1) * sizeof(t->id[0]));
	memmove(&t->parent[i], &t->parent[i + 1],
	    (t->n - i - 1) * sizeof(t->parent[0]));
	t->n--;
	if ((err = tree_store(c, t)) != NG_OK)
		goto out;
	if ((s = pg_stmt_get(c, STMT_MN_ITEM_DELETE)) == NULL ||
	    !pg_bind_i64(c, s, 1, id)) {
		err = NG_EDB;
		goto out;
	}
	err = write_found(c, s);
out:
	err = pg_tx_end(c, err);
done:
	free(t);
	return err;
}

enum ng_err
pg_menu_location_set(struct store_conn *sc, enum menu_location loc,
    int64_t menu_id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	struct str	name = str_c(store_menu_location_name(loc));

	if (menu_id == 0) {
		if ((s = pg_stmt_get(c, STMT_MN_LOC_CLEAR)) == NULL ||
		    !pg_bind_text(c, s, 1, name))
			return NG_EDB;
	} else if ((s = pg_stmt_get(c, STMT_MN_LOC_SET)) == NULL ||
	    !pg_bind_text(c, s, 1, name) || !pg_bind_i64(c, s, 2, menu_id))
		return NG_EDB;
	return pg_exec_stmt(c, s);
}

enum ng_err
pg_menu_locations(struct store_conn *sc, int64_t ids[MENU_LOC__MAX])
{
	struct pg_conn	  *c = pg_conn_of(sc);
	struct pg_stmt	  *s;
	enum menu_location loc;
	enum ng_err	   err = NG_OK;
	struct str	   name;
	int		   rc;

	memset(ids, 0, MENU_LOC__MAX * sizeof(ids[0]));
	if ((s = pg_stmt_get(c, STMT_MN_LOCS)) == NULL)
		return NG_EDB;
	while ((rc = pg_step(c, s, &err)) == 1) {
		name.p = (const char *)pg_col_text(s, 0);
		name.n = (size_t)pg_col_bytes(s, 0);
		if (name.p != NULL && store_menu_location_parse(name, &loc))
			ids[loc] = pg_col_i64(s, 1);
	}
	return rc < 0 ? err : NG_OK;
}
