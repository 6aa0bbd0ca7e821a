/* What integrators expect of every route (issue 16): Accept honoured (406), one boolean
 * syntax, CORS for configured origins only, one pagination style (a `next` URL in the body
 * and an RFC 8288 Link header). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

static long get_with(const char *base, const char *path, const char *header, struct http *out)
{
    char url[256];
    snprintf(url, sizeof url, "%s%s", base, path);
    const char *headers[] = {header, NULL};
    *out = http_do("GET", url, NULL, 0, header ? headers : NULL);
    return out->status;
}

Test(conventions, accept_is_honoured_on_every_get_route)
{
    static const struct {
        const char *path, *type;
    } routes[] = {
        {"/v1/check?name=Huawei", "application/json"},
        {"/v1/subjects?limit=1", "application/json"},
        {"/v1/rulings/us-entity-list-huawei", "application/json"},
        {"/v1/sources", "application/json"},
        {"/v1/coverage", "application/json"},
        {"/v1/parties", "application/json"},
        {"/healthz", "application/json"},
        {"/readyz", "application/json"},
        {"/openapi.json", "application/json"},
        {"/metrics", "text/plain"},
        {"/problems/not-found", "text/plain"},
    };
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
        struct http r;
        cr_expect_eq(get_with(shared_url(), routes[i].path, "Accept: image/png", &r), 406, "%s",
                     routes[i].path);
        cr_expect(r.body && strstr(r.body, routes[i].type), "%s: %s", routes[i].path, r.body);
        http_free(&r);
        char accept[96];
        snprintf(accept, sizeof accept, "Accept: image/png, %s;q=0.2", routes[i].type);
        cr_expect_eq(get_with(shared_url(), routes[i].path, accept, &r), 200, "%s", routes[i].path);
        http_free(&r);
        cr_expect_eq(get_with(shared_url(), routes[i].path, "Accept: */*", &r), 200);
        http_free(&r);
    }
}

Test(conventions, one_boolean_syntax)
{
    static const char *const ok[] = {"pretty=true", "pretty=1", "pretty=false", "pretty=0",
                                     "pretty"};
    for (size_t i = 0; i < 5; i++) {
        char path[64];
        snprintf(path, sizeof path, "/v1/check?name=Huawei&%s", ok[i]);
        expect_status(shared_url(), path, 200);
    }
    expect_status(shared_url(), "/v1/check?name=Huawei&pretty=yes", 400);
}

Test(conventions, lists_give_next_in_the_body_and_in_link)
{
    struct http r;
    cr_assert_eq(get_with(shared_url(), "/v1/subjects?limit=2&kind=organization", NULL, &r), 200);
    const char *next = json_string_value(json_object_get(r.json, "next"));
    cr_assert(next, "no next URL: %s", r.body);
    const char *link = http_header(&r, "Link");
    char want[512];
    snprintf(want, sizeof want, "<%s>; rel=\"next\"", next);
    cr_expect(link && strcmp(link, want) == 0, "Link %s, want %s", link ? link : "(none)", want);
    cr_expect(strstr(next, "kind=organization") && strstr(next, "limit=2"), "filters kept: %s",
              next);
    char path[512];
    snprintf(path, sizeof path, "%s", next);
    http_free(&r);
    cr_assert_eq(get_with(shared_url(), path, NULL, &r), 200, "following next");
    cr_expect_eq(json_array_size(json_object_get(r.json, "items")), 2u);
    http_free(&r);
    cr_assert_eq(get_with(shared_url(), "/v1/changes?limit=1", NULL, &r), 200);
    cr_expect(http_header(&r, "Link") && strstr(http_header(&r, "Link"), "rel=\"next\""),
              "the change feed has Link too");
    http_free(&r);
}

Test(conventions, cors_for_configured_origins_only, .timeout = 60)
{
    struct testbed tb;
    const char *env[] = {"RESTRICTD_CORS_ORIGINS=https://app.example.com", NULL};
    testbed_start(&tb, db_create("cors"), env);
    char url[160];
    snprintf(url, sizeof url, "%s/v1/check", tb.s.base);
    const char *pre[] = {"Origin: https://app.example.com", "Access-Control-Request-Method: GET",
                         "Access-Control-Request-Headers: authorization", NULL};
    struct http r = http_do("OPTIONS", url, NULL, 0, pre);
    cr_expect_eq(r.status, 204);
    cr_expect_str_eq(http_header(&r, "Access-Control-Allow-Origin"), "https://app.example.com");
    cr_expect(strstr(http_header(&r, "Access-Control-Allow-Headers"), "Authorization"));
    cr_expect(strstr(http_header(&r, "Access-Control-Allow-Methods"), "GET"));
    http_free(&r);
    struct http ok;
    get_with(tb.s.base, "/v1/check?name=Huawei", "Origin: https://app.example.com", &ok);
    cr_expect_str_eq(http_header(&ok, "Access-Control-Allow-Origin"), "https://app.example.com");
    cr_expect(strstr(http_header(&ok, "Access-Control-Expose-Headers"), "X-Data-Revision"));
    http_free(&ok);
    struct http other;
    get_with(tb.s.base, "/v1/check?name=Huawei", "Origin: https://evil.example", &other);
    cr_expect_null(http_header(&other, "Access-Control-Allow-Origin"));
    cr_expect(strstr(http_header(&other, "Vary") ? http_header(&other, "Vary") : "", "Origin"));
    http_free(&other);
    testbed_stop(&tb);
    struct http none;
    get_with(shared_url(), "/v1/check?name=Huawei", "Origin: https://app.example.com", &none);
    cr_expect_null(http_header(&none, "Access-Control-Allow-Origin"), "no origins by default");
    http_free(&none);
}

Test(conventions, the_compact_view_on_check_and_screen)
{
    struct http full, compact;
    get_with(shared_url(), "/v1/check?name=Huawei&as_of=2024-10-01", NULL, &full);
    get_with(shared_url(), "/v1/check?name=Huawei&as_of=2024-10-01&view=compact", NULL, &compact);
    cr_assert_eq(compact.status, 200, "%s", compact.body);
    cr_expect_str_eq(jstr(compact.json, "view"), "compact");
    cr_expect_str_eq(jstr(compact.json, "verdict"), jstr(full.json, "verdict"));
    cr_expect_str_eq(jstr(compact.json, "since"), jstr(full.json, "since"));
    json_t *ids = json_object_get(compact.json, "rulings");
    cr_expect_eq(json_array_size(ids), json_array_size(json_object_get(full.json, "rulings")));
    cr_expect_str_eq(json_string_value(json_array_get(ids, 0)),
                     jstr(json_array_get(json_object_get(full.json, "rulings"), 0), "id"));
    cr_expect_str_eq(jstr(json_object_get(compact.json, "match"), "id"),
                     jstr(json_object_get(full.json, "match"), "id"));
    cr_expect_lt(compact.len * 10, full.len, "compact %zu bytes, full %zu", compact.len, full.len);
    const char *etag_full = http_header(&full, "ETag");
    char kept[40];
    snprintf(kept, sizeof kept, "%s", etag_full ? etag_full : "");
    const char *etag_compact = http_header(&compact, "ETag");
    cr_expect_str_neq(kept, etag_compact ? etag_compact : "", "one ETag for two bodies");
    printf("compact view: %zu bytes instead of %zu for the same verdict\n", compact.len, full.len);
    http_free(&full);
    http_free(&compact);
    expect_status(shared_url(), "/v1/check?name=Huawei&view=short", 400);
}
