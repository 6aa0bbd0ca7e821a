#include "rulings/current.h"
#include "lib/timeutil.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>

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
/* Signalled at every publication, for the writers waiting to read their own write. */
static pthread_mutex_t published_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t published;
static pthread_once_t published_once = PTHREAD_ONCE_INIT;

/* The condition variable waits on CLOCK_MONOTONIC, so a clock step changes no deadline. */
static void published_init(void)
{
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&published, &attr);
    pthread_condattr_destroy(&attr);
}

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
    while (atomic_load(&acquiring) != 0)
        sched_yield();
    pthread_mutex_unlock(&publish_lock);
    snapshot_release(old);
    pthread_once(&published_once, published_init);
    pthread_mutex_lock(&published_lock);
    pthread_cond_broadcast(&published);
    pthread_mutex_unlock(&published_lock);
}

bool current_wait_revision(long long revision, unsigned timeout_ms)
{
    pthread_once(&published_once, published_init);
    struct timespec deadline;
    rd_deadline_ms(&deadline, CLOCK_MONOTONIC, timeout_ms);
    pthread_mutex_lock(&published_lock);
    bool served = current_revision() >= revision;
    while (!served) {
        /* A publication between the check and the wait cannot be missed: the publisher
         * takes published_lock before it signals. */
        if (pthread_cond_timedwait(&published, &published_lock, &deadline) != 0) {
            served = current_revision() >= revision;
            break;
        }
        served = current_revision() >= revision;
    }
    pthread_mutex_unlock(&published_lock);
    return served;
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

/* Data confirmed within this many revision polls (and a little slack for a slow one) is
 * fresh. */
enum { FRESH_POLLS = 2, FRESH_SLACK_SECONDS = 2 };

int64_t current_staleness(int64_t now, unsigned poll_interval_ms)
{
    int64_t confirmed = current_confirmed_at();
    int64_t age = now - confirmed;
    int64_t allowed = FRESH_POLLS * (int64_t)poll_interval_ms / 1000 + FRESH_SLACK_SECONDS;
    return confirmed && age > allowed ? age : 0;
}
