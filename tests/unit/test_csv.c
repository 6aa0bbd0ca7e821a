/* lib/csv.c: the RFC 4180 reader (quotes, embedded commas and line breaks, BOM, CRLF,
 * errors with line numbers) and the field writer (what it writes reads back unchanged). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/csv.h"

/* Reads all of `in` and renders it as "[a|b][c]": one bracket per record, fields split by
 * '|'. Returns false on an error (its message in err). */
static bool dump(const char *in, size_t len, char *out, size_t size, struct rd_error *err,
                 size_t *lines)
{
    struct csv_reader *r = malloc(sizeof *r);
    cr_assert(r);
    csv_reader_init(r, in, len);
    out[0] = '\0';
    size_t used = 0;
    enum csv_status st;
    while ((st = csv_next(r, err)) == CSV_RECORD) {
        used +=
            (size_t)snprintf(out + used, size - used, "%s%zu[", used ? " " : "", r->record_line);
        for (size_t i = 0; i < r->n_fields; i++) {
            size_t n;
            const char *f = csv_field(r, i, &n);
            cr_assert(f);
            cr_assert_eq(f[n], '\0', "fields are NUL-terminated");
            used += (size_t)snprintf(out + used, size - used, "%s%.*s", i ? "|" : "", (int)n, f);
        }
        used += (size_t)snprintf(out + used, size - used, "]");
    }
    if (lines) *lines = r->line;
    csv_reader_free(r);
    free(r);
    return st == CSV_END;
}

/* Reads `in`: case i must read as `want` (message NULL), or fail saying `message`. */
static void expect_read(size_t i, const char *in, const char *want, const char *message)
{
    char out[512];
    struct rd_error err = {0};
    bool ok = dump(in, strlen(in), out, sizeof out, &err, NULL);
    if (message) {
        cr_expect(!ok, "case %zu: should fail", i);
        cr_expect(strstr(err.message, message), "case %zu: %s", i, err.message);
        return;
    }
    cr_expect(ok, "case %zu: error %s", i, err.message);
    cr_expect_str_eq(out, want, "case %zu", i);
}

Test(csv, reads_what_rfc_4180_allows)
{
    static const struct {
        const char *in, *want; /* want: "<line>[f1|f2] ..." */
    } cases[] = {
        {"a,b\r\nc,d\r\n", "1[a|b] 2[c|d]"},
        {"a,b\nc,d", "1[a|b] 2[c|d]"},                             /* LF, no final newline */
        {"a,b\rc,d\r", "1[a|b] 2[c|d]"},                           /* lone CR */
        {"\xEF\xBB\xBFname,ref\r\nx,1\r\n", "1[name|ref] 2[x|1]"}, /* BOM skipped */
        {"\"Kaspersky Lab, Inc.\",S-1", "1[Kaspersky Lab, Inc.|S-1]"},
        {"\"line one\r\nline two\",x\r\nnext,y", "1[line one\r\nline two|x] 3[next|y]"},
        {"\"say \"\"hi\"\"\",x", "1[say \"hi\"|x]"},
        {"\"\",\"\"", "1[|]"}, /* empty quoted fields */
        {"a,,c", "1[a||c]"},
        {"a,b,\r\nc,d,", "1[a|b|] 2[c|d|]"}, /* trailing empty field */
        {",", "1[|]"},
        {"a\r\n\r\n\nb\r\n", "1[a] 4[b]"},                 /* blank lines skipped */
        {"Acme \"Best\" Ltd,x", "1[Acme \"Best\" Ltd|x]"}, /* bare quote inside: literal */
        {" spaced , kept ", "1[ spaced | kept ]"},
        {"\xEF\xBB\xBF", ""},
        {"", ""},
        {"\r\n\r\n", ""},
        {"\"a\nb\nc\"\r\nd", "1[a\nb\nc] 4[d]"},
        {"\"x\"\"\"", "1[x\"]"},
        {"\"Лаборатория Касперского\",ru", "1[Лаборатория Касперского|ru]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        expect_read(i, cases[i].in, cases[i].want, NULL);
}

Test(csv, errors_name_the_line)
{
    static const struct {
        const char *in, *message;
    } cases[] = {
        {"name\r\n\"never closed,x\r\nmore", "line 2: a quoted field is never closed"},
        {"a\n\"b\"x,c", "line 2: text after the closing quote"},
        {"a\n\"b\" ,c", "line 2: text after the closing quote"},
        {"\"open", "line 1: a quoted field is never closed"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        expect_read(i, cases[i].in, NULL, cases[i].message);
}

Test(csv, nul_bytes_are_data_and_lengths_are_exact)
{
    const char in[] = "a\0b,c\n";
    struct csv_reader *r = malloc(sizeof *r);
    csv_reader_init(r, in, sizeof in - 1);
    struct rd_error err;
    cr_assert_eq(csv_next(r, &err), CSV_RECORD);
    size_t n;
    const char *f = csv_field(r, 0, &n);
    cr_expect_eq(n, 3);
    cr_expect(memcmp(f, "a\0b", 3) == 0);
    cr_expect_null(csv_field(r, 2, &n), "no third field");
    cr_expect_eq(csv_next(r, &err), CSV_END);
    csv_reader_free(r);
    free(r);
}

Test(csv, too_many_fields_is_an_error)
{
    size_t len = CSV_MAX_FIELDS + 1;
    char *in = malloc(len + 1);
    memset(in, ',', len);
    in[len] = '\0';
    struct rd_error err = {0};
    struct csv_reader *r = malloc(sizeof *r);
    csv_reader_init(r, in, len);
    cr_expect_eq(csv_next(r, &err), CSV_ERROR);
    cr_expect(strstr(err.message, "more than 1024 fields"), "%s", err.message);
    csv_reader_free(r);
    free(r);
    free(in);
}

Test(csv, written_fields_read_back_unchanged)
{
    static const char *const fields[] = {
        "plain",
        "",
        "with, comma",
        "with \"quotes\"",
        "two\r\nlines",
        "lone\rcr",
        " lead",
        "trail ",
        "\"",
        ",",
        "Лаборатория «Касперского»",
        "a\nb",
    };
    const size_t n = sizeof fields / sizeof *fields;
    struct strbuf sb = {0};
    for (size_t i = 0; i < n; i++) {
        if (i) sb_putc(&sb, ',');
        csv_write_field(&sb, fields[i], strlen(fields[i]));
    }
    sb_puts(&sb, "\r\n");
    cr_assert(!sb.failed);
    struct csv_reader *r = malloc(sizeof *r);
    csv_reader_init(r, sb.data, sb.len);
    struct rd_error err;
    cr_assert_eq(csv_next(r, &err), CSV_RECORD, "%s", err.message);
    cr_assert_eq(r->n_fields, n, "%zu fields from: %s", r->n_fields, sb.data);
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *f = csv_field(r, i, &len);
        cr_expect_eq(len, strlen(fields[i]), "field %zu", i);
        cr_expect(memcmp(f, fields[i], len) == 0, "field %zu: %s", i, f);
    }
    cr_expect_eq(csv_next(r, &err), CSV_END);
    csv_reader_free(r);
    free(r);
    /* Only what needs it is quoted. */
    struct strbuf one = {0};
    csv_write_field(&one, "plain", 5);
    cr_expect_str_eq(one.data, "plain");
    sb_reset(&one);
    csv_write_field(&one, "a\"b", 3);
    cr_expect_str_eq(one.data, "\"a\"\"b\"");
    sb_free(&one);
    sb_free(&sb);
}

Test(csv, line_numbers_count_breaks_inside_quotes)
{
    const char *in = "h\r\n\"a\r\nb\r\nc\"\r\nd\r\n";
    char out[256];
    struct rd_error err;
    size_t lines;
    cr_assert(dump(in, strlen(in), out, sizeof out, &err, &lines));
    cr_expect_str_eq(out, "1[h] 2[a\r\nb\r\nc] 5[d]");
    cr_expect_eq(lines, 6);
}
