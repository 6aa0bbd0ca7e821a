#ifndef DB_MONITOR_EVAL_H
#define DB_MONITOR_EVAL_H
/*
 * One re-evaluation of every portfolio item (issue 18), in one transaction under the
 * monitor's advisory lock: each item's question is answered of the snapshot at `now`
 * (rulings/watch.h), compared with its stored answer, and each answer that changed is
 * stored with one event (portfolio_events) saying before, after and why: the data
 * revision, or the instant a ruling began or ended. monitor_state records the revision
 * and instant evaluated, so that whichever instance evaluates next (or this one after a
 * restart) knows what has been seen. Because answers are compared with the stored ones
 * under the lock, two instances evaluating the same change write its events once.
 * Convention: as db/conn.h.
 */
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"
#include "rulings/snapshot.h"

struct monitor_pass {
    size_t items, changed;
    bool behind;               /* another instance has evaluated a newer revision: nothing done */
    double ms;                 /* the whole transaction, of which: */
    double load_ms, answer_ms; /* reading the items; answering and comparing them */
};

bool monitor_evaluate(PGconn *c, const struct snapshot *s, int64_t now, struct monitor_pass *out,
                      struct rd_error *err) RD_MUST_CHECK;

#endif
