#ifndef SERVER_CONNS_H
#define SERVER_CONNS_H
/*
 * The open HTTP connections and whether each is between requests, for a
 * graceful stop: connections that carry a request are left to finish (their
 * answer says `Connection: close`), connections idle on keep-alive are shut
 * down at once instead of holding the stop for the whole grace period.
 *
 * Thread safety: opened/closed take a mutex (once per connection, never per
 * request); busy/idle are single atomic operations on the connection.
 */
#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"

struct conns;
struct conn;

/* NULL when out of memory. Free with conns_free() once no connection is open. */
struct conns *conns_new(void);
void conns_free(struct conns *cs);

/* A connection on socket `fd` was accepted. NULL when out of memory (the connection is
 * then simply not tracked). The result is owned by `cs` until conns_closed(). */
struct conn *conns_opened(struct conns *cs, int fd);
/* The connection is about to be closed by its owner: forget it (NULL is ignored). */
void conns_closed(struct conns *cs, struct conn *c);

/* A request line arrived / the request began (headers complete) / its answer is done.
 * NULL is ignored. */
void conn_reading(struct conn *c);
void conn_busy(struct conn *c);
void conn_idle(struct conn *c);

/* How many connections are open (tracked). */
size_t conns_count(struct conns *cs);

/* When more than `max` connections are open: shuts down the one idle longest (between
 * requests, or without a complete request head; never one carrying a request, never the
 * newest) so that a new client gets in. True when one was shut down. */
bool conns_make_room(struct conns *cs, size_t max);

/* Shuts down (shutdown(2), the owner still closes) every connection that has been idle
 * for at least `idle_ms`; returns how many connections are still open. */
size_t conns_close_idle(struct conns *cs, unsigned idle_ms);

/* The header deadline against slow clients (slowloris): a thread that, every second,
 * shuts down connections that have gone `limit_ms` without a complete request head — whether
 * silent or trickling bytes, which libmicrohttpd's idle timeout alone does not catch
 * (every byte resets it). A request in progress (uploading, or being answered) is never
 * touched. NULL when the thread cannot start. */
struct conns_guard;
struct conns_guard *conns_guard_start(struct conns *cs, unsigned limit_ms);
void conns_guard_stop(struct conns_guard *g);

#endif
