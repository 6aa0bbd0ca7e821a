/* The answer to a screening is bounded by its request (issue 15, item 6): the review sent
 * 1.6 MB of names and got 1.9 GB of NDJSON (every row's rulings in full, x1,200). Full row
 * answers now stop at 64 times the body (at least RESTRICTD_SCREEN_FULL_ANSWER_MIN, 32 MiB;
 * 4 MiB here, so that the test stays quick under sanitizers); every later row is still
 * answered, in the compact view (as a CSV row has it), and the summary says how many were. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "schema_check.h"

enum { ROWS = 3000 };

Test(screen_bound, full_answers_stop_at_the_bound_and_the_rest_are_summaries, .timeout = 120)
{
    static const char row[] = "Kaspersky Lab\n";
    size_t len = 5 + ROWS * (sizeof row - 1);
    char *body = malloc(len + 1);
    cr_assert(body);
    memcpy(body, "name\n", 5);
    for (size_t i = 0; i < ROWS; i++)
        memcpy(body + 5 + i * (sizeof row - 1), row, sizeof row - 1);
    body[len] = '\0';
    const char *headers[] = {"Content-Type: text/csv", "Accept: application/x-ndjson", NULL};
    struct testbed tb;
    const char *env[] = {"RESTRICTD_SCREEN_FULL_ANSWER_MIN=4194304", NULL};
    testbed_start(&tb, db_create("screen_bound"), env);
    char url[160];
    snprintf(url, sizeof url, "%s/v1/screen?as_of=2024-10-01", tb.s.base);
    struct http r = http_do("POST", url, body, len, headers);
    cr_assert_eq(r.status, 200);
    /* the last line is the summary; the one before it a row past the bound */
    char *last = r.body + r.len - 1;
    *last = '\0';
    char *summary_line = strrchr(r.body, '\n');
    cr_assert(summary_line);
    *summary_line = '\0';
    char *last_row = strrchr(r.body, '\n');
    cr_assert(last_row);
    json_t *summary_doc = json_loads(summary_line + 1, 0, NULL);
    json_t *summary = json_object_get(summary_doc, "summary");
    json_t *tail = json_loads(last_row + 1, 0, NULL);
    cr_assert(summary && tail, "unreadable lines");
    long long summarised = json_integer_value(json_object_get(summary, "summarised"));
    long long limit = json_integer_value(json_object_get(summary, "full_answer_bytes_limit"));
    cr_expect_eq(json_integer_value(json_object_get(summary, "rows")), ROWS);
    cr_expect_eq(json_integer_value(json_object_get(summary, "restricted")), ROWS);
    cr_expect_eq(limit, 4ll * 1024 * 1024, "%lld", limit);
    cr_expect_gt(summarised, 0);
    json_t *result = json_object_get(tail, "result");
    cr_expect_str_eq(json_string_value(json_object_get(result, "view")), "compact");
    cr_expect_str_eq(json_string_value(json_object_get(result, "verdict")), "restricted");
    char why[512] = "";
    json_t *doc = openapi_doc();
    cr_expect(schema_validate(doc, schema_resolve(doc, "#/components/schemas/ScreenRow"), tail, why,
                              sizeof why),
              "a summary row does not fit ScreenRow: %s", why);
    size_t full_row = 36 * 1024; /* about what one Kaspersky row takes in full */
    cr_expect_lt(r.len, (size_t)limit + full_row + (size_t)summarised * 1024,
                 "%zu bytes for %lld summarised rows", r.len, summarised);
    printf("screen bound: %d rows (%zu bytes) answered in %zu bytes (%.0fx; unbounded about "
           "%zu bytes), %lld rows compact\n",
           ROWS, len, r.len, (double)r.len / (double)len, (size_t)ROWS * full_row, summarised);
    json_decref(tail);
    json_decref(summary_doc);
    testbed_stop(&tb);
    free(body);
    http_free(&r);
}
