#ifndef LIB_LOG_H
#define LIB_LOG_H
/*
 * Log levels and the one entry point every layer logs through (db/ included, which
 * knows nothing of the server). The process chooses where the lines go by installing
 * a sink once, before its threads start: server/log.c installs JSON lines on stderr.
 * Without a sink, messages go to stderr as "level: message".
 */
#include <stdarg.h>
#include <stdbool.h>

#include "lib/error.h"

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_LEVEL_COUNT };

/* Receives every message that passes the level filter, formatted; must be thread-safe. */
typedef void log_sink_fn(enum log_level level, const char *msg);

void log_set_sink(log_sink_fn *sink); /* NULL: back to plain lines on stderr */
void log_set_level(enum log_level level);
bool log_enabled(enum log_level level);
/* "debug", "info", "warn" (or "warning"), "error". */
bool log_parse_level(const char *s, enum log_level *out);
const char *log_level_name(enum log_level level);

/* One message with no fields; longer than LOG_MSG_MAX bytes, it is cut. */
#define LOG_MSG_MAX 1024
void log_msg(enum log_level level, const char *fmt, ...) RD_PRINTF(2, 3);
/* The same, for a caller that holds the arguments as a va_list. */
void log_vmsg(enum log_level level, const char *fmt, va_list ap) RD_PRINTF(2, 0);

#endif
