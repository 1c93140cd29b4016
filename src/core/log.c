/*
 * log.c -- timestamped single-write log lines.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

static enum log_level	 min_level = LOG_LVL_INFO;	/* set once at start */

static const char *const names[LOG_LVL__MAX] = {
	"debug", "info", "warn", "error",
};

void
log_set_level(enum log_level min)
{
	min_level = min;
}

void
log_msg(enum log_level lvl, const char *fmt, ...)
{
	char		 line[2048];
	struct timespec	 ts;
	struct tm	 tm;
	va_list		 ap;
	size_t		 n;
	int		 len;

	if (lvl < min_level || lvl >= LOG_LVL__MAX)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%S", &tm);
	len = snprintf(line + n, sizeof(line) - n, ".%03ldZ %s ",
	    ts.tv_nsec / 1000000, names[lvl]);
	if (len > 0)
		n += (size_t)len;
	va_start(ap, fmt);
	len = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	if (len > 0)
		n += (size_t)len < sizeof(line) - n ? (size_t)len :
		    sizeof(line) - n - 1;
	if (n >= sizeof(line) - 1)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	(void)!write(STDERR_FILENO, line, n);
}
