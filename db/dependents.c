/* What depends on a source or a subject, listed or revoked with it (db/dependents.h). */
#include "db/dependents.h"

#include <stdio.h>
#include <string.h>

#include "db/conn.h"

/* A subject and its live descendants ($1 = the subject); UNION ends a circle made by hand. */
#define SUBJECT_TREE                                                                               \
    "WITH RECURSIVE tree (id) AS (SELECT $1::text UNION SELECT c.id FROM subjects c"               \
    " JOIN tree ON c.parent_id = tree.id WHERE c.revoked_at IS NULL) "

/* Each kind's dependents, ordered (rulings, subjects, aliases by row id), with how many in
 * all; $2 = how many to list. */
static const char list_subject[] =
    SUBJECT_TREE "SELECT entity, id, count(*) OVER () FROM ("
                 " SELECT 1 AS o, 0::bigint AS n, 'ruling' AS entity, r.id FROM rulings r"
                 "  WHERE r.revoked_at IS NULL AND r.subject_id IN (SELECT id FROM tree)"
                 " UNION ALL SELECT 2, 0, 'subject', t.id FROM tree t WHERE t.id <> $1"
                 " UNION ALL SELECT 3, a.id, 'alias', a.id::text FROM aliases a"
                 "  WHERE a.revoked_at IS NULL AND a.subject_id IN (SELECT id FROM tree)"
                 ") d ORDER BY o, n, id LIMIT $2::int";
static const char list_source[] =
    "SELECT 'ruling', id, count(*) OVER () FROM rulings"
    " WHERE revoked_at IS NULL AND source_id = $1 ORDER BY id LIMIT $2::int";

static const char *const revoke_subject[] = {
    SUBJECT_TREE "UPDATE rulings SET revoked_at = now()"
                 " WHERE revoked_at IS NULL AND subject_id IN (SELECT id FROM tree)",
    SUBJECT_TREE "UPDATE aliases SET revoked_at = now()"
                 " WHERE revoked_at IS NULL AND subject_id IN (SELECT id FROM tree)",
    SUBJECT_TREE "UPDATE subjects SET revoked_at = now()"
                 " WHERE revoked_at IS NULL AND id <> $1 AND id IN (SELECT id FROM tree)",
    NULL,
};
static const char *const revoke_source[] = {
    "UPDATE rulings SET revoked_at = now() WHERE revoked_at IS NULL AND source_id = $1",
    NULL,
};

static const struct {
    const char *list;
    const char *const *revoke;
} by_kind[RECORD_KIND_COUNT] = {
    [RECORD_SOURCE] = {list_source, revoke_source},
    [RECORD_SUBJECT] = {list_subject, revoke_subject},
};

bool db_dependents_list(PGconn *c, enum record_kind k, const char *id, struct dependents *out,
                        struct rd_error *err)
{
    out->n = 0;
    out->total = 0;
    if ((unsigned)k >= RECORD_KIND_COUNT || !by_kind[k].list) return true;
    char limit[12];
    snprintf(limit, sizeof limit, "%d", DEPENDENTS_MAX_LISTED);
    const char *p[] = {id, limit};
    PGresult *res = db_query(c, by_kind[k].list, 2, p, err);
    if (!res) return false;
    for (int i = 0; i < PQntuples(res) && out->n < DEPENDENTS_MAX_LISTED; i++) {
        struct dependent *d = &out->items[out->n++];
        snprintf(d->entity, sizeof d->entity, "%s", PQgetvalue(res, i, 0));
        snprintf(d->id, sizeof d->id, "%s", PQgetvalue(res, i, 1));
        out->total = db_int(res, i, 2);
    }
    PQclear(res);
    return true;
}

bool db_dependents_revoke(PGconn *c, enum record_kind k, const char *id, struct rd_error *err)
{
    if ((unsigned)k >= RECORD_KIND_COUNT || !by_kind[k].revoke) return true;
    const char *p[] = {id};
    for (const char *const *sql = by_kind[k].revoke; *sql; sql++) {
        PGresult *res = db_query(c, *sql, 1, p, err);
        if (!res) return false;
        PQclear(res);
    }
    return true;
}
