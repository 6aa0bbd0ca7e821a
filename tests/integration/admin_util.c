#include "admin_util.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

const char REFUSED_AT_LAST_SET[] =
    "{\"format\":\"restrictd-rulings/1\",\"sources\":[{\"id\":\"new-source\",\"authority\":"
    "\"A\",\"jurisdiction\":\"US\",\"kind\":\"statute\",\"title\":\"T\",\"citation\":\"C\"}],"
    "\"subjects\":[{\"id\":\"new-subject\",\"kind\":\"organization\",\"name\":\"New One\"}],"
    "\"rulings\":[{\"id\":\"aa-first\",\"subject\":\"new-subject\",\"source\":\"new-source\","
    "\"status\":\"advisory\",\"measure\":{\"code\":\"m\",\"text\":\"M\"},\"binds\":\"us-persons\","
    "\"effective_from\":\"2024-07-20T04:00:00Z\",\"quote\":\"q\"},"
    "{\"id\":\"zz-last\",\"subject\":\"new-subject\",\"source\":\"new-source\","
    "\"status\":\"advisory\",\"measure\":{\"code\":\"m\",\"text\":\"M\"},\"binds\":\"us-persons\","
    "\"effective_from\":\"2024-07-20T04:00:00Z\",\"quote\":\"q\"}]}";

char *admin_db(const char *tag)
{
    char *db = db_create(tag);
    cr_assert(db_run(db, "INSERT INTO api_tokens (name, role, secret_sha256) VALUES"
                         " ('tester', 'admin', sha256('" ADMIN_SECRET "'::bytea)),"
                         " ('viewer', 'reader', sha256('" READER_SECRET "'::bytea))"));
    return db;
}

struct http admin_do(const char *method, const char *base, const char *path, const char *token,
                     const char *if_match, const char *body)
{
    char url[2048], auth[512], match[64];
    snprintf(url, sizeof url, "%s%s", base, path);
    const char *headers[4] = {NULL};
    size_t n = 0;
    if (token) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
        headers[n++] = auth;
    }
    if (if_match) {
        snprintf(match, sizeof match, "If-Match: \"%s\"", if_match);
        headers[n++] = match;
    }
    if (body) headers[n++] = "Content-Type: application/json";
    return http_do(method, url, body, body ? strlen(body) : 0, headers);
}

/* errors[] names each "field" or "field:code" of the space-separated list. */
static void expect_fields(const struct http *r, const char *fields, const char *what)
{
    for (const char *f = fields; f && *f;) {
        size_t n = strcspn(f, " ");
        char one[128], *code;
        snprintf(one, sizeof one, "%.*s", (int)n, f);
        if ((code = strchr(one, ':'))) *code++ = '\0';
        cr_expect(names_field(r, one, code), "%s: errors[] do not name %s%s%s: %s", what, one,
                  code ? ":" : "", code ? code : "", r->body);
        f += n + (f[n] == ' ');
    }
}

void admin_steps(const char *base, const struct admin_step *steps, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct admin_step *c = &steps[i];
        char what[300];
        snprintf(what, sizeof what, "step %zu, %s %s", i + 1, c->method, c->path);
        struct http r = admin_do(c->method, base, c->path, c->token, c->if_match, c->body);
        cr_expect_eq(r.status, c->status, "%s: status %ld, want %ld: %s", what, r.status, c->status,
                     r.body);
        if (c->problem) cr_expect_str_eq(problem_type(&r), c->problem, "%s: problem type", what);
        expect_fields(&r, c->fields, what);
        http_free(&r);
    }
}

long long sql_count(const char *db, const char *sql)
{
    char *v = db_scalar(db, sql);
    cr_assert(v, "query failed: %s", sql);
    long long n = atoll(v);
    free(v);
    return n;
}

const char *problem_type(const struct http *r)
{
    const char *t = r->json ? json_string_value(json_object_get(r->json, "type")) : NULL;
    return t ? t : "";
}

bool names_field(const struct http *r, const char *field, const char *code)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(r->json, "errors"), i, e)
    {
        const char *f = json_string_value(json_object_get(e, "field"));
        const char *c = json_string_value(json_object_get(e, "code"));
        if (f && strcmp(f, field) == 0 && (!code || (c && strcmp(c, code) == 0))) return true;
    }
    return false;
}

long long etag_version(const struct http *r)
{
    const char *e = http_header(r, "ETag");
    if (!e || e[0] != '"') return -1;
    return atoll(e + 1);
}

const char *verdict_of(const char *base, const char *name, const char *as_of)
{
    static __thread char verdict[32];
    char extra[64];
    snprintf(extra, sizeof extra, "as_of=%s", as_of);
    struct http r = http_get(check_url(base, name, extra));
    const char *v = r.json ? json_string_value(json_object_get(r.json, "verdict")) : NULL;
    snprintf(verdict, sizeof verdict, "%s", v ? v : "");
    http_free(&r);
    return verdict;
}

static long ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (t1.tv_sec - t0->tv_sec) * 1000L + (t1.tv_nsec - t0->tv_nsec) / 1000000L;
}

long wait_verdict(const char *base, const char *name, const char *as_of, const char *want,
                  int timeout_ms)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        if (strcmp(verdict_of(base, name, as_of), want) == 0) return ms_since(&t0);
        if (ms_since(&t0) > timeout_ms) return -1;
        struct timespec tick = {0, 10 * 1000 * 1000};
        nanosleep(&tick, NULL);
    }
}

char *cli_stdout(const char *db, const char *args, int *status)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "DATABASE_URL='%s' '%s' %s 2>/dev/null", db,
             env_or_die("RESTRICTD_BIN"), args);
    FILE *p = popen(cmd, "r");
    cr_assert(p);
    char *out = calloc(1, 8192);
    size_t n = fread(out, 1, 8191, p);
    out[n] = '\0';
    int st = pclose(p);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return out;
}

long metric_value(const char *base, const char *sample)
{
    char url[512];
    snprintf(url, sizeof url, "%s/metrics", base);
    struct http r = http_get(url);
    const char *at = r.body ? strstr(r.body, sample) : NULL;
    long n = at ? atol(at + strlen(sample)) : -1;
    http_free(&r);
    return n;
}
