#include "server/offload.h"
#include "lib/timeutil.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "db/pool.h"
#include "db/wait.h"

enum { THREADS_MAX = 64 };

struct job {
    void (*fn)(void *arg);
    void *arg;
};

struct offload {
    pthread_mutex_t lock;
    pthread_cond_t work; /* a job queued, or stopping */
    pthread_cond_t idle; /* a job ended */
    pthread_t threads[THREADS_MAX];
    unsigned n_threads;
    struct job *ring; /* capacity: threads + queue_max, the places offload_reserve gives */
    unsigned capacity, head, count;
    unsigned reserved; /* places taken: queued, running, or reserved and not yet queued */
    bool stopping;
    struct offload_stats stats;
};

static void *worker(void *arg)
{
    struct offload *o = arg;
    db_set_wait_limit(DB_POOL_WAIT_LIMIT_MS);
    pthread_mutex_lock(&o->lock);
    for (;;) {
        while (o->count == 0 && !o->stopping)
            pthread_cond_wait(&o->work, &o->lock);
        if (o->count == 0) break; /* stopping, nothing left */
        struct job j = o->ring[o->head];
        o->head = (o->head + 1) % o->capacity;
        o->count--;
        o->stats.running++;
        pthread_mutex_unlock(&o->lock);
        j.fn(j.arg);
        pthread_mutex_lock(&o->lock);
        o->stats.running--;
        o->stats.done++;
        o->reserved--;
        pthread_cond_broadcast(&o->idle);
    }
    pthread_mutex_unlock(&o->lock);
    return NULL;
}

struct offload *offload_start(unsigned threads, unsigned queue_max)
{
    if (threads == 0 || threads > THREADS_MAX) return NULL;
    struct offload *o = calloc(1, sizeof *o);
    if (!o) return NULL;
    o->capacity = threads + queue_max;
    o->ring = calloc(o->capacity, sizeof *o->ring);
    if (!o->ring) {
        free(o);
        return NULL;
    }
    pthread_mutex_init(&o->lock, NULL);
    pthread_cond_init(&o->work, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&o->idle, &attr);
    pthread_condattr_destroy(&attr);
    o->stats.threads = threads;
    o->stats.queue_max = queue_max;
    for (; o->n_threads < threads; o->n_threads++) {
        if (pthread_create(&o->threads[o->n_threads], NULL, worker, o) != 0) {
            offload_stop(o);
            return NULL;
        }
    }
    return o;
}

bool offload_reserve(struct offload *o)
{
    pthread_mutex_lock(&o->lock);
    bool ok = !o->stopping && o->reserved < o->capacity;
    if (ok)
        o->reserved++;
    else
        o->stats.refused++;
    pthread_mutex_unlock(&o->lock);
    return ok;
}

void offload_run(struct offload *o, void (*fn)(void *arg), void *arg)
{
    pthread_mutex_lock(&o->lock);
    o->ring[(o->head + o->count) % o->capacity] = (struct job){fn, arg};
    o->count++;
    pthread_cond_signal(&o->work);
    pthread_mutex_unlock(&o->lock);
}

bool offload_drain(struct offload *o, unsigned ms)
{
    if (!o) return true;
    struct timespec until;
    rd_deadline_ms(&until, CLOCK_MONOTONIC, ms);
    pthread_mutex_lock(&o->lock);
    while (o->reserved > 0)
        if (pthread_cond_timedwait(&o->idle, &o->lock, &until) != 0) break;
    bool empty = o->reserved == 0;
    pthread_mutex_unlock(&o->lock);
    return empty;
}

void offload_stop(struct offload *o)
{
    if (!o) return;
    pthread_mutex_lock(&o->lock);
    o->stopping = true;
    pthread_cond_broadcast(&o->work);
    pthread_mutex_unlock(&o->lock);
    for (unsigned i = 0; i < o->n_threads; i++)
        pthread_join(o->threads[i], NULL);
    pthread_cond_destroy(&o->work);
    pthread_cond_destroy(&o->idle);
    pthread_mutex_destroy(&o->lock);
    free(o->ring);
    free(o);
}

struct offload_stats offload_stats(struct offload *o)
{
    pthread_mutex_lock(&o->lock);
    struct offload_stats s = o->stats;
    s.queued = o->count;
    pthread_mutex_unlock(&o->lock);
    return s;
}
