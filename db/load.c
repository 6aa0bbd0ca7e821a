#include "db/load.h"

#include <stdlib.h>
#include <string.h>

#include "db/conn.h"
#include "db/records.h"

static const char q_sources[] =
    "SELECT id, authority, jurisdiction, kind, title, citation, document, signed_on::text,"
    " published_on::text, url, summary, version FROM sources WHERE revoked_at IS NULL ORDER BY id";
static const char q_subjects[] =
    "SELECT s.id, s.kind, s.name, s.country, p.id, CASE WHEN p.id IS NOT NULL THEN s.relation END,"
    " s.note, s.version FROM subjects s"
    " LEFT JOIN subjects p ON p.id = s.parent_id AND p.revoked_at IS NULL"
    " WHERE s.revoked_at IS NULL ORDER BY s.id";
static const char q_aliases[] =
    "SELECT a.id, a.subject_id, a.alias, a.kind, a.lang, a.version FROM aliases a"
    " JOIN subjects s ON s.id = a.subject_id AND s.revoked_at IS NULL"
    " WHERE a.revoked_at IS NULL ORDER BY a.subject_id, a.id";
static const char q_rulings[] =
    "SELECT r.id, r.subject_id, r.source_id, r.status, r.measure_code, r.measure, r.binds,"
    " extract(epoch FROM r.effective_from)::bigint, extract(epoch FROM r.effective_until)::bigint,"
    " r.extends_to_affiliates, r.quote, r.quote_verbatim, r.note, r.version FROM rulings r"
    " JOIN subjects s ON s.id = r.subject_id AND s.revoked_at IS NULL"
    " JOIN sources o ON o.id = r.source_id AND o.revoked_at IS NULL"
    " WHERE r.revoked_at IS NULL ORDER BY r.id";

/* Every row of `res` as a record of kind `k` (db/records.h: its columns, then version). */
static bool fill(struct dataset *ds, enum record_kind k, const PGresult *res)
{
    if (!dataset_reserve_kind(ds, k, (size_t)PQntuples(res))) return false;
    for (int i = 0; i < PQntuples(res); i++) (void)record_read_row(ds, k, res, i);
    return true;
}

bool db_revision(PGconn *c, int64_t *revision, struct rd_error *err)
{
    PGresult *res = db_query(c, "SELECT coalesce(max(revision), 0) FROM changes", 0, NULL, err);
    if (!res) return false;
    *revision = db_int(res, 0, 0);
    PQclear(res);
    return true;
}

bool db_load_dataset(PGconn *c, struct dataset *ds, int64_t *revision, struct rd_error *err)
{
    memset(ds, 0, sizeof *ds);
    static const char *const queries[RECORD_KIND_COUNT] = {q_sources, q_subjects, q_aliases,
                                                           q_rulings};
    bool ok = db_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err) &&
              db_revision(c, revision, err);
    /* One result at a time, copied and freed before the next: the peak memory of a load
     * is the data set plus its largest table, not plus all four. */
    for (int k = 0; ok && k < RECORD_KIND_COUNT; k++) {
        PGresult *res = db_query(c, queries[k], 0, NULL, err);
        ok = res != NULL;
        if (ok && !fill(ds, (enum record_kind)k, res)) {
            rd_error_set(err, "out of memory loading the data set");
            ok = false;
        }
        PQclear(res);
    }
    if (ok) ok = db_exec(c, "COMMIT", err);
    if (!ok) {
        db_rollback(c);
        dataset_free(ds);
    }
    return ok;
}
