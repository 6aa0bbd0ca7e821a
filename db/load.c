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

static bool fill_sources(struct dataset *ds, const PGresult *res)
{
    ds->sources = arena_alloc(&ds->arena, ((size_t)PQntuples(res) + 1) * sizeof *ds->sources);
    if (!ds->sources) return false;
    for (int i = 0; i < PQntuples(res); i++) {
        struct rd_source *s = &ds->sources[ds->n_sources++];
        s->id = col(ds, res, i, 0);
        s->authority = col(ds, res, i, 1);
        s->jurisdiction = col(ds, res, i, 2);
        s->kind = (enum source_kind)col_enum(res, i, 3, &SOURCE_KINDS);
        s->title = col(ds, res, i, 4);
        s->citation = col(ds, res, i, 5);
        s->document = col(ds, res, i, 6);
        s->signed_on = col(ds, res, i, 7);
        s->published_on = col(ds, res, i, 8);
        s->url = col(ds, res, i, 9);
        s->summary = col(ds, res, i, 10);
        s->version = col_int(res, i, 11);
    }
    return true;
}

static bool fill_subjects(struct dataset *ds, const PGresult *res)
{
    ds->subjects = arena_alloc(&ds->arena, ((size_t)PQntuples(res) + 1) * sizeof *ds->subjects);
    if (!ds->subjects) return false;
    for (int i = 0; i < PQntuples(res); i++) {
        struct rd_subject *s = &ds->subjects[ds->n_subjects++];
        s->id = col(ds, res, i, 0);
        s->kind = (enum subject_kind)col_enum(res, i, 1, &SUBJECT_KINDS);
        s->name = col(ds, res, i, 2);
        s->country = col(ds, res, i, 3);
        s->parent_id = col(ds, res, i, 4);
        s->relation = (enum relation)col_enum(res, i, 5, &RELATIONS);
        s->note = col(ds, res, i, 6);
        s->version = col_int(res, i, 7);
    }
    return true;
}

static bool fill_aliases(struct dataset *ds, const PGresult *res)
{
    ds->aliases = arena_alloc(&ds->arena, ((size_t)PQntuples(res) + 1) * sizeof *ds->aliases);
    if (!ds->aliases) return false;
    for (int i = 0; i < PQntuples(res); i++) {
        struct rd_alias *a = &ds->aliases[ds->n_aliases++];
        a->id = col_int(res, i, 0);
        a->subject_id = col(ds, res, i, 1);
        a->alias = col(ds, res, i, 2);
        a->kind = (enum alias_kind)col_enum(res, i, 3, &ALIAS_KINDS);
        a->lang = col(ds, res, i, 4);
        a->version = col_int(res, i, 5);
    }
    return true;
}

static bool fill_rulings(struct dataset *ds, const PGresult *res)
{
    ds->rulings = arena_alloc(&ds->arena, ((size_t)PQntuples(res) + 1) * sizeof *ds->rulings);
    if (!ds->rulings) return false;
    for (int i = 0; i < PQntuples(res); i++) {
        struct rd_ruling *r = &ds->rulings[ds->n_rulings++];
        r->id = col(ds, res, i, 0);
        r->subject_id = col(ds, res, i, 1);
        r->source_id = col(ds, res, i, 2);
        r->status = (enum ruling_status)col_enum(res, i, 3, &STATUSES);
        r->measure_code = col(ds, res, i, 4);
        r->measure = col(ds, res, i, 5);
        r->binds = col(ds, res, i, 6);
        r->effective_from = col_int(res, i, 7);
        r->has_until = !PQgetisnull(res, i, 8);
        if (r->has_until) r->effective_until = col_int(res, i, 8);
        r->extends_to_affiliates = col_bool(res, i, 9);
        r->quote = col(ds, res, i, 10);
        r->quote_verbatim = col_bool(res, i, 11);
        r->note = col(ds, res, i, 12);
        r->version = col_int(res, i, 13);
    }
    return true;
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
    static const char *const queries[4] = {q_sources, q_subjects, q_aliases, q_rulings};
    static bool (*const fills[4])(struct dataset *, const PGresult *) = {
        fill_sources, fill_subjects, fill_aliases, fill_rulings};
    bool ok = db_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err) &&
              db_revision(c, revision, err);
    /* One result at a time, copied and freed before the next: the peak memory of a load
     * is the data set plus its largest table, not plus all four. */
    for (int i = 0; ok && i < 4; i++) {
        PGresult *res = db_query(c, queries[i], 0, NULL, err);
        ok = res != NULL;
        if (ok && !fills[i](ds, res)) {
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
