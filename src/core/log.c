/*
 * log.c -- timestamped single-write log lines, as text or JSON.
 */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

#define LINE_MAX_BYTES 2048

/* Changed by a reload while other threads log: atomics. */
static atomic_int min_level = LOG_LVL_INFO;
static atomic_int format = LOG_FMT_TEXT;

static const char *const names[LOG_LVL__MAX] = {
	"debug",
	"info",
	"warn",
	"error",
};

void
log_set_level(enum log_level min)
{
	atomic_store(&min_level, (int)min);
}

void
log_set_format(enum log_format fmt)
{
	atomic_store(&format, (int)fmt);
}

/* A line being built; writes past the end are cut, never overflow. */
struct line {
	char   b[LINE_MAX_BYTES];
	size_t n;
};

static void
put(struct line *l, const char *s, size_t n)
{
	/* Keep one byte for the newline. */
	if (n > sizeof(l->b) - 1 - l->n)
		n = sizeof(l->b) - 1 - l->n;
	memcpy(l->b + l->n, s, n);
	l->n += n;
}

static void
putc_(struct line *l, char c)
{
	put(l, &c, 1);
}

/* s as the inside of a JSON string; control bytes as \u00XX. */
static void
put_json(struct line *l, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char		  esc[6] = { '\\', 'u', '0', '0', 0, 0 };
	unsigned char	  c;
	size_t		  i;

	/* Stop whole escapes short of the end, leaving room to close. */
	for (i = 0; i < n && l->n + 6 < sizeof(l->b) - 8; i++) {
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			putc_(l, '\\');
			putc_(l, (char)c);
		} else if (c < 0x20 || c == 0x7f) {
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			put(l, esc, 6);
		} else
			putc_(l, (char)c);
	}
}

static void
put_stamp(struct line *l)
{
	struct timespec ts;
	struct tm	tm;
	char		b[64];
	size_t		n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(b + n, sizeof(b) - n, ".%03ldZ", ts.tv_nsec / 1000000);
	put(l, b, strlen(b));
}

static void
begin(struct line *l, enum log_level lvl, int json)
{
	l->n = 0;
	if (json) {
		put(l, "{\"time\":\"", 9);
		put_stamp(l);
		put(l, "\",\"level\":\"", 11);
		put(l, names[lvl], strlen(names[lvl]));
		putc_(l, '"');
	} else {
		put_stamp(l);
		putc_(l, ' ');
		put(l, names[lvl], strlen(names[lvl]));
		putc_(l, ' ');
	}
}

static void
finish(struct line *l, int json)
{
	/* A JSON line cut short still closes its object (the last
	 * string may be cut, so close it too when inside one). */
	if (json) {
		if (l->n >= sizeof(l->b) - 4)
			l->n = sizeof(l->b) - 4, put(l, "\"}", 2);
		else
			putc_(l, '}');
	}
	l->b[l->n++] = '\n';
	(void)!write(STDERR_FILENO, l->b, l->n);
}

void
log_msg(enum log_level lvl, const char *fmt, ...)
{
	struct line l;
	char	    msg[LINE_MAX_BYTES];
	va_list	    ap;
	int	    json = atomic_load(&format) == LOG_FMT_JSON, len;

	if ((int)lvl < atomic_load(&min_level) || lvl >= LOG_LVL__MAX)
		return;
	va_start(ap, fmt);
	len = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (len < 0)
		len = 0;
	if ((size_t)len >= sizeof(msg))
		len = sizeof(msg) - 1;
	begin(&l, lvl, json);
	if (json) {
		put(&l, ",\"msg\":\"", 8);
		put_json(&l, msg, (size_t)len);
		putc_(&l, '"');
	} else
		put(&l, msg, (size_t)len);
	finish(&l, json);
}

static void
field(struct line *l, const char *name, const char *v)
{
	putc_(l, ',');
	putc_(l, '"');
	put(l, name, strlen(name));
	put(l, "\":\"", 3);
	put_json(l, v, strlen(v));
	putc_(l, '"');
}

static void
field_num(struct line *l, const char *name, long long v)
{
	char b[32];

	snprintf(b, sizeof(b), ",\"%s\":%lld", name, v);
	put(l, b, strlen(b));
}

void
log_request(const struct log_request *rq)
{
	struct line l;
	char	    status[16];

	if (LOG_LVL_INFO < atomic_load(&min_level))
		return;
	if (atomic_load(&format) != LOG_FMT_JSON) {
		if (rq->status > 0)
			snprintf(status, sizeof(status), "%d", rq->status);
		else
			snprintf(status, sizeof(status), "-");
		log_msg(LOG_LVL_INFO, "%s %s %s %s %zu %lldms%s", rq->ip,
		    rq->method, rq->path, status, rq->bytes, rq->ms, rq->note);
		return;
	}
	begin(&l, LOG_LVL_INFO, 1);
	field(&l, "msg", "request");
	field(&l, "ip", rq->ip);
	field(&l, "method", rq->method);
	field(&l, "path", rq->path);
	if (rq->status > 0)
		field_num(&l, "status", rq->status);
	field_num(&l, "bytes", (long long)rq->bytes);
	field_num(&l, "ms", rq->ms);
	/* " (timeout)" -> "timeout" */
	if (rq->note[0] != '\0' && strlen(rq->note) > 3) {
		char note[64];

		snprintf(note, sizeof(note), "%.*s", (int)strlen(rq->note) - 3,
		    rq->note + 2);
		field(&l, "note", note);
	}
	finish(&l, 1);
}
