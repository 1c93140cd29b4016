/*
 * config.c -- defaults, INI file, and single-key setters.
 *
 * Keys are a table (name, type, offset) so that the file, the environment
 * and the command line all go through config_set() and give the same
 * errors.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "core/config.h"
#include "core/xalloc.h"

enum key_type {
	KEY_STR,
	KEY_UINT,
	KEY_SIZE,
	KEY_BOOL,
	KEY_LISTEN,
	KEY_LOGLEVEL,
	KEY_LOGFORMAT,
	KEY_SMTPTLS
};

struct key {
	const char	  *name;
	enum key_type	   type;
	size_t		   off;
	unsigned long long max; /* for numbers */
};

#define OFF(f) offsetof(struct ng_config, f)

static const struct key keys[] = {
	{ "listen", KEY_LISTEN, 0, 0 },
	{ "data", KEY_STR, OFF(data_dir), 0 },
	/* a postgresql:// URL; unset: SQLite in data */
	{ "database", KEY_STR, OFF(database), 0 },
	{ "theme", KEY_STR, OFF(theme_dir), 0 },
	{ "base_url", KEY_STR, OFF(base_url), 0 },
	{ "site_title", KEY_STR, OFF(site_title), 0 },
	{ "threads", KEY_UINT, OFF(threads), 256 },
	{ "db_connections", KEY_UINT, OFF(db_conns), 64 },
	{ "header_max", KEY_SIZE, OFF(header_max), 1 << 20 },
	{ "body_max", KEY_SIZE, OFF(body_max), 256 << 20 },
	{ "connections_per_ip", KEY_UINT, OFF(conns_per_ip), 100000 },
	{ "connections_max", KEY_UINT, OFF(conns_max), 1000000 },
	{ "idle_timeout", KEY_UINT, OFF(idle_timeout), 3600 },
	{ "request_deadline", KEY_UINT, OFF(request_deadline), 3600 },
	{ "send_deadline", KEY_UINT, OFF(send_deadline), 3600 },
	{ "request_memory_max", KEY_SIZE, OFF(arena_max), 1ULL << 32 },
	{ "access_log", KEY_BOOL, OFF(access_log), 0 },
	{ "log_level", KEY_LOGLEVEL, OFF(log_level), 0 },
	/* page cache and metrics */
	{ "cache_max_bytes", KEY_SIZE, OFF(cache_max_bytes), 1ULL << 40 },
	{ "metrics_public", KEY_BOOL, OFF(metrics_public), 0 },
	/* production */
	{ "trusted_proxies", KEY_STR, OFF(trusted_proxies), 0 },
	{ "log_format", KEY_LOGFORMAT, OFF(log_format), 0 },
	{ "tls_cert", KEY_STR, OFF(tls_cert), 0 },
	{ "tls_key", KEY_STR, OFF(tls_key), 0 },
	{ "tls_redirect", KEY_STR, OFF(tls_redirect), 0 },
	{ "acme_webroot", KEY_STR, OFF(acme_webroot), 0 },
	/* webhooks */
	{ "webhook_allow", KEY_STR, OFF(webhook_allow), 0 },
	{ "webhook_retry_base", KEY_UINT, OFF(webhook_retry_base), 86400 },
	{ "webhook_attempts", KEY_UINT, OFF(webhook_attempts), 100 },
	{ "webhook_timeout", KEY_UINT, OFF(webhook_timeout), 300 },
	/* mail */
	{ "smtp_host", KEY_STR, OFF(smtp_host), 0 },
	{ "smtp_port", KEY_UINT, OFF(smtp_port), 65535 },
	{ "smtp_tls", KEY_SMTPTLS, OFF(smtp_tls), 0 },
	{ "smtp_user", KEY_STR, OFF(smtp_user), 0 },
	{ "smtp_password", KEY_STR, OFF(smtp_password), 0 },
	{ "mail_from", KEY_STR, OFF(mail_from), 0 },
	{ "mail_retry_base", KEY_UINT, OFF(mail_retry_base), 86400 },
	{ "mail_attempts", KEY_UINT, OFF(mail_attempts), 100 },
	/* readers */
	{ "most_read_refresh", KEY_UINT, OFF(most_read_refresh), 3600 },
	{ "live_poll", KEY_UINT, OFF(live_poll), 3600 },
	/* media */
	{ "media_warm", KEY_UINT, OFF(media_warm), 86400 },
};

/*
 * The least a number may be where less cannot serve: a database pool of
 * no connections, a request arena or header buffer too small for any
 * request.  Elsewhere 0 means "off" or "no limit".
 */
static const struct {
	const char	  *name;
	unsigned long long min;
} key_mins[] = {
	{ "db_connections", 1 },
	{ "header_max", 1024 },
	{ "connections_max", 1 },
	{ "request_memory_max", 64 << 10 },
	{ "webhook_retry_base", 1 },
	{ "webhook_attempts", 1 },
	{ "webhook_timeout", 1 },
	{ "mail_retry_base", 1 },
	{ "mail_attempts", 1 },
	{ "most_read_refresh", 1 },
	{ "live_poll", 1 },
};

static unsigned long long
key_min(const struct key *k)
{
	size_t i;

	for (i = 0; i < sizeof(key_mins) / sizeof(key_mins[0]); i++)
		if (strcmp(key_mins[i].name, k->name) == 0)
			return key_mins[i].min;
	return 0;
}

const char *
config_key_name(size_t i)
{
	return i < sizeof(keys) / sizeof(keys[0]) ? keys[i].name : NULL;
}

static const char *const levels[] = { "debug", "info", "warn", "error" };
static const char *const formats[] = { "text", "json" };
static const char *const smtp_tls_modes[] = { "none", "starttls", "tls" };

void
config_defaults(struct ng_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->listen_host = xstrdup("127.0.0.1");
	cfg->listen_port = 8080;
	cfg->data_dir = xstrdup("./data");
	cfg->theme_dir = NULL;
	cfg->base_url = xstrdup("");
	cfg->site_title = xstrdup("nutgraf");
	cfg->threads = 0;
	cfg->db_conns = 8;
	cfg->header_max = 16 * 1024;
	/* Above the largest route limit (media uploads, 12 MiB). */
	cfg->body_max = 16 * 1024 * 1024;
	cfg->conns_per_ip = 64;
	cfg->conns_max = 4096;
	cfg->idle_timeout = 15;
	cfg->request_deadline = 30;
	/* Two minutes: a 12 MiB original at 1 Mbit/s, with room. */
	cfg->send_deadline = 120;
	cfg->arena_max = 16 * 1024 * 1024;
	cfg->access_log = 1;
	cfg->log_level = 1; /* info */
	cfg->cache_max_bytes = 32 * 1024 * 1024;
	cfg->metrics_public = 0;
	cfg->trusted_proxies = xstrdup("");
	cfg->tls_cert = xstrdup("");
	cfg->tls_key = xstrdup("");
	cfg->tls_redirect = xstrdup("");
	cfg->acme_webroot = xstrdup("");
	cfg->webhook_allow = xstrdup("");
	cfg->webhook_retry_base = 30;
	cfg->webhook_attempts = 8;
	cfg->webhook_timeout = 10;
	cfg->smtp_host = xstrdup("");
	cfg->smtp_port = 0;
	cfg->smtp_tls = CONFIG_SMTP_STARTTLS;
	cfg->smtp_user = xstrdup("");
	cfg->smtp_password = xstrdup("");
	cfg->mail_from = xstrdup("");
	cfg->mail_retry_base = 60;
	cfg->mail_attempts = 8;
	cfg->most_read_refresh = 120;
	cfg->media_warm = 10;
	cfg->live_poll = 30;
}

void
config_free(struct ng_config *cfg)
{
	free(cfg->listen_host);
	free(cfg->data_dir);
	free(cfg->database);
	free(cfg->theme_dir);
	free(cfg->base_url);
	free(cfg->site_title);
	free(cfg->trusted_proxies);
	free(cfg->webhook_allow);
	free(cfg->tls_cert);
	free(cfg->tls_key);
	free(cfg->tls_redirect);
	free(cfg->acme_webroot);
	free(cfg->smtp_host);
	free(cfg->smtp_user);
	free(cfg->smtp_password);
	free(cfg->mail_from);
	memset(cfg, 0, sizeof(*cfg));
}

static enum ng_err
parse_number(const char *key, const char *value, unsigned long long min,
    unsigned long long max, unsigned long long *out, char *errbuf, size_t errsz)
{
	char		  *end;
	unsigned long long v;
	unsigned long long mult = 1;

	errno = 0;
	if (value[0] == '-' || value[0] == '\0')
		goto bad;
	v = strtoull(value, &end, 10);
	if (errno != 0 || end == value)
		goto bad;
	if (*end == 'k' || *end == 'K')
		mult = 1024, end++;
	else if (*end == 'm' || *end == 'M')
		mult = 1024 * 1024, end++;
	if (*end != '\0')
		goto bad;
	if (v > max / mult) {
		snprintf(errbuf, errsz, "%s: %s is larger than %llu", key,
		    value, max);
		return NG_EINVAL;
	}
	if (v * mult < min) {
		snprintf(errbuf, errsz, "%s: %s is smaller than %llu", key,
		    value, min);
		return NG_EINVAL;
	}
	*out = v * mult;
	return NG_OK;
bad:
	snprintf(errbuf, errsz, "%s: \"%s\" is not a number", key, value);
	return NG_EINVAL;
}

enum ng_err
config_set_listen(struct ng_config *cfg, const char *value, char *errbuf,
    size_t errsz)
{
	const char	  *colon;
	unsigned long long port;
	char		  *end;

	if ((colon = strrchr(value, ':')) == NULL || colon == value) {
		snprintf(errbuf, errsz, "listen: \"%s\" is not ADDR:PORT",
		    value);
		return NG_EINVAL;
	}
	errno = 0;
	port = strtoull(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || errno != 0 || port > 65535) {
		snprintf(errbuf, errsz, "listen: bad port in \"%s\"", value);
		return NG_EINVAL;
	}
	free(cfg->listen_host);
	/* Accept [::1]:8080 as well as 127.0.0.1:8080. */
	if (value[0] == '[' && colon[-1] == ']')
		cfg->listen_host = xstrndup(value + 1,
		    (size_t)(colon - value) - 2);
	else
		cfg->listen_host = xstrndup(value, (size_t)(colon - value));
	cfg->listen_port = (unsigned)port;
	return NG_OK;
}

enum ng_err
config_set(struct ng_config *cfg, const char *key, const char *value,
    char *errbuf, size_t errsz)
{
	const struct key  *k = NULL;
	unsigned long long n;
	enum ng_err	   err;
	size_t		   i;
	char		  *base = (char *)cfg;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].name, key) == 0)
			k = &keys[i];
	if (k == NULL) {
		snprintf(errbuf, errsz, "unknown setting \"%s\"", key);
		return NG_EINVAL;
	}
	switch (k->type) {
	case KEY_LISTEN:
		return config_set_listen(cfg, value, errbuf, errsz);
	case KEY_STR:
		free(*(char **)(base + k->off));
		*(char **)(base + k->off) = xstrdup(value);
		return NG_OK;
	case KEY_BOOL:
		if (strcmp(value, "yes") == 0 || strcmp(value, "true") == 0 ||
		    strcmp(value, "on") == 0 || strcmp(value, "1") == 0)
			*(int *)(base + k->off) = 1;
		else if (strcmp(value, "no") == 0 ||
		    strcmp(value, "false") == 0 || strcmp(value, "off") == 0 ||
		    strcmp(value, "0") == 0)
			*(int *)(base + k->off) = 0;
		else {
			snprintf(errbuf, errsz, "%s: \"%s\" is not yes or no",
			    key, value);
			return NG_EINVAL;
		}
		return NG_OK;
	case KEY_LOGLEVEL:
		for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
			if (strcmp(levels[i], value) == 0) {
				*(int *)(base + k->off) = (int)i;
				return NG_OK;
			}
		snprintf(errbuf, errsz,
		    "%s: \"%s\" is not one of debug, "
		    "info, warn, error",
		    key, value);
		return NG_EINVAL;
	case KEY_LOGFORMAT:
		for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
			if (strcmp(formats[i], value) == 0) {
				*(int *)(base + k->off) = (int)i;
				return NG_OK;
			}
		snprintf(errbuf, errsz, "%s: \"%s\" is not text or json", key,
		    value);
		return NG_EINVAL;
	case KEY_SMTPTLS:
		for (i = 0;
		     i < sizeof(smtp_tls_modes) / sizeof(smtp_tls_modes[0]);
		     i++)
			if (strcmp(smtp_tls_modes[i], value) == 0) {
				*(int *)(base + k->off) = (int)i;
				return NG_OK;
			}
		snprintf(errbuf, errsz,
		    "%s: \"%s\" is not one of none, starttls, tls", key, value);
		return NG_EINVAL;
	case KEY_UINT:
	case KEY_SIZE:
		if ((err = parse_number(key, value, key_min(k), k->max, &n,
			 errbuf, errsz)) != NG_OK)
			return err;
		if (k->type == KEY_UINT)
			*(unsigned *)(base + k->off) = (unsigned)n;
		else
			*(size_t *)(base + k->off) = (size_t)n;
		return NG_OK;
	}
	return NG_EINVAL;
}

struct load_ctx {
	struct ng_config *cfg;
	const char	 *path;
	char		 *errbuf;
	size_t		  errsz;
	int		  failed;
};

static int
on_pair(void *user, const char *section, const char *name, const char *value
#if INI_HANDLER_LINENO
    ,
    int lineno
#endif
)
{
	struct load_ctx *ctx = user;
	char		 msg[256];

	if (ctx->failed)
		return 0;
	/* Keys may sit in a [server] section or at the top. */
	if (section[0] != '\0' && strcmp(section, "server") != 0) {
		snprintf(msg, sizeof(msg), "unknown section [%s]", section);
		goto bad;
	}
	if (config_set(ctx->cfg, name, value, msg, sizeof(msg)) != NG_OK)
		goto bad;
	return 1;
bad:
	snprintf(ctx->errbuf, ctx->errsz, "%s: %s", ctx->path, msg);
	ctx->failed = 1;
	return 0;
}

enum ng_err
config_load_file(struct ng_config *cfg, const char *path, char *errbuf,
    size_t errsz)
{
	struct load_ctx ctx = { cfg, path, errbuf, errsz, 0 };
	char		msg[512];
	int		rc;

	rc = ini_parse(path, on_pair, &ctx);
	if (rc == -1) {
		snprintf(errbuf, errsz, "%s: cannot open: %s", path,
		    strerror(errno));
		return NG_EIO;
	}
	if (rc == 0)
		return NG_OK;
	if (ctx.failed) {
		/* Put the line number after the file name. */
		snprintf(msg, sizeof(msg), "%s", errbuf);
		snprintf(errbuf, errsz, "%s:%d:%s", path, rc,
		    msg + strlen(path) + 1);
	} else
		snprintf(errbuf, errsz,
		    "%s:%d: syntax error (expected "
		    "key = value)",
		    path, rc);
	return NG_EINVAL;
}
