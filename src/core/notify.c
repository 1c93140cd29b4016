/*
 * notify.c -- sd_notify's datagram, written by hand: one sendto(2) of
 * the state text to the AF_UNIX socket named by NOTIFY_SOCKET.  A name
 * starting with '@' is in the abstract namespace (a leading NUL).
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/notify.h"

int
notify_send(const char *state)
{
	struct sockaddr_un sun;
	const char	  *path = getenv("NOTIFY_SOCKET");
	socklen_t	   len;
	size_t		   n;
	ssize_t		   w;
	int		   fd, saved;

	if (path == NULL || path[0] == '\0')
		return 0;
	n = strlen(path);
	if ((path[0] != '/' && path[0] != '@') || n >= sizeof(sun.sun_path)) {
		errno = EINVAL;
		return -1;
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, n);
	if (path[0] == '@')
		sun.sun_path[0] = '\0';
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n +
	    (path[0] == '@' ? 0 : 1));
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	w = sendto(fd, state, strlen(state), MSG_NOSIGNAL,
	    (struct sockaddr *)&sun, len);
	saved = errno;
	close(fd);
	errno = saved;
	return w == (ssize_t)strlen(state) ? 1 : -1;
}

unsigned long long
notify_watchdog_usec(void)
{
	const char	  *s, *pid;
	char		  *end;
	unsigned long long usec;

	if ((s = getenv("WATCHDOG_USEC")) == NULL)
		return 0;
	/* WATCHDOG_PID, when set, names the one process meant. */
	if ((pid = getenv("WATCHDOG_PID")) != NULL &&
	    strtol(pid, NULL, 10) != (long)getpid())
		return 0;
	usec = strtoull(s, &end, 10);
	return *end == '\0' ? usec : 0;
}
