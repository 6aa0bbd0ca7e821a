#include "server/conns.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>

/* IDLE: between requests; READING: a request line arrived, headers still coming; BUSY: a
 * request is being handled or answered; CLOSING: shut down by us. */
enum conn_state { CONN_IDLE, CONN_READING, CONN_BUSY, CONN_CLOSING };

struct conn {
    int fd;
    atomic_int state;
    atomic_llong idle_since_ms; /* monotonic: since it became IDLE or READING */
    struct conn *prev, *next;
};

struct conns {
    pthread_mutex_t lock;
    struct conn *head;
    size_t count;
};

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct conns *conns_new(void)
{
    struct conns *cs = calloc(1, sizeof *cs);
    if (cs) pthread_mutex_init(&cs->lock, NULL);
    return cs;
}

void conns_free(struct conns *cs)
{
    if (!cs) return;
    /* Connections still listed (a stop past its grace) are freed with the list. */
    for (struct conn *c = cs->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    pthread_mutex_destroy(&cs->lock);
    free(cs);
}

struct conn *conns_opened(struct conns *cs, int fd)
{
    struct conn *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->fd = fd;
    atomic_init(&c->state, CONN_IDLE);
    atomic_init(&c->idle_since_ms, now_ms());
    pthread_mutex_lock(&cs->lock);
    c->next = cs->head;
    if (cs->head) cs->head->prev = c;
    cs->head = c;
    cs->count++;
    pthread_mutex_unlock(&cs->lock);
    return c;
}

void conns_closed(struct conns *cs, struct conn *c)
{
    if (!c) return;
    /* Under the lock, so conns_close_idle never shuts down a descriptor that its owner
     * has closed and the kernel may have handed to someone else. */
    pthread_mutex_lock(&cs->lock);
    if (c->prev)
        c->prev->next = c->next;
    else
        cs->head = c->next;
    if (c->next) c->next->prev = c->prev;
    cs->count--;
    pthread_mutex_unlock(&cs->lock);
    free(c);
}

void conn_reading(struct conn *c)
{
    if (!c) return;
    int idle = CONN_IDLE;
    if (atomic_compare_exchange_strong(&c->state, &idle, CONN_READING))
        atomic_store(&c->idle_since_ms, now_ms());
}

void conn_busy(struct conn *c)
{
    if (!c) return;
    int from = CONN_IDLE;
    if (!atomic_compare_exchange_strong(&c->state, &from, CONN_BUSY)) {
        from = CONN_READING;
        atomic_compare_exchange_strong(&c->state, &from, CONN_BUSY);
    }
}

void conn_idle(struct conn *c)
{
    if (!c) return;
    atomic_store(&c->idle_since_ms, now_ms());
    int busy = CONN_BUSY;
    atomic_compare_exchange_strong(&c->state, &busy, CONN_IDLE);
}

/* Shuts down connections in `state` since at least `ms`; returns how many are open. */
static size_t close_stale(struct conns *cs, unsigned ms, bool reading_too)
{
    long long cutoff = now_ms() - (long long)ms;
    pthread_mutex_lock(&cs->lock);
    for (struct conn *c = cs->head; c; c = c->next) {
        if (atomic_load(&c->idle_since_ms) > cutoff) continue;
        /* Bytes waiting unread mean a request is arriving: during a drain that connection
         * is not idle (cutting it would lose the request). The header deadline cuts it
         * anyway: trickling bytes are exactly what it is for. */
        int pending = 0;
        if (!reading_too && ioctl(c->fd, FIONREAD, &pending) == 0 && pending > 0) continue;
        int from = CONN_IDLE;
        bool cut = atomic_compare_exchange_strong(&c->state, &from, CONN_CLOSING);
        if (!cut && reading_too) {
            from = CONN_READING;
            cut = atomic_compare_exchange_strong(&c->state, &from, CONN_CLOSING);
        }
        if (cut) shutdown(c->fd, SHUT_RDWR);
    }
    size_t open = cs->count;
    pthread_mutex_unlock(&cs->lock);
    return open;
}

size_t conns_close_idle(struct conns *cs, unsigned idle_ms)
{
    return close_stale(cs, idle_ms, false);
}

/* ---- the header deadline ---- */

struct conns_guard {
    struct conns *cs;
    unsigned limit_ms;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;
};

static void *guard_run(void *arg)
{
    struct conns_guard *g = arg;
    pthread_mutex_lock(&g->lock);
    while (!g->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&g->wake, &g->lock, &until);
        if (g->stop) break;
        pthread_mutex_unlock(&g->lock);
        (void)close_stale(g->cs, g->limit_ms, true);
        pthread_mutex_lock(&g->lock);
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

struct conns_guard *conns_guard_start(struct conns *cs, unsigned limit_ms)
{
    struct conns_guard *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    g->cs = cs;
    g->limit_ms = limit_ms;
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->wake, NULL);
    if (pthread_create(&g->thread, NULL, guard_run, g) != 0) {
        pthread_cond_destroy(&g->wake);
        pthread_mutex_destroy(&g->lock);
        free(g);
        return NULL;
    }
    return g;
}

void conns_guard_stop(struct conns_guard *g)
{
    if (!g) return;
    pthread_mutex_lock(&g->lock);
    g->stop = true;
    pthread_cond_signal(&g->wake);
    pthread_mutex_unlock(&g->lock);
    pthread_join(g->thread, NULL);
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->lock);
    free(g);
}

size_t conns_count(struct conns *cs)
{
    pthread_mutex_lock(&cs->lock);
    size_t n = cs->count;
    pthread_mutex_unlock(&cs->lock);
    return n;
}

bool conns_make_room(struct conns *cs, size_t max)
{
    bool made = false;
    pthread_mutex_lock(&cs->lock);
    if (cs->count > max) {
        /* the oldest connection not carrying a request: between requests, or its head
         * still coming (never the newest, which has just arrived) */
        struct conn *oldest = NULL;
        for (struct conn *c = cs->head ? cs->head->next : NULL; c; c = c->next) {
            int st = atomic_load(&c->state);
            if ((st == CONN_IDLE || st == CONN_READING) &&
                (!oldest || atomic_load(&c->idle_since_ms) < atomic_load(&oldest->idle_since_ms)))
                oldest = c;
        }
        int from = oldest ? atomic_load(&oldest->state) : CONN_BUSY;
        made = oldest && from != CONN_BUSY &&
               atomic_compare_exchange_strong(&oldest->state, &from, CONN_CLOSING);
        if (made) shutdown(oldest->fd, SHUT_RDWR);
    }
    pthread_mutex_unlock(&cs->lock);
    return made;
}
