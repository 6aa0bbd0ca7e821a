#include "db/seed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/conn.h"
#include "rulings/timeutil.h"

/* Each upsert returns one row (inserted = xmax is 0) when it wrote, none when the stored
 * record already equals the file's. */
static const char upsert_source[] =
    "INSERT INTO sources AS t (id, authority, jurisdiction, kind, title, citation, document,"
    " signed_on, published_on, url, summary)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9::date, $10, $11)"
    " ON CONFLICT (id) DO UPDATE SET authority = EXCLUDED.authority,"
    " jurisdiction = EXCLUDED.jurisdiction, kind = EXCLUDED.kind, title = EXCLUDED.title,"
    " citation = EXCLUDED.citation, document = EXCLUDED.document,"
    " signed_on = EXCLUDED.signed_on, published_on = EXCLUDED.published_on,"
    " url = EXCLUDED.url, summary = EXCLUDED.summary, revoked_at = NULL"
    " WHERE (t.authority, t.jurisdiction, t.kind, t.title, t.citation, t.document, t.signed_on,"
    " t.published_on, t.url, t.summary, t.revoked_at) IS DISTINCT FROM"
    " (EXCLUDED.authority, EXCLUDED.jurisdiction, EXCLUDED.kind, EXCLUDED.title,"
    " EXCLUDED.citation, EXCLUDED.document, EXCLUDED.signed_on, EXCLUDED.published_on,"
    " EXCLUDED.url, EXCLUDED.summary, NULL::timestamptz)"
    " RETURNING (xmax = 0)";

static const char upsert_subject[] =
    "INSERT INTO subjects AS t (id, kind, name, country, parent_id, relation, note)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7)"
    " ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name,"
    " country = EXCLUDED.country, parent_id = EXCLUDED.parent_id,"
    " relation = EXCLUDED.relation, note = EXCLUDED.note, revoked_at = NULL"
    " WHERE (t.kind, t.name, t.country, t.parent_id, t.relation, t.note, t.revoked_at)"
    " IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.name, EXCLUDED.country, EXCLUDED.parent_id,"
    " EXCLUDED.relation, EXCLUDED.note, NULL::timestamptz)"
    " RETURNING (xmax = 0)";

static const char upsert_alias[] =
    "INSERT INTO aliases AS t (subject_id, alias, kind, lang) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (subject_id, alias) DO UPDATE SET kind = EXCLUDED.kind,"
    " lang = EXCLUDED.lang, revoked_at = NULL"
    " WHERE (t.kind, t.lang, t.revoked_at) IS DISTINCT FROM"
    " (EXCLUDED.kind, EXCLUDED.lang, NULL::timestamptz)"
    " RETURNING (xmax = 0)";

static const char upsert_ruling[] =
    "INSERT INTO rulings AS t (id, subject_id, source_id, status, measure_code, measure, binds,"
    " effective_from, effective_until, extends_to_affiliates, quote, quote_verbatim, note)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz, $9::timestamptz, $10::boolean,"
    " $11, $12::boolean, $13)"
    " ON CONFLICT (id) DO UPDATE SET subject_id = EXCLUDED.subject_id,"
    " source_id = EXCLUDED.source_id, status = EXCLUDED.status,"
    " measure_code = EXCLUDED.measure_code, measure = EXCLUDED.measure,"
    " binds = EXCLUDED.binds, effective_from = EXCLUDED.effective_from,"
    " effective_until = EXCLUDED.effective_until,"
    " extends_to_affiliates = EXCLUDED.extends_to_affiliates, quote = EXCLUDED.quote,"
    " quote_verbatim = EXCLUDED.quote_verbatim, note = EXCLUDED.note, revoked_at = NULL"
    " WHERE (t.subject_id, t.source_id, t.status, t.measure_code, t.measure, t.binds,"
    " t.effective_from, t.effective_until, t.extends_to_affiliates, t.quote, t.quote_verbatim,"
    " t.note, t.revoked_at) IS DISTINCT FROM (EXCLUDED.subject_id, EXCLUDED.source_id,"
    " EXCLUDED.status, EXCLUDED.measure_code, EXCLUDED.measure, EXCLUDED.binds,"
    " EXCLUDED.effective_from, EXCLUDED.effective_until, EXCLUDED.extends_to_affiliates,"
    " EXCLUDED.quote, EXCLUDED.quote_verbatim, EXCLUDED.note, NULL::timestamptz)"
    " RETURNING (xmax = 0)";

/* Runs one upsert and counts what it did; on failure names the record in `err`. */
static bool upsert(PGconn *c, const char *sql, int n, const char *const *params,
                   struct seed_counts *counts, const char *what, size_t index, const char *id,
                   struct rd_error *err)
{
    PGresult *res = db_query(c, sql, n, params, err);
    if (!res) {
        char reason[sizeof err->message];
        snprintf(reason, sizeof reason, "%s", err->message);
        rd_error_set(err, "%s[%zu] (\"%s\") was refused by the database: %s", what, index, id,
                     reason);
        return false;
    }
    if (PQntuples(res) == 0)
        counts->unchanged++;
    else if (PQgetvalue(res, 0, 0)[0] == 't')
        counts->created++;
    else
        counts->updated++;
    PQclear(res);
    return true;
}

static bool write_all(PGconn *c, const struct dataset *ds, struct seed_report *r,
                      struct rd_error *err)
{
    for (size_t i = 0; i < ds->n_sources; i++) {
        const struct rd_source *s = &ds->sources[i];
        const char *p[] = {s->id,       s->authority, s->jurisdiction,
                           enum_name(&SOURCE_KINDS, (int)s->kind),
                           s->title,    s->citation,  s->document,
                           s->signed_on, s->published_on, s->url, s->summary};
        if (!upsert(c, upsert_source, 11, p, &r->sources, "sources", i, s->id, err)) return false;
    }
    for (size_t i = 0; i < ds->n_subjects; i++) {
        const struct rd_subject *s = &ds->subjects[i];
        const char *rel = s->relation == RELATION_NONE ? NULL : enum_name(&RELATIONS, (int)s->relation);
        const char *p[] = {s->id,        enum_name(&SUBJECT_KINDS, (int)s->kind), s->name,
                           s->country,   s->parent_id, rel, s->note};
        if (!upsert(c, upsert_subject, 7, p, &r->subjects, "subjects", i, s->id, err))
            return false;
    }
    for (size_t i = 0; i < ds->n_aliases; i++) {
        const struct rd_alias *a = &ds->aliases[i];
        const char *p[] = {a->subject_id, a->alias, enum_name(&ALIAS_KINDS, (int)a->kind),
                           a->lang};
        if (!upsert(c, upsert_alias, 4, p, &r->aliases, "aliases", i, a->alias, err))
            return false;
    }
    for (size_t i = 0; i < ds->n_rulings; i++) {
        const struct rd_ruling *u = &ds->rulings[i];
        char from[RD_TIME_BUFSZ], until[RD_TIME_BUFSZ];
        rd_time_format(u->effective_from, from, sizeof from);
        rd_time_format(u->effective_until, until, sizeof until);
        const char *p[] = {u->id,
                           u->subject_id,
                           u->source_id,
                           enum_name(&STATUSES, (int)u->status),
                           u->measure_code,
                           u->measure,
                           u->binds,
                           from,
                           u->has_until ? until : NULL,
                           u->extends_to_affiliates ? "true" : "false",
                           u->quote,
                           u->quote_verbatim ? "true" : "false",
                           u->note};
        if (!upsert(c, upsert_ruling, 13, p, &r->rulings, "rulings", i, u->id, err)) return false;
    }
    return true;
}

bool db_seed(PGconn *c, const struct dataset *ds, const char *actor, struct seed_report *report,
             struct rd_error *err)
{
    memset(report, 0, sizeof *report);
    const char *p[] = {actor};
    PGresult *res = NULL;
    bool ok = db_exec(c, "BEGIN", err) &&
              db_exec(c, "SELECT pg_advisory_xact_lock(7232401530)", err) &&
              (res = db_query(c, "SELECT set_config('restrictd.actor', $1, true)", 1, p, err));
    PQclear(res);
    ok = ok && write_all(c, ds, report, err);
    /* Deferred foreign keys are checked here: a bad reference fails the whole set. */
    if (ok) {
        res = db_query(c, "SELECT coalesce(max(revision), 0) FROM changes", 0, NULL, err);
        ok = res != NULL;
        if (ok) report->revision = atoll(PQgetvalue(res, 0, 0));
        PQclear(res);
    }
    if (ok && !db_exec(c, "COMMIT", err)) {
        char reason[sizeof err->message];
        snprintf(reason, sizeof reason, "%s", err->message);
        rd_error_set(err, "the data set was refused at commit (nothing was written): %s", reason);
        ok = false;
    }
    if (!ok) db_rollback(c);
    return ok;
}
