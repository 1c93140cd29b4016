/*
 * store_inval.c -- the invalidation list: which public pages each kind
 * of write can change, said by the write itself, in its own transaction.
 *
 * A cached page records the keys of what it was built from (its read
 * session notes them: store_read_note()); a write records the keys of
 * what it changed (write_rules[] below, the one list to review).  The
 * record is a row of the invalidation log, committed with the write, so
 * every process (and, on PostgreSQL, every instance through NOTIFY)
 * learns of it from the same place; this process applies its own after
 * the commit and skips them when it reads the log, so a write is never
 * applied twice and a session touch is never applied at all.
 *
 * Keys are 64-bit: the kind in the top byte, an id below (0 for kinds
 * that have none).  In the log they are text, "article:12 front".
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/log.h"
#include "store/store.h"
#include "store/store_int.h"

static const char *const kind_names[INVAL__MAX] = {
	"all",		 /* INVAL_ALL */
	"article",	 /* INVAL_ARTICLE */
	"section",	 /* INVAL_SECTION */
	"tag",		 /* INVAL_TAG */
	"author",	 /* INVAL_AUTHOR */
	"front",	 /* INVAL_FRONT */
	"sitemaps",	 /* INVAL_SITEMAPS */
	"search",	 /* INVAL_SEARCH */
	"comment-feeds", /* INVAL_COMMENT_FEEDS */
	"nav",		 /* INVAL_NAV */
	"settings",	 /* INVAL_SETTINGS */
	"sliders",	 /* INVAL_SLIDERS */
	"ads",		 /* INVAL_ADS */
	"media",	 /* INVAL_MEDIA */
	"page",		 /* INVAL_PAGE */
	"menus",	 /* INVAL_MENUS */
	"comments",	 /* INVAL_COMMENTS */
	"most-read",	 /* INVAL_MOST_READ */
	"live",		 /* INVAL_LIVE */
	"live-list",	 /* INVAL_LIVE_LIST */
};

/* Kinds whose key carries an id. */
#define ID_KINDS                                               \
	(K(INVAL_ARTICLE) | K(INVAL_SECTION) | K(INVAL_TAG) |  \
	    K(INVAL_AUTHOR) | K(INVAL_MEDIA) | K(INVAL_PAGE) | \
	    K(INVAL_COMMENTS) | K(INVAL_LIVE))
#define K(kind) (1u << (kind))

/* When a rule applies. */
enum when {
	NEVER, /* cannot change a public page */
	ALWAYS,
	PUBLIC,	 /* the article (or page) was or becomes public */
	APPROVED /* the comment was or becomes approved */
};

struct write_rule {
	const char *name;
	enum when   when;
	unsigned    kinds; /* K() bits of enum inval_kind */
};

/* The lists an article is on: what a change to it shows up in. */
#define ARTICLE_LISTS \
	(K(INVAL_SECTION) | K(INVAL_TAG) | K(INVAL_AUTHOR) | K(INVAL_FRONT))

/*
 * THE LIST.  For each kind of write: when it can change a public page,
 * and the keys it drops.  Id kinds take their ids from the write's
 * subject: article and comments its article, section/tag/author the
 * article's old and new ones (or the section written), media and page
 * the item.  A comment drops its article's thread (comments:ID, read by
 * the article's page and feed), not article:ID, which every page
 * showing the article's title or link holds.
 *
 * Renames of sections, tags and authors drop everything: the names are
 * on most pages (navigation, bylines, tag lists) and such writes are
 * rare.  Scheduled articles coming due drop everything for the same
 * reason (one write a scheduled story).  Drafts, pending and scheduled
 * articles saved as such, held and spam comments, autosaves, sessions,
 * login attempts and user accounts are invisible to readers: nothing.
 */
static const struct write_rule write_rules[STORE_WRITE__MAX] = {
	[SW_ARTICLE_SAVE] = { "article save", PUBLIC,
	    K(INVAL_ARTICLE) | ARTICLE_LISTS | K(INVAL_SITEMAPS) |
		K(INVAL_SEARCH) | K(INVAL_COMMENT_FEEDS) },
	[SW_ARTICLE_FEATURED] = { "featured image", PUBLIC,
	    K(INVAL_ARTICLE) | ARTICLE_LISTS },
	[SW_ARTICLE_PIN] = { "pinned article", PUBLIC,
	    K(INVAL_ARTICLE) | ARTICLE_LISTS },
	[SW_ARTICLE_PUBLISH_DUE] = { "scheduled articles published", ALWAYS,
	    K(INVAL_ALL) },
	[SW_RELATED_REFRESH] = { "related articles", PUBLIC, K(INVAL_ARTICLE) },
	[SW_CORRECTION_ADD] = { "correction", ALWAYS, K(INVAL_ARTICLE) },
	[SW_COMMENT_ADD] = { "comment add", APPROVED,
	    K(INVAL_COMMENTS) | K(INVAL_COMMENT_FEEDS) },
	[SW_COMMENT_STATUS] = { "comment moderation", APPROVED,
	    K(INVAL_COMMENTS) | K(INVAL_COMMENT_FEEDS) },
	[SW_COMMENT_EDIT] = { "comment edit", APPROVED,
	    K(INVAL_COMMENTS) | K(INVAL_COMMENT_FEEDS) },
	[SW_COMMENT_DELETE] = { "comment delete", APPROVED,
	    K(INVAL_COMMENTS) | K(INVAL_COMMENT_FEEDS) },
	[SW_SECTION_ADD] = { "section add", ALWAYS, K(INVAL_NAV) },
	[SW_SECTION_UPDATE] = { "section update", ALWAYS,
	    K(INVAL_NAV) | K(INVAL_SECTION) },
	[SW_SECTION_DELETE] = { "section delete", ALWAYS, K(INVAL_ALL) },
	[SW_TAG_ADD] = { "tag add", NEVER, 0 },
	[SW_TAG_UPDATE] = { "tag rename", ALWAYS, K(INVAL_ALL) },
	[SW_TAG_DELETE] = { "tag delete", ALWAYS, K(INVAL_ALL) },
	[SW_TAG_MERGE] = { "tag merge", ALWAYS, K(INVAL_ALL) },
	[SW_AUTHOR_ADD] = { "author add", NEVER, 0 },
	[SW_AUTHOR_UPDATE] = { "author update", ALWAYS, K(INVAL_ALL) },
	[SW_SETTING] = { "setting", ALWAYS, K(INVAL_SETTINGS) },
	[SW_SLIDER] = { "slider or slide", ALWAYS, K(INVAL_SLIDERS) },
	[SW_AD] = { "ad or ad slot", ALWAYS, K(INVAL_ADS) },
	[SW_MEDIA_ADD] = { "media upload", NEVER, 0 },
	[SW_MEDIA_UPDATE] = { "media metadata", ALWAYS, K(INVAL_MEDIA) },
	/* Only what nothing uses is deleted; a page may still name it. */
	[SW_MEDIA_DELETE] = { "media delete", ALWAYS, K(INVAL_MEDIA) },
	[SW_PAGE_SAVE] = { "static page save", PUBLIC,
	    K(INVAL_PAGE) | K(INVAL_MENUS) | K(INVAL_SITEMAPS) |
		K(INVAL_SEARCH) },
	[SW_MENU] = { "menu", ALWAYS, K(INVAL_MENUS) },
	/* 301s and 404s are never cached. */
	[SW_REDIRECT] = { "old slug, upload path or WordPress id", NEVER, 0 },
	[SW_AUTOSAVE] = { "autosave", NEVER, 0 },
	[SW_SESSION] = { "session", NEVER, 0 },
	[SW_LOGIN_ATTEMPT] = { "login attempt", NEVER, 0 },
	[SW_USER] = { "user account", NEVER, 0 },
	[SW_REVISION_USER] = { "revision author", NEVER, 0 },
	[SW_SECRET] = { "site key", NEVER, 0 },
	/* Counts are not shown; the list they make is, when it changes. */
	[SW_READS] = { "read counts", NEVER, 0 },
	[SW_MOST_READ] = { "most-read list", ALWAYS, K(INVAL_MOST_READ) },
	/*
	 * An update shows on its article's page alone (live:ID, read by
	 * nothing else); a start or an end also changes the "Live" label
	 * of every list the article is on (live-list).
	 */
	[SW_LIVE_COVERAGE] = { "live coverage start or end", ALWAYS,
	    K(INVAL_LIVE) | K(INVAL_LIVE_LIST) },
	[SW_LIVE_UPDATE] = { "live update", ALWAYS, K(INVAL_LIVE) },
};

const char *
store_write_name(enum store_write w)
{
	if ((unsigned)w >= STORE_WRITE__MAX)
		return NULL;
	return write_rules[w].name;
}

const char *
store_inval_kind_name(enum inval_kind k)
{
	if ((unsigned)k >= INVAL__MAX)
		return NULL;
	return kind_names[k];
}

static void
add(uint64_t *out, size_t *n, size_t max, uint64_t key, int *over)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (out[i] == key)
			return;
	if (*n >= max) {
		*over = 1;
		return;
	}
	out[(*n)++] = key;
}

static void
add_id(uint64_t *out, size_t *n, size_t max, enum inval_kind k, int64_t id,
    int *over)
{
	if (id > 0)
		add(out, n, max, STORE_KEY(k, id), over);
}

size_t
store_inval_keys(enum store_write w, const struct write_subject *s,
    uint64_t *out, size_t max)
{
	const struct write_rule *r;
	size_t			 n = 0, i, j;
	int			 over = 0;
	unsigned		 k;

	if ((unsigned)w >= STORE_WRITE__MAX || max == 0) {
		if (max > 0)
			out[0] = STORE_KEY(INVAL_ALL, 0);
		return max > 0;
	}
	r = &write_rules[w];
	switch (r->when) {
	case NEVER:
		return 0;
	case PUBLIC:
		if (!s->public_before && !s->public_after)
			return 0;
		break;
	case APPROVED:
		if (!s->approved_before && !s->approved_after)
			return 0;
		break;
	case ALWAYS:
		break;
	}
	if (r->kinds & K(INVAL_ALL)) {
		out[0] = STORE_KEY(INVAL_ALL, 0);
		return 1;
	}
	for (k = 0; k < INVAL__MAX; k++) {
		if (!(r->kinds & K(k)))
			continue;
		switch (k) {
		case INVAL_ARTICLE:
		case INVAL_COMMENTS:
		case INVAL_LIVE:
			add_id(out, &n, max, k, s->article_id, &over);
			break;
		case INVAL_SECTION:
			add_id(out, &n, max, k, s->id, &over);
			/* FALLTHROUGH */
		case INVAL_AUTHOR:
			for (i = 0; i < 2; i++)
				add_id(out, &n, max, k,
				    k == INVAL_SECTION ? s->section_id[i] :
							 s->author_id[i],
				    &over);
			/* Every co-author's page lists the article too. */
			for (i = 0; k == INVAL_AUTHOR && i < 2; i++)
				for (j = 0; j < s->nauthors[i]; j++)
					add_id(out, &n, max, k,
					    s->authors[i][j], &over);
			break;
		case INVAL_TAG:
			for (i = 0; i < 2; i++)
				for (j = 0; j < s->ntags[i]; j++)
					add_id(out, &n, max, k, s->tags[i][j],
					    &over);
			break;
		case INVAL_MEDIA:
		case INVAL_PAGE:
			add_id(out, &n, max, k, s->id, &over);
			break;
		default:
			add(out, &n, max, STORE_KEY(k, 0), &over);
			break;
		}
	}
	/* More keys than room: be safe rather than precise. */
	if (over) {
		out[0] = STORE_KEY(INVAL_ALL, 0);
		return 1;
	}
	return n;
}

size_t
store_inval_format(const uint64_t *keys, size_t n, char *buf, size_t sz)
{
	size_t	 len = 0, i;
	int	 w;
	unsigned k;

	if (sz == 0)
		return 0;
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		k = (unsigned)STORE_KEY_KIND(keys[i]);
		if (k >= INVAL__MAX)
			k = INVAL_ALL;
		if ((ID_KINDS & K(k)) != 0)
			w = snprintf(buf + len, sz - len, "%s%s:%" PRId64,
			    i > 0 ? " " : "", kind_names[k],
			    STORE_KEY_ID(keys[i]));
		else
			w = snprintf(buf + len, sz - len, "%s%s",
			    i > 0 ? " " : "", kind_names[k]);
		if (w < 0 || (size_t)w >= sz - len) {
			/* Cannot say it all: say everything. */
			snprintf(buf, sz, "all");
			return strlen(buf);
		}
		len += (size_t)w;
	}
	return len;
}

/* One "name" or "name:id"; 0 when it is neither. */
static int
parse_one(const char *p, size_t n, uint64_t *key)
{
	const char *colon = memchr(p, ':', n);
	size_t	    nn = colon != NULL ? (size_t)(colon - p) : n, i;
	int64_t	    id = 0;
	unsigned    k;

	for (k = 0; k < INVAL__MAX; k++)
		if (strlen(kind_names[k]) == nn &&
		    memcmp(kind_names[k], p, nn) == 0)
			break;
	if (k == INVAL__MAX)
		return 0;
	if (((ID_KINDS & K(k)) != 0) != (colon != NULL))
		return 0;
	if (colon != NULL) {
		if (n - nn - 1 == 0 || n - nn - 1 > 18)
			return 0;
		for (i = nn + 1; i < n; i++) {
			if (p[i] < '0' || p[i] > '9')
				return 0;
			id = id * 10 + (p[i] - '0');
		}
		if (id <= 0)
			return 0;
	}
	*key = STORE_KEY(k, id);
	return 1;
}

size_t
store_inval_parse(struct str text, uint64_t *out, size_t max)
{
	size_t	 i = 0, start, n = 0;
	uint64_t key;
	int	 over = 0;

	while (i < text.n) {
		while (i < text.n && text.p[i] == ' ')
			i++;
		start = i;
		while (i < text.n && text.p[i] != ' ')
			i++;
		if (i == start)
			break;
		/* A key this version does not know (a newer writer's): be
		 * safe. */
		if (!parse_one(text.p + start, i - start, &key))
			key = STORE_KEY(INVAL_ALL, 0);
		if (key == STORE_KEY(INVAL_ALL, 0)) {
			if (max == 0)
				return 0;
			out[0] = key;
			return 1;
		}
		add(out, &n, max, key, &over);
	}
	if (over && max > 0) {
		out[0] = STORE_KEY(INVAL_ALL, 0);
		return 1;
	}
	return n;
}

/*
 * Write transactions.  A write that can change a public page runs
 * inside one: store_wtx_begin() opens the backend's write transaction
 * (the operation's own nests in it), store_wtx_note() adds the keys of
 * what it changed, and store_wtx_end() appends them to the log, commits
 * and, once committed, applies them here.
 */
enum ng_err
store_wtx_begin(struct store *st, struct store_wtx *tx)
{
	enum ng_err err;

	memset(tx, 0, sizeof(*tx));
	tx->st = st;
	tx->c = store_pool_get(st);
	store_write_lock(st);
	if ((err = store_ops_of(st)->write_begin(tx->c)) != NG_OK) {
		store_write_unlock(st);
		store_pool_put(st, tx->c);
		tx->c = NULL;
	}
	return err;
}

struct arena *
store_wtx_arena(struct store_wtx *tx)
{
	if (tx->ar == NULL)
		tx->ar = arena_new(STORE_WTX_ARENA);
	return tx->ar;
}

void
store_wtx_note(struct store_wtx *tx, enum store_write w,
    const struct write_subject *s)
{
	uint64_t keys[STORE_INVAL_KEYS_MAX];
	size_t	 n, i;
	int	 over = 0;

	n = store_inval_keys(w, s, keys, STORE_INVAL_KEYS_MAX);
	for (i = 0; i < n; i++)
		add(tx->keys, &tx->nkeys, STORE_INVAL_KEYS_MAX, keys[i], &over);
	if (over) {
		tx->keys[0] = STORE_KEY(INVAL_ALL, 0);
		tx->nkeys = 1;
	}
}

enum ng_err
store_wtx_end(struct store_wtx *tx, enum ng_err err)
{
	const struct store_ops *ops = store_ops_of(tx->st);
	char			text[STORE_INVAL_TEXT_MAX];
	uint64_t		seq = 0;

	if (tx->c == NULL)
		return err;
	/*
	 * Inside a bulk write (an import) nothing is visible before its
	 * commit, and store_bulk_end() logs and applies one record that
	 * everything changed: a row and a cache purge per write would only
	 * cost time (and drop pages readers are still being served).
	 */
	if (store_bulk_on(tx->st)) {
		err = ops->write_end(tx->c, err);
		store_write_unlock(tx->st);
		store_pool_put(tx->st, tx->c);
		tx->c = NULL;
		if (tx->ar != NULL)
			arena_free(tx->ar);
		tx->ar = NULL;
		return err;
	}
	if (err == NG_OK && tx->nkeys > 0) {
		store_inval_format(tx->keys, tx->nkeys, text, sizeof(text));
		err = ops->inval_log(tx->c, store_inval_origin(tx->st), text,
		    (int64_t)time(NULL));
	}
	err = ops->write_end(tx->c, err);
	if (err == NG_OK && tx->durable)
		seq = store_durable_seq(tx->st);
	store_write_unlock(tx->st);
	/*
	 * Outside the lock: the next writers commit while this one syncs,
	 * and one sync covers them all (group commit).
	 */
	if (seq != 0)
		err = store_durable_wait(tx->st, tx->c, seq);
	store_pool_put(tx->st, tx->c);
	tx->c = NULL;
	if (tx->ar != NULL)
		arena_free(tx->ar);
	tx->ar = NULL;
	if (err == NG_OK && tx->nkeys > 0)
		store_inval_apply(tx->st, tx->keys, tx->nkeys);
	return err;
}

enum ng_err
store_wtx_old_article(struct store_wtx *tx, int64_t id,
    struct article_state *out)
{
	return store_ops_of(tx->st)->article_state(store_wtx_arena(tx), tx->c,
	    id, out);
}

void
write_subject_before(struct write_subject *s, const struct article_state *old)
{
	s->public_before = old->status == ARTICLE_PUBLISHED;
	s->section_id[0] = old->section_id;
	s->author_id[0] = old->author_id;
	s->tags[0] = old->tags;
	s->ntags[0] = old->ntags;
	s->authors[0] = old->authors;
	s->nauthors[0] = old->nauthors;
}

enum ng_err
store_wtx_done(struct store_wtx *tx, enum store_write w,
    const struct write_subject *s, enum ng_err err)
{
	if (err == NG_OK)
		store_wtx_note(tx, w, s);
	return store_wtx_end(tx, err);
}

/*
 * Other processes' writes: read the log past the last row seen, skip
 * this process's own rows (applied when they committed) and apply the
 * rest as one batch.  Rows are numbered without gaps, so a first row
 * past the next number means the log was pruned under a reader that
 * fell far behind: it drops everything.  So does a read that fails (or
 * a PostgreSQL watcher that was cut off and is back), after which the
 * reading starts again from the log's end as it is now: everything
 * before it is dropped.  Called rate-limited by the page cache; one
 * thread at a time, the others go on.
 */
uint64_t
store_generation_sync(struct store *st)
{
	struct store_watch     *w = store_watch_of(st);
	const struct store_ops *ops = store_ops_of(st);
	struct inval_row       *rows;
	struct arena	       *ar;
	uint64_t    keys[STORE_INVAL_KEYS_MAX], one[STORE_INVAL_KEYS_MAX];
	size_t	    n, nk = 0, i, j, k, round;
	int64_t	    last;
	int	    over = 0;
	enum ng_err err;

	if (w->c == NULL || pthread_mutex_trylock(&w->mu) != 0)
		return store_generation(st);
	ar = arena_new(STORE_POLL_ARENA);
	for (round = 0; round < 8; round++) {
		err = ops->inval_read(ar, w->c, w->seq, STORE_POLL_ROWS, &rows,
		    &n);
		ops->idle(w->c);
		if (err != NG_OK) {
			/* Cannot tell what changed: everything may have. */
			over = 1;
			if (ops->inval_last(w->c, &last) == NG_OK)
				w->seq = last;
			ops->idle(w->c);
			break;
		}
		for (i = 0; i < n; i++) {
			if (rows[i].seq != w->seq + 1)
				over = 1; /* pruned past us */
			w->seq = rows[i].seq;
			if (rows[i].origin == store_inval_origin(st))
				continue;
			k = store_inval_parse(rows[i].keys, one,
			    STORE_INVAL_KEYS_MAX);
			for (j = 0; j < k; j++)
				add(keys, &nk, STORE_INVAL_KEYS_MAX, one[j],
				    &over);
		}
		if (n < STORE_POLL_ROWS)
			break;
	}
	arena_free(ar);
	pthread_mutex_unlock(&w->mu);
	if (over) {
		keys[0] = STORE_KEY(INVAL_ALL, 0);
		nk = 1;
	}
	if (nk > 0)
		store_inval_apply(st, keys, nk);
	return store_generation(st);
}

uint64_t
store_generation_recent(struct store *st)
{
	struct store_watch *w = store_watch_of(st);
	struct timespec	    ts;
	int64_t		    now, at;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	at = atomic_load_explicit(&w->sync_at_ms, memory_order_relaxed);
	if (now >= at &&
	    atomic_compare_exchange_strong(&w->sync_at_ms, &at,
		now + STORE_SYNC_MS))
		return store_generation_sync(st);
	return store_generation(st);
}

int64_t
store_inval_new_origin(void)
{
	uint64_t	v = 0;
	struct timespec ts;

	/* Random, so two processes (or hosts) never share one; the clock
	 * and pid only if the kernel will not say. */
	if (getentropy(&v, sizeof(v)) != 0) {
		clock_gettime(CLOCK_REALTIME, &ts);
		v = ((uint64_t)ts.tv_nsec << 32) ^ (uint64_t)ts.tv_sec ^
		    ((uint64_t)getpid() << 16);
	}
	v &= INT64_MAX;
	return v == 0 ? 1 : (int64_t)v;
}
