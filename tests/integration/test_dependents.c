/* No silent drops (issue 15, item 5), over HTTP against a real server and PostgreSQL:
 * relations are followed as deep as a write may place a subject, and a deeper one is refused
 * (422); revoking a source or subject that live records depend on is refused (409, listing
 * them) unless cascade=true revokes them with it, each audited. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_util.h"
#include "schema_check.h"
#include "rulings/model.h"

#define ADMIN ADMIN_SECRET
#define AS_OF "2025-01-01"
#define SOURCE "us-bis-icts-2021-002" /* a seeded source */

ADMIN_SUITE_SERVER("dependents")

TestSuite(dependents, .init = start, .fini = stop, .timeout = 90);

/* POST one record; must be 201. */
static void create(const char *collection, const char *body)
{
    struct http r = admin_do("POST", srv.base, collection, ADMIN, NULL, body);
    cr_assert_eq(r.status, 201, "POST %s %s: %ld %s", collection, body, r.status, r.body);
    http_free(&r);
}

static void create_subject(const char *id, const char *name, const char *parent,
                           const char *relation)
{
    char body[512];
    if (parent)
        snprintf(body, sizeof body,
                 "{\"id\":\"%s\",\"kind\":\"organization\",\"name\":\"%s\",\"parent\":\"%s\","
                 "\"relation\":\"%s\"}",
                 id, name, parent, relation);
    else
        snprintf(body, sizeof body, "{\"id\":\"%s\",\"kind\":\"organization\",\"name\":\"%s\"}", id,
                 name);
    create("/v1/admin/subjects", body);
}

/* A prohibition of `subject` from `source` that reaches its whole group and its products. */
static void create_ruling(const char *id, const char *subject, const char *source)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"id\":\"%s\",\"subject\":\"%s\",\"source\":\"%s\",\"status\":\"prohibited\","
             "\"measure\":{\"code\":\"test\",\"text\":\"A test measure.\"},"
             "\"binds\":\"us-persons\",\"effective_from\":\"2024-01-01T00:00:00Z\","
             "\"reach\":{\"group\":true},\"quote\":\"A test quote.\"}",
             id, subject, source);
    create("/v1/admin/rulings", body);
}

/* One distinctive word per level, so that each name finds its own subject. */
static const char *const words[] = {
    "Alderbrook",   "Brackenfield", "Cindervale", "Duskmere",    "Emberhold",   "Frostwick",
    "Glimmerford",  "Hollowmarsh",  "Ironspire",  "Juniperdell", "Kestrelmoor", "Larkspurton",
    "Mistralcombe", "Nettlebury",   "Oakenshaw",  "Pellucidane", "Quarrymead",  "Rookhaven"};

/* Builds a chain of `links` subjects below `top` ("<prefix>1" .. "<prefix><links>"). */
static void chain(const char *prefix, const char *top, const char *relation, int links)
{
    for (int i = 1; i <= links; i++) {
        char id[32], parent[32], name[64];
        snprintf(id, sizeof id, "%s%d", prefix, i);
        snprintf(parent, sizeof parent, "%s%d", prefix, i - 1);
        snprintf(name, sizeof name, "%s %s", words[i - 1], prefix);
        create_subject(id, name, i == 1 ? top : parent, relation);
    }
}

/* A write that would put a subject past a bound: 422 naming `field` too_deep, with the
 * relation and the bound in the message. */
static void expect_too_deep(struct http *r, const char *field, const char *relation, int bound)
{
    cr_expect_eq(r->status, 422, "%s", r->body);
    cr_expect_str_eq(problem_type(r), "/problems/validation-failed");
    cr_expect(names_field(r, field, "too_deep"), "%s", r->body);
    char at_most[32];
    snprintf(at_most, sizeof at_most, "at most %d", bound);
    cr_expect(strstr(r->body, relation) && strstr(r->body, at_most), "%s", r->body);
    http_free(r);
}

Test(dependents, chains_are_followed_to_the_bound_and_refused_past_it)
{
    create_subject("test-vendor", "Zanzibarite Vendor Holdings", NULL, NULL);
    create_ruling("test-vendor-ban", "test-vendor", SOURCE);
    /* Six product_of links, then sixteen subsidiary_of levels: the deepest of each is
     * restricted (it was clear past six hops or sixteen levels). */
    chain("tp", "test-vendor", "product_of", RELATION_MAX_CHAIN);
    chain("tg", "test-vendor", "subsidiary_of", RELATION_MAX_GROUP_DEPTH);
    cr_expect_str_eq(verdict_of(srv.base, "Frostwick tp", AS_OF), "restricted");
    cr_expect_str_eq(verdict_of(srv.base, "Pellucidane tg", AS_OF), "restricted");

    long long before = sql_count(db, "SELECT count(*) FROM subjects");
    struct http r = admin_do("POST", srv.base, "/v1/admin/subjects", ADMIN, NULL,
                             "{\"id\":\"tp7\",\"kind\":\"product\",\"name\":\"Glimmerford tp\","
                             "\"parent\":\"tp6\",\"relation\":\"product_of\"}");
    expect_too_deep(&r, "parent", "product_of", RELATION_MAX_CHAIN);
    r = admin_do("POST", srv.base, "/v1/admin/subjects", ADMIN, NULL,
                 "{\"id\":\"tg17\",\"kind\":\"organization\",\"name\":\"Quarrymead tg\","
                 "\"parent\":\"tg16\",\"relation\":\"subsidiary_of\"}");
    expect_too_deep(&r, "parent", "subsidiary_of", RELATION_MAX_GROUP_DEPTH);

    /* Moving a subject moves what is below it: tq1 under tp6 puts tq1 seven links down. */
    create_subject("tq1", "Hollowmarsh tq", "test-vendor", "product_of");
    create_subject("tq2", "Ironspire tq", "tq1", "product_of");
    r = admin_do("PUT", srv.base, "/v1/admin/subjects/tq1", ADMIN, "1",
                 "{\"kind\":\"organization\",\"name\":\"Hollowmarsh tq\",\"parent\":\"tp6\","
                 "\"relation\":\"product_of\"}");
    expect_too_deep(&r, "parent", "product_of", RELATION_MAX_CHAIN);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM subjects"), before + 2, "nothing else");
    cr_expect_eq(sql_count(db, "SELECT version FROM subjects WHERE id = 'tq1'"), 1);

    /* A data set holding a chain too deep names the first subject past the bound. */
    r = admin_do("POST", srv.base, "/v1/admin/import?dry_run=true", ADMIN, NULL,
                 "{\"format\":\"restrictd-rulings/2\",\"sources\":[],\"rulings\":[],"
                 "\"subjects\":[{\"id\":\"ti0\",\"kind\":\"organization\",\"name\":\"T0\"},"
                 "{\"id\":\"ti1\",\"kind\":\"product\",\"name\":\"T1\",\"parent\":\"ti0\","
                 "\"relation\":\"product_of\"},{\"id\":\"ti2\",\"kind\":\"product\","
                 "\"name\":\"T2\",\"parent\":\"ti1\",\"relation\":\"product_of\"},"
                 "{\"id\":\"ti3\",\"kind\":\"product\",\"name\":\"T3\",\"parent\":\"ti2\","
                 "\"relation\":\"product_of\"},{\"id\":\"ti4\",\"kind\":\"product\","
                 "\"name\":\"T4\",\"parent\":\"ti3\",\"relation\":\"product_of\"},"
                 "{\"id\":\"ti5\",\"kind\":\"product\",\"name\":\"T5\",\"parent\":\"ti4\","
                 "\"relation\":\"product_of\"},{\"id\":\"ti6\",\"kind\":\"product\","
                 "\"name\":\"T6\",\"parent\":\"ti5\",\"relation\":\"product_of\"},"
                 "{\"id\":\"ti7\",\"kind\":\"product\",\"name\":\"T7\",\"parent\":\"ti6\","
                 "\"relation\":\"product_of\"}]}");
    expect_too_deep(&r, "subjects[7].parent", "product_of", RELATION_MAX_CHAIN);
}

/* The dependents listed in a 409, as "entity:id,..." in their order. */
static char *dependents_of(const struct http *r)
{
    static char out[4096];
    out[0] = '\0';
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(r->json, "dependents"), i, d)
    {
        size_t used = strlen(out);
        snprintf(out + used, sizeof out - used, "%s%s:%s", i ? "," : "", jstr(d, "entity"),
                 jstr(d, "id"));
    }
    return out;
}

static bool is_revoked(const char *path)
{
    struct http r = admin_do("GET", srv.base, path, ADMIN, NULL, NULL);
    cr_assert_eq(r.status, 200, "GET %s: %s", path, r.body);
    bool revoked = json_is_string(json_object_get(r.json, "revoked_at"));
    http_free(&r);
    return revoked;
}

/* The changes after `revision`, as "entity:id:action:actor,..." in revision order. */
static char *changes_since(long long revision)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT string_agg(entity || ':' || entity_id || ':' || action || ':' || actor, ','"
             " ORDER BY revision) FROM changes WHERE revision > %lld",
             revision);
    return db_scalar(db, sql);
}

#define SOURCE_PATH "/v1/admin/sources/test-src"

Test(dependents, revoking_a_source_refused_while_rulings_depend_on_it_or_cascaded)
{
    create("/v1/admin/sources", "{\"id\":\"test-src\",\"authority\":\"Test Authority\","
                                "\"jurisdiction\":\"US\",\"kind\":\"advisory\",\"title\":\"T\","
                                "\"citation\":\"C\"}");
    create_subject("test-co", "Wolframite Quantum Holdings", NULL, NULL);
    create_ruling("test-r1", "test-co", "test-src");
    create_ruling("test-r2", "test-co", "test-src");
    cr_assert_str_eq(verdict_of(srv.base, "Wolframite Quantum Holdings", AS_OF), "restricted");
    long long before = sql_count(db, "SELECT max(revision) FROM changes");

    struct http r = admin_do("DELETE", srv.base, SOURCE_PATH, ADMIN, "1", NULL);
    expect_answer_documented(&r, "/v1/admin/sources/{id}", "delete", 409, "dependents");
    cr_expect_str_eq(problem_type(&r), "/problems/conflict");
    cr_expect_str_eq(dependents_of(&r), "ruling:test-r1,ruling:test-r2");
    cr_expect_eq(json_integer_value(json_object_get(r.json, "dependents_total")), 2);
    cr_expect(strstr(jstr(r.json, "detail"), "cascade=true"), "%s", r.body);
    http_free(&r);
    /* nothing changed: every record live, the answer the same, nothing audited */
    cr_expect(!is_revoked(SOURCE_PATH));
    cr_expect(!is_revoked("/v1/admin/rulings/test-r1"));
    cr_expect_str_eq(verdict_of(srv.base, "Wolframite Quantum Holdings", AS_OF), "restricted");
    cr_expect_eq(sql_count(db, "SELECT max(revision) FROM changes"), before);

    r = admin_do("DELETE", srv.base, SOURCE_PATH "?cascade=true", ADMIN, "1", NULL);
    cr_expect_eq(r.status, 200, "%s", r.body);
    cr_expect(json_is_string(json_object_get(r.json, "revoked_at")));
    http_free(&r);
    cr_expect(is_revoked("/v1/admin/rulings/test-r1"));
    cr_expect(is_revoked("/v1/admin/rulings/test-r2"));
    cr_expect_str_eq(verdict_of(srv.base, "Wolframite Quantum Holdings", AS_OF), "clear");
    char *audited = changes_since(before);
    cr_expect_str_eq(audited, "ruling:test-r1:revoke:tester,ruling:test-r2:revoke:tester,"
                              "source:test-src:revoke:tester");
    free(audited);
    /* the public change feed shows each */
    char url[256];
    snprintf(url, sizeof url, "%s/v1/changes?since=%lld", srv.base, before);
    r = http_get(url);
    cr_expect_eq(r.status, 200);
    cr_expect_eq(json_array_size(json_object_get(r.json, "changes")), 3, "%s", r.body);
    http_free(&r);
}

Test(dependents, revoking_a_parent_lists_the_whole_tree_and_cascades_through_it)
{
    create_subject("test-parent", "Vermilion Orchard Group", NULL, NULL);
    create_subject("test-child", "Vermilion Orchard Devices", "test-parent", "subsidiary_of");
    create_subject("test-grandchild", "Vermilion Orchard Phone", "test-child", "product_of");
    create_ruling("test-parent-ban", "test-parent", SOURCE);
    create_ruling("test-grandchild-note", "test-grandchild", SOURCE);
    create("/v1/admin/aliases", "{\"subject\":\"test-child\",\"alias\":\"VO Devices\","
                                "\"kind\":\"brand\"}");
    cr_assert_str_eq(verdict_of(srv.base, "Vermilion Orchard Phone", AS_OF), "restricted");
    long long before = sql_count(db, "SELECT max(revision) FROM changes");

    struct http r = admin_do("DELETE", srv.base, "/v1/admin/subjects/test-child", ADMIN, "1", NULL);
    cr_expect_eq(r.status, 409, "%s", r.body);
    char *alias_id = db_scalar(db, "SELECT id FROM aliases WHERE alias = 'VO Devices'");
    char want[256];
    snprintf(want, sizeof want, "ruling:test-grandchild-note,subject:test-grandchild,alias:%s",
             alias_id);
    cr_expect_str_eq(dependents_of(&r), want);
    cr_expect_eq(json_integer_value(json_object_get(r.json, "dependents_total")), 3);
    http_free(&r);
    cr_expect_str_eq(verdict_of(srv.base, "Vermilion Orchard Phone", AS_OF), "restricted");
    cr_expect_eq(sql_count(db, "SELECT max(revision) FROM changes"), before);

    r = admin_do("DELETE", srv.base, "/v1/admin/subjects/test-child?cascade=true", ADMIN, "1",
                 NULL);
    cr_expect_eq(r.status, 200, "%s", r.body);
    http_free(&r);
    char *audited = changes_since(before);
    snprintf(want, sizeof want,
             "ruling:test-grandchild-note:revoke:tester,alias:%s:revoke:tester,"
             "subject:test-grandchild:revoke:tester,subject:test-child:revoke:tester",
             alias_id);
    cr_expect_str_eq(audited, want);
    free(audited);
    free(alias_id);
    cr_expect(is_revoked("/v1/admin/subjects/test-grandchild"));
    cr_expect(!is_revoked("/v1/admin/subjects/test-parent"), "above it: untouched");
    cr_expect(!is_revoked("/v1/admin/rulings/test-parent-ban"));
    cr_expect_str_eq(verdict_of(srv.base, "Vermilion Orchard Group", AS_OF), "restricted");
}

Test(dependents, many_dependents_are_counted_and_the_first_listed)
{
    create_subject("test-many", "Obsidian Lattice Works", NULL, NULL);
    cr_assert(db_run(db, "INSERT INTO aliases (subject_id, alias, kind) SELECT 'test-many',"
                         " 'Obsidian Lattice ' || g, 'brand' FROM generate_series(1, 60) g"));
    struct http r = admin_do("DELETE", srv.base, "/v1/admin/subjects/test-many", ADMIN, "1", NULL);
    cr_expect_eq(r.status, 409, "%s", r.body);
    cr_expect_eq(json_array_size(json_object_get(r.json, "dependents")), 50);
    cr_expect_eq(json_integer_value(json_object_get(r.json, "dependents_total")), 60);
    http_free(&r);
    /* a subject nothing depends on is revoked as before */
    create_subject("test-alone", "Solitary Basalt Trading", NULL, NULL);
    static const struct admin_step steps[] = {
        {"DELETE", "/v1/admin/subjects/test-alone", ADMIN, "1", NULL, 200, NULL, NULL},
        /* cascade is true or false, and only for sources and subjects */
        {"DELETE", "/v1/admin/subjects/test-many?cascade=maybe", ADMIN, "1", NULL, 400,
         "/problems/invalid-parameter", "cascade"},
        {"DELETE", "/v1/admin/rulings/test-none?cascade=true", ADMIN, "1", NULL, 400,
         "/problems/invalid-parameter", "cascade:unknown_parameter"},
        {"DELETE", "/v1/admin/subjects/test-many?cascade=false", ADMIN, "1", NULL, 409,
         "/problems/conflict", NULL},
    };
    ADMIN_STEPS(srv.base, steps);
}
