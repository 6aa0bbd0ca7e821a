#include "db/load.h"

#include <stdlib.h>
#include <string.h>

#include "db/conn.h"
#include "db/sql_time.h"
#include "db/load_queries.h"
#include "db/past_patch.h"
#include "db/past_tables.h"
#include "db/records.h"
#include "lib/strbuf.h"

static const char *const live_queries[RECORD_KIND_COUNT] = {Q_SOURCES, Q_SUBJECTS, Q_ALIASES,
                                                            Q_RULINGS};
static const char *const past_queries[RECORD_KIND_COUNT] = {
    PAST_TABLES Q_SOURCES, PAST_TABLES Q_SUBJECTS, PAST_TABLES Q_ALIASES, PAST_TABLES Q_RULINGS};
static const char *const rollback_queries[RECORD_KIND_COUNT] = {
    PAST_ROLLBACK_TABLES Q_SOURCES, PAST_ROLLBACK_TABLES Q_SUBJECTS, PAST_ROLLBACK_TABLES Q_ALIASES,
    PAST_ROLLBACK_TABLES Q_RULINGS};

/* Every row of `res` as a record of kind `k` (db/records.h: its columns, then version). */
bool db_load_fill(struct dataset *ds, enum record_kind k, const PGresult *res)
{
    struct strmap cache = {0};
    if (!dataset_reserve_kind(ds, k, (size_t)PQntuples(res)) ||
        !strmap_init(&cache, (size_t)PQntuples(res))) {
        strmap_free(&cache);
        return false;
    }
    for (int i = 0; i < PQntuples(res); i++) {
        int next = record_read_row_cached(ds, k, res, i, &cache);
        /* a source's rule set: when it last changed (the loader's own column) */
        if (k != RECORD_SOURCE) continue;
        struct rd_source *src = &ds->sources[ds->n_sources - 1];
        src->updated_at = db_int(res, i, next);
        if (!PQgetisnull(res, i, next + 1))
            src->list_json = arena_strdup(&ds->arena, PQgetvalue(res, i, next + 1));
    }
    strmap_free(&cache);
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

bool db_revision_at(PGconn *c, int64_t revision, int64_t *at_us, struct rd_error *err)
{
    char rev[DECIMAL_BUFSZ];
    const char *params[] = {decimal_format(rev, revision)};
    PGresult *res = db_query(c,
                             "SELECT coalesce((SELECT " SQL_EPOCH_US(
                                 "at") " FROM changes WHERE revision = $1::int8), 0)",
                             1, params, err);
    if (!res) return false;
    *at_us = db_int(res, 0, 0);
    PQclear(res);
    return true;
}

/* Runs `queries` (with `revision` as $1 when `past`) in one read-only transaction. */
static bool load(PGconn *c, const char *const *queries, bool past, struct dataset *ds,
                 int64_t *revision, struct rd_error *err)
{
    memset(ds, 0, sizeof *ds);
    char rev[DECIMAL_BUFSZ];
    const char *p[] = {decimal_format(rev, (long long)*revision)};
    bool ok = db_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err) &&
              (past ? db_exec(c, PAST_PLANNER, err) : db_revision(c, revision, err));
    /* One result at a time, copied and freed before the next: the peak memory of a load
     * is the data set plus its largest table, not plus all four. */
    for (int k = 0; ok && k < RECORD_KIND_COUNT; k++) {
        PGresult *res = db_query(c, queries[k], past ? 1 : 0, past ? p : NULL, err);
        ok = res != NULL;
        if (ok && !db_load_fill(ds, (enum record_kind)k, res)) {
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

bool db_load_dataset(PGconn *c, struct dataset *ds, int64_t *revision, struct rd_error *err)
{
    *revision = 0;
    if (!load(c, live_queries, false, ds, revision, err)) return false;
    ds->in_key_order = db_dataset_in_key_order(ds);
    return true;
}

bool db_load_dataset_at(PGconn *c, int64_t revision, enum past_method method, struct dataset *ds,
                        struct rd_error *err)
{
    if (!load(c, method == PAST_ROLLBACK ? rollback_queries : past_queries, true, ds, &revision,
              err))
        return false;
    ds->in_key_order = db_dataset_in_key_order(ds); /* a base for patches (db/past_patch.h) */
    return true;
}

/* The revision current at an instant is the last of the latest write that had ended by it:
 * a write's revisions are contiguous (writers hold the lock until they commit) and carry its
 * id (write_id, migration 0011; before it, the rows' transaction id); an instant inside a
 * write saw the state before it. */
#define WRITE_OF(c) "coalesce('w' || " c "write_id, 'x' || " c "xmin)"
#define Q_WRITE_AROUND(rev)                                                                        \
    "(SELECT w.* FROM changes c0, LATERAL (SELECT"                                                 \
    " (SELECT max(revision) FROM changes WHERE revision < c0.revision"                             \
    " AND " WRITE_OF("") " <> " WRITE_OF(                                                          \
        "c0.") ") AS before_it,"                                                                   \
               " (SELECT min(revision) FROM changes WHERE revision > c0.revision"                  \
               " AND " WRITE_OF("") " <> " WRITE_OF(                                               \
                   "c0.") ") AS after_it) w WHERE c0.revision = " rev ")"

/* When the first change after `rev` was recorded: the least `at` of the later changes (a
 * write that began before another may take the lock after it, so `at` is not in revision
 * order). Read from the nearer end: in revision order when few changes follow `rev` (the
 * planner otherwise walks the `at` index from the oldest change, skipping every earlier
 * revision: 14 ms for the revision before the latest of the three real lists), in `at`
 * order when few precede it. */
#define Q_NEXT_AT(rev)                                                                             \
    "(SELECT " SQL_EPOCH_US(                                                                       \
        "CASE WHEN (SELECT max(revision) FROM changes) - " rev " < " rev                           \
        " - (SELECT min(revision) FROM changes)"                                                   \
        " THEN (SELECT min(at) FROM (SELECT at FROM changes WHERE revision > " rev                 \
        " ORDER BY revision OFFSET 0) l)"                                                          \
        " ELSE (SELECT min(at) FROM changes WHERE revision > " rev ") END") ")"

/* What a past question resolves to, from the revision it uses (the CTE `used`, column
 * rev): that revision, when it and the next were recorded, the latest, and when the first
 * was (struct past_revision). */
// clang-format off
#define PAST_SPAN_OF_USED                                                                          \
    " SELECT coalesce(u.rev, 0),"                                                                  \
    " (SELECT " SQL_EPOCH_US("at") " FROM changes WHERE revision = u.rev),"                         \
    " " Q_NEXT_AT("u.rev") ","                                                                     \
    " (SELECT coalesce(max(revision), 0) FROM changes),"                                           \
    " (SELECT " SQL_EPOCH_US("at") " FROM changes ORDER BY revision LIMIT 1),"                     \
    " NOT EXISTS (SELECT 1 FROM changes c1, changes c2 WHERE c1.revision = u.rev"                  \
    " AND c2.revision = u.rev + 1 AND " WRITE_OF("c1.") " = " WRITE_OF("c2.") ")"                  \
    " FROM used u"
// clang-format on

/* Asked by revision ($1): the highest at or before it. Apart from the question by instant,
 * whose plan costs PostgreSQL 1.4 ms to make, for a revision's sake. */
static const char q_past_by_revision[] =
    "WITH used AS (SELECT max(revision) AS rev FROM changes WHERE revision <= $1::bigint)" PAST_SPAN_OF_USED;

/* Asked by instant ($1, microseconds since 1970): the revision current then
 * (Q_WRITE_AROUND). */
static const char q_past_by_instant[] =
    "WITH asked AS (SELECT max(revision) AS rev FROM changes WHERE at <= " SQL_FROM_US(
        "$1") "),"
              " write AS (SELECT a.rev, w.before_it, (SELECT max(revision) FROM changes"
              " WHERE revision >= a.rev AND revision < coalesce(w.after_it, a.rev + 1 + (SELECT"
              " max(revision) FROM changes))) AS last FROM asked a LEFT JOIN LATERAL " Q_WRITE_AROUND(
                  "a.rev") " w ON true),"
                           " used AS (SELECT CASE"
                           " WHEN (SELECT at FROM changes WHERE revision = w.last) <= " SQL_FROM_US(
                               "$1") " THEN w.last ELSE w.before_it END AS rev FROM write w)" PAST_SPAN_OF_USED;

bool db_first_published_at(PGconn *c, int64_t *at_us, struct rd_error *err)
{
    static const char q[] = "SELECT coalesce((SELECT " SQL_EPOCH_US(
        "at") " FROM changes WHERE revision = (SELECT"
              " coalesce(w.after_it - 1, (SELECT max(revision) FROM changes)) FROM " Q_WRITE_AROUND(
                  "(SELECT min(revision) FROM changes)") " w)), 0)";
    PGresult *res = db_query(c, q, 0, NULL, err);
    if (!res) return false;
    *at_us = db_int(res, 0, 0);
    PQclear(res);
    return true;
}

bool db_past_revision(PGconn *c, const struct past_question *q, struct past_revision *out,
                      struct rd_error *err)
{
    char asked[DECIMAL_BUFSZ];
    bool by_revision = q->revision > 0;
    const char *p[] = {
        decimal_format(asked, (long long)(by_revision ? q->revision : q->known_at_us))};
    PGresult *res = db_query(c, by_revision ? q_past_by_revision : q_past_by_instant, 1, p, err);
    if (!res) return false;
    memset(out, 0, sizeof *out);
    out->revision = db_int(res, 0, 0);
    out->at_us = PQgetisnull(res, 0, 1) ? 0 : db_int(res, 0, 1);
    out->next_at_us = PQgetisnull(res, 0, 2) ? 0 : db_int(res, 0, 2);
    out->latest = db_int(res, 0, 3);
    out->first_at_us = PQgetisnull(res, 0, 4) ? 0 : db_int(res, 0, 4);
    out->published = strcmp(PQgetvalue(res, 0, 5), "t") == 0;
    PQclear(res);
    return true;
}
