/* The contract of the admin API, the change feed and the histories, as written in
 * docs/openapi.yaml: real answers of a server with an admin token fit their schemas. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_util.h"
#include "schema_check.h"

/* GETs with the admin token, each answered `status` as documented for `doc_path`. */
struct admin_get {
    const char *path, *doc_path;
    long status;
};

static void gets_fit(const char *base, const struct admin_get *gets, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct http r = admin_do("GET", base, gets[i].path, ADMIN_SECRET, NULL, NULL);
        expect_answer_documented(&r, gets[i].doc_path, "get", gets[i].status, gets[i].path);
        http_free(&r);
    }
}

#define SOURCE "/v1/admin/sources/{id}"
#define SUBJECT "/v1/admin/subjects/{id}"
#define RULING "/v1/admin/rulings/{id}"
#define HISTORY "/v1/rulings/{id}/history"

static const struct admin_get reads[] = {
    {"/v1/admin/sources/us-bis-icts-2021-002", SOURCE, 200},
    {"/v1/admin/subjects/ao-kaspersky-lab", SUBJECT, 200},
    {"/v1/admin/subjects/kaspersky-free", SUBJECT, 200},
    {"/v1/admin/rulings/us-icts-fd-kaspersky-updates-resale", RULING, 200},
    {"/v1/admin/aliases/1", "/v1/admin/aliases/{id}", 200},
    {"/v1/admin/export", "/v1/admin/export", 200},
};

/* After the writes: the audit, the change feed and the histories. */
static const struct admin_get feeds[] = {
    {"/v1/admin/audit?entity=source&limit=5", "/v1/admin/audit", 200},
    {"/v1/admin/audit?limit=2", "/v1/admin/audit", 200},
    {"/v1/changes?limit=3", "/v1/changes", 200},
    {"/v1/changes?since=abc", "/v1/changes", 400},
    {"/v1/rulings/us-icts-fd-kaspersky-updates-resale/history", HISTORY, 200},
    {"/v1/rulings/never-was/history", HISTORY, 404},
};

/* A write: the source read, sent back with its version (a no-op replace is fine), then
 * stale, then without a version; an invalid ruling. */
static void writes_fit(const char *base)
{
    const char *path = "/v1/admin/sources/nl-gov-2018-05";
    struct http got = admin_do("GET", base, path, ADMIN_SECRET, NULL, NULL);
    cr_assert_eq(got.status, 200);
    char version[24];
    snprintf(version, sizeof version, "%lld", etag_version(&got));
    json_object_set_new(got.json, "summary", json_string("Edited by the contract test."));
    char *body = json_dumps(got.json, JSON_COMPACT);
    http_free(&got);
    static const struct {
        bool versioned;
        long status;
        const char *what;
    } put_cases[] = {{true, 200, "PUT a source"},
                     {true, 412, "PUT with a stale If-Match"},
                     {false, 428, "PUT without If-Match"}};
    for (size_t i = 0; i < 3; i++) {
        struct http put = admin_do("PUT", base, path, ADMIN_SECRET,
                                   put_cases[i].versioned ? version : NULL, body);
        expect_answer_documented(&put, SOURCE, "put", put_cases[i].status, put_cases[i].what);
        http_free(&put);
    }
    free(body);
    struct http bad = admin_do("POST", base, "/v1/admin/rulings", ADMIN_SECRET, NULL,
                               "{\"id\":\"x\",\"status\":\"banned\"}");
    expect_answer_documented(&bad, "/v1/admin/rulings", "post", 422, "an invalid ruling");
    http_free(&bad);
}

Test(openapi_admin, admin_answers_fit_their_schemas)
{
    struct testbed tb;
    testbed_start(&tb, admin_db("openapi_admin"), NULL);
    gets_fit(tb.s.base, reads, sizeof reads / sizeof *reads);
    writes_fit(tb.s.base);
    /* An import dry run of the export: a report of nothing to change. */
    struct http ex = admin_do("GET", tb.s.base, "/v1/admin/export", ADMIN_SECRET, NULL, NULL);
    char *set = strndup(ex.body, ex.len);
    http_free(&ex);
    struct http im =
        admin_do("POST", tb.s.base, "/v1/admin/import?dry_run=true", ADMIN_SECRET, NULL, set);
    expect_answer_documented(&im, "/v1/admin/import", "post", 200, "import dry run");
    free(set);
    http_free(&im);
    gets_fit(tb.s.base, feeds, sizeof feeds / sizeof *feeds);
    testbed_stop(&tb);
}

/* GET base+path with the headers given ("Name: value", NULL-terminated). */
static struct http get_with(const char *base, const char *path, const char *const *headers)
{
    char url[512];
    snprintf(url, sizeof url, "%s%s", base, path);
    return http_do("GET", url, NULL, 0, headers);
}

/* The answers about tokens, on a server that wants them on public routes too: 401 with its
 * challenge, 403, 429 with Retry-After, 200 private to the reader, and an admin record's 304. */
Test(openapi_admin, token_answers_fit_their_responses)
{
    struct testbed tb;
    const char *env[] = {"RESTRICTD_READ_TOKENS=1", "RESTRICTD_AUTH_FAILURE_LIMIT=2", NULL};
    testbed_start(&tb, admin_db("openapi_tokens"), env);
    struct http r = get_with(tb.s.base, "/v1/subjects?limit=1", NULL);
    expect_answer_documented(&r, "/v1/subjects", "get", 401, "no token");
    http_free(&r);
    r = admin_do("GET", tb.s.base, "/v1/subjects?limit=1", READER_SECRET, NULL, NULL);
    expect_answer_documented(&r, "/v1/subjects", "get", 200, "a reader token");
    cr_expect_str_eq(http_header(&r, "Cache-Control"), "private, no-cache");
    http_free(&r);
    r = admin_do("GET", tb.s.base, "/v1/admin/sources/nl-gov-2018-05", READER_SECRET, NULL, NULL);
    expect_answer_documented(&r, "/v1/admin/sources/{id}", "get", 403, "a reader token, admin");
    http_free(&r);

    r = admin_do("GET", tb.s.base, "/v1/admin/sources/nl-gov-2018-05", ADMIN_SECRET, NULL, NULL);
    char inm[64];
    snprintf(inm, sizeof inm, "If-None-Match: %s", http_header(&r, "ETag"));
    http_free(&r);
    const char *h[] = {"Authorization: Bearer " ADMIN_SECRET, inm, NULL};
    r = get_with(tb.s.base, "/v1/admin/sources/nl-gov-2018-05", h);
    expect_answer_documented(&r, "/v1/admin/sources/{id}", "get", 304, "a record not modified");
    http_free(&r);

    long want[] = {401, 401, 429};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        r = admin_do("GET", tb.s.base, "/v1/subjects?limit=1", "rdt_nobody-made-this", NULL, NULL);
        expect_answer_documented(&r, "/v1/subjects", "get", want[i], "a wrong token");
        http_free(&r);
    }
    testbed_stop(&tb);
}
