/* Every error path of the HTTP API: the status, an RFC 9457 problem naming the field,
 * and a server that keeps answering. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"

struct error_case {
    const char *path_and_query;
    long status;
    const char *type;  /* problem type */
    const char *field; /* first errors[].field, or NULL */
    const char *code;  /* its code, or NULL */
};

// clang-format off
static const struct error_case cases[] = {
    {"/v1/check", 400, "/problems/invalid-parameter", "name", "required"},
    {"/v1/check?name=", 400, "/problems/invalid-parameter", "name", "required"},
    {"/v1/check?name=x&as_of=yesterday", 400, "/problems/invalid-parameter", "as_of", "invalid_date"},
    {"/v1/check?name=x&as_of=2024-02-30", 400, "/problems/invalid-parameter", "as_of", "invalid_date"},
    {"/v1/check?name=x&as_of=2024-07-20T25:00:00Z", 400, "/problems/invalid-parameter", "as_of", "invalid_date"},
    {"/v1/check?name=x&as_of=2024-07-20T04:00:00", 400, "/problems/invalid-parameter", "as_of", "invalid_date"},
    {"/v1/check?name=x&kind=company", 400, "/problems/invalid-parameter", "kind", "invalid_value"},
    {"/v1/check?name=x&jurisdiction=USA", 400, "/problems/invalid-parameter", "jurisdiction", "invalid_code"},
    {"/v1/check?name=x&jurisdiction=1A", 400, "/problems/invalid-parameter", "jurisdiction", "invalid_code"},
    {"/v1/check?name=x&jurisdiction=uk", 400, "/problems/invalid-parameter", "jurisdiction", "unknown_country"},
    {"/v1/check?name=x&binds=US%20Persons", 400, "/problems/invalid-parameter", "binds", "invalid_code"},
    {"/v1/check?name=x&min_score=2", 400, "/problems/invalid-parameter", "min_score", "invalid_number"},
    {"/v1/check?name=x&min_score=abc", 400, "/problems/invalid-parameter", "min_score", "invalid_number"},
    {"/v1/check?name=x&min_score=nan", 400, "/problems/invalid-parameter", "min_score", "invalid_number"},
    {"/v1/check?name=x&limit=-1", 400, "/problems/invalid-parameter", "limit", "invalid_number"},
    {"/v1/check?name=x&limit=999", 400, "/problems/invalid-parameter", "limit", "invalid_number"},
    {"/v1/check?name=x&nmae=y", 400, "/problems/invalid-parameter", "nmae", "unknown_parameter"},
    {"/v1/check?name=x&name=y", 400, "/problems/invalid-parameter", "name", "repeated_parameter"},
    {"/v1/check?name=%FF%FE", 400, "/problems/invalid-parameter", "name", "invalid_encoding"},
    {"/v1/check?name=a%00b", 400, "/problems/invalid-parameter", "name", "invalid_encoding"},
    {"/v1/check?name=a%0Ab", 400, "/problems/invalid-parameter", "name", "invalid_character"},
    {"/v1/check?name=%C0%AF", 400, "/problems/invalid-parameter", "name", "invalid_encoding"},
    {"/v1/check?name=x&pretty=maybe", 400, "/problems/invalid-parameter", "pretty", "invalid_value"},
    {"/v1/nothing", 404, "/problems/not-found", NULL, NULL},
    {"/v1/check/", 404, "/problems/not-found", NULL, NULL},
    {"/index.html", 404, "/problems/not-found", NULL, NULL}, /* "/" is the analysts' page */
    {"/problems/no-such-type", 404, "/problems/not-found", NULL, NULL},
    {"/../etc/passwd", 404, "/problems/not-found", NULL, NULL},
};
// clang-format on

static void expect_problem(const struct http *r, long status, const char *type, const char *what)
{
    cr_assert_eq(r->status, status, "%s: status %ld, want %ld", what, r->status, status);
    const char *ct = http_header(r, "Content-Type");
    cr_expect(ct && strcmp(ct, "application/problem+json") == 0, "%s: content type %s", what,
              ct ? ct : "(none)");
    cr_assert(r->json, "%s: problem body is not JSON: %s", what, r->body ? r->body : "");
    cr_expect_str_eq(json_string_value(json_object_get(r->json, "type")), type, "%s", what);
    cr_expect_eq(json_integer_value(json_object_get(r->json, "status")), status, "%s", what);
    cr_expect(json_string_value(json_object_get(r->json, "title")), "%s: title", what);
    cr_expect(json_string_value(json_object_get(r->json, "detail")), "%s: detail", what);
}

Test(errors, every_parameter_error_names_its_field)
{
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct error_case *c = &cases[i];
        char url[2048];
        snprintf(url, sizeof url, "%s%s", shared_url(), c->path_and_query);
        struct http r = http_get(url);
        expect_problem(&r, c->status, c->type, c->path_and_query);
        if (c->field) {
            json_t *errors = json_object_get(r.json, "errors");
            bool found = false;
            size_t j;
            json_t *e;
            json_array_foreach(errors, j, e)
            {
                if (strcmp(json_string_value(json_object_get(e, "field")), c->field) == 0) {
                    found = true;
                    cr_expect_str_eq(json_string_value(json_object_get(e, "code")), c->code, "%s",
                                     c->path_and_query);
                }
            }
            cr_expect(found, "%s: no error names field %s: %s", c->path_and_query, c->field,
                      r.body);
        }
        http_free(&r);
        /* ... and the server still answers a normal check. */
        r = http_get(check_url(shared_url(), "Kaspersky Lab", "as_of=2024-10-01"));
        cr_assert_eq(r.status, 200, "after %s", c->path_and_query);
        http_free(&r);
    }
}

Test(errors, several_bad_parameters_are_all_listed)
{
    char url[512];
    snprintf(url, sizeof url, "%s/v1/check?as_of=x&kind=y&limit=z", shared_url());
    struct http r = http_get(url);
    expect_problem(&r, 400, "/problems/invalid-parameter", "several");
    cr_expect_eq(json_array_size(json_object_get(r.json, "errors")), 4, "name, as_of, kind, limit");
    http_free(&r);
}

Test(errors, name_too_long)
{
    static char name[700];
    memset(name, 'a', sizeof name - 1);
    struct http r = http_get(check_url(shared_url(), name, NULL));
    expect_problem(&r, 400, "/problems/invalid-parameter", "long name");
    http_free(&r);
}

Test(errors, method_not_allowed_lists_allow)
{
    const char *methods[] = {"POST", "PUT", "DELETE", "PATCH", NULL};
    char url[256];
    snprintf(url, sizeof url, "%s/v1/check?name=x", shared_url());
    for (const char **m = methods; *m; m++) {
        struct http r = http_do(*m, url, "{}", 2, NULL);
        expect_problem(&r, 405, "/problems/method-not-allowed", *m);
        cr_expect_str_eq(http_header(&r, "Allow"), "GET, HEAD", "%s", *m);
        http_free(&r);
    }
}

Test(errors, options_answers_allow)
{
    char url[256];
    snprintf(url, sizeof url, "%s/v1/check", shared_url());
    struct http r = http_do("OPTIONS", url, NULL, 0, NULL);
    cr_expect_eq(r.status, 204);
    cr_expect_str_eq(http_header(&r, "Allow"), "GET, HEAD");
    http_free(&r);
}

Test(errors, body_over_the_limit_is_413)
{
    char url[256];
    snprintf(url, sizeof url, "%s/v1/check?name=x", shared_url());
    size_t n = 11 * 1024 * 1024; /* the default limit is 10 MiB */
    char *big = malloc(n);
    memset(big, 'x', n);
    struct http r = http_do("POST", url, big, n, NULL);
    free(big);
    expect_problem(&r, 413, "/problems/payload-too-large", "big body");
    http_free(&r);
    r = http_get(check_url(shared_url(), "Kaspersky Lab", NULL));
    cr_expect_eq(r.status, 200);
    http_free(&r);
}

Test(errors, problem_types_have_pages)
{
    const char *types[] = {
        "invalid-parameter", "not-found", "method-not-allowed", "payload-too-large", "not-ready",
        "internal",          NULL};
    for (const char **t = types; *t; t++) {
        char url[256];
        snprintf(url, sizeof url, "%s/problems/%s", shared_url(), *t);
        struct http r = http_get(url);
        cr_expect_eq(r.status, 200, "%s", *t);
        cr_expect(r.body && strstr(r.body, *t), "%s page names its type", *t);
        cr_expect(strncmp(http_header(&r, "Content-Type"), "text/plain", 10) == 0);
        http_free(&r);
    }
}
