/* POST /v1/screen at size: the "checked by" (a 10,000-row CSV supplier list with a
 * few listed names hidden among unrelated ones, one request) and 100,000 NDJSON rows
 * screened in constant memory (the server's peak RSS, /proc/PID/status VmHWM). */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "lib/csv.h"
#include "lib/strbuf.h"

/* Unrelated supplier names: made of words no listed name shares. */
static void unrelated_name(size_t i, char *out, size_t size)
{
    static const char *const a[] = {"Alder",  "Birch",  "Cedar",   "Delta",  "Harbor",  "Maple",
                                    "Nordic", "Orchid", "Summit",  "Willow", "Granite", "Meadow",
                                    "Coral",  "Falcon", "Juniper", "Lumen"};
    static const char *const b[] = {"Logistics", "Foods",    "Metals",   "Textiles",
                                    "Analytics", "Printing", "Freight",  "Paper",
                                    "Dairy",     "Optics",   "Ceramics", "Plastics"};
    static const char *const c[] = {"Ltd", "GmbH", "Inc.", "S.A.", "B.V.", "LLC", "AG", "Oy"};
    snprintf(out, size, "%s %s %zu %s", a[i % 16], b[(i / 16) % 12], i, c[(i / 192) % 8]);
}

/* The listed names hidden in the list, at these rows, with their own dates and filters, and
 * what the answer must be (dates: tests/law/facts/FACTS.md, as the seed stores them). */
static const struct hidden {
    size_t row;
    const char *csv; /* name,as_of,jurisdiction,binds as CSV fields */
    const char *since, *match;
} hidden[] = {
    {137, "Kaspersky Lab,2024-10-01,US,", "2017-09-13T04:00:00Z", "ao-kaspersky-lab"},
    {2024, "Andrei Gennadyevich Tikhonov,2024-06-21,,", "2024-06-21T04:00:00Z",
     "andrei-gennadyevich-tikhonov"},
    {4711, "OOO Kaspersky Group,2024-07-01,,exporters", "2024-06-24T04:00:00Z",
     "ooo-kaspersky-group"},
    {5000, "Kaspersky Total Security,2024-10-01,,us-persons", "2024-07-20T04:00:00Z",
     "kaspersky-total-security"},
    {7777, "\"Kaspersky Lab, Inc.\",2024-10-01,,us-persons", "2024-07-20T04:00:00Z",
     "kaspersky-lab-inc"},
    {9001, "АО «Лаборатория Касперского»,,,", "2017-09-13T04:00:00Z", "ao-kaspersky-lab"},
    {10000, "Kaspersky Endpoint Security for Windows,,,us-persons", "2024-07-20T04:00:00Z",
     "kaspersky-endpoint-security"},
};
#define N_HIDDEN (sizeof hidden / sizeof *hidden)
#define LIST_ROWS 10000

static const struct hidden *hidden_at(size_t row)
{
    for (size_t i = 0; i < N_HIDDEN; i++)
        if (hidden[i].row == row) return &hidden[i];
    return NULL;
}

/* The list: a BOM, a header, LIST_ROWS rows with the hidden names at their rows. */
static void make_supplier_list(struct strbuf *list)
{
    sb_puts(list, "\xEF\xBB\xBFname,as_of,jurisdiction,binds,ref,city\r\n");
    for (size_t row = 1; row <= LIST_ROWS; row++) {
        const struct hidden *h = hidden_at(row);
        char name[128];
        if (h) {
            sb_puts(list, h->csv);
        } else {
            unrelated_name(row, name, sizeof name);
            sb_printf(list, "%s,,,", name);
        }
        sb_printf(list, ",SUP-%05zu,%s\r\n", row, row % 3 ? "\"Lyon, FR\"" : "Oslo");
    }
    cr_assert(!list->failed);
}

/* One answer row: in order, its ref, and flagged exactly when a listed name hides there. */
static bool expect_supplier_row(struct csv_reader *csv, size_t row)
{
    size_t n;
    char want_row[16], want_ref[16];
    snprintf(want_row, sizeof want_row, "%zu", row);
    snprintf(want_ref, sizeof want_ref, "SUP-%05zu", row);
    cr_assert_str_eq(csv_field(csv, 0, &n), want_row, "one output row per input row, in order");
    cr_expect_str_eq(csv_field(csv, 1, &n), want_ref, "row %zu", row);
    const char *verdict = csv_field(csv, 4, &n), *since = csv_field(csv, 6, &n);
    const struct hidden *h = hidden_at(row);
    if (!h) {
        cr_expect_str_eq(verdict, "no_match", "unrelated row %zu flagged: %s", row,
                         csv_field(csv, 2, &n));
        cr_expect_str_eq(since, "", "row %zu", row);
        return false;
    }
    cr_expect_str_eq(verdict, "restricted", "listed row %zu", row);
    cr_expect_str_eq(csv_field(csv, 5, &n), "true", "listed row %zu", row);
    cr_expect_str_eq(since, h->since, "listed row %zu: its date", row);
    cr_expect_str_eq(csv_field(csv, 7, &n), h->match, "listed row %zu", row);
    return true;
}

/* The CSV answer: a header and every row in order, nothing else (the summary is in the
 * X-Screen-Summary trailer); returns the rows flagged. */
static size_t expect_supplier_answer(const struct http *r)
{
    struct csv_reader *csv = malloc(sizeof *csv);
    csv_reader_init(csv, r->body, r->len);
    struct rd_error err;
    cr_assert_eq(csv_next(csv, &err), CSV_RECORD, "header");
    size_t row = 0, flagged = 0;
    enum csv_status st;
    while ((st = csv_next(csv, &err)) == CSV_RECORD)
        flagged += expect_supplier_row(csv, ++row);
    cr_expect_eq(st, CSV_END, "%s", err.message);
    cr_expect_eq(row, LIST_ROWS, "one line a row, nothing more");
    const char *summary = http_header(r, "X-Screen-Summary");
    cr_expect(summary && strstr(summary, "rows=10000; restricted=7; advisory=0; clear=0; "
                                         "no_match=9993; errors=0;"),
              "trailer: %s", summary ? summary : "(none)");
    csv_reader_free(csv);
    free(csv);
    return flagged;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

Test(screen_bulk, supplier_list_of_10000_rows_in_one_request)
{
    struct strbuf list = {0};
    make_supplier_list(&list);
    char url[256];
    snprintf(url, sizeof url, "%s/v1/screen?as_of=2024-10-01", shared_url());
    const char *headers[] = {"Content-Type: text/csv", NULL};
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct http r = http_do("POST", url, list.data, list.len, headers);
    double s = seconds_since(&t0);
    cr_assert_eq(r.status, 200, "%s", r.body ? r.body : "");
    cr_expect_str_eq(http_header(&r, "X-Screen-Rows"), "10000");
    size_t flagged = expect_supplier_answer(&r);
    cr_expect_eq(flagged, N_HIDDEN);
    fprintf(stderr,
            "screen: %d-row CSV supplier list (%.1f KiB) screened in %.3f s, %zu listed "
            "names flagged\n",
            LIST_ROWS, (double)list.len / 1024, s, flagged);
    http_free(&r);
    sb_free(&list);
}

/* ---- 100,000 rows, constant memory ---- */

static long vm_hwm_kib(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    cr_assert(f, "cannot read %s", path);
    long kib = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0) kib = atol(line + 6);
    fclose(f);
    return kib;
}

/* Reads the NDJSON answer as it streams, checking rows as they come, keeping nothing. */
struct reader {
    char partial[8192];
    size_t plen, rows, bytes;
    bool in_order, summary;
};

static void line_done(struct reader *rd, const char *line, size_t len)
{
    if (len > 11 && strncmp(line, "{\"summary\":", 11) == 0) {
        char want[64];
        snprintf(want, sizeof want, "{\"summary\":{\"rows\":%zu,", rd->rows);
        rd->summary = strncmp(line, want, strlen(want)) == 0;
        return;
    }
    char want[64];
    int n = snprintf(want, sizeof want, "{\"row\":%zu,\"ref\":\"S%06zu\",\"result\":{",
                     rd->rows + 1, rd->rows);
    if (len < (size_t)n || strncmp(line, want, (size_t)n) != 0) rd->in_order = false;
    rd->rows++;
}

static size_t on_data(char *data, size_t size, size_t nmemb, void *ctx)
{
    struct reader *rd = ctx;
    size_t n = size * nmemb;
    rd->bytes += n;
    for (size_t i = 0; i < n; i++) {
        if (data[i] != '\n') {
            if (rd->plen < sizeof rd->partial) rd->partial[rd->plen++] = data[i];
            continue;
        }
        line_done(rd, rd->partial, rd->plen);
        rd->plen = 0;
    }
    return n;
}

/* Reads 64 KiB of the answer, then hangs up. */
static size_t quit_early(char *data, size_t size, size_t nmemb, void *ctx)
{
    struct reader *rd = ctx;
    (void)data;
    rd->bytes += size * nmemb;
    return rd->bytes > 64 * 1024 ? 0 : size * nmemb;
}

/* POSTs `body` as NDJSON to /v1/screen on `base`, the answer going to `write` with `rd`;
 * the status goes to *status (-1 without an answer). */
static CURLcode post_ndjson_to(const char *base, const struct strbuf *body,
                               curl_write_callback write, struct reader *rd, long *status)
{
    char url[256];
    snprintf(url, sizeof url, "%s/v1/screen?as_of=2024-10-01", base);
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/x-ndjson");
    h = curl_slist_append(h, "Expect:");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body->data);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body->len);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, rd);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
    *status = -1;
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return rc;
}

/* The answer read row by row (on_data); returns the status. */
static long post_ndjson(const char *base, const struct strbuf *body, struct reader *rd)
{
    long status;
    (void)post_ndjson_to(base, body, on_data, rd, &status);
    return status;
}

static void make_ndjson(size_t rows, struct strbuf *sb)
{
    for (size_t i = 0; i < rows; i++) {
        char name[128];
        unrelated_name(i, name, sizeof name);
        sb_printf(sb, "{\"name\":\"%s\",\"ref\":\"S%06zu\"}\n", name, i);
    }
    cr_assert(!sb->failed);
}

/* The body itself is buffered (at most RESTRICTD_MAX_BODY); the answer is not. A server
 * that held the answer would grow by its size, several times the body's. */
static void expect_constant_memory(long before, long after, size_t body_len, size_t answer_len,
                                   double secs)
{
    long growth = after - before;
    long body_kib = (long)(body_len / 1024), answer_kib = (long)(answer_len / 1024);
    fprintf(stderr,
            "screen: 100000 NDJSON rows (body %ld KiB, answer %ld KiB) in %.2f s; server peak "
            "RSS %ld KiB -> %ld KiB (+%ld KiB)\n",
            body_kib, answer_kib, secs, before, after, growth);
    cr_expect(answer_kib > 4 * body_kib, "the answer is much larger than the body");
    cr_expect(growth < body_kib + 12 * 1024,
              "peak RSS grew by %ld KiB: more than the body (%ld KiB) and 12 MiB", growth,
              body_kib);
    cr_expect(growth < answer_kib / 2, "peak RSS grew by %ld KiB, the answer is %ld KiB", growth,
              answer_kib);
}

/* 1,000 rows, answered whole and in order. */
static void expect_small_batch(const char *base, const struct strbuf *small)
{
    struct reader rd = {.in_order = true};
    cr_assert_eq(post_ndjson(base, small, &rd), 200);
    cr_expect(rd.in_order && rd.summary && rd.rows == 1000);
}

Test(screen_bulk, ndjson_100000_rows_in_constant_memory)
{
    /* Under AddressSanitizer freed memory is held in quarantine (RSS would grow with the
     * number of allocations, not with what is live): keep it small for this server. */
    const char *env[] = {"ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:quarantine_size_mb=1:"
                         "thread_local_quarantine_size_kb=64",
                         NULL};
    struct testbed tb;
    testbed_start(&tb, db_create("screen_rss"), env);
    const struct server *s = &tb.s;
    struct strbuf small = {0}, big = {0};
    make_ndjson(1000, &small);
    make_ndjson(100000, &big);
    expect_small_batch(s->base, &small); /* warm up */
    long before = vm_hwm_kib(s->pid);

    struct reader rd = {.in_order = true};
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cr_assert_eq(post_ndjson(s->base, &big, &rd), 200);
    double secs = seconds_since(&t0);
    long after = vm_hwm_kib(s->pid);
    cr_expect_eq(rd.rows, 100000);
    cr_expect(rd.in_order, "rows in input order, each with its ref");
    cr_expect(rd.summary, "the summary line closes the answer");
    expect_constant_memory(before, after, big.len, rd.bytes, secs);

    /* A client that goes away mid-answer: the stream is dropped, nothing leaks (the
     * sanitizer build checks leaks at exit), and the server goes on answering. */
    struct reader quitter = {.in_order = true};
    long status;
    cr_expect_eq(post_ndjson_to(s->base, &big, quit_early, &quitter, &status), CURLE_WRITE_ERROR,
                 "the client hung up");
    cr_expect(quitter.bytes > 0 && quitter.bytes < rd.bytes, "it read part of the answer");
    expect_small_batch(s->base, &small);

    sb_free(&small);
    sb_free(&big);
    testbed_stop(&tb); /* a clean exit: no leak reports under the sanitizers */
}
