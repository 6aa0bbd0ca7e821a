#include "db/seed.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/batch.h"
#include "db/conn.h"
#include "db/load.h"
#include "db/records.h"
#include "db/refusal.h"
#include "db/set_write.h"
#include "db/tx.h"
#include "lib/jsonw.h"

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
    "INSERT INTO subjects AS t " SUBJECT_COLUMNS " VALUES (" SUBJECT_VALUES ")"
    " ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name,"
    " country = EXCLUDED.country, parent_id = EXCLUDED.parent_id,"
    " relation = EXCLUDED.relation, note = EXCLUDED.note, categories = EXCLUDED.categories,"
    " identifiers = EXCLUDED.identifiers, born = EXCLUDED.born,"
    " nationalities = EXCLUDED.nationalities, addresses = EXCLUDED.addresses,"
    " revoked_at = NULL"
    " WHERE (t.kind, t.name, t.country, t.parent_id, t.relation, t.note, t.categories, t.identifiers,"
    " t.born, t.nationalities, t.addresses, t.revoked_at) IS DISTINCT FROM (EXCLUDED.kind,"
    " EXCLUDED.name, EXCLUDED.country, EXCLUDED.parent_id, EXCLUDED.relation, EXCLUDED.note,"
    " EXCLUDED.categories, EXCLUDED.identifiers, EXCLUDED.born, EXCLUDED.nationalities,"
    " EXCLUDED.addresses, NULL::timestamptz)"
    " RETURNING (xmax = 0)";

static const char upsert_alias[] =
    "INSERT INTO aliases AS t (subject_id, alias, kind, lang) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (subject_id, alias) DO UPDATE SET kind = EXCLUDED.kind,"
    " lang = EXCLUDED.lang, revoked_at = NULL"
    " WHERE (t.kind, t.lang, t.revoked_at) IS DISTINCT FROM"
    " (EXCLUDED.kind, EXCLUDED.lang, NULL::timestamptz)"
    " RETURNING (xmax = 0)";

static const char upsert_ruling[] =
    "INSERT INTO rulings AS t " RULING_COLUMNS " VALUES (" RULING_VALUES ")"
    " ON CONFLICT (id) DO UPDATE SET subject_id = EXCLUDED.subject_id,"
    " source_id = EXCLUDED.source_id, status = EXCLUDED.status,"
    " measure_code = EXCLUDED.measure_code, measure = EXCLUDED.measure,"
    " binds = EXCLUDED.binds, effective_from = EXCLUDED.effective_from,"
    " effective_until = EXCLUDED.effective_until, affects = EXCLUDED.affects,"
    " reach = EXCLUDED.reach, condition = EXCLUDED.condition, exempts = EXCLUDED.exempts,"
    " suspensions = EXCLUDED.suspensions, certainty = EXCLUDED.certainty,"
    " quote = EXCLUDED.quote, quote_verbatim = EXCLUDED.quote_verbatim,"
    " quote_source = EXCLUDED.quote_source, note = EXCLUDED.note, revoked_at = NULL"
    " WHERE (t.subject_id, t.source_id, t.status, t.measure_code, t.measure, t.binds,"
    " t.effective_from, t.effective_until, t.affects, t.reach, t.condition, t.exempts,"
    " t.suspensions, t.certainty, t.quote, t.quote_verbatim, t.quote_source, t.note,"
    " t.revoked_at) IS DISTINCT FROM (EXCLUDED.subject_id, EXCLUDED.source_id,"
    " EXCLUDED.status, EXCLUDED.measure_code, EXCLUDED.measure, EXCLUDED.binds,"
    " EXCLUDED.effective_from, EXCLUDED.effective_until, EXCLUDED.affects, EXCLUDED.reach,"
    " EXCLUDED.condition, EXCLUDED.exempts, EXCLUDED.suspensions, EXCLUDED.certainty,"
    " EXCLUDED.quote, EXCLUDED.quote_verbatim, EXCLUDED.quote_source, EXCLUDED.note,"
    " NULL::timestamptz)"
    " RETURNING (xmax = 0)";

void seed_counts_json(struct jw *w, const char *key, const struct seed_counts *c)
{
    jw_key(w, key);
    jw_object_begin(w);
    JW_MEMBER_INT(w, "created", c->created);
    JW_MEMBER_INT(w, "updated", c->updated);
    JW_MEMBER_INT(w, "unchanged", c->unchanged);
    JW_MEMBER_INT(w, "revoked", c->revoked);
    jw_object_end(w);
}

/* Counts what one upsert did. */
static void count_upsert(struct seed_counts *counts, const PGresult *res)
{
    if (PQntuples(res) == 0)
        counts->unchanged++;
    else if (PQgetvalue(res, 0, 0)[0] == 't')
        counts->created++;
    else
        counts->updated++;
}

/* The counts of the report at `offset` (offsetof(struct seed_report, sources)...). */
static struct seed_counts *counts_at(struct seed_report *r, size_t offset)
{
    return (struct seed_counts *)(void *)((char *)r + offset);
}

/* Each kind's upsert, the counts it adds to, and the parameter that names a record in an
 * error (db/records.h: an alias by its text, the others by their id). */
static const struct upsert_step {
    const char *sql;
    const char *what;
    size_t counts_offset;
    int label;
} upsert_steps[RECORD_KIND_COUNT] = {
    [RECORD_SOURCE] = {upsert_source, "sources", offsetof(struct seed_report, sources), 0},
    [RECORD_SUBJECT] = {upsert_subject, "subjects", offsetof(struct seed_report, subjects), 0},
    [RECORD_ALIAS] = {upsert_alias, "aliases", offsetof(struct seed_report, aliases), 1},
    [RECORD_RULING] = {upsert_ruling, "rulings", offsetof(struct seed_report, rulings), 0},
};

/* One kind's upserts as a pipelined batch (db/batch.h). */
struct upsert_run {
    const struct dataset *ds;
    enum record_kind kind;
    struct arena scratch; /* what the parameters build (array literals, JSON) */
    struct record_params p;
    struct seed_counts *counts;
};

static void upsert_params(void *ctx, size_t i, int *n, const char *const **values)
{
    struct upsert_run *run = ctx;
    record_params_at(&run->scratch, run->ds, run->kind, i, &run->p);
    *n = run->p.n;
    *values = run->p.v;
}

static void upsert_result(void *ctx, size_t i, const PGresult *res)
{
    (void)i;
    count_upsert(((struct upsert_run *)ctx)->counts, res);
}

/* The rows an upsert returned: one per record written (inserted = xmax is 0). */
static void set_result(void *ctx, const PGresult *res)
{
    struct upsert_run *run = ctx;
    int written = PQntuples(res);
    for (int i = 0; i < written; i++)
        if (PQgetvalue(res, i, 0)[0] == 't')
            run->counts->created++;
        else
            run->counts->updated++;
    run->counts->unchanged += (int)dataset_count(run->ds, run->kind) - written;
}

/* One statement for all the records of kind k (db/set_write.h); false, with the
 * transaction as it was, when PostgreSQL refused it. */
static bool write_kind_set(PGconn *c, const struct dataset *ds, enum record_kind k,
                           struct seed_report *r, struct rd_error *err)
{
    const struct upsert_step *u = &upsert_steps[k];
    struct upsert_run run = {.ds = ds, .kind = k, .counts = counts_at(r, u->counts_offset)};
    const struct seed_counts before = *run.counts;
    const struct db_set set = {.values_sql = u->sql,
                               .columns = record_param_count(k),
                               .count = dataset_count(ds, k),
                               .params = upsert_params,
                               .result = set_result,
                               .ctx = &run};
    bool ok = db_set_run(c, &set, err);
    if (!ok) *run.counts = before;
    arena_free(&run.scratch);
    return ok;
}

/* A refusal of the set that writing the records one by one can name (a value or a
 * constraint; two records that are one), rather than a lost connection. */
static bool refused_by_data(PGconn *c, const struct rd_error *err)
{
    return PQstatus(c) == CONNECTION_OK && db_is_refusal(err);
}

static bool write_kind_rows(PGconn *c, const struct dataset *ds, enum record_kind k,
                            struct seed_report *r, struct rd_error *err)
{
    const struct upsert_step *u = &upsert_steps[k];
    struct upsert_run run = {.ds = ds, .kind = k, .counts = counts_at(r, u->counts_offset)};
    const struct db_batch b = {.sql = u->sql,
                               .count = dataset_count(ds, k),
                               .params = upsert_params,
                               .result = upsert_result,
                               .ctx = &run};
    size_t failed = 0;
    bool ok = db_batch_run(c, &b, &failed, err);
    /* Named in our words: the record by its place in the set, never PostgreSQL's text
     * (it reaches clients of the admin import and GET /v1/sources). */
    char what[200];
    snprintf(what, sizeof what, "the %s", u->what);
    if (!ok && failed < b.count) {
        record_params_at(&run.scratch, ds, k, failed, &run.p);
        snprintf(what, sizeof what, "%s[%zu] (\"%.100s\")", u->what, failed, run.p.v[u->label]);
    }
    if (!ok) db_own_refusal(err, what);
    arena_free(&run.scratch);
    return ok;
}

/* Writes the records of kind k: all at once, or, when PostgreSQL refuses that, one by one
 * (pipelined), which names the record it refuses. */
static bool write_kind(PGconn *c, const struct dataset *ds, enum record_kind k,
                       struct seed_report *r, struct rd_error *err)
{
    if (dataset_count(ds, k) == 0) return true;
    if (write_kind_set(c, ds, k, r, err)) return true;
    if (!refused_by_data(c, err)) return false;
    rd_error_clear(err);
    return write_kind_rows(c, ds, k, r, err);
}

static bool write_all(PGconn *c, const struct dataset *ds, struct seed_report *r,
                      struct rd_error *err)
{
    bool ok = true;
    for (int k = 0; ok && k < RECORD_KIND_COUNT; k++)
        ok = write_kind(c, ds, (enum record_kind)k, r, err);
    return ok;
}

/* Pruning: live records whose key is not in the set (a JSON array parameter) are revoked,
 * rulings first, so that the audit trail reads in a sensible order. */
static const struct prune_step {
    const char *sql;
    size_t counts_offset;
    enum record_kind kind; /* whose keys $1 lists */
} prune_steps[] = {
    {"UPDATE rulings SET revoked_at = now() WHERE revoked_at IS NULL"
     " AND id NOT IN (SELECT jsonb_array_elements_text($1::jsonb))",
     offsetof(struct seed_report, rulings), RECORD_RULING},
    {"UPDATE aliases SET revoked_at = now() WHERE revoked_at IS NULL"
     " AND (subject_id, alias) NOT IN (SELECT x->>0, x->>1 FROM jsonb_array_elements($1::jsonb) x)",
     offsetof(struct seed_report, aliases), RECORD_ALIAS},
    {"UPDATE subjects SET revoked_at = now() WHERE revoked_at IS NULL"
     " AND id NOT IN (SELECT jsonb_array_elements_text($1::jsonb))",
     offsetof(struct seed_report, subjects), RECORD_SUBJECT},
    {"UPDATE sources SET revoked_at = now() WHERE revoked_at IS NULL"
     " AND id NOT IN (SELECT jsonb_array_elements_text($1::jsonb))",
     offsetof(struct seed_report, sources), RECORD_SOURCE},
};

/* The keys of the set, one JSON array per prune step. */
void seed_keys_json(const struct dataset *ds, enum record_kind k, struct strbuf *sb)
{
    struct jw w;
    jw_init(&w, sb);
    jw_array_begin(&w);
    for (size_t i = 0; i < dataset_count(ds, k); i++) {
        switch (k) {
        case RECORD_RULING:
            jw_string(&w, ds->rulings[i].id);
            break;
        case RECORD_ALIAS:
            jw_array_begin(&w);
            jw_string(&w, ds->aliases[i].subject_id);
            jw_string(&w, ds->aliases[i].alias);
            jw_array_end(&w);
            break;
        case RECORD_SUBJECT:
            jw_string(&w, ds->subjects[i].id);
            break;
        default:
            jw_string(&w, ds->sources[i].id);
            break;
        }
    }
    jw_array_end(&w);
}

static bool prune(PGconn *c, const struct dataset *ds, struct seed_report *r, struct rd_error *err)
{
    for (size_t i = 0; i < sizeof prune_steps / sizeof *prune_steps; i++) {
        struct strbuf keys = {0};
        seed_keys_json(ds, prune_steps[i].kind, &keys);
        if (keys.failed) {
            sb_free(&keys);
            rd_error_set(err, "out of memory");
            return false;
        }
        const char *p[] = {keys.data};
        PGresult *res = db_query(c, prune_steps[i].sql, 1, p, err);
        sb_free(&keys);
        if (!res) return false;
        counts_at(r, prune_steps[i].counts_offset)->revoked += atoi(PQcmdTuples(res));
        PQclear(res);
    }
    return true;
}

/* The rows of `changes` this transaction wrote (revisions after `start`: writers hold the
 * advisory lock, so no one else's), with the fields each update changed. */
static bool list_changes(PGconn *c, long long start, struct seed_report *r, struct rd_error *err)
{
    char from[24], limit[24];
    snprintf(from, sizeof from, "%lld", start);
    snprintf(limit, sizeof limit, "%d", SEED_MAX_LISTED);
    const char *p[] = {from, limit};
    PGresult *res;
    r->changes = db_query_rows(
        c,
        "SELECT revision, action, entity, entity_id,"
        " (SELECT string_agg(k, ',' ORDER BY k) FROM jsonb_object_keys(ch.after) k"
        "   WHERE ch.before IS NOT NULL AND k NOT IN ('version', 'created_at', 'updated_at')"
        "   AND ch.before->k IS DISTINCT FROM ch.after->k)"
        " FROM changes ch WHERE revision > $1::bigint ORDER BY revision LIMIT $2::integer",
        2, p, sizeof *r->changes, &res, err);
    if (!r->changes) return false;
    size_t n = (size_t)PQntuples(res);
    for (size_t i = 0; i < n; i++) {
        struct seed_change *ch = &r->changes[i];
        int row = (int)i;
        ch->revision = db_int(res, row, 0);
        snprintf(ch->action, sizeof ch->action, "%s", PQgetvalue(res, row, 1));
        snprintf(ch->entity, sizeof ch->entity, "%s", PQgetvalue(res, row, 2));
        ch->id = strdup(PQgetvalue(res, row, 3));
        ch->fields = record_fields_of_columns(PQgetvalue(res, row, 4));
        r->n_changes++;
        if (!ch->id || !ch->fields) {
            PQclear(res);
            rd_error_set(err, "out of memory");
            return false;
        }
    }
    PQclear(res);
    return true;
}

static bool count_changes_since(PGconn *c, long long start, size_t *out, struct rd_error *err)
{
    char from[24];
    snprintf(from, sizeof from, "%lld", start);
    const char *p[] = {from};
    PGresult *res =
        db_query(c, "SELECT count(*) FROM changes WHERE revision > $1::bigint", 1, p, err);
    if (!res) return false;
    *out = (size_t)db_int(res, 0, 0);
    PQclear(res);
    return true;
}

bool db_seed_write(PGconn *c, const struct dataset *ds, const struct seed_options *opt,
                   struct seed_report *report, struct rd_error *err)
{
    memset(report, 0, sizeof *report);
    int64_t start = 0, end = 0;
    bool ok = db_revision(c, &start, err) && write_all(c, ds, report, err);
    /* Deferred foreign keys are checked now rather than at COMMIT, so that a bad
     * reference is reported while the transaction can still say which. */
    if (ok && !((!opt->prune || prune(c, ds, report, err)) &&
                (!opt->then || opt->then(c, opt->then_ctx, report, err)) &&
                db_exec(c, "SET CONSTRAINTS ALL IMMEDIATE", err))) {
        db_own_refusal(err, "the data set");
        ok = false;
    }
    ok = ok && db_revision(c, &end, err);
    report->revision_before = start;
    report->revision = end;
    /* Counted, not subtracted: revisions come from a sequence, and a rolled-back write
     * (a dry run, a retried transaction) leaves a gap in it. */
    ok = ok && count_changes_since(c, start, &report->changes_total, err);
    if (ok && opt->list_changes) ok = list_changes(c, start, report, err);
    return ok;
}

bool db_give_back_revisions(PGconn *c, long long start, struct rd_error *err)
{
    char text[24];
    snprintf(text, sizeof text, "%lld", start);
    const char *p[] = {text};
    PGresult *res = db_query(c, "SELECT restrictd_give_back_revisions($1::bigint)", 1, p, err);
    bool ok = res != NULL;
    PQclear(res);
    return ok;
}

void seed_report_free(struct seed_report *report)
{
    for (size_t i = 0; i < report->n_changes; i++) {
        free(report->changes[i].id);
        free(report->changes[i].fields);
    }
    free(report->changes);
    report->changes = NULL;
    report->n_changes = 0;
}

bool db_seed(PGconn *c, const struct dataset *ds, const char *actor, struct seed_report *report,
             struct rd_error *err)
{
    bool ok = db_begin_writer(c, actor, err);
    const struct seed_options opt = {0};
    if (ok)
        ok = db_seed_write(c, ds, &opt, report, err);
    else
        memset(report, 0, sizeof *report);
    if (ok && !db_exec(c, "COMMIT", err)) {
        rd_error_prefix(err, "the data set was refused at commit (nothing was written)");
        ok = false;
    }
    if (!ok) db_rollback(c);
    seed_report_free(report);
    return ok;
}
