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

static char *object_with_keys(struct body_cases *cs, size_t n)
{
    char *s = malloc(n * 24 + 8), *p = s;
    *p++ = '{';
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "%s\"key%zu\":\"v\"", i ? "," : "", i);
    sprintf(p, "}");
    return bc_keep(cs, s);
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
    char *nested_arrays = bc_nested(cs, "[", "]", 10000, true);
    char *nested_objects = bc_nested(cs, "{\"a\":", "}", 10000, true);
    char *huge = bc_strings_array(cs, 9 * 1024, 1021), *keys = object_with_keys(cs, 200000);
    char *over = bc_keep(cs, bc_repeat("{", 11 * MiB));
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
            /* An import's body may reach RESTRICTD_MAX_IMPORT_BODY (256 MiB), and its token is
             * checked before the body is read: 11 MiB of '{' is an invalid body, or a 401/403. */
            if (p == 1 && st == 413) st = 400;
            size_t first = cs->n;
            bc_add_all_callers(cs, l, paths[p][0], paths[p][1], shapes[i].type, shapes[i].body,
                               shapes[i].len, st);
            for (size_t k = first; k < cs->n; k++)
                cs->items[k].if_match = p == 2 ? "1" : NULL;
        }
    }
}

/* Each entity: its collection (also its table), a valid body ('#' is replaced by a number
 * unique to the request), the condition that finds the record it creates, the fields that take free
 * text (stored verbatim: "field" or "field=column") and the fields that refuse the strings (422).
 */
struct entity {
    const char *collection, *base, *where;
    const char *free_text, *refused;
};

static const struct entity entities[] = {
    {"rulings",
     "{\"id\":\"sqli-r-#\",\"subject\":\"ultraav\",\"source\":\"us-bis-icts-2021-002\","
     "\"status\":\"advisory\",\"measure\":{\"code\":\"m\",\"text\":\"M\"},\"binds\":"
     "\"us-persons\",\"effective_from\":\"2024-06-24T04:00:00Z\",\"quote\":\"q\"}",
     "id = 'sqli-r-#'", "measure.text=measure quote note",
     "id subject source status measure.code binds effective_from effective_until "
     "extends_to_affiliates quote_verbatim"},
    {"subjects", "{\"id\":\"sqli-s-#\",\"kind\":\"organization\",\"name\":\"Base #\"}",
     "id = 'sqli-s-#'", "name note", "id kind country parent relation"},
    {"sources",
     "{\"id\":\"sqli-o-#\",\"authority\":\"A\",\"jurisdiction\":\"US\",\"kind\":"
     "\"statute\",\"title\":\"T\",\"citation\":\"C\"}",
     "id = 'sqli-o-#'", "authority title citation document summary",
     "id jurisdiction kind signed_on published_on url"},
    {"aliases", "{\"subject\":\"ultraav\",\"alias\":\"Base alias #\",\"kind\":\"brand\"}",
     "subject_id = 'ultraav'", "alias", "subject kind lang"},
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

static char *field_body(struct body_cases *cs, const struct entity *e, int n, const char *field,
                        const char *value)
{
    char text[1024];
    numbered(text, sizeof text, e->base, n);
    json_t *o = json_loads(text, 0, NULL);
    cr_assert(o, "%s", text);
    if (strncmp(field, "measure.", 8) == 0)
        json_object_set_new(json_object_get(o, "measure"), field + 8, json_string(value));
    else
        json_object_set_new(o, field, json_string(value));
    char *body = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return bc_keep(cs, body);
}

/* Every injection string in the field `field` ("field" or "field=column") of entity `e`:
 * created and stored verbatim when `stored`, else refused. `n` numbers the requests. */
static void inject_field(struct body_cases *cs, const struct entity *e, const char *field,
                         bool stored, int *n)
{
    char name[64], column[64], path[64];
    size_t k = strcspn(field, "=");
    snprintf(name, sizeof name, "%.*s", (int)k, field);
    snprintf(column, sizeof column, "%s", field[k] ? field + k + 1 : name);
    snprintf(path, sizeof path, "/v1/admin/%s", e->collection);
    for (size_t i = 0; i < N_SQL_INJECTIONS; i++) {
        ++*n;
        char *body = field_body(cs, e, *n, name, SQL_INJECTIONS[i]);
        char label[200], verify[300];
        snprintf(label, sizeof label, "%s.%s = [%s]", e->collection, name, SQL_INJECTIONS[i]);
        struct body_case *c = bc_add(cs, label, "POST", path, ADMIN, "application/json", body,
                                     strlen(body), stored ? 201 : 422);
        if (!stored) continue;
        c->writes = 1;
        snprintf(verify, sizeof verify, "SELECT count(*) FROM %s WHERE %s AND %s = $1",
                 e->collection, e->where, column);
        numbered(c->verify, sizeof c->verify, verify, *n);
        c->verify_param = SQL_INJECTIONS[i];
    }
}

/* Every field of every body, each list in its order. */
static void field_injections(struct body_cases *cs)
{
    int n = 0;
    for (size_t e = 0; e < sizeof entities / sizeof *entities; e++) {
        const char *lists[] = {entities[e].refused, entities[e].free_text};
        for (int stored = 0; stored < 2; stored++)
            for (const char *f = lists[stored]; *f;) {
                char field[64];
                size_t len = strcspn(f, " ");
                snprintf(field, sizeof field, "%.*s", (int)len, f);
                inject_field(cs, &entities[e], field, stored, &n);
                f += len + (f[len] == ' ');
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
    struct testbed tb;
    char *db = admin_db("hostile_admin");
    long long tokens = sql_count(db, "SELECT count(*) FROM api_tokens");
    const char *env[] = {"RESTRICTD_ADMIN_RATE_LIMIT=0", "RESTRICTD_AUTH_FAILURE_LIMIT=0", NULL};
    testbed_start(&tb, db, env);
    struct body_cases cs = {0};
    body_shapes(&cs);
    field_injections(&cs);
    path_and_query_injections(&cs);
    size_t passed = bc_run(&cs, &tb.s, db);
    fprintf(stderr, "hostile bodies (admin): %zu sent, %zu answered as expected\n", cs.n, passed);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM api_tokens"), tokens);
    cr_expect_gt(sql_count(db, "SELECT count(*) FROM rulings WHERE id LIKE 'us-%'"), 10,
                 "the seed data is all there");
    testbed_stop(&tb);
    bc_free(&cs);
}
