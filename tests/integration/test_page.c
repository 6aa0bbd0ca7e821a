/* The analysts' page (GET /) and the time line picture (GET
 * /v1/subjects/{id}/timeline.svg): types, the page's own Content-Security-Policy (its hash
 * is the hash of its style sheet), the verdict and lanes agreeing with /v1/check, every text
 * escaped (a hostile question, and hostile data written through the admin API), refused
 * parameters, 404, and 401 under RESTRICTD_READ_TOKENS=1. */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_util.h"

#define DEFAULT_CSP "default-src 'none'; frame-ancestors 'none'"
#define KASPERSKY_PAGE "/?name=Kaspersky%20Lab&as_of=2024-10-01"
/* the name of the hostile subject below, asked as it is written */
#define HOSTILE_PAGE                                                                               \
    "/?name=Evil%20%3Cxmp%3E%22Q%22%20%26%20%27S%27%3C%2Fxmp%3E%20Zorblax&as_of=2024-10-01"
#define HOSTILE_SHOWN "Evil &lt;xmp&gt;&quot;Q&quot; &amp; &#39;S&#39;&lt;/xmp&gt; Zorblax"
#define KASPERSKY_SVG "/v1/subjects/ao-kaspersky-lab/timeline.svg?as_of=2024-10-01"

static struct http get(const char *path)
{
    char url[2048];
    snprintf(url, sizeof url, "%s%s", shared_url(), path);
    return http_get(url);
}

static size_t occurrences(const char *body, const char *needle)
{
    size_t n = 0;
    for (const char *p = body; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static bool has_ruling(const char *body, const char *id)
{
    char needle[300];
    snprintf(needle, sizeof needle, "data-ruling=\"%s\"", id);
    return strstr(body, needle) != NULL;
}

/* 'sha256-<base64>' of the text of the page's <style> element. */
static void style_hash(const char *body, char *out, size_t size)
{
    const char *a = strstr(body, "<style>"), *b = a ? strstr(a, "</style>") : NULL;
    cr_assert(a && b, "the page has one style element");
    a += strlen("<style>");
    unsigned char digest[EVP_MAX_MD_SIZE], b64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
    unsigned int len = 0;
    cr_assert_eq(EVP_Digest(a, (size_t)(b - a), digest, &len, EVP_sha256(), NULL), 1);
    EVP_EncodeBlock(b64, digest, (int)len);
    snprintf(out, size, "'sha256-%s'", (const char *)b64);
}

Test(page, the_form_alone_with_its_own_strict_policy)
{
    struct http r = get("/");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_str_eq(http_header(&r, "Content-Type"), "text/html; charset=utf-8");
    cr_expect(strstr(r.body, "<form method=\"get\" action=\"/\""));
    cr_expect(!strstr(r.body, "data-verdict"), "no question, no verdict");
    char csp[512], hash[128];
    snprintf(csp, sizeof csp, "%s", http_header(&r, "Content-Security-Policy"));
    style_hash(r.body, hash, sizeof hash);
    cr_expect(strncmp(csp, "default-src 'none'; ", 20) == 0, "%s", csp);
    cr_expect(strstr(csp, hash), "the policy allows exactly the style sheet: %s not in %s", hash,
              csp);
    cr_expect(strstr(csp, "frame-ancestors 'none'") && strstr(csp, "form-action 'self'"), "%s",
              csp);
    cr_expect(!strstr(csp, "script-src") && !strstr(csp, "unsafe"), "%s", csp);
    cr_expect(!strstr(r.body, "<script"), "no scripts");
    cr_expect(http_header(&r, "ETag") && http_header(&r, "X-Data-Revision"));
    http_free(&r);
}

/* The lanes hold every ruling /v1/check has in effect or upcoming. */
static void expect_lanes_of_check(const char *body, const char *what)
{
    struct http c = get("/v1/check?name=Kaspersky%20Lab&as_of=2024-10-01");
    cr_assert_eq(c.status, 200);
    size_t n = 0;
    static const char *const lists[] = {"rulings", "upcoming"};
    for (size_t l = 0; l < 2; l++) {
        size_t i;
        json_t *it;
        json_array_foreach(json_object_get(c.json, lists[l]), i, it)
        {
            cr_expect(has_ruling(body, jstr(it, "id")), "%s: no lane for %s", what, jstr(it, "id"));
            n++;
        }
    }
    cr_expect_gt(json_array_size(json_object_get(c.json, "upcoming")), 0, "the seed has phases");
    cr_expect_geq(occurrences(body, "class=\"lane "), n, "%s", what);
    cr_expect_eq(occurrences(body, "class=\"lane lane-upcoming\""),
                 json_array_size(json_object_get(c.json, "upcoming")), "%s", what);
    http_free(&c);
}

Test(page, kaspersky_on_2024_10_01_verdict_timeline_and_citations)
{
    struct http r = get(KASPERSKY_PAGE);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect(strstr(r.body, "data-verdict=\"restricted\""));
    cr_expect(strstr(r.body, "value=\"Kaspersky Lab\""), "the form shows the question back");
    cr_expect(strstr(r.body, "<svg xmlns=\"http://www.w3.org/2000/svg\""), "inline picture");
    cr_expect(strstr(r.body, "class=\"as-of\"") && strstr(r.body, "as of 2024-10-01"));
    expect_lanes_of_check(r.body, "page");
    /* each lane's ruling is cited below the picture, with its source and quote */
    cr_expect_eq(occurrences(r.body, "<article class=\"ruling"),
                 occurrences(r.body, "class=\"lane "));
    cr_expect(strstr(r.body, "<cite>"));
    cr_expect(strstr(r.body, "<blockquote>"));
    cr_expect(
        strstr(r.body, "href=\"/v1/subjects/ao-kaspersky-lab/timeline.svg?as_of=2024-10-01\""));
    http_free(&r);
}

Test(page, the_svg_for_reports)
{
    struct http r = get(KASPERSKY_SVG);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_str_eq(http_header(&r, "Content-Type"), "image/svg+xml");
    cr_expect_str_eq(http_header(&r, "Content-Security-Policy"), DEFAULT_CSP);
    cr_expect(strncmp(r.body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=", 49) == 0,
              "%.80s", r.body);
    cr_expect(strstr(r.body, "</svg>"));
    cr_expect(strstr(r.body, "class=\"as-of\""));
    expect_lanes_of_check(r.body, "svg");
    cr_expect(!strstr(r.body, "style="), "no style: it renders under the default policy");
    struct http page = get(KASPERSKY_PAGE);
    cr_expect_eq(occurrences(r.body, "class=\"lane "), occurrences(page.body, "class=\"lane "),
                 "the page draws the same picture");
    http_free(&page);
    http_free(&r);

    r = get("/v1/subjects/no-such-subject/timeline.svg");
    cr_expect_eq(r.status, 404);
    cr_expect_str_eq(http_header(&r, "Content-Type"), "application/problem+json");
    cr_expect_str_eq(jstr(r.json, "type"), "/problems/not-found");
    http_free(&r);
    r = get("/v1/subjects/ao-kaspersky-lab/timeline.svg?as_of=yesterday&colour=red");
    cr_expect_eq(r.status, 400);
    cr_expect_str_eq(jstr(r.json, "type"), "/problems/invalid-parameter");
    http_free(&r);
}

Test(page, a_hostile_question_is_shown_escaped)
{
    struct http r = get("/?name=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27%26&as_of=2024-10-01");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect(!strstr(r.body, "<script"), "nothing of the name is markup");
    cr_expect(strstr(r.body, "value=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;\""));
    cr_expect(strstr(r.body, "data-verdict=\"no_match\""));
    http_free(&r);
}

Test(page, refused_parameters_are_a_400_page_naming_them)
{
    struct http r = get("/?name=Kaspersky&as_of=yesterday&jurisdiction=ZZ&colour=red");
    cr_assert_eq(r.status, 400, "%s", r.body);
    cr_expect_str_eq(http_header(&r, "Content-Type"), "text/html; charset=utf-8");
    cr_expect(strstr(http_header(&r, "Content-Security-Policy"), "style-src 'sha256-"));
    cr_expect(strstr(r.body, "<code>as_of</code>") && strstr(r.body, "<code>jurisdiction</code>") &&
              strstr(r.body, "<code>colour</code>"));
    cr_expect(!strstr(r.body, "data-verdict"), "no answer to a refused question");
    http_free(&r);
}

/* Names, measures and quotes come from public lists: markup in them stays text. The server
 * asks for read tokens, so the page is 401 without one (a browser sends none). */
Test(page, hostile_data_is_escaped_and_read_tokens_guard_the_page, .timeout = 60)
{
    struct testbed tb;
    const char *env[] = {"RESTRICTD_READ_TOKENS=1", NULL};
    testbed_start(&tb, admin_db("page"), env);
    static const struct admin_step writes[] = {
        {"POST", "/v1/admin/subjects", ADMIN_SECRET, NULL,
         "{\"id\":\"test-hostile\",\"kind\":\"organization\",\"name\":\"Evil <xmp>\\\"Q\\\" & "
         "'S'</xmp> Zorblax\",\"country\":\"DE\"}",
         201, NULL, NULL},
        {"POST", "/v1/admin/rulings", ADMIN_SECRET, NULL,
         "{\"id\":\"test-hostile-ruling\",\"subject\":\"test-hostile\",\"source\":"
         "\"us-bis-icts-2021-002\",\"status\":\"restricted\",\"measure\":{\"code\":\"test\","
         "\"text\":\"<img src=x onerror=alert(1)>\"},\"binds\":\"us-persons\","
         "\"effective_from\":\"2024-06-24T04:00:00Z\",\"quote\":\"<script>alert(2)</script>\"}",
         201, NULL, NULL},
    };
    ADMIN_STEPS(tb.s.base, writes);
    struct http r = admin_do("GET", tb.s.base, HOSTILE_PAGE, NULL, NULL, NULL);
    cr_expect_eq(r.status, 401, "a browser sends no token");
    http_free(&r);
    static const char *const paths[] = {HOSTILE_PAGE,
                                        "/v1/subjects/test-hostile/timeline.svg?as_of=2024-10-01"};
    for (size_t i = 0; i < 2; i++) {
        r = admin_do("GET", tb.s.base, paths[i], READER_SECRET, NULL, NULL);
        cr_assert_eq(r.status, 200, "%s: %s", paths[i], r.body);
        cr_expect(strstr(r.body, HOSTILE_SHOWN), "%s", paths[i]);
        cr_expect(!strstr(r.body, "<xmp") && !strstr(r.body, "<script") && !strstr(r.body, "<img"),
                  "%s", paths[i]);
        cr_expect(has_ruling(r.body, "test-hostile-ruling"), "%s", paths[i]);
        http_free(&r);
    }
    r = admin_do("GET", tb.s.base, paths[0], READER_SECRET, NULL, NULL);
    cr_expect(strstr(r.body, "data-verdict=\"restricted\""));
    cr_expect(strstr(r.body, "&lt;script&gt;alert(2)&lt;/script&gt;"), "the quote, as text");
    cr_expect(strstr(r.body, "&lt;img src=x onerror=alert(1)&gt;"), "the measure, as text");
    http_free(&r);
    testbed_stop(&tb);
}
