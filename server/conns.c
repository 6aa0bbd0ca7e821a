#include "server/conns.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

enum conn_state { CONN_IDLE, CONN_BUSY, CONN_CLOSING };

struct conn {
    int fd;
    atomic_int state;
    atomic_llong idle_since_ms; /* monotonic */
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
    if (c->prev) c->prev->next = c->next;
    else cs->head = c->next;
    if (c->next) c->next->prev = c->prev;
    cs->count--;
    pthread_mutex_unlock(&cs->lock);
    free(c);
}

void conn_busy(struct conn *c)
{
    if (!c) return;
    int idle = CONN_IDLE;
    atomic_compare_exchange_strong(&c->state, &idle, CONN_BUSY);
}

void conn_idle(struct conn *c)
{
    if (!c) return;
    atomic_store(&c->idle_since_ms, now_ms());
    int busy = CONN_BUSY;
    atomic_compare_exchange_strong(&c->state, &busy, CONN_IDLE);
}

size_t conns_close_idle(struct conns *cs, unsigned idle_ms)
{
    long long cutoff = now_ms() - (long long)idle_ms;
    pthread_mutex_lock(&cs->lock);
    for (struct conn *c = cs->head; c; c = c->next) {
        if (atomic_load(&c->idle_since_ms) > cutoff) continue;
        int idle = CONN_IDLE;
        if (atomic_compare_exchange_strong(&c->state, &idle, CONN_CLOSING))
            shutdown(c->fd, SHUT_RDWR);
    }
    size_t open = cs->count;
    pthread_mutex_unlock(&cs->lock);
    return open;
}
