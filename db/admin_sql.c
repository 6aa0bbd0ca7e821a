#include "db/admin_sql.h"

#include "db/records.h"

#define META                                                                                       \
    ", version, floor(extract(epoch FROM created_at))::bigint,"                                    \
    " floor(extract(epoch FROM updated_at))::bigint, floor(extract(epoch FROM "                    \
    "revoked_at))::bigint"

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
         "UPDATE sources SET revoked_at = now() WHERE id = $1", false},
    [ENTITY_SUBJECT] =
        {"subjects", "a subject",
         "SELECT id, kind, name, country, parent_id, relation, note, " RECORD_SUBJECT_TERMS META
         " FROM subjects t WHERE id = $1",
         "SELECT version, revoked_at IS NOT NULL FROM subjects WHERE id = $1 FOR UPDATE",
         "INSERT INTO subjects " SUBJECT_COLUMNS " VALUES (" SUBJECT_VALUES ") RETURNING id",
         "UPDATE subjects SET kind = $2, name = $3, country = $4, parent_id = $5,"
         " relation = $6, note = $7, categories = $8::text[], identifiers = $9::text[],"
         " born = $10::text[], nationalities = $11::text[],"
         " addresses = coalesce(($12::jsonb)->'addresses', '[]'::jsonb),"
         " revoked_at = NULL WHERE id = $1",
         "UPDATE subjects SET revoked_at = now() WHERE id = $1", false},
    [ENTITY_ALIAS] =
        {"aliases", "an alias",
         "SELECT id, subject_id, alias, kind, lang" META " FROM aliases WHERE id = $1::bigint",
         "SELECT version, revoked_at IS NOT NULL FROM aliases WHERE id = $1::bigint FOR UPDATE",
         "INSERT INTO aliases (subject_id, alias, kind, lang) VALUES ($1, $2, $3, $4)"
         " RETURNING id",
         "UPDATE aliases SET subject_id = $1, alias = $2, kind = $3, lang = $4,"
         " revoked_at = NULL WHERE id = $5::bigint",
         "UPDATE aliases SET revoked_at = now() WHERE id = $1::bigint", true},
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
         "UPDATE rulings SET revoked_at = now() WHERE id = $1", false},
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
