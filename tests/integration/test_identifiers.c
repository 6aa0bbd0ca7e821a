/* Identifiers through the admin API, PostgreSQL and back: a subject written with typed
 * identifiers is stored normalised, read back, and found by /v1/check?identifier=. */
#include <criterion/criterion.h>
#include <string.h>

#include "admin_util.h"
#include "harness.h"

ADMIN_SUITE_SERVER("identifiers")
TestSuite(identifiers, .init = start, .fini = stop, .timeout = 60);

Test(identifiers, written_stored_normalised_and_found)
{
    struct http r = admin_do("POST", srv.base, "/v1/admin/subjects", ADMIN_SECRET, NULL,
                             "{\"id\":\"test-horse\",\"kind\":\"vessel\",\"name\":\"Horse\","
                             "\"identifiers\":[\"imo:IMO 9187629\",\"call-sign:9b qd\"]}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    json_t *ids = json_object_get(r.json, "identifiers");
    cr_expect_str_eq(json_string_value(json_array_get(ids, 0)), "imo:9187629");
    cr_expect_str_eq(json_string_value(json_array_get(ids, 1)), "call-sign:9BQD");
    http_free(&r);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM subjects WHERE id = 'test-horse'"
                               " AND identifiers = '{imo:9187629,call-sign:9BQD}'"),
                 1, "stored normalised");
    char url[512];
    snprintf(url, sizeof url, "%s/v1/check?identifier=imo%%3A9187629", srv.base);
    r = http_get(url); /* read-your-writes: the write waited for this instance to serve it */
    cr_assert_eq(r.status, 200);
    json_t *m = json_object_get(r.json, "match");
    cr_expect_str_eq(json_string_value(json_object_get(m, "id")), "test-horse");
    cr_expect_str_eq(json_string_value(json_object_get(m, "method")), "identifier");
    http_free(&r);
}

Test(identifiers, a_bad_identifier_is_named)
{
    struct http r = admin_do("POST", srv.base, "/v1/admin/subjects", ADMIN_SECRET, NULL,
                             "{\"id\":\"test-bad\",\"kind\":\"vessel\",\"name\":\"Bad\","
                             "\"identifiers\":[\"isbn:123\"]}");
    cr_expect_eq(r.status, 422);
    cr_expect(names_field(&r, "identifiers[0]", "invalid_identifier"));
    http_free(&r);
    char url[512];
    snprintf(url, sizeof url, "%s/v1/check?identifier=imo%%3Aabc", srv.base);
    r = http_get(url);
    cr_expect_eq(r.status, 400);
    http_free(&r);
}
