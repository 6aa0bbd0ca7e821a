/* handlers/screen_input.c: a screening list read row by row from a JSON array, NDJSON or
 * CSV; per-row problems stay in the row, body-level problems end the reading. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "handlers/screen_input.h"

/* Reads everything and renders "name/ref;name/ref;..." with "!code" for a row's first
 * error; the final status goes to *st and the message to err. */
static void dump(enum screen_format f, const char *in, const struct screen_columns *cols, char *out,
                 size_t size, enum screen_status *st, struct rd_error *err)
{
    struct screen_reader r;
    const struct screen_raw *raw;
    size_t used = 0;
    out[0] = '\0';
    *st = screen_reader_open(&r, f, in, strlen(in), cols, err);
    while (*st == SCREEN_ROW) {
        *st = screen_reader_next(&r, &raw, err);
        if (*st != SCREEN_ROW) break;
        const struct screen_value *n = &raw->v[SF_NAME], *ref = &raw->v[SF_REF];
        used += (size_t)snprintf(out + used, size - used, "%s%zu:%s/%s%s%s", used ? ";" : "",
                                 raw->row, n->text ? n->text : "-", ref->text ? ref->text : "-",
                                 raw->errors.count ? "!" : "",
                                 raw->errors.count ? raw->errors.items[0].code : "");
    }
    screen_reader_close(&r);
}

struct read_case {
    enum screen_format format;
    const char *in;
    enum screen_status end; /* SCREEN_END, or the error */
    const char *want;       /* the dump when it ended well, else part of the error message */
};

static const struct read_case cases[] = {
    /* JSON arrays */
    {SCREEN_JSON, "[]", SCREEN_END, ""},
    {SCREEN_JSON, " \n[ ]\n ", SCREEN_END, ""},
    {SCREEN_JSON, "[{\"name\":\"A\",\"ref\":\"r1\"},{\"name\":\"B\",\"ref\":7}]", SCREEN_END,
     "1:A/r1;2:B/7"},
    {SCREEN_JSON, "[{\"name\":\"A\",\"kind\":null,\"ref\":\"\"}]", SCREEN_END, "1:A/-"},
    {SCREEN_JSON, "[1, \"x\", null, [], {\"nmae\":\"A\"}, {\"name\":5}, {\"ref\":1.5}]", SCREEN_END,
     "1:-/-!invalid_type;2:-/-!invalid_type;3:-/-!invalid_type;4:-/-!invalid_type;"
     "5:-/-!unknown_field;6:-/-!invalid_type;7:-/-!invalid_type"},
    {SCREEN_JSON, "\xEF\xBB\xBF[{\"name\":\"A\"}]", SCREEN_END, "1:A/-"},
    {SCREEN_JSON, "{\"name\":\"A\"}", SCREEN_INVALID_BODY, "expected a JSON array"},
    {SCREEN_JSON, "[{\"name\":\"A\"},]", SCREEN_INVALID_BODY, "a ',' after the last row"},
    {SCREEN_JSON, "[{\"name\":\"A\"} {\"name\":\"B\"}]", SCREEN_INVALID_BODY,
     "expected ',' or ']' after row 1"},
    {SCREEN_JSON, "[{\"name\":\"A\"}", SCREEN_INVALID_BODY, "not closed"},
    {SCREEN_JSON, "[{\"name\":\"A\"}] x", SCREEN_INVALID_BODY, "text after the end"},
    {SCREEN_JSON, "[\n{\"name\":\"A\"},\n{\"name\":}\n]", SCREEN_INVALID_BODY,
     "line 3: row 2 is not well-formed JSON"},
    {SCREEN_JSON, "[{\"name\":\"A\",\"name\":\"B\"}]", SCREEN_INVALID_BODY, "duplicate"},
    /* NDJSON: a bad line is that row's problem only */
    {SCREEN_NDJSON, "{\"name\":\"A\"}\n\n  \r\n{\"name\":\"B\",\"ref\":\"x\"}\r\n", SCREEN_END,
     "1:A/-;2:B/x"},
    {SCREEN_NDJSON, "{\"name\":\"A\"}\n{oops\n[1]\n{\"name\":\"C\"}", SCREEN_END,
     "1:A/-;2:-/-!invalid_json;3:-/-!invalid_type;4:C/-"},
    {SCREEN_NDJSON, "", SCREEN_END, ""},
    /* CSV */
    {SCREEN_CSV, "name,ref\r\nA,1\r\n\"B, Inc.\",2\r\n", SCREEN_END, "1:A/1;2:B, Inc./2"},
    {SCREEN_CSV, "\xEF\xBB\xBF Name , REF \nA,1\n", SCREEN_END, "1:A/1"},
    {SCREEN_CSV, "ref,city,name\n1,Paris,A\n2,Rome\n", SCREEN_END, "1:A/1;2:-/2"},
    {SCREEN_CSV, "name,ref\nA,1,extra\n", SCREEN_END, "1:A/1!too_many_fields"},
    {SCREEN_CSV, "name\n", SCREEN_END, ""},
    {SCREEN_CSV, "ref,city\n1,2\n", SCREEN_INVALID_HEADER,
     "no \"name\" column (it has: ref, city)"},
    {SCREEN_CSV, "name,ref,NAME\n", SCREEN_INVALID_HEADER, "names the name column twice"},
    {SCREEN_CSV, "", SCREEN_INVALID_HEADER, "no header row"},
    {SCREEN_CSV, "name\n\"A\n", SCREEN_INVALID_BODY, "line 2: a quoted field is never closed"},
};

Test(screen_input, reads_each_format)
{
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct read_case *c = &cases[i];
        char out[1024];
        enum screen_status st;
        struct rd_error err = {0};
        dump(c->format, c->in, NULL, out, sizeof out, &st, &err);
        cr_expect_eq(st, c->end, "case %zu: status %d (%s)", i, (int)st, err.message);
        if (c->end == SCREEN_END)
            cr_expect_str_eq(out, c->want, "case %zu", i);
        else
            cr_expect(strstr(err.message, c->want), "case %zu: %s", i, err.message);
    }
}

Test(screen_input, csv_columns_can_be_named)
{
    struct screen_columns cols = {0};
    cols.name[SF_NAME] = "supplier name";
    cols.name[SF_REF] = "Vendor ID";
    char out[256];
    enum screen_status st;
    struct rd_error err = {0};
    dump(SCREEN_CSV, "Vendor ID,Supplier Name,name\nV1,Acme,ignored\n", &cols, out, sizeof out, &st,
         &err);
    cr_expect_eq(st, SCREEN_END, "%s", err.message);
    cr_expect_str_eq(out, "1:Acme/V1");
}

Test(screen_input, csv_lists_ignored_columns_and_row_lines)
{
    struct screen_reader r;
    struct rd_error err;
    const char *in = "name,city,\"vat, id\"\n\"A\nB\",x,y\nC,,\n";
    cr_assert_eq(screen_reader_open(&r, SCREEN_CSV, in, strlen(in), NULL, &err), SCREEN_ROW);
    cr_expect_eq(r.n_ignored, 2);
    cr_expect_str_eq(r.ignored[0], "city");
    cr_expect_str_eq(r.ignored[1], "vat, id");
    const struct screen_raw *raw;
    cr_assert_eq(screen_reader_next(&r, &raw, &err), SCREEN_ROW);
    cr_expect_eq(raw->line, 2);
    cr_expect_str_eq(raw->v[SF_NAME].text, "A\nB");
    cr_assert_eq(screen_reader_next(&r, &raw, &err), SCREEN_ROW);
    cr_expect_eq(raw->line, 4);
    cr_expect_eq(raw->row, 2);
    cr_expect_eq(screen_reader_next(&r, &raw, &err), SCREEN_END);
    screen_reader_close(&r);
}

Test(screen_input, blank_bodies)
{
    cr_expect(screen_body_blank("", 0));
    cr_expect(screen_body_blank(" \r\n\t", 4));
    cr_expect(screen_body_blank("\xEF\xBB\xBF\n", 4));
    cr_expect(!screen_body_blank("[]", 2));
    cr_expect(!screen_body_blank("\xEF\xBB", 2));
}
