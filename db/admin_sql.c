#include "db/admin_sql.h"

#include <stdlib.h>

#define META                                                                                       \
    ", version, floor(extract(epoch FROM created_at))::bigint,"                                    \
    " floor(extract(epoch FROM updated_at))::bigint, floor(extract(epoch FROM "                    \
    "revoked_at))::bigint"

static int64_t col_int(const PGresult *res, int c)
{
    return PQgetisnull(res, 0, c) ? 0 : strtoll(PQgetvalue(res, 0, c), NULL, 10);
}

static void fill_meta(struct admin_record *r, const PGresult *res, int first)
{
    r->version = col_int(res, first);
    r->created_at = col_int(res, first + 1);
    r->updated_at = col_int(res, first + 2);
    r->revoked_at = col_int(res, first + 3);
}

/* The record's columns (db/records.h), then META. */
static void fill_source(struct admin_record *r, const PGresult *res)
{
    struct rd_source *s = &r->ds.sources[0];
    r->ds.n_sources = 1;
    fill_meta(r, res, record_source_from_row(&r->ds.arena, res, 0, s));
    s->version = r->version;
}

static void fill_subject(struct admin_record *r, const PGresult *res)
{
    struct rd_subject *s = &r->ds.subjects[0];
    r->ds.n_subjects = 1;
    fill_meta(r, res, record_subject_from_row(&r->ds, res, 0, s));
    s->version = r->version;
}

static void fill_alias(struct admin_record *r, const PGresult *res)
{
    struct rd_alias *a = &r->ds.aliases[0];
    r->ds.n_aliases = 1;
    fill_meta(r, res, record_alias_from_row(&r->ds.arena, res, 0, a));
    a->version = r->version;
}

static void fill_ruling(struct admin_record *r, const PGresult *res)
{
    struct rd_ruling *u = &r->ds.rulings[0];
    r->ds.n_rulings = 1;
    fill_meta(r, res, record_ruling_from_row(&r->ds, res, 0, u));
    u->version = r->version;
}

static void params_source(const struct admin_record *r, struct record_params *p)
{
    record_params_source(&r->ds.sources[0], p);
}

static void params_subject(const struct admin_record *r, struct record_params *p)
{
    record_params_subject((struct arena *)&r->ds.arena, &r->ds.subjects[0], p);
}

static void params_alias(const struct admin_record *r, struct record_params *p)
{
    record_params_alias(&r->ds.aliases[0], p);
}

static void params_ruling(const struct admin_record *r, struct record_params *p)
{
    record_params_ruling((struct arena *)&r->ds.arena, &r->ds.rulings[0], p);
}

/* clang-format off: one block per entity reads better than what the formatter makes */
static const struct entity_sql entities[ENTITY_COUNT] = {
    [ENTITY_SOURCE] =
        {"sources", "a source",
         "SELECT id, authority, jurisdiction, kind, title, citation, document, signed_on::text,"
         " published_on::text, url, summary" META " FROM sources WHERE id = $1",
         "SELECT version, revoked_at IS NOT NULL FROM sources WHERE id = $1 FOR UPDATE",
         "INSERT INTO sources (id, authority, jurisdiction, kind, title, citation, document,"
         " signed_on, published_on, url, summary)"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9::date, $10, $11) RETURNING id",
         "UPDATE sources SET authority = $2, jurisdiction = $3, kind = $4, title = $5,"
         " citation = $6, document = $7, signed_on = $8::date, published_on = $9::date,"
         " url = $10, summary = $11, revoked_at = NULL WHERE id = $1",
         "UPDATE sources SET revoked_at = now() WHERE id = $1", false, params_source, fill_source},
    [ENTITY_SUBJECT] =
        {"subjects", "a subject",
         "SELECT id, kind, name, country, parent_id, relation, note, " RECORD_SUBJECT_TERMS
         META " FROM subjects t WHERE id = $1",
         "SELECT version, revoked_at IS NOT NULL FROM subjects WHERE id = $1 FOR UPDATE",
         "INSERT INTO subjects (id, kind, name, country, parent_id, relation, note, categories)"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[]) RETURNING id",
         "UPDATE subjects SET kind = $2, name = $3, country = $4, parent_id = $5,"
         " relation = $6, note = $7, categories = $8::text[], revoked_at = NULL WHERE id = $1",
         "UPDATE subjects SET revoked_at = now() WHERE id = $1", false, params_subject,
         fill_subject},
    [ENTITY_ALIAS] =
        {"aliases", "an alias",
         "SELECT id, subject_id, alias, kind, lang" META " FROM aliases WHERE id = $1::bigint",
         "SELECT version, revoked_at IS NOT NULL FROM aliases WHERE id = $1::bigint FOR UPDATE",
         "INSERT INTO aliases (subject_id, alias, kind, lang) VALUES ($1, $2, $3, $4)"
         " RETURNING id",
         "UPDATE aliases SET subject_id = $1, alias = $2, kind = $3, lang = $4,"
         " revoked_at = NULL WHERE id = $5::bigint",
         "UPDATE aliases SET revoked_at = now() WHERE id = $1::bigint", true, params_alias,
         fill_alias},
    [ENTITY_RULING] =
        {"rulings", "a ruling",
         "SELECT id, subject_id, source_id, status, measure_code, measure,"
         " extract(epoch FROM effective_from)::bigint, extract(epoch FROM effective_until)::bigint,"
         " quote, quote_verbatim, note, " RECORD_RULING_TERMS META " FROM rulings t WHERE id = $1",
         "SELECT version, revoked_at IS NOT NULL FROM rulings WHERE id = $1 FOR UPDATE",
         "INSERT INTO rulings " RULING_COLUMNS " VALUES (" RULING_VALUES ") RETURNING id",
         "UPDATE rulings SET (subject_id, source_id, status, measure_code, measure, binds,"
         " effective_from, effective_until, affects, reach, condition, exempts, suspensions,"
         " certainty, quote, quote_verbatim, quote_source, note, revoked_at) = (SELECT"
         " subject_id, source_id, status, measure_code, measure, binds, effective_from,"
         " effective_until, affects, reach, condition, exempts, suspensions, certainty, quote,"
         " quote_verbatim, quote_source, note, NULL::timestamptz FROM (SELECT " RULING_VALUES
         ") AS v (id, subject_id, source_id, status, measure_code, measure, binds,"
         " effective_from, effective_until, affects, reach, condition, exempts, suspensions,"
         " certainty, quote, quote_verbatim, quote_source, note)) WHERE id = $1",
         "UPDATE rulings SET revoked_at = now() WHERE id = $1", false, params_ruling, fill_ruling},
};

/* clang-format on */

const struct entity_sql *entity_sql(enum admin_entity e)
{
    return &entities[(unsigned)e < ENTITY_COUNT ? e : ENTITY_RULING];
}

static const char live_subject[] =
    "SELECT EXISTS (SELECT 1 FROM subjects WHERE id = $1 AND revoked_at IS NULL)";
static const char live_source[] =
    "SELECT EXISTS (SELECT 1 FROM sources WHERE id = $1 AND revoked_at IS NULL)";
/* Walks up from the new parent (through revoked subjects too: a restore must not close a
 * circle either); the depth bound keeps a circle made by hand from looping. */
static const char no_cycle[] =
    "SELECT NOT EXISTS (WITH RECURSIVE up (id, depth) AS ("
    " SELECT $1::text, 0 UNION ALL SELECT s.parent_id, up.depth + 1 FROM subjects s"
    " JOIN up ON s.id = up.id WHERE s.parent_id IS NOT NULL AND up.depth < 10000)"
    " SELECT 1 FROM up WHERE id = $2)";

/* clang-format off */
const struct ref_check ref_checks[] = {
    {ENTITY_SUBJECT, "parent", {4, -1}, live_subject, "unknown_reference",
     "no live subject has the id"},
    {ENTITY_SUBJECT, "parent", {4, 0}, no_cycle, "cycle",
     "the parents would form a cycle through"},
    {ENTITY_ALIAS, "subject", {0, -1}, live_subject, "unknown_reference",
     "no live subject has the id"},
    {ENTITY_RULING, "subject", {1, -1}, live_subject, "unknown_reference",
     "no live subject has the id"},
    {ENTITY_RULING, "source", {2, -1}, live_source, "unknown_reference",
     "no live source has the id"},
};
/* clang-format on */
const size_t n_ref_checks = sizeof ref_checks / sizeof *ref_checks;
