/*
 * fuzz/proxy.c -- libFuzzer driver for trusted_proxies and the client
 * address behind them (http/proxy.c).
 *
 * The input's first line is a trusted_proxies list, the second the peer
 * address, the third X-Forwarded-Proto and the rest X-Forwarded-For.
 * Checked besides the sanitizers: the client address is a NUL-terminated
 * string that is the peer unless the peer is trusted; a relayed request
 * came from a trusted peer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/proxy.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Cut the next line off *s (of *n bytes) into a NUL-terminated copy. */
static char *
line(const char **s, size_t *n)
{
	const char	*nl = memchr(*s, '\n', *n);
	size_t		 k = nl != NULL ? (size_t)(nl - *s) : *n;
	char		*out = malloc(k + 1);

	if (out == NULL)
		abort();
	memcpy(out, *s, k);
	out[k] = '\0';
	*s += nl != NULL ? k + 1 : k;
	*n -= nl != NULL ? k + 1 : k;
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*s = (const char *)data;
	struct proxies		*p;
	struct proxy_client	 c;
	char			 err[256];
	char			*list, *peer, *xfp;

	list = line(&s, &size);
	peer = line(&s, &size);
	xfp = line(&s, &size);
	if (proxies_parse(list, &p, err, sizeof(err)) == NG_OK) {
		proxy_client(p, peer, (struct str){ s, size }, str_c(xfp), &c);
		if (memchr(c.ip, '\0', sizeof(c.ip)) == NULL)
			abort();
		if (c.relayed && !proxies_trusted(p, peer))
			abort();
		proxies_free(p);
	}
	free(list);
	free(peer);
	free(xfp);
	return 0;
}
