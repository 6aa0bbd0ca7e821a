#include "db/load.h"

#include <stdlib.h>
#include <string.h>

#include "db/conn.h"

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

/* A text column as an arena string; SQL NULL as NULL. */
static char *col(struct dataset *ds, const PGresult *res, int row, int c)
{
    if (PQgetisnull(res, row, c)) return NULL;
    return arena_strndup(&ds->arena, PQgetvalue(res, row, c), (size_t)PQgetlength(res, row, c));
}

static bool col_bool(const PGresult *res, int row, int c)
{
    return PQgetvalue(res, row, c)[0] == 't';
}

static int64_t col_int(const PGresult *res, int row, int c)
{
    return strtoll(PQgetvalue(res, row, c), NULL, 10);
}

static int col_enum(const PGresult *res, int row, int c, const struct enum_names *e)
{
    int v = PQgetisnull(res, row, c) ? 0 : enum_parse(e, PQgetvalue(res, row, c));
    return v < 0 ? 0 : v;
}

static void fill(struct dataset *ds, PGresult *const res[4])
{
    for (int i = 0; i < PQntuples(res[0]); i++) {
        struct rd_source *s = &ds->sources[ds->n_sources++];
        s->id = col(ds, res[0], i, 0);
        s->authority = col(ds, res[0], i, 1);
        s->jurisdiction = col(ds, res[0], i, 2);
        s->kind = (enum source_kind)col_enum(res[0], i, 3, &SOURCE_KINDS);
        s->title = col(ds, res[0], i, 4);
        s->citation = col(ds, res[0], i, 5);
        s->document = col(ds, res[0], i, 6);
        s->signed_on = col(ds, res[0], i, 7);
        s->published_on = col(ds, res[0], i, 8);
        s->url = col(ds, res[0], i, 9);
        s->summary = col(ds, res[0], i, 10);
        s->version = col_int(res[0], i, 11);
    }
    for (int i = 0; i < PQntuples(res[1]); i++) {
        struct rd_subject *s = &ds->subjects[ds->n_subjects++];
        s->id = col(ds, res[1], i, 0);
        s->kind = (enum subject_kind)col_enum(res[1], i, 1, &SUBJECT_KINDS);
        s->name = col(ds, res[1], i, 2);
        s->country = col(ds, res[1], i, 3);
        s->parent_id = col(ds, res[1], i, 4);
        s->relation = (enum relation)col_enum(res[1], i, 5, &RELATIONS);
        s->note = col(ds, res[1], i, 6);
        s->version = col_int(res[1], i, 7);
    }
    for (int i = 0; i < PQntuples(res[2]); i++) {
        struct rd_alias *a = &ds->aliases[ds->n_aliases++];
        a->id = col_int(res[2], i, 0);
        a->subject_id = col(ds, res[2], i, 1);
        a->alias = col(ds, res[2], i, 2);
        a->kind = (enum alias_kind)col_enum(res[2], i, 3, &ALIAS_KINDS);
        a->lang = col(ds, res[2], i, 4);
        a->version = col_int(res[2], i, 5);
    }
    for (int i = 0; i < PQntuples(res[3]); i++) {
        struct rd_ruling *r = &ds->rulings[ds->n_rulings++];
        r->id = col(ds, res[3], i, 0);
        r->subject_id = col(ds, res[3], i, 1);
        r->source_id = col(ds, res[3], i, 2);
        r->status = (enum ruling_status)col_enum(res[3], i, 3, &STATUSES);
        r->measure_code = col(ds, res[3], i, 4);
        r->measure = col(ds, res[3], i, 5);
        r->binds = col(ds, res[3], i, 6);
        r->effective_from = col_int(res[3], i, 7);
        r->has_until = !PQgetisnull(res[3], i, 8);
        if (r->has_until) r->effective_until = col_int(res[3], i, 8);
        r->extends_to_affiliates = col_bool(res[3], i, 9);
        r->quote = col(ds, res[3], i, 10);
        r->quote_verbatim = col_bool(res[3], i, 11);
        r->note = col(ds, res[3], i, 12);
        r->version = col_int(res[3], i, 13);
    }
}

bool db_revision(PGconn *c, int64_t *revision, struct rd_error *err)
{
    PGresult *res = db_query(c, "SELECT coalesce(max(revision), 0) FROM changes", 0, NULL, err);
    if (!res) return false;
    *revision = col_int(res, 0, 0);
    PQclear(res);
    return true;
}

bool db_load_dataset(PGconn *c, struct dataset *ds, int64_t *revision, struct rd_error *err)
{
    memset(ds, 0, sizeof *ds);
    PGresult *res[4] = {0};
    const char *queries[4] = {q_sources, q_subjects, q_aliases, q_rulings};
    bool ok = db_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err) &&
              db_revision(c, revision, err);
    for (int i = 0; ok && i < 4; i++) ok = (res[i] = db_query(c, queries[i], 0, NULL, err));
    if (ok) ok = db_exec(c, "COMMIT", err);
    if (ok && !dataset_reserve(ds, (size_t)PQntuples(res[0]), (size_t)PQntuples(res[1]),
                               (size_t)PQntuples(res[2]), (size_t)PQntuples(res[3]))) {
        rd_error_set(err, "out of memory loading the data set");
        ok = false;
    }
    if (ok) fill(ds, res);
    if (!ok) {
        db_rollback(c);
        dataset_free(ds);
    }
    for (int i = 0; i < 4; i++) PQclear(res[i]);
    return ok;
}
