#include "server/log.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* "2024-07-20T04:00:00.123Z" and room to spare. */
#define LOG_TIME_BUFSZ 64

bool log_begin(struct log_line *l, enum log_level level, const char *msg)
{
    if (!log_enabled(level)) return false;
    memset(l, 0, sizeof *l);
    jw_init(&l->w, &l->sb);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char when[LOG_TIME_BUFSZ];
    snprintf(when, sizeof when, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
    jw_object_begin(&l->w);
    JW_MEMBER_STRING(&l->w, "time", when);
    JW_MEMBER_STRING(&l->w, "level", log_level_name(level));
    JW_MEMBER_STRING(&l->w, "msg", msg);
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

/* log_msg() of lib/log.h: a line with no fields. */
static void json_sink(enum log_level level, const char *msg)
{
    struct log_line l;
    if (log_begin(&l, level, msg)) log_end(&l);
}

void log_use_json_lines(void)
{
    log_set_sink(json_sink);
}
