/* libFuzzer target: any bytes as a screening list (the first byte picks the input format and
 * what the body holds: a list, a CycloneDX or SPDX document, an inventory; the second the
 * output format), read row by row, checked, identified, screened against the seed snapshot
 * and written out. Every JSON or NDJSON row written must be valid JSON; never a
 * crash, a leak or a hang. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/screen.h"
#include "rulings/dataset.h"
#include "match/match.h"
#include "rulings/snapshot.h"
#include "fuzz_seed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct snapshot *snap; /* loaded at the first input, kept for the process */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!snap) snap = fuzz_seed_snapshot();
    if (size < 2) return 0;
    enum screen_format in = (enum screen_format)(data[0] % SCREEN_FORMAT_COUNT);
    enum screen_format out = (enum screen_format)(data[1] % SCREEN_FORMAT_COUNT);
    const char *body = (const char *)data + 2;
    size_t len = size - 2;
    struct check_request d = {.kind = -1, .as_of = 1727740800, .min_score = 0.85, .limit = 5};
    struct screen_columns cols = {.source =
                                      (enum screen_source)((data[0] / SCREEN_FORMAT_COUNT) % 4)};
    struct screen_reader r;
    struct rd_error err = {0};
    struct strbuf sb = {0};
    /* the second byte's high bit: full answers, or every row compact */
    struct screen_totals t = {.full_budget = (data[1] & 0x80) ? 0 : SIZE_MAX};
    const struct screen_raw *raw;
    enum screen_status st = screen_reader_open(&r, in, body, len, &cols, &err);
    while (st == SCREEN_ROW && (st = screen_reader_next(&r, &raw, &err)) == SCREEN_ROW) {
        sb_reset(&sb);
        struct screen_row row;
        bool ok = screen_row_check(raw, &d, &row) &&
                  screen_identify(snap, raw, cols.source != SOURCE_LIST, &row);
        if (!ok || !screen_out_result(&sb, out, snap, raw, &row, &t)) {
            if (sb.failed) abort();
            if (ok) field_errors_add(&row.errors, "name", "too_long", "refused");
            screen_out_error(&sb, out, raw, &row, &t);
        }
        field_errors_free(&row.errors);
        if (out != SCREEN_CSV && sb.len) {
            const char *s = sb.data;
            size_t n = sb.len;
            if (out == SCREEN_JSON && t.rows > 1 && s[0] == ',') s++, n--;
            json_error_t e;
            json_t *v = json_loadb(s, n, 0, &e);
            if (!v) {
                fprintf(stderr, "invalid JSON row: %s\n%.*s\n", e.text, (int)n, s);
                abort();
            }
            json_decref(v);
        }
    }
    if (st == SCREEN_END) screen_out_end(&sb, out, snap, &t, 1.0, &r, (data[0] & 0x80) != 0);
    screen_reader_close(&r);
    free(t.flagged);
    sb_free(&sb);
    return 0;
}
