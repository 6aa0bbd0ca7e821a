#include "rulings/current.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

/*
 * Why the counter: between loading the pointer and incrementing its reference
 * count, a reader could otherwise see the snapshot freed by a publisher. Readers
 * announce themselves in `acquiring` for those few instructions; a publisher swaps
 * the pointer, then waits until no reader is mid-acquire before dropping the old
 * reference. Any reader that arrives after the swap sees the new pointer.
 */
static _Atomic(struct snapshot *) current;
static atomic_long acquiring;
static pthread_mutex_t publish_lock = PTHREAD_MUTEX_INITIALIZER;

struct snapshot *current_acquire(void)
{
    atomic_fetch_add(&acquiring, 1);
    struct snapshot *s = atomic_load(&current);
    if (s) snapshot_retain(s);
    atomic_fetch_sub(&acquiring, 1);
    return s;
}

void current_publish(struct snapshot *s)
{
    pthread_mutex_lock(&publish_lock);
    struct snapshot *old = atomic_exchange(&current, s);
    while (atomic_load(&acquiring) != 0) sched_yield();
    pthread_mutex_unlock(&publish_lock);
    snapshot_release(old);
}

long long current_revision(void)
{
    struct snapshot *s = current_acquire();
    long long r = s ? (long long)s->revision : -1;
    snapshot_release(s);
    return r;
}
