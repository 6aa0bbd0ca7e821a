/* The admin record handlers, for each entity: If-Match (428, 400), ids that cannot exist
 * (404), query parameters (400), and no database (503 with Retry-After, nothing written). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_fixture.h"

static json_t *problem_of(const struct admin_case *c, const struct admin_call *call,
                          enum problem_type t, struct fake_reply **out)
{
    char path[300];
    struct fake_reply *r = admin_run(c, call);
    json_t *doc = fake_problem(r, t, admin_path(c, call, path, sizeof path));
    cr_expect_null(fake_header(r, "ETag"), "%s: no ETag on a refusal", path);
    if (out)
        *out = r;
    else
        fake_reply_free(r);
    return doc;
}

/* The operations that change a record: PUT and DELETE. */
static const enum admin_op changes[] = {OP_REPLACE, OP_REVOKE};

Test(admin_preconditions, a_change_without_if_match_is_428)
{
    EACH_CASE(c)
    {
        char *body = admin_valid_body(c);
        for (size_t o = 0; o < 2; o++) {
            /* missing If-Match comes first, before the body is looked at */
            const char *types[] = {"application/json", "text/plain"};
            for (size_t t = 0; t < 2; t++) {
                struct admin_call call = {.op = changes[o], .content_type = types[t], .body = body};
                json_t *doc = problem_of(c, &call, PROBLEM_PRECONDITION_REQUIRED, NULL);
                const char *detail = json_string_value(json_object_get(doc, "detail"));
                cr_expect_not_null(strstr(detail, "If-Match"), "%s", detail);
                json_decref(doc);
            }
        }
        free(body);
    }
}

/* Each change of each entity's valid record, with each of `values` as If-Match, answers
 * problem `t`; an invalid-parameter problem names If-Match as the invalid value. */
static void expect_each_if_match(const char *const *values, size_t n_values, enum problem_type t)
{
    EACH_CASE(c)
    {
        char *body = admin_valid_body(c);
        for (size_t o = 0; o < 2; o++) {
            for (size_t i = 0; i < n_values; i++) {
                struct admin_call call = {.op = changes[o],
                                          .content_type = "application/json",
                                          .if_match = values[i],
                                          .body = body};
                json_t *doc = problem_of(c, &call, t, NULL);
                if (t == PROBLEM_INVALID_PARAMETER)
                    fake_field_error(doc, "If-Match", "invalid_value");
                json_decref(doc);
            }
        }
        free(body);
    }
}

Test(admin_preconditions, a_malformed_if_match_is_400)
{
    static const char *const malformed[] = {
        "3", "W/\"3\"", "\"0\"", "\"-1\"", "\"+3\"", "\"abc\"", "\"3\", \"4\"",
        "*", "\"3",     "\"\"",  "\"3\"x", "",
    };
    expect_each_if_match(malformed, sizeof malformed / sizeof *malformed,
                         PROBLEM_INVALID_PARAMETER);
}

/* Well-formed If-Match values get past the check (and then find no database). */
Test(admin_preconditions, a_well_formed_if_match_goes_on)
{
    static const char *const good[] = {"\"1\"", "\"42\"", " \"7\" "};
    expect_each_if_match(good, sizeof good / sizeof *good, PROBLEM_DATABASE_UNAVAILABLE);
}

/* No database pool: every operation answers 503 database-unavailable with Retry-After, and
 * says nothing was written; nothing is logged as an error (it is not a fault). */
Test(admin_preconditions, no_database_is_503_with_retry_after)
{
    EACH_CASE(c)
    {
        char *body = admin_valid_body(c);
        const struct admin_call calls[] = {
            {.op = OP_CREATE, .content_type = "application/json", .body = body},
            {.op = OP_GET},
            {.op = OP_REPLACE,
             .content_type = "application/json",
             .if_match = "\"2\"",
             .body = body},
            {.op = OP_REVOKE, .if_match = "\"2\""},
        };
        for (size_t i = 0; i < sizeof calls / sizeof *calls; i++) {
            struct fake_reply *r;
            json_t *doc = problem_of(c, &calls[i], PROBLEM_DATABASE_UNAVAILABLE, &r);
            cr_expect_str_eq(fake_header(r, "Retry-After"), "2", "%s op %d", c->entity,
                             (int)calls[i].op);
            cr_expect_eq(fake_header_count(r, "Retry-After"), 1);
            cr_expect_null(fake_header(r, "X-Data-Revision"), "no revision was made");
            cr_expect_null(fake_header(r, "Location"));
            const char *detail = json_string_value(json_object_get(doc, "detail"));
            cr_expect_not_null(strstr(detail, "PostgreSQL"), "%s", detail);
            cr_expect_str_eq(r->log, "", "not logged as a fault: %s", r->log);
            json_decref(doc);
            fake_reply_free(r);
        }
        free(body);
    }
}

/* An id the entity can never have is not found, without asking the database, and before
 * If-Match is looked at. */
Test(admin_preconditions, an_impossible_id_is_404)
{
    EACH_CASE(c)
    {
        const struct admin_call calls[] = {
            {.op = OP_GET, .id = c->bad_id},
            {.op = OP_REPLACE, .content_type = "application/json", .body = "{}", .id = c->bad_id},
            {.op = OP_REVOKE, .id = c->bad_id},
        };
        for (size_t i = 0; i < sizeof calls / sizeof *calls; i++) {
            json_t *doc = problem_of(c, &calls[i], PROBLEM_NOT_FOUND, NULL);
            char want[200];
            snprintf(want, sizeof want, "no %s has the id \"%s\"", c->entity, c->bad_id);
            cr_expect_str_eq(json_string_value(json_object_get(doc, "detail")), want);
            json_decref(doc);
        }
    }
}

/* The record routes take no query parameters: one is a typo, refused before anything else. */
Test(admin_preconditions, a_query_parameter_is_400)
{
    EACH_CASE(c)
    {
        const struct admin_call calls[] = {
            {.op = OP_CREATE, .content_type = "text/plain", .query = "dry_run=true"},
            {.op = OP_GET, .query = "pretty=yes&fields=id"},
            {.op = OP_REPLACE, .query = "force=1"},
            {.op = OP_REVOKE, .query = "id=x"},
        };
        static const char *const fields[] = {"dry_run", "fields", "force", "id"};
        for (size_t i = 0; i < sizeof calls / sizeof *calls; i++) {
            json_t *doc = problem_of(c, &calls[i], PROBLEM_INVALID_PARAMETER, NULL);
            fake_field_error(doc, fields[i], "unknown_parameter");
            json_decref(doc);
        }
    }
}
