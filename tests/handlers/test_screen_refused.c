/* handle_screen: what is refused before the first row (docs/screening.md, "Limits"). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "handlers/handlers.h"
#include "lib/strbuf.h"
#include "request_double.h"
#include "unit/fixtures.h"

FX_SUITE_SNAPSHOT(fx_seed())

TestSuite(screen_refused, .init = setup, .fini = teardown);

struct refused {
    const char *content_type; /* NULL = no Content-Type */
    const char *accept;       /* NULL = none */
    const char *query;
    const char *body;
    enum problem_type problem;
    const char *field, *code; /* an entry of errors[], NULL = none expected */
    const char *detail;       /* part of the detail, NULL = not checked */
};

static const struct refused cases[] = {
    /* the body's type */
    {NULL, NULL, NULL, "name\nA\n", PROBLEM_UNSUPPORTED_MEDIA_TYPE, NULL, NULL, "no Content-Type"},
    {"text/plain", NULL, NULL, "name\nA\n", PROBLEM_UNSUPPORTED_MEDIA_TYPE, NULL, NULL,
     "text/plain cannot be screened"},
    {"text/csv; charset=latin1", NULL, NULL, "name\nA\n", PROBLEM_UNSUPPORTED_MEDIA_TYPE, NULL,
     NULL, "UTF-8"},
    /* the answer's type */
    {"text/csv", "image/png", NULL, "name\nA\n", PROBLEM_NOT_ACCEPTABLE, NULL, NULL, NULL},
    {"text/csv", "text/csv;q=0", NULL, "name\nA\n", PROBLEM_NOT_ACCEPTABLE, NULL, NULL, NULL},
    /* an empty or malformed body */
    {"text/csv", NULL, NULL, "", PROBLEM_INVALID_BODY, NULL, NULL, "the body is empty"},
    {"application/json", NULL, NULL, " \r\n\t", PROBLEM_INVALID_BODY, NULL, NULL, "empty"},
    {"application/json", NULL, NULL, "[{\"name\":\"A\"},]", PROBLEM_INVALID_BODY, NULL, NULL,
     "a ',' after the last row"},
    {"application/json", NULL, NULL, "{\"name\":\"A\"}", PROBLEM_INVALID_BODY, NULL, NULL,
     "expected a JSON array"},
    {"application/json", NULL, NULL, "[\n{\"name\":\"A\"},\n{\"name\":}\n]", PROBLEM_INVALID_BODY,
     NULL, NULL, "line 3"},
    {"text/csv", NULL, NULL, "name\n\"A\n", PROBLEM_INVALID_BODY, NULL, NULL,
     "a quoted field is never closed"},
    /* a CSV header that cannot be used */
    {"text/csv", NULL, NULL, "ref,city\n1,Paris\n", PROBLEM_VALIDATION_FAILED, "header",
     "invalid_header", "no \"name\" column"},
    {"text/csv", NULL, NULL, "name,ref,NAME\nA,1,B\n", PROBLEM_VALIDATION_FAILED, "header",
     "invalid_header", "twice"},
    {"text/csv", NULL, "name_column=Supplier", "name\nA\n", PROBLEM_VALIDATION_FAILED, "header",
     "invalid_header", NULL},
    /* query parameters */
    {"text/csv", NULL, "as_of=yesterday", "name\nA\n", PROBLEM_INVALID_PARAMETER, "as_of",
     "invalid_date", NULL},
    {"text/csv", NULL, "name=A", "name\nA\n", PROBLEM_INVALID_PARAMETER, "name",
     "unknown_parameter", NULL},
    {"text/csv", NULL, "limit=100", "name\nA\n", PROBLEM_INVALID_PARAMETER, "limit",
     "invalid_number", NULL},
    {"application/json", NULL, "name_column=Supplier", "[{\"name\":\"A\"}]",
     PROBLEM_INVALID_PARAMETER, "name_column", "invalid_value", "CSV bodies only"},
    {"application/x-ndjson", NULL, "ref_column=id", "{\"name\":\"A\"}", PROBLEM_INVALID_PARAMETER,
     "ref_column", "invalid_value", "CSV bodies only"},
};

static struct fake_reply *post(const struct refused *c, unsigned max_rows)
{
    char ct[200], acc[200];
    snprintf(ct, sizeof ct, "Content-Type: %s", c->content_type ? c->content_type : "");
    snprintf(acc, sizeof acc, "Accept: %s", c->accept ? c->accept : "");
    struct fake_spec s = {.path = "/v1/screen", .query = c->query, .body = c->body, .snap = snap};
    size_t h = 0;
    if (c->content_type) s.headers[h++] = ct;
    if (c->accept) s.headers[h++] = acc;
    s.settings = fake_default_settings;
    if (max_rows) s.settings.screen_max_rows = max_rows;
    return fake_call(handle_screen, &s);
}

static void expect_refused(const struct refused *c, const struct fake_reply *r)
{
    cr_expect(!r->streamed, "refused before the first row");
    json_t *doc = fake_problem(r, c->problem, "/v1/screen");
    if (c->field) fake_field_error(doc, c->field, c->code);
    const char *detail = json_string_value(json_object_get(doc, "detail"));
    if (c->detail)
        cr_expect_not_null(strstr(detail, c->detail), "detail \"%s\" lacks \"%s\"", detail,
                           c->detail);
    json_decref(doc);
}

Test(screen_refused, before_the_first_row)
{
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct fake_reply *r = post(&cases[i], 0);
        expect_refused(&cases[i], r);
        fake_reply_free(r);
    }
}

/* RESTRICTD_SCREEN_MAX_ROWS: one row over is 413 naming the limit; the limit itself is fine,
 * whatever the format; blank lines are not rows. */
Test(screen_refused, more_rows_than_the_setting)
{
    static const struct {
        const char *content_type, *at_limit, *over;
    } lists[] = {
        {"text/csv", "name\nA\n\nB\nC\n", "name\nA\nB\nC\nD\n"},
        {"application/x-ndjson", "{\"name\":\"A\"}\n\n{\"name\":\"B\"}\n{\"name\":\"C\"}\n",
         "{\"name\":\"A\"}\n{\"name\":\"B\"}\n{\"name\":\"C\"}\n{\"name\":\"D\"}\n"},
        {"application/json", "[{\"name\":\"A\"},{\"name\":\"B\"},{\"name\":\"C\"}]",
         "[{\"name\":\"A\"},{\"name\":\"B\"},{\"name\":\"C\"},{\"name\":\"D\"}]"},
    };
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
        struct refused over = {
            lists[i].content_type,     NULL, NULL, lists[i].over,
            PROBLEM_PAYLOAD_TOO_LARGE, NULL, NULL, "the list has more than 3 rows"};
        struct fake_reply *r = post(&over, 3);
        expect_refused(&over, r);
        fake_reply_free(r);

        struct refused ok = over;
        ok.body = lists[i].at_limit;
        r = post(&ok, 3);
        cr_expect_eq(r->status, 200, "%s: %u %s", lists[i].content_type, r->status, r->body);
        cr_expect_str_eq(fake_header(r, "X-Screen-Rows"), "3");
        cr_expect_eq(r->produce_calls, 4);
        fake_reply_free(r);
    }
}

/* The first row over the limit is enough: a long list is refused as fast as a short one. */
Test(screen_refused, a_very_long_list_over_a_small_limit)
{
    struct strbuf body = {0};
    sb_puts(&body, "name\n");
    for (int i = 0; i < 20000; i++)
        sb_printf(&body, "Name %d\n", i);
    struct refused c = {
        "text/csv",        NULL, NULL, body.data, PROBLEM_PAYLOAD_TOO_LARGE, NULL, NULL,
        "more than 1 rows"};
    struct fake_reply *r = post(&c, 1);
    expect_refused(&c, r);
    fake_reply_free(r);
    sb_free(&body);
}
