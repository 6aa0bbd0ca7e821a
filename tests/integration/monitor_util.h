#ifndef TESTS_MONITOR_UTIL_H
#define TESTS_MONITOR_UTIL_H
/*
 * Helpers for the monitoring tests (test_portfolios.c, test_monitor*.c): a seeded
 * database with a monitor token "watcher" besides admin_db's tokens, and portfolio
 * requests.
 */
#include "admin_util.h"

#define MONITOR_SECRET "rdt_test-monitor-secret-0123456789abcdefghijklmno"

/* admin_db(tag) plus the monitor token. The caller frees the URL. */
char *monitor_db(const char *tag);

/* As ADMIN_SUITE_SERVER, on monitor_db, the server started with `env` (NULL-terminated,
 * may be NULL). */
#define MONITOR_SUITE_SERVER_ENV(tag, env)                                                         \
    static struct server srv;                                                                      \
    static char *db;                                                                               \
    static void start(void)                                                                        \
    {                                                                                              \
        db = monitor_db(tag);                                                                      \
        cr_assert(server_start(&srv, db, (env), true));                                            \
    }                                                                                              \
    static void stop(void)                                                                         \
    {                                                                                              \
        server_stop(&srv);                                                                         \
        free(db);                                                                                  \
    }
#define MONITOR_SUITE_SERVER(tag) MONITOR_SUITE_SERVER_ENV(tag, NULL)

/* POST /v1/portfolios {"id": id, "name": id} with the monitor token; asserts 201. */
void monitor_create(const char *base, const char *id);

/* PUT /v1/portfolios/{id}/items with `body` of `content_type`. */
struct http monitor_put_items(const char *base, const char *id, const char *content_type,
                              const char *body);

/* The stored verdict of item `ref` (GET .../items), or "" when absent. Static buffer. */
const char *monitor_item_verdict(const char *base, const char *id, const char *ref);

/* A CSV list "ref,name" of `n` made-up vendors. Caller frees. */
char *monitor_csv(size_t n);

/* GET /v1/portfolios/{id}/events?since=0&limit=1000 (the "events" array in r.json). */
struct http monitor_events(const char *base, const char *id);

#endif
