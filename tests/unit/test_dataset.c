/* Data-set validation: every bad field named by path and code, references, the seed file. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "fixtures.h"
#include "lib/strmap.h"

/* JSON written with ' for " so that the tables stay readable. */
static json_t *J(const char *text)
{
    char buf[4096];
    size_t n = strlen(text);
    cr_assert_lt(n, sizeof buf);
    for (size_t i = 0; i <= n; i++)
        buf[i] = text[i] == '\'' ? '"' : text[i];
    json_error_t e;
    json_t *v = json_loads(buf, JSON_DECODE_ANY, &e);
    cr_assert_not_null(v, "bad JSON in a test (%s): %s", e.text, buf);
    return v;
}

static json_t *minimal(void)
{
    return J("{'format':'restrictd-rulings/1',"
             "'sources':[{'id':'src','authority':'A','jurisdiction':'US','kind':'statute',"
             "'title':'T','citation':'C'}],"
             "'subjects':[{'id':'acme','kind':'organization','name':'Acme',"
             "'aliases':[{'alias':'Acme Widgets','kind':'brand'}]},"
             "{'id':'acme-sub','kind':'organization','name':'Acme Sub',"
             "'parent':'acme','relation':'subsidiary_of'}],"
             "'rulings':[{'id':'r1','subject':'acme','source':'src','status':'restricted',"
             "'measure':{'code':'m','text':'t'},'binds':'us-persons',"
             "'effective_from':'2024-01-01T00:00:00Z','quote':'q'}]}");
}

static bool has_error(const struct field_errors *fe, const char *field, const char *code)
{
    for (size_t i = 0; i < fe->count; i++)
        if (strcmp(fe->items[i].field, field) == 0 && strcmp(fe->items[i].code, code) == 0)
            return true;
    return false;
}

static void dump(const struct field_errors *fe, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < fe->count && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s %s; ", fe->items[i].field,
                                 fe->items[i].code);
}

/* Parses `root` (released here), which must be refused; returns the errors, which the caller
 * frees with field_errors_free(). The data set must be left empty. */
static struct field_errors refused(json_t *root, const char *what)
{
    struct dataset ds;
    struct field_errors fe = {0};
    cr_expect(!dataset_from_json(root, &ds, &fe), "%s: accepted", what);
    cr_expect_eq(ds.n_rulings + ds.n_subjects + ds.n_sources, 0, "%s: data set not left empty",
                 what);
    dataset_free(&ds);
    json_decref(root);
    return fe;
}

/* refused() naming `field` with `code` among its errors. */
static void expect_refused(json_t *root, const char *field, const char *code, const char *what)
{
    struct field_errors fe = refused(root, what);
    char got[1024];
    dump(&fe, got, sizeof got);
    cr_expect(has_error(&fe, field, code), "%s: want %s %s, got %s", what, field, code, got);
    field_errors_free(&fe);
}

Test(dataset, minimal_data_set_is_valid)
{
    json_t *root = minimal();
    struct dataset ds;
    struct field_errors fe = {0};
    cr_assert(dataset_from_json(root, &ds, &fe), "%zu errors: %s", fe.count,
              fe.count ? fe.items[0].field : "");
    cr_expect_eq(fe.count, 0);
    cr_expect_eq(ds.n_sources, 1);
    cr_expect_eq(ds.n_subjects, 2);
    cr_expect_eq(ds.n_aliases, 1);
    cr_expect_eq(ds.n_rulings, 1);
    cr_expect_str_eq(ds.aliases[0].subject_id, "acme");
    cr_expect_eq(ds.subjects[1].relation, RELATION_SUBSIDIARY_OF);
    cr_expect(!ds.rulings[0].has_until);
    cr_expect(ds.rulings[0].quote_verbatim, "quote_verbatim defaults to true");
    cr_expect(!ds.rulings[0].reach.group);
    cr_expect(ds.rulings[0].certain, "certainty defaults to known");
    cr_expect_eq(ds.rulings[0].effective_from, fx_t("2024-01-01T00:00:00Z"));
    dataset_free(&ds);
    json_decref(root);
}

/* One field of one record changed (value NULL = removed) -> one expected error, named by
 * the field's own path ("rulings[0].status", "format" at the top level). */
struct field_case {
    const char *array; /* "sources", "subjects", "rulings", or NULL for the top level */
    const char *key;
    const char *value; /* JSON, ' for " */
    const char *code;
};

static const struct field_case field_cases[] = {
    {"rulings", "effective_until", "'2023-12-31T00:00:00Z'", "invalid_range"},
    {"rulings", "effective_until", "'2024-01-01T00:00:00Z'", "invalid_range"},
    {"rulings", "effective_until", "'2025-02-29T00:00:00Z'", "invalid_date"},
    {"rulings", "effective_from", "'2024-01-01'", "invalid_date"},
    {"rulings", "effective_from", "'2024-01-01T00:00:00'", "invalid_date"},
    {"rulings", "effective_from", "20240101", "invalid_type"},
    {"rulings", "effective_from", NULL, "required"},
    {"rulings", "status", "'banned'", "invalid_value"},
    {"rulings", "status", "'Restricted'", "invalid_value"},
    {"rulings", "colour", "'red'", "unknown_field"},
    {"rulings", "quote", "7", "invalid_type"},
    {"rulings", "certainty", "'maybe'", "invalid_value"},
    {"rulings", "exempts", "['r0']", "invalid_value"},
    {"rulings", "quote", "'a\\u0001b'", "invalid_character"},
    {"rulings", "id", "'Bad ID'", "invalid_id"},
    {"rulings", "id", "'-r1'", "invalid_id"},
    {"rulings", "id", "7", "invalid_type"},
    {"rulings", "subject", "'Acme'", "invalid_id"},
    {"rulings", "measure", "'text'", "invalid_type"},
    {"rulings", "measure", NULL, "required"},
    {"rulings", "binds", "'US persons'", "invalid_code"},
    {"rulings", "binds", NULL, "required"},
    {"rulings", "extends_to_affiliates", "'yes'", "invalid_type"},
    {"rulings", "quote_verbatim", "1", "invalid_type"},
    {"subjects", "kind", "'company'", "invalid_value"},
    {"subjects", "name", NULL, "required"},
    {"subjects", "name", "'Acme\\nCorp'", "invalid_character"},
    {"subjects", "relation", "'owned_by'", "invalid_value"},
    {"subjects", "parent", "'acme'", "invalid_reference"},
    {"subjects", "parent", "'Acme Corp'", "invalid_id"},
    {"subjects", "country", "'usa'", "invalid_code"},
    {"subjects", "country", "'Iran'", "invalid_code"},
    {"subjects", "country", "'ru'", "invalid_code"},
    {"subjects", "country", "'EU'", "invalid_code"},
    {"subjects", "country", "'UK'", "unknown_country"},
    {"subjects", "country", "'ZZ'", "unknown_country"},
    {"subjects", "aliases", "'Acme'", "invalid_type"},
    {"subjects", "size", "3", "unknown_field"},
    {"sources", "jurisdiction", "'us'", "invalid_code"},
    {"sources", "jurisdiction", "'USA'", "invalid_code"},
    {"sources", "jurisdiction", "'XX'", "unknown_country"},
    {"sources", "kind", "'law'", "invalid_value"},
    {"sources", "url", "'ftp://example.org/x'", "invalid_url"},
    {"sources", "signed_on", "'2024-13-01'", "invalid_date"},
    {"sources", "published_on", "'2024-06-24T00:00:00Z'", "too_long"},
    {"sources", "citation", NULL, "required"},
    {"sources", "authority", "''", "required"},
    {NULL, "format", "'restrictd-rulings/9'", "unsupported_format"},
    {NULL, "format", "1", "unsupported_format"},
    {NULL, "extra", "[]", "unknown_field"},
    {NULL, "rulings", "{}", "invalid_type"},
    {NULL, "subjects", "'none'", "invalid_type"},
};

/* The same for values whose error names a member inside them. */
struct nested_case {
    const char *array, *key, *value;
    const char *field, *code;
};

static const struct nested_case nested_cases[] = {
    {"rulings", "measure", "{'code':'Bad Code','text':'t'}", "rulings[0].measure.code",
     "invalid_code"},
    {"rulings", "measure", "{'code':'m'}", "rulings[0].measure.text", "required"},
    {"rulings", "measure", "{'code':'m','text':'t','x':1}", "rulings[0].measure.x",
     "unknown_field"},
    {"subjects", "relation", "'product_of'", "subjects[0].parent", "required"},
    {"subjects", "aliases", "[{'alias':'A','kind':'nickname'}]", "subjects[0].aliases[0].kind",
     "invalid_value"},
    {"subjects", "aliases", "[{'alias':'A','kind':'name'}]", "subjects[0].aliases[0].kind",
     "invalid_value"},
    {"subjects", "aliases", "[{'kind':'brand'}]", "subjects[0].aliases[0].alias", "required"},
    {"subjects", "aliases", "[{'alias':'A','kind':'brand','lang':'EN'}]",
     "subjects[0].aliases[0].lang", "invalid_code"},
    {"subjects", "aliases", "['A']", "subjects[0].aliases[0]", "invalid_type"},
    {"rulings", "binds", "['nobody']", "rulings[0].binds[0]", "unknown_code"},
    {"rulings", "reach", "{'products':'some'}", "rulings[0].reach.products", "invalid_value"},
    {"rulings", "reach", "{'products':['no-such-category']}", "rulings[0].reach.products[0]",
     "unknown_code"},
    {"rulings", "condition", "{'code':'c','text':'t','purposes':['leisure']}",
     "rulings[0].condition.purposes[0]", "unknown_code"},
    {"rulings", "suspensions", "[{'from':'2024-02-01T00:00:00Z','until':'2024-01-01T00:00:00Z'}]",
     "rulings[0].suspensions[0].until", "invalid_range"},
};

/* The minimal data set with `key` of the first record of `array` set to `value` (JSON, '
 * for ") or removed (NULL) must be refused naming `field` with `code`. */
static void expect_field_refused(size_t i, const char *array, const char *key, const char *value,
                                 const char *field, const char *code)
{
    json_t *root = minimal();
    json_t *obj = array ? json_array_get(json_object_get(root, array), 0) : root;
    if (value)
        json_object_set_new(obj, key, J(value));
    else
        json_object_del(obj, key);
    char what[160];
    snprintf(what, sizeof what, "case %zu (%s=%s)", i, key, value);
    expect_refused(root, field, code, what);
}

Test(dataset, each_bad_field_is_named)
{
    for (size_t i = 0; i < sizeof field_cases / sizeof field_cases[0]; i++) {
        const struct field_case *c = &field_cases[i];
        char field[64];
        if (c->array)
            snprintf(field, sizeof field, "%s[0].%s", c->array, c->key);
        else
            snprintf(field, sizeof field, "%s", c->key);
        expect_field_refused(i, c->array, c->key, c->value, field, c->code);
    }
    for (size_t i = 0; i < sizeof nested_cases / sizeof nested_cases[0]; i++) {
        const struct nested_case *c = &nested_cases[i];
        expect_field_refused(i, c->array, c->key, c->value, c->field, c->code);
    }
}

/* Whole documents whose records are each valid but do not fit together. */
static const struct {
    const char *subjects, *rulings;
    const char *field, *code;
} reference_cases[] = {
    {"[{'id':'a','kind':'person','name':'A'},{'id':'a','kind':'person','name':'B'}]", "[]",
     "subjects[1].id", "duplicate"},
    {"[{'id':'a','kind':'person','name':'A','parent':'zz','relation':'successor_of'}]", "[]",
     "subjects[0].parent", "unknown_reference"},
    {"[{'id':'a','kind':'organization','name':'A','parent':'b','relation':'subsidiary_of'},"
     "{'id':'b','kind':'organization','name':'B','parent':'a','relation':'subsidiary_of'}]",
     "[]", "subjects[0].parent", "cycle"},
    {"[{'id':'a','kind':'organization','name':'A','parent':'b','relation':'subsidiary_of'},"
     "{'id':'b','kind':'organization','name':'B','parent':'c','relation':'subsidiary_of'},"
     "{'id':'c','kind':'organization','name':'C','parent':'a','relation':'subsidiary_of'}]",
     "[]", "subjects[2].parent", "cycle"},
    {"[{'id':'a','kind':'organization','name':'A','parent':'b'},"
     "{'id':'b','kind':'organization','name':'B'}]",
     "[]", "subjects[0].relation", "required"},
    {"[{'id':'a','kind':'organization','name':'A','parent':'b','relation':null},"
     "{'id':'b','kind':'organization','name':'B'}]",
     "[]", "subjects[0].relation", "required"},
    {"[{'id':'a','kind':'organization','name':'A','parent':'b','relation':''},"
     "{'id':'b','kind':'organization','name':'B'}]",
     "[]", "subjects[0].relation", "required"},
    {"[{'id':'a','kind':'organization','name':'A','aliases':[{'alias':'X','kind':'brand'},"
     "{'alias':'X','kind':'former'}]}]",
     "[]", "subject \"a\" alias", "duplicate"},
    {"[{'id':'a','kind':'person','name':'A'}]",
     "[{'id':'r','subject':'nobody','source':'src','status':'exempt','measure':{'code':'m',"
     "'text':'t'},'binds':'us-persons','effective_from':'2024-01-01T00:00:00Z','quote':'q'}]",
     "rulings[0].subject", "unknown_reference"},
    {"[{'id':'a','kind':'person','name':'A'}]",
     "[{'id':'r','subject':'a','source':'nowhere','status':'exempt','measure':{'code':'m',"
     "'text':'t'},'binds':'us-persons','effective_from':'2024-01-01T00:00:00Z','quote':'q'}]",
     "rulings[0].source", "unknown_reference"},
    {"[{'id':'a','kind':'person','name':'A'}]",
     "[{'id':'r','subject':'a','source':'src','status':'exempt','measure':{'code':'m',"
     "'text':'t'},'binds':'us-persons','effective_from':'2024-01-01T00:00:00Z','quote':'q'},"
     "{'id':'r','subject':'a','source':'src','status':'advisory','measure':{'code':'m',"
     "'text':'t'},'binds':'us-persons','effective_from':'2024-01-01T00:00:00Z','quote':'q'}]",
     "rulings[1].id", "duplicate"},
};

Test(dataset, references_between_records)
{
    for (size_t i = 0; i < sizeof reference_cases / sizeof reference_cases[0]; i++) {
        json_t *root = minimal();
        json_object_set_new(root, "subjects", J(reference_cases[i].subjects));
        json_object_set_new(root, "rulings", J(reference_cases[i].rulings));
        char what[32];
        snprintf(what, sizeof what, "case %zu", i);
        expect_refused(root, reference_cases[i].field, reference_cases[i].code, what);
    }
}

/* `minimal` with subjects c0..c<links>, each c<i> `relation` of c<i-1>, and no rulings. */
static json_t *chain_of(const char *relation, int links)
{
    json_t *root = minimal(), *subjects = json_array();
    for (int i = 0; i <= links; i++) {
        char id[16], parent[16];
        snprintf(id, sizeof id, "c%d", i);
        json_t *s = json_pack("{s:s, s:s, s:s}", "id", id, "kind", "organization", "name", id);
        if (i > 0) {
            snprintf(parent, sizeof parent, "c%d", i - 1);
            json_object_set_new(s, "parent", json_string(parent));
            json_object_set_new(s, "relation", json_string(relation));
        }
        json_array_append_new(subjects, s);
    }
    json_object_set_new(root, "subjects", subjects);
    json_object_set_new(root, "rulings", json_array());
    return root;
}

/* As deep as evaluation follows is fine; deeper is refused, naming the first subject past
 * the bound once (not every one below it). */
Test(dataset, chains_no_deeper_than_evaluation_follows)
{
    static const struct {
        const char *relation;
        int bound;
    } cases[] = {{"product_of", RELATION_MAX_CHAIN},
                 {"successor_of", RELATION_MAX_CHAIN},
                 {"subsidiary_of", RELATION_MAX_GROUP_DEPTH}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct dataset ds;
        struct field_errors fe = {0};
        json_t *root = chain_of(cases[i].relation, cases[i].bound);
        cr_expect(dataset_from_json(root, &ds, &fe), "%s: %d links refused", cases[i].relation,
                  cases[i].bound);
        json_decref(root);
        dataset_free(&ds);
        field_errors_free(&fe);

        fe = refused(chain_of(cases[i].relation, cases[i].bound + 3), cases[i].relation);
        char field[32];
        snprintf(field, sizeof field, "subjects[%d].parent", cases[i].bound + 1);
        cr_expect(has_error(&fe, field, "too_deep"), "%s", cases[i].relation);
        cr_expect_eq(fe.count, 1, "%s: one error for the chain", cases[i].relation);
        cr_expect(strstr(fe.items[0].message, cases[i].relation), "%s", fe.items[0].message);
        field_errors_free(&fe);
    }
}

Test(dataset, duplicate_source_ids)
{
    json_t *root = minimal();
    json_array_append(json_object_get(root, "sources"),
                      json_array_get(json_object_get(root, "sources"), 0));
    expect_refused(root, "sources[1].id", "duplicate", "a source twice");
}

Test(dataset, several_errors_are_reported_at_once)
{
    json_t *root = minimal();
    json_t *r = json_array_get(json_object_get(root, "rulings"), 0);
    json_object_set_new(r, "status", json_string("banned"));
    json_object_set_new(r, "effective_from", json_string("2024-02-30T00:00:00Z"));
    json_object_set_new(r, "colour", json_string("red"));
    json_object_set_new(json_array_get(json_object_get(root, "subjects"), 1), "kind",
                        json_string("robot"));
    json_object_set_new(json_array_get(json_object_get(root, "sources"), 0), "kind",
                        json_string("law"));
    struct field_errors fe = refused(root, "five bad fields");
    cr_expect_eq(fe.count, 5, "%zu errors", fe.count);
    cr_expect(has_error(&fe, "rulings[0].status", "invalid_value"));
    cr_expect(has_error(&fe, "rulings[0].effective_from", "invalid_date"));
    cr_expect(has_error(&fe, "rulings[0].colour", "unknown_field"));
    cr_expect(has_error(&fe, "subjects[1].kind", "invalid_value"));
    cr_expect(has_error(&fe, "sources[0].kind", "invalid_value"));
    for (size_t i = 0; i < fe.count; i++)
        cr_expect_gt(strlen(fe.items[i].message), 0);
    field_errors_free(&fe);
}

Test(dataset, a_bad_relation_is_reported_once)
{
    json_t *root = minimal();
    json_object_set_new(json_array_get(json_object_get(root, "subjects"), 1), "relation",
                        json_string("owned_by"));
    struct field_errors fe = refused(root, "owned_by");
    cr_expect_eq(fe.count, 1, "%zu errors", fe.count);
    cr_expect(has_error(&fe, "subjects[1].relation", "invalid_value"));
    cr_expect_not_null(strstr(fe.items[0].message, "subsidiary_of"), "lists the values");
    field_errors_free(&fe);
}

Test(dataset, not_an_object)
{
    expect_refused(J("[1,2]"), "body", "invalid_type", "an array");
}

Test(dataset, one_record_parsers_use_the_given_path)
{
    struct dataset ds;
    fx_begin(&ds, 1);
    struct field_errors fe = {0};
    struct rd_ruling r;
    json_t *obj =
        J("{'id':'r','subject':'a','source':'s','status':'nope','measure':{'code':'m',"
          "'text':'t'},'binds':'us-persons','effective_from':'2024-01-01T00:00:00Z','quote':'q'}");
    cr_expect(!dataset_parse_ruling(&ds, obj, "", &r, &fe));
    cr_expect(has_error(&fe, "status", "invalid_value"));
    json_decref(obj);
    obj = J("{'id':'a','kind':'person','name':'A','bogus':1}");
    struct rd_subject s;
    cr_expect(!dataset_parse_subject(&ds, obj, "body", &s, &fe));
    cr_expect(has_error(&fe, "body.bogus", "unknown_field"));
    json_decref(obj);
    field_errors_free(&fe);
    dataset_free(&ds);
}

Test(dataset, valid_ids)
{
    static char longest[102];
    memset(longest, 'a', 100);
    static const struct {
        const char *id;
        bool ok;
    } cases[] = {
        {"a", true},    {"0day", true}, {"a-b.c_d", true},      {"us-bis-icts-2021-002", true},
        {"", false},    {"A", false},   {"-a", false},          {".a", false},
        {"a b", false}, {"a/b", false}, {"caf\xC3\xA9", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_eq(dataset_valid_id(cases[i].id), cases[i].ok, "\"%s\"", cases[i].id);
    cr_expect(dataset_valid_id(longest), "100 bytes");
    longest[100] = 'a';
    cr_expect(!dataset_valid_id(longest), "101 bytes");
}

Test(dataset, seed_file_is_valid_and_complete)
{
    struct dataset ds;
    struct field_errors fe = {0};
    bool ok = dataset_load_file(FX_SEED_PATH, &ds, &fe);
    char got[1024];
    dump(&fe, got, sizeof got);
    cr_assert(ok, "seed invalid: %s", got);
    cr_expect_gt(ds.n_sources, 5);
    cr_expect_gt(ds.n_subjects, 20);
    cr_expect_gt(ds.n_rulings, 20);
    struct strmap sources;
    cr_assert(strmap_init(&sources, ds.n_sources));
    for (size_t i = 0; i < ds.n_sources; i++) {
        (void)strmap_put(&sources, ds.sources[i].id, (uint32_t)i, NULL);
        cr_expect_not_null(ds.sources[i].citation, "%s: citation", ds.sources[i].id);
    }
    for (size_t i = 0; i < ds.n_rulings; i++) {
        const struct rd_ruling *r = &ds.rulings[i];
        uint32_t at;
        /* the source's words, or a note saying why they are not there */
        cr_expect((r->quote && strlen(r->quote) > 10) || (!r->quote && r->note && *r->note),
                  "%s: quote", r->id);
        cr_expect(r->source_id && strmap_get(&sources, r->source_id, &at), "%s: source", r->id);
        cr_expect(r->measure && *r->measure, "%s: measure", r->id);
        /* Determinations take effect at instants, never at midnight UTC of a bare date
         * unless the source says so: every seed instant is a whole hour, unless the note
         * gives the time of day the sources report (Huawei's listing at 4:15 p.m.). */
        cr_expect(r->effective_from % 3600 == 0 || (r->note && strstr(r->note, " p.m. ")),
                  "%s: effective_from", r->id);
    }
    strmap_free(&sources);
    dataset_free(&ds);
}
