/*
 * bench/slow.c -- slow clients at scale against a running nutgraf.
 *
 *	nutgraf-bench-slow -p PORT [-n CONNS] [-a ADDRS] [-g PATH]
 *	    [-b PATH] [-r SECONDS] [-t SECONDS]
 *
 * A normal reader (one keep-alive connection from 127.0.0.1, one GET of
 * PATH after another) is timed for -r seconds alone: the baseline.  Then
 * CONNS slow connections are opened from ADDRS source addresses
 * (127.0.1.1, 127.0.1.2, ...: all of 127/8 is loopback on Linux) and kept
 * open for -t seconds; one in three of each kind:
 *
 *	header	sends its request head one byte a second
 *	body	sends a whole head for a POST to -b with a 10 kB body,
 *		then the body one byte a second
 *	reader	sends a GET for PATH at once (with a 4 kB receive buffer)
 *		and reads the response one byte a second
 *
 * A connection the server closes is opened again at once, as an attacker
 * would, so the server holds CONNS for the whole run.  Once all are open
 * the normal reader is timed again for -r seconds.  Then every slow
 * connection is closed and the program exits.
 *
 * Output is "key value" lines on stdout for bench/slow.sh: latency
 * percentiles of both reader runs, how many slow connections were open
 * at most, and how each kind ended: closed by the server (deadline),
 * refused (closed before it sent anything) or still open at the end.
 * Single-threaded epoll for the slow side, a thread for the reader.
 */
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT	24
#endif

#define BODY_LEN	10000	/* declared body of a trickled POST */
#define TICKS_PER_S	10	/* each connection acts on one tick in ten */
#define LAT_MAX		(1 << 20)	/* reader samples kept */

enum kind { K_HEADER, K_BODY, K_READER, K__MAX };

static const char *const kind_name[K__MAX] = { "header", "body", "reader" };

struct slow {
	int		 fd;
	enum kind	 kind;
	int		 connected;
	size_t		 sent;		/* bytes of head (+ body) sent */
	size_t		 got;		/* bytes read */
	double		 opened;	/* monotonic seconds */
};

struct ends {
	unsigned long	 opened;	/* connects that completed */
	unsigned long	 cut;		/* closed by the server later */
	unsigned long	 refused;	/* closed or failed before a byte */
	unsigned long	 cut_ms_sum;	/* lifetime of the cut ones */
};

static int		 port;
static const char	*page = "/";
static const char	*post = "/search";
static char		 head_get[512], head_post[512];
static size_t		 head_get_n, head_post_n;

static double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* --- the normal reader --- */

struct reader {
	double		 seconds;
	double		*lat;		/* ms */
	size_t		 n;
	unsigned long	 errors;
};

static int
reader_connect(void)
{
	struct sockaddr_in	 sa;
	int			 fd, one = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* One GET on fd, read to the end of its Content-Length body: 0 or -1. */
static int
reader_get(int fd)
{
	static char	 buf[1 << 16];
	size_t		 have = 0, need = 0;
	ssize_t		 r;
	char		*eoh, *cl;

	if (write(fd, head_get, head_get_n) != (ssize_t)head_get_n)
		return -1;
	for (;;) {
		if (have == sizeof(buf) - 1)
			return -1;
		if ((r = read(fd, buf + have, sizeof(buf) - 1 - have)) <= 0)
			return -1;
		have += r;
		buf[have] = '\0';
		if ((eoh = strstr(buf, "\r\n\r\n")) != NULL)
			break;
	}
	if (strncmp(buf, "HTTP/1.1 200", 12) != 0)
		return -1;
	if ((cl = strcasestr(buf, "\r\ncontent-length:")) == NULL || cl > eoh)
		return -1;
	need = (size_t)(eoh + 4 - buf) + strtoul(cl + 17, NULL, 10);
	while (have < need) {
		r = read(fd, buf, sizeof(buf) < need - have ? sizeof(buf) :
		    need - have);
		if (r <= 0)
			return -1;
		have += r;
	}
	return 0;
}

static void *
reader_run(void *arg)
{
	struct reader	*rd = arg;
	double		 end = now_s() + rd->seconds, t0;
	int		 fd = -1;

	rd->n = 0;
	while (now_s() < end && rd->n < LAT_MAX) {
		if (fd == -1 && (fd = reader_connect()) == -1) {
			rd->errors++;
			continue;
		}
		t0 = now_s();
		if (reader_get(fd) == -1) {
			rd->errors++;
			close(fd);
			fd = -1;
			continue;
		}
		rd->lat[rd->n++] = (now_s() - t0) * 1000;
	}
	if (fd != -1)
		close(fd);
	return NULL;
}

static void
reader_report(const char *phase, struct reader *rd)
{
	size_t	 n = rd->n;

	qsort(rd->lat, n, sizeof(rd->lat[0]), cmp_double);
	printf("%s_requests %zu\n", phase, n);
	printf("%s_errors %lu\n", phase, rd->errors);
	if (n == 0)
		return;
	printf("%s_p50_ms %.3f\n", phase, rd->lat[n / 2]);
	printf("%s_p99_ms %.3f\n", phase, rd->lat[n * 99 / 100]);
	printf("%s_max_ms %.3f\n", phase, rd->lat[n - 1]);
}

/* --- the slow side --- */

static struct slow	*slows;
static struct ends	 ends[K__MAX];
static int		 ep;
static int		 naddrs = 50;

static void
slow_open(size_t i)
{
	struct slow		*s = &slows[i];
	struct sockaddr_in	 src, dst;
	struct epoll_event	 ev;
	int			 one = 1, rcv = 4096;

	s->connected = 0;
	s->sent = s->got = 0;
	s->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (s->fd == -1) {
		perror("socket");
		exit(1);
	}
	/* Ports are picked at connect time, per destination: 50 sources
	 * times 64k ports is room enough. */
	setsockopt(s->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one,
	    sizeof(one));
	if (s->kind == K_READER)
		setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	memset(&src, 0, sizeof(src));
	src.sin_family = AF_INET;
	src.sin_addr.s_addr = htonl(0x7f000100u + 1 + i % naddrs);
	if (bind(s->fd, (struct sockaddr *)&src, sizeof(src)) == -1) {
		perror("bind");
		exit(1);
	}
	memset(&dst, 0, sizeof(dst));
	dst.sin_family = AF_INET;
	dst.sin_port = htons(port);
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(s->fd, (struct sockaddr *)&dst, sizeof(dst)) == -1 &&
	    errno != EINPROGRESS) {
		ends[s->kind].refused++;
		close(s->fd);
		s->fd = -1;
		return;
	}
	s->opened = now_s();
	ev.events = EPOLLOUT | EPOLLRDHUP;
	ev.data.u64 = i;
	epoll_ctl(ep, EPOLL_CTL_ADD, s->fd, &ev);
}

static void
slow_closed(size_t i)
{
	struct slow	*s = &slows[i];

	if (s->connected && (s->sent > 0 || s->got > 0)) {
		ends[s->kind].cut++;
		ends[s->kind].cut_ms_sum +=
		    (unsigned long)((now_s() - s->opened) * 1000);
	} else
		ends[s->kind].refused++;
	close(s->fd);
	s->fd = -1;
}

/* The next byte (or, for a POST's head and a GET, the whole head). */
static void
slow_act(size_t i)
{
	struct slow	*s = &slows[i];
	char		 c;
	ssize_t		 r;

	if (s->fd == -1 || !s->connected)
		return;
	switch (s->kind) {
	case K_HEADER:
		if (s->sent < head_get_n &&
		    write(s->fd, head_get + s->sent, 1) == 1)
			s->sent++;
		break;
	case K_BODY:
		if (s->sent < head_post_n) {
			r = write(s->fd, head_post, head_post_n);
			if (r > 0)
				s->sent = (size_t)r;
		} else if (s->sent < head_post_n + BODY_LEN &&
		    write(s->fd, "x", 1) == 1)
			s->sent++;
		break;
	case K_READER:
		if (s->sent == 0) {
			r = write(s->fd, head_get, head_get_n);
			if (r > 0)
				s->sent = (size_t)r;
		} else if ((r = read(s->fd, &c, 1)) == 1)
			s->got++;
		else if (r == 0 || (r == -1 && errno != EAGAIN))
			slow_closed(i);
		break;
	default:
		break;
	}
}

static void
slow_event(size_t i, uint32_t events)
{
	struct slow		*s = &slows[i];
	struct epoll_event	 ev;
	int			 err = 0;
	socklen_t		 len = sizeof(err);

	if (s->fd == -1)
		return;
	if (!s->connected && (events & EPOLLOUT)) {
		getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len);
		if (err != 0) {
			slow_closed(i);
			return;
		}
		s->connected = 1;
		ends[s->kind].opened++;
		/* From now on only the end of the connection wakes us: the
		 * pace is the tick's, not the socket's. */
		ev.events = EPOLLRDHUP;
		ev.data.u64 = i;
		epoll_ctl(ep, EPOLL_CTL_MOD, s->fd, &ev);
		slow_act(i);
		return;
	}
	if (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR))
		slow_closed(i);
}

static void
usage(void)
{
	fprintf(stderr, "usage: nutgraf-bench-slow -p PORT [-n CONNS] "
	    "[-a ADDRS] [-g PATH] [-b PATH] [-r SECONDS] [-t SECONDS]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct epoll_event	 evs[256];
	struct reader		 rd = { 0 };
	struct rlimit		 rl;
	pthread_t		 th;
	size_t			 n = 5000, i, open_now, peak = 0;
	double			 reader_s = 10, hold_s = 30, start, next_tick;
	double			 all_open_at = 0;
	unsigned		 tick = 0;
	int			 ch, k, nev, reading = 0;

	while ((ch = getopt(argc, argv, "p:n:a:g:b:r:t:")) != -1) {
		switch (ch) {
		case 'p': port = atoi(optarg); break;
		case 'n': n = strtoul(optarg, NULL, 10); break;
		case 'a': naddrs = atoi(optarg); break;
		case 'g': page = optarg; break;
		case 'b': post = optarg; break;
		case 'r': reader_s = atof(optarg); break;
		case 't': hold_s = atof(optarg); break;
		default: usage();
		}
	}
	if (port <= 0 || n == 0 || naddrs < 1 || naddrs > 254)
		usage();
	/* Each slow connection is a descriptor here too. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	head_get_n = (size_t)snprintf(head_get, sizeof(head_get),
	    "GET %s HTTP/1.1\r\nHost: bench\r\nUser-Agent: slow\r\n\r\n",
	    page);
	head_post_n = (size_t)snprintf(head_post, sizeof(head_post),
	    "POST %s HTTP/1.1\r\nHost: bench\r\nContent-Type: "
	    "application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n",
	    post, BODY_LEN);
	if ((rd.lat = calloc(LAT_MAX, sizeof(double))) == NULL ||
	    (slows = calloc(n, sizeof(*slows))) == NULL)
		return 1;

	/* 1. The baseline. */
	rd.seconds = reader_s;
	reader_run(&rd);
	reader_report("baseline", &rd);
	fflush(stdout);

	/* 2. The slow connections, and the reader among them. */
	if ((ep = epoll_create1(EPOLL_CLOEXEC)) == -1)
		return 1;
	for (i = 0; i < n; i++) {
		slows[i].kind = (enum kind)(i % K__MAX);
		slow_open(i);
	}
	start = next_tick = now_s();
	while (now_s() - start < hold_s) {
		nev = epoll_wait(ep, evs, 256,
		    (int)((next_tick - now_s()) * 1000) + 1);
		for (k = 0; k < nev; k++)
			slow_event((size_t)evs[k].data.u64, evs[k].events);
		if (now_s() < next_tick)
			continue;
		next_tick += 1.0 / TICKS_PER_S;
		tick++;
		open_now = 0;
		for (i = 0; i < n; i++) {
			if (slows[i].fd == -1)
				slow_open(i);	/* as an attacker would */
			else if (i % TICKS_PER_S == tick % TICKS_PER_S)
				slow_act(i);
			if (slows[i].fd != -1 && slows[i].connected)
				open_now++;
		}
		if (open_now > peak)
			peak = open_now;
		if (!reading && open_now >= n) {
			all_open_at = now_s() - start;
			rd.seconds = reader_s;
			rd.errors = 0;
			if (pthread_create(&th, NULL, reader_run, &rd) != 0)
				return 1;
			reading = 1;
		}
	}
	if (reading)
		pthread_join(th, NULL);
	printf("slow_conns %zu\nslow_addrs %d\nslow_peak_open %zu\n", n,
	    naddrs, peak);
	printf("slow_all_open_after_s %.1f\n", reading ? all_open_at : -1.0);
	for (k = 0; k < K__MAX; k++) {
		printf("slow_%s_opened %lu\n", kind_name[k], ends[k].opened);
		printf("slow_%s_cut %lu\n", kind_name[k], ends[k].cut);
		printf("slow_%s_refused %lu\n", kind_name[k], ends[k].refused);
		printf("slow_%s_cut_after_s %.1f\n", kind_name[k],
		    ends[k].cut > 0 ? ends[k].cut_ms_sum / 1000.0 /
		    ends[k].cut : 0.0);
	}
	if (reading)
		reader_report("attack", &rd);
	else
		printf("attack_requests 0\n");
	/* 3. Let go of everything. */
	for (i = 0; i < n; i++)
		if (slows[i].fd != -1)
			close(slows[i].fd);
	free(slows);
	free(rd.lat);
	return 0;
}
