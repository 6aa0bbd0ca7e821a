/* known_at and revision (issue 17, docs/decisions/0008-known-at.md): a property test --
 * random admin writes, the answers to fixed questions recorded after each, then every
 * question asked again at every recorded revision, from a snapshot rebuilt from the change
 * log: the same bytes, whether patched from the current snapshot's records or a kept past
 * one's (the server's default for the few changes here, db/past_patch.h), rolled back from the live
 * rows (a server with RESTRICTD_PAST_PATCH_MAX=0) or replayed from the log (one with
 * RESTRICTD_PAST_ROLLBACK_MAX=0); and a fourth server (RESTRICTD_PAST_PATCH_CHECK=1) compares
 * every patched data set, record by record, with the tables read whole. The seed is printed
 * (and taken from RESTRICTD_KNOWN_AT_SEED). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "admin_util.h"

#define WRITES 200
#define MAX_RULINGS 64
#define MAX_ALIASES 64
#define N_NAMES 6
#define N_AS_OF 3
#define N_QUESTIONS (N_NAMES * N_AS_OF)

/* Made-up names (no real party is meant), and two of the seed's. */
static const char *const names[N_NAMES] = {"Zorvex Dynamics", "Quillan Optics", "Brastow Labs",
                                           "Kaspersky",       "Huawei",         "Zorvex"};
static const char *const as_ofs[N_AS_OF] = {"2019-06-30", "2024-10-01", "2031-01-01"};
static const char *const words[] = {"Zorvex", "Quillan", "Brastow", "Dynamics", "Optics", "Labs"};
static const char *const statuses[] = {"prohibited", "restricted", "advisory"};
static const char *const froms[] = {"2018-01-01T00:00:00Z", "2022-03-15T04:00:00Z",
                                    "2024-07-20T04:00:00Z", "2030-05-01T00:00:00Z"};

struct model {
    int subjects;
    struct {
        char id[32];
        long long version;
        bool revoked;
    } rulings[MAX_RULINGS];
    int n_rulings;
    struct {
        long long id, version;
    } aliases[MAX_ALIASES];
    int n_aliases;
};

struct recorded {
    long long revision;
    char *answers[N_QUESTIONS];
};

static unsigned rng_state;
static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (rng_state >> 8) % n;
}

static long long write_ok(struct http *r, long want)
{
    cr_assert_eq(r->status, want, "%s", r->body);
    long long rev = atoll(http_header(r, "X-Data-Revision"));
    http_free(r);
    return rev;
}

static long long create_subject(const char *base, struct model *m)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"id\":\"kat-s%d\",\"kind\":\"organization\",\"name\":\"%s %s\",\"country\":\"NL\"}",
             m->subjects++, words[rnd(3)], words[3 + rnd(3)]);
    struct http r = admin_do("POST", base, "/v1/admin/subjects", ADMIN_SECRET, NULL, body);
    return write_ok(&r, 201);
}

static void ruling_body(char *body, size_t size, const char *id, int subject)
{
    unsigned f = rnd(4);
    char until[64] = "";
    if (rnd(3) == 0 && f < 3)
        snprintf(until, sizeof until, ",\"effective_until\":\"%s\"", froms[f + 1]);
    snprintf(body, size,
             "{\"id\":\"%s\",\"subject\":\"kat-s%d\",\"source\":\"us-bis-icts-2021-002\","
             "\"status\":\"%s\",\"measure\":{\"code\":\"test-measure\",\"text\":\"A test.\"},"
             "\"binds\":\"us-persons\",\"effective_from\":\"%s\"%s,\"quote\":\"Test %u.\"}",
             id, subject, statuses[rnd(3)], froms[f], until, rnd(1000));
}

static long long create_ruling(const char *base, struct model *m)
{
    char body[1024];
    int i = m->n_rulings++;
    snprintf(m->rulings[i].id, sizeof m->rulings[i].id, "kat-r%d", i);
    m->rulings[i].version = 1;
    ruling_body(body, sizeof body, m->rulings[i].id, (int)rnd((unsigned)m->subjects));
    struct http r = admin_do("POST", base, "/v1/admin/rulings", ADMIN_SECRET, NULL, body);
    return write_ok(&r, 201);
}

static long long edit_or_revoke_ruling(const char *base, struct model *m)
{
    int i = (int)rnd((unsigned)m->n_rulings);
    char path[96], body[1024], ver[24];
    snprintf(path, sizeof path, "/v1/admin/rulings/%s", m->rulings[i].id);
    snprintf(ver, sizeof ver, "%lld", m->rulings[i].version);
    bool revoke = !m->rulings[i].revoked && rnd(3) == 0;
    ruling_body(body, sizeof body, m->rulings[i].id, (int)rnd((unsigned)m->subjects));
    struct http r = revoke ? admin_do("DELETE", base, path, ADMIN_SECRET, ver, NULL)
                           : admin_do("PUT", base, path, ADMIN_SECRET, ver, body);
    m->rulings[i].version++;
    if (revoke) m->rulings[i].revoked = true;
    return write_ok(&r, 200);
}

static long long alias_change(const char *base, struct model *m)
{
    if (m->n_aliases && rnd(2) == 0) {
        int i = (int)rnd((unsigned)m->n_aliases);
        char path[96], ver[24];
        snprintf(path, sizeof path, "/v1/admin/aliases/%lld", m->aliases[i].id);
        snprintf(ver, sizeof ver, "%lld", m->aliases[i].version);
        struct http r = admin_do("DELETE", base, path, ADMIN_SECRET, ver, NULL);
        if (r.status == 409 || r.status == 412 || r.status == 422) { /* revoked already */
            http_free(&r);
            return 0;
        }
        m->aliases[i].version++;
        return write_ok(&r, 200);
    }
    char body[256];
    snprintf(body, sizeof body, "{\"subject\":\"kat-s%u\",\"alias\":\"%s %u\",\"kind\":\"brand\"}",
             rnd((unsigned)m->subjects), words[rnd(3)], rnd(50));
    struct http r = admin_do("POST", base, "/v1/admin/aliases", ADMIN_SECRET, NULL, body);
    if (r.status == 409) { /* that subject has the alias already */
        http_free(&r);
        return 0;
    }
    cr_assert_eq(r.status, 201, "%s", r.body);
    if (m->n_aliases < MAX_ALIASES) {
        m->aliases[m->n_aliases].id = json_integer_value(json_object_get(r.json, "id"));
        m->aliases[m->n_aliases++].version = 1;
    }
    return write_ok(&r, 201);
}

/* An import of a few records at once: one transaction, several revisions. */
static long long import_some(const char *base, struct model *m)
{
    char body[2048];
    int s = m->subjects++;
    char r1[1024];
    ruling_body(r1, sizeof r1, "kat-imp-placeholder", s);
    char *at = strstr(r1, "kat-imp-placeholder");
    char id[32];
    snprintf(id, sizeof id, "kat-i%d", s);
    memcpy(at, id, strlen(id));
    memmove(at + strlen(id), at + strlen("kat-imp-placeholder"),
            strlen(at + strlen("kat-imp-placeholder")) + 1);
    snprintf(
        body, sizeof body,
        "{\"format\":\"restrictd-rulings/2\",\"sources\":[{\"id\":\"us-bis-icts-2021-002\","
        "\"authority\":\"Test\",\"jurisdiction\":\"US\",\"kind\":\"advisory\",\"title\":\"Test\","
        "\"citation\":\"Test\"}],\"subjects\":[{\"id\":\"kat-s%d\","
        "\"kind\":\"organization\",\"name\":\"%s Holding\",\"aliases\":[{\"alias\":\"%s "
        "Group\",\"kind\":\"brand\"}]}],\"rulings\":[%s]}",
        s, words[rnd(3)], words[rnd(3)], r1);
    struct http r = admin_do("POST", base, "/v1/admin/import", ADMIN_SECRET, NULL, body);
    cr_assert(r.status == 200 || r.status == 201, "%ld %s", r.status, r.body);
    long long rev = atoll(http_header(&r, "X-Data-Revision"));
    http_free(&r);
    return rev;
}

static long long random_write(const char *base, struct model *m)
{
    unsigned op = rnd(10);
    if (m->subjects < 3 || op == 0) return create_subject(base, m);
    if (m->n_rulings < 2 || (op <= 3 && m->n_rulings < MAX_RULINGS)) return create_ruling(base, m);
    if (op <= 6) return edit_or_revoke_ruling(base, m);
    if (op <= 8) return alias_change(base, m);
    return import_some(base, m);
}

static char *answer(const char *base, int q, const char *past)
{
    char extra[128];
    snprintf(extra, sizeof extra, "as_of=%s%s%s", as_ofs[q % N_AS_OF], past ? "&" : "",
             past ? past : "");
    struct http r = http_get(check_url(base, names[q / N_AS_OF], extra));
    cr_assert_eq(r.status, 200, "%s", r.body);
    char *body = strdup(r.body);
    http_free(&r);
    return body;
}

/* The answer without what only a question about the past states: "known_at" in "query". */
static void drop_known_at(char *body)
{
    char *k = strstr(body, ",\"known_at\":\"");
    cr_assert(k, "a past answer states known_at: %s", body);
    char *end = strchr(k + strlen(",\"known_at\":\""), '"');
    memmove(k, end + 1, strlen(end + 1) + 1);
}

static void record(const char *base, struct recorded *r, long long revision)
{
    r->revision = revision;
    for (int q = 0; q < N_QUESTIONS; q++)
        r->answers[q] = answer(base, q, NULL);
}

static int compare_at(const char *base, const struct recorded *r)
{
    char past[64];
    snprintf(past, sizeof past, "revision=%lld", r->revision);
    for (int q = 0; q < N_QUESTIONS; q++) {
        char *got = answer(base, q, past);
        drop_known_at(got);
        cr_expect_str_eq(got, r->answers[q], "revision %lld, %s as of %s (seed %u)", r->revision,
                         names[q / N_AS_OF], as_ofs[q % N_AS_OF], rng_state);
        free(got);
    }
    return N_QUESTIONS;
}

/* known_at = the instant revision i was recorded (X-Known-At of its answer) is answered
 * from revision i, or a later one recorded within the same second: as recorded then. */
static int compare_known_at(const char *base, const struct recorded *rec, int n, int i)
{
    char past[64];
    snprintf(past, sizeof past, "revision=%lld", rec[i].revision);
    struct http r = http_get(check_url(base, names[0], past));
    snprintf(past, sizeof past, "known_at=%s", http_header(&r, "X-Known-At"));
    http_free(&r);
    r = http_get(check_url(base, names[0], past));
    long long got = atoll(http_header(&r, "X-Data-Revision"));
    http_free(&r);
    cr_expect_geq(got, rec[i].revision, "%s", past);
    for (int j = i; j < n; j++) {
        if (rec[j].revision != got) continue;
        for (int q = 0; q < N_QUESTIONS; q += 4) {
            char *body = answer(base, q, past);
            drop_known_at(body);
            cr_expect_str_eq(body, rec[j].answers[q], "%s", past);
            free(body);
        }
        return 1;
    }
    return 0;
}

/* How many past data sets a server rebuilt by `method` (its /metrics). */
static long rebuilt_by(const char *base, const char *method)
{
    char sample[96];
    snprintf(sample, sizeof sample, "restrictd_past_rebuilds_total{method=\"%s\"} ", method);
    return metric_value(base, sample);
}

/* How many patched data sets differed from the tables (RESTRICTD_PAST_PATCH_CHECK=1). */
static long patch_mismatches(const char *base)
{
    return metric_value(base, "\nrestrictd_past_patch_mismatches_total ");
}

/* Each server built its past data sets as it was told to. */
static void expect_methods(const struct server *s, const struct server *rolled,
                           const struct server *replay, const struct server *checked)
{
    cr_expect(rebuilt_by(s->base, "patched") > 0 && rebuilt_by(s->base, "rollback") == 0 &&
              rebuilt_by(s->base, "replay") == 0);
    cr_expect(rebuilt_by(rolled->base, "rollback") > 0 &&
              rebuilt_by(rolled->base, "patched") == 0 &&
              rebuilt_by(rolled->base, "patched_from_kept") == 0);
    cr_expect(rebuilt_by(replay->base, "replay") > 0 && rebuilt_by(replay->base, "rollback") == 0 &&
              rebuilt_by(replay->base, "patched") == 0 &&
              rebuilt_by(replay->base, "patched_from_kept") == 0);
    cr_expect(rebuilt_by(checked->base, "patched") > 0);
    /* asked newest first, most revisions have a kept one next to them (the one asked before) */
    cr_expect(rebuilt_by(checked->base, "patched_from_kept") > 0 &&
                  rebuilt_by(s->base, "patched_from_kept") > 0,
              "no data set was patched from a kept past one");
}

Test(known_at, every_question_at_every_revision_answers_as_it_did_then, .timeout = 240)
{
    const char *given = getenv("RESTRICTD_KNOWN_AT_SEED");
    unsigned seed = given ? (unsigned)strtoul(given, NULL, 10) : (unsigned)time(NULL);
    rng_state = seed;
    fprintf(stderr, "known_at: seed %u (RESTRICTD_KNOWN_AT_SEED=%u repeats this run)\n", seed,
            seed);
    char *db = admin_db("knownat");
    struct server s;
    cr_assert(server_start(&s, db, NULL, true));
    static struct recorded rec[WRITES + 1];
    int n = 0;
    struct http h = http_get(check_url(s.base, "x", NULL));
    record(s.base, &rec[n++], atoll(http_header(&h, "X-Data-Revision")));
    http_free(&h);
    struct model m = {0};
    for (int i = 0; i < WRITES; i++) {
        long long rev = random_write(s.base, &m);
        if (rev > rec[n - 1].revision) record(s.base, &rec[n++], rev);
    }
    struct server replay, rolled, checked;
    const char *replay_env[] = {"RESTRICTD_PAST_ROLLBACK_MAX=0", NULL};
    const char *rolled_env[] = {"RESTRICTD_PAST_PATCH_MAX=0", NULL};
    const char *checked_env[] = {"RESTRICTD_PAST_PATCH_CHECK=1", NULL};
    cr_assert(server_start(&replay, db, replay_env, true));
    cr_assert(server_start(&rolled, db, rolled_env, true));
    cr_assert(server_start(&checked, db, checked_env, true));
    int asked = 0, by_instant = 0;
    for (int i = n - 1; i >= 0; i--) {        /* newest first: the cache is used, then outgrown */
        asked += compare_at(s.base, &rec[i]); /* patched */
        asked += compare_at(rolled.base, &rec[i]);  /* rolled back */
        asked += compare_at(replay.base, &rec[i]);  /* replayed */
        asked += compare_at(checked.base, &rec[i]); /* patched, and compared with the tables */
    }
    expect_methods(&s, &rolled, &replay, &checked);
    cr_expect_eq(patch_mismatches(checked.base), 0, "patched data sets differed from the tables");
    cr_expect_eq(server_stop(&checked), 0);
    cr_expect_eq(server_stop(&rolled), 0);
    cr_expect_eq(server_stop(&replay), 0);
    for (int i = 0; i < n; i++)
        by_instant += compare_known_at(s.base, rec, n, i);
    fprintf(stderr, "known_at: %d revisions asked again by the instant they were recorded\n",
            by_instant);
    cr_expect_gt(by_instant, 0);
    fprintf(stderr, "known_at: %d writes, %d revisions recorded, %d past answers compared\n",
            WRITES, n, asked);
    cr_expect_gt(n, WRITES / 2, "most writes made a revision");
    for (int i = 0; i < n; i++)
        for (int q = 0; q < N_QUESTIONS; q++)
            free(rec[i].answers[q]);
    cr_expect_eq(server_stop(&s), 0);
    free(db);
}

/* Bad questions about the past: the right status and a problem naming the field. */
Test(known_at, bad_input_is_a_problem_naming_the_field)
{
    static const struct {
        const char *query;
        long status;
        const char *field, *code;
    } cases[] = {
        {"known_at=yesterday", 400, "known_at", "invalid_instant"},
        {"known_at=2025-13-01T00:00:00Z", 400, "known_at", "invalid_instant"},
        {"known_at=", 400, "known_at", "invalid_instant"},
        {"revision=abc", 400, "revision", "invalid_integer"},
        {"revision=-3", 422, "revision", "out_of_range"}, /* a number, below 1 */
        {"revision=1-3", 400, "revision", "invalid_integer"},
        {"revision=99999999999999999999999", 422, "revision", "out_of_range"},
        {"revision=1&known_at=2025-01-01T00:00:00Z", 400, "revision", "conflict"},
        {"revision=0", 422, "revision", "out_of_range"},
        {"revision=999999999", 422, "revision", "out_of_range"},
        {"known_at=2999-01-01T00:00:00Z", 422, "known_at", "in_future"},
        {"known_at=1990-01-01T00:00:00Z", 422, "known_at", "before_first"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char url[256];
        snprintf(url, sizeof url, "%s/v1/check?name=Kaspersky&%s", shared_url(), cases[i].query);
        struct http r = http_get(url);
        cr_expect_eq(r.status, cases[i].status, "%s: %s", cases[i].query, r.body);
        cr_expect(names_field(&r, cases[i].field, cases[i].code), "%s: %s", cases[i].query, r.body);
        http_free(&r);
    }
    /* a route that does not take it says so */
    char url[256];
    snprintf(url, sizeof url, "%s/v1/sources?revision=1", shared_url());
    struct http r = http_get(url);
    cr_expect_eq(r.status, 400, "%s", r.body);
    cr_expect(names_field(&r, "revision", "unknown_parameter"), "%s", r.body);
    http_free(&r);
}

/* A past revision never changes: its answer may be kept for long, and revalidates. */
Test(known_at, a_past_revision_is_cacheable_and_states_its_basis)
{
    char url[256];
    snprintf(url, sizeof url, "%s/v1/check?name=Kaspersky&as_of=2024-10-01&revision=5",
             shared_url());
    struct http r = http_get(url);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_str_eq(http_header(&r, "X-Data-Revision"), "5");
    cr_expect_str_eq(http_header(&r, "Cache-Control"), "max-age=31536000, immutable");
    cr_expect_not_null(http_header(&r, "X-Known-At"));
    cr_expect_eq(json_integer_value(json_object_get(r.json, "revision")), 5);
    const char *known = jstr(json_object_get(r.json, "query"), "known_at");
    cr_expect(known && strcmp(known, http_header(&r, "X-Known-At")) == 0, "%s", r.body);
    char inm[128];
    snprintf(inm, sizeof inm, "If-None-Match: %s", http_header(&r, "ETag"));
    const char *h[] = {inm, NULL};
    struct http again = http_do("GET", url, NULL, 0, h);
    cr_expect_eq(again.status, 304);
    http_free(&again);
    http_free(&r);
    /* the compact view states it too */
    snprintf(url, sizeof url, "%s/v1/check?name=Kaspersky&view=compact&revision=5", shared_url());
    r = http_get(url);
    cr_expect_eq(r.status, 200, "%s", r.body);
    cr_expect_not_null(jstr(r.json, "known_at"), "%s", r.body);
    http_free(&r);
    /* the lists and records take it too */
    snprintf(url, sizeof url, "%s/v1/subjects?revision=5", shared_url());
    r = http_get(url);
    cr_expect_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(json_integer_value(json_object_get(r.json, "revision")), 5);
    cr_expect_not_null(jstr(r.json, "known_at"));
    http_free(&r);
    /* a screening answers every row from it */
    snprintf(url, sizeof url, "%s/v1/screen?as_of=2024-10-01&revision=5", shared_url());
    static const char rows[] = "[{\"name\":\"Kaspersky Lab\"},{\"name\":\"Huawei\"}]";
    const char *json[] = {"Content-Type: application/json", NULL};
    r = http_do("POST", url, rows, strlen(rows), json);
    cr_expect_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(json_integer_value(json_object_get(r.json, "revision")), 5, "%s", r.body);
    json_t *row = json_array_get(json_object_get(r.json, "rows"), 0);
    cr_expect_not_null(jstr(json_object_get(json_object_get(row, "result"), "query"), "known_at"),
                       "%s", r.body);
    http_free(&r);
    /* and the metrics count what was kept */
    snprintf(url, sizeof url, "%s/metrics", shared_url());
    r = http_get(url);
    cr_expect(strstr(r.body, "restrictd_past_snapshots_total{result=\"hit\"}") != NULL);
    cr_expect(strstr(r.body, "restrictd_past_snapshot_bytes") != NULL);
    http_free(&r);
}
