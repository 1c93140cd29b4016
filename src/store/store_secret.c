/*
 * store_secret.c -- keys the site makes for itself (the moderation
 * links of held comments), kept as settings named "secret_<name>" so
 * every instance on one database shares them.
 *
 * Made at random on first use.  Writing one changes no public page, so
 * it drops nothing from the page cache (SW_SECRET).  Two instances
 * making the same key in the same instant both write; the later one
 * wins and the earlier one's few links stop working -- read back after
 * the write, so each process uses what the database kept.
 */
#include <string.h>
#include <sys/random.h>

#include "core/arena.h"
#include "store/store.h"
#include "store/store_int.h"

#define SECRET_BYTES 32

static const char hexdig[] = "0123456789abcdef";

/* Read setting key on a pool connection; NG_ENOTFOUND when unset. */
static enum ng_err
secret_read(struct arena *ar, struct store *st, struct str key, struct str *out)
{
	struct store_conn *c;
	enum ng_err	   err;

	store_read_declared(); /* no page shows it */
	c = store_pool_get(st);
	err = store_ops_of(st)->setting_get(ar, c, key, out);
	store_pool_put(st, c);
	if (err == NG_OK && out->n != SECRET_BYTES * 2)
		err = NG_ENOTFOUND;
	return err;
}

enum ng_err
store_secret(struct arena *ar, struct store *st, const char *name,
    struct str *out)
{
	unsigned char	 raw[SECRET_BYTES];
	char		 hex[SECRET_BYTES * 2 + 1];
	struct store_wtx tx;
	struct str	 key;
	const char	*k;
	enum ng_err	 err;
	size_t		 i;

	*out = STR_NULL;
	if ((k = arena_printf(ar, "secret_%s", name)) == NULL)
		return NG_ENOMEM;
	key = str_c(k);
	if (key.n > STORE_KEY_MAX)
		return NG_EINVAL;
	err = secret_read(ar, st, key, out);
	if (err != NG_ENOTFOUND)
		return err;
	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
		return NG_EDB;
	for (i = 0; i < sizeof(raw); i++) {
		hex[2 * i] = hexdig[raw[i] >> 4];
		hex[2 * i + 1] = hexdig[raw[i] & 15];
	}
	hex[sizeof(hex) - 1] = '\0';
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	err = store_ops_of(st)->setting_set(tx.c, key, str_c(hex));
	store_wtx_note(&tx, SW_SECRET, &(struct write_subject){ 0 });
	if ((err = store_wtx_end(&tx, err)) != NG_OK)
		return err;
	return secret_read(ar, st, key, out);
}
