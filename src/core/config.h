/*
 * config.h -- the process configuration.
 *
 * Filled once by main from defaults, the config file (INI, via inih), the
 * environment (NUTGRAF_LISTEN, NUTGRAF_DATA) and the command line, in that
 * order of increasing precedence; then frozen and shared read-only as a
 * const struct ng_config *.
 */
#ifndef NG_CORE_CONFIG_H
#define NG_CORE_CONFIG_H

#include <stddef.h>

#include "core/err.h"

struct ng_config {
	char	*listen_host; /* "127.0.0.1" */
	unsigned listen_port; /* 8080 */
	char	*data_dir;    /* "./data" */
	char	*database;    /* NULL: data_dir/nutgraf.db (SQLite);
					   or a postgresql:// URL */
	char	*theme_dir;   /* NULL: the theme built into the binary */
	char	*base_url;    /* "" : absolute links use the Host */
	char	*site_title;  /* default title before settings exist */
	unsigned threads;     /* MHD thread pool size; 0: one per CPU */
	unsigned db_conns;    /* store connection pool size */

	/* Limits against hostile clients. */
	size_t	 header_max; /* bytes of request line + headers */
	size_t	 body_max;   /* default request body cap */
	unsigned conns_per_ip;
	unsigned conns_max;
	unsigned idle_timeout;	   /* seconds between bytes */
	unsigned request_deadline; /* seconds to read and handle one */
	unsigned send_deadline;	   /* seconds to send one response */
	size_t	 arena_max;	   /* per-request memory cap */

	int access_log; /* one line per request */
	int log_level;	/* enum log_level */

	/* Page cache and metrics. */
	size_t cache_max_bytes; /* page cache budget; 0: off */
	int    metrics_public;	/* /metrics beyond loopback */

	/* Production. */
	char *trusted_proxies; /* addresses and CIDR; "": none */
	int   log_format;      /* enum log_format */
	char *tls_cert;	       /* PEM chain; "": plain HTTP */
	char *tls_key;	       /* PEM key of tls_cert */
	char *tls_redirect;    /* "ADDR:PORT" for http -> https */
	char *acme_webroot;    /* serves .well-known/acme-challenge */

	/* Webhooks (jobs/webhook.c, outbound/). */
	char	*webhook_allow;	     /* private addresses allowed; "" */
	unsigned webhook_retry_base; /* seconds before the first retry */
	unsigned webhook_attempts;   /* tries before giving up */
	unsigned webhook_timeout;    /* seconds for one delivery */

	/* Mail over SMTP (jobs/mail.h, outbound/smtp.h); smtp_host "": none. */
	char	*smtp_host;
	unsigned smtp_port;	  /* 0: 25, 587 or 465 by smtp_tls */
	int	 smtp_tls;	  /* enum config_smtp_tls */
	char	*smtp_user;	  /* "": no AUTH */
	char	*smtp_password;	  /* with smtp_user */
	char	*mail_from;	  /* the sender's address */
	unsigned mail_retry_base; /* seconds before the first retry */
	unsigned mail_attempts;	  /* tries before a message is given up */

	/* Seconds between most-read flushes and list refreshes. */
	unsigned most_read_refresh;
	/* Seconds between a live page's asks for new updates. */
	unsigned live_poll;
	/*
	 * Seconds between the background job's looks for images whose
	 * variants are still to be made (jobs/warm.h); 0: never.
	 */
	unsigned media_warm;
};

/* smtp_tls: plain SMTP, STARTTLS required, or TLS from the start. */
enum config_smtp_tls {
	CONFIG_SMTP_NONE,
	CONFIG_SMTP_STARTTLS,
	CONFIG_SMTP_TLS
};

/* The name of the i-th config key, or NULL past the last. */
const char *config_key_name(size_t i);

/* Fill cfg with the built-in defaults.  Free with config_free(). */
void config_defaults(struct ng_config *cfg);

/*
 * Read the INI file at path into cfg.  Unknown keys and bad values are
 * errors: a one-line "FILE:LINE: message" goes to errbuf.
 */
enum ng_err config_load_file(struct ng_config *cfg, const char *path,
    char *errbuf, size_t errsz) NG_WUR;

/*
 * Set one key (as named in the config file, e.g. "listen", "data") from a
 * string.  Used by the file loader, the environment and the CLI.
 */
enum ng_err config_set(struct ng_config *cfg, const char *key,
    const char *value, char *errbuf, size_t errsz) NG_WUR;

/* Parse "HOST:PORT" into cfg. */
enum ng_err config_set_listen(struct ng_config *cfg, const char *value,
    char *errbuf, size_t errsz) NG_WUR;

void config_free(struct ng_config *cfg);

#endif
