/* Hostile and malformed requests over a raw socket: each gets the right 4xx (a problem
 * document when it reaches the application) or a closed connection — never a 5xx, a crash
 * or a hang — and the server answers a normal check after each. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "rawhttp.h"

enum expect {
    PROBLEM,      /* the application answers `status` with application/problem+json */
    OK_200,       /* a valid request in disguise: 200 */
    CLIENT_ERROR, /* any 4xx, or the connection closed (framing errors libmicrohttpd answers) */
    TOLERATED,    /* odd framing libmicrohttpd 0.9.75 accepts: any answer but a 5xx */
    BAD_VERSION,  /* an HTTP version other than 1.x: libmicrohttpd's 505 and nothing else
                   * (the one 5xx a client can provoke: docs/security.md, "Known limits") */
};

struct hostile {
    char label[160];
    char *request;
    size_t len;
    enum expect expect;
    int status;
    int responses; /* pipelined: how many answers */
    bool half_close;
};

#define MAX_CASES 400
static struct hostile cases[MAX_CASES];
static size_t ncases;

static void add(const char *label, const char *req, size_t len, enum expect e, int status)
{
    cr_assert(ncases < MAX_CASES);
    struct hostile *h = &cases[ncases++];
    snprintf(h->label, sizeof h->label, "%s", label);
    h->request = malloc(len);
    memcpy(h->request, req, len);
    h->len = len;
    h->expect = e;
    h->status = status;
    h->responses = 1;
}

/* A GET of `target` (path and query, already percent-encoded). */
static void get(const char *label, const char *target, enum expect e, int status)
{
    char req[8192];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: t\r\n\r\n", target);
    add(label, req, (size_t)n, e, status);
}

static char *big(size_t n, char c)
{
    char *s = malloc(n + 1);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

/* GET /v1/check?name=<name>&<key>=<value> for each value: a 400 problem each. */
static void bad_values(const char *what, const char *name, const char *key,
                       const char *const *values, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char t[256], l[200];
        snprintf(t, sizeof t, "/v1/check?name=%s&%s=%s", name, key, values[i]);
        snprintf(l, sizeof l, "bad %s %s=%s", what, key, values[i]);
        get(l, t, PROBLEM, 400);
    }
}

#define BAD_VALUES(what, name, key, ...)                                                           \
    do {                                                                                           \
        static const char *const values[] = {__VA_ARGS__};                                         \
        bad_values(what, name, key, values, sizeof values / sizeof *values);                       \
    } while (0)

/* Dates, numbers and codes that are not what the parameter takes. */
static void bad_parameters(void)
{
    BAD_VALUES("date", "Kaspersky", "as_of", "yesterday", "2024", "2024-7-20", "2024-13-01",
               "2024-00-10", "2024-02-30", "2023-02-29", "0000-01-01", "2024-12-32",
               "2024-07-20T24:00:00Z", "2024-07-20T23:60:00Z", "2024-07-20T04:00:00",
               "2024-07-20T04:00Z", "2024-07-20%2004", "2024-07-20T04:00:00%2B25:00",
               "2024-07-20T04:00:00%2B0200", "2024-07-20T04:00:00.Z", "%2B2024-07-20",
               "-2024-07-20", "2024-07-20T04:00:00Zjunk", "%EF%BC%92024-07-20", "2024/07/20",
               "20240720", "1e9", "NaN", "null", "0x10", "2024-07-20T04:00:00z%2B01:00",
               "2024-07-20%00", "2024-07-20T04:00:00%20Z", "99999-01-01", "2024-07-20T4:00:00Z",
               "%FF", "2024-07-20T04:00:00-24:00");
    BAD_VALUES("number", "x", "min_score", "1.5", "-0.1", "abc", "1e999", "nan", "inf", "0x1",
               "1,5", "%200.5", "0.5%20", "--1", "%00");
    BAD_VALUES("number", "x", "limit", "-1", "21", "1.5", "abc", "99999999999999999999", "0x10",
               "1e2", "%2B-1", "%201", "%E2%91%A0");
    BAD_VALUES("code", "x", "kind", "Organization", "org", "vendor");
    BAD_VALUES("code", "x", "jurisdiction", "U", "USA", "u%24", "%C3%9CS");
    BAD_VALUES("code", "x", "binds", "US_PERSONS", "us%20persons", "US-persons");
    BAD_VALUES("code", "x", "pretty", "yes", "2");
}

/* SQL injection strings in every parameter (and as a parameter name), and invalid UTF-8
 * in the name and in a parameter's name. */
static void injections_and_bad_utf8(void)
{
    static const char *const sqli[] = {"%27%20OR%20%271%27%3D%271",
                                       "%27%3B%20DROP%20TABLE%20rulings%3B%20--",
                                       "%22%20OR%201%3D1%20--",
                                       "1%3B%20SELECT%20pg_sleep(10)",
                                       "%24%24%3B%20DROP%20TABLE%20changes%3B%20%24%24",
                                       "UNION%20SELECT%20secret_sha256%20FROM%20api_tokens",
                                       "admin%27--",
                                       "1%27%20AND%20SLEEP(5)%23",
                                       "%5Cx27%3B",
                                       "%27)%3B%20DELETE%20FROM%20subjects%3B--"};
    static const char *const params[] = {"kind",  "as_of",     "jurisdiction",
                                         "binds", "min_score", "limit"};
    char t[512], l[300];
    for (size_t i = 0; i < sizeof sqli / sizeof *sqli; i++) {
        snprintf(t, sizeof t, "/v1/check?name=%s", sqli[i]);
        snprintf(l, sizeof l, "sql in name %s", sqli[i]);
        get(l, t, OK_200, 200);
        for (size_t j = 0; j < sizeof params / sizeof *params; j++)
            bad_values("sql in", "x", params[j], &sqli[i], 1);
        snprintf(t, sizeof t, "/v1/check?name=x&%s=1", sqli[i]);
        snprintf(l, sizeof l, "sql as parameter name %s", sqli[i]);
        get(l, t, PROBLEM, 400);
    }
    static const char *const bad_utf8[] = {
        "%FF",       "%FE%FF",       "%C0%AF",          "%C1%BF", "%E0%80%AF",
        "%ED%A0%80", "%F4%90%80%80", "%F8%88%80%80%80", "%80",    "%BF",
        "Kasp%C2",   "%E2%82",       "%F0%9F%98",       "a%00b",  "%00"};
    for (size_t i = 0; i < sizeof bad_utf8 / sizeof *bad_utf8; i++) {
        snprintf(t, sizeof t, "/v1/check?name=%s", bad_utf8[i]);
        snprintf(l, sizeof l, "invalid UTF-8 name %s", bad_utf8[i]);
        get(l, t, PROBLEM, 400);
        snprintf(t, sizeof t, "/v1/check?name=x&%s=1", bad_utf8[i]);
        snprintf(l, sizeof l, "invalid UTF-8 parameter name %s", bad_utf8[i]);
        get(l, t, PROBLEM, 400);
    }
}

/* Paths that lead nowhere (404) and methods the route does not take (405). */
static void paths_and_methods(void)
{
    static const char *const paths[] = {"/../etc/passwd",
                                        "/v1/../../etc/passwd",
                                        "/v1/%2e%2e/%2e%2e/etc/passwd",
                                        "/problems/..%2f..%2fetc%2fpasswd",
                                        "/problems/%2e%2e",
                                        "//v1/check?name=x",
                                        "/v1//check?name=x",
                                        "/v1/check/../check?name=x",
                                        "/v1/check;jsessionid=1?name=x",
                                        "/V1/CHECK?name=x",
                                        "/v1/check/%2e%2e/healthz",
                                        "/problems/not-found/extra",
                                        "/healthz/"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        char l[200];
        snprintf(l, sizeof l, "path %s", paths[i]);
        get(l, paths[i], PROBLEM, 404);
    }
    /* An encoded NUL in a path would end it once decoded ("/v1/admin/subjects/x%00y" naming
     * "x"): refused, whatever the route. */
    static const char *const nul_paths[] = {"/%00", "/v1/subjects/ultraav%00x",
                                            "/v1/check%00?name=x", "/healthz%00"};
    for (size_t i = 0; i < sizeof nul_paths / sizeof *nul_paths; i++) {
        char l[200];
        snprintf(l, sizeof l, "path %s", nul_paths[i]);
        get(l, nul_paths[i], PROBLEM, 400);
    }
    /* HTTP/1.1 requires Host (RFC 9112, 3.2); HTTP/1.0 does not (tolerated, below). */
    static const char no_host[] = "GET /healthz HTTP/1.1\r\n\r\n";
    add("HTTP/1.1 without Host", no_host, sizeof no_host - 1, PROBLEM, 400);
    static const char *const methods[] = {"FOO",   "PROPFIND", "TRACE", "DELETE", "PUT",
                                          "PATCH", "POST",     "get",   "MKCOL",  "SEARCH"};
    for (size_t i = 0; i < sizeof methods / sizeof *methods; i++) {
        char req[256], l[200];
        int n = snprintf(req, sizeof req,
                         "%s /v1/check?name=x HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n",
                         methods[i]);
        snprintf(l, sizeof l, "method %s", methods[i]);
        add(l, req, (size_t)n, PROBLEM, 405);
    }
}

/* Requests of a megabyte or 20,000 headers: libmicrohttpd refuses them. */
static void oversized(void)
{
    char *q = big(1000000, 'a'), *h = big(1000000, 'b');
    static char req[2200000];
    int n = snprintf(req, sizeof req, "GET /v1/check?name=%s HTTP/1.1\r\nHost: t\r\n\r\n", q);
    add("1 MB query string", req, (size_t)n, CLIENT_ERROR, 0);
    n = snprintf(req, sizeof req, "GET /%s HTTP/1.1\r\nHost: t\r\n\r\n", q);
    add("1 MB path", req, (size_t)n, CLIENT_ERROR, 0);
    n = snprintf(req, sizeof req, "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: %s\r\n\r\n", h);
    add("1 MB header", req, (size_t)n, CLIENT_ERROR, 0);
    n = snprintf(req, sizeof req, "GET /healthz HTTP/1.1\r\nHost: t\r\n");
    for (int i = 0; i < 20000; i++)
        n += snprintf(req + n, sizeof req - (size_t)n, "X-%d: v\r\n", i);
    n += snprintf(req + n, sizeof req - (size_t)n, "\r\n");
    add("20000 headers", req, (size_t)n, CLIENT_ERROR, 0);
    free(q);
    free(h);
}

/* Framing that libmicrohttpd itself refuses or that never reaches a handler. */
/* clang-format off */
static const char *const framing[][2] = {
    {"HTTP/0.9 request", "GET /healthz\r\n\r\n"},
    {"no version", "GET /healthz\r\nHost: t\r\n\r\n"},
    {"header without colon", "GET /healthz HTTP/1.1\r\nHost: t\r\nNoColonHere\r\n\r\n"},
    {"negative Content-Length", "POST /v1/check?name=x HTTP/1.1\r\nHost: t\r\nContent-Length: -5\r\n\r\n"},
    {"huge Content-Length", "POST /v1/check?name=x HTTP/1.1\r\nHost: t\r\nContent-Length: 99999999999999999999999\r\n\r\n"},
    {"Content-Length over the limit", "POST /v1/check?name=x HTTP/1.1\r\nHost: t\r\nContent-Length: 999999999\r\n\r\n"},
    {"Content-Length not a number", "POST /v1/check?name=x HTTP/1.1\r\nHost: t\r\nContent-Length: ten\r\n\r\n"},
    {"two Content-Lengths", "POST /v1/check?name=x HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"},
    {"bad chunk size", "POST /v1/check?name=x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"},
    {"Content-Length and chunked", "POST /v1/check?name=x HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
    /* an unknown transfer coding is a 501 (RFC 9112, 6.1): test_framing.c */
    {"Expect 100 with a huge body", "POST /v1/check?name=x HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 999999999\r\n\r\n"},
    {"absolute URI", "GET http://t/nothing HTTP/1.1\r\nHost: t\r\n\r\n"},
    {"asterisk target", "OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n"},
    {"CONNECT target", "CONNECT t:443 HTTP/1.1\r\nHost: t\r\n\r\n"},
    {"NUL in request line", "GET /heal\0thz HTTP/1.1\r\nHost: t\r\n\r\n"},
    {"empty method", " /healthz HTTP/1.1\r\nHost: t\r\n\r\n"},
};
/* clang-format on */

/* Lenient framing: libmicrohttpd accepts these; we never forward headers, so they are
 * harmless, but they must not break the server. */
/* clang-format off */
static const char *const tolerated[][2] = {
    {"space in request target", "GET /v1/check?name=a b HTTP/1.1\r\nHost: t\r\n\r\n"},
    {"control characters in header", "GET /healthz HTTP/1.1\r\nHost: t\r\nX-A: \x01\x02\x7f\r\n\r\n"},
    {"obsolete line folding", "GET /healthz HTTP/1.1\r\nHost: t\r\nX-A: a\r\n b\r\n\r\n"},
    {"header name with space", "GET /healthz HTTP/1.1\r\nHost: t\r\nX A: b\r\n\r\n"},
    {"LF-only line ends", "GET /healthz HTTP/1.1\nHost: t\n\n"},
    {"HTTP/1.0 without Host", "GET /healthz HTTP/1.0\r\n\r\n"},
};
/* clang-format on */

static void framing_cases(void)
{
    static const char *const versions[] = {"HTTP/2.0", "HTTP/3.0", "HTTP/9.9"};
    for (size_t i = 0; i < sizeof versions / sizeof *versions; i++) {
        char label[64], line[128];
        snprintf(label, sizeof label, "%s request line", versions[i]);
        int line_len =
            snprintf(line, sizeof line, "GET /healthz %s\r\nHost: t\r\n\r\n", versions[i]);
        add(label, line, (size_t)line_len, BAD_VERSION, 0);
    }
    for (size_t i = 0; i < sizeof framing / sizeof *framing; i++) {
        size_t len = strlen(framing[i][1]);
        if (strstr(framing[i][0], "NUL")) {
            /* strlen stops at the NUL: count through it to the end of the request */
            const char *s = framing[i][1];
            len = strlen(s) + 1;
            len += strlen(s + len);
        }
        add(framing[i][0], framing[i][1], len, CLIENT_ERROR, 0);
    }
    for (size_t i = 0; i < sizeof tolerated / sizeof *tolerated; i++)
        add(tolerated[i][0], tolerated[i][1], strlen(tolerated[i][1]), TOLERATED, 0);
    static const char nul_header[] = "GET /healthz HTTP/1.1\r\nHost: t\r\nX-A: a\0b\r\n\r\n";
    add("NUL in header", nul_header, sizeof nul_header - 1, TOLERATED, 0);
}

/* Pipelining (three requests in one write, the middle one bad: three answers in order)
 * and half-closed connections. */
static void connection_cases(void)
{
    const char *pipe = "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"
                       "GET /v1/check?as_of=bad HTTP/1.1\r\nHost: t\r\n\r\n"
                       "GET /readyz HTTP/1.1\r\nHost: t\r\n\r\n";
    add("pipelined requests", pipe, strlen(pipe), OK_200, 200);
    cases[ncases - 1].responses = 3;
    const char *half = "GET /v1/check?name=Kaspersky%20Lab HTTP/1.1\r\nHost: t\r\n\r\n";
    add("half-closed after the request", half, strlen(half), OK_200, 200);
    cases[ncases - 1].half_close = true;
    const char *half_partial = "GET /v1/check?name=Kasp";
    add("half-closed in the middle of the request line", half_partial, strlen(half_partial),
        CLIENT_ERROR, 0);
    cases[ncases - 1].half_close = true;
}

static void build_cases(void)
{
    bad_parameters();
    injections_and_bad_utf8();
    paths_and_methods();
    oversized();
    framing_cases();
    connection_cases();
}

#define COUNTS                                                                                     \
    "SELECT (SELECT count(*) FROM rulings) || '/' || (SELECT count(*) FROM subjects) || '/' || "   \
    "(SELECT count(*) FROM changes)"

Test(hostile, at_least_150_requests_then_still_serving, .timeout = 240)
{
    build_cases();
    cr_assert_geq(ncases, 150, "only %zu cases", ncases);
    struct testbed tb;
    const char *env[] = {"RESTRICTD_TIMEOUT=3", "RESTRICTD_MAX_BODY=1048576", NULL};
    testbed_start(&tb, db_create("hostile"), env);
    char *counts_before = db_scalar(tb.db, COUNTS);
    size_t passed = 0;
    for (size_t i = 0; i < ncases; i++) {
        const struct hostile *h = &cases[i];
        struct raw_reply r =
            raw_send(tb.s.port, h->request, h->len, h->half_close, h->responses, 5000);
        cr_expect(!r.timed_out || r.status, "%s: hung (no answer, not closed)", h->label);
        bool no_5xx = h->expect == BAD_VERSION || r.status < 500;
        cr_expect(no_5xx, "%s: answered %d", h->label, r.status);
        bool ok = !r.timed_out && no_5xx;
        switch (h->expect) {
        case PROBLEM:
            cr_expect_eq(r.status, h->status, "%s: status %d, want %d (%s)", h->label, r.status,
                         h->status, r.body);
            cr_expect_str_eq(r.content_type, "application/problem+json", "%s", h->label);
            ok &= r.status == h->status;
            break;
        case OK_200:
            cr_expect_eq(r.status, 200, "%s: status %d", h->label, r.status);
            cr_expect_eq(r.responses, h->responses, "%s: %d answers", h->label, r.responses);
            ok &= r.status == 200 && r.responses == h->responses;
            break;
        case CLIENT_ERROR:
            cr_expect(r.status == 0 ? r.closed : (r.status >= 400 && r.status < 500),
                      "%s: status %d, closed %d", h->label, r.status, r.closed);
            break;
        case BAD_VERSION:
            cr_expect_eq(r.status, 505, "%s: status %d", h->label, r.status);
            ok &= r.status == 505;
            break;
        case TOLERATED:
            cr_expect(r.status == 0 ? r.closed : r.status < 500, "%s: status %d", h->label,
                      r.status);
            break;
        }
        cr_assert(normal_check_ok(&tb.s), "after %s: the server no longer answers", h->label);
        passed += ok;
    }
    char *counts_after = db_scalar(tb.db, COUNTS);
    cr_expect_str_eq(counts_after, counts_before, "no data changed");
    testbed_stop(&tb); /* a clean exit after the hostile run */
    fprintf(stderr, "hostile requests: %zu sent, %zu answered as expected\n", ncases, passed);
    free(counts_before);
    free(counts_after);
}

Test(hostile, garbage_that_is_not_http_is_closed, .timeout = 60)
{
    struct testbed tb;
    const char *env[] = {"RESTRICTD_TIMEOUT=2", NULL};
    testbed_start(&tb, db_create("garbage"), env);
    const struct server *s = &tb.s;
    static const char tls_hello[] = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03";
    struct raw_reply r = raw_send(s->port, tls_hello, sizeof tls_hello - 1, false, 1, 6000);
    cr_expect(r.closed || (r.status >= 400 && r.status < 500), "TLS hello: %d", r.status);
    static const char binary[] = "\x00\x01\x02\x03\xff\xfe\xfd";
    r = raw_send(s->port, binary, sizeof binary - 1, false, 1, 6000);
    cr_expect(r.closed || (r.status >= 400 && r.status < 500), "binary: %d", r.status);
    /* A request that never finishes its headers is dropped at the idle timeout. */
    const char *partial = "GET /healthz HTTP/1.1\r\nHost: t\r\n";
    r = raw_send(s->port, partial, strlen(partial), false, 1, 6000);
    cr_expect(r.closed && r.status == 0, "incomplete headers closed after the timeout");
    cr_assert(normal_check_ok(s));
    testbed_stop(&tb);
}
