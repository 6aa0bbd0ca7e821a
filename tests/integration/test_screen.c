/* POST /v1/screen over HTTP: the three input formats (CSV quoting, embedded commas and line
 * breaks, BOM, CRLF), answers in any format, per-row errors, the summary, defaults from the
 * query, and every refusal (empty, no name column, 400/406/413/415/422). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "lib/csv.h"

static struct http screen_at(const char *base, const char *body, size_t len, const char *type,
                             const char *accept, const char *query)
{
    char url[1024], ct[160], acc[160];
    snprintf(url, sizeof url, "%s/v1/screen%s", base, query ? query : "");
    snprintf(ct, sizeof ct, "Content-Type: %s", type ? type : ""); /* "" removes curl's own */
    snprintf(acc, sizeof acc, "Accept: %s", accept ? accept : "*/*");
    const char *h[] = {ct, acc, NULL};
    return http_do("POST", url, body, len, h);
}

static struct http screen(const char *body, const char *type, const char *accept, const char *query)
{
    return screen_at(shared_url(), body, strlen(body), type, accept, query);
}

/* screen() as of 2024-10-01, answered 200 in the body's own format `type`. */
static struct http screen_ok(const char *body, const char *type)
{
    struct http r = screen(body, type, NULL, "?as_of=2024-10-01");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_str_eq(http_header(&r, "Content-Type"), type);
    return r;
}

/* A CSV answer split into records: rec[i][j] is field j of record i (header = 0). */
struct table {
    size_t n;
    char *cell[64][16];
    char comment[512]; /* the summary line, without "# " */
};

static void table_free(struct table *t)
{
    for (size_t i = 0; i < t->n; i++)
        for (size_t j = 0; j < 16; j++)
            free(t->cell[i][j]);
}

static void parse_csv(const struct http *r, struct table *t)
{
    memset(t, 0, sizeof *t);
    struct csv_reader *cr = malloc(sizeof *cr);
    csv_reader_init(cr, r->body ? r->body : "", r->len);
    struct rd_error err;
    enum csv_status st;
    while ((st = csv_next(cr, &err)) == CSV_RECORD) {
        size_t n;
        const char *first = csv_field(cr, 0, &n);
        if (first[0] == '#') {
            cr_expect_eq(cr->n_fields, 1, "the summary line is one field: %s", first);
            snprintf(t->comment, sizeof t->comment, "%s", first + 2);
            continue;
        }
        cr_assert(t->n < 64);
        cr_expect_eq(cr->n_fields, 12, "record %zu has 12 fields", t->n);
        for (size_t j = 0; j < cr->n_fields && j < 16; j++) {
            const char *f = csv_field(cr, j, &n);
            t->cell[t->n][j] = strndup(f, n);
        }
        t->n++;
    }
    cr_assert_eq(st, CSV_END, "the answer is well-formed CSV: %s", err.message);
    csv_reader_free(cr);
    free(cr);
}

enum {
    C_ROW,
    C_REF,
    C_NAME,
    C_AS_OF,
    C_VERDICT,
    C_RESTRICTED,
    C_SINCE,
    C_MATCH_ID,
    C_MATCH_NAME,
    C_SCORE,
    C_RULINGS,
    C_ERROR
};

Test(screen, csv_quoting_bom_crlf_and_embedded_breaks)
{
    const char body[] = "\xEF\xBB\xBFname,ref,city,as_of\r\n"
                        "\"Kaspersky Lab, Inc.\",S-1,\"Woburn, MA\",2024-10-01\r\n"
                        "Acme Widgets,S-2,\"two\r\nlines\",\r\n"
                        "\"Kaspersky\r\nLab\",S-3,,2018-01-01\r\n"
                        "\r\n"
                        "\"AO \"\"Kaspersky\"\" Lab\",\"S-4, \"\"quoted\"\"\",x,\r\n"
                        ",S-5,,\r\n"
                        "Pango Group,S-6,,not-a-date\r\n"
                        "=cmd|' /C calc'!A0,S-7,,\r\n";
    struct http r = screen(body, "text/csv", NULL, "?as_of=2024-10-01&jurisdiction=US");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_str_eq(http_header(&r, "Content-Type"), "text/csv; charset=utf-8; header=present");
    cr_expect_str_eq(http_header(&r, "X-Screen-Rows"), "7");
    cr_expect(http_header(&r, "X-Data-Revision"));
    struct table t;
    parse_csv(&r, &t);
    cr_assert_eq(t.n, 8, "header + one record per input row");
    cr_expect_str_eq(t.cell[0][C_VERDICT], "verdict");
    static const struct {
        const char *ref, *name, *verdict, *since, *match;
    } want[] = {
        {"S-1", "Kaspersky Lab, Inc.", "restricted", "2017-09-13T04:00:00Z", "kaspersky-lab-inc"},
        {"S-2", "Acme Widgets", "no_match", "", ""},
        {"S-3", "Kaspersky\r\nLab", "restricted", "2017-09-13T04:00:00Z", "ao-kaspersky-lab"},
        {"S-4, \"quoted\"", "AO \"Kaspersky\" Lab", "restricted", "2017-09-13T04:00:00Z",
         "ao-kaspersky-lab"},
        {"S-5", "", "error", "", ""},
        {"S-6", "Pango Group", "error", "", ""},
        {"S-7", "'=cmd|' /C calc'!A0", "no_match", "", ""},
    };
    for (size_t i = 0; i < 7; i++) {
        char **c = t.cell[i + 1];
        char row[8];
        snprintf(row, sizeof row, "%zu", i + 1);
        cr_expect_str_eq(c[C_ROW], row, "in input order");
        cr_expect_str_eq(c[C_REF], want[i].ref, "row %zu", i + 1);
        cr_expect_str_eq(c[C_NAME], want[i].name, "row %zu", i + 1);
        cr_expect_str_eq(c[C_VERDICT], want[i].verdict, "row %zu", i + 1);
        cr_expect_str_eq(c[C_SINCE], want[i].since, "row %zu", i + 1);
        cr_expect_str_eq(c[C_MATCH_ID], want[i].match, "row %zu", i + 1);
    }
    cr_expect_str_eq(t.cell[1][C_AS_OF], "2024-10-01T23:59:59Z", "a row's own as_of");
    cr_expect_str_eq(t.cell[3][C_AS_OF], "2018-01-01T23:59:59Z");
    cr_expect_str_eq(t.cell[2][C_AS_OF], "2024-10-01T23:59:59Z", "the query's as_of");
    cr_expect(strstr(t.cell[1][C_RULINGS], "us-icts-fd-kaspersky-updates-resale"));
    cr_expect(!strstr(t.cell[3][C_RULINGS], "us-icts-fd"), "not yet in 2018");
    cr_expect_str_eq(t.cell[5][C_ERROR], "name: is required");
    cr_expect(strstr(t.cell[6][C_ERROR], "as_of: \"not-a-date\""), "%s", t.cell[6][C_ERROR]);
    cr_expect_str_eq(t.cell[1][C_SCORE], "1.000");
    /* the summary is no row: it comes in the trailer */
    const char *summary = http_header(&r, "X-Screen-Summary");
    cr_assert(summary, "no X-Screen-Summary trailer");
    cr_expect(strstr(summary, "rows=7; restricted=3; advisory=0; clear=0; no_match=2; errors=2; "
                              "summarised=0; revision="),
              "%s", summary);
    cr_expect(strstr(summary, "ignored_columns=city"), "%s", summary);
    cr_expect_eq(t.comment[0], '\0', "a comment line in plain CSV: %s", t.comment);
    table_free(&t);
    http_free(&r);
}

Test(screen, json_array_in_json_out_with_per_row_errors)
{
    const char *body = "[{\"name\":\"Kaspersky Lab\",\"ref\":101,\"as_of\":\"2024-07-19\","
                       "\"binds\":\"us-persons\"},"
                       " {\"name\":\"Kaspersky Lab\",\"ref\":\"102\",\"as_of\":\"2024-07-20\","
                       "\"binds\":\"us-persons\"},"
                       " {\"name\":\"Eugene Kaspersky\",\"kind\":\"person\"},"
                       " {\"name\":\"x\",\"kind\":\"company\",\"jurisdiction\":\"USA\",\"nmae\":1},"
                       " \"Kaspersky Lab\"]";
    struct http r = screen_ok(body, "application/json");
    cr_assert(r.json, "%s", r.body);
    json_t *rows = json_object_get(r.json, "rows");
    cr_assert_eq(json_array_size(rows), 5);
    json_t *a = json_array_get(rows, 0), *b = json_array_get(rows, 1);
    cr_expect_eq(json_integer_value(json_object_get(a, "ref")), 101, "a numeric ref stays one");
    cr_expect_str_eq(json_string_value(json_object_get(b, "ref")), "102");
    json_t *ra = json_object_get(a, "result"), *rb = json_object_get(b, "result");
    cr_expect_str_eq(json_string_value(json_object_get(ra, "verdict")), "advisory");
    cr_expect_str_eq(json_string_value(json_object_get(rb, "verdict")), "restricted");
    cr_expect_str_eq(json_string_value(json_object_get(rb, "since")), "2024-07-20T04:00:00Z");
    cr_expect_str_eq(json_string_value(json_object_get(json_object_get(ra, "query"), "as_of")),
                     "2024-07-19T23:59:59Z");
    json_t *c = json_object_get(json_array_get(rows, 2), "result");
    cr_expect_str_eq(json_string_value(json_object_get(c, "verdict")), "clear");
    json_t *bad = json_array_get(rows, 3);
    cr_expect(!json_object_get(bad, "result"));
    cr_expect_str_eq(json_string_value(json_object_get(bad, "name")), "x");
    json_t *errors = json_object_get(bad, "errors");
    cr_expect_eq(json_array_size(errors), 3, "every problem of the row is named");
    const char *fields[3];
    for (size_t i = 0; i < 3; i++)
        fields[i] = json_string_value(json_object_get(json_array_get(errors, i), "field"));
    cr_expect_str_eq(fields[0], "nmae");
    cr_expect_str_eq(fields[1], "kind");
    cr_expect_str_eq(fields[2], "jurisdiction");
    json_t *notobj = json_array_get(rows, 4);
    cr_expect_str_eq(json_string_value(json_object_get(
                         json_array_get(json_object_get(notobj, "errors"), 0), "code")),
                     "invalid_type");
    json_t *sum = json_object_get(r.json, "summary");
    cr_expect_eq(json_integer_value(json_object_get(sum, "rows")), 5);
    cr_expect_eq(json_integer_value(json_object_get(sum, "restricted")), 1);
    cr_expect_eq(json_integer_value(json_object_get(sum, "advisory")), 1);
    cr_expect_eq(json_integer_value(json_object_get(sum, "clear")), 1);
    cr_expect_eq(json_integer_value(json_object_get(sum, "errors")), 2);
    cr_expect_eq(json_integer_value(json_object_get(sum, "revision")),
                 json_integer_value(json_object_get(r.json, "revision")));
    cr_expect_eq(json_integer_value(json_object_get(r.json, "revision")),
                 atoll(http_header(&r, "X-Data-Revision")));
    cr_expect(json_real_value(json_object_get(sum, "elapsed_ms")) >= 0);
    http_free(&r);
}

Test(screen, ndjson_bad_line_does_not_fail_the_batch)
{
    const char *body = "{\"name\":\"Kaspersky Lab\",\"ref\":\"a\"}\n"
                       "\n"
                       "{\"name\": \"broken\n"
                       "{\"name\":\"UltraAV\",\"ref\":\"c\"}\r\n";
    struct http r = screen_ok(body, "application/x-ndjson");
    char *lines[8] = {0};
    size_t n = 0;
    for (char *p = r.body; p && *p && n < 8;) {
        char *nl = strchr(p, '\n');
        cr_assert(nl);
        lines[n++] = strndup(p, (size_t)(nl - p));
        p = nl + 1;
    }
    cr_assert_eq(n, 4, "three rows and the summary");
    json_t *l1 = json_loads(lines[0], 0, NULL), *l2 = json_loads(lines[1], 0, NULL),
           *l3 = json_loads(lines[2], 0, NULL), *l4 = json_loads(lines[3], 0, NULL);
    cr_expect_eq(json_integer_value(json_object_get(l1, "row")), 1);
    cr_expect_str_eq(json_string_value(json_object_get(json_object_get(l1, "result"), "verdict")),
                     "restricted");
    cr_expect_eq(json_integer_value(json_object_get(l2, "row")), 2);
    cr_expect_str_eq(json_string_value(
                         json_object_get(json_array_get(json_object_get(l2, "errors"), 0), "code")),
                     "invalid_json");
    cr_expect(strstr(json_string_value(json_object_get(
                         json_array_get(json_object_get(l2, "errors"), 0), "message")),
                     "line 3"),
              "the error names the line");
    cr_expect_eq(json_integer_value(json_object_get(l3, "row")), 3);
    cr_expect_str_eq(json_string_value(json_object_get(l3, "ref")), "c");
    json_t *sum = json_object_get(l4, "summary");
    cr_expect_eq(json_integer_value(json_object_get(sum, "rows")), 3);
    cr_expect_eq(json_integer_value(json_object_get(sum, "errors")), 1);
    json_decref(l1);
    json_decref(l2);
    json_decref(l3);
    json_decref(l4);
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    http_free(&r);
}

Test(screen, output_format_follows_accept)
{
    static const struct {
        const char *type, *accept, *answered;
    } cases[] = {
        {"text/csv", NULL, "text/csv; charset=utf-8; header=present"},
        {"text/csv", "*/*", "text/csv; charset=utf-8; header=present"},
        {"text/csv", "application/json", "application/json"},
        {"text/csv", "application/x-ndjson", "application/x-ndjson"},
        {"text/csv", "application/*", "application/json"},
        {"application/x-ndjson", "application/*", "application/x-ndjson"},
        {"application/json", "text/*", "text/csv; charset=utf-8; header=present"},
        {"application/json", "text/csv;q=0.5, application/x-ndjson", "application/x-ndjson"},
        {"application/json", "application/json;q=0, */*;q=0.1", "application/x-ndjson"},
        {"text/csv; charset=UTF-8", "text/html, */*;q=0.2",
         "text/csv; charset=utf-8; header=present"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *body = strncmp(cases[i].type, "text/csv", 8) == 0 ? "name\nKaspersky Lab\n"
                           : strcmp(cases[i].type, "application/json") == 0
                               ? "[{\"name\":\"Kaspersky Lab\"}]"
                               : "{\"name\":\"Kaspersky Lab\"}\n";
        struct http r = screen(body, cases[i].type, cases[i].accept, NULL);
        cr_expect_eq(r.status, 200, "case %zu", i);
        cr_expect_str_eq(http_header(&r, "Content-Type"), cases[i].answered, "case %zu", i);
        cr_expect(strstr(r.body, "restricted"), "case %zu: %s", i, r.body);
        http_free(&r);
    }
}

Test(screen, csv_columns_named_by_the_caller)
{
    const char *body = "Vendor ID;x,Supplier Name,Country\nV-9,Kaspersky Lab,RU\n";
    struct http r = screen(body, "text/csv", "application/json",
                           "?name_column=supplier%20name&ref_column=vendor%20id;x");
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *row = json_array_get(json_object_get(r.json, "rows"), 0);
    cr_expect_str_eq(json_string_value(json_object_get(row, "ref")), "V-9");
    cr_expect_str_eq(json_string_value(json_object_get(json_object_get(row, "result"), "verdict")),
                     "restricted");
    json_t *ignored = json_object_get(json_object_get(r.json, "summary"), "ignored_columns");
    cr_expect_eq(json_array_size(ignored), 1);
    cr_expect_str_eq(json_string_value(json_array_get(ignored, 0)), "Country");
    http_free(&r);
}

struct refusal {
    const char *body, *type, *accept, *query;
    long status;
    const char *problem, *detail, *field;
};

static const struct refusal refusals[] = {
    {"", "text/csv", NULL, NULL, 400, "invalid-body", "the body is empty", NULL},
    {"\xEF\xBB\xBF \r\n", "application/json", NULL, NULL, 400, "invalid-body", "empty", NULL},
    {"ref,city\nS-1,Paris\n", "text/csv", NULL, NULL, 422, "validation-failed",
     "no \"name\" column (it has: ref, city)", "header"},
    {"name,Name\nx,y\n", "text/csv", NULL, NULL, 422, "validation-failed", "twice", "header"},
    {"name\n\"Kaspersky Lab\nmore\n", "text/csv", NULL, NULL, 400, "invalid-body",
     "line 2: a quoted field is never closed", NULL},
    {"[{\"name\":\"a\"},", "application/json", NULL, NULL, 400, "invalid-body", "line 1", NULL},
    {"{\"name\":\"a\"}", "application/json", NULL, NULL, 400, "invalid-body",
     "expected a JSON array", NULL},
    {"name\nx\n", NULL, NULL, NULL, 415, "unsupported-media-type", "no Content-Type", NULL},
    {"name\nx\n", "application/x-www-form-urlencoded", NULL, NULL, 415, "unsupported-media-type",
     "text/csv", NULL},
    {"name\nx\n", "text/csv; charset=iso-8859-1", NULL, NULL, 415, "unsupported-media-type",
     "UTF-8", NULL},
    {"name\nx\n", "text/csv", "text/html", NULL, 406, "not-acceptable", "text/csv", NULL},
    {"name\nx\n", "text/csv", "application/json;q=0, text/csv;q=0", NULL, 406, "not-acceptable",
     NULL, NULL},
    {"[]", "application/json", NULL, "?name_column=x", 400, "invalid-parameter", NULL,
     "name_column"},
    {"name\nx\n", "text/csv", NULL, "?as_of=tomorrow", 400, "invalid-parameter", NULL, "as_of"},
    {"name\nx\n", "text/csv", NULL, "?name=x", 400, "invalid-parameter", NULL, "name"},
};

Test(screen, refusals_name_the_problem)
{
    for (size_t i = 0; i < sizeof refusals / sizeof *refusals; i++) {
        const struct refusal *c = &refusals[i];
        struct http r = screen(c->body, c->type, c->accept, c->query);
        cr_expect_eq(r.status, c->status, "case %zu: %ld %s", i, r.status, r.body);
        cr_expect_str_eq(http_header(&r, "Content-Type"), "application/problem+json", "case %zu",
                         i);
        cr_assert(r.json, "case %zu", i);
        char type[64];
        snprintf(type, sizeof type, "/problems/%s", c->problem);
        cr_expect_str_eq(json_string_value(json_object_get(r.json, "type")), type, "case %zu", i);
        const char *detail = json_string_value(json_object_get(r.json, "detail"));
        if (c->detail) cr_expect(detail && strstr(detail, c->detail), "case %zu: %s", i, detail);
        if (c->field)
            cr_expect_str_eq(json_string_value(json_object_get(
                                 json_array_get(json_object_get(r.json, "errors"), 0), "field")),
                             c->field, "case %zu", i);
        http_free(&r);
    }
}

Test(screen, empty_lists_are_answered)
{
    struct http r = screen("[]", "application/json", NULL, NULL);
    cr_assert_eq(r.status, 200);
    cr_expect_eq(json_array_size(json_object_get(r.json, "rows")), 0);
    cr_expect_eq(json_integer_value(json_object_get(json_object_get(r.json, "summary"), "rows")),
                 0);
    http_free(&r);
    r = screen("name,ref\r\n", "text/csv", NULL, NULL);
    cr_assert_eq(r.status, 200);
    cr_expect(strncmp(r.body, "row,ref,name,", 13) == 0, "%s", r.body);
    cr_expect(!strstr(r.body, "# summary"), "a summary row nobody asked for: %s", r.body);
    http_free(&r);
    r = screen("name,ref\r\n", "text/csv", NULL, "?summary_row=true");
    cr_assert_eq(r.status, 200);
    cr_expect(strstr(r.body, "\r\n# summary: rows=0;"), "%s", r.body);
    http_free(&r);
}

Test(screen, limits_are_enforced_with_413)
{
    struct testbed tb;
    const char *env[] = {"RESTRICTD_SCREEN_MAX_ROWS=3", "RESTRICTD_MAX_BODY=2048", NULL};
    testbed_start(&tb, db_create("screen_limits"), env);
    const char *base = tb.s.base;
    const char *three = "name\na\nb\nc\n", *four = "name\na\nb\nc\nd\n";
    struct http r = screen_at(base, three, strlen(three), "text/csv", NULL, NULL);
    cr_expect_eq(r.status, 200, "exactly the limit is fine");
    http_free(&r);
    r = screen_at(base, four, strlen(four), "text/csv", NULL, NULL);
    cr_expect_eq(r.status, 413);
    const char *detail = json_string_value(json_object_get(r.json, "detail"));
    cr_expect(detail && strstr(detail, "more than 3 rows") &&
                  strstr(detail, "RESTRICTD_SCREEN_MAX_ROWS"),
              "%s", detail);
    http_free(&r);
    size_t big = 4096;
    char *body = malloc(big + 1);
    memcpy(body, "name\n", 5);
    memset(body + 5, 'x', big - 5);
    body[big] = '\0';
    r = screen_at(base, body, big, "text/csv", NULL, NULL);
    cr_expect_eq(r.status, 413);
    detail = json_string_value(json_object_get(r.json, "detail"));
    cr_expect(detail && strstr(detail, "2048 bytes"), "%s", detail);
    http_free(&r);
    free(body);
    /* the server is still there */
    r = screen_at(base, three, strlen(three), "text/csv", NULL, NULL);
    cr_expect_eq(r.status, 200);
    http_free(&r);
    testbed_stop(&tb);
}

Test(screen, hostile_rows_get_errors_not_crashes)
{
    /* invalid UTF-8, control characters, an overlong name and ref, too many words */
    struct strbuf sb = {0};
    sb_puts(&sb, "name,ref\n\xff\xfe,bad-utf8\n\"a\x01z\",ctl\n");
    for (int i = 0; i < 600; i++)
        sb_putc(&sb, 'n');
    sb_puts(&sb, ",long\n");
    for (int i = 0; i < 170; i++)
        sb_puts(&sb, "ab "); /* 510 bytes, 170 words */
    sb_puts(&sb, ",many-words\nok name,");
    for (int i = 0; i < 300; i++)
        sb_putc(&sb, 'r');
    sb_puts(&sb, "\n");
    struct http r = screen_at(shared_url(), sb.data, sb.len, "text/csv", "application/json", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(r.json, "the answer is valid JSON (and so valid UTF-8)");
    static const char *const codes[] = {"invalid_encoding", "invalid_character", "too_long",
                                        "too_long", "too_long"};
    json_t *rows = json_object_get(r.json, "rows");
    cr_assert_eq(json_array_size(rows), 5);
    for (size_t i = 0; i < 5; i++) {
        json_t *e = json_array_get(json_object_get(json_array_get(rows, i), "errors"), 0);
        cr_expect_str_eq(json_string_value(json_object_get(e, "code")), codes[i], "row %zu", i + 1);
    }
    cr_expect(json_is_null(json_object_get(json_array_get(rows, 4), "ref")),
              "an unusable ref is not echoed");
    cr_expect_eq(json_integer_value(json_object_get(json_object_get(r.json, "summary"), "errors")),
                 5);
    sb_free(&sb);
    http_free(&r);
}
