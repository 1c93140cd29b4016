/*
 * test_ssrf.c -- the outbound address policy (ssrf.c) and the URL check
 * of post.c: every class of address refused in its IPv4 and IPv6 forms,
 * IPv4 hidden in IPv6 (mapped, compatible, NAT64, 6to4), decimal, octal
 * and hexadecimal IPv4 spellings resolved before judging, DNS names
 * that resolve to loopback, schemes, and the allowlist.
 */
#include "testlib.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <string.h>

#include "outbound/post.h"
#include "outbound/ssrf.h"

static const char *
judge(const char *ip, const struct ssrf_allow *allow)
{
	struct sockaddr_in  a4;
	struct sockaddr_in6 a6;

	memset(&a4, 0, sizeof(a4));
	memset(&a6, 0, sizeof(a6));
	if (inet_pton(AF_INET, ip, &a4.sin_addr) == 1) {
		a4.sin_family = AF_INET;
		return ssrf_check((struct sockaddr *)&a4, allow);
	}
	assert_int_equal(inet_pton(AF_INET6, ip, &a6.sin6_addr), 1);
	a6.sin6_family = AF_INET6;
	return ssrf_check((struct sockaddr *)&a6, allow);
}

static void
test_classes(void **state)
{
	static const struct {
		const char *ip, *why;
	} t[] = {
		{ "127.0.0.1", "loopback" },
		{ "127.255.1.2", "loopback" },
		{ "::1", "loopback" },
		{ "10.0.0.1", "private" },
		{ "172.16.0.1", "private" },
		{ "172.31.255.255", "private" },
		{ "192.168.1.1", "private" },
		{ "100.64.0.1", "private" },
		{ "fd12::1", "private" },
		{ "fc00::1", "private" },
		{ "169.254.169.254", "link-local" },
		{ "fe80::1", "link-local" },
		{ "224.0.0.1", "multicast" },
		{ "ff02::1", "multicast" },
		{ "0.0.0.0", "unspecified" },
		{ "::", "unspecified" },
		{ "255.255.255.255", "reserved" },
		{ "240.0.0.1", "reserved" },
		{ "198.18.0.1", "reserved" },
		{ "2001:db8::1", "reserved" },
		/* IPv4 inside IPv6 is judged as IPv4. */
		{ "::ffff:127.0.0.1", "loopback" },
		{ "::ffff:10.1.2.3", "private" },
		{ "::127.0.0.1", "loopback" },
		{ "64:ff9b::a9fe:a9fe", "link-local" },
		{ "2002:c0a8:0101::1", "private" },
		/* Public. */
		{ "93.184.216.34", NULL },
		{ "172.32.0.1", NULL },
		{ "2606:2800:220:1::1", NULL },
		{ "::ffff:8.8.8.8", NULL },
	};
	const char *why;
	size_t	    i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		why = judge(t[i].ip, NULL);
		if (t[i].why == NULL)
			assert_null(why);
		else {
			assert_non_null(why);
			assert_string_equal(why, t[i].why);
		}
	}
}

static void
test_allow(void **state)
{
	struct ssrf_allow a;

	(void)state;
	assert_int_equal(ssrf_allow_parse("127.0.0.1/32, 10.1.0.0/16 ::1", &a),
	    NG_OK);
	assert_int_equal(a.n, 3);
	assert_null(judge("127.0.0.1", &a));
	assert_null(judge("::ffff:127.0.0.1", &a)); /* the same address */
	assert_non_null(judge("127.0.0.2", &a));
	assert_null(judge("10.1.200.3", &a));
	assert_non_null(judge("10.2.0.1", &a));
	assert_null(judge("::1", &a));
	assert_non_null(judge("fe80::1", &a));
	assert_int_equal(ssrf_allow_parse("", &a), NG_OK);
	assert_int_equal(a.n, 0);
	assert_int_equal(ssrf_allow_parse("127.1", &a), NG_EINVAL);
	assert_int_equal(ssrf_allow_parse("10.0.0.0/33", &a), NG_EINVAL);
	assert_int_equal(ssrf_allow_parse("10.0.0.0/x", &a), NG_EINVAL);
	assert_int_equal(ssrf_allow_parse("::1/129", &a), NG_EINVAL);
	assert_int_equal(ssrf_allow_parse("example.com", &a), NG_EINVAL);
}

static void
refused(const char *url, const char *what)
{
	char why[300];

	why[0] = '\0';
	assert_int_equal(outbound_url_check(url, NULL, why, sizeof(why)),
	    NG_EINVAL);
	if (strstr(why, what) == NULL)
		fail_msg("%s: \"%s\" does not say %s", url, why, what);
}

static void
test_urls(void **state)
{
	struct ssrf_allow a;
	char		  why[300];

	(void)state;
	assert_int_equal(outbound_init(), NG_OK);
	/* Other spellings of 127.0.0.1, resolved before judging. */
	refused("http://2130706433/", "loopback");
	refused("http://0177.0.0.1/", "loopback");
	refused("http://0x7f.0.0.1/", "loopback");
	refused("http://127.1/", "loopback");
	refused("http://[::ffff:7f00:1]/", "loopback");
	refused("http://[::1]:8080/x", "loopback");
	refused("http://017700000001/", "loopback");
	/* A DNS name that resolves to loopback. */
	refused("http://localhost/", "loopback");
	refused("https://169.254.169.254/latest/meta-data/", "link-local");
	refused("http://[fe80::1%25eth0]/", "host");
	refused("ftp://93.184.216.34/", "scheme");
	refused("gopher://93.184.216.34/", "scheme");
	refused("file:///etc/passwd", "URL");
	refused("not a url", "URL");
	assert_int_equal(outbound_url_check("http://93.184.216.34:8080/hook",
			     NULL, why, sizeof(why)),
	    NG_OK);
	assert_int_equal(outbound_url_check("https://[2606:2800:220:1::1]/",
			     NULL, why, sizeof(why)),
	    NG_OK);
	assert_int_equal(ssrf_allow_parse("127.0.0.0/8", &a), NG_OK);
	assert_int_equal(outbound_url_check("http://2130706433/", &a, why,
			     sizeof(why)),
	    NG_OK);
	outbound_cleanup();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_allow),
		cmocka_unit_test(test_urls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
