#ifndef SERVER_LOG_H
#define SERVER_LOG_H
/*
 * JSON-lines logging on stderr: {"time":..., "level":..., "msg":..., fields...}.
 * A line is built in memory and written with one write(2), so lines from
 * different threads never interleave. Secrets never go into fields.
 *
 *   struct log_line l;
 *   if (log_begin(&l, LOG_INFO, "snapshot loaded")) {
 *       log_int(&l, "revision", rev);
 *       log_end(&l);
 *   }
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/error.h"
#include "lib/jsonw.h"

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

bool log_parse_level(const char *s, enum log_level *out);
void log_set_level(enum log_level level);
bool log_enabled(enum log_level level);

struct log_line {
    struct strbuf sb;
    struct jw w;
};

/* False (and nothing to end) when the level is filtered out. */
bool log_begin(struct log_line *l, enum log_level level, const char *msg);
void log_str(struct log_line *l, const char *key, const char *value);
void log_int(struct log_line *l, const char *key, long long value);
void log_num(struct log_line *l, const char *key, double value);
void log_end(struct log_line *l);

/* One-shot message with no fields. */
void log_msg(enum log_level level, const char *fmt, ...) RD_PRINTF(2, 3);
/* The same, for a caller that holds the arguments as a va_list. */
void log_vmsg(enum log_level level, const char *fmt, va_list ap) RD_PRINTF(2, 0);

#endif
