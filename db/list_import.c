#include "db/list_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/conn.h"
#include "db/refusal.h"
#include "db/tx.h"
#include "lib/jsonw.h"
#include "lib/timeutil.h"

/* The list's rulings in force at the publication instant: the ones a list copy that no
 * longer holds them ends. Their start, when open-ended, is kept by a re-import. */
static const char q_in_force[] =
    "SELECT id, extract(epoch FROM effective_from)::bigint, effective_until IS NULL"
    " FROM rulings WHERE source_id LIKE $1 AND revoked_at IS NULL"
    " AND effective_from <= $2::timestamptz"
    " AND (effective_until IS NULL OR effective_until > $2::timestamptz)";

static const char q_end[] =
    "UPDATE rulings SET effective_until = $2::timestamptz"
    " WHERE source_id LIKE $1 AND revoked_at IS NULL AND effective_from < $2::timestamptz"
    " AND (effective_until IS NULL OR effective_until > $2::timestamptz)"
    " AND id NOT IN (SELECT jsonb_array_elements_text($3::jsonb))";

/* A ruling that would start at the publication itself (the same copy imported before, then
 * corrected) was never in force: it is revoked rather than given an empty period. */
static const char q_revoke_unstarted[] =
    "UPDATE rulings SET revoked_at = now()"
    " WHERE source_id LIKE $1 AND revoked_at IS NULL AND effective_from = $2::timestamptz"
    " AND id NOT IN (SELECT jsonb_array_elements_text($3::jsonb))";

/* Aliases the list no longer gives an entry it still holds. */
static const char q_drop_aliases[] =
    "UPDATE aliases SET revoked_at = now() WHERE revoked_at IS NULL"
    " AND subject_id IN (SELECT jsonb_array_elements_text($1::jsonb))"
    " AND (subject_id, alias) NOT IN"
    " (SELECT x->>0, x->>1 FROM jsonb_array_elements($2::jsonb) x)";

static const char q_record[] =
    "INSERT INTO list_imports (format, source_pattern, actor, started_at, published_at, result,"
    " message, counts, revision) VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz, $6,"
    " left($7, 2000), $8::jsonb, $9::bigint)";

/* What one attempt of the transaction works with. */
struct run {
    const struct list_import_options *opt;
    struct list_import_report *report;
    const char *actor;
    int64_t started;
    enum list_import_status status;
    char published[RD_TIME_BUFSZ];
    PGresult *in_force; /* rows of q_in_force; ids borrowed by `known` */
    struct strmap known;
    int64_t *starts;
    struct dataset ds;
};

/* What the run holds, not the report. */
static void run_free(struct run *r)
{
    PQclear(r->in_force);
    r->in_force = NULL;
    strmap_free(&r->known);
    memset(&r->known, 0, sizeof r->known);
    free(r->starts);
    r->starts = NULL;
    dataset_free(&r->ds);
    memset(&r->ds, 0, sizeof r->ds);
}

/* Before each attempt: the transaction body may run again from the start (db/tx.h). */
static void run_reset(struct run *r)
{
    run_free(r);
    list_import_report_free(r->report);
}

static bool read_in_force(PGconn *c, struct run *r, struct rd_error *err)
{
    const char *p[] = {r->opt->format->source_pattern, r->published};
    r->in_force = db_query(c, q_in_force, 2, p, err);
    if (!r->in_force) return false;
    size_t n = (size_t)PQntuples(r->in_force);
    r->starts = calloc(n + 1, sizeof *r->starts);
    if (!r->starts || !strmap_init(&r->known, n)) {
        rd_error_set(err, "out of memory");
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        int row = (int)i;
        bool open_ended = PQgetvalue(r->in_force, row, 2)[0] == 't';
        /* A ruling with an end keeps no start: a newer copy dates it afresh. */
        r->starts[i] = open_ended ? db_int(r->in_force, row, 1) : INT64_MAX;
        (void)strmap_put(&r->known, PQgetvalue(r->in_force, row, 0), (uint32_t)i, NULL);
    }
    r->report->in_force_before = n;
    return true;
}

/* How many rulings in force the list no longer holds. */
static size_t count_ending(const struct run *r)
{
    size_t kept = 0;
    uint32_t at;
    for (size_t i = 0; i < r->ds.n_rulings; i++)
        if (strmap_get(&r->known, r->ds.rulings[i].id, &at)) kept++;
    return r->report->in_force_before - kept;
}

/* Runs `sql` with `p` and returns the rows it touched, or -1 on failure. */
static long touched(PGconn *c, const char *sql, int n, const char *const *p, struct rd_error *err)
{
    PGresult *res = db_query(c, sql, n, p, err);
    if (!res) return -1;
    long rows = atol(PQcmdTuples(res));
    PQclear(res);
    return rows;
}

/* The step after the records are written (db/seed.h): end what the list no longer holds. */
static bool end_missing(PGconn *c, void *ctx, struct seed_report *seed, struct rd_error *err)
{
    struct run *r = ctx;
    struct strbuf rulings = {0}, subjects = {0}, aliases = {0};
    seed_keys_json(&r->ds, RECORD_RULING, &rulings);
    seed_keys_json(&r->ds, RECORD_SUBJECT, &subjects);
    seed_keys_json(&r->ds, RECORD_ALIAS, &aliases);
    bool ok = !rulings.failed && !subjects.failed && !aliases.failed;
    if (!ok) rd_error_set(err, "out of memory");
    long ended = -1, revoked = -1, dropped = -1;
    if (ok) {
        const char *p[] = {r->opt->format->source_pattern, r->published, rulings.data};
        ended = touched(c, q_end, 3, p, err);
        if (ended >= 0) revoked = touched(c, q_revoke_unstarted, 3, p, err);
        if (revoked < 0) ended = -1;
    }
    if (ended >= 0) {
        const char *p[] = {subjects.data, aliases.data};
        dropped = touched(c, q_drop_aliases, 2, p, err);
    }
    sb_free(&rulings);
    sb_free(&subjects);
    sb_free(&aliases);
    if (dropped < 0) return false;
    r->report->ended = (size_t)(ended + revoked);
    seed->rulings.revoked += (int)revoked;
    seed->aliases.revoked += (int)dropped;
    return true;
}

static bool convert(struct run *r, struct rd_error *err)
{
    const struct list_dates d = {
        .published = r->opt->published, .known = &r->known, .starts = r->starts};
    if (list_convert(r->opt->format, r->opt->path, &d, &r->ds, &r->report->list, err)) return true;
    r->status = LIST_IMPORT_UNREADABLE;
    return false;
}

void list_import_counts_json(struct jw *w, const struct list_import_report *rep)
{
    const struct list_report *l = &rep->list;
    jw_object_begin(w);
    JW_MEMBER_INT(w, "entries", (long long)l->entries);
    JW_MEMBER_INT(w, "aliases", (long long)l->aliases);
    JW_MEMBER_INT(w, "entries_skipped", (long long)l->skipped);
    JW_MEMBER_INT(w, "aliases_skipped", (long long)l->aliases_skipped);
    JW_MEMBER_INT(w, "rows_merged", (long long)l->merged_rows);
    JW_MEMBER_INT(w, "in_force_before", (long long)rep->in_force_before);
    JW_MEMBER_INT(w, "ended", (long long)rep->ended);
    JW_MEMBER_INT(w, "exact_only_names", (long long)rep->exact_only.count);
    seed_counts_json(w, "subjects", &rep->seed.subjects);
    seed_counts_json(w, "aliases_written", &rep->seed.aliases);
    seed_counts_json(w, "rulings", &rep->seed.rulings);
    JW_MEMBER_INT(w, "changes", (long long)rep->seed.changes_total);
    jw_object_end(w);
}

/* One row of list_imports (in the import's transaction when it is written, else alone). */
static bool record(PGconn *c, const struct run *r, const char *result, const char *message,
                   struct rd_error *err)
{
    struct strbuf counts = {0};
    struct jw w;
    jw_init(&w, &counts);
    list_import_counts_json(&w, r->report);
    char started[RD_TIME_BUFSZ], revision[24];
    rd_time_format(r->started, started, sizeof started);
    snprintf(revision, sizeof revision, "%lld", (long long)r->report->seed.revision);
    const char *p[] = {r->opt->format->name,
                       r->opt->format->source_pattern,
                       r->actor,
                       started,
                       r->published,
                       result,
                       message,
                       counts.failed ? "{}" : counts.data,
                       strcmp(result, "imported") == 0 ? revision : NULL};
    PGresult *res = db_query(c, q_record, 9, p, err);
    sb_free(&counts);
    bool ok = res != NULL;
    PQclear(res);
    /* GET /v1/sources shows the latest import: a refused one changes no revision. */
    return ok && db_exec(c, "NOTIFY restrictd_imports", err);
}

static enum tx_outcome import_body(PGconn *c, void *ctx, struct rd_error *err)
{
    struct run *r = ctx;
    run_reset(r);
    r->status = LIST_IMPORT_FAILED;
    if (!read_in_force(c, r, err) || !convert(r, err)) return TX_ERROR;
    size_t ending = count_ending(r), before = r->report->in_force_before;
    if (!r->opt->force && before && (double)ending > r->opt->max_end_share * (double)before) {
        rd_error_set(err,
                     "the list would end %zu of the %zu rulings of %s in force (%.1f %%), more "
                     "than the %.1f %% allowed: a truncated or wrong file? Nothing was written; "
                     "force the import if the list really shrank",
                     ending, before, r->opt->format->name, 100.0 * (double)ending / (double)before,
                     100.0 * r->opt->max_end_share);
        r->status = LIST_IMPORT_MASS_END;
        return TX_ERROR;
    }
    const struct seed_options so = {.list_changes = true, .then = end_missing, .then_ctx = r};
    if (!db_seed_write(c, &r->ds, &so, &r->report->seed, err)) return TX_ERROR;
    /* The list as its own corpus (the data set is used up) */
    if (!exact_only_names(&r->ds, &r->report->exact_only, err)) return TX_ERROR;
    r->status = LIST_IMPORT_OK;
    if (r->opt->dry_run)
        return db_give_back_revisions(c, r->report->seed.revision_before, err) ? TX_ROLLBACK
                                                                               : TX_ERROR;
    return record(c, r, "imported", "", err) ? TX_COMMIT : TX_ERROR;
}

/* A refusal is told in our words: it is answered to the client and recorded where
 * GET /v1/sources shows it. */
static enum list_import_status status_of_failure(const struct run *r, struct rd_error *err)
{
    if (r->status != LIST_IMPORT_OK && r->status != LIST_IMPORT_FAILED) return r->status;
    if (!db_is_refusal(err)) return LIST_IMPORT_FAILED;
    db_own_refusal(err, "the list");
    return LIST_IMPORT_REFUSED;
}

static void run_init(struct run *r, const char *actor, const struct list_import_options *opt,
                     struct list_import_report *report)
{
    memset(r, 0, sizeof *r);
    memset(report, 0, sizeof *report);
    r->opt = opt;
    r->report = report;
    r->actor = actor;
    r->started = rd_now();
    rd_time_format(opt->published, r->published, sizeof r->published);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* After a failure: the import is recorded as refused (or failed), on its own. GET
 * /v1/sources shows the message, so a failure's own (PostgreSQL's words, perhaps: the
 * caller logs or prints them) is not kept. */
static void record_failure(PGconn *c, const struct run *r, enum list_import_status st,
                           const struct rd_error *why)
{
    struct rd_error err = {0};
    bool failed = st == LIST_IMPORT_FAILED;
    const char *message = failed ? "a fault of the server or the database (logged)" : why->message;
    if (!record(c, r, failed ? "failed" : "refused", message, &err))
        fprintf(stderr, "restrictd: the import could not be recorded: %s\n", err.message);
}

enum list_import_status db_list_import(PGconn *c, const char *actor,
                                       const struct list_import_options *opt,
                                       struct list_import_report *report, struct rd_error *err)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct run r;
    run_init(&r, actor, opt, report);
    enum tx_outcome out = TX_ERROR;
    if (db_begin_writer(c, actor, err)) out = import_body(c, &r, err);
    enum list_import_status st = LIST_IMPORT_OK;
    if (out == TX_COMMIT && !db_exec(c, "COMMIT", err)) out = TX_ERROR;
    if (out != TX_COMMIT) db_rollback(c);
    if (out == TX_ERROR) {
        st = PQstatus(c) != CONNECTION_OK ? LIST_IMPORT_UNAVAILABLE : status_of_failure(&r, err);
        if (st != LIST_IMPORT_UNAVAILABLE) record_failure(c, &r, st, err);
    }
    run_free(&r);
    if (st != LIST_IMPORT_OK) list_import_report_free(report);
    report->seconds = seconds_since(&t0);
    return st;
}

struct failure_ctx {
    const struct run *r;
    enum list_import_status st;
    const struct rd_error *why;
};

static bool record_failure_pooled(PGconn *c, void *ctx, struct rd_error *err)
{
    (void)err;
    const struct failure_ctx *f = ctx;
    record_failure(c, f->r, f->st, f->why);
    return true;
}

enum list_import_status db_list_import_pooled(struct db_pool *pool, const char *actor,
                                              const struct list_import_options *opt,
                                              struct list_import_report *report,
                                              struct rd_error *err)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct run r;
    run_init(&r, actor, opt, report);
    enum list_import_status st = LIST_IMPORT_OK;
    switch (db_tx_write(pool, actor, import_body, &r, err)) {
    case DB_TX_COMMITTED:
    case DB_TX_ROLLED_BACK:
        break;
    case DB_TX_UNAVAILABLE:
        st = LIST_IMPORT_UNAVAILABLE;
        break;
    case DB_TX_FAILED: {
        st = status_of_failure(&r, err);
        struct failure_ctx f = {&r, st, err};
        bool unavailable = false;
        struct rd_error ignored = {0};
        bool recorded = db_with_conn(pool, record_failure_pooled, &f, &unavailable, &ignored);
        (void)recorded; /* record_failure says why it could not */
        break;
    }
    }
    run_free(&r);
    if (st != LIST_IMPORT_OK) list_import_report_free(report);
    report->seconds = seconds_since(&t0);
    return st;
}

void list_import_report_free(struct list_import_report *report)
{
    list_report_free(&report->list);
    seed_report_free(&report->seed);
    memset(report, 0, sizeof *report);
}
