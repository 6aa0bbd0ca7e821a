#ifndef RULINGS_CURRENT_H
#define RULINGS_CURRENT_H
/*
 * The snapshot currently served. Readers take a reference without a lock;
 * a reload publishes a new snapshot by swapping one pointer and drops the old
 * one once no reader can still be picking it up.
 */
#include "rulings/snapshot.h"

/* Returns a new reference to the current snapshot (release it with
 * snapshot_release()), or NULL before the first one is published. */
struct snapshot *current_acquire(void);

/* Publishes `s`, taking over the caller's reference, and releases the previous one.
 * Publishers are serialised; readers never wait. */
void current_publish(struct snapshot *s);

/* The revision of the current snapshot, or -1 when there is none. */
long long current_revision(void);

#endif
