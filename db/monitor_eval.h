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
    size_t upcoming;           /* upcoming alerts written */
};

/* `lead` > 0: also the upcoming alerts of db/monitor_upcoming.c, in the same transaction. */
bool monitor_evaluate(PGconn *c, const struct snapshot *s, int64_t now, unsigned lead,
                      struct monitor_pass *out, struct rd_error *err) RD_MUST_CHECK;

/* --- shared by db/monitor_eval.c and db/monitor_upcoming.c --- */
struct strbuf;
struct watch_answer;
/* Appends `v` as one quoted element of an array literal ('{' first, ',' after). */
void monitor_element(struct strbuf *sb, bool first, const char *v, size_t len);
/* {"verdict":…,"since":…,"rulings":[…]} */
void monitor_answer_json(struct strbuf *sb, const struct watch_answer *a);
/* Column `c` of row `i`, NULL when SQL NULL. */
const char *monitor_col(const PGresult *res, int i, int c);

/* Upcoming alerts (RESTRICTD_MONITOR_LEAD): for each item whose verdict will change at an
 * instant within `lead` seconds of `now`, one event of type item.answer_upcoming, once per
 * (verdict, instant) -- the alert is kept in portfolio_items.upcoming. Inside the pass's
 * transaction. *alerts counts the events written. */
bool monitor_upcoming(PGconn *c, const struct snapshot *s, int64_t now, unsigned lead,
                      size_t *alerts, struct rd_error *err) RD_MUST_CHECK;

#endif
