/* The admin API's record routes over HTTP against a real server and PostgreSQL: create,
 * read, replace and revoke for every entity, and every status they answer. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin_util.h"

#define ADMIN ADMIN_SECRET
#define RULINGS "/v1/admin/rulings"
#define RULING_PATH "/v1/admin/rulings/test-ultraav-advisory"
static const char ruling_body[] =
    "{\"id\":\"test-ultraav-advisory\",\"subject\":\"ultraav\",\"source\":\"us-bis-icts-2021-002\","
    "\"status\":\"advisory\",\"measure\":{\"code\":\"test-measure\",\"text\":\"A test measure.\"},"
    "\"binds\":\"us-persons\",\"effective_from\":\"2024-06-24T04:00:00Z\","
    "\"quote\":\"A test quote.\"}";

ADMIN_SUITE_SERVER("records")

TestSuite(admin_records, .init = start, .fini = stop, .timeout = 60);

Test(admin_records, ruling_created_replaced_and_revoked_reaches_the_check_answer)
{
    cr_assert_str_eq(verdict_of(srv.base, "UltraAV", "2024-10-01"), "clear");
    long long before = sql_count(db, "SELECT count(*) FROM changes");

    struct http r =
        admin_do("POST", srv.base, "/v1/admin/rulings", ADMIN_SECRET, NULL, ruling_body);
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_expect_str_eq(http_header(&r, "Location"), RULING_PATH);
    cr_expect_eq(etag_version(&r), 1);
    cr_expect_eq(json_integer_value(json_object_get(r.json, "version")), 1);
    cr_expect(json_is_null(json_object_get(r.json, "revoked_at")));
    long long rev = atoll(http_header(&r, "X-Data-Revision"));
    cr_expect_eq(rev, before + 1, "the write's revision: %lld", rev);
    http_free(&r);
    cr_expect_str_eq(verdict_of(srv.base, "UltraAV", "2024-10-01"), "advisory",
                     "served by this instance once the write is answered");

    r = admin_do("GET", srv.base, RULING_PATH, ADMIN_SECRET, NULL, NULL);
    cr_expect_eq(r.status, 200);
    cr_expect_str_eq(json_string_value(json_object_get(r.json, "status")), "advisory");
    cr_expect_str_eq(http_header(&r, "ETag"), "\"1\"");
    cr_expect_str_eq(http_header(&r, "Cache-Control"), "no-store", "admin answers are not cached");
    /* What GET gives can be edited and sent back: the read-only fields are ignored. */
    json_object_set_new(r.json, "status", json_string("restricted"));
    char *edited = json_dumps(r.json, 0);
    http_free(&r);
    r = admin_do("PUT", srv.base, RULING_PATH, ADMIN_SECRET, "1", edited);
    free(edited);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(etag_version(&r), 2);
    cr_expect_str_eq(json_string_value(json_object_get(r.json, "status")), "restricted");
    http_free(&r);
    cr_expect_str_eq(verdict_of(srv.base, "UltraAV", "2024-10-01"), "restricted",
                     "served by this instance once the write is answered");

    r = admin_do("DELETE", srv.base, RULING_PATH, ADMIN_SECRET, "2", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(etag_version(&r), 3);
    cr_expect(json_is_string(json_object_get(r.json, "revoked_at")));
    http_free(&r);
    cr_expect_str_eq(verdict_of(srv.base, "UltraAV", "2024-10-01"), "clear",
                     "served by this instance once the write is answered");

    /* Nothing was deleted, and the audit trail names the token for each change. */
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM rulings WHERE id = 'test-ultraav-advisory'"
                               " AND revoked_at IS NOT NULL"),
                 1);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM changes"), before + 3);
    char *actions = db_scalar(db, "SELECT string_agg(action || ':' || actor, ',' ORDER BY revision)"
                                  " FROM changes WHERE entity_id = 'test-ultraav-advisory'");
    cr_expect_str_eq(actions, "create:tester,update:tester,revoke:tester");
    free(actions);
}

Test(admin_records, tokens_are_required_and_roles_enforced)
{
    struct http r = admin_do("GET", srv.base, "/v1/admin/rulings/us-ofac-jy2420", NULL, NULL, NULL);
    cr_expect_eq(r.status, 401);
    cr_expect_str_eq(problem_type(&r), "/problems/unauthorized");
    cr_expect(http_header(&r, "WWW-Authenticate") &&
              strncmp(http_header(&r, "WWW-Authenticate"), "Bearer", 6) == 0);
    http_free(&r);
    r = admin_do("GET", srv.base, "/v1/admin/export", "rdt_not-a-token", NULL, NULL);
    cr_expect_eq(r.status, 401);
    cr_expect(strstr(http_header(&r, "WWW-Authenticate"), "invalid_token"));
    http_free(&r);
    static const struct admin_step reader[] = {
        {"POST", RULINGS, READER_SECRET, NULL, ruling_body, 403, "/problems/forbidden", NULL},
    };
    ADMIN_STEPS(srv.base, reader);
    const char *basic[] = {"Authorization: Basic dXNlcjpwYXNz", NULL};
    char url[256];
    snprintf(url, sizeof url, "%s/v1/admin/export", srv.base);
    r = http_do("GET", url, NULL, 0, basic);
    cr_expect_eq(r.status, 401);
    http_free(&r);
    /* Public reads need no token unless RESTRICTD_READ_TOKENS=1. */
    cr_expect_str_eq(verdict_of(srv.base, "Kaspersky Lab", "2024-10-01"), "restricted");
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM rulings WHERE id = 'test-ultraav-advisory'"),
                 0);
}

/* A request with the admin token and any other headers, as http_do. */
static struct http admin_with(const char *method, const char *path, const char *body,
                              const char *const *headers)
{
    char url[256], auth[128];
    snprintf(url, sizeof url, "%s%s", srv.base, path);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", ADMIN);
    const char *all[4] = {auth, headers[0], headers[1], NULL};
    return http_do(method, url, body, strlen(body), all);
}

Test(admin_records, preconditions_412_428_and_bad_if_match)
{
    const char *path = "/v1/admin/sources/us-ofac-jy2420";
    struct http r = admin_do("GET", srv.base, path, ADMIN, NULL, NULL);
    cr_assert_eq(r.status, 200);
    char *body = json_dumps(r.json, 0);
    http_free(&r);

    const struct admin_step unconditional[] = {
        {"PUT", path, ADMIN, NULL, body, 428, "/problems/precondition-required", NULL},
        {"DELETE", path, ADMIN, NULL, NULL, 428, NULL, NULL},
    };
    ADMIN_STEPS(srv.base, unconditional);
    const char *weak[] = {"If-Match: W/\"1\"", "Content-Type: application/json"};
    r = admin_with("PUT", path, body, weak);
    cr_expect_eq(r.status, 400);
    cr_expect(names_field(&r, "If-Match", "invalid_value"));
    http_free(&r);

    const struct admin_step replaced[] = {{"PUT", path, ADMIN, "1", body, 200, NULL, NULL}};
    ADMIN_STEPS(srv.base, replaced);
    r = admin_do("PUT", srv.base, path, ADMIN, "1", body);
    cr_expect_eq(r.status, 412);
    cr_expect_str_eq(problem_type(&r), "/problems/precondition-failed");
    cr_expect_eq(json_integer_value(json_object_get(r.json, "current_version")), 2);
    cr_expect_eq(etag_version(&r), 2);
    http_free(&r);
    const struct admin_step stale[] = {{"DELETE", path, ADMIN, "7", NULL, 412, NULL, NULL}};
    ADMIN_STEPS(srv.base, stale);
    free(body);
    cr_expect_eq(sql_count(db, "SELECT version FROM sources WHERE id = 'us-ofac-jy2420'"), 2);
}

Test(admin_records, validation_names_every_field)
{
    static const struct admin_step steps[] = {
        {"POST", RULINGS, ADMIN, NULL,
         "{\"id\":\"Bad Id\",\"subject\":\"ultraav\",\"source\":\"us-bis-icts-2021-002\","
         "\"status\":\"banned\",\"measure\":{\"code\":\"x\"},\"binds\":\"US persons\","
         "\"effective_from\":\"2024-07-20\",\"quote\":\"q\",\"colour\":\"red\"}",
         422, "/problems/validation-failed",
         "id:invalid_id status:invalid_value measure.text:required binds:invalid_code "
         "effective_from:invalid_date colour:unknown_field"},
        {"POST", RULINGS, ADMIN, NULL,
         "{\"id\":\"test-dangling\",\"subject\":\"nobody-at-all\",\"source\":\"no-such-source\","
         "\"status\":\"advisory\",\"measure\":{\"code\":\"x\",\"text\":\"X\"},"
         "\"binds\":\"us-persons\",\"effective_from\":\"2024-06-24T04:00:00Z\",\"quote\":\"q\"}",
         422, NULL, "subject:unknown_reference source:unknown_reference"},
        {"POST", RULINGS, ADMIN, NULL, "{\"id\": ", 400, "/problems/invalid-body", NULL},
        {"POST", RULINGS, ADMIN, NULL, "[1, 2]", 422, NULL, NULL},
        /* duplicate keys are refused */
        {"POST", RULINGS, ADMIN, NULL, "{\"id\":1,\"id\":2}", 400, NULL, NULL},
        {"POST", RULINGS "?force=1", ADMIN, NULL, ruling_body, 400, NULL,
         "force:unknown_parameter"},
        {"PATCH", "/v1/admin/rulings/us-ofac-jy2420", ADMIN, NULL, "{}", 405, NULL, NULL},
    };
    ADMIN_STEPS(srv.base, steps);
    const char *form[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
    struct http r = admin_with("POST", RULINGS, ruling_body, form);
    cr_expect_eq(r.status, 415);
    cr_expect_str_eq(problem_type(&r), "/problems/unsupported-media-type");
    http_free(&r);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM changes WHERE actor = 'tester'"), 0,
                 "nothing invalid was written");
}

Test(admin_records, not_found_and_conflicts)
{
    static const struct admin_step steps[] = {
        {"GET", RULINGS "/no-such-ruling", ADMIN, NULL, NULL, 404, "/problems/not-found", NULL},
        {"DELETE", RULINGS "/no-such-ruling", ADMIN, "1", NULL, 404, NULL, NULL},
        {"GET", "/v1/admin/aliases/not-a-number", ADMIN, NULL, NULL, 404, NULL, NULL},
        {"POST", RULINGS, ADMIN, NULL, ruling_body, 201, NULL, NULL},
        {"POST", RULINGS, ADMIN, NULL, ruling_body, 409, "/problems/conflict", NULL},
        {"DELETE", RULING_PATH, ADMIN, "1", NULL, 200, NULL, NULL},
        {"DELETE", RULING_PATH, ADMIN, "2", NULL, 409, NULL, NULL}, /* revoked already */
    };
    ADMIN_STEPS(srv.base, steps);
    /* A replacement restores a revoked record. */
    struct http r = admin_do("PUT", srv.base, RULING_PATH, ADMIN, "2", ruling_body);
    cr_expect_eq(r.status, 200, "%s", r.body);
    cr_expect(json_is_null(json_object_get(r.json, "revoked_at")));
    http_free(&r);
    char *action = db_scalar(db, "SELECT action FROM changes ORDER BY revision DESC LIMIT 1");
    cr_expect_str_eq(action, "restore");
    free(action);
}

/* A subject under pango-group; pango-group under it would close a circle. */
static void subject_and_a_cycle(void)
{
    static const struct admin_step create[] = {
        {"POST", "/v1/admin/subjects", ADMIN, NULL,
         "{\"id\":\"test-reseller\",\"kind\":\"organization\",\"name\":\"Test Reseller GmbH\","
         "\"country\":\"DE\",\"parent\":\"pango-group\",\"relation\":\"subsidiary_of\"}",
         201, NULL, NULL},
    };
    ADMIN_STEPS(srv.base, create);
    struct http r = admin_do("GET", srv.base, "/v1/admin/subjects/pango-group", ADMIN, NULL, NULL);
    cr_assert_eq(r.status, 200);
    char version[24];
    snprintf(version, sizeof version, "%lld", etag_version(&r));
    json_object_set_new(r.json, "parent", json_string("test-reseller"));
    json_object_set_new(r.json, "relation", json_string("subsidiary_of"));
    char *cycle = json_dumps(r.json, 0);
    http_free(&r);
    const struct admin_step refused[] = {
        {"PUT", "/v1/admin/subjects/pango-group", ADMIN, version, cycle, 422, NULL, "parent:cycle"},
        {"POST", "/v1/admin/subjects", ADMIN, NULL,
         "{\"id\":\"test-x\",\"kind\":\"organization\",\"name\":\"X\",\"aliases\":[]}", 422, NULL,
         "aliases"},
    };
    ADMIN_STEPS(srv.base, refused);
    free(cycle);
}

/* An alias of it: created, refused twice, replaced (and matched), revoked. */
static void alias_life(void)
{
    struct http r =
        admin_do("POST", srv.base, "/v1/admin/aliases", ADMIN, NULL,
                 "{\"subject\":\"test-reseller\",\"alias\":\"Test Reseller\",\"kind\":\"brand\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    long long alias_id = json_integer_value(json_object_get(r.json, "id"));
    cr_expect_gt(alias_id, 0);
    char path[128];
    snprintf(path, sizeof path, "/v1/admin/aliases/%lld", alias_id);
    cr_expect_str_eq(http_header(&r, "Location"), path);
    http_free(&r);
    const struct admin_step refused[] = {
        /* the same alias twice */
        {"POST", "/v1/admin/aliases", ADMIN, NULL,
         "{\"subject\":\"test-reseller\",\"alias\":\"Test Reseller\",\"kind\":\"legal\"}", 409,
         NULL, NULL},
        {"POST", "/v1/admin/aliases", ADMIN, NULL, "{\"alias\":\"Orphan\",\"kind\":\"brand\"}", 422,
         NULL, "subject:required"},
    };
    ADMIN_STEPS(srv.base, refused);
    r = admin_do("PUT", srv.base, path, ADMIN, "1",
                 "{\"subject\":\"test-reseller\",\"alias\":\"Testreseller Vertrieb\","
                 "\"kind\":\"legal\",\"lang\":\"de\"}");
    cr_expect_eq(r.status, 200, "%s", r.body);
    cr_expect_str_eq(json_string_value(json_object_get(r.json, "lang")), "de");
    http_free(&r);
    cr_expect_geq(wait_verdict(srv.base, "Testreseller Vertrieb", "2024-10-01", "clear", 1000), 0,
                  "the new alias matches its subject");
    const struct admin_step revoke[] = {{"DELETE", path, ADMIN, "2", NULL, 200, NULL, NULL}};
    ADMIN_STEPS(srv.base, revoke);
}

Test(admin_records, subjects_aliases_and_sources)
{
    subject_and_a_cycle();
    alias_life();
    static const char source[] = "{\"id\":\"test-source\",\"authority\":\"Test Authority\","
                                 "\"jurisdiction\":\"EU\",\"kind\":\"advisory\",\"title\":\"T\","
                                 "\"citation\":\"C\"}";
    static const struct admin_step sources[] = {
        {"POST", "/v1/admin/sources", ADMIN, NULL, source, 201, NULL, NULL},
        /* the body's id must be the path's */
        {"PUT", "/v1/admin/sources/other-id", ADMIN, "1", source, 422, NULL, "id:id_mismatch"},
        /* the id may be left to the path */
        {"PUT", "/v1/admin/sources/test-source", ADMIN, "1",
         "{\"authority\":\"Test Authority\",\"jurisdiction\":\"EU\",\"kind\":\"advisory\","
         "\"title\":\"T2\",\"citation\":\"C\"}",
         200, NULL, NULL},
        {"DELETE", "/v1/admin/sources/test-source", ADMIN, "2", NULL, 200, NULL, NULL},
    };
    ADMIN_STEPS(srv.base, sources);
    char *actions =
        db_scalar(db, "SELECT string_agg(entity || ':' || action, ',' ORDER BY revision)"
                      " FROM changes WHERE actor = 'tester'");
    cr_expect_str_eq(actions, "subject:create,alias:create,alias:update,alias:revoke,"
                              "source:create,source:update,source:revoke");
    free(actions);
}

Test(admin_records, database_away_writes_503_reads_go_on)
{
    char *name = db_scalar(db, "SELECT current_database()");
    char sql[512];
    const char *admin = env_or_die("RESTRICTD_PG_ADMIN");
    snprintf(sql, sizeof sql, "ALTER DATABASE %s ALLOW_CONNECTIONS false", name);
    cr_assert(db_run(admin, sql));
    snprintf(sql, sizeof sql,
             "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '%s'",
             name);
    char *n = db_scalar(admin, sql);
    free(n);

    struct http r = admin_do("PUT", srv.base, "/v1/admin/rulings/us-ndaa-1634-kaspersky",
                             ADMIN_SECRET, "1", ruling_body);
    cr_expect_eq(r.status, 503, "%s", r.body);
    cr_expect_str_eq(problem_type(&r), "/problems/database-unavailable");
    cr_expect(http_header(&r, "Retry-After"), "503 says when to retry");
    http_free(&r);
    char url[256];
    snprintf(url, sizeof url, "%s/v1/changes", srv.base);
    r = http_get(url);
    cr_expect_eq(r.status, 503);
    http_free(&r);
    cr_expect_str_eq(verdict_of(srv.base, "Kaspersky Lab", "2024-10-01"), "restricted",
                     "checks are answered from memory meanwhile");

    snprintf(sql, sizeof sql, "ALTER DATABASE %s ALLOW_CONNECTIONS true", name);
    cr_assert(db_run(admin, sql));
    long status = 0;
    for (int i = 0; i < 50 && status != 201; i++) {
        r = admin_do("POST", srv.base, "/v1/admin/rulings", ADMIN_SECRET, NULL, ruling_body);
        status = r.status;
        http_free(&r);
        if (status != 201) usleep(100 * 1000);
    }
    cr_expect_eq(status, 201, "the pool reconnects by itself once PostgreSQL is back");
    free(name);
}

/* "%00" in a path would end it once decoded: DELETE .../ultraav%00anything must not revoke
 * ultraav (it did, before the raw path was checked). */
Test(admin_records, an_encoded_nul_in_the_path_names_no_record)
{
    struct http r = admin_do("DELETE", srv.base, "/v1/admin/subjects/ultraav%00anything",
                             ADMIN_SECRET, "1", NULL);
    cr_expect_eq(r.status, 400, "%s", r.body);
    cr_expect(names_field(&r, "path", "invalid_encoding"), "%s", r.body);
    http_free(&r);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM subjects WHERE id = 'ultraav'"
                               " AND revoked_at IS NULL"),
                 1);
}
