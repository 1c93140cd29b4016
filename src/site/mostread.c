/*
 * mostread.c -- the "Most read" list: reads counted in memory, added to
 * the store every few minutes, and the list made from them.
 *
 * Counting sits on the cached fast path (the server calls
 * site_read_note() for every GET of an article page, hit or render), so
 * it is a hash probe and an increment under one mutex: no allocation,
 * no I/O, nothing about the reader kept.  Readers that say they are
 * software (crawlers, feed fetchers, monitors, command-line tools,
 * headless browsers) or say nothing are not counted.
 *
 * A thread wakes every most_read_refresh seconds: it moves the counts to
 * the store (per article and hour, shared by every instance), asks the
 * store for the list of the last day, and when it differs from the one
 * shown, keeps the new one and tells the store (every cached page
 * showing the list goes, on every instance).  Pages read the list from
 * memory.
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "http/req.h"
#include "render/tv.h"
#include "site/site.h"
#include "site/site_int.h"
#include "store/store.h"

#define SLOTS	 4096 /* articles counted between flushes (power of 2) */
#define PROBES	 32
#define UA_SCAN	 512   /* bytes of a user agent looked at */
#define WINDOW_S 86400 /* the list covers the last day */

struct slot {
	int64_t id; /* 0: free */
	int64_t n;
};

struct mostread {
	struct store   *st;
	pthread_mutex_t mu;
	struct slot	slots[SLOTS];
	uint64_t	dropped; /* reads with no free slot */
	/* The list shown, made by the thread. */
	int64_t	       list[SITE_MOST_READ];
	size_t	       nlist;
	unsigned       every_s;
	pthread_t      thread;
	pthread_cond_t wake;
	int	       stop;
	int	       started;
};

/*
 * Words in the user agents of software rather than people (lower
 * case).  Empty agents count as software too.
 */
static const char *const bot_words[] = {
	"bot",
	"crawl",
	"spider",
	"slurp",
	"fetch",
	"feed",
	"reader",
	"monitor",
	"check",
	"preview",
	"scan",
	"curl",
	"wget",
	"python",
	"java/",
	"go-http",
	"okhttp",
	"axios",
	"node",
	"undici",
	"libwww",
	"perl",
	"ruby",
	"php",
	"http-client",
	"headless",
	"phantom",
	"lighthouse",
	"pagespeed",
	"facebookexternalhit",
	"embedly",
	"whatsapp",
	"telegram",
	"skype",
	"discord",
	"archive",
	"wordpress",
};

int
site_read_is_bot(struct str ua)
{
	char   low[UA_SCAN + 1];
	size_t i, n;

	if (ua.p == NULL || ua.n == 0)
		return 1;
	n = ua.n < UA_SCAN ? ua.n : UA_SCAN;
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)ua.p[i]);
	low[n] = '\0';
	for (i = 0; i < sizeof(bot_words) / sizeof(bot_words[0]); i++)
		if (strstr(low, bot_words[i]) != NULL)
			return 1;
	/* People's browsers all say Mozilla/5.0 (or Opera) first. */
	return strncmp(low, "mozilla/", 8) != 0 &&
	    strncmp(low, "opera", 5) != 0;
}

/* Add n reads of id to the table; m->mu is held. */
static void
count_locked(struct mostread *m, int64_t id, int64_t n)
{
	uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ULL;
	size_t	 i, k;

	for (i = 0; i < PROBES; i++) {
		k = (size_t)((h >> 40) + i) & (SLOTS - 1);
		if (m->slots[k].id == id || m->slots[k].id == 0) {
			m->slots[k].id = id;
			m->slots[k].n += n;
			return;
		}
	}
	m->dropped += (uint64_t)n;
}

void
site_read_note(const struct app *app, int64_t id, struct str ua)
{
	struct mostread *m = app->mostread;

	if (m == NULL || id <= 0 || site_read_is_bot(ua))
		return;
	pthread_mutex_lock(&m->mu);
	count_locked(m, id, 1);
	pthread_mutex_unlock(&m->mu);
}

/*
 * Move the counts to the store; the table is empty after.  When the
 * store cannot take them (a long write holds the database: an import
 * is one transaction), they go back into the table for the next flush
 * instead of being lost.
 */
static void
flush(struct mostread *m, int64_t now)
{
	static int64_t ids[SLOTS], counts[SLOTS];
	size_t	       i, n = 0;
	uint64_t       dropped;

	pthread_mutex_lock(&m->mu);
	for (i = 0; i < SLOTS; i++)
		if (m->slots[i].id != 0) {
			ids[n] = m->slots[i].id;
			counts[n++] = m->slots[i].n;
		}
	memset(m->slots, 0, sizeof(m->slots));
	dropped = m->dropped;
	m->dropped = 0;
	pthread_mutex_unlock(&m->mu);
	if (dropped > 0)
		log_warn("most read: %llu reads not counted (table full)",
		    (unsigned long long)dropped);
	if (n == 0 ||
	    store_reads_add(m->st, now - now % 3600, ids, counts, n) == NG_OK)
		return;
	log_warn("most read: %zu articles' counts kept for the next try", n);
	pthread_mutex_lock(&m->mu);
	for (i = 0; i < n; i++)
		count_locked(m, ids[i], counts[i]);
	pthread_mutex_unlock(&m->mu);
}

/* Make the list again; tell the store when it changed. */
static void
refresh(struct mostread *m, int64_t now)
{
	struct arena *a;
	int64_t	     *ids;
	size_t	      n;
	int	      changed;

	if ((a = arena_new(64 * 1024)) == NULL)
		return;
	if (store_most_read(a, m->st, now - WINDOW_S, now, SITE_MOST_READ, &ids,
		&n) == NG_OK) {
		pthread_mutex_lock(&m->mu);
		changed = n != m->nlist ||
		    (n > 0 && memcmp(ids, m->list, n * sizeof(*ids)) != 0);
		if (changed) {
			memcpy(m->list, ids, n * sizeof(*ids));
			m->nlist = n;
		}
		pthread_mutex_unlock(&m->mu);
		if (changed && store_most_read_changed(m->st) != NG_OK)
			log_warn("most read: the new list not announced");
	}
	arena_free(a);
}

static void *
run(void *arg)
{
	struct mostread *m = arg;
	struct timespec	 until;
	int64_t		 now;

	pthread_mutex_lock(&m->mu);
	while (!m->stop) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += m->every_s;
		while (!m->stop &&
		    pthread_cond_timedwait(&m->wake, &m->mu, &until) !=
			ETIMEDOUT)
			;
		if (m->stop)
			break;
		pthread_mutex_unlock(&m->mu);
		now = (int64_t)time(NULL);
		flush(m, now);
		refresh(m, now);
		pthread_mutex_lock(&m->mu);
	}
	pthread_mutex_unlock(&m->mu);
	/* What was counted since the last flush is not lost at a stop. */
	flush(m, (int64_t)time(NULL));
	return NULL;
}

enum ng_err
site_mostread_start(struct app *app)
{
	struct mostread *m;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NG_ENOMEM;
	m->st = app->store;
	m->every_s = app->cfg != NULL && app->cfg->most_read_refresh > 0 ?
	    app->cfg->most_read_refresh :
	    120;
	pthread_mutex_init(&m->mu, NULL);
	pthread_cond_init(&m->wake, NULL);
	/* The list as the database has it now, before the first page. */
	refresh(m, (int64_t)time(NULL));
	if (pthread_create(&m->thread, NULL, run, m) != 0) {
		pthread_cond_destroy(&m->wake);
		pthread_mutex_destroy(&m->mu);
		free(m);
		return NG_EIO;
	}
	m->started = 1;
	app->mostread = m;
	return NG_OK;
}

void
site_mostread_stop(struct app *app)
{
	struct mostread *m = app->mostread;

	if (m == NULL)
		return;
	pthread_mutex_lock(&m->mu);
	m->stop = 1;
	pthread_cond_signal(&m->wake);
	pthread_mutex_unlock(&m->mu);
	if (m->started)
		pthread_join(m->thread, NULL);
	pthread_cond_destroy(&m->wake);
	pthread_mutex_destroy(&m->mu);
	free(m);
	app->mostread = NULL;
}

enum ng_err
view_most_read(struct view *v, int64_t skip)
{
	struct mostread *m = v->r->app->mostread;
	int64_t		 ids[SITE_MOST_READ];
	struct article	*a;
	struct tv	*list, *box;
	size_t		 n, i, shown = 0;
	enum ng_err	 err;

	if (m == NULL)
		return NG_OK;
	store_most_read_shown();
	pthread_mutex_lock(&m->mu);
	n = m->nlist;
	memcpy(ids, m->list, n * sizeof(*ids));
	pthread_mutex_unlock(&m->mu);
	list = tv_list(v->a);
	for (i = 0; i < n && shown < SITE_MOST_READ_SHOWN; i++) {
		if (ids[i] == skip)
			continue;
		err = store_article_by_id(v->a, v->r->app->store, ids[i], &a);
		if (err == NG_ENOTFOUND)
			continue;
		if (err != NG_OK)
			return err;
		/* Unpublished since the list was made. */
		if (a->status != ARTICLE_PUBLISHED ||
		    a->published_at > (int64_t)time(NULL))
			continue;
		tv_push(v->a, list, view_card(v, a));
		shown++;
	}
	if (shown > 0) {
		box = tv_map(v->a);
		tv_set(v->a, box, "items", list);
		tv_set(v->a, v->root, "most_read", box);
	}
	return NG_OK;
}
