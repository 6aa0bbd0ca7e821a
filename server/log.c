#include "server/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const level_names[] = {"debug", "info", "warn", "error"};
static enum log_level min_level = LOG_INFO;

bool log_parse_level(const char *s, enum log_level *out)
{
    for (int i = 0; i < 4; i++) {
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

void log_set_level(enum log_level level)
{
    min_level = level;
}

bool log_enabled(enum log_level level)
{
    return level >= min_level;
}

bool log_begin(struct log_line *l, enum log_level level, const char *msg)
{
    if (!log_enabled(level)) return false;
    memset(l, 0, sizeof *l);
    jw_init(&l->w, &l->sb);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char when[64];
    snprintf(when, sizeof when, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
    jw_object_begin(&l->w);
    jw_key(&l->w, "time");
    jw_string(&l->w, when);
    jw_key(&l->w, "level");
    jw_string(&l->w, level_names[level]);
    jw_key(&l->w, "msg");
    jw_string(&l->w, msg);
    return true;
}

void log_str(struct log_line *l, const char *key, const char *value)
{
    jw_key(&l->w, key);
    jw_string(&l->w, value);
}

void log_int(struct log_line *l, const char *key, long long value)
{
    jw_key(&l->w, key);
    jw_int(&l->w, value);
}

void log_num(struct log_line *l, const char *key, double value)
{
    jw_key(&l->w, key);
    jw_double(&l->w, value);
}

void log_end(struct log_line *l)
{
    jw_object_end(&l->w);
    sb_putc(&l->sb, '\n');
    if (!l->sb.failed) {
        ssize_t ignored = write(STDERR_FILENO, l->sb.data, l->sb.len);
        (void)ignored;
    }
    sb_free(&l->sb);
}

void log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
    if (!log_enabled(level)) return;
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    struct log_line l;
    if (log_begin(&l, level, msg)) log_end(&l);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vmsg(level, fmt, ap);
    va_end(ap);
}
