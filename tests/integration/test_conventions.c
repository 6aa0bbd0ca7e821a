/* What integrators expect of every route (issue 16): Accept honoured (406), one boolean
 * syntax, CORS for configured origins only, one pagination style (a `next` URL in the body
 * and an RFC 8288 Link header). */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

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
    /* a ruling the facts leave open is named there too: a bare "clear" would hide it */
    static const char open_q[] = "/v1/check?name=Huawei%20Technologies&as_of=2022-11-15"
                                 "&binds=us-fcc-equipment-authorization";
    char url[200];
    get_with(shared_url(), open_q, NULL, &full);
    snprintf(url, sizeof url, "%s&view=compact", open_q);
    get_with(shared_url(), url, NULL, &compact);
    json_t *open_full = json_object_get(full.json, "uncertain");
    cr_assert_gt(json_array_size(open_full), 0, "%s", full.body);
    cr_expect_str_eq(
        json_string_value(json_array_get(json_object_get(compact.json, "uncertain"), 0)),
        jstr(json_array_get(open_full, 0), "id"), "%s", compact.body);
    http_free(&full);
    http_free(&compact);
}

/* The whole of a gzip body, inflated (malloc'd, NUL-terminated), or NULL. */
static char *gunzip(const char *data, size_t len, size_t *out_len)
{
    z_stream z = {0};
    if (inflateInit2(&z, 15 + 16) != Z_OK) return NULL;
    size_t cap = 1u << 20, n = 0;
    char *out = malloc(cap);
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)len;
    int rc = Z_OK;
    while (out && rc == Z_OK) {
        if (cap - n < 65536) out = realloc(out, cap *= 2);
        if (!out) break;
        z.next_out = (Bytef *)out + n;
        z.avail_out = (uInt)(cap - n - 1);
        rc = inflate(&z, Z_NO_FLUSH);
        n = cap - 1 - z.avail_out;
    }
    inflateEnd(&z);
    if (out && rc != Z_STREAM_END) {
        free(out);
        return NULL;
    }
    if (out) out[n] = '\0';
    *out_len = n;
    return out;
}

Test(conventions, gzip_when_asked_with_its_own_validator)
{
    struct http plain, zipped;
    get_with(shared_url(), "/v1/check?name=Huawei&as_of=2024-10-01", NULL, &plain);
    get_with(shared_url(), "/v1/check?name=Huawei&as_of=2024-10-01", "Accept-Encoding: gzip",
             &zipped);
    cr_assert_eq(zipped.status, 200);
    cr_expect_str_eq(http_header(&zipped, "Content-Encoding"), "gzip");
    cr_expect(strstr(http_header(&zipped, "Vary"), "Accept-Encoding"));
    cr_expect_null(http_header(&plain, "Content-Encoding"));
    size_t n = 0;
    char *inflated = gunzip(zipped.body, zipped.len, &n);
    cr_assert(inflated, "not gzip");
    cr_expect(n == plain.len && memcmp(inflated, plain.body, n) == 0, "another answer inside");
    char tag[64];
    snprintf(tag, sizeof tag, "%s", http_header(&zipped, "ETag"));
    cr_expect(strstr(tag, "-gzip\""), "the variant's validator: %s", tag);
    cr_expect_str_neq(tag, http_header(&plain, "ETag"));
    char inm[96];
    snprintf(inm, sizeof inm, "If-None-Match: %s", tag);
    char url[256];
    snprintf(url, sizeof url, "%s/v1/check?name=Huawei&as_of=2024-10-01", shared_url());
    const char *both[] = {"Accept-Encoding: gzip", inm, NULL};
    struct http again = http_do("GET", url, NULL, 0, both);
    cr_expect_eq(again.status, 304);
    http_free(&again);
    const char *identity_only[] = {inm, NULL};
    again = http_do("GET", url, NULL, 0, identity_only);
    cr_expect_eq(again.status, 200, "the gzip validator does not stand for the identity answer");
    http_free(&again);
    printf("gzip: a check answer of %zu bytes sent as %zu\n", plain.len, zipped.len);
    free(inflated);
    http_free(&plain);
    http_free(&zipped);
}

Test(conventions, a_screening_streams_gzip)
{
    static const char body[] = "name\nKaspersky Lab\nHuawei\nAcme\n";
    char url[160];
    snprintf(url, sizeof url, "%s/v1/screen", shared_url());
    const char *h[] = {"Content-Type: text/csv", "Accept: application/x-ndjson",
                       "Accept-Encoding: gzip", NULL};
    struct http r = http_do("POST", url, body, sizeof body - 1, h);
    cr_assert_eq(r.status, 200);
    cr_expect_str_eq(http_header(&r, "Content-Encoding"), "gzip");
    size_t n = 0;
    char *ndjson = gunzip(r.body, r.len, &n);
    cr_assert(ndjson, "not gzip");
    cr_expect(strstr(ndjson, "\"summary\":{\"rows\":3"), "%.200s", ndjson);
    free(ndjson);
    http_free(&r);
}
