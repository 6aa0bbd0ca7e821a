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
static atomic_llong confirmed_at;

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

void current_confirm(int64_t at)
{
    atomic_store_explicit(&confirmed_at, (long long)at, memory_order_relaxed);
}

int64_t current_confirmed_at(void)
{
    return (int64_t)atomic_load_explicit(&confirmed_at, memory_order_relaxed);
}

int64_t current_staleness(int64_t now, unsigned poll_interval_ms)
{
    int64_t confirmed = current_confirmed_at();
    int64_t age = now - confirmed;
    int64_t allowed = 2 * (int64_t)poll_interval_ms / 1000 + 2;
    return confirmed && age > allowed ? age : 0;
}
