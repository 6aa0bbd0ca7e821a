/* handle_screen on two threads (handlers/screen_ahead.h): a long list answered with a second
 * thread screening ahead gives the very bytes one thread gives, in every format, in the
 * compact view, and when the bound on the answer's size falls in the middle of a chunk. */
#include <criterion/criterion.h>
#include <regex.h>
#include <string.h>
#include <unistd.h>

#include "handlers/handlers.h"
#include "handlers/screen_ahead.h"
#include "lib/strbuf.h"
#include "request_double.h"
#include "unit/fixtures.h"

FX_SUITE_SNAPSHOT(fx_seed())

TestSuite(screen_ahead, .init = setup, .fini = teardown);

#define ROWS 1003 /* 31 chunks and a part */

/* Listed names (long answers), unknown ones, and rows with errors, spread over chunks; in
 * NDJSON also blank lines and lines that are not JSON (the second thread passes over rows
 * without reading them: their count and line numbers must still agree). */
static const char *const names[] = {"Kaspersky Lab",     "Huawei Technologies", "AO Kaspersky Lab",
                                    "Zzyzx Nothing Ltd", "Hikvision",           ""};

static void list(struct strbuf *sb, enum screen_format f)
{
    if (f == SCREEN_CSV) sb_puts(sb, "name,ref,as_of\n");
    if (f == SCREEN_JSON) sb_putc(sb, '[');
    for (size_t i = 0; i < ROWS; i++) {
        char name[64];
        if (i % 3 == 0)
            snprintf(name, sizeof name, "%s", names[(i / 3) % (sizeof names / sizeof *names)]);
        else
            snprintf(name, sizeof name, "Supplier %zu Trading Company Ltd", i);
        const char *as_of = i % 101 == 0 ? "not-a-date" : "2024-10-01";
        if (f == SCREEN_NDJSON && i % 50 == 7) sb_puts(sb, "  \n\n"); /* blank lines: no rows */
        if (f == SCREEN_CSV)
            sb_printf(sb, "%s,R%zu,%s\n", name, i, as_of);
        else if (f == SCREEN_NDJSON && i % 89 == 5)
            sb_puts(sb, "{oops\n"); /* a row, in error, naming its line */
        else
            sb_printf(sb, "%s{\"name\":\"%s\",\"ref\":\"R%zu\",\"as_of\":\"%s\"%s}%s",
                      f == SCREEN_JSON && i ? "," : "", name, i, as_of,
                      i % 97 == 0 ? ",\"bogus\":1" : "", f == SCREEN_NDJSON ? "\n" : "");
    }
    if (f == SCREEN_JSON) sb_putc(sb, ']');
}

/* The answer without its timing (elapsed_ms differs from run to run). */
static char *untimed(const char *body)
{
    regex_t re;
    cr_assert_eq(regcomp(&re, "elapsed_ms.?.?[0-9.]+", REG_EXTENDED), 0);
    struct strbuf out = {0};
    regmatch_t m;
    const char *p = body;
    while (regexec(&re, p, 1, &m, 0) == 0) {
        sb_append(&out, p, (size_t)m.rm_so);
        p += m.rm_eo;
    }
    sb_puts(&out, p);
    regfree(&re);
    return out.data;
}

static char *screen(const char *body, const char *type, const char *query, unsigned threads,
                    size_t full_min)
{
    struct fake_spec s = {.path = "/v1/screen",
                          .query = query,
                          .headers = {type},
                          .body = body,
                          .snap = snap,
                          .settings = {.screen_max_rows = 100000,
                                       .screen_full_min = full_min,
                                       .screen_threads = threads}};
    struct fake_reply *r = fake_call(handle_screen, &s);
    cr_assert_eq(r->status, 200, "%s", r->body);
    char *text = untimed(r->body);
    fake_reply_free(r);
    return text;
}

static void same_on_two_threads(enum screen_format f, const char *type, const char *query,
                                size_t full_min)
{
    struct strbuf body = {0};
    list(&body, f);
    unsigned long before = screen_ahead_started();
    char *one = screen(body.data, type, query, 1, full_min);
    cr_expect_eq(screen_ahead_started(), before, "one thread asked for: no second one");
    char *two = screen(body.data, type, query, 2, full_min);
    if (sysconf(_SC_NPROCESSORS_ONLN) > 1)
        cr_expect_eq(screen_ahead_started(), before + 1, "a core to spare: a second thread");
    size_t n1 = strlen(one), n2 = strlen(two), at = 0;
    while (at < n1 && at < n2 && one[at] == two[at])
        at++;
    cr_expect(n1 == n2 && at == n1, "%s %s: %zu and %zu bytes, first difference at %zu", type,
              query, n1, n2, at);
    cr_expect_gt(n1, (size_t)ROWS * 40, "%s: every row answered", type);
    free(one);
    free(two);
    sb_free(&body);
}

Test(screen_ahead, ndjson)
{
    same_on_two_threads(SCREEN_NDJSON, "Content-Type: application/x-ndjson", "", 32u << 20);
}

Test(screen_ahead, json_rows_keep_their_commas)
{
    same_on_two_threads(SCREEN_JSON, "Content-Type: application/json", "", 32u << 20);
}

Test(screen_ahead, csv)
{
    same_on_two_threads(SCREEN_CSV, "Content-Type: text/csv", "", 32u << 20);
}

Test(screen_ahead, compact_view)
{
    same_on_two_threads(SCREEN_NDJSON, "Content-Type: application/x-ndjson", "view=compact",
                        32u << 20);
}

/* 64 times a ~70 KiB body is about 4.5 MiB: the bound falls inside a chunk, after which
 * rows are summarised. */
Test(screen_ahead, the_bound_on_the_answer_falls_inside_a_chunk)
{
    same_on_two_threads(SCREEN_NDJSON, "Content-Type: application/x-ndjson", "", 1024);
    struct strbuf body = {0};
    list(&body, SCREEN_NDJSON);
    char *two = screen(body.data, "Content-Type: application/x-ndjson", "", 2, 1024);
    const char *n = strstr(two, "\"summarised\":");
    cr_expect(n && n[strlen("\"summarised\":")] != '0', "rows were summarised");
    free(two);
    sb_free(&body);
}
