/*
 * zone.c -- the site's time zone (the "timezone" setting) for the dates
 * and times readers see.
 *
 * A page shows a date per card and comment, so the setting is read once
 * per request (remembered in a thread-local slot keyed by the request:
 * a request runs on one thread from start to end) and the zoneinfo file
 * once per zone name (shared by every thread, under a lock).  Reading
 * the setting through the store notes it for the page cache, so a page
 * goes when the zone changes.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/app.h"
#include "core/str.h"
#include "core/tz.h"
#include "http/req.h"
#include "site/site_int.h"
#include "store/store.h"

/* The zone of the request this thread serves now. */
static _Thread_local struct {
	const struct req *r;
	int64_t		  start_us;
	char		  name[TZ_NAME_MAX + 1];
} cur;

/* The last zone file read, for every thread. */
static pthread_mutex_t zone_lock = PTHREAD_MUTEX_INITIALIZER;
static char	       zone_name[TZ_NAME_MAX + 1];
static unsigned char  *zone_data;
static size_t	       zone_len;

/* The request's zone name: "" for UTC (unset, "UTC" or not a zone). */
static const char *
request_zone(struct req *r)
{
	struct str tz;

	if (cur.r == r && cur.start_us == r->start_us)
		return cur.name;
	cur.r = r;
	cur.start_us = r->start_us;
	cur.name[0] = '\0';
	if (store_setting_get(r->arena, r->app->store, "timezone", &tz) ==
		NG_OK &&
	    tz.n > 0 && tz.n <= TZ_NAME_MAX && !str_eqc(tz, "UTC")) {
		memcpy(cur.name, tz.p, tz.n);
		cur.name[tz.n] = '\0';
	}
	return cur.name;
}

int
site_zone_at(struct req *r, int64_t t, int32_t *off, char abbr[TZ_ABBR_MAX])
{
	const char    *name = request_zone(r);
	unsigned char *data;
	size_t	       n;
	int	       ok = 0;

	*off = 0;
	if (name[0] == '\0')
		return 0;
	pthread_mutex_lock(&zone_lock);
	if (strcmp(zone_name, name) != 0 &&
	    tz_file_read(str_c(name), &data, &n) == NG_OK) {
		free(zone_data);
		zone_data = data;
		zone_len = n;
		memcpy(zone_name, name, strlen(name) + 1);
	}
	if (strcmp(zone_name, name) == 0 &&
	    tz_info_data(zone_data, zone_len, t, off, abbr) == NG_OK)
		ok = 1;
	pthread_mutex_unlock(&zone_lock);
	if (!ok)
		*off = 0;
	return ok;
}
