#ifndef DB_LISTENER_H
#define DB_LISTENER_H
/*
 * Keeps the served snapshot in step with PostgreSQL. One thread with its own
 * connection: it loads a snapshot at start (retrying with backoff while the
 * database is away or not migrated), LISTENs on restrictd_changes, and reloads
 * when a notification arrives, when the periodic revision poll sees a new
 * revision (a lost notification), or when asked (SIGHUP). After a reconnect it
 * listens again and reloads in full, since notifications sent meanwhile are lost.
 * It also keeps the API tokens fresh through an optional hook (restrictd_tokens).
 * Reads never wait for any of this: they use the snapshot already published.
 * It logs through lib/log.h.
 */
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/error.h"

/* Called on the listener thread with its connection (outside any transaction): after
 * every (re)connect, on a restrictd_tokens notification and at every poll. Returns false
 * on a database error. */
typedef bool listener_tokens_fn(void *ctx, PGconn *c);

struct listener_options {
    const char *database_url;
    unsigned poll_interval_ms;
    listener_tokens_fn *tokens; /* may be NULL: then restrictd_tokens is not listened to */
    void *tokens_ctx;
    /* Where snapshots are loaded from when not database_url (NULL): a read replica.
     * LISTEN and the revision poll stay on database_url, since NOTIFY does not reach
     * replicas; a load that finds the replica behind the primary's revision is retried
     * shortly, for a few seconds, before waiting for the next poll. */
    const char *read_url;
    /* Called (may be NULL) each time the listener has connected to database_url: PostgreSQL
     * is reachable again, which the admin pool need not wait to find out (db_pool_reachable). */
    void (*connected)(void *ctx);
    void *connected_ctx;
};

struct listener_stats {
    long reloads;  /* snapshots published */
    long failures; /* failed connects or loads */
    bool connected;
    int64_t last_load_at; /* unix seconds of the last snapshot published, 0 = none */
    double last_load_ms;
    bool read_connected; /* with read_url: the connection to it works */
    long replica_behind; /* loads that found the read replica behind the primary */
};

struct listener;

/* Starts the thread; the options (and the strings in them) must outlive it. */
struct listener *listener_start(const struct listener_options *opt,
                                struct rd_error *err) RD_MUST_CHECK;
/* Asks for a reload now (safe from any thread). */
void listener_wake(struct listener *l);
struct listener_stats listener_stats(struct listener *l);
/* Stops the thread and closes its connection. */
void listener_stop(struct listener *l);

#endif
