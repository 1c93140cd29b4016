/*
 * log.h -- one-line log records on standard error.
 *
 * Each record is "TIMESTAMP LEVEL message" (or, with log_format = json,
 * {"time":..,"level":..,"msg":..}) and is written with a single write(2)
 * so that lines from different threads never interleave.
 */
#ifndef NG_CORE_LOG_H
#define NG_CORE_LOG_H

#include <stddef.h>

enum log_level {
	LOG_LVL_DEBUG,
	LOG_LVL_INFO,
	LOG_LVL_WARN,
	LOG_LVL_ERR,
	LOG_LVL__MAX
};

/* Line formats: "TIME LEVEL message", or one JSON object. */
enum log_format {
	LOG_FMT_TEXT,
	LOG_FMT_JSON
};

/* Records below min are dropped.  Safe to change while serving. */
void log_set_level(enum log_level min);
void log_set_format(enum log_format fmt);

/* One request, for the access log. */
struct log_request {
	const char *ip;
	const char *method;
	const char *path;   /* already cleaned of control bytes */
	int	    status; /* 0: none was sent */
	size_t	    bytes;
	long long   ms;
	const char *note; /* "" or why it ended early */
};

/*
 * Log a request at info: "IP METHOD PATH STATUS BYTES MSms NOTE" as
 * text; fields ip, method, path, status, bytes, ms, note as JSON.
 */
void log_request(const struct log_request *rq);

void log_msg(enum log_level lvl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_LVL_DEBUG, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_err(...)   log_msg(LOG_LVL_ERR, __VA_ARGS__)

#endif
