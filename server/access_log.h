#ifndef SERVER_ACCESS_LOG_H
#define SERVER_ACCESS_LOG_H
/*
 * The per-request log line. With RESTRICTD_ACCESS_LOG=1 every request is logged at
 * info; without, only server faults: a 500 at error, other 5xx at warn, except on the
 * open routes (health, readiness, metrics, problem pages) whose 503 is the answer
 * itself. One write(2) per line (server/log.h), none for a request not logged.
 */
#include <stdbool.h>
#include <stdint.h>

struct access_entry {
    const char *request_id, *method, *path;
    const char *route;    /* the route's pattern, NULL when none matched */
    bool open_route;      /* a ROUTE_OPEN route */
    unsigned status;      /* 0: no answer was sent */
    uint64_t duration_ns; /* arrival until the answer was ready */
    int terminated;       /* libmicrohttpd's termination code when not completed, else 0 */
};

/* Writes the line when `e` deserves one (`all`: the access log is on). Borrows `e`. */
void access_log(const struct access_entry *e, bool all);

#endif
