#include "schema_check.h"

#include <criterion/criterion.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "harness.h"

json_t *openapi_doc(void)
{
    static __thread json_t *doc;
    if (doc) return doc;
    char url[256];
    snprintf(url, sizeof url, "%s/openapi.json", shared_url());
    struct http r = http_get(url);
    cr_assert_eq(r.status, 200, "GET /openapi.json: %ld", r.status);
    cr_assert(r.json, "/openapi.json is not JSON");
    doc = json_incref(r.json);
    http_free(&r);
    return doc;
}

json_t *schema_resolve(json_t *doc, const char *ref)
{
    if (strncmp(ref, "#/", 2) != 0) return NULL;
    json_t *at = doc;
    char part[128];
    for (const char *p = ref + 2; at && *p;) {
        size_t n = strcspn(p, "/");
        if (n >= sizeof part) return NULL;
        memcpy(part, p, n);
        part[n] = '\0';
        at = json_object_get(at, part);
        p += n;
        if (*p == '/') p++;
    }
    return at;
}

json_t *openapi_response(json_t *doc, const char *path, const char *method, const char *status)
{
    json_t *op = json_object_get(json_object_get(json_object_get(doc, "paths"), path), method);
    json_t *resp = json_object_get(json_object_get(op, "responses"), status);
    const char *ref = json_string_value(json_object_get(resp, "$ref"));
    return ref ? schema_resolve(doc, ref) : resp;
}

json_t *openapi_response_media(json_t *doc, const char *path, const char *method,
                               const char *status, const char *media)
{
    return json_object_get(json_object_get(openapi_response(doc, path, method, status), "content"),
                           media);
}

json_t *openapi_response_schema(json_t *doc, const char *path, const char *method,
                                const char *status, const char *media)
{
    return json_object_get(openapi_response_media(doc, path, method, status, media), "schema");
}

/* ---- the checker ---- */

struct check {
    json_t *doc;
    char *why;
    size_t size;
    int depth;
};

__attribute__((format(printf, 3, 4))) static bool fail(struct check *c, const char *at,
                                                       const char *fmt, ...)
{
    char reason[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    snprintf(c->why, c->size, "%s: %s", at[0] ? at : "(root)", reason);
    return false;
}

static bool validate(struct check *c, json_t *schema, json_t *v, const char *at);

static bool type_is(const char *type, json_t *v)
{
    if (strcmp(type, "null") == 0) return json_is_null(v);
    if (strcmp(type, "boolean") == 0) return json_is_boolean(v);
    if (strcmp(type, "integer") == 0) return json_is_integer(v);
    if (strcmp(type, "number") == 0) return json_is_number(v);
    if (strcmp(type, "string") == 0) return json_is_string(v);
    if (strcmp(type, "array") == 0) return json_is_array(v);
    if (strcmp(type, "object") == 0) return json_is_object(v);
    return false;
}

static bool matches(const char *pattern, const char *s)
{
    regex_t re;
    if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0) return false;
    bool ok = regexec(&re, s, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

static size_t code_points(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static bool check_type(struct check *c, json_t *type, json_t *v, const char *at)
{
    if (json_is_string(type)) {
        if (type_is(json_string_value(type), v)) return true;
        return fail(c, at, "is not of type %s", json_string_value(type));
    }
    size_t i;
    json_t *t;
    json_array_foreach(type, i, t) if (type_is(json_string_value(t), v)) return true;
    char *list = json_dumps(type, JSON_COMPACT);
    bool r = fail(c, at, "is not one of the types %s", list);
    free(list);
    return r;
}

static bool check_object(struct check *c, json_t *schema, json_t *v, const char *at)
{
    if (!json_is_object(v)) return true;
    json_t *props = json_object_get(schema, "properties");
    json_t *extra = json_object_get(schema, "additionalProperties");
    size_t i;
    json_t *name;
    json_array_foreach(json_object_get(schema, "required"), i, name)
    {
        if (!json_object_get(v, json_string_value(name)))
            return fail(c, at, "lacks the required member \"%s\"", json_string_value(name));
    }
    const char *key;
    json_t *member;
    json_object_foreach(v, key, member)
    {
        char sub[512];
        snprintf(sub, sizeof sub, "%s.%s", at, key);
        json_t *ps = json_object_get(props, key);
        if (ps) {
            if (!validate(c, ps, member, sub)) return false;
        } else if (json_is_false(extra)) {
            return fail(c, at, "has \"%s\", which the schema does not allow", key);
        } else if (json_is_object(extra) && !validate(c, extra, member, sub)) {
            return false;
        }
    }
    return true;
}

static bool check_array(struct check *c, json_t *schema, json_t *v, const char *at)
{
    json_t *items = json_object_get(schema, "items");
    json_t *max = json_object_get(schema, "maxItems");
    if (json_is_array(v) && json_is_integer(max) &&
        json_array_size(v) > (size_t)json_integer_value(max))
        return fail(c, at, "has %zu items, more than maxItems %lld", json_array_size(v),
                    (long long)json_integer_value(max));
    if (!json_is_array(v) || !items) return true;
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        char sub[512];
        snprintf(sub, sizeof sub, "%s[%zu]", at, i);
        if (!validate(c, items, e, sub)) return false;
    }
    return true;
}

static bool check_string(struct check *c, json_t *schema, json_t *v, const char *at)
{
    if (!json_is_string(v)) return true;
    const char *s = json_string_value(v);
    json_t *min = json_object_get(schema, "minLength"), *max = json_object_get(schema, "maxLength");
    if (min && code_points(s) < (size_t)json_integer_value(min))
        return fail(c, at, "is shorter than minLength%s", "");
    if (max && code_points(s) > (size_t)json_integer_value(max))
        return fail(c, at, "is longer than maxLength%s", "");
    const char *pattern = json_string_value(json_object_get(schema, "pattern"));
    if (pattern && !matches(pattern, s))
        return fail(c, at, "does not match the pattern %s", pattern);
    const char *format = json_string_value(json_object_get(schema, "format"));
    if (format && strcmp(format, "date-time") == 0 &&
        !matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}"
                 ":[0-9]{2})$",
                 s))
        return fail(c, at, "is not an RFC 3339 date-time: %s", s);
    if (format && strcmp(format, "date") == 0 && !matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", s))
        return fail(c, at, "is not a date: %s", s);
    if (format && strcmp(format, "date-time") != 0 && strcmp(format, "date") != 0)
        return fail(c, at, "the checker does not know format %s", format);
    return true;
}

static bool check_number(struct check *c, json_t *schema, json_t *v, const char *at)
{
    if (!json_is_number(v)) return true;
    double d = json_number_value(v);
    json_t *min = json_object_get(schema, "minimum"), *max = json_object_get(schema, "maximum");
    if (min && d < json_number_value(min)) return fail(c, at, "is below the minimum%s", "");
    if (max && d > json_number_value(max)) return fail(c, at, "is above the maximum%s", "");
    return true;
}

/* oneOf (exactly one), anyOf (at least one), allOf (every one). */
static bool check_combinations(struct check *c, json_t *schema, json_t *v, const char *at)
{
    static const char *const kinds[] = {"oneOf", "anyOf", "allOf"};
    for (int k = 0; k < 3; k++) {
        json_t *list = json_object_get(schema, kinds[k]);
        if (!list) continue;
        size_t i, passed = 0;
        json_t *s;
        char reasons[600] = "";
        json_array_foreach(list, i, s)
        {
            if (validate(c, s, v, at)) {
                passed++;
            } else {
                size_t used = strlen(reasons);
                snprintf(reasons + used, sizeof reasons - used, "%s[%zu] %s", used ? "; " : "", i,
                         c->why);
            }
        }
        size_t n = json_array_size(list);
        bool ok = k == 0 ? passed == 1 : k == 1 ? passed >= 1 : passed == n;
        if (!ok) {
            char reason[700];
            snprintf(reason, sizeof reason, "%s: %zu of %zu fit (%s)", kinds[k], passed, n,
                     passed ? "too many" : reasons);
            return fail(c, at, "%s", reason);
        }
    }
    return true;
}

static bool known_keyword(const char *k)
{
    static const char *const known[] = {"$ref",
                                        "type",
                                        "enum",
                                        "const",
                                        "properties",
                                        "required",
                                        "additionalProperties",
                                        "items",
                                        "oneOf",
                                        "anyOf",
                                        "allOf",
                                        "minimum",
                                        "maximum",
                                        "minLength",
                                        "maxLength",
                                        "maxItems",
                                        "pattern",
                                        "format",
                                        "description",
                                        "title",
                                        "examples",
                                        "example",
                                        "default",
                                        "summary",
                                        "deprecated",
                                        NULL};
    for (const char *const *p = known; *p; p++)
        if (strcmp(*p, k) == 0) return true;
    return false;
}

static bool validate(struct check *c, json_t *schema, json_t *v, const char *at)
{
    if (!json_is_object(schema)) return fail(c, at, "the schema is not an object%s", "");
    if (++c->depth > 64) return fail(c, at, "schema nesting too deep%s", "");
    bool ok = true;
    const char *key;
    json_t *kw;
    json_object_foreach(schema, key, kw) if (!known_keyword(key))
    {
        ok = fail(c, at, "the checker does not know the keyword %s", key);
        goto out;
    }
    const char *ref = json_string_value(json_object_get(schema, "$ref"));
    if (ref) {
        json_t *target = schema_resolve(c->doc, ref);
        if (!target) {
            ok = fail(c, at, "unresolved $ref %s", ref);
            goto out;
        }
        if (!validate(c, target, v, at)) {
            ok = false;
            goto out;
        }
    }
    json_t *type = json_object_get(schema, "type");
    if (type && !check_type(c, type, v, at)) {
        ok = false;
        goto out;
    }
    json_t *cst = json_object_get(schema, "const");
    if (cst && !json_equal(cst, v)) {
        ok = fail(c, at, "is not the constant the schema names%s", "");
        goto out;
    }
    json_t *en = json_object_get(schema, "enum");
    if (en) {
        size_t i;
        json_t *e;
        bool in = false;
        json_array_foreach(en, i, e) in = in || json_equal(e, v);
        if (!in) {
            char *text = json_dumps(v, JSON_ENCODE_ANY);
            ok = fail(c, at, "%s is not in the enum", text);
            free(text);
            goto out;
        }
    }
    ok = check_object(c, schema, v, at) && check_array(c, schema, v, at) &&
         check_string(c, schema, v, at) && check_number(c, schema, v, at) &&
         check_combinations(c, schema, v, at);
out:
    c->depth--;
    return ok;
}

static bool walk_keywords(json_t *schema, const char *at, char *why, size_t size)
{
    if (!json_is_object(schema)) {
        snprintf(why, size, "%s: a schema must be an object", at);
        return false;
    }
    const char *key;
    json_t *v;
    json_object_foreach(schema, key, v)
    {
        char sub[512];
        snprintf(sub, sizeof sub, "%s/%s", at, key);
        if (!known_keyword(key)) {
            snprintf(why, size, "%s: unknown keyword", sub);
            return false;
        }
        if (strcmp(key, "properties") == 0) {
            const char *name;
            json_t *p;
            json_object_foreach(v, name, p)
            {
                char prop[600];
                snprintf(prop, sizeof prop, "%s/%s", sub, name);
                if (!walk_keywords(p, prop, why, size)) return false;
            }
        } else if (strcmp(key, "items") == 0 ||
                   (strcmp(key, "additionalProperties") == 0 && json_is_object(v))) {
            if (!walk_keywords(v, sub, why, size)) return false;
        } else if (strcmp(key, "oneOf") == 0 || strcmp(key, "anyOf") == 0 ||
                   strcmp(key, "allOf") == 0) {
            size_t i;
            json_t *e;
            json_array_foreach(v, i, e) if (!walk_keywords(e, sub, why, size)) return false;
        }
    }
    return true;
}

bool schema_keywords_known(json_t *schema, char *why, size_t size)
{
    why[0] = '\0';
    return walk_keywords(schema, "", why, size);
}

bool schema_validate(json_t *doc, json_t *schema, json_t *value, char *why, size_t size)
{
    struct check c = {doc, why, size, 0};
    why[0] = '\0';
    return validate(&c, schema, value, "");
}

void expect_documented(const char *path, const char *method, const char *status, const char *media,
                       json_t *value, const char *what)
{
    json_t *doc = openapi_doc();
    json_t *schema = openapi_response_schema(doc, path, method, status, media);
    cr_assert(schema, "%s: %s %s has no documented %s response in %s", what, method, path, status,
              media);
    cr_assert(value, "%s: no JSON to check", what);
    char why[1024];
    cr_expect(schema_validate(doc, schema, value, why, sizeof why), "%s: %s", what, why);
}

/* Headers that every answer carries whatever the route, stated once in the document's
 * info.description rather than under each response, and HTTP's own framing. */
static bool general_header(const char *name, size_t n)
{
    static const char *const general[] = {
        "Date",       "Content-Type",           "Content-Length",          "Transfer-Encoding",
        "Connection", "X-Content-Type-Options", "Content-Security-Policy", "Referrer-Policy",
        NULL};
    for (const char *const *g = general; *g; g++)
        if (strlen(*g) == n && strncasecmp(*g, name, n) == 0) return true;
    return false;
}

/* The header object `name` (n bytes) of a response's headers, $ref resolved, or NULL. */
static json_t *listed_header(json_t *doc, json_t *headers, const char *name, size_t n)
{
    const char *key;
    json_t *h;
    json_object_foreach(headers, key, h)
    {
        if (strlen(key) != n || strncasecmp(key, name, n) != 0) continue;
        const char *ref = json_string_value(json_object_get(h, "$ref"));
        return ref ? schema_resolve(doc, ref) : h;
    }
    return NULL;
}

/* The value of a header as the JSON its schema speaks of: a number for an integer schema
 * (NULL when the text is not one), else the text. */
static json_t *header_value(json_t *schema, const char *v, size_t n)
{
    const char *type = json_string_value(json_object_get(schema, "type"));
    if (!type || strcmp(type, "integer") != 0) return json_stringn(v, n);
    if (n == 0 || n > 18 || strspn(v, "0123456789") < n) return NULL;
    char digits[20];
    snprintf(digits, sizeof digits, "%.*s", (int)n, v);
    return json_integer(strtoll(digits, NULL, 10));
}

void expect_headers_listed(const struct http *r, json_t *response, const char *what)
{
    json_t *doc = openapi_doc();
    json_t *headers = json_object_get(response, "headers");
    for (const char *line = r->headers; line && *line;) {
        const char *end = strstr(line, "\r\n");
        if (!end) end = line + strlen(line);
        const char *colon = memchr(line, ':', (size_t)(end - line));
        if (colon && strncmp(line, "HTTP/", 5) != 0 &&
            !general_header(line, (size_t)(colon - line))) {
            int n = (int)(colon - line);
            json_t *h = listed_header(doc, headers, line, (size_t)n);
            cr_expect(h, "%s: the answer has %.*s, which its documented response does not list",
                      what, n, line);
            const char *v = colon + 1;
            while (*v == ' ')
                v++;
            json_t *schema = json_object_get(h, "schema");
            json_t *value = schema ? header_value(schema, v, (size_t)(end - v)) : NULL;
            char why[512] = "not a number";
            cr_expect(!schema || (value && schema_validate(doc, schema, value, why, sizeof why)),
                      "%s: header %.*s: %.*s does not fit its schema: %s", what, n, line,
                      (int)(end - v), v, why);
            json_decref(value);
        }
        line = *end ? end + 2 : end;
    }
}

void expect_answer_fits(const struct http *r, const char *path, const char *method,
                        const char *response, const char *what)
{
    json_t *doc = openapi_doc();
    json_t *resp = openapi_response(doc, path, method, response);
    cr_assert(resp, "%s: %s %s documents no %s response", what, method, path, response);
    expect_headers_listed(r, resp, what);
    if (r->status == 204 || r->status == 304) {
        cr_expect(json_object_get(resp, "content") == NULL, "%s: a %ld has no body", what,
                  r->status);
        return;
    }
    char media[64];
    const char *ct = http_header(r, "Content-Type");
    cr_assert(ct, "%s: no Content-Type", what);
    snprintf(media, sizeof media, "%.*s", (int)strcspn(ct, ";"), ct);
    json_t *schema = openapi_response_schema(doc, path, method, response, media);
    const char *type = json_string_value(json_object_get(schema, "type"));
    /* a text answer (text/plain, text/csv, HTML) is checked as one string */
    bool text = !r->json && type && strcmp(type, "string") == 0;
    json_t *body = text ? json_stringn(r->body ? r->body : "", r->len) : json_incref(r->json);
    expect_documented(path, method, response, media, body, what);
    json_decref(body);
}

void expect_answer_documented(const struct http *r, const char *path, const char *method,
                              long status, const char *what)
{
    cr_assert_eq(r->status, status, "%s: %ld %s", what, r->status, r->body ? r->body : "");
    char code[8];
    snprintf(code, sizeof code, "%ld", status);
    expect_answer_fits(r, path, method, code, what);
}
