/*
 * store_webhook.c -- public calls for webhooks and their delivery queue
 * (store.h): input checks, then dispatch to the backend (store_int.h).
 */
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "store/store_int.h"

static const char *const status_names[WEBHOOK__MAX] = {
	[WEBHOOK_PENDING] = "pending",
	[WEBHOOK_DELIVERED] = "delivered",
	[WEBHOOK_FAILED] = "failed",
};

const char *
store_webhook_status_name(enum webhook_status s)
{
	return (unsigned)s < WEBHOOK__MAX ? status_names[s] : NULL;
}

static int
sized(struct str s, size_t max)
{
	return s.p != NULL && s.n > 0 && s.n <= max &&
	    memchr(s.p, '\0', s.n) == NULL;
}

enum ng_err
store_webhook_add(struct store *st, const struct webhook *w, int64_t *id)
{
	struct store_conn *c;
	enum ng_err	   err;

	if (!sized(w->url, STORE_WEBHOOK_URL_MAX) ||
	    !sized(w->secret, STORE_WEBHOOK_SECRET_MAX) ||
	    !sized(w->events, STORE_WEBHOOK_EVENTS_MAX))
		return NG_EINVAL;
	c = store_pool_get(st);
	err = store_ops_of(st)->webhook_add(c, w, (int64_t)time(NULL), id);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_webhook_delete(struct store *st, int64_t id)
{
	struct store_conn *c;
	enum ng_err	   err;

	if (id <= 0)
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	err = store_ops_of(st)->webhook_delete(c, id);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_webhook_list(struct arena *ar, struct store *st, struct webhook **out,
    size_t *n)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = NULL;
	*n = 0;
	c = store_pool_get(st);
	err = store_ops_of(st)->webhook_list(ar, c, out, n);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_webhook_enqueue(struct store *st, struct str event, struct str payload,
    size_t *queued)
{
	struct store_conn *c;
	enum ng_err	   err;
	size_t		   dummy;

	if (queued == NULL)
		queued = &dummy;
	*queued = 0;
	if (!sized(event, 64) || payload.p == NULL ||
	    payload.n > STORE_WEBHOOK_PAYLOAD_MAX)
		return NG_EINVAL;
	c = store_pool_get(st);
	err = store_ops_of(st)->webhook_enqueue(c, event, payload,
	    (int64_t)time(NULL), queued);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_webhook_set_active(struct store *st, int64_t id, int active)
{
	struct store_conn *c;
	enum ng_err	   err;

	if (id <= 0)
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	err = store_ops_of(st)->webhook_set_active(c, id, active != 0);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_webhook_enqueue_one(struct store *st, int64_t id, struct str event,
    struct str payload, int64_t *delivery)
{
	struct store_conn *c;
	enum ng_err	   err;

	*delivery = 0;
	if (id <= 0)
		return NG_ENOTFOUND;
	if (!sized(event, 64) || payload.p == NULL ||
	    payload.n > STORE_WEBHOOK_PAYLOAD_MAX)
		return NG_EINVAL;
	c = store_pool_get(st);
	err = store_ops_of(st)->webhook_enqueue_one(c, id, event, payload,
	    (int64_t)time(NULL), delivery);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_webhook_redeliver(struct store *st, int64_t webhook_id, int64_t id)
{
	struct store_conn *c;
	enum ng_err	   err;

	if (webhook_id <= 0 || id <= 0)
		return NG_ENOTFOUND;
	c = store_pool_get(st);
	err = store_ops_of(st)->webhook_redeliver(c, webhook_id, id,
	    (int64_t)time(NULL));
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_webhook_due(struct arena *ar, struct store *st, int64_t now,
    int64_t lease_until, size_t limit, struct webhook_delivery **out, size_t *n)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = NULL;
	*n = 0;
	if (limit == 0 || limit > 1000 || lease_until <= now)
		return NG_EINVAL;
	c = store_pool_get(st);
	err = store_ops_of(st)->webhook_due(ar, c, now, lease_until, limit, out,
	    n);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_webhook_done(struct store *st, int64_t id, enum webhook_status status,
    int attempts, int64_t next_at, int code, struct str error)
{
	struct store_conn *c;
	enum ng_err	   err;

	if ((unsigned)status >= WEBHOOK__MAX || attempts < 0)
		return NG_EINVAL;
	if (error.p == NULL)
		error = STR_LIT("");
	if (error.n > STORE_WEBHOOK_ERROR_MAX)
		error.n = STORE_WEBHOOK_ERROR_MAX;
	c = store_pool_get(st);
	err = store_ops_of(st)->webhook_done(c, id, status, attempts, next_at,
	    code, error, (int64_t)time(NULL));
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_webhook_deliveries(struct arena *ar, struct store *st, int64_t webhook_id,
    size_t limit, struct webhook_delivery **out, size_t *n)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = NULL;
	*n = 0;
	if (limit == 0 || limit > 1000)
		return NG_EINVAL;
	c = store_pool_get(st);
	err = store_ops_of(st)->webhook_deliveries(ar, c, webhook_id, limit,
	    out, n);
	store_pool_put(st, c);
	return err;
}
