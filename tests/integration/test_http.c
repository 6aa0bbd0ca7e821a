/* HTTP basics: health and readiness, headers, ETag and 304, HEAD, pretty output, request
 * ids, and a server with no reachable database. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"

Test(http, healthz_and_readyz)
{
    char url[256];
    snprintf(url, sizeof url, "%s/healthz", shared_url());
    struct http r = http_get(url);
    cr_expect_eq(r.status, 200);
    cr_expect_str_eq(json_string_value(json_object_get(r.json, "status")), "ok");
    http_free(&r);
    snprintf(url, sizeof url, "%s/readyz", shared_url());
    r = http_get(url);
    cr_expect_eq(r.status, 200);
    cr_expect_str_eq(json_string_value(json_object_get(r.json, "status")), "ready");
    cr_expect(json_integer_value(json_object_get(r.json, "subjects")) >= 30);
    http_free(&r);
}

Test(http, revision_header_matches_body)
{
    struct http r = http_get(check_url(shared_url(), "Kaspersky Lab", NULL));
    cr_assert_eq(r.status, 200);
    const char *rev = http_header(&r, "X-Data-Revision");
    cr_assert(rev);
    cr_expect_eq(atoll(rev), json_integer_value(json_object_get(r.json, "revision")));
    cr_expect_str_eq(http_header(&r, "Content-Type"), "application/json");
    cr_expect_str_eq(http_header(&r, "X-Content-Type-Options"), "nosniff");
    http_free(&r);
}

Test(http, etag_and_if_none_match)
{
    const char *url = check_url(shared_url(), "Kaspersky Lab", "as_of=2024-10-01");
    char copy[1024];
    snprintf(copy, sizeof copy, "%s", url);
    struct http r = http_get(copy);
    cr_assert_eq(r.status, 200);
    char etag[64];
    snprintf(etag, sizeof etag, "%s", http_header(&r, "ETag"));
    cr_assert(etag[0] == '"', "strong ETag: %s", etag);
    http_free(&r);
    char inm[128];
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    const char *h[] = {inm, NULL};
    r = http_do("GET", copy, NULL, 0, h);
    cr_expect_eq(r.status, 304);
    cr_expect_eq(r.len, 0);
    http_free(&r);
    const char *other[] = {"If-None-Match: \"0000\"", NULL};
    r = http_do("GET", copy, NULL, 0, other);
    cr_expect_eq(r.status, 200);
    http_free(&r);
}

/* The check answer is tagged from its question (docs/decisions/0003): the same question gets
 * the same tag, and every part of the question that can change the bytes changes it. */
Test(http, check_etag_follows_every_part_of_the_question)
{
    static const char *const variants[] = {
        "as_of=2024-10-01",
        "as_of=2024-10-02",
        "as_of=2024-10-01&binds=us-persons",
        "as_of=2024-10-01&jurisdiction=US",
        "as_of=2024-10-01&kind=organization",
        "as_of=2024-10-01&min_score=0.9",
        "as_of=2024-10-01&limit=2",
        "as_of=2024-10-01&pretty=true",
    };
    enum { N = sizeof variants / sizeof *variants };
    char tags[N + 1][64];
    for (size_t i = 0; i < N + 1; i++) {
        /* the last one: the first question with another name */
        const char *name = i < N ? "Kaspersky Lab" : "Kaspersky Labs";
        struct http r = http_get(check_url(shared_url(), name, variants[i < N ? i : 0]));
        cr_assert_eq(r.status, 200);
        snprintf(tags[i], sizeof tags[i], "%s", http_header(&r, "ETag"));
        http_free(&r);
        r = http_get(check_url(shared_url(), name, variants[i < N ? i : 0]));
        cr_expect_str_eq(http_header(&r, "ETag"), tags[i], "the same question, the same tag");
        http_free(&r);
        for (size_t j = 0; j < i; j++)
            cr_expect_str_neq(tags[i], tags[j], "question %zu and %zu share a tag", i, j);
    }
}

Test(http, head_has_headers_and_no_body)
{
    struct http r = http_do("HEAD", check_url(shared_url(), "Kaspersky Lab", NULL), NULL, 0, NULL);
    cr_expect_eq(r.status, 200);
    cr_expect_eq(r.len, 0);
    cr_expect(http_header(&r, "X-Data-Revision"));
    http_free(&r);
}

Test(http, pretty_output_is_the_same_document)
{
    char plain_url[1024], pretty_url[1100];
    snprintf(plain_url, sizeof plain_url, "%s",
             check_url(shared_url(), "Kaspersky Lab", "as_of=2024-10-01"));
    snprintf(pretty_url, sizeof pretty_url, "%s&pretty=true", plain_url);
    struct http a = http_get(plain_url), b = http_get(pretty_url);
    cr_assert(a.json && b.json);
    cr_expect(json_equal(a.json, b.json));
    cr_expect(b.len > a.len && strchr(b.body, '\n'), "indented");
    cr_expect(!strchr(a.body, '\n'), "compact by default");
    http_free(&a);
    http_free(&b);
}

Test(http, request_id_is_echoed_or_made)
{
    const char *h[] = {"X-Request-Id: test-abc.123", NULL};
    struct http r = http_do("GET", check_url(shared_url(), "x", NULL), NULL, 0, h);
    cr_expect_str_eq(http_header(&r, "X-Request-Id"), "test-abc.123");
    http_free(&r);
    const char *bad[] = {"X-Request-Id: has spaces and \"quotes\"", NULL};
    r = http_do("GET", check_url(shared_url(), "x", NULL), NULL, 0, bad);
    const char *id = http_header(&r, "X-Request-Id");
    cr_expect(id && !strchr(id, ' '), "an unsafe id is replaced: %s", id ? id : "(none)");
    http_free(&r);
}

Test(http, without_database_not_ready_but_alive)
{
    struct server s;
    cr_assert(server_start(&s, db_unreachable(), NULL, false));
    expect_status(s.base, "/healthz", 200);
    char u[256];
    snprintf(u, sizeof u, "%s/readyz", s.base);
    struct http r = http_get(u);
    cr_expect_eq(r.status, 503);
    cr_expect_str_eq(jstr(r.json, "type"), "/problems/not-ready");
    http_free(&r);
    r = http_get(check_url(s.base, "Kaspersky Lab", NULL));
    cr_expect_eq(r.status, 503);
    http_free(&r);
    cr_expect_eq(server_stop(&s), 0, "SIGTERM exits 0");
}

Test(http, database_change_is_served_within_a_second)
{
    struct testbed tb;
    testbed_start(&tb, db_create("reload"), NULL);
    char url[1024];
    snprintf(url, sizeof url, "%s", probe_url(tb.s.base));
    cr_assert(db_insert_probe(tb.db, "test-ruling", false));
    cr_expect(wait_for_json_string(url, "verdict", "restricted", 1000),
              "the new ruling is served within a second");
    testbed_stop(&tb);
}
