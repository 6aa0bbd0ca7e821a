/* libFuzzer target: any bytes as a name to check against the seed snapshot. The answer must
 * be valid JSON, or the name must be refused as invalid or too long; never a crash. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulings/check.h"
#include "rulings/dataset.h"
#include "match/match.h"
#include "rulings/snapshot.h"
#include "fuzz_seed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct snapshot *snap; /* loaded at the first input, kept for the process */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!snap) snap = fuzz_seed_snapshot();
    struct norm_name n;
    enum norm_status st = normalize_name((const char *)data, size, &n);
    if (st == NORM_OK && strlen(n.text) != n.len) abort();

    struct check_request q = {.name = (const char *)data,
                              .name_len = size,
                              .kind = -1,
                              .as_of = 1727740800,
                              .min_score = 0.0,
                              .limit = 20};
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    enum check_status cs = check_answer(snap, &q, &w, NULL);
    if (cs == CHECK_OK) {
        json_error_t e;
        json_t *doc = json_loadb(sb.data, sb.len, 0, &e);
        if (!doc) {
            fprintf(stderr, "invalid JSON answer: %s\n%.*s\n", e.text, (int)sb.len, sb.data);
            abort();
        }
        json_decref(doc);
    } else if (cs != CHECK_INVALID_NAME && cs != CHECK_NAME_TOO_LONG) {
        abort();
    }
    sb_free(&sb);
    return 0;
}
