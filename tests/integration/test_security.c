/* Security of the HTTP surface: per-client rate limits on admin routes and on failed
 * authentication (429 with Retry-After, public reads never limited), the security headers
 * and Cache-Control of every kind of answer, and secrets kept out of the logs with the
 * access log on. */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "admin_util.h"

static long status_of(const char *base, const char *method, const char *path, const char *token,
                      char *retry_after, size_t size)
{
    struct http r = admin_do(method, base, path, token, NULL, NULL);
    long st = r.status;
    if (retry_after) {
        const char *ra = http_header(&r, "Retry-After");
        snprintf(retry_after, size, "%s", ra ? ra : "");
    }
    if (st == 429) cr_expect_str_eq(problem_type(&r), "/problems/too-many-requests");
    http_free(&r);
    return st;
}

static void sleep_s(int s)
{
    usleep((useconds_t)s * 1000 * 1000);
}

Test(security, admin_routes_are_rate_limited_per_client, .timeout = 60)
{
    struct testbed tb;
    const char *env[] = {"RESTRICTD_ADMIN_RATE_LIMIT=30", NULL};
    testbed_start(&tb, admin_db("ratelimit"), env);
    const struct server *s = &tb.s;
    const char *path = "/v1/admin/rulings/us-ndaa-1634-kaspersky";
    int allowed = 0;
    char ra[32] = "";
    long st = 200;
    for (int i = 0; i < 40 && st != 429; i++) {
        st = status_of(s->base, "GET", path, ADMIN_SECRET, ra, sizeof ra);
        if (st == 200) allowed++;
    }
    cr_expect_eq(st, 429, "over the limit");
    cr_expect_geq(allowed, 29, "a burst of the whole minute's budget first: %d", allowed);
    cr_expect_leq(allowed, 33, "refills while the loop runs are small: %d", allowed);
    int wait = atoi(ra);
    cr_expect(wait >= 1 && wait <= 3, "Retry-After says when (30/min: 2 s): [%s]", ra);
    /* Without a token, an admin route still spends the budget: 429, not 401. */
    cr_expect_eq(status_of(s->base, "GET", path, NULL, NULL, 0), 429);
    /* Public reads never touch the limiter. */
    for (int i = 0; i < 60; i++) {
        struct http r = http_get(check_url(s->base, "Kaspersky Lab", NULL));
        cr_expect_eq(r.status, 200, "check %d while the admin budget is spent", i);
        http_free(&r);
    }
    sleep_s(wait);
    cr_expect_eq(status_of(s->base, "GET", path, ADMIN_SECRET, NULL, 0), 200,
                 "allowed again after Retry-After");
    testbed_stop(&tb);
}

Test(security, failed_authentication_is_rate_limited, .timeout = 60)
{
    struct testbed tb;
    const char *env[] = {"RESTRICTD_AUTH_FAILURE_LIMIT=3", "RESTRICTD_READ_TOKENS=1", NULL};
    testbed_start(&tb, admin_db("authfail"), env);
    const struct server *s = &tb.s;
    const char *admin = "/v1/admin/export", *check = "/v1/check?name=Kaspersky";
    /* Requests without a token are not failures: nothing was guessed. */
    for (int i = 0; i < 10; i++)
        cr_expect_eq(status_of(s->base, "GET", admin, NULL, NULL, 0), 401, "no token %d", i);
    cr_expect_eq(status_of(s->base, "GET", admin, "rdt_wrong-1", NULL, 0), 401);
    cr_expect_eq(status_of(s->base, "GET", check, "rdt_wrong-2", NULL, 0), 401);
    cr_expect_eq(status_of(s->base, "GET", admin, "Basic xyz", NULL, 0), 401, "malformed");
    char ra[32] = "";
    cr_expect_eq(status_of(s->base, "GET", admin, "rdt_wrong-3", ra, sizeof ra), 429,
                 "the fourth wrong token in a minute");
    cr_expect(atoi(ra) >= 1 && atoi(ra) <= 21, "Retry-After [%s]", ra);
    cr_expect_eq(status_of(s->base, "GET", check, "rdt_wrong-4", NULL, 0), 429);
    cr_expect_eq(status_of(s->base, "GET", admin, ADMIN_SECRET, NULL, 0), 429,
                 "while locked out, admin routes refuse even a good token (no guessing)");
    cr_expect_eq(status_of(s->base, "GET", check, READER_SECRET, NULL, 0), 200,
                 "a good reader token never consults the limiter");
    cr_expect_eq(status_of(s->base, "GET", "/healthz", NULL, NULL, 0), 200);
    testbed_stop(&tb);
}

struct header_case {
    const char *label, *method, *path, *token, *body;
    long status;
    const char *cache_control;
    bool etag;
};

static void expect_headers(const char *base, const struct header_case *c)
{
    char url[512];
    snprintf(url, sizeof url, "%s%s", base, c->path);
    char auth[256];
    const char *h[3] = {NULL};
    size_t n = 0;
    if (c->token) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", c->token);
        h[n++] = auth;
    }
    if (c->body) h[n++] = "Content-Type: text/csv";
    struct http r = http_do(c->method, url, c->body, c->body ? strlen(c->body) : 0, h);
    cr_expect_eq(r.status, c->status, "%s: status %ld", c->label, r.status);
    const char *v = http_header(&r, "Cache-Control");
    cr_expect_str_eq(v ? v : "", c->cache_control, "%s: Cache-Control", c->label);
    cr_expect_eq(http_header(&r, "ETag") != NULL, c->etag, "%s: ETag", c->label);
    v = http_header(&r, "X-Content-Type-Options");
    cr_expect_str_eq(v ? v : "", "nosniff", "%s", c->label);
    v = http_header(&r, "Content-Security-Policy");
    cr_expect_str_eq(v ? v : "", "default-src 'none'; frame-ancestors 'none'", "%s", c->label);
    v = http_header(&r, "Referrer-Policy");
    cr_expect_str_eq(v ? v : "", "no-referrer", "%s", c->label);
    http_free(&r);
}

Test(security, headers_and_cache_control_fit_each_route, .timeout = 60)
{
    char *db = admin_db("headers");
    struct server open, guarded;
    cr_assert(server_start(&open, db, NULL, true));
    const char *env[] = {"RESTRICTD_READ_TOKENS=1", NULL};
    cr_assert(server_start(&guarded, db, env, true));
    static const struct header_case open_cases[] = {
        {"check", "GET", "/v1/check?name=Kaspersky%20Lab", NULL, NULL, 200, "no-cache", true},
        {"HEAD check", "HEAD", "/v1/check?name=Kaspersky%20Lab", NULL, NULL, 200, "no-cache", true},
        {"subjects", "GET", "/v1/subjects?limit=2", NULL, NULL, 200, "no-cache", true},
        {"healthz", "GET", "/healthz", NULL, NULL, 200, "no-cache", true},
        {"readyz", "GET", "/readyz", NULL, NULL, 200, "no-cache", true},
        {"metrics", "GET", "/metrics", NULL, NULL, 200, "no-cache", true},
        {"problem page", "GET", "/problems/not-found", NULL, NULL, 200, "no-cache", true},
        {"bad parameter", "GET", "/v1/check?as_of=x", NULL, NULL, 400, "no-store", false},
        {"not found", "GET", "/nothing", NULL, NULL, 404, "no-store", false},
        {"method", "DELETE", "/v1/check", NULL, NULL, 405, "no-store", false},
        {"screen", "POST", "/v1/screen", NULL, "name\nKaspersky Lab\n", 200, "no-store", false},
        {"admin without token", "GET", "/v1/admin/export", NULL, NULL, 401, "no-store", false},
        {"admin reader token", "GET", "/v1/admin/export", READER_SECRET, NULL, 403, "no-store",
         false},
        {"admin read", "GET", "/v1/admin/rulings/us-ndaa-1634-kaspersky", ADMIN_SECRET, NULL, 200,
         "no-store", true},
        {"admin export", "GET", "/v1/admin/export", ADMIN_SECRET, NULL, 200, "no-store", true},
        {"admin audit", "GET", "/v1/admin/audit?limit=1", ADMIN_SECRET, NULL, 200, "no-store",
         true},
    };
    for (size_t i = 0; i < sizeof open_cases / sizeof *open_cases; i++)
        expect_headers(open.base, &open_cases[i]);
    static const struct header_case guarded_cases[] = {
        {"check with a reader token", "GET", "/v1/check?name=Kaspersky%20Lab", READER_SECRET, NULL,
         200, "private, no-cache", true},
        {"check without a token", "GET", "/v1/check?name=Kaspersky%20Lab", NULL, NULL, 401,
         "no-store", false},
        {"screen with a reader token", "POST", "/v1/screen", READER_SECRET, "name\nKaspersky Lab\n",
         200, "private, no-cache", false},
        {"healthz", "GET", "/healthz", NULL, NULL, 200, "no-cache", true},
    };
    for (size_t i = 0; i < sizeof guarded_cases / sizeof *guarded_cases; i++)
        expect_headers(guarded.base, &guarded_cases[i]);
    cr_expect_eq(server_stop(&open), 0);
    cr_expect_eq(server_stop(&guarded), 0);
    free(db);
}

static char *cli_secret(const char *db, const char *args)
{
    int status;
    char *out = cli_stdout(db, args, &status);
    cr_assert_eq(status, 0, "restrictd %s", args);
    out[strcspn(out, "\n")] = '\0';
    return out;
}

Test(security, secrets_never_reach_the_log, .timeout = 60)
{
    char *db = admin_db("secretlog");
    char *secret = cli_secret(db, "token create --name log-test --role admin");
    cr_assert(strncmp(secret, "rdt_", 4) == 0, "[%s]", secret);
    unsigned char hash[32];
    unsigned hlen = 0;
    EVP_Digest(secret, strlen(secret), hash, &hlen, EVP_sha256(), NULL);
    char hex[65];
    for (int i = 0; i < 32; i++)
        sprintf(hex + 2 * i, "%02x", hash[i]);

    struct server s;
    const char *env[] = {"RESTRICTD_ACCESS_LOG=1", "RESTRICTD_LOG=debug", "RESTRICTD_READ_TOKENS=1",
                         NULL};
    cr_assert(server_start(&s, db, env, true));
    cr_expect_eq(status_of(s.base, "GET", "/v1/admin/export", secret, NULL, 0), 200);
    cr_expect_eq(status_of(s.base, "GET", "/v1/check?name=Kaspersky", secret, NULL, 0), 200);
    char wrong[128];
    snprintf(wrong, sizeof wrong, "%sx", secret); /* almost the secret: refused, still private */
    cr_expect_eq(status_of(s.base, "GET", "/v1/admin/export", wrong, NULL, 0), 401);
    struct http r = admin_do("POST", s.base, "/v1/admin/rulings", secret, NULL, "{\"id\":1}");
    cr_expect_eq(r.status, 422);
    http_free(&r);
    cr_expect_eq(server_stop(&s), 0);

    char *log = slurp(s.log, true);
    cr_expect(strstr(log, "\"route\":\"/v1/admin/export\""), "the access log was on: %s", log);
    cr_expect(!strstr(log, secret + 4), "the secret is not in the log");
    cr_expect(!strstr(log, hex), "nor its SHA-256");
    cr_expect(!strstr(log, "Bearer"), "nor the Authorization header");
    free(log);
    free(secret);
    free(db);
}
