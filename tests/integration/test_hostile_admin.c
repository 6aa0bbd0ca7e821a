/* Hostile requests to the admin routes, with and without tokens: deeply nested and huge
 * JSON, wrong content types, invalid UTF-8, NUL bytes, bodies over the limit (each from
 * no token, a wrong token, a reader's and an admin's); SQL injection strings in every field
 * of every admin record body, in record ids and in query parameters. Refused requests
 * change nothing; accepted ones store the string verbatim; never a 5xx or a hang. */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_util.h"
#include "body_cases.h"

#define MiB (1024 * 1024)

static char *keep[32];
static size_t n_keep;

static char *kept(char *s)
{
    cr_assert(n_keep < sizeof keep / sizeof *keep);
    return keep[n_keep++] = s;
}

static char *deep(const char *open, const char *close, size_t depth)
{
    size_t o = strlen(open), c = strlen(close);
    char *s = malloc(depth * (o + c) + 1), *p = s;
    for (size_t i = 0; i < depth; i++, p += o)
        memcpy(p, open, o);
    for (size_t i = 0; i < depth; i++, p += c)
        memcpy(p, close, c);
    *p = '\0';
    return kept(s);
}

static char *strings_array(size_t n, size_t each)
{
    char *s = malloc(n * (each + 3) + 3), *p = s;
    *p++ = '[';
    for (size_t i = 0; i < n; i++) {
        p += sprintf(p, "%s\"", i ? "," : "");
        memset(p, 'q', each);
        p += each;
        *p++ = '"';
    }
    sprintf(p, "]");
    return kept(s);
}

static char *object_with_keys(size_t n)
{
    char *s = malloc(n * 24 + 8), *p = s;
    *p++ = '{';
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "%s\"key%zu\":\"v\"", i ? "," : "", i);
    sprintf(p, "}");
    return kept(s);
}

struct shape {
    const char *label, *type;
    const char *body;
    size_t len;
    int status; /* with an admin token */
};

#define SHAPE(l, t, b, st)                                                                         \
    {                                                                                              \
        l, t, b, sizeof b - 1, st                                                                  \
    }

static void body_shapes(struct body_cases *cs)
{
    const char *json = "application/json";
    char *nested_arrays = deep("[", "]", 10000), *nested_objects = deep("{\"a\":", "}", 10000);
    char *huge = strings_array(9 * 1024, 1021), *keys = object_with_keys(200000);
    char *over = kept(bc_repeat("{", 11 * MiB));
    const struct shape shapes[] = {
        {"10,000 nested arrays", json, nested_arrays, strlen(nested_arrays), 400},
        {"10,000 nested objects", json, nested_objects, strlen(nested_objects), 400},
        {"a 9 MiB array of strings", json, huge, strlen(huge), 422},
        {"an object with 200,000 keys", json, keys, strlen(keys), 422},
        {"11 MiB over the limit", json, over, strlen(over), 413},
        SHAPE("raw NUL", json, "{\"id\":\"a\0b\"}", 400),
        SHAPE("escaped NUL", json, "{\"id\":\"a\\u0000b\"}", 400),
        SHAPE("invalid UTF-8", json, "{\"id\":\"\xff\xfe\"}", 400),
        SHAPE("overlong UTF-8", json, "{\"id\":\"\xc0\xaf\"}", 400),
        SHAPE("lone surrogate", json, "{\"id\":\"\\udc00\"}", 400),
        SHAPE("UTF-16", json, "\xff\xfe{\0}\0", 400),
        SHAPE("duplicate keys", json, "{\"id\":\"a\",\"id\":\"b\"}", 400),
        SHAPE("empty body", json, "", 400),
        SHAPE("JSON null", json, "null", 400),
        SHAPE("a JSON string", json, "\"x\"", 400),
        SHAPE("text after the object", json, "{} {}", 400),
        SHAPE("an empty object", json, "{}", 422),
        SHAPE("an array of objects", json, "[{}]", 422),
        SHAPE("text/plain", "text/plain", "{}", 415),
        SHAPE("form encoding", "application/x-www-form-urlencoded", "id=x", 415),
        SHAPE("multipart", "multipart/form-data; boundary=b", "--b\r\n\r\n{}\r\n--b--", 415),
        SHAPE("application/jsonx", "application/jsonx", "{}", 415),
        SHAPE("text/json", "text/json", "{}", 415),
        SHAPE("+json suffix", "application/merge-patch+json", "{}", 422),
        SHAPE("charset utf-16 declared, UTF-8 sent", "application/json; charset=utf-16", "{}", 422),
        SHAPE("no Content-Type (taken as JSON)", NULL, "{}", 422),
    };
    static const char *const paths[][2] = {{"POST", "/v1/admin/rulings"},
                                           {"POST", "/v1/admin/import"},
                                           {"PUT", "/v1/admin/subjects/ultraav"}};
    for (size_t p = 0; p < sizeof paths / sizeof *paths; p++) {
        for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
            char l[200];
            snprintf(l, sizeof l, "%s %s: %s", paths[p][0], paths[p][1], shapes[i].label);
            int st = shapes[i].status;
            /* An import is a data set: an empty object is an empty set (no records). */
            if (p == 1 && strcmp(shapes[i].body, "{}") == 0 && st == 422) st = 200;
            size_t first = cs->n;
            bc_add_all_callers(cs, l, paths[p][0], paths[p][1], shapes[i].type, shapes[i].body,
                               shapes[i].len, st);
            for (size_t k = first; k < cs->n; k++)
                cs->items[k].if_match = p == 2 ? "1" : NULL;
        }
    }
}

/* A valid body of each entity; '#' is replaced by a number unique to the request. */
static const struct {
    const char *collection, *base;
} entities[] = {
    {"rulings", "{\"id\":\"sqli-r-#\",\"subject\":\"ultraav\",\"source\":\"us-bis-icts-2021-002\","
                "\"status\":\"advisory\",\"measure\":{\"code\":\"m\",\"text\":\"M\"},\"binds\":"
                "\"us-persons\",\"effective_from\":\"2024-06-24T04:00:00Z\",\"quote\":\"q\"}"},
    {"subjects", "{\"id\":\"sqli-s-#\",\"kind\":\"organization\",\"name\":\"Base #\"}"},
    {"sources", "{\"id\":\"sqli-o-#\",\"authority\":\"A\",\"jurisdiction\":\"US\",\"kind\":"
                "\"statute\",\"title\":\"T\",\"citation\":\"C\"}"},
    {"aliases", "{\"subject\":\"ultraav\",\"alias\":\"Base alias #\",\"kind\":\"brand\"}"},
};

/* Every field of every body; `verify` (with '#' and $1 for the string) when the field
 * takes free text, so the record is created and must hold the string exactly; else the
 * string is refused (422). */
static const struct {
    size_t entity;
    const char *field, *verify;
} targets[] = {
    {0, "id", NULL},
    {0, "subject", NULL},
    {0, "source", NULL},
    {0, "status", NULL},
    {0, "measure.code", NULL},
    {0, "measure.text", "SELECT count(*) FROM rulings WHERE id = 'sqli-r-#' AND measure = $1"},
    {0, "binds", NULL},
    {0, "effective_from", NULL},
    {0, "effective_until", NULL},
    {0, "extends_to_affiliates", NULL},
    {0, "quote", "SELECT count(*) FROM rulings WHERE id = 'sqli-r-#' AND quote = $1"},
    {0, "quote_verbatim", NULL},
    {0, "note", "SELECT count(*) FROM rulings WHERE id = 'sqli-r-#' AND note = $1"},
    {1, "id", NULL},
    {1, "kind", NULL},
    {1, "name", "SELECT count(*) FROM subjects WHERE id = 'sqli-s-#' AND name = $1"},
    {1, "country", NULL},
    {1, "parent", NULL},
    {1, "relation", NULL},
    {1, "note", "SELECT count(*) FROM subjects WHERE id = 'sqli-s-#' AND note = $1"},
    {2, "id", NULL},
    {2, "authority", "SELECT count(*) FROM sources WHERE id = 'sqli-o-#' AND authority = $1"},
    {2, "jurisdiction", NULL},
    {2, "kind", NULL},
    {2, "title", "SELECT count(*) FROM sources WHERE id = 'sqli-o-#' AND title = $1"},
    {2, "citation", "SELECT count(*) FROM sources WHERE id = 'sqli-o-#' AND citation = $1"},
    {2, "document", "SELECT count(*) FROM sources WHERE id = 'sqli-o-#' AND document = $1"},
    {2, "signed_on", NULL},
    {2, "published_on", NULL},
    {2, "url", NULL},
    {2, "summary", "SELECT count(*) FROM sources WHERE id = 'sqli-o-#' AND summary = $1"},
    {3, "subject", NULL},
    {3, "alias", "SELECT count(*) FROM aliases WHERE subject_id = 'ultraav' AND alias = $1"},
    {3, "kind", NULL},
    {3, "lang", NULL},
};

/* `tmpl` with every '#' replaced by `n`. */
static void numbered(char *out, size_t size, const char *tmpl, int n)
{
    char num[16];
    snprintf(num, sizeof num, "%d", n);
    size_t o = 0;
    for (const char *t = tmpl; *t && o + sizeof num < size; t++) {
        if (*t != '#') {
            out[o++] = *t;
            continue;
        }
        memcpy(out + o, num, strlen(num));
        o += strlen(num);
    }
    out[o] = '\0';
}

static char **bodies;
static size_t n_bodies, cap_bodies;

static char *kept_body(char *b)
{
    if (n_bodies == cap_bodies) {
        cap_bodies = cap_bodies ? 2 * cap_bodies : 512;
        bodies = realloc(bodies, cap_bodies * sizeof *bodies);
        cr_assert(bodies);
    }
    return bodies[n_bodies++] = b;
}

static char *field_body(size_t entity, int n, const char *field, const char *value)
{
    char text[1024];
    numbered(text, sizeof text, entities[entity].base, n);
    json_t *o = json_loads(text, 0, NULL);
    cr_assert(o, "%s", text);
    if (strncmp(field, "measure.", 8) == 0)
        json_object_set_new(json_object_get(o, "measure"), field + 8, json_string(value));
    else
        json_object_set_new(o, field, json_string(value));
    char *body = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return kept_body(body);
}

static void field_injections(struct body_cases *cs)
{
    int n = 0;
    for (size_t t = 0; t < sizeof targets / sizeof *targets; t++) {
        size_t e = targets[t].entity;
        for (size_t i = 0; i < N_SQL_INJECTIONS; i++) {
            n++;
            char *body = field_body(e, n, targets[t].field, SQL_INJECTIONS[i]);
            char path[64], label[200];
            snprintf(path, sizeof path, "/v1/admin/%s", entities[e].collection);
            snprintf(label, sizeof label, "%s.%s = [%s]", entities[e].collection, targets[t].field,
                     SQL_INJECTIONS[i]);
            struct body_case *c = bc_add(cs, label, "POST", path, ADMIN, "application/json", body,
                                         strlen(body), targets[t].verify ? 201 : 422);
            if (targets[t].verify) {
                c->writes = 1;
                numbered(c->verify, sizeof c->verify, targets[t].verify, n);
                c->verify_param = SQL_INJECTIONS[i];
            }
        }
    }
}

/* Injection strings where ids and query parameters go. */
static void path_and_query_injections(struct body_cases *cs)
{
    CURL *curl = curl_easy_init();
    static char paths[200][300];
    size_t k = 0;
    for (size_t i = 0; i < N_SQL_INJECTIONS; i++) {
        char *x = curl_easy_escape(curl, SQL_INJECTIONS[i], 0);
        static const struct {
            const char *method, *before, *after, *if_match;
            int status;
        } uses[] = {
            {"GET", "/v1/admin/rulings/", "", NULL, 404},
            {"PUT", "/v1/admin/rulings/", "", "1", 404},
            {"DELETE", "/v1/admin/rulings/", "", "1", 404},
            {"GET", "/v1/admin/aliases/", "", NULL, 404},
            {"DELETE", "/v1/admin/subjects/", "", "1", 404},
            {"GET", "/v1/admin/sources/", "", NULL, 404},
            {"POST", "/v1/admin/import?dry_run=", "", NULL, 400},
            {"POST", "/v1/admin/import?", "=1", NULL, 400},
            {"GET", "/v1/admin/audit?actor=", "", NULL, 200},
            {"GET", "/v1/admin/audit?entity=", "", NULL, 400},
            {"GET", "/v1/admin/audit?since=", "", NULL, 400},
            {"GET", "/v1/admin/audit?id=", "", NULL, 200},
            {"GET", "/v1/changes?since=", "", NULL, 400},
            {"GET", "/v1/rulings/", "/history", NULL, 404},
        };
        for (size_t u = 0; u < sizeof uses / sizeof *uses && k < 200; u++, k++) {
            snprintf(paths[k], sizeof paths[k], "%s%s%s", uses[u].before, x, uses[u].after);
            char label[320];
            snprintf(label, sizeof label, "%s %s", uses[u].method, paths[k]);
            const char *body = strcmp(uses[u].method, "GET") == 0 ? NULL : "{}";
            struct body_case *c = bc_add(cs, label, uses[u].method, paths[k], ADMIN,
                                         "application/json", body, body ? 2 : 0, uses[u].status);
            c->if_match = uses[u].if_match;
        }
        curl_free(x);
    }
    curl_easy_cleanup(curl);
}

Test(hostile_admin, admin_routes_with_and_without_tokens, .timeout = 300)
{
    char *db = admin_db("hostile_admin");
    long long tokens = sql_count(db, "SELECT count(*) FROM api_tokens");
    struct server s;
    const char *env[] = {"RESTRICTD_ADMIN_RATE_LIMIT=0", "RESTRICTD_AUTH_FAILURE_LIMIT=0", NULL};
    cr_assert(server_start(&s, db, env, true));
    struct body_cases cs = {0};
    body_shapes(&cs);
    field_injections(&cs);
    path_and_query_injections(&cs);
    size_t passed = bc_run(&cs, &s, db);
    fprintf(stderr, "hostile bodies (admin): %zu sent, %zu answered as expected\n", cs.n, passed);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM api_tokens"), tokens);
    cr_expect_gt(sql_count(db, "SELECT count(*) FROM rulings WHERE id LIKE 'us-%'"), 10,
                 "the seed data is all there");
    cr_expect_eq(server_stop(&s), 0);
    bc_free(&cs);
    for (size_t i = 0; i < n_keep; i++)
        free(keep[i]);
    for (size_t i = 0; i < n_bodies; i++)
        free(bodies[i]);
    free(bodies);
    n_keep = n_bodies = cap_bodies = 0;
    bodies = NULL;
    free(db);
}
