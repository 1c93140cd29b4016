/*
 * test_proxy.c -- trusted_proxies: the list parser (addresses, CIDR,
 * IPv4 and IPv6, errors) and the client address and scheme of a request
 * as a table of (list, peer, X-Forwarded-For, X-Forwarded-Proto) cases:
 * untrusted peers, spoofed chains, all-trusted chains, garbage, IPv6.
 */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "http/proxy.h"

static void
test_parse_errors(void **state)
{
	static const char *const bad[] = {
		"10.0.0.0/33",
		"::/129",
		"1.2.3",
		"1.2.3.4/",
		"1.2.3.4/x",
		"example.com",
		"1.2.3.4/8/8",
		"10.0.0.1 300.1.1.1",
		"fe80::1%eth0",
	};
	struct proxies *p;
	char		err[256];
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(proxies_parse(bad[i], &p, err, sizeof(err)),
		    NG_EINVAL);
		assert_null(p);
		assert_non_null(strstr(err, "trusted_proxies"));
	}
	assert_int_equal(proxies_parse("", &p, err, sizeof(err)), NG_OK);
	assert_null(p);
	assert_int_equal(proxies_parse(" , ", &p, err, sizeof(err)), NG_OK);
	assert_null(p);
	assert_int_equal(proxies_parse(NULL, &p, err, sizeof(err)), NG_OK);
	assert_null(p);
}

static void
test_trusted(void **state)
{
	static const struct {
		const char *ip;
		int	    yes;
	} t[] = {
		{ "127.0.0.1", 1 },
		{ "::ffff:127.0.0.1", 1 },
		{ "127.0.0.2", 0 },
		{ "10.0.0.0", 1 },
		{ "10.255.255.255", 1 },
		{ "11.0.0.0", 0 },
		{ "192.168.1.128", 1 },
		{ "192.168.1.127", 0 },
		{ "fd00::1", 1 },
		{ "fe80::1", 0 },
		{ "2001:db8::7", 1 },
		{ "2001:db8::8", 0 },
		{ "::1", 0 },
		{ "garbage", 0 },
		{ "", 0 },
	};
	struct proxies *p;
	char		err[256];
	size_t		i;

	(void)state;
	assert_int_equal(proxies_parse("127.0.0.1, 10.1.2.3/8\t"
				       "192.168.1.128/25 fd00::/8,2001:db8::7",
			     &p, err, sizeof(err)),
	    NG_OK);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_int_equal(proxies_trusted(p, t[i].ip), t[i].yes);
	proxies_free(p);
	assert_int_equal(proxies_trusted(NULL, "127.0.0.1"), 0);

	/* /0 trusts everyone of its family. */
	assert_int_equal(proxies_parse("0.0.0.0/0", &p, err, sizeof(err)),
	    NG_OK);
	assert_int_equal(proxies_trusted(p, "203.0.113.9"), 1);
	assert_int_equal(proxies_trusted(p, "2001:db8::1"), 0);
	proxies_free(p);
}

static struct str
opt(const char *s)
{
	return s == NULL ? STR_NULL : str_c(s);
}

static void
test_client(void **state)
{
	static const struct {
		const char *list, *peer, *xff, *xfp;
		const char *ip;
		int	    relayed, https;
	} t[] = {
		/* No list: nothing changes, headers or not. */
		{ "", "203.0.113.5", "198.51.100.1", "https", "203.0.113.5", 0,
		    -1 },
		{ "", "::ffff:127.0.0.1", NULL, NULL, "::ffff:127.0.0.1", 0,
		    -1 },
		/* Untrusted peer: its headers are ignored. */
		{ "127.0.0.1", "203.0.113.5", "198.51.100.1", "https",
		    "203.0.113.5", 0, -1 },
		/* Trusted peer, one hop. */
		{ "127.0.0.1", "127.0.0.1", "198.51.100.1", "https",
		    "198.51.100.1", 1, 1 },
		{ "127.0.0.1", "::ffff:127.0.0.1", " 198.51.100.1 ", "HTTP",
		    "198.51.100.1", 1, 0 },
		/* Spoofed chain: the client wrote the left part. */
		{ "127.0.0.1", "127.0.0.1", "127.0.0.1, 10.9.9.9, 198.51.100.7",
		    NULL, "198.51.100.7", 1, -1 },
		{ "127.0.0.1 10.0.0.0/8", "127.0.0.1",
		    "6.6.6.6, 198.51.100.7, 10.0.0.2", NULL, "198.51.100.7", 1,
		    -1 },
		/* Every hop trusted: the leftmost is the client. */
		{ "127.0.0.0/8", "127.0.0.1", "127.0.0.3, 127.0.0.2", NULL,
		    "127.0.0.3", 1, -1 },
		/* Garbage ends the walk at the nearest trusted hop. */
		{ "127.0.0.1 10.0.0.0/8", "127.0.0.1",
		    "198.51.100.7, nonsense, 10.0.0.2", NULL, "10.0.0.2", 1,
		    -1 },
		{ "127.0.0.1", "127.0.0.1", "", NULL, "127.0.0.1", 1, -1 },
		{ "127.0.0.1", "127.0.0.1", "1.2.3.4,,", NULL, "127.0.0.1", 1,
		    -1 },
		/* Trusted peer without X-Forwarded-For: a direct request. */
		{ "127.0.0.1", "127.0.0.1", NULL, "https", "127.0.0.1", 0, 1 },
		/* Ports and brackets some proxies write. */
		{ "127.0.0.1", "127.0.0.1", "198.51.100.1:4711", NULL,
		    "198.51.100.1", 1, -1 },
		{ "127.0.0.1", "127.0.0.1", "[2001:db8::1]:4711", NULL,
		    "2001:db8::1", 1, -1 },
		/* IPv6 proxies and clients. */
		{ "::1 fd00::/8", "::1", "2001:db8::99, fd00::5", "https",
		    "2001:db8::99", 1, 1 },
		{ "::1", "::1", "2001:DB8:0::0:1", NULL, "2001:db8::1", 1, -1 },
		{ "::1", "::2", "2001:db8::99", "https", "::2", 0, -1 },
		/* An IPv4 client behind an IPv6 proxy. */
		{ "::1", "::1", "198.51.100.1", NULL, "198.51.100.1", 1, -1 },
		/* Unknown proto values say nothing. */
		{ "127.0.0.1", "127.0.0.1", "198.51.100.1", "gopher",
		    "198.51.100.1", 1, -1 },
		{ "127.0.0.1", "127.0.0.1", "198.51.100.1", "http, https",
		    "198.51.100.1", 1, 1 },
	};
	struct proxies	   *p;
	struct proxy_client c;
	char		    err[256];
	size_t		    i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(proxies_parse(t[i].list, &p, err, sizeof(err)),
		    NG_OK);
		proxy_client(p, t[i].peer, opt(t[i].xff), opt(t[i].xfp), &c);
		if (strcmp(c.ip, t[i].ip) != 0 || c.relayed != t[i].relayed ||
		    c.https != t[i].https)
			fail_msg("case %zu: got %s relayed=%d https=%d", i,
			    c.ip, c.relayed, c.https);
		proxies_free(p);
	}
}

/* A long chain is cut off after a bounded number of hops. */
static void
test_long_chain(void **state)
{
	struct proxies	   *p;
	struct proxy_client c;
	char		    xff[4096], err[256];
	size_t		    n = 0;
	int		    i;

	(void)state;
	assert_int_equal(proxies_parse("10.0.0.0/8", &p, err, sizeof(err)),
	    NG_OK);
	n += (size_t)snprintf(xff, sizeof(xff), "198.51.100.1");
	for (i = 0; i < 100; i++)
		n += (size_t)snprintf(xff + n, sizeof(xff) - n, ", 10.0.%d.%d",
		    i / 250, i % 250 + 1);
	proxy_client(p, "10.0.0.1", str_c(xff), STR_NULL, &c);
	assert_int_equal(c.relayed, 1);
	assert_string_not_equal(c.ip, "198.51.100.1");
	assert_int_equal(proxies_trusted(p, c.ip), 1);
	proxies_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_trusted),
		cmocka_unit_test(test_client),
		cmocka_unit_test(test_long_chain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
