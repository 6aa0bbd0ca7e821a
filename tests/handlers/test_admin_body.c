/* The admin record handlers, for each entity: how a body is read (docs/api.md "Records",
 * docs/admin.md): 415 unless sent as JSON, 400 when not JSON, 422 listing invalid fields.
 * No database: a body that passes reaches PostgreSQL's absence (503). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_fixture.h"

static void expect_problem(const struct admin_case *c, const struct admin_call *call,
                           enum problem_type t, const char *field, const char *code)
{
    char path[300];
    struct fake_reply *r = admin_run(c, call);
    json_t *doc = fake_problem(r, t, admin_path(c, call, path, sizeof path));
    if (field) fake_field_error(doc, field, code);
    cr_expect_null(fake_header(r, "ETag"), "%s: no ETag on a refusal", path);
    cr_expect_null(fake_header(r, "Location"));
    json_decref(doc);
    fake_reply_free(r);
}

/* The writes that read a body: create, and replace with a well-formed If-Match. */
static const struct admin_call writes[] = {
    {.op = OP_CREATE},
    {.op = OP_REPLACE, .if_match = "\"1\""},
};
#define N_WRITES (sizeof writes / sizeof *writes)

/* Each write of each entity's valid record, sent as each of `types`, answers problem `t`. */
static void expect_each_type(const char *const *types, size_t n_types, enum problem_type t)
{
    EACH_CASE(c)
    {
        char *body = admin_valid_body(c);
        for (size_t w = 0; w < N_WRITES; w++) {
            for (size_t i = 0; i < n_types; i++) {
                struct admin_call call = writes[w];
                call.content_type = types[i];
                call.body = body;
                expect_problem(c, &call, t, NULL, NULL);
            }
        }
        free(body);
    }
}

Test(admin_body, not_sent_as_json_is_415)
{
    static const char *const types[] = {"text/plain",        "application/x-www-form-urlencoded",
                                        "text/json",         "application/jsonl",
                                        "application/+json", "multipart/form-data; boundary=x"};
    expect_each_type(types, sizeof types / sizeof *types, PROBLEM_UNSUPPORTED_MEDIA_TYPE);
}

/* JSON is application/json or application/...+json, in any case, with parameters; a body
 * without Content-Type is taken as JSON (curl --data-binary sends none with -X PUT). */
Test(admin_body, json_in_every_spelling_is_read)
{
    static const char *const types[] = {NULL, "application/json", "APPLICATION/JSON",
                                        "application/json; charset=utf-8",
                                        "application/merge-patch+json"};
    expect_each_type(types, sizeof types / sizeof *types, PROBLEM_DATABASE_UNAVAILABLE);
}

Test(admin_body, malformed_json_is_400)
{
    static const struct {
        const char *body;
        const char *field; /* NULL: no errors[] */
    } bodies[] = {
        {NULL, NULL},
        {"", NULL},
        {"{", "body"},
        {"{\"id\":}", "body"},
        {"[1,", "body"},
        {"{\"id\":\"a\"} trailing", "body"},
        {"{\"id\":\"a\",\"id\":\"b\"}", "body"}, /* duplicate keys are refused */
        {"\xff\xfe{}", "body"},
        {"\"a record\"", "body"}, /* JSON, but jansson reads only arrays and objects */
        {"42", "body"},
    };
    EACH_CASE(c)
    {
        for (size_t w = 0; w < N_WRITES; w++) {
            for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
                struct admin_call call = writes[w];
                call.content_type = "application/json";
                call.body = bodies[i].body;
                expect_problem(c, &call, PROBLEM_INVALID_BODY, bodies[i].field,
                               bodies[i].field ? "invalid_json" : NULL);
            }
        }
    }
}

/* Well-formed but not a record: 422 with every invalid field. */
Test(admin_body, invalid_fields_are_422)
{
    static const struct {
        unsigned entity; /* index in admin_cases */
        const char *body;
        const char *field, *code;
    } bodies[] = {
        {0, "[]", "body", "invalid_type"},
        {0, "{}", "authority", "required"},
        {0, "{\"id\":\"Bad Id\"}", "id", "invalid_id"},
        {0, "{\"nmae\":\"x\"}", "nmae", "unknown_field"},
        {1, "[]", "body", "invalid_type"},
        {1, "{\"id\":\"s\",\"kind\":\"vendor\",\"name\":\"S\"}", "kind", "invalid_value"},
        {1, "{\"id\":\"s\",\"kind\":\"organization\",\"name\":\"S\",\"aliases\":[]}", "aliases",
         "unknown_field"},
        {1, "{\"id\":\"s\",\"kind\":\"organization\",\"name\":\"S\",\"parent\":\"p\"}", "relation",
         "required"},
        {2, "[]", "body", "invalid_type"},
        {2, "{\"alias\":\"A\",\"kind\":\"former\"}", "subject", "required"},
        {2, "{\"subject\":\"Not A Slug\",\"alias\":\"A\",\"kind\":\"former\"}", "subject",
         "invalid_id"},
        {2, "{\"subject\":\"s\",\"alias\":\"A\",\"kind\":\"name\"}", "kind", "invalid_value"},
        {2, "{\"subject\":\"s\",\"kind\":\"former\"}", "alias", "required"},
        {3, "{}", "measure", "required"},
        {3, "{\"id\":\"r\",\"measure\":\"x\"}", "measure", "invalid_type"},
        {3, "{\"id\":\"r\",\"status\":\"banned\"}", "status", "invalid_value"},
    };
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
        const struct admin_case *c = &admin_cases[bodies[i].entity];
        for (size_t w = 0; w < N_WRITES; w++) {
            struct admin_call call = writes[w];
            call.content_type = "application/json";
            call.body = bodies[i].body;
            expect_problem(c, &call, PROBLEM_VALIDATION_FAILED, bodies[i].field, bodies[i].code);
        }
    }
}

/* A PUT body may leave the id to the path; a different one is 422 id_mismatch. */
Test(admin_body, replace_with_another_id_is_422)
{
    EACH_CASE(c)
    {
        if (c->kind->entity == ENTITY_ALIAS) continue; /* an alias's id is not in its body */
        char *body = admin_valid_body(c);
        struct admin_call call = {.op = OP_REPLACE,
                                  .content_type = "application/json",
                                  .if_match = "\"1\"",
                                  .body = body,
                                  .id = "some-other-id"};
        expect_problem(c, &call, PROBLEM_VALIDATION_FAILED, "id", "id_mismatch");

        json_t *doc = json_loads(body, 0, NULL);
        json_object_del(doc, "id");
        char *without_id = json_dumps(doc, JSON_COMPACT);
        call.body = without_id;
        expect_problem(c, &call, PROBLEM_DATABASE_UNAVAILABLE, NULL, NULL);
        free(without_id);
        json_decref(doc);
        free(body);
    }
}

/* The read-only members of a record read back are ignored, so GET, edit, PUT works. */
Test(admin_body, read_only_members_are_ignored)
{
    EACH_CASE(c)
    {
        char *body = admin_valid_body(c);
        json_t *doc = json_loads(body, 0, NULL);
        json_object_set_new(doc, "version", json_integer(3));
        json_object_set_new(doc, "created_at", json_string("2024-01-01T00:00:00Z"));
        json_object_set_new(doc, "updated_at", json_string("2024-01-01T00:00:00Z"));
        json_object_set_new(doc, "revoked_at", json_null());
        char *read_back = json_dumps(doc, JSON_COMPACT);
        for (size_t w = 0; w < N_WRITES; w++) {
            struct admin_call call = writes[w];
            call.content_type = "application/json";
            call.body = read_back;
            expect_problem(c, &call, PROBLEM_DATABASE_UNAVAILABLE, NULL, NULL);
        }
        free(read_back);
        json_decref(doc);
        free(body);
    }
}
