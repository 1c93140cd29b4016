/*
 * tls.c -- credentials over GnuTLS, the only file that includes it.
 *
 * The current credentials are one atomic pointer: the handshake of each
 * new connection reads it, a reload swaps it.  GnuTLS keeps pointers to
 * the certificates a session was given, so replaced credentials are
 * chained on a list and freed only at the end.  Reloads are rare (a
 * certificate renewal every few weeks) and each keeps a few kilobytes.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <microhttpd.h>

#include "core/xalloc.h"
#include "http/tls.h"

#define CHAIN_MAX 8	    /* certificates in a chain */
#define PEM_MAX	  (1 << 20) /* bytes of a PEM file */

struct creds {
	struct creds	*older; /* replaced ones, freed at the end */
	gnutls_pcert_st	 pcert[CHAIN_MAX];
	unsigned int	 n;
	gnutls_privkey_t key;
};

static _Atomic(struct creds *) current;

int
tls_supported(void)
{
	return MHD_is_feature_supported(MHD_FEATURE_TLS) == MHD_YES &&
	    MHD_is_feature_supported(MHD_FEATURE_HTTPS_CERT_CALLBACK) ==
	    MHD_YES;
}

static enum ng_err
read_pem(const char *path, gnutls_datum_t *d, char *errbuf, size_t errsz)
{
	FILE  *f;
	size_t n;
	char  *b;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(errbuf, errsz, "%s: %s", path, strerror(errno));
		return NG_EIO;
	}
	b = xmalloc(PEM_MAX + 1);
	n = fread(b, 1, PEM_MAX + 1, f);
	fclose(f);
	if (n == 0 || n > PEM_MAX) {
		snprintf(errbuf, errsz, "%s: %s", path,
		    n == 0 ? "empty" : "larger than 1 MiB");
		free(b);
		return NG_EINVAL;
	}
	b[n] = '\0';
	d->data = (unsigned char *)b;
	d->size = (unsigned int)n;
	return NG_OK;
}

static void
creds_free(struct creds *c)
{
	unsigned i;

	for (i = 0; i < c->n; i++)
		gnutls_pcert_deinit(&c->pcert[i]);
	if (c->key != NULL)
		gnutls_privkey_deinit(c->key);
	free(c);
}

/* Non-zero if key signs what the first certificate's public key checks. */
static int
key_matches(struct creds *c)
{
	static unsigned char	msg[] = "nutgraf key check";
	gnutls_datum_t		data = { msg, sizeof(msg) - 1 };
	gnutls_datum_t		sig = { NULL, 0 };
	gnutls_sign_algorithm_t algo;
	int			ok, pk;

	pk = gnutls_privkey_get_pk_algorithm(c->key, NULL);
	algo = gnutls_pk_to_sign(pk, GNUTLS_DIG_SHA256);
	if (gnutls_privkey_sign_data2(c->key, algo, 0, &data, &sig) < 0)
		return 0;
	ok = gnutls_pubkey_verify_data2(c->pcert[0].pubkey, algo, 0, &data,
		 &sig) >= 0;
	gnutls_free(sig.data);
	return ok;
}

enum ng_err
tls_creds_load(const char *cert, const char *key, char *errbuf, size_t errsz)
{
	struct creds  *c;
	gnutls_datum_t cd = { NULL, 0 }, kd = { NULL, 0 };
	enum ng_err    err;
	int	       rc;

	if ((err = read_pem(cert, &cd, errbuf, errsz)) != NG_OK)
		return err;
	if ((err = read_pem(key, &kd, errbuf, errsz)) != NG_OK) {
		free(cd.data);
		return err;
	}
	c = xcalloc(1, sizeof(*c));
	c->n = CHAIN_MAX;
	err = NG_EINVAL;
	if ((rc = gnutls_pcert_list_import_x509_raw(c->pcert, &c->n, &cd,
		 GNUTLS_X509_FMT_PEM, 0)) < 0 ||
	    c->n == 0) {
		c->n = 0;
		snprintf(errbuf, errsz, "%s: not a PEM certificate chain: %s",
		    cert, gnutls_strerror(rc));
		goto out;
	}
	if ((rc = gnutls_privkey_init(&c->key)) < 0 ||
	    (rc = gnutls_privkey_import_x509_raw(c->key, &kd,
		 GNUTLS_X509_FMT_PEM, NULL, 0)) < 0) {
		snprintf(errbuf, errsz, "%s: not a PEM private key: %s", key,
		    gnutls_strerror(rc));
		goto out;
	}
	if (!key_matches(c)) {
		snprintf(errbuf, errsz, "%s is not the key of %s", key, cert);
		goto out;
	}
	c->older = atomic_exchange(&current, c);
	c = NULL;
	err = NG_OK;
out:
	/* The key file's bytes are secret: do not leave them in the heap. */
	if (kd.data != NULL)
		explicit_bzero(kd.data, kd.size);
	free(kd.data);
	free(cd.data);
	if (c != NULL)
		creds_free(c);
	return err;
}

static int
on_cert(gnutls_session_t session, const gnutls_datum_t *req_ca_dn, int nreqs,
    const gnutls_pk_algorithm_t *pk_algos, int pk_algos_length,
    gnutls_pcert_st **pcert, unsigned int *pcert_length, gnutls_privkey_t *key)
{
	struct creds *c = atomic_load(&current);

	(void)session;
	(void)req_ca_dn;
	(void)nreqs;
	(void)pk_algos;
	(void)pk_algos_length;
	if (c == NULL)
		return -1;
	*pcert = c->pcert;
	*pcert_length = c->n;
	*key = c->key;
	return 0;
}

void *
tls_cert_callback(void)
{
	gnutls_certificate_retrieve_function2 *fn = on_cert;

	return (void *)fn;
}

void
tls_creds_release(void)
{
	struct creds *c, *older;

	for (c = atomic_exchange(&current, NULL); c != NULL; c = older) {
		older = c->older;
		creds_free(c);
	}
}
