/* libFuzzer target: any bytes as a data-set file (the seed, import and admin bodies share
 * this validator). Invalid input must be refused with at least one named error; valid input
 * must build a snapshot that answers a check. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rulings/check.h"
#include "rulings/dataset.h"
#include "rulings/snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t e;
    json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &e);
    if (!root) return 0;
    struct dataset ds;
    struct field_errors fe = {0};
    bool ok = dataset_from_json(root, &ds, &fe);
    json_decref(root);
    if (!ok) {
        if (fe.count == 0 && fe.dropped == 0) abort(); /* refused without saying why */
        field_errors_free(&fe);
        return 0;
    }
    if (fe.count) abort();
    struct rd_error err;
    struct snapshot *s = snapshot_build(&ds, 1, &err);
    if (!s) abort();
    for (size_t i = 0; i < s->n_subjects; i++) {
        const char *name = s->subjects[i].rec->name;
        struct check_request q = {.name = name,
                                  .name_len = strlen(name),
                                  .kind = -1,
                                  .as_of = 1727740800,
                                  .min_score = 0.5,
                                  .limit = 5};
        struct strbuf sb = {0};
        struct jw w;
        jw_init(&w, &sb);
        enum check_status cs = check_answer(s, &q, &w, NULL);
        if (cs == CHECK_NO_MEMORY) abort();
        sb_free(&sb);
    }
    snapshot_release(s);
    return 0;
}
