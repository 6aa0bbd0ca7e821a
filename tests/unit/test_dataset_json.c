/* The data-set writer (rulings/dataset_json.c) and row images (rulings/change_image.c):
 * what export writes reads back as the same data set; audit images come out in API form. */
#include <criterion/criterion.h>
#include <string.h>

#include "db/records.h"
#include "db/tokens.h"
#include "fixtures.h"
#include "rulings/change_image.h"
#include "rulings/dataset_json.h"

static char *write_set(const struct dataset *ds)
{
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    cr_assert(dataset_json_write(&w, ds));
    return sb_take(&sb, NULL);
}

static void expect_same_params(const struct record_params *p, const struct record_params *q,
                               const char *kind, size_t i)
{
    for (int k = 0; k < p->n; k++)
        cr_expect((!p->v[k] && !q->v[k]) || (p->v[k] && q->v[k] && !strcmp(p->v[k], q->v[k])),
                  "%s[%zu] param %d", kind, i, k);
}

/* Record i of each `records` array of a and b, compared through the write parameters: the
 * very values the database gets. */
#define EXPECT_SAME_RECORDS(a, b, records, params_of)                                              \
    for (size_t i = 0; i < (a)->n_##records; i++) {                                                \
        struct record_params p, q;                                                                 \
        params_of(&(a)->records[i], &p);                                                           \
        params_of(&(b)->records[i], &q);                                                           \
        expect_same_params(&p, &q, #records, i);                                                   \
    }

/* The writers that build parameters (arrays, JSON) into a scratch arena. */
static struct arena scratch;
static void params_subject(const struct rd_subject *s, struct record_params *p)
{
    record_params_subject(&scratch, s, p);
}
static void params_ruling(const struct rd_ruling *r, struct record_params *p)
{
    record_params_ruling(&scratch, r, p);
}

/* Every record of `a` has an equal record at the same place in `b`. */
static void expect_same(const struct dataset *a, const struct dataset *b)
{
    cr_assert_eq(a->n_sources, b->n_sources);
    cr_assert_eq(a->n_subjects, b->n_subjects);
    cr_assert_eq(a->n_aliases, b->n_aliases);
    cr_assert_eq(a->n_rulings, b->n_rulings);
    EXPECT_SAME_RECORDS(a, b, sources, record_params_source);
    EXPECT_SAME_RECORDS(a, b, subjects, params_subject);
    EXPECT_SAME_RECORDS(a, b, aliases, record_params_alias);
    EXPECT_SAME_RECORDS(a, b, rulings, params_ruling);
    arena_free(&scratch);
}

Test(dataset_json, the_seed_written_and_read_back_is_the_same_data_set)
{
    struct dataset seed, back;
    struct field_errors fe = {0};
    cr_assert(dataset_load_file(FX_SEED_PATH, &seed, &fe));
    char *text = write_set(&seed);
    json_error_t e;
    json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &e);
    cr_assert(root, "the writer wrote invalid JSON: %s", e.text);
    cr_assert(dataset_from_json(root, &back, &fe), "%zu errors, first %s: %s", fe.count,
              fe.count ? fe.items[0].field : "", fe.count ? fe.items[0].message : "");
    expect_same(&seed, &back);
    /* And writing it again gives the same bytes. */
    char *again = write_set(&back);
    cr_expect_str_eq(again, text);
    free(again);
    free(text);
    json_decref(root);
    dataset_free(&seed);
    dataset_free(&back);
}

Test(dataset_json, aliases_go_under_their_subject_and_nulls_are_explicit)
{
    struct dataset ds;
    fx_begin(&ds, 4);
    fx_subject(&ds, "acme", SUBJECT_ORGANIZATION, "Acme", NULL, RELATION_NONE);
    fx_subject(&ds, "acme-sub", SUBJECT_ORGANIZATION, "Acme Sub", "acme", RELATION_SUBSIDIARY_OF);
    fx_alias(&ds, "acme-sub", "Sub Brand", ALIAS_BRAND);
    fx_alias(&ds, "acme", "Acme Ltd", ALIAS_LEGAL);
    char *text = write_set(&ds);
    json_t *root = json_loads(text, 0, NULL);
    json_t *subjects = json_object_get(root, "subjects");
    json_t *acme = json_array_get(subjects, 0), *sub = json_array_get(subjects, 1);
    cr_expect_str_eq(json_string_value(json_object_get(
                         json_array_get(json_object_get(acme, "aliases"), 0), "alias")),
                     "Acme Ltd");
    cr_expect_eq(json_array_size(json_object_get(sub, "aliases")), 1);
    cr_expect(json_is_null(json_object_get(acme, "parent")));
    cr_expect_str_eq(json_string_value(json_object_get(sub, "relation")), "subsidiary_of");
    json_decref(root);
    free(text);
    dataset_free(&ds);
}

static char *image(const char *entity, const char *row)
{
    json_t *j = json_loads(row, 0, NULL);
    cr_assert(j, "bad test JSON");
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    change_image_write(&w, entity, j);
    json_decref(j);
    return sb_take(&sb, NULL);
}

Test(change_image, a_ruling_row_comes_out_in_api_form)
{
    char *out = image(
        "ruling",
        "{\"id\":\"r1\",\"subject_id\":\"acme\",\"source_id\":\"src\",\"status\":\"advisory\","
        "\"measure_code\":\"m\",\"measure\":\"text\",\"binds\":\"us-persons\","
        "\"effective_from\":\"2024-07-20T04:00:00+00:00\",\"effective_until\":null,"
        "\"extends_to_affiliates\":false,\"quote\":\"q\",\"quote_verbatim\":true,\"note\":null,"
        "\"version\":3,\"created_at\":\"2024-06-24T10:11:12.123456+02:00\","
        "\"updated_at\":\"2024-06-24T10:11:12+00:00\",\"revoked_at\":null,\"future\":7}");
    cr_expect_str_eq(
        out,
        "{\"id\":\"r1\",\"subject\":\"acme\",\"source\":\"src\",\"status\":\"advisory\","
        "\"measure\":{\"code\":\"m\",\"text\":\"text\"},\"binds\":\"us-persons\","
        "\"effective_from\":\"2024-07-20T04:00:00Z\",\"effective_until\":null,"
        "\"extends_to_affiliates\":false,\"quote\":\"q\",\"quote_verbatim\":true,\"note\":null,"
        "\"version\":3,\"created_at\":\"2024-06-24T08:11:12Z\","
        "\"updated_at\":\"2024-06-24T10:11:12Z\",\"revoked_at\":null,\"future\":7}");
    free(out);
    out = image("alias", "{\"id\":12,\"subject_id\":\"acme\",\"alias\":\"A\",\"kind\":\"brand\"}");
    cr_expect_str_eq(out, "{\"id\":12,\"subject\":\"acme\",\"alias\":\"A\",\"kind\":\"brand\"}");
    free(out);
    out = image("token", "{\"name\":\"ops\",\"role\":\"admin\"}");
    cr_expect_str_eq(out, "{\"name\":\"ops\",\"role\":\"admin\"}", "unknown entities are copied");
    free(out);
}

Test(change_image, changed_fields_are_named_in_api_terms)
{
    json_t *before =
        json_loads("{\"measure_code\":\"a\",\"note\":null,\"quote\":\"q\",\"version\":1,"
                   "\"updated_at\":\"x\",\"subject_id\":\"s\"}",
                   0, NULL);
    json_t *after =
        json_loads("{\"measure_code\":\"b\",\"note\":\"n\",\"quote\":\"q\",\"version\":2,"
                   "\"updated_at\":\"y\",\"subject_id\":\"t\"}",
                   0, NULL);
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    change_image_changed(&w, before, after);
    char *out = sb_take(&sb, NULL);
    cr_expect_str_eq(out, "[\"measure.code\",\"note\",\"subject\"]");
    free(out);
    jw_init(&w, &sb);
    change_image_changed(&w, NULL, after);
    out = sb_take(&sb, NULL);
    cr_expect_str_eq(out, "[]", "a creation changes no earlier fields");
    free(out);
    json_decref(before);
    json_decref(after);
    char *fields = record_fields_of_columns("measure,parent_id,title");
    cr_expect_str_eq(fields, "measure.text,parent,title");
    free(fields);
}

Test(tokens, names_hashes_and_constant_time_compare)
{
    static const struct {
        const char *name;
        bool valid;
    } names[] = {{"ops", true},
                 {"ci.bot@example", true},
                 {"A-1_b", true},
                 {"", false},
                 {"-lead", false},
                 {"has space", false},
                 {"ü", false},
                 {"a234567890123456789012345678901234567890123456789012345678901234", true},
                 {"a2345678901234567890123456789012345678901234567890123456789012345", false}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        cr_expect_eq(token_valid_name(names[i].name), names[i].valid, "%s", names[i].name);
    unsigned char a[TOKEN_HASH_LEN], b[TOKEN_HASH_LEN];
    token_hash("abc", 3, a);
    static const unsigned char abc[4] = {0xba, 0x78, 0x16, 0xbf}; /* SHA-256("abc") begins so */
    cr_expect_eq(memcmp(a, abc, 4), 0);
    token_hash("abd", 3, b);
    cr_expect(token_hash_equal(a, a));
    cr_expect(!token_hash_equal(a, b));
}
