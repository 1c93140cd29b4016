/*
 * tls.h -- the server's certificate and key (tls_cert, tls_key), for
 * serving HTTPS without a proxy.
 *
 * libmicrohttpd asks a callback for the credentials of each new TLS
 * connection, so a reload can put new ones in place (certbot renewed
 * them) while the connections already open keep theirs.  Replaced
 * credentials are kept until tls_creds_release(): an open session may
 * still point into them.
 */
#ifndef NG_HTTP_TLS_H
#define NG_HTTP_TLS_H

#include <stddef.h>

#include "core/err.h"

/* Non-zero if libmicrohttpd was built with TLS and cert callbacks. */
int tls_supported(void);

/*
 * Read the PEM certificate chain and key and make them the credentials
 * of new connections.  On error the old ones stay and errbuf says why.
 */
enum ng_err tls_creds_load(const char *cert, const char *key, char *errbuf,
    size_t errsz) NG_WUR;

/* The callback for MHD_OPTION_HTTPS_CERT_CALLBACK. */
void *tls_cert_callback(void);

/* Free every credential loaded (once no TLS daemon runs). */
void tls_creds_release(void);

#endif
