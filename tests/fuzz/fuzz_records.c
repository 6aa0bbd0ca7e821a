/* libFuzzer target: any bytes as an admin record body (the first byte picks the entity:
 * source, subject, alias, ruling; and whether the path names an id), read the way the admin
 * API reads it (admin_editable, then the record's parser). A refusal names at least one
 * field; an accepted record, written back as JSON, reads again to the very same record. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/admin.h"
#include "rulings/dataset.h"
#include "rulings/dataset_json.h"
#include "lib/jsonw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses `body` as entity `e` and, when valid, writes it back as a JSON object into sb. */
static bool parse_and_render(int e, const json_t *body, const char *path_id, struct strbuf *sb)
{
    json_t *b = admin_editable(body, path_id);
    if (!b) abort();
    struct dataset ds;
    memset(&ds, 0, sizeof ds);
    if (!dataset_reserve(&ds, 1, 1, 1, 1)) abort();
    struct field_errors fe = {0};
    bool ok = false;
    switch (e) {
    case 0:
        ok = dataset_parse_source(&ds, b, "", &ds.sources[0], &fe);
        break;
    case 1:
        ok = dataset_parse_subject(&ds, b, "", &ds.subjects[0], &fe);
        break;
    case 2:
        ok = dataset_parse_alias(&ds, b, "", "owner", &ds.aliases[0], &fe);
        break;
    default:
        ok = dataset_parse_ruling(&ds, b, "", &ds.rulings[0], &fe);
        break;
    }
    json_decref(b);
    if (!ok && fe.count == 0 && fe.dropped == 0) abort(); /* refused without saying why */
    if (ok && (fe.count || fe.dropped)) abort();          /* accepted with errors */
    if (ok) {
        struct jw w;
        jw_init(&w, sb);
        jw_object_begin(&w);
        if (e == 0) dataset_json_source_members(&w, &ds.sources[0]);
        if (e == 1) dataset_json_subject_members(&w, &ds.subjects[0]);
        if (e == 2) dataset_json_alias_members(&w, &ds.aliases[0]);
        if (e == 3) dataset_json_ruling_members(&w, &ds.rulings[0]);
        jw_object_end(&w);
        if (sb->failed) abort();
    }
    field_errors_free(&fe);
    dataset_free(&ds);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    int e = data[0] % 4;
    const char *path_id = data[0] & 4 ? "path-id" : NULL;
    json_error_t err;
    json_t *body = json_loadb((const char *)data + 1, size - 1, JSON_REJECT_DUPLICATES, &err);
    if (!body) return 0;
    struct strbuf first = {0}, second = {0};
    if (parse_and_render(e, body, path_id, &first)) {
        json_t *again = json_loadb(first.data, first.len, JSON_REJECT_DUPLICATES, &err);
        if (!again) {
            fprintf(stderr, "written back as invalid JSON: %s\n%.*s\n", err.text, (int)first.len,
                    first.data);
            abort();
        }
        if (!parse_and_render(e, again, NULL, &second) || first.len != second.len ||
            memcmp(first.data, second.data, first.len) != 0) {
            fprintf(stderr, "not the same record when read again:\n%.*s\n%.*s\n", (int)first.len,
                    first.data, (int)second.len, second.data ? second.data : "");
            abort();
        }
        json_decref(again);
    }
    json_decref(body);
    sb_free(&first);
    sb_free(&second);
    return 0;
}
