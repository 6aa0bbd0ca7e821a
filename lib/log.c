#include "lib/log.h"

#include <stdio.h>
#include <string.h>

static const char *const level_names[LOG_LEVEL_COUNT] = {"debug", "info", "warn", "error"};
/* Set once at start, before any thread runs. */
static enum log_level min_level = LOG_INFO;
static log_sink_fn *sink;

void log_set_sink(log_sink_fn *s)
{
    sink = s;
}

void log_set_level(enum log_level level)
{
    min_level = level;
}

bool log_enabled(enum log_level level)
{
    return level >= min_level;
}

bool log_parse_level(const char *s, enum log_level *out)
{
    for (int i = 0; i < LOG_LEVEL_COUNT; i++) {
        if (strcmp(s, level_names[i]) == 0) {
            *out = (enum log_level)i;
            return true;
        }
    }
    if (strcmp(s, "warning") == 0) {
        *out = LOG_WARN;
        return true;
    }
    return false;
}

const char *log_level_name(enum log_level level)
{
    return level_names[(unsigned)level < LOG_LEVEL_COUNT ? level : LOG_ERROR];
}

void log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
    if (!log_enabled(level)) return;
    char msg[LOG_MSG_MAX];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (sink)
        sink(level, msg);
    else
        fprintf(stderr, "%s: %s\n", log_level_name(level), msg);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vmsg(level, fmt, ap);
    va_end(ap);
}
