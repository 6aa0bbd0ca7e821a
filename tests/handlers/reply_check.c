/* Assertions on what a handler answered through the request double (request_double.h). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "request_double.h"

const char *fake_header(const struct fake_reply *r, const char *name)
{
    const char *v = NULL;
    for (unsigned i = 0; i < r->n_headers; i++)
        if (strcasecmp(r->headers[i].name, name) == 0) v = r->headers[i].value;
    return v;
}

unsigned fake_header_count(const struct fake_reply *r, const char *name)
{
    unsigned n = 0;
    for (unsigned i = 0; i < r->n_headers; i++)
        n += strcasecmp(r->headers[i].name, name) == 0;
    return n;
}

json_t *fake_json(const struct fake_reply *r)
{
    json_error_t e;
    json_t *doc = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &e);
    cr_assert_not_null(doc, "the body is not JSON (line %d: %s): %.300s", e.line, e.text, r->body);
    return doc;
}

json_t *fake_ok_json(const struct fake_reply *r)
{
    cr_assert_eq(r->status, 200, "status %u, want 200: %.400s", r->status, r->body);
    cr_assert_str_eq(r->content_type, "application/json");
    return fake_json(r);
}

static const char *member(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

json_t *fake_problem(const struct fake_reply *r, enum problem_type t, const char *instance)
{
    const struct problem_info *p = problem_info(t);
    cr_assert_eq(r->status, p->status, "status %u, want %u (%s): %.400s", r->status, p->status,
                 p->slug, r->body);
    cr_assert_str_eq(r->content_type, "application/problem+json");
    json_t *doc = fake_json(r);
    char type[80];
    snprintf(type, sizeof type, "/problems/%s", p->slug);
    cr_assert_str_eq(member(doc, "type"), type, "type of %.400s", r->body);
    cr_assert_str_eq(member(doc, "title"), p->title);
    cr_assert_eq(json_integer_value(json_object_get(doc, "status")), (json_int_t)p->status);
    cr_assert_not_null(member(doc, "detail"), "a problem without a detail: %s", r->body);
    cr_assert_gt(strlen(member(doc, "detail")), 0);
    if (instance) cr_assert_str_eq(member(doc, "instance"), instance);
    return doc;
}

json_t *fake_field_error(json_t *problem, const char *field, const char *code)
{
    json_t *errors = json_object_get(problem, "errors");
    cr_assert(json_is_array(errors), "the problem has no errors[]");
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e)
    {
        const char *f = member(e, "field"), *c = member(e, "code");
        if (f && c && strcmp(f, field) == 0 && strcmp(c, code) == 0) {
            cr_assert_not_null(member(e, "message"), "errors[%zu] has no message", i);
            return e;
        }
    }
    char *dump = json_dumps(errors, JSON_COMPACT);
    char shown[600];
    snprintf(shown, sizeof shown, "%s", dump ? dump : "?");
    free(dump);
    cr_assert_fail("no error {field: %s, code: %s} in %s", field, code, shown);
    return NULL;
}

void fake_field_problem(const struct fake_reply *r, enum problem_type t, const char *instance,
                        const char *field, const char *code)
{
    json_t *doc = fake_problem(r, t, instance);
    fake_field_error(doc, field, code);
    json_decref(doc);
}

json_t *fake_rows_in_order(json_t *rows, size_t n)
{
    cr_assert_eq(json_array_size(rows), n);
    for (size_t i = 0; i < n; i++) {
        json_t *row = json_array_get(rows, i);
        cr_expect_eq(json_integer_value(json_object_get(row, "row")), (json_int_t)i + 1,
                     "rows in order");
    }
    return rows;
}
