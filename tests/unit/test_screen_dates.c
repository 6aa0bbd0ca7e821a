/* handlers/screen_dates.c: the dates a component reports, read from each format (SPDX
 * releaseDate/builtDate/creationInfo.created, CycloneDX releaseNotes.timestamp and
 * metadata.timestamp, osquery's install_date/install_time/last_opened_time); a date that
 * cannot be read is the row's error naming its field, a document date the document's. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "handlers/screen.h"

struct parse_case {
    enum screen_date_form form;
    const char *in;
    enum screen_date_status want;
    long long at; /* when OK */
    bool whole_day;
};

static const struct parse_case parse_cases[] = {
    /* RFC 3339 (SPDX, CycloneDX) */
    {SCREEN_DATE_INSTANT, "2024-09-29T04:00:00Z", SCREEN_DATE_OK, 1727582400, false},
    {SCREEN_DATE_INSTANT, "2024-09-29T00:00:00-04:00", SCREEN_DATE_OK, 1727582400, false},
    {SCREEN_DATE_INSTANT, "2024-09-29T04:00:00.123Z", SCREEN_DATE_OK, 1727582400, false},
    {SCREEN_DATE_INSTANT, "2024-09-29", SCREEN_DATE_OK, 1727568000, true},
    {SCREEN_DATE_INSTANT, "", SCREEN_DATE_NONE, 0, false},
    {SCREEN_DATE_INSTANT, "2024-13-01T00:00:00Z", SCREEN_DATE_BAD, 0, false},
    {SCREEN_DATE_INSTANT, "2024-09-29 04:00:00", SCREEN_DATE_BAD, 0, false},
    {SCREEN_DATE_INSTANT, "yesterday", SCREEN_DATE_BAD, 0, false},
    {SCREEN_DATE_INSTANT, "2024-09-29T04:00:00Zjunk", SCREEN_DATE_BAD, 0, false},
    /* a day (osquery programs.install_date) */
    {SCREEN_DATE_DAY, "20241002", SCREEN_DATE_OK, 1727827200, true},
    {SCREEN_DATE_DAY, "2024-10-02", SCREEN_DATE_OK, 1727827200, true},
    {SCREEN_DATE_DAY, "20240230", SCREEN_DATE_BAD, 0, false},
    {SCREEN_DATE_DAY, "2024102", SCREEN_DATE_BAD, 0, false},
    {SCREEN_DATE_DAY, "10/02/2024", SCREEN_DATE_BAD, 0, false},
    {SCREEN_DATE_DAY, "2024x002", SCREEN_DATE_BAD, 0, false},
    /* seconds since 1970 (rpm_packages.install_time, apps.last_opened_time) */
    {SCREEN_DATE_EPOCH, "1733400000", SCREEN_DATE_OK, 1733400000, false},
    {SCREEN_DATE_EPOCH, "1733400000.750", SCREEN_DATE_OK, 1733400000, false},
    {SCREEN_DATE_EPOCH, "-1.0", SCREEN_DATE_NONE, 0, false},
    {SCREEN_DATE_EPOCH, "-1", SCREEN_DATE_NONE, 0, false},
    {SCREEN_DATE_EPOCH, "-5", SCREEN_DATE_BAD, 0, false}, /* only -1 means unknown */
    {SCREEN_DATE_EPOCH, "0", SCREEN_DATE_NONE, 0, false},
    {SCREEN_DATE_EPOCH, "1e9", SCREEN_DATE_BAD, 0, false},
    {SCREEN_DATE_EPOCH, "99999999999999999999", SCREEN_DATE_BAD, 0, false},
    {SCREEN_DATE_EPOCH, " 17", SCREEN_DATE_BAD, 0, false},
    {SCREEN_DATE_EPOCH, ".", SCREEN_DATE_BAD, 0, false},
};

Test(screen_dates, each_form_is_read_or_refused)
{
    for (size_t i = 0; i < sizeof parse_cases / sizeof *parse_cases; i++) {
        const struct parse_case *c = &parse_cases[i];
        int64_t at = -7;
        bool whole_day = false;
        enum screen_date_status st =
            screen_date_parse(c->form, c->in, strlen(c->in), &at, &whole_day);
        cr_expect_eq(st, c->want, "%s: %d", c->in, (int)st);
        if (st != SCREEN_DATE_OK || c->want != SCREEN_DATE_OK) continue;
        cr_expect_eq(at, c->at, "%s: %lld", c->in, (long long)at);
        cr_expect_eq(whole_day, c->whole_day, "%s", c->in);
    }
    int64_t at;
    bool day;
    cr_expect_eq(screen_date_parse(SCREEN_DATE_DAY,
                                   "2024\0"
                                   "1002",
                                   8, &at, &day),
                 SCREEN_DATE_BAD, "a NUL byte inside");
}

/* The rows of `body` read as `format`/`source` and checked: "row:field=date,...!field:code"
 * per row. The reader's status goes to *st. */
static void dates_of(enum screen_format format, enum screen_source source, const char *body,
                     char *out, size_t size, enum screen_status *st, struct rd_error *err)
{
    struct screen_columns cols = {.source = source};
    struct screen_reader r;
    const struct screen_raw *raw;
    size_t used = 0;
    out[0] = '\0';
    *st = screen_reader_open(&r, format, body, strlen(body), &cols, err);
    while (*st == SCREEN_ROW && (*st = screen_reader_next(&r, &raw, err)) == SCREEN_ROW) {
        struct screen_row row;
        struct check_request d = {.kind = -1};
        (void)screen_row_check(raw, &d, &row);
        used += (size_t)snprintf(out + used, size - used, "%s%zu:", used ? ";" : "", raw->row);
        for (size_t i = 0; i < row.dates.n; i++)
            used += (size_t)snprintf(out + used, size - used, "%s%s=%lld%s", i ? "," : "",
                                     row.dates.d[i].field, (long long)row.dates.d[i].at,
                                     row.dates.d[i].whole_day ? "d" : "");
        for (size_t i = 0; i < row.errors.count; i++)
            used += (size_t)snprintf(out + used, size - used, "!%s:%s", row.errors.items[i].field,
                                     row.errors.items[i].code);
        field_errors_free(&row.errors);
    }
    screen_reader_close(&r);
}

Test(screen_dates, spdx_release_built_and_document_dates)
{
    char out[512];
    enum screen_status st;
    struct rd_error err = {0};
    dates_of(
        SCREEN_JSON, SOURCE_SPDX,
        "{\"spdxVersion\":\"SPDX-2.3\",\"creationInfo\":{\"created\":\"2025-01-10T09:00:00Z\"},"
        "\"packages\":[{\"name\":\"a\",\"releaseDate\":\"2024-11-02T00:00:00Z\","
        "\"builtDate\":\"2024-10-30T12:00:00Z\"},"
        "{\"name\":\"b\",\"releaseDate\":\"2024-13-40\"},"
        "{\"name\":\"c\",\"builtDate\":17}]}",
        out, sizeof out, &st, &err);
    cr_expect_eq(st, SCREEN_END, "%s", err.message);
    cr_expect_str_eq(out, "1:releaseDate=1730505600,builtDate=1730289600,"
                          "creationInfo.created=1736499600;"
                          "2:creationInfo.created=1736499600!releaseDate:invalid_date;"
                          "3:creationInfo.created=1736499600!builtDate:invalid_type");
}

Test(screen_dates, cyclonedx_release_notes_and_metadata_timestamp)
{
    char out[512];
    enum screen_status st;
    struct rd_error err = {0};
    dates_of(SCREEN_JSON, SOURCE_CYCLONEDX,
             "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\","
             "\"metadata\":{\"timestamp\":\"2025-01-10T09:00:00+01:00\"},\"components\":["
             "{\"name\":\"a\",\"releaseNotes\":{\"type\":\"major\",\"timestamp\":"
             "\"2024-11-02T00:00:00Z\"}},"
             "{\"name\":\"b\",\"releaseNotes\":{\"type\":\"patch\",\"timestamp\":\"soon\"}}]}",
             out, sizeof out, &st, &err);
    cr_expect_eq(st, SCREEN_END, "%s", err.message);
    cr_expect_str_eq(out, "1:releaseNotes.timestamp=1730505600,metadata.timestamp=1736496000;"
                          "2:metadata.timestamp=1736496000!releaseNotes.timestamp:invalid_date");
    /* a document date that cannot be read refuses the document, naming it */
    dates_of(SCREEN_JSON, SOURCE_CYCLONEDX,
             "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"metadata\":"
             "{\"timestamp\":\"10/01/2025\"},\"components\":[{\"name\":\"a\"}]}",
             out, sizeof out, &st, &err);
    cr_expect_eq(st, SCREEN_INVALID_BODY);
    cr_expect(strstr(err.message, "metadata.timestamp"), "%s", err.message);
    dates_of(SCREEN_JSON, SOURCE_SPDX,
             "{\"spdxVersion\":\"SPDX-2.3\",\"creationInfo\":{\"created\":42},\"packages\":[]}",
             out, sizeof out, &st, &err);
    cr_expect_eq(st, SCREEN_INVALID_BODY);
    cr_expect(strstr(err.message, "creationInfo.created"), "%s", err.message);
}

Test(screen_dates, osquery_inventory_columns)
{
    char out[512];
    enum screen_status st;
    struct rd_error err = {0};
    dates_of(SCREEN_CSV, SOURCE_INVENTORY,
             "name,publisher,install_date\r\nKES,AO Kaspersky Lab,20241002\r\n"
             "B,X,\r\nC,X,2024-31-12\r\n",
             out, sizeof out, &st, &err);
    cr_expect_eq(st, SCREEN_END, "%s", err.message);
    cr_expect_str_eq(out, "1:install_date=1727827200d;2:;3:!install_date:invalid_date");
    dates_of(SCREEN_NDJSON, SOURCE_INVENTORY,
             "{\"name\":\"bash\",\"install_time\":1733400000}\n"
             "{\"name\":\"bash\",\"install_time\":\"1733400000\"}\n"
             "{\"name\":\"Safari.app\",\"last_opened_time\":1733400000.5}\n"
             "{\"name\":\"Never.app\",\"last_opened_time\":\"-1.0\"}\n"
             "{\"name\":\"x\",\"install_time\":\"soon\"}\n",
             out, sizeof out, &st, &err);
    cr_expect_eq(st, SCREEN_END, "%s", err.message);
    cr_expect_str_eq(out, "1:install_time=1733400000;2:install_time=1733400000;"
                          "3:last_opened_time=1733400000;4:;5:!install_time:invalid_date");
    /* a plain list has no date fields: an install_date there is an unknown field */
    dates_of(SCREEN_NDJSON, SOURCE_LIST, "{\"name\":\"x\",\"install_date\":\"20241002\"}\n", out,
             sizeof out, &st, &err);
    cr_expect_str_eq(out, "1:!install_date:unknown_field");
}
