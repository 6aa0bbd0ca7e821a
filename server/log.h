#ifndef SERVER_LOG_H
#define SERVER_LOG_H
/*
 * JSON-lines logging on stderr: {"time":..., "level":..., "msg":..., fields...}.
 * A line is built in memory and written with one write(2), so lines from
 * different threads never interleave. Secrets never go into fields.
 *
 * The levels and log_msg() are lib/log.h's; log_use_json_lines() makes log_msg()
 * (from any layer) write these lines. For a line with fields:
 *
 *   struct log_line l;
 *   if (log_begin(&l, LOG_INFO, "snapshot loaded")) {
 *       log_int(&l, "revision", rev);
 *       log_end(&l);
 *   }
 */
#include "lib/jsonw.h"
#include "lib/log.h"

/* Installs the JSON-lines sink (lib/log.h); call once, before any thread starts. */
void log_use_json_lines(void);

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

#endif
