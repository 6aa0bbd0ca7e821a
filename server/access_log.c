#include "server/access_log.h"

#include "server/log.h"

static enum log_level level_of(const struct access_entry *e)
{
    if (e->status == 500) return LOG_ERROR;
    if (e->status > 500 && !e->open_route) return LOG_WARN;
    return LOG_INFO;
}

void access_log(const struct access_entry *e, bool all)
{
    enum log_level level = level_of(e);
    struct log_line l;
    if ((level == LOG_INFO && !all) || !log_begin(&l, level, "request")) return;
    log_str(&l, "request_id", e->request_id);
    log_str(&l, "method", e->method);
    log_str(&l, "path", e->path);
    log_str(&l, "route", e->route);
    log_int(&l, "status", (long long)e->status);
    log_num(&l, "duration_ms", (double)e->duration_ns / 1e6);
    if (e->terminated) log_int(&l, "terminated", e->terminated);
    log_end(&l);
}
