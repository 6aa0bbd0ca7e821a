/* handle_screen: each row on its own, a bad row its own error and the batch goes on
 * (docs/screening.md, "Input" and "Output"). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "handlers/handlers.h"
#include "lib/strbuf.h"
#include "request_double.h"
#include "unit/fixtures.h"

FX_SUITE_SNAPSHOT(fx_seed())

TestSuite(screen_rows, .init = setup, .fini = teardown);

#define WORDS "@WORDS@" /* replaced by a name of 100 words: more than the matcher reads */

static const struct {
    const char *line;         /* NDJSON */
    const char *verdict;      /* when answered */
    const char *field, *code; /* the row's first error otherwise */
} rows[] = {
    {"{\"name\":\"Kaspersky Lab\"}", "clear", NULL, NULL}, /* ?as_of=2016-12-31 */
    {"{\"name\":\"Kaspersky Lab\",\"as_of\":\"2024-10-01\"}", "restricted", NULL, NULL},
    {"{\"name\":\"Kaspersky Lab\",\"kind\":\"product\"}", "no_match", NULL, NULL},
    {"{\"name\":\"Kaspersky Lab\",\"as_of\":null,\"ref\":\"\"}", "clear", NULL, NULL},
    {"{\"name\":\"Kaspersky Lab\",\"as_of\":\"yesterday\"}", NULL, "as_of", "invalid_date"},
    {"{\"name\":\"Kaspersky Lab\",\"kind\":\"vendor\"}", NULL, "kind", "invalid_value"},
    {"{\"name\":\"Kaspersky Lab\",\"jurisdiction\":\"USA\"}", NULL, "jurisdiction", "invalid_code"},
    {"{\"name\":\"Kaspersky Lab\",\"binds\":\"US persons\"}", NULL, "binds", "invalid_code"},
    {"{\"name\":\"Kaspersky Lab\",\"nmae\":\"x\"}", NULL, "nmae", "unknown_field"},
    {"{\"name\":5}", NULL, "name", "invalid_type"},
    {"{\"name\":\"A\",\"ref\":1.5}", NULL, "ref", "invalid_type"},
    {"{oops", NULL, "row", "invalid_json"},
    {"[1]", NULL, "row", "invalid_type"},
    {"{\"name\":\"" WORDS "\"}", NULL, "name", "too_long"},
    {"{\"name\":\"Kasper\\u0001sky\"}", NULL, "name", "invalid_character"},
    {"{\"name\":\"   \"}", NULL, "name", "required"},
    {"{\"name\":\"Kaspersky Lab\",\"as_of\":\"2024-10-01\",\"binds\":\"us-persons\"}", "restricted",
     NULL, NULL},
};
#define N_ROWS (sizeof rows / sizeof *rows)

static void append_line(struct strbuf *sb, const char *line)
{
    const char *w = strstr(line, WORDS);
    if (!w) {
        sb_printf(sb, "%s\n", line);
        return;
    }
    sb_append(sb, line, (size_t)(w - line));
    for (int i = 0; i < 100; i++)
        sb_printf(sb, "%sw%d", i ? " " : "", i);
    sb_printf(sb, "%s\n", w + strlen(WORDS));
}

Test(screen_rows, a_bad_row_is_its_own_error)
{
    struct strbuf body = {0};
    for (size_t i = 0; i < N_ROWS; i++)
        append_line(&body, rows[i].line);
    struct fake_spec s = {
        .path = "/v1/screen",
        .query = "as_of=2016-12-31",
        .headers = {"Content-Type: application/x-ndjson", "Accept: application/json"},
        .body = body.data,
        .snap = snap};
    struct fake_reply *r = fake_call(handle_screen, &s);
    json_t *doc = fake_ok_json(r);
    json_t *out = fake_rows_in_order(json_object_get(doc, "rows"), N_ROWS);
    size_t errors = 0;
    for (size_t i = 0; i < N_ROWS; i++) {
        json_t *row = json_array_get(out, i);
        json_t *result = json_object_get(row, "result");
        if (rows[i].verdict) {
            cr_expect_str_eq(json_string_value(json_object_get(result, "verdict")), rows[i].verdict,
                             "row %zu: %s", i + 1, rows[i].line);
            continue;
        }
        errors++;
        cr_expect_null(result, "row %zu: %s", i + 1, rows[i].line);
        json_t *e = json_array_get(json_object_get(row, "errors"), 0);
        cr_expect_str_eq(json_string_value(json_object_get(e, "field")), rows[i].field,
                         "row %zu: %s", i + 1, rows[i].line);
        cr_expect_str_eq(json_string_value(json_object_get(e, "code")), rows[i].code, "row %zu: %s",
                         i + 1, rows[i].line);
    }
    json_t *sum = json_object_get(doc, "summary");
    cr_expect_eq(json_integer_value(json_object_get(sum, "rows")), (json_int_t)N_ROWS);
    cr_expect_eq(json_integer_value(json_object_get(sum, "errors")), (json_int_t)errors);
    json_decref(doc);
    fake_reply_free(r);
    sb_free(&body);
}

/* A cell echoed into CSV that a spreadsheet would run as a formula gets a leading
 * apostrophe; JSON echoes it as it is. */
Test(screen_rows, formulas_are_defused_in_csv_only)
{
    static const char body[] = "name,ref\n=cmd|'/c calc'!A0,-1\n@SUM(A1),+2\n";
    struct fake_spec s = {.path = "/v1/screen",
                          .query = "as_of=2024-10-01",
                          .headers = {"Content-Type: text/csv"},
                          .body = body,
                          .snap = snap};
    struct fake_reply *r = fake_call(handle_screen, &s);
    cr_assert_eq(r->status, 200);
    cr_expect_not_null(strstr(r->body, "\r\n1,'-1,'=cmd|'/c calc'!A0,"), "%s", r->body);
    cr_expect_not_null(strstr(r->body, "\r\n2,'+2,'@SUM(A1),"), "%s", r->body);
    fake_reply_free(r);

    s.headers[1] = "Accept: application/x-ndjson";
    r = fake_call(handle_screen, &s);
    cr_assert_eq(r->status, 200);
    cr_expect_not_null(strstr(r->body, "{\"row\":1,\"ref\":\"-1\","), "%s", r->body);
    cr_expect_not_null(strstr(r->body, "\"name\":\"=cmd|'/c calc'!A0\""), "%s", r->body);
    fake_reply_free(r);
}
