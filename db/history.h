#ifndef DB_HISTORY_H
#define DB_HISTORY_H
/*
 * Reading the audit trail: pages of `changes` (the change feed, the admin audit, a
 * ruling's history) and of `token_changes`, oldest first, through the pool. Every
 * filter is a parameter; a page asks for one row more than it returns to know whether
 * another follows.
 */
#include <libpq-fe.h>
#include <stdint.h>

#include "db/pool.h"
#include "lib/error.h"

struct change_query {
    long long after;    /* revisions after this one */
    int64_t since_us;   /* recorded at or after this instant (microseconds since 1970, as the
                           change log keeps it); 0 = any */
    const char *entity; /* source, subject, alias, ruling, or token (token_changes); NULL = data */
    const char *entity_id; /* NULL = any */
    const char *actor;     /* NULL = any */
    int limit;             /* 1..1000 */
};

struct change_row {
    long long revision;
    int64_t at_us; /* when it was recorded, microseconds since 1970 */
    const char *actor, *action, *entity, *entity_id;
    const char *before, *after; /* JSON text; before is NULL for a create */
};

/* Rows point into `res`, which the page owns. */
struct change_page {
    PGresult *res;
    struct change_row *rows;
    size_t n;
    bool more; /* rows after the last one exist */
};

/* Fills `page` (free with change_page_free, also on failure). */
bool db_change_page(struct db_pool *pool, const struct change_query *q, struct change_page *page,
                    bool *unavailable, struct rd_error *err) RD_MUST_CHECK;
void change_page_free(struct change_page *page);

#endif
