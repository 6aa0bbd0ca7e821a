/* The contract of the admin API, the change feed and the histories, as written in
 * docs/openapi.yaml: real answers of a server with an admin token fit their schemas. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_util.h"
#include "schema_check.h"

/* Checks an answer against the documented response of `doc_path`/`method`/its status. */
static void fits(const struct http *r, const char *doc_path, const char *method, long status,
                 const char *what)
{
    cr_assert_eq(r->status, status, "%s: %ld %s", what, r->status, r->body ? r->body : "");
    char code[8], media[64];
    snprintf(code, sizeof code, "%ld", status);
    const char *ct = http_header(r, "Content-Type");
    cr_assert(ct, "%s: no Content-Type", what);
    snprintf(media, sizeof media, "%.*s", (int)strcspn(ct, ";"), ct);
    expect_documented(doc_path, method, code, media, r->json, what);
}

Test(openapi_admin, admin_answers_fit_their_schemas)
{
    char *db = admin_db("openapi_admin");
    struct server s;
    cr_assert(server_start(&s, db, NULL, true));
    static const struct {
        const char *path, *doc_path;
    } reads[] = {
        {"/v1/admin/sources/us-bis-icts-2021-002", "/v1/admin/sources/{id}"},
        {"/v1/admin/subjects/ao-kaspersky-lab", "/v1/admin/subjects/{id}"},
        {"/v1/admin/subjects/kaspersky-free", "/v1/admin/subjects/{id}"},
        {"/v1/admin/rulings/us-icts-fd-kaspersky-updates-resale", "/v1/admin/rulings/{id}"},
        {"/v1/admin/aliases/1", "/v1/admin/aliases/{id}"},
        {"/v1/admin/export", "/v1/admin/export"},
    };
    for (size_t i = 0; i < sizeof reads / sizeof *reads; i++) {
        struct http r = admin_do("GET", s.base, reads[i].path, ADMIN_SECRET, NULL, NULL);
        fits(&r, reads[i].doc_path, "get", 200, reads[i].path);
        http_free(&r);
    }

    /* A write: the source read, sent back with its version (a no-op replace is fine). */
    struct http got =
        admin_do("GET", s.base, "/v1/admin/sources/nl-gov-2018-05", ADMIN_SECRET, NULL, NULL);
    cr_assert_eq(got.status, 200);
    char version[24];
    snprintf(version, sizeof version, "%lld", etag_version(&got));
    json_object_set_new(got.json, "summary", json_string("Edited by the contract test."));
    char *body = json_dumps(got.json, JSON_COMPACT);
    struct http put =
        admin_do("PUT", s.base, "/v1/admin/sources/nl-gov-2018-05", ADMIN_SECRET, version, body);
    fits(&put, "/v1/admin/sources/{id}", "put", 200, "PUT a source");
    http_free(&put);
    put = admin_do("PUT", s.base, "/v1/admin/sources/nl-gov-2018-05", ADMIN_SECRET, version, body);
    fits(&put, "/v1/admin/sources/{id}", "put", 412, "PUT with a stale If-Match");
    http_free(&put);
    put = admin_do("PUT", s.base, "/v1/admin/sources/nl-gov-2018-05", ADMIN_SECRET, NULL, body);
    fits(&put, "/v1/admin/sources/{id}", "put", 428, "PUT without If-Match");
    http_free(&put);
    free(body);
    http_free(&got);
    struct http bad = admin_do("POST", s.base, "/v1/admin/rulings", ADMIN_SECRET, NULL,
                               "{\"id\":\"x\",\"status\":\"banned\"}");
    fits(&bad, "/v1/admin/rulings", "post", 422, "an invalid ruling");
    http_free(&bad);

    /* An import dry run of the export: a report of nothing to change. */
    struct http ex = admin_do("GET", s.base, "/v1/admin/export", ADMIN_SECRET, NULL, NULL);
    char *set = strndup(ex.body, ex.len);
    http_free(&ex);
    struct http im =
        admin_do("POST", s.base, "/v1/admin/import?dry_run=true", ADMIN_SECRET, NULL, set);
    fits(&im, "/v1/admin/import", "post", 200, "import dry run");
    free(set);
    http_free(&im);

    static const struct {
        const char *path, *doc_path;
        long status;
    } feeds[] = {
        {"/v1/admin/audit?entity=source&limit=5", "/v1/admin/audit", 200},
        {"/v1/admin/audit?limit=2", "/v1/admin/audit", 200},
        {"/v1/changes?limit=3", "/v1/changes", 200},
        {"/v1/changes?since=abc", "/v1/changes", 400},
        {"/v1/rulings/us-icts-fd-kaspersky-updates-resale/history", "/v1/rulings/{id}/history",
         200},
        {"/v1/rulings/never-was/history", "/v1/rulings/{id}/history", 404},
    };
    for (size_t i = 0; i < sizeof feeds / sizeof *feeds; i++) {
        struct http r = admin_do("GET", s.base, feeds[i].path, ADMIN_SECRET, NULL, NULL);
        fits(&r, feeds[i].doc_path, "get", feeds[i].status, feeds[i].path);
        http_free(&r);
    }
    cr_expect_eq(server_stop(&s), 0);
    free(db);
}
