#ifndef SERVER_PAST_H
#define SERVER_PAST_H
/*
 * Questions about the past: `known_at` (an RFC 3339 instant) or `revision` (a data
 * revision) on a ROUTE_PAST route. The request is answered from the snapshot of that
 * revision instead of the current one: kept in memory (rulings/past_cache.h) and then
 * found on libmicrohttpd's thread, or resolved and built from the change log on a database
 * thread (docs/decisions/0008-known-at.md). The handler runs unchanged on whichever
 * snapshot req_snapshot() gives, and states req_basis().
 */
#include <stdbool.h>
#include <stdint.h>

#include "rulings/basis.h"

struct request;

/* What the request asked of the past, read once. */
struct past_state {
    bool parsed, asked, attached;
    int fault;                     /* what is wrong with them (server/past.c); 0 = nothing */
    int64_t revision, known_at_us; /* revision > 0, or known_at (microseconds) */
    struct answer_basis basis;
};

/* On libmicrohttpd's thread, before dispatch: true when the request asks about a past
 * that is not kept, and must be handed to a database thread. A kept one is attached here. */
bool past_needs_thread(struct request *req);

/* Before the handler of a ROUTE_PAST route: attaches the snapshot asked for (building it
 * when it is not kept: database threads only), or answers the problem with the question
 * (400 malformed or both given, 422 out of range, 503 PostgreSQL away) and returns false. */
bool past_attach(struct request *req);

struct db_pool;
struct offload;
/* At start, on a database thread of `o`: prepares the statements a past data set is patched
 * with on a connection of `pool`, and has them planned (db_patch_warm), so that the first
 * past question does not wait for it. Logs what it did; a database away is no error. */
void past_warm(struct db_pool *pool, struct offload *o);

/* Past data sets rebuilt so far, by roll-back and by replay (for /metrics). */
void past_rebuild_counts(uint64_t *rolled_back, uint64_t *replayed);
/* Past data sets patched from the current one (db/past_patch.h) and from a kept past one, and
 * of those how many differed from the tables (RESTRICTD_PAST_PATCH_CHECK). */
void past_patch_counts(uint64_t *done, uint64_t *from_kept, uint64_t *mismatched);

/* The Cache-Control of an answer: a final answer about the past never changes. */
const char *past_cache_control(const struct request *req, bool cacheable);

#endif
