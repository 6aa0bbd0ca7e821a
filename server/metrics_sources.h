#ifndef SERVER_METRICS_SOURCES_H
#define SERVER_METRICS_SOURCES_H
/*
 * The collectors of what the server does not count itself: the snapshot being
 * served and the listener that keeps it current (db/listener.h). A connection
 * pool's collector belongs here too: read the pool's stats struct, write
 * restrictd_db_pool_* families.
 */
#include <stdbool.h>

#include "db/listener.h"
#include "lib/error.h"

/* Registers the snapshot and listener collectors; `l` is borrowed until
 * metrics_shutdown(). */
bool metrics_sources_add(struct listener *l) RD_MUST_CHECK;

struct db_pool;
struct offload;
/* Registers the collectors of the admin pool (restrictd_db_pool_*) and of the threads that
 * use it (restrictd_db_requests*; `o` may be NULL); both are borrowed until
 * metrics_shutdown(). */
bool metrics_sources_add_pool(struct db_pool *p, struct offload *o) RD_MUST_CHECK;

struct answer_cache;
/* Registers (and removes) the collector of the answers kept per revision
 * (restrictd_answer_cache_*); `c` is borrowed until removed. */
bool metrics_sources_add_answers(struct answer_cache *c) RD_MUST_CHECK;
void metrics_remove_answers(struct answer_cache *c);

#endif
