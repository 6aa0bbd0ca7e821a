/* The contract: docs/openapi.yaml as served at /openapi.json names exactly the routes of
 * the router (server/routes.c), every $ref in it resolves, and real answers of the main
 * routes fit its schemas (tests/integration/schema_check.c). */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "harness.h"
#include "schema_check.h"
#include "server/router.h"

static const char *const http_methods[] = {"get",     "put",  "post",  "delete", "patch",
                                           "options", "head", "trace", NULL};

static bool is_method(const char *k)
{
    for (const char *const *m = http_methods; *m; m++)
        if (strcmp(*m, k) == 0) return true;
    return false;
}

Test(openapi, served_as_openapi_3_1)
{
    char url[256];
    snprintf(url, sizeof url, "%s/openapi.json", shared_url());
    struct http r = http_get(url);
    cr_assert_eq(r.status, 200);
    cr_expect_str_eq(http_header(&r, "Content-Type"), "application/json");
    cr_expect(http_header(&r, "ETag"));
    cr_assert(r.json);
    cr_expect(strncmp(json_string_value(json_object_get(r.json, "openapi")), "3.1", 3) == 0);
    cr_expect(json_object_get(json_object_get(json_object_get(r.json, "components"), "schemas"),
                              "Problem"),
              "the problem object is described");
    http_free(&r);
}

Test(openapi, every_route_is_documented_and_nothing_else)
{
    json_t *paths = json_object_get(openapi_doc(), "paths");
    cr_assert(json_is_object(paths));
    for (size_t i = 0; i < n_routes; i++) {
        char method[16];
        size_t k = 0;
        for (; routes[i].method[k] && k < sizeof method - 1; k++)
            method[k] = (char)tolower((unsigned char)routes[i].method[k]);
        method[k] = '\0';
        json_t *op = json_object_get(json_object_get(paths, routes[i].pattern), method);
        cr_expect(json_is_object(op), "route %s %s is not in docs/openapi.yaml", routes[i].method,
                  routes[i].pattern);
        cr_expect(json_object_size(json_object_get(op, "responses")) > 0,
                  "%s %s documents no responses", routes[i].method, routes[i].pattern);
    }
    const char *path;
    json_t *item;
    json_object_foreach(paths, path, item)
    {
        const char *key;
        json_t *op;
        json_object_foreach(item, key, op)
        {
            if (!is_method(key)) continue;
            bool routed = false;
            for (size_t i = 0; i < n_routes && !routed; i++)
                routed =
                    strcmp(routes[i].pattern, path) == 0 && strcasecmp(routes[i].method, key) == 0;
            cr_expect(routed, "docs/openapi.yaml documents %s %s, which the router does not have",
                      key, path);
        }
    }
}

/* Every "$ref" string anywhere in the document resolves. */
static void refs_resolve(json_t *doc, json_t *v, const char *where)
{
    if (json_is_object(v)) {
        const char *ref = json_string_value(json_object_get(v, "$ref"));
        if (ref) cr_expect(schema_resolve(doc, ref), "%s: $ref %s does not resolve", where, ref);
        const char *key;
        json_t *m;
        json_object_foreach(v, key, m) refs_resolve(doc, m, key);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) refs_resolve(doc, e, where);
    }
}

Test(openapi, every_ref_resolves)
{
    json_t *doc = openapi_doc();
    refs_resolve(doc, doc, "(root)");
}

Test(openapi, every_schema_uses_only_checked_keywords)
{
    json_t *schemas = json_object_get(json_object_get(openapi_doc(), "components"), "schemas");
    cr_assert(json_object_size(schemas) > 20);
    const char *name;
    json_t *schema;
    json_object_foreach(schemas, name, schema)
    {
        char why[700];
        cr_expect(schema_keywords_known(schema, why, sizeof why), "%s%s", name, why);
    }
}

Test(openapi, the_checker_catches_what_does_not_fit)
{
    /* A checker that passes everything would make every other test here worthless. */
    json_t *doc = openapi_doc();
    json_t *problem = schema_resolve(doc, "#/components/schemas/Problem");
    cr_assert(problem);
    static const char *const bad[] = {
        "{\"type\":\"/problems/x\",\"title\":\"t\",\"status\":400}", /* no detail */
        "{\"type\":\"/problems/x\",\"title\":\"t\",\"status\":\"400\",\"detail\":\"d\"}",
        "{\"type\":\"x\",\"title\":\"t\",\"status\":400,\"detail\":\"d\"}", /* pattern */
        "{\"type\":\"/problems/x\",\"title\":\"t\",\"status\":400,\"detail\":\"d\",\"extra\":1}",
        "{\"type\":\"/problems/x\",\"title\":\"t\",\"status\":200,\"detail\":\"d\"}", /* minimum */
        "{\"type\":\"/problems/x\",\"title\":\"t\",\"status\":400,\"detail\":\"d\","
        "\"errors\":[{\"field\":\"a\",\"code\":\"b\"}]}", /* nested */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        json_t *v = json_loads(bad[i], 0, NULL);
        char why[512];
        cr_expect(!schema_validate(doc, problem, v, why, sizeof why), "case %zu passed", i);
        json_decref(v);
    }
    json_t *instant = schema_resolve(doc, "#/components/schemas/Instant");
    json_t *v = json_string("2024-07-20");
    char why[512];
    cr_expect(!schema_validate(doc, instant, v, why, sizeof why), "a date is not a date-time");
    json_decref(v);
    json_t *check = schema_resolve(doc, "#/components/schemas/CheckAnswer");
    v = json_loads("{\"verdict\":\"banned\"}", 0, NULL);
    cr_expect(!schema_validate(doc, check, v, why, sizeof why));
    json_decref(v);
}

/* GET `url` and check the answer against the documented response. */
static void get_fits(const char *doc_path, const char *query_path, long status, const char *what)
{
    char url[2048];
    snprintf(url, sizeof url, "%s%s", shared_url(), query_path);
    struct http r = http_get(url);
    expect_answer_documented(&r, doc_path, "get", status, what);
    http_free(&r);
}

Test(openapi, read_answers_fit_their_schemas)
{
    static const struct {
        const char *doc_path, *url;
        long status;
    } cases[] = {
        {"/v1/check", "/v1/check?name=Kaspersky%20Anti-Virus&as_of=2024-10-01", 200},
        {"/v1/check", "/v1/check?name=Kaspersky%20Lab&as_of=2024-07-01&jurisdiction=US", 200},
        {"/v1/check", "/v1/check?name=Kaspersky%20Threat%20Intelligence", 200},
        {"/v1/check", "/v1/check?name=Acme%20Widgets&kind=organization", 200},
        {"/v1/check", "/v1/check", 400},
        {"/v1/check", "/v1/check?name=x&as_of=yesterday&nmae=1", 400},
        {"/v1/subjects", "/v1/subjects", 200},
        {"/v1/subjects", "/v1/subjects?q=kaspersky%20lab&limit=3", 200},
        {"/v1/subjects", "/v1/subjects?kind=person&limit=2", 200},
        {"/v1/subjects", "/v1/subjects?cursor=nonsense", 400},
        {"/v1/subjects/{id}", "/v1/subjects/ao-kaspersky-lab", 200},
        {"/v1/subjects/{id}", "/v1/subjects/kaspersky-endpoint-security", 200},
        {"/v1/subjects/{id}", "/v1/subjects/no-such-subject", 404},
        {"/v1/rulings", "/v1/rulings?in_effect_on=2024-10-01", 200},
        {"/v1/rulings", "/v1/rulings?status=exempt", 200},
        {"/v1/rulings", "/v1/rulings?status=banned", 400},
        {"/v1/rulings/{id}", "/v1/rulings/us-icts-fd-kaspersky-new-agreements", 200},
        {"/v1/rulings/{id}", "/v1/rulings/nope", 404},
        {"/v1/sources", "/v1/sources", 200},
        {"/v1/sources/{id}", "/v1/sources/us-bis-icts-2021-002", 200},
        {"/v1/sources/{id}", "/v1/sources/nope", 404},
        {"/healthz", "/healthz", 200},
        {"/readyz", "/readyz", 200},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        get_fits(cases[i].doc_path, cases[i].url, cases[i].status, cases[i].url);
}

Test(openapi, every_subject_and_ruling_fits)
{
    /* Walk the whole seed data through the by-id routes. */
    char next[512] = "/v1/subjects?limit=200";
    char url[1024];
    snprintf(url, sizeof url, "%s%s", shared_url(), next);
    struct http r = http_get(url);
    cr_assert_eq(r.status, 200);
    expect_documented("/v1/subjects", "get", "200", "application/json", r.json, "all subjects");
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(r.json, "items"), i, s)
    {
        char path[300];
        snprintf(path, sizeof path, "/v1/subjects/%s", json_string_value(json_object_get(s, "id")));
        get_fits("/v1/subjects/{id}", path, 200, path);
    }
    http_free(&r);
    snprintf(url, sizeof url, "%s/v1/rulings?limit=200", shared_url());
    r = http_get(url);
    cr_assert_eq(r.status, 200);
    expect_documented("/v1/rulings", "get", "200", "application/json", r.json, "all rulings");
    char ready[256];
    snprintf(ready, sizeof ready, "%s/readyz", shared_url());
    struct http rz = http_get(ready);
    cr_expect_eq((json_int_t)json_array_size(json_object_get(r.json, "items")),
                 json_integer_value(json_object_get(rz.json, "rulings")), "every ruling listed");
    http_free(&rz);
    json_array_foreach(json_object_get(r.json, "items"), i, s)
    {
        char path[300];
        snprintf(path, sizeof path, "/v1/rulings/%s", json_string_value(json_object_get(s, "id")));
        get_fits("/v1/rulings/{id}", path, 200, path);
    }
    http_free(&r);
}

static struct http post(const char *body, const char *content_type, const char *accept,
                        const char *query)
{
    char url[512], ct[128], acc[128];
    snprintf(url, sizeof url, "%s/v1/screen%s", shared_url(), query ? query : "");
    snprintf(ct, sizeof ct, "Content-Type: %s", content_type);
    snprintf(acc, sizeof acc, "Accept: %s", accept ? accept : "*/*");
    const char *h[] = {ct, acc, NULL};
    return http_do("POST", url, body, strlen(body), h);
}

Test(openapi, screen_answers_fit_their_schemas)
{
    const char *rows = "[{\"name\":\"Kaspersky Lab\",\"ref\":1,\"as_of\":\"2024-07-01\"},"
                       "{\"name\":\"Kaspersky Threat Intelligence\",\"ref\":\"b\"},"
                       "{\"name\":\"Acme\"},{\"name\":\"\",\"ref\":\"bad\"},{\"kind\":7},5]";
    struct http r = post(rows, "application/json", NULL, "?as_of=2024-10-01");
    cr_assert_eq(r.status, 200);
    expect_documented("/v1/screen", "post", "200", "application/json", r.json, "screen JSON");
    cr_expect_eq(json_array_size(json_object_get(r.json, "rows")), 6);
    http_free(&r);

    r = post(rows, "application/json", "application/x-ndjson", NULL);
    cr_assert_eq(r.status, 200);
    expect_headers_listed(&r, openapi_response(openapi_doc(), "/v1/screen", "post", "200"),
                          "screen NDJSON");
    /* NDJSON is no JSON document: the body is text, each line fits x-line-schema */
    json_t *ndjson =
        openapi_response_media(openapi_doc(), "/v1/screen", "post", "200", "application/x-ndjson");
    cr_expect_str_eq(json_string_value(json_object_get(json_object_get(ndjson, "schema"), "type")),
                     "string");
    json_t *line_schema = json_object_get(ndjson, "x-line-schema");
    cr_assert(line_schema, "the NDJSON answer documents its lines (x-line-schema)");
    size_t lines = 0;
    for (char *line = r.body; line && *line;) {
        char *nl = strchr(line, '\n');
        cr_assert(nl, "every NDJSON line ends with a newline");
        json_t *v = json_loadb(line, (size_t)(nl - line), 0, NULL);
        cr_assert(v, "line %zu is JSON", lines + 1);
        char why[1024];
        cr_expect(schema_validate(openapi_doc(), line_schema, v, why, sizeof why),
                  "NDJSON line %zu: %s", lines + 1, why);
        json_decref(v);
        lines++;
        line = nl + 1;
    }
    cr_expect_eq(lines, 7, "six rows and the summary");
    http_free(&r);

    /* CSV: text, its summary in a trailer the response lists among its headers */
    r = post("name,ref\nKaspersky Lab,1\nAcme,2\n", "text/csv", NULL, NULL);
    expect_answer_documented(&r, "/v1/screen", "post", 200, "screen CSV");
    cr_expect(http_header(&r, "X-Screen-Summary"), "the CSV summary trailer");
    http_free(&r);

    static const struct {
        const char *body, *type, *accept, *status;
    } problems[] = {
        {"", "text/csv", NULL, "400"},       {"[{]", "application/json", NULL, "400"},
        {"name", "text/plain", NULL, "415"}, {"name", "text/csv", "text/html", "406"},
        {"ref\n1", "text/csv", NULL, "422"},
    };
    for (size_t i = 0; i < sizeof problems / sizeof *problems; i++) {
        r = post(problems[i].body, problems[i].type, problems[i].accept, NULL);
        char code[8];
        snprintf(code, sizeof code, "%ld", r.status);
        cr_expect_str_eq(code, problems[i].status, "case %zu", i);
        expect_documented("/v1/screen", "post", problems[i].status, "application/problem+json",
                          r.json, problems[i].body);
        http_free(&r);
    }
}

/* The route of `method` `path` (as the document writes them), or NULL. */
static const struct route *route_of(const char *path, const char *method)
{
    for (size_t i = 0; i < n_routes; i++)
        if (strcmp(routes[i].pattern, path) == 0 && strcasecmp(routes[i].method, method) == 0)
            return &routes[i];
    return NULL;
}

/* `security` as the route's flags make it: an admin token (admin routes); none, or a
 * bearer token (public routes, which need one only with RESTRICTD_READ_TOKENS=1); nothing
 * (open routes). */
static const char *security_of(const struct route *r)
{
    if (r->flags & (ROUTE_ADMIN | ROUTE_MONITOR)) return "[{\"bearer\":[]}]";
    if (r->flags & ROUTE_OPEN) return "[]";
    return "[{},{\"bearer\":[]}]";
}

Test(openapi, every_operation_is_described_secured_and_revalidated)
{
    json_t *doc = openapi_doc();
    const char *path;
    json_t *item;
    json_object_foreach(json_object_get(doc, "paths"), path, item)
    {
        const char *method;
        json_t *op;
        json_object_foreach(item, method, op)
        {
            if (!is_method(method)) continue;
            const struct route *r = route_of(path, method);
            if (!r) continue; /* every_route_is_documented_and_nothing_else says so */
            const char *d = json_string_value(json_object_get(op, "description"));
            cr_expect(d && strlen(d) > 20, "%s %s has no description", method, path);
            cr_expect(json_string_value(json_object_get(op, "summary")), "%s %s: no summary",
                      method, path);
            char *sec = json_dumps(json_object_get(op, "security"), JSON_COMPACT | JSON_ENCODE_ANY);
            cr_expect(sec && strcmp(sec, security_of(r)) == 0, "%s %s: security %s, not %s", method,
                      path, sec ? sec : "(none)", security_of(r));
            free(sec);
            json_t *responses = json_object_get(op, "responses");
            /* every route answers 400 for a bad `pretty`, 406 for an Accept its answer does
             * not fit, a GET 304 for its own ETag */
            cr_expect(json_object_get(responses, "400"), "%s %s: no 400", method, path);
            cr_expect(json_object_get(responses, "406"), "%s %s: no 406", method, path);
            if (strcmp(method, "get") == 0)
                cr_expect(json_object_get(responses, "304"), "%s %s: no 304", method, path);
            if (!(r->flags & ROUTE_OPEN)) {
                cr_expect(json_object_get(responses, "401"), "%s %s: no 401", method, path);
                cr_expect(json_object_get(responses, "429"), "%s %s: no 429", method, path);
            }
            if (r->flags & (ROUTE_ADMIN | ROUTE_MONITOR))
                cr_expect(json_object_get(responses, "403"), "%s %s: no 403", method, path);
        }
    }
}

/* Each GET answered 200, then again with its ETag in If-None-Match: 304, no body, the
 * same ETag, every header listed in the documented 304. */
Test(openapi, not_modified_answers_fit)
{
    static const struct {
        const char *doc_path, *url;
    } cases[] = {
        {"/v1/check", "/v1/check?name=Kaspersky%20Lab&as_of=2024-10-01"},
        {"/v1/subjects", "/v1/subjects?limit=2"},
        {"/v1/subjects/{id}", "/v1/subjects/kaspersky-free"},
        {"/v1/rulings/{id}", "/v1/rulings/us-icts-fd-kaspersky-new-agreements"},
        {"/v1/sources", "/v1/sources?limit=1"},
        {"/v1/parties", "/v1/parties"},
        {"/v1/coverage", "/v1/coverage"},
        {"/v1/changes", "/v1/changes?limit=2"},
        {"/v1/rulings/{id}/history", "/v1/rulings/us-icts-fd-kaspersky-new-agreements/history"},
        {"/healthz", "/healthz"},
        {"/metrics", "/metrics"},
        {"/problems/{type}", "/problems/not-found"},
        {"/openapi.json", "/openapi.json"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char url[512], inm[128];
        snprintf(url, sizeof url, "%s%s", shared_url(), cases[i].url);
        struct http a = http_get(url);
        const char *etag = http_header(&a, "ETag");
        cr_assert(etag, "%s: no ETag", cases[i].url);
        snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
        expect_answer_documented(&a, cases[i].doc_path, "get", 200, cases[i].url);
        const char *h[] = {inm, NULL};
        struct http b = http_do("GET", url, NULL, 0, h);
        /* the metrics count the first request: their second answer differs */
        long want = strcmp(cases[i].doc_path, "/metrics") == 0 ? 200 : 304;
        expect_answer_documented(&b, cases[i].doc_path, "get", want, cases[i].url);
        if (want == 304) cr_expect_eq(b.len, 0);
        http_free(&a);
        http_free(&b);
    }
}

Test(openapi, other_methods_fit_the_default_response)
{
    char url[256];
    snprintf(url, sizeof url, "%s/v1/subjects", shared_url());
    struct http r = http_do("DELETE", url, NULL, 0, NULL);
    cr_assert_eq(r.status, 405);
    cr_expect_str_eq(http_header(&r, "Allow"), "GET, HEAD");
    expect_answer_fits(&r, "/v1/subjects", "get", "default", "DELETE /v1/subjects");
    http_free(&r);
}

/* Every example in the document fits the schema beside it: those of media types
 * (responses and request bodies; `example` and each of `examples`) and of headers. */
static void examples_fit(json_t *doc, json_t *holder, const char *where)
{
    json_t *schema = json_object_get(holder, "schema");
    if (!schema) return;
    char why[1024];
    json_t *one = json_object_get(holder, "example");
    if (one) cr_expect(schema_validate(doc, schema, one, why, sizeof why), "%s: %s", where, why);
    const char *name;
    json_t *ex;
    json_object_foreach(json_object_get(holder, "examples"), name, ex)
    {
        const char *ref = json_string_value(json_object_get(ex, "$ref"));
        if (ref) ex = schema_resolve(doc, ref);
        cr_assert(ex, "%s: example %s does not resolve", where, name);
        cr_expect(schema_validate(doc, schema, json_object_get(ex, "value"), why, sizeof why),
                  "%s, example %s: %s", where, name, why);
    }
}

static void contents_fit(json_t *doc, json_t *content, const char *where)
{
    const char *media;
    json_t *m;
    json_object_foreach(content, media, m)
    {
        char at[300];
        snprintf(at, sizeof at, "%s %s", where, media);
        examples_fit(doc, m, at);
    }
}

Test(openapi, every_example_fits_its_schema)
{
    json_t *doc = openapi_doc();
    size_t seen = 0;
    const char *path;
    json_t *item;
    json_object_foreach(json_object_get(doc, "paths"), path, item)
    {
        const char *method;
        json_t *op;
        json_object_foreach(item, method, op)
        {
            if (!is_method(method)) continue;
            char where[300];
            snprintf(where, sizeof where, "%s %s request", method, path);
            contents_fit(doc, json_object_get(json_object_get(op, "requestBody"), "content"),
                         where);
            const char *code;
            json_t *resp;
            json_object_foreach(json_object_get(op, "responses"), code, resp)
            {
                const char *ref = json_string_value(json_object_get(resp, "$ref"));
                if (ref) resp = schema_resolve(doc, ref);
                snprintf(where, sizeof where, "%s %s %s", method, path, code);
                contents_fit(doc, json_object_get(resp, "content"), where);
            }
        }
    }
    const char *name;
    json_t *h;
    json_object_foreach(json_object_get(json_object_get(doc, "components"), "headers"), name, h)
    {
        examples_fit(doc, h, name);
        seen += json_object_get(h, "example") != NULL;
    }
    json_t *ex;
    json_object_foreach(json_object_get(json_object_get(doc, "components"), "examples"), name, ex)
        seen++;
    cr_expect_gt(seen, 10, "the document holds examples");
}
