#ifndef RULINGS_CURRENT_H
#define RULINGS_CURRENT_H
/*
 * The snapshot currently served. Readers take a reference without a lock;
 * a reload publishes a new snapshot by swapping one pointer and drops the old
 * one once no reader can still be picking it up.
 */
#include <stdbool.h>
#include <stdint.h>

#include "rulings/snapshot.h"

/* Returns a new reference to the current snapshot (release it with
 * snapshot_release()), or NULL before the first one is published. */
struct snapshot *current_acquire(void);

/* Publishes `s`, taking over the caller's reference, and releases the previous one.
 * Publishers are serialised; readers never wait. */
void current_publish(struct snapshot *s);

/* The revision of the current snapshot, or -1 when there is none. */
long long current_revision(void);

/* Blocks until a snapshot of at least `revision` is served, or `timeout_ms` has passed
 * (a condition variable signalled by current_publish, no polling). True when served. */
bool current_wait_revision(long long revision, unsigned timeout_ms);

/* Freshness: the loader says, at unix time `at`, that the current snapshot is still the
 * latest data PostgreSQL has (it just checked the revision, or just loaded it). While
 * PostgreSQL is away nobody confirms, and the age of the last confirmation says how old
 * the answers may be. current_confirmed_at() is 0 before the first confirmation. */
void current_confirm(int64_t at);
int64_t current_confirmed_at(void);
/* Seconds since the last confirmation at unix time `now`, when that is longer than two
 * revision polls of `poll_interval_ms` plus 2 s (a poll missed is not yet news), else 0.
 * Non-zero means: PostgreSQL cannot be reached (or the loader is stuck), and the answers
 * come from data this many seconds old. */
int64_t current_staleness(int64_t now, unsigned poll_interval_ms);

#endif
