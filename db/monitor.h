#ifndef DB_MONITOR_H
#define DB_MONITOR_H
/*
 * The monitor thread (issue 18): re-evaluates every portfolio item (db/monitor_eval.h)
 * when the served snapshot changes revision (after the listener's reload) and at every
 * instant where a ruling of the snapshot begins or ends (rulings/watch.h
 * watch_next_instant), waking for it within a second. Its first pass, at start, catches
 * up on what changed while no instance was running: it compares the stored answers with
 * the answers now. One thread with its own connection; every instance runs one, and the
 * evaluation's advisory lock makes them take turns without writing an event twice.
 * It logs through lib/log.h.
 */
#include <stdbool.h>
#include <stdint.h>

#include "lib/error.h"

struct monitor_stats {
    long passes, failures;
    long long changed;    /* answers changed (events written) by this instance */
    double last_ms;       /* the last pass */
    int64_t next_instant; /* unix seconds of the next instant watched, 0 = none */
};

struct monitor;

/* Starts the thread on `database_url` (borrowed: must outlive it). */
/* `lead`: seconds ahead upcoming alerts are written (0 = none; db/monitor_eval.h). */
struct monitor *monitor_start(const char *database_url, unsigned lead,
                              struct rd_error *err) RD_MUST_CHECK;
struct monitor_stats monitor_stats(struct monitor *m);
/* Stops the thread (within about a second, or after the pass under way) and closes its
 * connection. NULL is ignored. */
void monitor_stop(struct monitor *m);

#endif
