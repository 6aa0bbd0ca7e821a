/* JSON output: the check answer's shape, json_escape, the jw writer, problem documents. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "fixtures.h"
#include "server/problem.h"
#include "lib/jsonw.h"

/* Parses what was written and empties the buffer; the caller json_decref()s the value. */
static json_t *parse(struct strbuf *sb)
{
    json_error_t e;
    cr_assert(!sb->failed);
    json_t *v = json_loadb(sb->data, sb->len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &e);
    cr_assert_not_null(v, "not JSON (%s): %.*s", e.text, (int)sb->len, sb->data);
    sb_free(sb);
    return v;
}

/* What a writer wrote is `want`, and valid JSON; frees the buffer. */
static void expect_written(struct strbuf *sb, const char *want)
{
    cr_expect_str_eq(sb->data, want);
    json_decref(parse(sb));
}

static const char *str(json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

/* `obj` has `key` of the given jansson type. */
static void expect_member(json_t *obj, const char *key, json_type type, const char *where)
{
    json_t *v = json_object_get(obj, key);
    cr_expect_not_null(v, "%s: no \"%s\"", where, key);
    if (v) cr_expect_eq(json_typeof(v), type, "%s.%s: type %d", where, key, json_typeof(v));
}

/* A ruling of a check answer asked for binds=us-persons and jurisdiction=US: every field,
 * and it binds or affects U.S. persons, saying which. */
static void expect_applied_to_us_persons(json_t *x)
{
    static const char *const strings[] = {"id",    "status",     "jurisdiction", "effective_from",
                                          "quote", "applies_as", "certainty"};
    for (size_t k = 0; k < sizeof strings / sizeof *strings; k++)
        expect_member(x, strings[k], JSON_STRING, "ruling");
    expect_member(x, "measure", JSON_OBJECT, "ruling");
    expect_member(x, "binds", JSON_ARRAY, "ruling");
    expect_member(x, "affects", JSON_ARRAY, "ruling");
    expect_member(x, "reach", JSON_OBJECT, "ruling");
    expect_member(json_object_get(x, "measure"), "code", JSON_STRING, "measure");
    expect_member(json_object_get(x, "measure"), "text", JSON_STRING, "measure");
    expect_member(x, "effective_until", JSON_NULL, "ruling");
    expect_member(x, "source", JSON_OBJECT, "ruling");
    expect_member(json_object_get(x, "source"), "citation", JSON_STRING, "source");
    expect_member(json_object_get(x, "source"), "id", JSON_STRING, "source");
    expect_member(json_object_get(x, "source"), "title", JSON_STRING, "source");
    cr_expect_not_null(json_object_get(x, "inherited_from"), "ruling: no inherited_from");
    cr_expect_str_eq(str(x, "jurisdiction"), "US");
    const char *as = str(x, "applies_as");
    json_t *parties = json_object_get(x, as && !strcmp(as, "bound") ? "binds" : "affects");
    bool named = false;
    for (size_t k = 0; k < json_array_size(parties); k++)
        named |= !strcmp(json_string_value(json_array_get(parties, k)), "us-persons");
    cr_expect(named, "%s applies as %s but does not name us-persons", str(x, "id"), as);
}

Test(render, check_answer_has_every_field)
{
    struct snapshot *s = fx_seed();
    json_t *r = fx_check(s, "Kaspersky Anti-Virus", "2024-10-01", "US", "us-persons", NULL);
    static const struct {
        const char *key;
        json_type type;
    } members[] = {
        {"verdict", JSON_STRING},   {"restricted", JSON_TRUE},  {"since", JSON_STRING},
        {"match", JSON_OBJECT},     {"rulings", JSON_ARRAY},    {"upcoming", JSON_ARRAY},
        {"uncertain", JSON_ARRAY},  {"conditions", JSON_ARRAY}, {"coverage", JSON_OBJECT},
        {"candidates", JSON_ARRAY}, {"revision", JSON_INTEGER}, {"query", JSON_OBJECT},
    };
    for (size_t i = 0; i < sizeof members / sizeof *members; i++)
        expect_member(r, members[i].key, members[i].type, "answer");
    json_t *cov = json_object_get(r, "coverage");
    expect_member(cov, "rule_sets", JSON_ARRAY, "coverage");
    expect_member(cov, "categories_not_applied", JSON_ARRAY, "coverage");
    expect_member(cov, "statement", JSON_STRING, "coverage");
    cr_expect_eq(json_integer_value(json_object_get(r, "revision")), 1);

    json_t *m = json_object_get(r, "match");
    static const char *const match_strings[] = {"id", "name", "kind", "matched_alias", "method"};
    for (size_t i = 0; i < sizeof match_strings / sizeof *match_strings; i++)
        expect_member(m, match_strings[i], JSON_STRING, "match");
    expect_member(m, "score", JSON_REAL, "match");
    cr_expect_str_eq(str(m, "kind"), "product");
    cr_expect_str_eq(str(m, "name"), "Kaspersky Anti-Virus");

    json_t *rulings = json_object_get(r, "rulings");
    cr_assert_gt(json_array_size(rulings), 0);
    size_t i;
    json_t *x;
    json_array_foreach(rulings, i, x) expect_applied_to_us_persons(x);
    json_t *ruling = fx_by_id(rulings, "us-icts-fd-kaspersky-updates-resale");
    cr_assert_not_null(ruling);
    cr_expect_str_eq(str(json_object_get(ruling, "source"), "citation"), "89 FR 52434-52437");
    cr_expect_str_eq(str(json_object_get(ruling, "measure"), "code"), "all-covered-transactions");
    cr_expect_str_eq(str(ruling, "effective_from"), "2024-09-29T04:00:00Z");
    expect_member(ruling, "inherited_from", JSON_OBJECT, "inherited ruling");

    json_t *q = json_object_get(r, "query");
    cr_expect_str_eq(str(q, "name"), "Kaspersky Anti-Virus");
    cr_expect_str_eq(str(q, "as_of"), "2024-10-01T23:59:59Z");
    cr_expect_str_eq(str(q, "jurisdiction"), "US");
    cr_expect_str_eq(str(q, "binds"), "us-persons");
    expect_member(q, "kind", JSON_NULL, "query");
    json_decref(r);
    snapshot_release(s);
}

Test(render, ruling_fields_from_a_data_set_in_code)
{
    struct dataset ds;
    fx_begin(&ds, 4);
    fx_source(&ds, "src", "EU");
    fx_subject(&ds, "acme", SUBJECT_ORGANIZATION, "Acme \"Quoted\" Ltd", NULL, RELATION_NONE);
    struct rd_ruling *rr = fx_ruling(&ds, "r1", "acme", "src", STATUS_RESTRICTED, "eu-persons",
                                     "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z", false);
    rr->quote = arena_strdup(&ds.arena, "He said \"no\"\n\tC:\\path");
    rr->version = 12;
    struct snapshot *s = fx_build(&ds);
    json_t *r = fx_check(s, "ACME \"QUOTED\"", "2024-06-01", NULL, NULL, NULL);
    cr_expect_str_eq(str(json_object_get(r, "match"), "name"), "Acme \"Quoted\" Ltd");
    cr_expect_str_eq(str(json_object_get(r, "query"), "name"), "ACME \"QUOTED\"");
    cr_expect_eq(json_integer_value(json_object_get(r, "revision")), 7);
    json_t *x = fx_by_id(json_object_get(r, "rulings"), "r1");
    cr_assert_not_null(x);
    cr_expect_str_eq(str(x, "quote"), "He said \"no\"\n\tC:\\path");
    cr_expect_str_eq(str(x, "effective_until"), "2025-01-01T00:00:00Z");
    cr_expect_str_eq(str(x, "status"), "restricted");
    cr_expect_str_eq(str(x, "jurisdiction"), "EU");
    cr_expect(json_is_null(json_object_get(x, "inherited_from")));
    cr_expect(json_is_null(json_object_get(x, "note")));
    cr_expect_eq(json_integer_value(json_object_get(x, "version")), 12);
    json_decref(r);
    snapshot_release(s);
}

static char *escaped(const char *s, size_t n)
{
    static char out[256];
    struct strbuf sb = {0};
    json_escape(&sb, s, n);
    cr_assert(!sb.failed);
    snprintf(out, sizeof out, "%s", sb.data ? sb.data : "");
    sb_free(&sb);
    return out;
}

Test(render, json_escape)
{
    static const struct {
        const char *in;
        size_t len;
        const char *want;
    } cases[] = {
        {"plain", 5, "plain"},
        {"", 0, ""},
        {"say \"hi\"", 8, "say \\\"hi\\\""},
        {"C:\\dir\\", 7, "C:\\\\dir\\\\"},
        {"a\nb\rc\td", 7, "a\\nb\\rc\\td"},
        {"\x01\x1f", 2, "\\u0001\\u001f"},
        {"\b\f", 2, "\\u0008\\u000c"},
        {"nul\0x", 5, "nul\\u0000x"},
        {"\x7f", 1, "\x7f"},
        {"Лаборатория «К»", sizeof "Лаборатория «К»" - 1, "Лаборатория «К»"},
        {"/path", 5, "/path"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_str_eq(escaped(cases[i].in, cases[i].len), cases[i].want, "case %zu", i);
}

Test(render, escaped_strings_round_trip_through_jansson)
{
    char all[128];
    for (int i = 0; i < 127; i++)
        all[i] = (char)(i + 1);
    all[127] = '\0';
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    jw_array_begin(&w);
    jw_string(&w, all);
    jw_string(&w, "Société «Générale» \xF0\x9F\x9A\x80");
    jw_array_end(&w);
    json_t *v = parse(&sb);
    cr_expect_str_eq(json_string_value(json_array_get(v, 0)), all);
    cr_expect_str_eq(json_string_value(json_array_get(v, 1)),
                     "Société «Générale» \xF0\x9F\x9A\x80");
    json_decref(v);
}

Test(render, writer_places_commas)
{
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    jw_object_begin(&w);
    jw_key(&w, "a");
    jw_int(&w, -1);
    jw_key(&w, "b");
    jw_array_begin(&w);
    jw_int(&w, 1);
    jw_object_begin(&w);
    jw_object_end(&w);
    jw_array_begin(&w);
    jw_array_end(&w);
    jw_object_begin(&w);
    jw_key(&w, "x");
    jw_null(&w);
    jw_key(&w, "y");
    jw_array_begin(&w);
    jw_bool(&w, true);
    jw_bool(&w, false);
    jw_array_end(&w);
    jw_object_end(&w);
    jw_string(&w, NULL);
    jw_array_end(&w);
    jw_key(&w, "c");
    jw_object_begin(&w);
    jw_key(&w, "q\"k");
    jw_string_n(&w, "abcdef", 3);
    jw_object_end(&w);
    jw_key(&w, "d");
    jw_raw(&w, "{\"r\":1}", 7);
    jw_key(&w, "e");
    jw_score(&w, 0.9254);
    jw_key(&w, "f");
    jw_score(&w, 1.5);
    jw_key(&w, "g");
    jw_score(&w, -2);
    jw_key(&w, "h");
    jw_double(&w, NAN);
    jw_key(&w, "i");
    jw_double(&w, -12.5);
    jw_key(&w, "t");
    jw_time(&w, -1);
    jw_object_end(&w);
    expect_written(&sb, "{\"a\":-1,\"b\":[1,{},[],{\"x\":null,\"y\":[true,false]},null],"
                        "\"c\":{\"q\\\"k\":\"abc\"},\"d\":{\"r\":1},\"e\":0.925,\"f\":1.000,"
                        "\"g\":0.000,\"h\":null,\"i\":-12.500,\"t\":\"1969-12-31T23:59:59Z\"}");
}

Test(render, non_finite_numbers_stay_valid_json)
{
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    jw_array_begin(&w);
    jw_score(&w, NAN);
    jw_score(&w, INFINITY);
    jw_score(&w, -INFINITY);
    jw_double(&w, INFINITY);
    jw_double(&w, -INFINITY);
    jw_array_end(&w);
    expect_written(&sb, "[null,1.000,0.000,null,null]");
}

Test(render, writer_top_level_values_and_deep_nesting)
{
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    jw_int(&w, 5);
    cr_expect_str_eq(sb.data, "5");
    sb_free(&sb);

    jw_init(&w, &sb);
    for (int i = 0; i < JW_MAX_DEPTH; i++) {
        jw_array_begin(&w);
        jw_int(&w, i);
    }
    for (int i = 0; i < JW_MAX_DEPTH; i++)
        jw_array_end(&w);
    cr_expect_eq(w.depth, 0);
    json_t *v = parse(&sb);
    cr_expect_eq(json_integer_value(json_array_get(v, 0)), 0);
    json_decref(v);
}

Test(render, writer_refuses_nesting_beyond_max_depth)
{
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    for (int i = 0; i < JW_MAX_DEPTH + 2; i++) {
        jw_array_begin(&w);
        jw_int(&w, 1);
        jw_int(&w, 2);
    }
    for (int i = 0; i < JW_MAX_DEPTH + 2; i++)
        jw_array_end(&w);
    cr_expect(sb.failed, "too deep must fail rather than write broken JSON");
    cr_expect_eq(w.depth, 0);
    sb_free(&sb);
}

Test(render, problem_document_with_errors)
{
    struct field_errors fe = {0};
    field_errors_add(&fe, "as_of", "invalid_date", "must be a date or an RFC 3339 instant");
    field_errors_add(&fe, "name", "required", "is %s", "required");
    struct strbuf sb = {0};
    problem_render(&sb, PROBLEM_INVALID_PARAMETER, "2 invalid parameters", &fe, "/v1/check");
    json_t *p = parse(&sb);
    cr_expect_str_eq(str(p, "type"), "/problems/invalid-parameter");
    cr_expect_eq(json_integer_value(json_object_get(p, "status")), 400);
    cr_expect_str_eq(str(p, "title"), "Invalid parameter");
    cr_expect_str_eq(str(p, "detail"), "2 invalid parameters");
    cr_expect_str_eq(str(p, "instance"), "/v1/check");
    json_t *errors = json_object_get(p, "errors");
    cr_assert_eq(json_array_size(errors), 2);
    json_t *e0 = json_array_get(errors, 0), *e1 = json_array_get(errors, 1);
    cr_expect_str_eq(str(e0, "field"), "as_of");
    cr_expect_str_eq(str(e0, "code"), "invalid_date");
    cr_expect_str_eq(str(e0, "message"), "must be a date or an RFC 3339 instant");
    cr_expect_str_eq(str(e1, "field"), "name");
    cr_expect_str_eq(str(e1, "message"), "is required");
    cr_expect_null(json_object_get(p, "errors_not_listed"));
    json_decref(p);
    field_errors_free(&fe);
}

Test(render, problem_document_defaults_and_dropped_errors)
{
    struct strbuf sb = {0};
    problem_render(&sb, PROBLEM_NOT_FOUND, NULL, NULL, NULL);
    json_t *p = parse(&sb);
    cr_expect_str_eq(str(p, "type"), "/problems/not-found");
    cr_expect_eq(json_integer_value(json_object_get(p, "status")), 404);
    cr_expect_str_eq(str(p, "detail"), problem_info(PROBLEM_NOT_FOUND)->explanation);
    cr_expect_null(json_object_get(p, "errors"));
    cr_expect_null(json_object_get(p, "instance"));
    json_decref(p);

    struct field_errors fe = {0};
    for (int i = 0; i < FIELD_ERRORS_MAX + 3; i++)
        field_errors_add(&fe, "rulings[0].id", "invalid_id", "error %d", i);
    cr_expect_eq(fe.count, FIELD_ERRORS_MAX);
    cr_expect_eq(fe.dropped, 3);
    problem_render(&sb, PROBLEM_VALIDATION_FAILED, "bad \"data\"\n", &fe, NULL);
    p = parse(&sb);
    cr_expect_eq(json_integer_value(json_object_get(p, "status")), 422);
    cr_expect_str_eq(str(p, "detail"), "bad \"data\"\n");
    cr_expect_eq(json_array_size(json_object_get(p, "errors")), FIELD_ERRORS_MAX);
    cr_expect_eq(json_integer_value(json_object_get(p, "errors_not_listed")), 3);
    json_decref(p);
    field_errors_free(&fe);
}

Test(render, problem_table_is_consistent)
{
    for (int t = 0; t < PROBLEM_COUNT; t++) {
        const struct problem_info *p = problem_info((enum problem_type)t);
        cr_assert_not_null(p->slug, "type %d has no slug", t);
        cr_expect_eq(problem_by_slug(p->slug), t, "%s", p->slug);
        cr_expect(p->status >= 400 && p->status <= 599, "%s: %u", p->slug, p->status);
        cr_expect_gt(strlen(p->title), 0);
        cr_expect_gt(strlen(p->explanation), 20);
    }
    cr_expect_eq(problem_by_slug("no-such-problem"), -1);
    cr_expect_eq(problem_info(PROBLEM_PAYLOAD_TOO_LARGE)->status, 413);
    cr_expect_eq(problem_info(PROBLEM_DATABASE_UNAVAILABLE)->status, 503);
    cr_expect_eq(problem_info((enum problem_type)999), problem_info(PROBLEM_INTERNAL));
}
