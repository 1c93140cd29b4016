/*
 * log.h -- one-line log records on standard error.
 *
 * Each record is "TIMESTAMP LEVEL message" and is written with a single
 * write(2) so that lines from different threads never interleave.
 */
#ifndef NG_CORE_LOG_H
#define NG_CORE_LOG_H

enum log_level {
	LOG_LVL_DEBUG,
	LOG_LVL_INFO,
	LOG_LVL_WARN,
	LOG_LVL_ERR,
	LOG_LVL__MAX
};

/* Records below min are dropped.  Call before threads start. */
void	log_set_level(enum log_level min);

void	log_msg(enum log_level lvl, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#define log_debug(...)	log_msg(LOG_LVL_DEBUG, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_err(...)	log_msg(LOG_LVL_ERR, __VA_ARGS__)

#endif
