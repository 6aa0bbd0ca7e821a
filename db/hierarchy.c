/* How deep subjects lie, checked in PostgreSQL before a write commits (db/hierarchy.h). */
#include "db/hierarchy.h"

#include <stdio.h>
#include <string.h>

#include "db/conn.h"
#include "db/refusal.h"
#include "db/seed.h"
#include "lib/strbuf.h"

/* $1: the subjects written (a JSON array of ids); $2, $3: the bounds of the walk's chain
 * and of the group; $4: how many to list. `down` holds them and their live descendants
 * (UNION: a circle made by hand ends); `up` follows each one's chain of one kind (`grp`:
 * subsidiary_of, else product_of/incorporates/successor_of) through live parents, one link
 * past its bound at most; `past` are those that got there, with the subject there (`top`).
 * Listed: each past the bound whose parent is not (the first past it on its chain), with
 * how many there are in all. */
static const char q_too_deep[] =
    "WITH RECURSIVE down (id, relation, parent_id) AS ("
    " SELECT s.id, s.relation, s.parent_id FROM subjects s WHERE s.revoked_at IS NULL"
    "  AND s.id IN (SELECT jsonb_array_elements_text($1::jsonb))"
    " UNION SELECT c.id, c.relation, c.parent_id FROM subjects c"
    "  JOIN down ON c.parent_id = down.id WHERE c.revoked_at IS NULL),"
    " up (start, grp, id, relation, parent_id, n) AS ("
    " SELECT id, relation = 'subsidiary_of', id, relation, parent_id, 0 FROM down"
    "  WHERE relation IS NOT NULL"
    " UNION ALL SELECT up.start, up.grp, p.id, p.relation, p.parent_id, up.n + 1"
    "  FROM up JOIN subjects p ON p.id = up.parent_id AND p.revoked_at IS NULL"
    "  WHERE (up.relation = 'subsidiary_of') = up.grp"
    "  AND up.n <= CASE WHEN up.grp THEN $3::int ELSE $2::int END),"
    " past (start, grp, top) AS (SELECT start, grp, id FROM up"
    "  WHERE n = CASE WHEN grp THEN $3::int ELSE $2::int END + 1)"
    " SELECT p.start, p.grp, p.top, count(*) OVER () FROM past p"
    " JOIN subjects s ON s.id = p.start"
    " WHERE NOT EXISTS (SELECT 1 FROM past q WHERE q.start = s.parent_id AND q.grp = p.grp)"
    " ORDER BY p.start LIMIT $4::int";

bool db_hierarchy_check(PGconn *c, const struct dataset *ds, const char *field,
                        struct field_errors *fe, struct rd_error *err)
{
    if (ds->n_subjects == 0) return true;
    struct strbuf ids = {0};
    seed_keys_json(ds, RECORD_SUBJECT, &ids);
    if (ids.failed) {
        sb_free(&ids);
        rd_error_set(err, "out of memory");
        return false;
    }
    char chain[12], group[12], limit[12];
    snprintf(chain, sizeof chain, "%d", RELATION_MAX_CHAIN);
    snprintf(group, sizeof group, "%d", RELATION_MAX_GROUP_DEPTH);
    snprintf(limit, sizeof limit, "%d", HIERARCHY_MAX_LISTED);
    const char *p[] = {ids.data, chain, group, limit};
    PGresult *res = db_query(c, q_too_deep, 4, p, err);
    sb_free(&ids);
    if (!res) return false;
    int n = PQntuples(res);
    for (int i = 0; i < n; i++) {
        bool grp = PQgetvalue(res, i, 1)[0] == 't';
        int bound = grp ? RELATION_MAX_GROUP_DEPTH : RELATION_MAX_CHAIN;
        field_errors_add(fe, field, "too_deep",
                         "subject \"%s\" would be %d %s links below \"%s\": at most %d are "
                         "followed",
                         PQgetvalue(res, i, 0), bound + 1,
                         grp ? "subsidiary_of" : "product_of/incorporates/successor_of",
                         PQgetvalue(res, i, 2), bound);
    }
    if (n > 0 && db_int(res, 0, 3) > n) fe->dropped += (size_t)(db_int(res, 0, 3) - n);
    PQclear(res);
    return true;
}

bool db_hierarchy_refuse(PGconn *c, const struct dataset *ds, struct rd_error *err)
{
    struct field_errors fe = {0};
    bool ok = db_hierarchy_check(c, ds, "subjects", &fe, err);
    if (ok && fe.count + fe.dropped > 0) {
        rd_error_set(err, "%s", fe.count ? fe.items[0].message : "a subject lies too deep");
        snprintf(err->sqlstate, sizeof err->sqlstate, "23%s", SQLSTATE_OWN_REFUSAL);
        ok = false;
    }
    field_errors_free(&fe);
    return ok;
}
