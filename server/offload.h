#ifndef SERVER_OFFLOAD_H
#define SERVER_OFFLOAD_H
/*
 * The threads that run requests which talk to PostgreSQL (admin routes, the change feed,
 * histories), so that libmicrohttpd's workers never wait for the database: a worker hands
 * such a request over, suspends its connection and goes on serving checks; the request is
 * answered when its job ends (server/http.c). A fixed number of threads, a bounded queue:
 * when both are full a request is refused at once (503 with Retry-After) instead of
 * waiting behind a database that does not answer. Every thread waits for PostgreSQL at
 * most DB_POOL_WAIT_LIMIT_MS per call (db/wait.h).
 */
#include <stdbool.h>

struct offload;

struct offload_stats {
    unsigned threads, queue_max;
    unsigned running, queued;
    long done, refused;
};

/* Starts `threads` threads (1..64) and a queue of `queue_max` waiting jobs. NULL when
 * they could not be started. */
struct offload *offload_start(unsigned threads, unsigned queue_max);

/* Takes a place for one job: false (counted as refused) when every thread is busy and
 * the queue is full. A place taken must be used by offload_run. */
bool offload_reserve(struct offload *o);
/* Runs fn(arg) on a thread, in a place taken by offload_reserve. */
void offload_run(struct offload *o, void (*fn)(void *arg), void *arg);

/* Waits up to `ms` for every job to end; true when none is left. */
bool offload_drain(struct offload *o, unsigned ms);
/* Stops the threads (after offload_drain; a job still running is waited for) and frees. */
void offload_stop(struct offload *o);

struct offload_stats offload_stats(struct offload *o);

#endif
