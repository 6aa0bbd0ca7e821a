/* known_at and revision: answers from the data as it stood at a past revision. */
#include "server/past.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/load.h"
#include "db/past_patch.h"
#include "db/tx.h"
#include "lib/log.h"
#include "lib/timeutil.h"
#include "rulings/current.h"
#include "rulings/past_cache.h"
#include "server/http_internal.h"
#include "server/offload.h"
#include "server/request.h"

/* A final answer about the past may be kept by any cache for a year (RFC 9111). */
#define FINAL_CACHE_CONTROL "max-age=31536000, immutable"

/* A whole number, signed: one below 1 is out of range (422), as is one too large for any
 * revision (held at INT64_MAX: beyond the latest), not malformed. */
static bool read_revision(const char *v, size_t n, int64_t *out)
{
    bool negative = n > 1 && v[0] == '-';
    size_t i = negative ? 1 : 0;
    if (n == i) return false;
    int64_t r = 0;
    for (; i < n; i++) {
        if (v[i] < '0' || v[i] > '9') return false;
        r = r > (INT64_MAX - 9) / 10 ? INT64_MAX : r * 10 + (v[i] - '0');
    }
    *out = negative ? -r : r;
    return true;
}

/* What can be wrong with the parameters, told without the database. */
enum past_fault {
    PAST_FINE,
    PAST_BOTH,
    PAST_BAD_INSTANT,
    PAST_BAD_INTEGER,
    PAST_ZERO,
    PAST_FUTURE
};
static const struct {
    enum problem_type type;
    const char *field, *code, *message;
} faults[] = {
    [PAST_BOTH] = {PROBLEM_INVALID_PARAMETER, "revision", "conflict",
                   "give known_at or revision, not both"},
    [PAST_BAD_INSTANT] = {PROBLEM_INVALID_PARAMETER, "known_at", "invalid_instant",
                          "must be an RFC 3339 instant, e.g. 2025-09-01T12:00:00Z"},
    [PAST_BAD_INTEGER] = {PROBLEM_INVALID_PARAMETER, "revision", "invalid_integer",
                          "must be a whole number"},
    [PAST_ZERO] = {PROBLEM_VALIDATION_FAILED, "revision", "out_of_range",
                   "must be 1 or more (the first data revision)"},
    [PAST_FUTURE] = {PROBLEM_VALIDATION_FAILED, "known_at", "in_future",
                     "is in the future: nothing is known of it yet"},
};

/* Reads known_at and revision once, and what is wrong with them (answered by past_attach,
 * after the request's token is checked). False when something is. */
static bool parse(struct request *req)
{
    struct past_state *p = &req->past;
    if (p->parsed) return p->fault == PAST_FINE;
    p->parsed = true;
    const char *k, *r;
    size_t kn = 0, rn = 0;
    bool has_k = req_query(req, "known_at", &k, &kn), has_r = req_query(req, "revision", &r, &rn);
    p->asked = has_k || has_r;
    if (has_k && has_r)
        p->fault = PAST_BOTH;
    else if (has_k && rd_time_read_instant_us(k, &p->known_at_us) != RD_TIME_OK)
        p->fault = PAST_BAD_INSTANT;
    else if (has_r && !read_revision(r, rn, &p->revision))
        p->fault = PAST_BAD_INTEGER;
    else if (has_r && p->revision < 1)
        p->fault = PAST_ZERO;
    else if (has_k && p->known_at_us > rd_now_us())
        p->fault = PAST_FUTURE;
    return p->fault == PAST_FINE;
}

/* Answers from `snap` (a reference taken over) with the basis of `span`. */
static void attach(struct request *req, struct snapshot *snap, const struct past_span *span)
{
    struct past_state *p = &req->past;
    snapshot_release(req->snap);
    req->snap = snap;
    p->attached = true;
    p->basis.revision = snap->revision;
    p->basis.past = true;
    p->basis.by_revision = p->revision > 0;
    p->basis.known_at_us = p->revision > 0 ? span->at_us : p->known_at_us;
    /* a revision never changes; an instant past the latest change might still see one
     * recorded before it commit (changes.at is when the write ran, not when it committed) */
    p->basis.final = p->revision > 0 || span->next_at_us != 0;
    /* every answer states it; a record, whose body is the record alone, only here */
    char at[RD_TIME_US_BUFSZ];
    rd_time_format_us(p->basis.known_at_us, at, sizeof at);
    reply_header(req, "X-Known-At", at);
}

/* A kept snapshot for the question, attached; false when none is kept. */
static bool attach_kept(struct request *req)
{
    struct past_state *p = &req->past;
    struct past_span span;
    struct snapshot *snap = p->revision > 0 ? past_cache_get(p->revision, &span)
                                            : past_cache_get_known_at(p->known_at_us, &span);
    if (snap) attach(req, snap, &span);
    return snap != NULL;
}

bool past_needs_thread(struct request *req)
{
    if (req->routed != ROUTE_FOUND || req->bad_pretty || !req->snap ||
        !(req->match.route->flags & ROUTE_PAST))
        return false;
    if (!parse(req)) return false; /* answered by dispatch, on this thread */
    return req->past.asked && !req->past.attached && !attach_kept(req);
}

struct build_ctx {
    struct request *req;
    struct past_span span;
    struct snapshot *snap;
    enum { FOUND, BEFORE_FIRST, BEYOND_LATEST } outcome;
    int64_t first_at_us, latest;
};

/* What a build needs: the connection, and what decides between roll-back and replay. */
struct build_with {
    PGconn *c;
    int64_t latest;         /* the latest revision, when the question was resolved */
    unsigned rollback_max;  /* RESTRICTD_PAST_ROLLBACK_MAX */
    unsigned patch_max;     /* RESTRICTD_PAST_PATCH_MAX */
    bool patch_check;       /* RESTRICTD_PAST_PATCH_CHECK */
    int64_t revision_at_us; /* when the revision was recorded (a receipt states it) */
};

/* Roll-back decodes the changes after the revision, replay those up to it: a revision
 * followed by few changes is rolled back (docs/decisions/0008-known-at.md). */
static enum past_method method_for(const struct build_with *w, int64_t revision)
{
    return w->latest - revision <= (int64_t)w->rollback_max ? PAST_ROLLBACK : PAST_REPLAY;
}

static atomic_uint_fast64_t rebuilt[2]; /* by enum past_method */
static atomic_uint_fast64_t patched, patched_from_kept, patch_mismatches;

void past_rebuild_counts(uint64_t *rolled_back, uint64_t *replayed)
{
    *rolled_back = atomic_load(&rebuilt[PAST_ROLLBACK]);
    *replayed = atomic_load(&rebuilt[PAST_REPLAY]);
}

void past_patch_counts(uint64_t *done, uint64_t *from_kept, uint64_t *mismatched)
{
    *done = atomic_load(&patched);
    *from_kept = atomic_load(&patched_from_kept);
    *mismatched = atomic_load(&patch_mismatches);
}

/* RESTRICTD_PAST_PATCH_CHECK: the patched data set `ds` against the tables read whole;
 * when they differ (logged and counted), `ds` becomes the tables' (and no longer shares the
 * base's records: *base is NULL). False on a database error, `ds` freed. */
static bool check_patch(PGconn *c, int64_t revision, struct dataset *ds, struct snapshot **base,
                        struct rd_error *err)
{
    struct dataset read;
    if (!db_load_dataset_at(c, revision, PAST_ROLLBACK, &read, err)) {
        dataset_free(ds); /* the caller keeps nothing of a failed build */
        return false;
    }
    if (db_dataset_same(ds, &read)) {
        dataset_free(&read);
        return true;
    }
    atomic_fetch_add(&patch_mismatches, 1);
    log_msg(LOG_ERROR,
            "the data set patched for revision %lld from revision %lld differs from "
            "the tables'",
            (long long)revision, (long long)(*base)->revision);
    dataset_free(ds);
    *ds = read;
    *base = NULL;
    return true;
}

/* The kept past revision nearest `revision` (kept[], nearest first) that a patch may start from:
 * nearer than the current data, and with records of its own or the current data's. What is
 * built from a base keeps it alive, and the base its own lender: a snapshot patched from a
 * kept one is no base in turn, so that no chain of lenders grows. (Whether its records can
 * be patched at all, db_patch_dataset says.) */
static struct snapshot *kept_base(struct snapshot *const *kept, size_t n_kept,
                                  const struct snapshot *now, int64_t revision)
{
    for (size_t i = 0; i < n_kept; i++) {
        struct snapshot *k = kept[i];
        int64_t apart = k->revision > revision ? k->revision - revision : revision - k->revision;
        if (now && apart >= now->revision - revision) return NULL; /* the rest are farther */
        if (!k->lender || !k->lender->lender) return k;
    }
    return NULL;
}

/* The data set at `revision` patched from a kept past revision's records (kept_base), else
 * the current one's, *base set to the snapshot patched from, when that is sure to be the
 * tables'; else read from them; false on a database error. */
static bool load_past(const struct build_with *w, struct snapshot *now,
                      struct snapshot *const *kept, size_t n_kept, int64_t revision,
                      struct dataset *ds, struct snapshot **base, struct rd_error *err)
{
    enum past_method m = method_for(w, revision);
    enum patch_result p = PATCH_UNSURE;
    *base = NULL;
    bool patch = m == PAST_ROLLBACK && w->patch_max > 0;
    struct snapshot *from[2] = {patch ? kept_base(kept, n_kept, now, revision) : NULL,
                                patch ? now : NULL}; /* the second, the current data */
    for (int i = 0; i < 2 && p == PATCH_UNSURE; i++) {
        if (!from[i]) continue;
        struct patch_base b = {&from[i]->ds, from[i]->revision, i == 1};
        p = db_patch_dataset(w->c, revision, &b, w->patch_max, ds, err);
        if (p == PATCH_DONE) *base = from[i];
    }
    if (p == PATCH_FAILED) return false;
    if (p == PATCH_DONE) {
        atomic_fetch_add(*base == now ? &patched : &patched_from_kept, 1);
        return !w->patch_check || check_patch(w->c, revision, ds, base, err);
    }
    if (!db_load_dataset_at(w->c, revision, m, ds, err)) return false;
    atomic_fetch_add(&rebuilt[m], 1);
    return true;
}

static double elapsed_ms(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

/* The server's account of a past build: how the data set was made, and the times (ms: wall
 * and CPU of the data set, wall and CPU of the snapshot). */
static void log_build(int64_t revision, const struct snapshot *out, const struct snapshot *base,
                      const struct snapshot *now, const double ms[4])
{
    char how[64] = "read";
    if (base == now && base) snprintf(how, sizeof how, "patched");
    if (base && base != now)
        snprintf(how, sizeof how, "patched from kept revision %lld", (long long)base->revision);
    log_msg(LOG_INFO,
            "past revision %lld: data set %s in %.1f ms (CPU %.1f), snapshot built in %.1f ms "
            "(CPU %.1f), the matcher's index %s",
            (long long)revision, how, ms[0], ms[1], ms[2], ms[3],
            !out || !out->corpus_shared ? "built"
            : out->corpus_lender        ? "shared with a kept past revision"
                                        : "shared");
}

/* Builds span->revision's snapshot from the change log (or takes the current one, when
 * it is that revision). */
static bool build(void *ctx, const struct past_span *span, struct snapshot **out,
                  struct rd_error *err)
{
    const struct build_with *w = ctx;
    struct snapshot *now = current_acquire();
    if (now && now->revision == span->revision) {
        *out = now;
        return true;
    }
    struct dataset ds;
    struct snapshot *base = NULL;           /* whose records the data set shares */
    struct timespec t0, t1, t2, c0, c1, c2; /* wall; this thread's CPU (the machine's load
                                                  does not inflate it) */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
    /* a kept past revision may lend its records (the nearest, when nearer than the current
     * data), and its index when the names are its own (both before the same list import) */
    struct snapshot *kept[PAST_CACHE_SLOTS];
    size_t n_kept = past_cache_kept_near(span->revision, kept, PAST_CACHE_SLOTS);
    bool loaded = load_past(w, now, kept, n_kept, span->revision, &ds, &base, err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
    /* the current snapshot lends the names it normalised (most are the same), unless a kept
     * one's records were the base */
    *out = loaded ? snapshot_build_among(&ds, span->revision, base ? base : now, kept, n_kept, err)
                  : NULL;
    if (*out && base && !(*out)->lender) (*out)->lender = snapshot_retain(base);
    if (*out && base && base != now) past_cache_used(base);
    for (size_t i = 0; i < n_kept; i++) /* after: a kept base is one of them */
        snapshot_release(kept[i]);
    clock_gettime(CLOCK_MONOTONIC, &t2);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c2);
    if (loaded)
        log_build(span->revision, *out, base, now,
                  (double[4]){elapsed_ms(&t0, &t1), elapsed_ms(&c0, &c1), elapsed_ms(&t1, &t2),
                              elapsed_ms(&c1, &c2)});
    snapshot_release(now);
    /* a receipt of a past answer states when its revision was made, as a current one does */
    if (*out) (*out)->revision_at_us = w->revision_at_us;
    return *out != NULL;
}

static bool resolve_and_build(PGconn *c, void *ctx, struct rd_error *err)
{
    struct build_ctx *b = ctx;
    const struct past_state *p = &b->req->past;
    struct past_question q = {p->revision, p->known_at_us};
    struct past_revision pr;
    if (!db_past_revision(c, &q, &pr, err)) return false;
    b->first_at_us = pr.first_at_us;
    b->latest = pr.latest;
    if (p->revision > pr.latest)
        b->outcome = BEYOND_LATEST;
    else if (pr.revision == 0)
        b->outcome = BEFORE_FIRST;
    /* by instant, the first that can be named is the end of the first write */
    if (b->outcome == BEFORE_FIRST && p->revision == 0 &&
        !db_first_published_at(c, &b->first_at_us, err))
        return false;
    if (b->outcome != FOUND) return true;
    b->span = (struct past_span){pr.revision, pr.at_us, pr.next_at_us, pr.published};
    const struct handler_settings *set = req_settings(b->req);
    struct build_with w = {
        c, pr.latest, set->past_rollback_max, set->past_patch_max, set->past_patch_check, pr.at_us};
    b->snap = past_cache_obtain(&b->span, build, &w, err);
    return b->snap != NULL;
}

static void reply_out_of_range(struct request *req, const struct build_ctx *b)
{
    char msg[160];
    if (b->outcome == BEYOND_LATEST) {
        snprintf(msg, sizeof msg, "is beyond the latest data revision (%lld)",
                 (long long)b->latest);
        reply_field_problem(req, PROBLEM_VALIDATION_FAILED, "revision", "out_of_range", msg, NULL);
        return;
    }
    const char *field = req->past.revision > 0 ? "revision" : "known_at";
    if (b->first_at_us) {
        char at[RD_TIME_US_BUFSZ];
        rd_time_format_us(b->first_at_us, at, sizeof at);
        snprintf(msg, sizeof msg,
                 req->past.revision > 0 ? "is before the first data revision (recorded at %s)"
                                        : "is before the first data revision was complete (the "
                                          "first write ended at %s)",
                 at);
    } else {
        snprintf(msg, sizeof msg, "is before the first data revision (none is recorded yet)");
    }
    reply_field_problem(req, PROBLEM_VALIDATION_FAILED, field, "before_first", msg, NULL);
}

bool past_attach(struct request *req)
{
    if (!parse(req)) {
        int f = req->past.fault;
        reply_field_problem(req, faults[f].type, faults[f].field, faults[f].code, faults[f].message,
                            NULL);
        return false;
    }
    struct past_state *p = &req->past;
    if (!p->asked || p->attached || attach_kept(req)) return true;
    struct build_ctx b = {.req = req};
    struct rd_error err = {0};
    bool unavailable = false;
    if (!db_with_conn(req_pool(req), resolve_and_build, &b, &unavailable, &err)) {
        if (unavailable) {
            reply_db_unavailable(req, "the past is rebuilt from PostgreSQL, which cannot be "
                                      "reached now");
            return false;
        }
        req_log_error(req, "rebuilding a past revision failed: %s", err.message);
        reply_problem(req, PROBLEM_INTERNAL, "the past revision could not be rebuilt", NULL);
        return false;
    }
    if (b.outcome != FOUND) {
        reply_out_of_range(req, &b);
        return false;
    }
    attach(req, b.snap, &b.span);
    return true;
}

bool req_use_revision(struct request *req, int64_t revision)
{
    req->past = (struct past_state){.parsed = true, .asked = true, .revision = revision};
    return past_attach(req);
}

const char *past_cache_control(const struct request *req, bool cacheable)
{
    if (cacheable && req->past.attached && req->past.basis.final) return FINAL_CACHE_CONTROL;
    return cacheable ? "no-cache" : "no-store";
}

void req_answer_follows_clock(struct request *req)
{
    req->past.basis.final = false; /* set when attached, which comes before the handler */
}

const struct answer_basis *req_basis(struct request *req)
{
    if (!req->past.attached) {
        req->past.basis = (struct answer_basis){0};
        if (req->snap) req->past.basis.revision = req->snap->revision;
    }
    return &req->past.basis;
}

static bool warm(PGconn *c, void *ctx, struct rd_error *err)
{
    (void)ctx;
    struct past_question q = {1, 0};
    struct past_revision unused;
    return db_patch_warm(c, err) && db_past_revision(c, &q, &unused, err);
}

static void warm_job(void *pool)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct rd_error err = {0};
    bool unavailable = false;
    if (!db_with_conn(pool, warm, NULL, &unavailable, &err)) {
        log_msg(LOG_INFO,
                "past revisions: statements not prepared ahead (%s); the first past "
                "question prepares them",
                err.message);
        return;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    log_msg(LOG_INFO, "past revisions: statements prepared and planned in %.1f ms",
            elapsed_ms(&t0, &t1));
}

void past_warm(struct db_pool *pool, struct offload *o)
{
    if (pool && o && offload_reserve(o)) offload_run(o, warm_job, pool);
}
