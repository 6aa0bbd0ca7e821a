/* What a ruling reaches, whom it binds, under which condition, and what an answer covers
 * (docs/decisions/0007), asked of the real server over HTTP with the seed data. The law
 * itself is tested case by case in process (tests/law); these check that the HTTP surface
 * carries it: parameters, fields, vocabularies, coverage. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static json_t *ruling_in(json_t *doc, const char *key, const char *id)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(doc, key), i, r)
    {
        if (str(r, "id") && strcmp(str(r, "id"), id) == 0) return r;
    }
    return NULL;
}

static struct http get(const char *path_and_query)
{
    char url[2048];
    snprintf(url, sizeof url, "%s%s", shared_url(), path_and_query);
    return http_get(url);
}

Test(reach, huawei_is_restricted_and_the_answer_says_what_it_covers)
{
    struct http r = get("/v1/check?name=Huawei%20Technologies&as_of=2024-10-01");
    cr_assert_eq(r.status, 200);
    cr_expect_str_eq(str(r.json, "verdict"), "restricted");
    cr_expect_str_eq(str(r.json, "since"), "2019-05-16T20:15:00Z");
    cr_expect_not_null(ruling_in(r.json, "rulings", "us-ndaa-889-a-huawei"));
    json_t *cov = json_object_get(r.json, "coverage");
    cr_assert(json_is_object(cov));
    cr_expect_gt(json_array_size(json_object_get(cov, "rule_sets")), 30);
    cr_expect_gt(json_array_size(json_object_get(cov, "categories_not_applied")), 0);
    cr_expect(strstr(str(cov, "statement"), "these rule sets") != NULL);
    http_free(&r);
}

Test(reach, a_no_match_speaks_of_the_rule_sets_consulted_only)
{
    struct http r = get("/v1/check?name=Northwind%20Traders&jurisdiction=DE");
    cr_assert_eq(r.status, 200);
    cr_expect_str_eq(str(r.json, "verdict"), "no_match");
    json_t *sets = json_object_get(json_object_get(r.json, "coverage"), "rule_sets");
    cr_expect_gt(json_array_size(sets), 0);
    size_t i;
    json_t *s;
    json_array_foreach(sets, i, s)
    {
        /* the jurisdiction filter narrows what was consulted: the German warning only */
        cr_expect(strncmp(str(s, "id"), "de-", 3) == 0, "consulted %s for DE", str(s, "id"));
        cr_expect(json_is_string(json_object_get(s, "updated_at")),
                  "%s: last change from "
                  "PostgreSQL",
                  str(s, "id"));
    }
    http_free(&r);
}

Test(reach, the_entity_list_does_not_reach_an_unlisted_affiliate)
{
    struct http r = get("/v1/check?name=Kaspersky%20Labs%20GmbH&as_of=2024-10-01&binds=exporters");
    cr_assert_eq(r.status, 200);
    cr_expect_str_eq(str(json_object_get(r.json, "match"), "id"), "kaspersky-labs-gmbh");
    cr_expect_str_eq(str(r.json, "verdict"), "clear");
    http_free(&r);
    r = get("/v1/check?name=Kaspersky%20Labs%20GmbH&as_of=2024-10-01&binds=named-parties");
    cr_expect_str_eq(str(r.json, "verdict"), "restricted", "the determination reaches the group");
    json_t *fd = ruling_in(r.json, "rulings", "us-icts-fd-kaspersky-new-agreements");
    cr_assert_not_null(fd);
    cr_expect_str_eq(str(fd, "applies_as"), "bound");
    cr_expect(json_is_true(json_object_get(json_object_get(fd, "reach"), "group")));
    json_t *path = json_object_get(json_object_get(fd, "inherited_from"), "path");
    cr_expect_str_eq(str(json_array_get(path, 0), "relation"), "affiliate");
    http_free(&r);
}

Test(reach, a_party_affected_is_told_so)
{
    struct http r =
        get("/v1/check?name=Kaspersky%20Lab&as_of=2024-10-01&binds=us-persons&jurisdiction=US");
    cr_assert_eq(r.status, 200);
    json_t *fd = ruling_in(r.json, "rulings", "us-icts-fd-kaspersky-new-agreements");
    cr_assert_not_null(fd);
    cr_expect_str_eq(str(fd, "applies_as"), "affected");
    cr_expect(json_is_array(json_object_get(fd, "binds")));
    http_free(&r);
}

Test(reach, a_condition_is_stated_and_a_purpose_decides_it)
{
    struct http r =
        get("/v1/check?name=Hangzhou%20Hikvision%20Digital%20Technology&as_of=2024-10-01");
    cr_assert_eq(r.status, 200);
    cr_expect_str_eq(str(r.json, "verdict"), "restricted");
    json_t *conds = json_object_get(r.json, "conditions");
    cr_expect_gt(json_array_size(conds), 0, "the answer names the condition");
    cr_expect(json_array_size(json_object_get(json_array_get(conds, 0), "purposes")) > 0);
    http_free(&r);
    r = get("/v1/check?name=Hangzhou%20Hikvision%20Digital%20Technology&as_of=2024-10-01"
            "&purpose=public-safety");
    cr_expect_str_eq(str(r.json, "verdict"), "restricted");
    cr_expect_eq(json_array_size(json_object_get(r.json, "conditions")), 0, "decided");
    http_free(&r);
    r = get("/v1/check?name=Hangzhou%20Hikvision%20Digital%20Technology&as_of=2024-10-01"
            "&purpose=general-use&jurisdiction=US");
    cr_expect_str_eq(str(r.json, "verdict"), "clear");
    http_free(&r);
}

Test(reach, a_category_is_applied_only_when_stated)
{
    struct http r = get("/v1/check?category=consumer-router&as_of=2026-06-01");
    cr_assert_eq(r.status, 200, "a category may be asked about alone");
    cr_expect_str_eq(str(r.json, "verdict"), "restricted");
    cr_expect(json_is_null(json_object_get(r.json, "match")));
    cr_expect_str_eq(str(json_object_get(r.json, "query"), "category"), "consumer-router");
    http_free(&r);
    r = get("/v1/check?name=Acme%20Home%20Router&as_of=2026-06-01");
    cr_expect_str_eq(str(r.json, "verdict"), "no_match");
    http_free(&r);
}

Test(reach, unknown_codes_are_refused_naming_the_field)
{
    static const char *const bad[][2] = {
        {"/v1/check?name=x&binds=us-people", "binds"},
        {"/v1/check?name=x&purpose=leisure", "purpose"},
        {"/v1/check?name=x&category=toasters", "category"},
        {"/v1/check?as_of=2024-10-01", "name"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct http r = get(bad[i][0]);
        cr_expect_eq(r.status, 400, "%s", bad[i][0]);
        json_t *e = json_array_get(json_object_get(r.json, "errors"), 0);
        cr_expect_str_eq(str(e, "field"), bad[i][1], "%s", bad[i][0]);
        http_free(&r);
    }
}

Test(reach, the_vocabularies_and_the_coverage_are_listed)
{
    struct http r = get("/v1/parties");
    cr_assert_eq(r.status, 200);
    bool us_persons = false;
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(r.json, "parties"), i, p)
    {
        cr_expect(str(p, "meaning") && strlen(str(p, "meaning")) > 10, "%s", str(p, "code"));
        us_persons |= strcmp(str(p, "code"), "us-persons") == 0;
    }
    cr_expect(us_persons);
    cr_expect_gt(json_array_size(json_object_get(r.json, "purposes")), 3);
    cr_expect_gt(json_array_size(json_object_get(r.json, "categories")), 3);
    http_free(&r);
    r = get("/v1/binds");
    cr_expect_eq(r.status, 200, "the alias of /v1/parties");
    http_free(&r);
    r = get("/v1/coverage");
    cr_assert_eq(r.status, 200);
    cr_expect_gt(json_array_size(json_object_get(r.json, "rule_sets")), 30);
    cr_expect_gt(json_array_size(json_object_get(r.json, "categories")), 0);
    http_free(&r);
}
