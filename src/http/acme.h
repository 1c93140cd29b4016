/*
 * acme.h -- /.well-known/acme-challenge/TOKEN from the acme_webroot
 * directory, so that `certbot certonly --webroot -w DIR` can prove the
 * domain while nutgraf serves it (on the main listener and on the
 * plain-HTTP redirect listener of a TLS site).
 */
#ifndef NG_HTTP_ACME_H
#define NG_HTTP_ACME_H

#include "core/err.h"
#include "core/str.h"

struct arena;
struct req;
struct resp;

#define ACME_PREFIX   "/.well-known/acme-challenge/"
#define ACME_FILE_MAX 8192 /* a key authorization is ~90 bytes */

/* Non-zero for a token ACME may use: 1..255 of [A-Za-z0-9_-].  Pure. */
int acme_token_ok(struct str token);

/*
 * The content of webroot/.well-known/acme-challenge/token, in a.
 * NG_ENOTFOUND for a bad token, an empty webroot or a missing file.
 */
enum ng_err acme_read(struct arena *a, const char *webroot, struct str token,
    struct str *out) NG_WUR;

/* GET /.well-known/acme-challenge/{token}. */
enum ng_err acme_handler(struct req *r, struct resp *rs);

#endif
