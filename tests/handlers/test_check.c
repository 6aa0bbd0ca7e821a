/* handle_check (GET /v1/check) through the request double, on the seed data: verdicts,
 * 400s naming the field, and the validator (ETag from the question, 304). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "handlers/handlers.h"
#include "lib/strbuf.h"
#include "request_double.h"
#include "unit/fixtures.h"

FX_SUITE_SNAPSHOT(fx_seed())

TestSuite(check, .init = setup, .fini = teardown);

static struct fake_reply *check(const char *query, const char *if_none_match)
{
    char inm[200];
    snprintf(inm, sizeof inm, "If-None-Match: %s", if_none_match ? if_none_match : "");
    struct fake_spec s = {.path = "/v1/check", .query = query, .snap = snap};
    if (if_none_match) s.headers[0] = inm;
    return fake_call(handle_check, &s);
}

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* A strong validator as the handler makes it: 16 hex digits in quotes. */
static void expect_tag(const char *tag)
{
    cr_assert_not_null(tag, "no ETag");
    cr_expect_eq(strlen(tag), 18, "ETag %s", tag);
    cr_expect(tag[0] == '"' && tag[17] == '"', "ETag %s", tag);
    cr_expect_eq(strspn(tag + 1, "0123456789abcdef"), 16, "ETag %s", tag);
}

Test(check, verdicts_from_the_seed)
{
    static const struct {
        const char *query;
        const char *verdict; /* expected */
        const char *match;   /* subject id, NULL = no match */
    } cases[] = {
        {"name=Kaspersky%20Lab&as_of=2024-10-01", "restricted", "ao-kaspersky-lab"},
        {"name=Kaspersky+Lab&as_of=2024-10-01&jurisdiction=us", "restricted", "ao-kaspersky-lab"},
        {"name=Kaspersky%20Lab&as_of=2016-12-31", "clear", "ao-kaspersky-lab"},
        {"name=Kaspersky%20Threat%20Intelligence&as_of=2024-10-01&binds=us-persons", "clear",
         "kaspersky-threat-intelligence"},
        {"name=Eugene%20Kaspersky&as_of=2024-10-01&kind=person", "clear", "eugene-kaspersky"},
        {"name=Kaspersky%20Lab&kind=product&as_of=2024-10-01", "no_match", NULL},
        {"name=Acme%20Widgets&as_of=2024-10-01", "no_match", NULL},
        {"name=Zzyzx%20Unrelated%20Trading%20GmbH", "no_match", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct fake_reply *r = check(cases[i].query, NULL);
        json_t *doc = fake_ok_json(r);
        cr_expect_str_eq(str(doc, "verdict"), cases[i].verdict, "%s", cases[i].query);
        cr_expect_eq(json_is_true(json_object_get(doc, "restricted")),
                     strcmp(cases[i].verdict, "restricted") == 0, "%s", cases[i].query);
        json_t *m = json_object_get(doc, "match");
        if (cases[i].match)
            cr_expect_str_eq(str(m, "id"), cases[i].match, "%s", cases[i].query);
        else
            cr_expect(json_is_null(m), "%s: matched %s", cases[i].query, str(m, "id"));
        cr_expect_eq(json_integer_value(json_object_get(doc, "revision")), 1);
        cr_expect(json_is_object(json_object_get(doc, "query")));
        expect_tag(fake_header(r, "ETag"));
        cr_expect_eq(fake_header_count(r, "ETag"), 1);
        cr_expect(!r->not_modified && !r->streamed);
        json_decref(doc);
        fake_reply_free(r);
    }
}

Test(check, the_question_as_understood)
{
    struct fake_reply *r =
        check("name=Kaspersky%20Lab&as_of=2024-10-01&jurisdiction=gb&binds=us-persons"
              "&min_score=0.9&limit=2&kind=organization",
              NULL);
    json_t *doc = fake_ok_json(r);
    json_t *q = json_object_get(doc, "query");
    cr_expect_str_eq(str(q, "name"), "Kaspersky Lab");
    cr_expect_str_eq(str(q, "as_of"), "2024-10-01T23:59:59Z", "a bare date is its last second");
    cr_expect_str_eq(str(q, "jurisdiction"), "GB", "upper-cased");
    cr_expect_str_eq(str(q, "binds"), "us-persons");
    cr_expect_str_eq(str(q, "kind"), "organization");
    cr_expect_leq(json_array_size(json_object_get(doc, "candidates")), 2);
    json_decref(doc);
    fake_reply_free(r);
}

struct bad_case {
    const char *query;
    const char *field, *code; /* one of the errors */
    size_t n_errors;
};

static const struct bad_case bad_cases[] = {
    {"", "name", "required", 1},
    {"name=", "name", "required", 1},
    {"name", "name", "required", 1},
    {"as_of=2024-10-01", "name", "required", 1},
    {"name=Kaspersky&as_of=yesterday", "as_of", "invalid_date", 1},
    {"name=Kaspersky&as_of=2024-13-01", "as_of", "invalid_date", 1},
    {"name=Kaspersky&kind=vendor", "kind", "invalid_value", 1},
    {"name=Kaspersky&jurisdiction=USA", "jurisdiction", "invalid_code", 1},
    {"name=Kaspersky&jurisdiction=U1", "jurisdiction", "invalid_code", 1},
    {"name=Kaspersky&binds=US%20Persons", "binds", "invalid_code", 1},
    {"name=Kaspersky&min_score=2", "min_score", "invalid_number", 1},
    {"name=Kaspersky&min_score=inf", "min_score", "invalid_number", 1},
    {"name=Kaspersky&min_score=0x1", "min_score", "invalid_number", 1},
    {"name=Kaspersky&limit=21", "limit", "invalid_number", 1},
    {"name=Kaspersky&limit=-1", "limit", "invalid_number", 1},
    {"name=Kaspersky&limit=1.5", "limit", "invalid_number", 1},
    {"name=Kaspersky&nmae=x", "nmae", "unknown_parameter", 1},
    {"nmae=Kaspersky", "nmae", "unknown_parameter", 2},
    {"name=a&name=b", "name", "repeated_parameter", 1},
    {"name=Kasper%01sky", "name", "invalid_character", 1},
    {"name=Kasper%0Asky", "name", "invalid_character", 1},
    {"name=Kasper%FFsky", "name", "invalid_encoding", 1},
    {"name=Kasper%00sky", "name", "invalid_encoding", 1},
    /* told once, though as_of is looked at twice (is it given? is it right?) */
    {"name=Kaspersky&as_of=2024%FF", "as_of", "invalid_encoding", 1},
    {"name=Kaspersky&as_of=2024%01", "as_of", "invalid_character", 1},
    {"name=Kaspersky&as_of=x&kind=y&limit=99", "limit", "invalid_number", 3},
};

Test(check, bad_parameters_are_400_naming_the_field)
{
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *c = &bad_cases[i];
        struct fake_reply *r = check(c->query, NULL);
        json_t *doc = fake_problem(r, PROBLEM_INVALID_PARAMETER, "/v1/check");
        fake_field_error(doc, c->field, c->code);
        cr_expect_eq(json_array_size(json_object_get(doc, "errors")), c->n_errors, "\"%s\"",
                     c->query);
        const char *detail = str(doc, "detail");
        if (c->n_errors == 1)
            cr_expect_eq(strncmp(detail, c->field, strlen(c->field)), 0,
                         "\"%s\": the detail names the field: %s", c->query, detail);
        else
            cr_expect_not_null(strstr(detail, "parameters are invalid"), "%s", detail);
        cr_expect_null(fake_header(r, "ETag"), "no validator on an error");
        json_decref(doc);
        fake_reply_free(r);
    }
}

Test(check, a_name_over_512_bytes_is_too_long)
{
    struct strbuf q = {0};
    sb_puts(&q, "name=");
    for (int i = 0; i < 513; i++)
        sb_putc(&q, 'k');
    struct fake_reply *r = check(q.data, NULL);
    fake_field_problem(r, PROBLEM_INVALID_PARAMETER, "/v1/check", "name", "too_long");
    fake_reply_free(r);
    sb_free(&q);
}

/* Within 512 bytes but more words than the matcher takes: refused by the check itself. */
static void too_many_words(struct strbuf *q)
{
    sb_puts(q, "name=");
    for (int i = 0; i < 100; i++)
        sb_printf(q, "%sw%d", i ? "+" : "", i);
}

Test(check, a_name_of_too_many_words_is_400)
{
    struct strbuf q = {0};
    too_many_words(&q);
    struct fake_reply *r = check(q.data, NULL);
    fake_field_problem(r, PROBLEM_INVALID_PARAMETER, "/v1/check", "name", "too_long");
    cr_expect_null(fake_header(r, "ETag"));
    fake_reply_free(r);
    sb_free(&q);
}
