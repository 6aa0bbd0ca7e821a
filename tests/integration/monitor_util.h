#ifndef TESTS_MONITOR_UTIL_H
#define TESTS_MONITOR_UTIL_H
/*
 * Helpers for the monitoring tests (test_portfolios.c, test_monitor*.c): a seeded
 * database with a monitor token "watcher" besides admin_db's tokens, and portfolio
 * requests.
 */
#include <sys/types.h>

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

/* A prohibited ruling on the seed's UltraAV binding U.S. persons from `from` (RFC 3339), as
 * the body of POST /v1/admin/rulings. Static buffer. */
const char *monitor_ruling(const char *id, const char *from);

/* Portfolio `pid` made, holding `n` items u1..un asking about UltraAV for U.S. persons
 * (clear in the seed) and one, k, about Kaspersky Lab. */
void monitor_watch_ultraav(const char *base, const char *pid, size_t n);

/* --- a webhook receiver on loopback (tests/integration/webhook_receiver.py) --- */
struct receiver {
    pid_t pid;
    unsigned port;
    char log[512], secret[512]; /* the JSON lines it writes; the file it reads the secret from */
};

/* Starts the receiver on 127.0.0.1:port (logs and secret under RESTRICTD_WORK, named by
 * port and test process) and waits until it listens. `fresh`: empty its log first. */
void receiver_start(struct receiver *r, unsigned port, bool fresh);
/* Kills it (SIGKILL: a receiver that is simply gone). */
void receiver_stop(struct receiver *r);
/* Writes the secret the receiver checks signatures with. */
void receiver_secret(const struct receiver *r, const char *secret);
/* Every request it recorded, as a JSON array of its lines. Caller json_decref()s. */
json_t *receiver_requests(const struct receiver *r);
/* Polls until it recorded `n` requests (or `ms` passed); returns them. */
json_t *receiver_wait(const struct receiver *r, size_t n, int ms);

/* Creates a subscription of `pid` to `url`; returns the answer (201 with the secret). */
struct http monitor_subscribe(const char *base, const char *pid, const char *url);

#endif
