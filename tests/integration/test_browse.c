/* GET /v1/subjects, /v1/rulings, /v1/sources and their /{id}: pagination that visits every
 * record exactly once (also across a data change), cursors bound to their filters, search,
 * filters, ETag/304, and 404s. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static struct http get(const char *base, const char *path_and_query)
{
    char url[2048];
    snprintf(url, sizeof url, "%s%s", base, path_and_query);
    return http_get(url);
}

/* Walks a list page by page from `first` ("/v1/subjects?limit=7"); appends every id to
 * `ids` ("," separated, with a leading and trailing comma) and returns the item count. */
static size_t walk(const char *base, const char *first, char *ids, size_t size, size_t *pages)
{
    char next[1024];
    snprintf(next, sizeof next, "%s", first);
    size_t count = 0;
    *pages = 0;
    snprintf(ids, size, ",");
    for (;;) {
        struct http r = get(base, next);
        cr_assert_eq(r.status, 200, "%s: %ld %s", next, r.status, r.body);
        (*pages)++;
        cr_assert(*pages < 1000, "the walk ends");
        size_t i;
        json_t *it;
        json_array_foreach(json_object_get(r.json, "items"), i, it)
        {
            size_t used = strlen(ids);
            snprintf(ids + used, size - used, "%s,", jstr(it, "id"));
            count++;
        }
        const char *cursor = jstr(r.json, "next_cursor");
        if (!cursor) {
            http_free(&r);
            break;
        }
        const char *q = strchr(first, '?');
        snprintf(next, sizeof next, "%s%scursor=%s", first, q ? "&" : "?", cursor);
        http_free(&r);
    }
    return count;
}

static size_t occurrences(const char *ids, const char *id)
{
    char needle[256];
    snprintf(needle, sizeof needle, ",%s,", id);
    size_t n = 0;
    for (const char *p = ids; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

/* Counts the records of `list` ("sources", "subjects", "rulings") in the seed data set
 * (RESTRICTD_SEED) whose `field` is `value` (field NULL: all), so that expectations follow
 * the data. */
static size_t seed_count(const char *list, const char *field, const char *value)
{
    static __thread json_t *seed;
    if (!seed) seed = json_load_file(env_or_die("RESTRICTD_SEED"), 0, NULL);
    cr_assert(seed, "the seed data set reads");
    size_t i, n = 0;
    json_t *rec;
    json_array_foreach(json_object_get(seed, list), i, rec)
    {
        const char *v = field ? json_string_value(json_object_get(rec, field)) : NULL;
        n += !field || (v && strcmp(v, value) == 0);
    }
    return n;
}

static size_t seed_aliases(const char *subject)
{
    json_t *seed = json_load_file(env_or_die("RESTRICTD_SEED"), 0, NULL);
    size_t i, n = 0;
    json_t *rec;
    json_array_foreach(json_object_get(seed, "subjects"), i, rec)
    {
        if (strcmp(json_string_value(json_object_get(rec, "id")), subject) == 0)
            n = json_array_size(json_object_get(rec, "aliases"));
    }
    json_decref(seed);
    return n;
}

static long long ready_count(const char *base, const char *field)
{
    struct http r = get(base, "/readyz");
    long long n = json_integer_value(json_object_get(r.json, field));
    http_free(&r);
    return n;
}

Test(browse, pagination_walks_every_subject_exactly_once)
{
    static char ids[65536], all[65536];
    size_t pages;
    size_t n = walk(shared_url(), "/v1/subjects?limit=200", all, sizeof all, &pages);
    cr_assert_eq((long long)n, ready_count(shared_url(), "subjects"), "one page holds them all");
    cr_expect_eq(pages, 1);
    static const size_t limits[] = {1, 3, 7, 39};
    for (size_t k = 0; k < sizeof limits / sizeof *limits; k++) {
        char first[64];
        snprintf(first, sizeof first, "/v1/subjects?limit=%zu", limits[k]);
        size_t m = walk(shared_url(), first, ids, sizeof ids, &pages);
        cr_expect_eq(m, n, "limit %zu: %zu items", limits[k], m);
        cr_expect_eq(pages, (n + limits[k] - 1) / limits[k], "limit %zu: %zu pages (no empty last)",
                     limits[k], pages);
        cr_expect_str_eq(ids, all, "limit %zu: the same ids in the same order", limits[k]);
    }
    /* every id once, in ascending order */
    char prev[128] = "";
    for (char *p = all + 1; *p;) {
        char *comma = strchr(p, ',');
        char id[128];
        snprintf(id, sizeof id, "%.*s", (int)(comma - p), p);
        cr_expect_eq(occurrences(all, id), 1, "%s listed once", id);
        cr_expect(strcmp(prev, id) < 0, "%s after %s", id, prev);
        snprintf(prev, sizeof prev, "%s", id);
        p = comma + 1;
    }
}

Test(browse, filtered_and_searched_walks)
{
    /* What the filters should find, from the full list. */
    struct http all = get(shared_url(), "/v1/subjects?limit=200");
    cr_assert_eq(all.status, 200);
    size_t want_persons = 0, want_kaspersky = 0, i;
    json_t *it;
    json_array_foreach(json_object_get(all.json, "items"), i, it)
    {
        want_persons += strcmp(jstr(it, "kind"), "person") == 0;
        want_kaspersky += strstr(jstr(it, "name"), "Kaspersky") != NULL;
    }
    cr_assert(want_persons >= 13 && want_kaspersky >= 26, "the seed data");
    static char ids[65536];
    size_t pages;
    size_t persons =
        walk(shared_url(), "/v1/subjects?kind=person&limit=4", ids, sizeof ids, &pages);
    cr_expect_eq(persons, want_persons);
    cr_expect_eq(occurrences(ids, "andrei-gennadyevich-tikhonov"), 1);
    cr_expect_eq(occurrences(ids, "ao-kaspersky-lab"), 0);
    /* A search walks in rank order, then by words, each once. */
    size_t found = walk(shared_url(), "/v1/subjects?q=kaspersky&limit=5", ids, sizeof ids, &pages);
    cr_expect(found >= want_kaspersky, "every Kaspersky subject (%zu of %zu)", found,
              want_kaspersky);
    json_array_foreach(json_object_get(all.json, "items"), i, it)
    {
        if (strstr(jstr(it, "name"), "Kaspersky"))
            cr_expect_eq(occurrences(ids, jstr(it, "id")), 1, "%s found once", jstr(it, "id"));
    }
    cr_expect_eq(occurrences(ids, "pango-group"), 0);
    http_free(&all);
    struct http r = get(shared_url(), "/v1/subjects?q=Kaspersky%20Lab%2C%20Inc.&limit=2");
    cr_assert_eq(r.status, 200);
    json_t *first = json_array_get(json_object_get(r.json, "items"), 0);
    cr_expect_str_eq(jstr(first, "id"), "kaspersky-lab-inc", "the exact match comes first");
    json_t *m = json_object_get(first, "match");
    cr_expect(json_number_value(json_object_get(m, "score")) >= 0.9);
    cr_expect_str_eq(jstr(m, "method"), "exact");
    http_free(&r);
    r = get(shared_url(), "/v1/subjects?q=kasp%20endpoint&kind=product");
    cr_assert_eq(r.status, 200);
    cr_expect_eq(json_array_size(json_object_get(r.json, "items")), 2,
                 "Endpoint Security and Endpoint Security Cloud, by the start of words");
    cr_expect_str_eq(
        jstr(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "match"),
             "method"),
        "contains");
    http_free(&r);
    r = get(shared_url(), "/v1/subjects?q=Inc.");
    cr_expect_eq(r.status, 200);
    cr_expect_eq(json_array_size(json_object_get(r.json, "items")), 0,
                 "a legal form alone finds nothing");
    http_free(&r);
}

Test(browse, cursors_are_bound_to_their_filters)
{
    struct http r = get(shared_url(), "/v1/subjects?kind=product&limit=2");
    cr_assert_eq(r.status, 200);
    char cursor[512];
    snprintf(cursor, sizeof cursor, "%s", jstr(r.json, "next_cursor"));
    http_free(&r);
    static const struct {
        const char *before, *after; /* around the cursor */
        long status;
    } cases[] = {
        {"/v1/subjects?kind=product&limit=2&cursor=", "", 200},
        {"/v1/subjects?kind=product&limit=50&cursor=", "", 200}, /* limit may change */
        {"/v1/subjects?kind=person&limit=2&cursor=", "", 400},
        {"/v1/subjects?limit=2&cursor=", "", 400},
        {"/v1/subjects?kind=product&q=x&cursor=", "", 400},
        {"/v1/rulings?cursor=", "", 400},
        {"/v1/subjects?kind=product&cursor=", "x", 400},
        {"/v1/subjects?kind=product&cursor=not-a-cursor", "", 400},
    };
    /* A cursor of one list is no cursor of another, even without filters. */
    struct http plain = get(shared_url(), "/v1/subjects?limit=1");
    char other[1024];
    snprintf(other, sizeof other, "/v1/sources?cursor=%s", jstr(plain.json, "next_cursor"));
    http_free(&plain);
    plain = get(shared_url(), other);
    cr_expect_eq(plain.status, 400, "a subjects cursor on /v1/sources: %s", plain.body);
    http_free(&plain);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char path[1024];
        size_t bl = strlen(cases[i].before);
        bool with = bl >= 7 && strcmp(cases[i].before + bl - 7, "cursor=") == 0;
        snprintf(path, sizeof path, "%s%s%s", cases[i].before, with ? cursor : "", cases[i].after);
        r = get(shared_url(), path);
        cr_expect_eq(r.status, cases[i].status, "case %zu: %s", i, r.body);
        if (cases[i].status == 400) {
            json_t *e = json_array_get(json_object_get(r.json, "errors"), 0);
            cr_expect_str_eq(jstr(e, "field"), "cursor", "case %zu", i);
            cr_expect_str_eq(jstr(e, "code"), "invalid_cursor", "case %zu", i);
        }
        http_free(&r);
    }
}

Test(browse, a_cursor_survives_a_data_change)
{
    struct testbed tb;
    testbed_start(&tb, db_create("browse_cursor"), NULL);
    const struct server *s = &tb.s;
    const char *db = tb.db;
    struct http r = get(s->base, "/v1/subjects?limit=10");
    cr_assert_eq(r.status, 200);
    char cursor[512], rev_before[32];
    snprintf(cursor, sizeof cursor, "%s", jstr(r.json, "next_cursor"));
    snprintf(rev_before, sizeof rev_before, "%s", http_header(&r, "X-Data-Revision"));
    json_t *items = json_object_get(r.json, "items");
    char last[128];
    snprintf(last, sizeof last, "%s", jstr(json_array_get(items, 9), "id"));
    char first_page[4096] = ",";
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        size_t used = strlen(first_page);
        snprintf(first_page + used, sizeof first_page - used, "%s,", jstr(it, "id"));
    }
    http_free(&r);
    /* One subject before the cursor's position, one after. */
    cr_assert(db_run(db, "INSERT INTO subjects (id, kind, name) VALUES"
                         " ('aaa-added-before', 'organization', 'Added Before Ltd'),"
                         " ('zzz-added-after', 'organization', 'Added After Ltd')"));
    char url[256];
    snprintf(url, sizeof url, "%s/v1/subjects/zzz-added-after", s->base);
    bool seen = false;
    for (int k = 0; k < 40 && !seen; k++) {
        r = http_get(url);
        seen = r.status == 200;
        http_free(&r);
        if (!seen) usleep(50 * 1000);
    }
    cr_assert(seen, "the new subjects are served");
    static char rest[65536];
    char first[700];
    snprintf(first, sizeof first, "/v1/subjects?limit=200&cursor=%s", cursor); /* all the rest */
    r = get(s->base, first);
    cr_assert_eq(r.status, 200, "a cursor from revision %s still works: %s", rev_before, r.body);
    cr_expect_neq(atoll(http_header(&r, "X-Data-Revision")), atoll(rev_before),
                  "answered from the new revision");
    snprintf(rest, sizeof rest, ",");
    json_array_foreach(json_object_get(r.json, "items"), i, it)
    {
        size_t used = strlen(rest);
        snprintf(rest + used, sizeof rest - used, "%s,", jstr(it, "id"));
        cr_expect(strcmp(jstr(it, "id"), last) > 0, "%s comes after %s", jstr(it, "id"), last);
        cr_expect_eq(occurrences(first_page, jstr(it, "id")), 0, "%s not listed twice",
                     jstr(it, "id"));
    }
    cr_expect_eq(occurrences(rest, "zzz-added-after"), 1, "added after the position: listed");
    cr_expect_eq(occurrences(rest, "aaa-added-before"), 0, "added before it: not");
    http_free(&r);
    testbed_stop(&tb);
}

Test(browse, subject_detail)
{
    struct http r = get(shared_url(), "/v1/subjects/ao-kaspersky-lab");
    cr_assert_eq(r.status, 200);
    cr_expect_str_eq(jstr(r.json, "name"), "AO Kaspersky Lab");
    json_t *parent = json_object_get(r.json, "parent");
    cr_expect_str_eq(jstr(parent, "id"), "kaspersky-labs-limited");
    cr_expect_str_eq(jstr(r.json, "relation"), "subsidiary_of");
    json_t *children = json_object_get(r.json, "children");
    cr_expect(json_array_size(children) >= 20, "the products and Kaspersky Lab, Inc.");
    bool inc = false, product = false;
    size_t i;
    json_t *c;
    json_array_foreach(children, i, c)
    {
        inc |= strcmp(jstr(c, "id"), "kaspersky-lab-inc") == 0 &&
               strcmp(jstr(c, "relation"), "subsidiary_of") == 0;
        product |= strcmp(jstr(c, "id"), "kaspersky-free") == 0 &&
                   strcmp(jstr(c, "relation"), "product_of") == 0;
    }
    cr_expect(inc && product, "children carry their relation");
    cr_expect_eq(json_array_size(json_object_get(r.json, "aliases")),
                 seed_aliases("ao-kaspersky-lab"));
    json_t *rulings = json_object_get(r.json, "rulings");
    cr_expect_eq(json_array_size(rulings), seed_count("rulings", "subject", "ao-kaspersky-lab"));
    const char *prev = "";
    json_array_foreach(rulings, i, c)
    {
        cr_expect_str_eq(jstr(c, "subject"), "ao-kaspersky-lab", "its own rulings only");
        cr_expect(strcmp(prev, jstr(c, "effective_from")) <= 0, "oldest first");
        prev = jstr(c, "effective_from");
    }
    http_free(&r);
    r = get(shared_url(), "/v1/subjects/kaspersky-free");
    cr_expect_eq(json_array_size(json_object_get(r.json, "rulings")), 0);
    cr_expect_str_eq(jstr(r.json, "relation"), "product_of");
    http_free(&r);
}

Test(browse, rulings_filters)
{
    static const struct {
        const char *query;
        const char *must, *must_not;
        const char *list, *field, *value; /* the seed records it must list exactly, or NULL */
    } cases[] = {
        {"subject=kaspersky-lab-inc", "us-icts-fd-kaspersky-new-agreements",
         "us-entity-list-ao-kaspersky-lab", "rulings", "subject", "kaspersky-lab-inc"},
        {"source=us-bis-icts-2021-002", "us-icts-fd-not-covered-consulting",
         "us-ndaa-1634-kaspersky", "rulings", "source", "us-bis-icts-2021-002"},
        {"status=exempt", "us-icts-fd-not-covered-threat-intelligence",
         "us-icts-fd-kaspersky-new-agreements", "rulings", "status", "exempt"},
        {"source=us-bis-icts-2021-002&in_effect_on=2024-07-19",
         "us-icts-fd-kaspersky-existing-users", "us-icts-fd-kaspersky-new-agreements", NULL, NULL,
         NULL},
        {"source=us-bis-icts-2021-002&in_effect_on=2024-07-20",
         "us-icts-fd-kaspersky-new-agreements", "us-icts-fd-kaspersky-updates-resale", NULL, NULL,
         NULL},
        {"in_effect_on=2024-07-20T03:59:59Z&subject=kaspersky-lab-inc",
         "us-icts-fd-kaspersky-existing-users", "us-icts-fd-kaspersky-new-agreements", NULL, NULL,
         NULL},
        {"in_effect_on=2016-01-01", NULL, "us-dhs-bod-17-01-kaspersky", NULL, NULL, NULL},
        {"subject=no-such-subject", NULL, NULL, "rulings", "subject", "no-such-subject"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char path[512], ids[8192];
        snprintf(path, sizeof path, "/v1/rulings?limit=3&%s", cases[i].query);
        size_t pages;
        size_t n = walk(shared_url(), path, ids, sizeof ids, &pages);
        if (cases[i].must) cr_expect_eq(occurrences(ids, cases[i].must), 1, "case %zu", i);
        if (cases[i].must_not) cr_expect_eq(occurrences(ids, cases[i].must_not), 0, "case %zu", i);
        if (cases[i].list)
            cr_expect_eq(n, seed_count(cases[i].list, cases[i].field, cases[i].value),
                         "case %zu: %zu", i, n);
    }
    struct http r = get(shared_url(), "/v1/rulings?in_effect_on=soon&status=banned");
    cr_expect_eq(r.status, 400);
    cr_expect_eq(json_array_size(json_object_get(r.json, "errors")), 2, "both named");
    http_free(&r);
}

Test(browse, one_ruling_and_the_sources)
{
    struct http r = get(shared_url(), "/v1/rulings/us-icts-fd-kaspersky-updates-resale");
    cr_assert_eq(r.status, 200);
    cr_expect_str_eq(jstr(r.json, "effective_from"), "2024-09-29T04:00:00Z");
    cr_expect_str_eq(jstr(r.json, "subject"), "kaspersky-lab-inc");
    cr_expect_str_eq(jstr(json_object_get(r.json, "source"), "citation"), "89 FR 52434-52437");
    cr_expect(jstr(r.json, "quote") && *jstr(r.json, "quote"));
    cr_expect(!json_object_get(r.json, "inherited_from"), "a ruling on its own");
    http_free(&r);
    static char ids[8192];
    size_t pages;
    size_t n = walk(shared_url(), "/v1/sources?limit=4", ids, sizeof ids, &pages);
    cr_expect_eq(n, seed_count("sources", NULL, NULL));
    cr_expect_eq(occurrences(ids, "us-bis-icts-2021-002"), 1);
    r = get(shared_url(), "/v1/sources/us-bis-icts-2021-002");
    cr_assert_eq(r.status, 200);
    cr_expect_str_eq(jstr(r.json, "kind"), "final_determination");
    cr_expect(jstr(r.json, "summary"));
    cr_expect_eq(json_array_size(json_object_get(r.json, "rulings")),
                 seed_count("rulings", "source", "us-bis-icts-2021-002"));
    http_free(&r);
}

Test(browse, unknown_ids_are_404_problems)
{
    static const char *const paths[] = {
        "/v1/subjects/no-such-subject",
        "/v1/subjects/UPPER",
        "/v1/subjects/%C3%A9t%C3%A9",
        "/v1/rulings/nope",
        "/v1/sources/nope",
    };
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        struct http r = get(shared_url(), paths[i]);
        cr_expect_eq(r.status, 404, "%s", paths[i]);
        cr_expect_str_eq(http_header(&r, "Content-Type"), "application/problem+json");
        cr_expect_str_eq(jstr(r.json, "type"), "/problems/not-found", "%s", paths[i]);
        cr_expect(strstr(jstr(r.json, "detail"), "has the id"), "%s: %s", paths[i],
                  jstr(r.json, "detail"));
        http_free(&r);
    }
    struct http r = get(shared_url(), "/v1/subjects/ao-kaspersky-lab?q=x");
    cr_expect_eq(r.status, 400, "by-id routes take no parameters");
    http_free(&r);
}

Test(browse, etag_and_304)
{
    static const char *const paths[] = {"/v1/subjects?limit=5", "/v1/subjects/ao-kaspersky-lab",
                                        "/v1/rulings?status=exempt", "/v1/sources/nl-gov-2018-05",
                                        "/openapi.json"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        struct http a = get(shared_url(), paths[i]);
        cr_assert_eq(a.status, 200);
        char etag[64], inm[96];
        snprintf(etag, sizeof etag, "%s", http_header(&a, "ETag"));
        cr_expect(etag[0] == '"', "%s: strong ETag", paths[i]);
        snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
        const char *h[] = {inm, NULL};
        char url[512];
        snprintf(url, sizeof url, "%s%s", shared_url(), paths[i]);
        struct http b = http_do("GET", url, NULL, 0, h);
        cr_expect_eq(b.status, 304, "%s", paths[i]);
        cr_expect_eq(b.len, 0);
        cr_expect_str_eq(http_header(&b, "ETag"), etag);
        http_free(&a);
        http_free(&b);
    }
}
