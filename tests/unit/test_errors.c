/* field_errors: copies cut to fit stay valid UTF-8, the cap, and what a problem document shows. */
#include <criterion/criterion.h>
#include <string.h>

#include "fixtures.h"
#include "server/problem.h"
#include "lib/utf8.h"

Test(field_errors, truncation_keeps_whole_characters)
{
    char long_cyr[700] = "";
    for (int i = 0; i < 300; i++)
        strcat(long_cyr, "\xD0\x96"); /* Ж */
    char long_4[700] = "";
    for (int i = 0; i < 150; i++)
        strcat(long_4, "\xF0\x9F\x9A\x80"); /* U+1F680 */
    struct field_errors fe = {0};
    for (size_t pad = 0; pad < 4; pad++) {
        char field[800];
        snprintf(field, sizeof field, "%.*s%s", (int)pad, "xxx", long_4);
        field_errors_add(&fe, field, "code", "%.*s%s", (int)pad, "yyy", long_cyr);
        snprintf(field, sizeof field, "%.*s%s", (int)pad, "xxx", long_cyr);
        field_errors_add(&fe, field, "code", "%.*s%s", (int)pad, "yyy", long_4);
    }
    cr_assert_eq(fe.count, 8);
    for (size_t i = 0; i < fe.count; i++) {
        const struct field_error *e = &fe.items[i];
        cr_expect(utf8_valid(e->field, strlen(e->field)), "item %zu: field cut", i);
        cr_expect(utf8_valid(e->message, strlen(e->message)), "item %zu: message cut", i);
        cr_expect_gt(strlen(e->field), sizeof e->field - 5, "item %zu: no more than needed", i);
        cr_expect_gt(strlen(e->message), sizeof e->message - 5);
    }
    field_errors_free(&fe);
    cr_expect_eq(fe.count, 0);
    cr_expect_null(fe.items);
}

Test(field_errors, short_values_are_copied_whole)
{
    struct field_errors fe = {0};
    field_errors_add(&fe, "rulings[0].id", "invalid_id", "bad \"%s\"", "Ж1");
    cr_assert_eq(fe.count, 1);
    cr_expect_str_eq(fe.items[0].field, "rulings[0].id");
    cr_expect_str_eq(fe.items[0].code, "invalid_id");
    cr_expect_str_eq(fe.items[0].message, "bad \"Ж1\"");
    field_errors_free(&fe);
}

Test(field_errors, long_unknown_keys_stay_valid_utf8_in_a_problem)
{
    json_t *root = json_pack("{s:[{s:s}]}", "rulings", "id", "r1");
    char key[256] = "a";
    for (int i = 0; i < 100; i++)
        strcat(key, "\xD0\x96"); /* Ж, 2 bytes */
    for (int shift = 0; shift < 2; shift++) {
        /* Keys of either parity: the path is cut somewhere inside the run of Ж. */
        json_t *r = json_array_get(json_object_get(root, "rulings"), 0);
        json_object_set_new(r, key + shift, json_true());
        struct dataset ds;
        struct field_errors fe = {0};
        cr_expect(!dataset_from_json(root, &ds, &fe));
        cr_assert_gt(fe.count, 0);
        for (size_t i = 0; i < fe.count; i++)
            cr_expect(utf8_valid(fe.items[i].field, strlen(fe.items[i].field)),
                      "field %zu cut inside a character", i);
        struct strbuf sb = {0};
        problem_render(&sb, PROBLEM_VALIDATION_FAILED, NULL, &fe, NULL);
        json_error_t e;
        json_t *doc = json_loadb(sb.data, sb.len, 0, &e);
        cr_expect_not_null(doc, "problem is not valid JSON: %s", e.text);
        json_decref(doc);
        sb_free(&sb);
        field_errors_free(&fe);
        json_object_del(r, key + shift);
    }
    json_decref(root);
}
