#ifndef SERVER_ANSWER_CACHE_H
#define SERVER_ANSWER_CACHE_H
/*
 * Answers of public routes that read PostgreSQL (the change feed, ruling histories: flag
 * ROUTE_CACHED), kept per data revision, so that clients polling them are answered from
 * memory on libmicrohttpd's thread instead of queueing database work that competes with
 * checks for the CPU. An answer is kept under the revision of the snapshot its request
 * started with, and served while that is still the snapshot's revision: nothing was
 * written since, so PostgreSQL would give the same answer (a write it has not announced
 * yet is at most as late as the snapshot is). Small and bounded: ANSWER_CACHE_ENTRIES
 * answers of at most ANSWER_CACHE_MAX_BYTES each, the least recently used replaced.
 * Thread-safe (one mutex, held only to copy).
 */
#include <stdbool.h>
#include <stdint.h>

#include "server/http_internal.h"

#define ANSWER_CACHE_ENTRIES 16
#define ANSWER_CACHE_MAX_BYTES (2u * 1024 * 1024)

struct answer_cache;

struct answer_cache_stats {
    long hits, misses, kept;
    unsigned entries;
    size_t bytes;
};

struct answer_cache *answer_cache_new(void); /* NULL when out of memory */
void answer_cache_free(struct answer_cache *c);

/* Answers `req` (not yet answered) from the cache when it holds its question at the
 * revision of the request's snapshot; true when it did. */
bool answer_cache_serve(struct answer_cache *c, struct request *req);
/* Keeps the answer `req`'s handler gave (a 200 under the size bound; others are not). */
void answer_cache_keep(struct answer_cache *c, const struct request *req);

struct answer_cache_stats answer_cache_stats(struct answer_cache *c);

#endif
