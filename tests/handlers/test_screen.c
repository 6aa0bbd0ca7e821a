/* handle_screen (POST /v1/screen) through the request double: the three formats answered
 * row by row to the end of the stream (docs/screening.md). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "handlers/handlers.h"
#include "handlers/screen_ahead.h"
#include "lib/strbuf.h"
#include "request_double.h"
#include "unit/fixtures.h"

FX_SUITE_SNAPSHOT(fx_seed())

TestSuite(screen, .init = setup, .fini = teardown);

static struct fake_reply *screen(const char *content_type, const char *accept, const char *query,
                                 const char *body)
{
    char ct[200], acc[200];
    snprintf(ct, sizeof ct, "Content-Type: %s", content_type);
    snprintf(acc, sizeof acc, "Accept: %s", accept ? accept : "");
    struct fake_spec s = {.path = "/v1/screen", .query = query, .body = body, .snap = snap};
    s.headers[0] = ct;
    s.headers[1] = accept ? acc : NULL;
    return fake_call(handle_screen, &s);
}

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static json_int_t num(json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

/* The three rows every format below holds: a hit, a miss with a numeric ref (JSON) and a
 * row without a name. */
static void expect_rows(json_t *rows, bool numeric_ref)
{
    fake_rows_in_order(rows, 3);
    json_t *hit = json_array_get(rows, 0), *miss = json_array_get(rows, 1),
           *bad = json_array_get(rows, 2);
    cr_expect_str_eq(str(hit, "ref"), "SUP-1");
    cr_expect_str_eq(str(json_object_get(hit, "result"), "verdict"), "restricted");
    cr_expect_str_eq(str(json_object_get(json_object_get(hit, "result"), "match"), "id"),
                     "ao-kaspersky-lab");
    if (numeric_ref)
        cr_expect_eq(num(miss, "ref"), 2, "a numeric ref is echoed as a number");
    else
        cr_expect_str_eq(str(miss, "ref"), "2");
    cr_expect_str_eq(str(json_object_get(miss, "result"), "verdict"), "no_match");
    cr_expect_null(json_object_get(bad, "result"));
    cr_expect_str_eq(str(bad, "ref"), "SUP-3");
    json_t *errors = json_object_get(bad, "errors");
    cr_assert_eq(json_array_size(errors), 1);
    cr_expect_str_eq(str(json_array_get(errors, 0), "field"), "name");
    cr_expect_str_eq(str(json_array_get(errors, 0), "code"), "required");
}

static void expect_summary(json_t *sum, size_t ignored_columns)
{
    cr_expect_eq(num(sum, "rows"), 3);
    cr_expect_eq(num(sum, "restricted"), 1);
    cr_expect_eq(num(sum, "no_match"), 1);
    cr_expect_eq(num(sum, "clear"), 0);
    cr_expect_eq(num(sum, "advisory"), 0);
    cr_expect_eq(num(sum, "errors"), 1);
    cr_expect_eq(num(sum, "revision"), 1);
    cr_expect(json_is_number(json_object_get(sum, "elapsed_ms")));
    cr_expect_eq(json_array_size(json_object_get(sum, "ignored_columns")), ignored_columns);
}

/* Streamed as promised: the content type, X-Screen-Rows before the first row, one row per
 * call of the producer, then the summary. */
static void expect_stream(const struct fake_reply *r, const char *content_type, size_t rows)
{
    cr_assert_eq(r->status, 200, "%u: %s", r->status, r->body);
    cr_expect(r->streamed);
    cr_expect_str_eq(r->content_type, content_type);
    char n[24];
    snprintf(n, sizeof n, "%zu", rows);
    cr_expect_str_eq(fake_header(r, "X-Screen-Rows"), n);
    cr_expect_null(fake_header(r, "ETag"), "a stream has no validator");
    /* a few rows per call (one, or a chunk when a second thread screens ahead), then the
     * summary: a call never screens the whole list */
    cr_expect_geq(r->produce_calls, (rows + SCREEN_CHUNK_ROWS - 1) / SCREEN_CHUNK_ROWS + 1);
    cr_expect_leq(r->produce_calls, rows + 1);
}

/* The three rows of expect_rows in each format, and the type each is answered in. */
enum { IN_JSON, IN_NDJSON, IN_CSV };
static const struct {
    const char *content_type, *body, *answered_as;
} three_rows[] = {
    [IN_JSON] = {"application/json",
                 "[{\"name\":\"Kaspersky Lab\",\"ref\":\"SUP-1\"},\n"
                 " {\"name\":\"Zzyzx Unrelated Trading\",\"ref\":2},\n"
                 " {\"name\":\"\",\"ref\":\"SUP-3\"}]",
                 "application/json"},
    [IN_NDJSON] = {"application/x-ndjson",
                   "{\"name\":\"Kaspersky Lab\",\"ref\":\"SUP-1\"}\n"
                   "\n"
                   "{\"name\":\"Zzyzx Unrelated Trading\",\"ref\":\"2\"}\r\n"
                   "{\"ref\":\"SUP-3\"}",
                   "application/x-ndjson"},
    [IN_CSV] = {"text/csv",
                "\xEF\xBB\xBFName,ref,city\r\n"
                "Kaspersky Lab,SUP-1,Moscow\r\n"
                "\"Zzyzx Unrelated Trading, Inc.\",2,Paris\r\n"
                ",SUP-3,Rome\r\n",
                "text/csv; charset=utf-8; header=present"},
};

/* Screens the three rows in format `in` (no Accept) and checks the stream. Caller
 * fake_reply_free()s. */
static struct fake_reply *screen_three_rows(int in)
{
    struct fake_reply *r =
        screen(three_rows[in].content_type, NULL, "as_of=2024-10-01", three_rows[in].body);
    expect_stream(r, three_rows[in].answered_as, 3);
    return r;
}

Test(screen, json_array)
{
    struct fake_reply *r = screen_three_rows(IN_JSON);
    json_t *doc = fake_json(r);
    cr_expect_eq(num(doc, "revision"), 1);
    expect_rows(json_object_get(doc, "rows"), true);
    expect_summary(json_object_get(doc, "summary"), 0);
    json_decref(doc);
    fake_reply_free(r);
}

Test(screen, ndjson)
{
    struct fake_reply *r = screen_three_rows(IN_NDJSON);
    json_t *rows = json_array();
    json_t *summary = NULL;
    size_t lines = 0;
    for (const char *p = r->body; *p;) {
        const char *nl = strchr(p, '\n');
        cr_assert_not_null(nl, "every NDJSON line ends with a newline: %s", p);
        json_error_t e;
        json_t *line = json_loadb(p, (size_t)(nl - p), 0, &e);
        cr_assert_not_null(line, "line %zu is not JSON: %.*s", lines + 1, (int)(nl - p), p);
        if (json_object_get(line, "summary")) {
            cr_expect_null(summary, "one summary");
            cr_expect_eq(nl[1], '\0', "the summary is the last line");
            summary = json_incref(json_object_get(line, "summary"));
            json_decref(line);
        } else {
            json_array_append_new(rows, line);
        }
        lines++;
        p = nl + 1;
    }
    expect_rows(rows, false);
    cr_assert_not_null(summary);
    expect_summary(summary, 0);
    json_decref(rows);
    json_decref(summary);
    fake_reply_free(r);
}

Test(screen, csv)
{
    struct fake_reply *r = screen_three_rows(IN_CSV);
    const char *want_start =
        "row,ref,name,as_of,verdict,restricted,since,match_id,match_name,score,rulings,error\r\n"
        "1,SUP-1,Kaspersky Lab,2024-10-01T23:59:59Z,restricted,true,";
    cr_expect_eq(strncmp(r->body, want_start, strlen(want_start)), 0, "%s", r->body);
    cr_expect_not_null(strstr(r->body, "\r\n2,2,\"Zzyzx Unrelated Trading, Inc.\","
                                       "2024-10-01T23:59:59Z,no_match,false,,,,,,\r\n"),
                       "%s", r->body);
    cr_expect_not_null(strstr(r->body, "\r\n3,SUP-3,,,error,,,,,,,name: is required\r\n"), "%s",
                       r->body);
    /* plain RFC 4180: a header and one line a row, the summary in the trailer */
    cr_expect_null(strstr(r->body, "# summary"), "%s", r->body);
    size_t lines = 0;
    for (const char *p = r->body; (p = strstr(p, "\r\n")); p += 2)
        lines++;
    cr_expect_eq(lines, 4u, "a header and three rows: %s", r->body);
    const char *summary = r->trailer;
    cr_assert_not_null(summary, "no trailer");
    static const char counts[] = "rows=3; restricted=1; advisory=0; clear=0; no_match=1; "
                                 "errors=1; summarised=0; revision=1; elapsed_ms=";
    cr_expect_eq(strncmp(summary, counts, strlen(counts)), 0, "%s", summary);
    cr_expect_not_null(strstr(summary, "; ignored_columns=city"), "%s", summary);
    cr_expect_null(strchr(summary, '\n'), "one line: %s", summary);
    fake_reply_free(r);
}

Test(screen, accept_chooses_the_answer_format)
{
    static const struct {
        const char *accept, *content_type;
    } cases[] = {
        {"application/x-ndjson", "application/x-ndjson"},
        {"text/csv;q=0.5, application/json", "application/json"},
        {"*/*", "text/csv; charset=utf-8; header=present"},
        {"text/*", "text/csv; charset=utf-8; header=present"},
        {"application/*;q=0.9, text/csv;q=0.1", "application/json"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct fake_reply *r =
            screen("text/csv", cases[i].accept, "as_of=2024-10-01", "name\nKaspersky Lab\n");
        cr_expect_eq(r->status, 200, "Accept: %s", cases[i].accept);
        cr_expect_str_eq(r->content_type, cases[i].content_type, "Accept: %s", cases[i].accept);
        cr_expect_eq(r->produce_calls, 2);
        fake_reply_free(r);
    }
}

/* Every row of a long list is answered, once, in order (the stream driven to its end). */
Test(screen, every_row_of_a_long_list_is_answered)
{
    enum { ROWS = 600 };
    static const char *const names[] = {"Kaspersky Lab", "Acme Widgets", "", "UltraAV",
                                        "Eugene Kaspersky"};
    struct strbuf body = {0};
    for (int i = 0; i < ROWS; i++)
        sb_printf(&body, "{\"name\":\"%s\",\"ref\":%d}\n", names[i % 5], i + 1);
    struct fake_reply *r =
        screen("application/x-ndjson", "application/json", "as_of=2024-10-01", body.data);
    expect_stream(r, "application/json", ROWS);
    json_t *doc = fake_json(r);
    json_t *rows = fake_rows_in_order(json_object_get(doc, "rows"), ROWS);
    size_t errors = 0;
    for (size_t i = 0; i < ROWS; i++) {
        json_t *row = json_array_get(rows, i);
        cr_expect_eq(num(row, "ref"), (json_int_t)i + 1, "each row with its own ref");
        bool answered = json_object_get(row, "result") != NULL;
        cr_expect(answered != (json_object_get(row, "errors") != NULL), "row %zu", i + 1);
        errors += !answered;
    }
    cr_expect_eq(errors, ROWS / 5, "the rows without a name");
    json_t *sum = json_object_get(doc, "summary");
    cr_expect_eq(num(sum, "rows"), ROWS);
    cr_expect_eq(num(sum, "errors"), ROWS / 5);
    cr_expect_eq(num(sum, "restricted") + num(sum, "advisory") + num(sum, "clear") +
                     num(sum, "no_match") + num(sum, "errors"),
                 ROWS);
    json_decref(doc);
    fake_reply_free(r);
    sb_free(&body);
}
