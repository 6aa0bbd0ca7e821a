/* One validation of instants over HTTP (issue 15): years 0001 to 9999 in UTC once the offset
 * is applied, second 60 refused, each refusal a problem naming the field, and never a word
 * of PostgreSQL's in an answer; the end of the range survives export and import. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_util.h"

#define RULING_PATH "/v1/admin/rulings/test-instants"

ADMIN_SUITE_SERVER("instants")

TestSuite(instants, .init = start, .fini = stop, .timeout = 60);

/* Values the adversarial review sent, and their neighbours. */
static const char *const out_of_range[] = {
    "9999-12-31T23:59:59-00:01", /* was stored and shown as 10000-01-01T00:00:59Z */
    "0001-01-01T00:30:00+01:00", /* year 0 in UTC: PostgreSQL refused it in its own words */
    "0000-12-31T23:59:59Z",      "10000-01-01T00:00:59Z",
    "2016-12-31T23:59:60Z", /* a leap second: refused, not moved */
};

/* A ruling of the seed's UltraAV, effective until `until` (JSON text, e.g. "\"...\"" or
 * null). Static buffer. */
static const char *ruling_body(const char *id, const char *until)
{
    static char body[1024];
    snprintf(body, sizeof body,
             "{\"id\":\"%s\",\"subject\":\"ultraav\",\"source\":\"us-bis-icts-2021-002\","
             "\"status\":\"advisory\",\"measure\":{\"code\":\"test-measure\",\"text\":\"M.\"},"
             "\"binds\":\"us-persons\",\"effective_from\":\"2024-06-24T04:00:00Z\","
             "\"effective_until\":%s,\"quote\":\"A test quote.\"}",
             id, until);
    return body;
}

/* What PostgreSQL says (English messages) that no answer may repeat. */
static void expect_no_postgresql_text(const struct http *r)
{
    static const char *const words[] = {"ERROR",         "SQLSTATE",         "violates",
                                        "out of range:", "division by zero", "timestamp",
                                        "constraint",    "date/time field"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        cr_expect(!r->body || !strstr(r->body, words[i]), "\"%s\" in %s", words[i], r->body);
}

static void expect_refused(const struct http *r, long status, const char *type, const char *field)
{
    cr_expect_eq(r->status, status, "%s", r->body);
    cr_expect_str_eq(problem_type(r), type);
    cr_expect(names_field(r, field, "invalid_date"), "names %s: %s", field, r->body);
    expect_no_postgresql_text(r);
}

Test(instants, out_of_range_effective_until_is_422_on_post_and_put)
{
    struct http r = admin_do("POST", srv.base, "/v1/admin/rulings", ADMIN_SECRET, NULL,
                             ruling_body("test-instants", "null"));
    cr_assert_eq(r.status, 201, "%s", r.body);
    http_free(&r);
    long long before = sql_count(db, "SELECT count(*) FROM changes");
    for (size_t i = 0; i < sizeof out_of_range / sizeof *out_of_range; i++) {
        char until[64];
        snprintf(until, sizeof until, "\"%s\"", out_of_range[i]);
        r = admin_do("POST", srv.base, "/v1/admin/rulings", ADMIN_SECRET, NULL,
                     ruling_body("test-instants-2", until));
        expect_refused(&r, 422, "/problems/validation-failed", "effective_until");
        http_free(&r);
        r = admin_do("PUT", srv.base, RULING_PATH, ADMIN_SECRET, "1",
                     ruling_body("test-instants", until));
        expect_refused(&r, 422, "/problems/validation-failed", "effective_until");
        http_free(&r);
    }
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM changes"), before, "nothing written");
}

Test(instants, out_of_range_in_an_imported_data_set_names_the_record_field)
{
    struct http ex = admin_do("GET", srv.base, "/v1/admin/export", ADMIN_SECRET, NULL, NULL);
    cr_assert_eq(ex.status, 200, "%s", ex.body);
    json_t *ruling = json_array_get(json_object_get(ex.json, "rulings"), 0);
    cr_assert(ruling);
    json_object_set_new(ruling, "effective_until", json_string(out_of_range[0]));
    char *set = json_dumps(ex.json, 0);
    http_free(&ex);
    struct http r = admin_do("POST", srv.base, "/v1/admin/import", ADMIN_SECRET, NULL, set);
    free(set);
    expect_refused(&r, 422, "/problems/validation-failed", "rulings[0].effective_until");
    http_free(&r);
}

/* The last second of 9999 is stored, shown, exported and imported unchanged; GET -> PUT too. */
Test(instants, the_end_of_the_range_survives_export_and_import)
{
    static const char end[] = "9999-12-31T23:59:59Z";
    struct http r = admin_do("POST", srv.base, "/v1/admin/rulings", ADMIN_SECRET, NULL,
                             ruling_body("test-instants", "\"9999-12-31T23:59:59Z\""));
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_expect_str_eq(jstr(r.json, "effective_until"), end);
    http_free(&r);

    r = admin_do("GET", srv.base, RULING_PATH, ADMIN_SECRET, NULL, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    char *edited = json_dumps(r.json, 0);
    http_free(&r);
    r = admin_do("PUT", srv.base, RULING_PATH, ADMIN_SECRET, "1", edited);
    free(edited);
    cr_expect_eq(r.status, 200, "GET -> PUT: %s", r.body);
    http_free(&r);

    struct http ex = admin_do("GET", srv.base, "/v1/admin/export", ADMIN_SECRET, NULL, NULL);
    cr_assert_eq(ex.status, 200, "%s", ex.body);
    size_t i;
    json_t *x, *exported = NULL;
    json_array_foreach(json_object_get(ex.json, "rulings"), i, x)
    {
        if (strcmp(jstr(x, "id"), "test-instants") == 0) exported = x;
    }
    cr_assert(exported, "the ruling is exported");
    cr_expect_str_eq(jstr(exported, "effective_until"), end);
    char *set = json_dumps(ex.json, 0);
    http_free(&ex);
    long long before = sql_count(db, "SELECT count(*) FROM changes");
    r = admin_do("POST", srv.base, "/v1/admin/import", ADMIN_SECRET, NULL, set);
    free(set);
    cr_expect_eq(r.status, 200, "export -> import: %s", r.body);
    http_free(&r);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM changes"), before, "nothing changed");

    r = admin_do("GET", srv.base, RULING_PATH, ADMIN_SECRET, NULL, NULL);
    cr_expect_str_eq(jstr(r.json, "effective_until"), end);
    http_free(&r);
}

Test(instants, as_of_out_of_range_is_400_naming_as_of)
{
    static const char *const bad[] = {"0000-01-01", "0000-12-31T23:59:59Z",
                                      "9999-12-31T23:59:59-00:01", "10000-01-01",
                                      "2016-12-31T23:59:60Z"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char extra[80];
        snprintf(extra, sizeof extra, "as_of=%s", bad[i]);
        struct http r = http_get(check_url(srv.base, "UltraAV", extra));
        expect_refused(&r, 400, "/problems/invalid-parameter", "as_of");
        http_free(&r);
    }
    /* The ends of the range are questions like any other. */
    static const char *const ends[] = {"as_of=9999-12-31", "as_of=9999-12-31T23:59:59Z",
                                       "as_of=0001-01-01T00:00:00Z"};
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
        struct http r = check_200(srv.base, "UltraAV", ends[i]);
        http_free(&r);
    }
}

/* A refusal of a value that PostgreSQL makes itself (class 22, here a division by zero in a
 * constraint the server does not know) is answered in our words. */
Test(instants, a_refusal_by_postgresql_is_told_in_our_words)
{
    cr_assert(db_run(db, "ALTER TABLE rulings ADD CONSTRAINT test_refuse22"
                         " CHECK (id <> 'zz-last' OR 1 / (length(id) - 7) = 1)"));
    struct http r = admin_do("POST", srv.base, "/v1/admin/rulings", ADMIN_SECRET, NULL,
                             ruling_body("zz-last", "null"));
    cr_expect_eq(r.status, 422, "%s", r.body);
    cr_expect(names_field(&r, "body", "refused"), "%s", r.body);
    expect_no_postgresql_text(&r);
    http_free(&r);

    r = admin_do("POST", srv.base, "/v1/admin/import", ADMIN_SECRET, NULL, REFUSED_AT_LAST_SET);
    cr_expect_eq(r.status, 422, "%s", r.body);
    cr_expect(r.body && strstr(r.body, "rulings[1] (\\\"zz-last\\\")"), "names the record: %s",
              r.body);
    expect_no_postgresql_text(&r);
    http_free(&r);
}
