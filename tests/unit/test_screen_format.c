/* handlers/screen_format.c: which format a body is in (Content-Type) and which to answer in
 * (Accept, with q-values, wildcards and the body's own format as the tie-breaker). */
#include <criterion/criterion.h>
#include <string.h>

#include "handlers/screen.h"

Test(screen_format, content_type)
{
    static const struct {
        const char *header;
        int format; /* -1: refused */
    } cases[] = {
        {"text/csv", SCREEN_CSV},
        {"TEXT/CSV; charset=UTF-8", SCREEN_CSV},
        {"text/csv;header=present;charset=\"utf-8\"", SCREEN_CSV},
        {"application/json", SCREEN_JSON},
        {"application/json; charset=utf8", SCREEN_JSON},
        {"application/x-ndjson", SCREEN_NDJSON},
        {"application/ndjson", SCREEN_NDJSON},
        {"application/jsonl", SCREEN_NDJSON},
        {" application/x-ndjson ", SCREEN_NDJSON},
        {"text/csv; charset=windows-1252", -1},
        {"text/plain", -1},
        {"application/x-www-form-urlencoded", -1},
        {"text/csvx", -1},
        {"text/cs", -1},
        {"", -1},
        {NULL, -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        enum screen_format f;
        char detail[256] = "";
        bool ok = screen_input_format(cases[i].header, &f, detail, sizeof detail);
        cr_expect_eq(ok, cases[i].format >= 0, "case %zu (%s): %s", i,
                     cases[i].header ? cases[i].header : "none", detail);
        if (ok && cases[i].format >= 0) cr_expect_eq((int)f, cases[i].format, "case %zu", i);
        if (!ok) cr_expect(detail[0], "case %zu: a refusal says why", i);
    }
}

Test(screen_format, accept)
{
    static const struct {
        const char *accept;
        enum screen_format input;
        int answer; /* -1: 406 */
    } cases[] = {
        {NULL, SCREEN_CSV, SCREEN_CSV},
        {"", SCREEN_NDJSON, SCREEN_NDJSON},
        {"*/*", SCREEN_JSON, SCREEN_JSON},
        {"*/*", SCREEN_CSV, SCREEN_CSV},
        {"application/json", SCREEN_CSV, SCREEN_JSON},
        {"text/csv", SCREEN_JSON, SCREEN_CSV},
        {"application/x-ndjson", SCREEN_CSV, SCREEN_NDJSON},
        {"application/ndjson", SCREEN_CSV, SCREEN_NDJSON},
        {"application/*", SCREEN_CSV, SCREEN_JSON},
        {"application/*", SCREEN_NDJSON, SCREEN_NDJSON},
        {"text/*", SCREEN_JSON, SCREEN_CSV},
        {"text/html, application/xhtml+xml, */*;q=0.8", SCREEN_CSV, SCREEN_CSV},
        {"text/csv;q=0.2, application/json;q=0.9", SCREEN_CSV, SCREEN_JSON},
        {"application/json;q=0, */*", SCREEN_JSON, SCREEN_NDJSON},
        {"*/*;q=0.5, text/csv;q=0", SCREEN_CSV, SCREEN_JSON},
        {"text/csv; q=1.0; charset=utf-8", SCREEN_JSON, SCREEN_CSV},
        {"text/html", SCREEN_CSV, -1},
        {"application/xml, text/plain", SCREEN_JSON, -1},
        {"*/*;q=0", SCREEN_JSON, -1},
        {"text/csv;q=nonsense", SCREEN_CSV, -1},
        {",,, ;", SCREEN_CSV, -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        enum screen_format f;
        bool ok = screen_output_format(cases[i].accept, cases[i].input, &f);
        cr_expect_eq(ok, cases[i].answer >= 0, "case %zu (%s)", i,
                     cases[i].accept ? cases[i].accept : "none");
        if (ok && cases[i].answer >= 0)
            cr_expect_eq((int)f, cases[i].answer, "case %zu (%s): %d", i, cases[i].accept, (int)f);
    }
    cr_expect_str_eq(screen_content_type(SCREEN_CSV), "text/csv; charset=utf-8; header=present");
    cr_expect_str_eq(screen_content_type(SCREEN_NDJSON), "application/x-ndjson");
}
