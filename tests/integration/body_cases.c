#include "body_cases.h"

#include <criterion/criterion.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_util.h"
#include "pg_util.h"

const char *const SQL_INJECTIONS[] = {
    "' OR '1'='1",
    "'; DROP TABLE rulings; --",
    "\" OR 1=1 --",
    "1; SELECT pg_sleep(10)",
    "$$; DROP TABLE changes; $$",
    "x' UNION SELECT secret_sha256 FROM api_tokens --",
    "admin'--",
    "1' AND SLEEP(5)#",
    "\\x27; DELETE FROM subjects; --",
    "'); TRUNCATE changes CASCADE; --",
};
const size_t N_SQL_INJECTIONS = sizeof SQL_INJECTIONS / sizeof *SQL_INJECTIONS;

static const char *const secret_of[] = {NULL, "rdt_a-wrong-token-for-the-hostile-suite-000000",
                                        READER_SECRET, ADMIN_SECRET};

struct body_case *bc_add(struct body_cases *cs, const char *label, const char *method,
                         const char *path, enum who who, const char *content_type, const char *body,
                         size_t len, int status)
{
    if (cs->n == cs->cap) {
        cs->cap = cs->cap ? 2 * cs->cap : 64;
        cs->items = realloc(cs->items, cs->cap * sizeof *cs->items);
        cr_assert(cs->items);
    }
    struct body_case *c = &cs->items[cs->n++];
    memset(c, 0, sizeof *c);
    snprintf(c->label, sizeof c->label, "%s", label);
    c->method = method;
    snprintf(c->path, sizeof c->path, "%s", path);
    c->who = who;
    c->content_type = content_type;
    c->body = body;
    c->len = len;
    c->status = status;
    return c;
}

void bc_add_all_callers(struct body_cases *cs, const char *label, const char *method,
                        const char *path, const char *content_type, const char *body, size_t len,
                        int admin_status)
{
    static const char *const names[] = {"no token", "wrong token", "reader token", "admin token"};
    static const int status[] = {401, 401, 403, 0};
    for (int w = NOBODY; w <= ADMIN; w++) {
        char l[200];
        snprintf(l, sizeof l, "%s (%s)", label, names[w]);
        int st = admin_status == 413 || w == ADMIN ? admin_status : status[w];
        bc_add(cs, l, method, path, (enum who)w, content_type, body, len, st);
    }
}

char *bc_repeat(const char *unit, size_t n)
{
    size_t u = strlen(unit);
    char *s = malloc(n + 1);
    cr_assert(s);
    for (size_t i = 0; i < n; i++)
        s[i] = unit[i % u];
    s[n] = '\0';
    return s;
}

static struct http send_case(const struct server *s, const struct body_case *c)
{
    char url[512], auth[256], type[1300], match[64];
    snprintf(url, sizeof url, "%s%s", s->base, c->path);
    const char *h[5] = {NULL};
    size_t n = 0;
    if (secret_of[c->who]) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", secret_of[c->who]);
        h[n++] = auth;
    }
    /* "Content-Type:" with nothing after it makes curl send none at all. */
    snprintf(type, sizeof type, "Content-Type:%s%s", c->content_type ? " " : "",
             c->content_type ? c->content_type : "");
    h[n++] = type;
    if (c->if_match) {
        snprintf(match, sizeof match, "If-Match: \"%s\"", c->if_match);
        h[n++] = match;
    }
    return http_do(c->method, url, c->body ? c->body : "", c->len, h);
}

/* The number of changes recorded, on a connection kept for the whole run. */
static long long count_changes(PGconn *c)
{
    PGresult *res = PQexec(c, "SELECT count(*) FROM changes");
    cr_assert_eq(PQresultStatus(res), PGRES_TUPLES_OK, "%s", PQerrorMessage(c));
    long long n = atoll(PQgetvalue(res, 0, 0));
    PQclear(res);
    return n;
}

size_t bc_run(struct body_cases *cs, const struct server *s, const char *db)
{
    size_t passed = 0;
    PGconn *conn = PQconnectdb(db);
    cr_assert_eq(PQstatus(conn), CONNECTION_OK);
    long long changes = count_changes(conn);
    for (size_t i = 0; i < cs->n; i++) {
        const struct body_case *c = &cs->items[i];
        struct http r = send_case(s, c);
        bool ok = r.status == c->status;
        cr_expect(r.status > 0, "%s: no answer (hung or cut)", c->label);
        cr_expect_lt(r.status, 500, "%s: answered %ld: %.300s", c->label, r.status,
                     r.body ? r.body : "");
        cr_expect_eq(r.status, c->status, "%s: status %ld, want %d: %.300s", c->label, r.status,
                     c->status, r.body ? r.body : "");
        if (r.status >= 400 && r.status != 413) {
            const char *ct = http_header(&r, "Content-Type");
            cr_expect(ct && strcmp(ct, "application/problem+json") == 0, "%s: a problem (%s)",
                      c->label, ct ? ct : "none");
        }
        http_free(&r);
        long long now = count_changes(conn);
        cr_expect_eq(now - changes, c->writes, "%s: %lld changes recorded, want %d", c->label,
                     now - changes, c->writes);
        ok &= now - changes == c->writes;
        changes = now;
        if (c->verify[0]) {
            long long found = sql_count1(db, c->verify, c->verify_param);
            cr_expect_eq(found, 1, "%s: stored verbatim (%s)", c->label, c->verify);
            ok &= found == 1;
        }
        cr_assert(normal_check_ok(s), "after %s: the server no longer answers", c->label);
        passed += ok;
    }
    PQfinish(conn);
    return passed;
}

char *bc_keep(struct body_cases *cs, char *body)
{
    cr_assert(body);
    if (cs->n_kept == cs->cap_kept) {
        cs->cap_kept = cs->cap_kept ? 2 * cs->cap_kept : 64;
        cs->kept = realloc(cs->kept, cs->cap_kept * sizeof *cs->kept);
        cr_assert(cs->kept);
    }
    return cs->kept[cs->n_kept++] = body;
}

char *bc_nested(struct body_cases *cs, const char *open, const char *close, size_t depth,
                bool closed)
{
    size_t o = strlen(open), c = strlen(close);
    char *s = malloc(depth * (o + c) + 1), *p = s;
    for (size_t i = 0; i < depth; i++, p += o)
        memcpy(p, open, o);
    for (size_t i = 0; closed && i < depth; i++, p += c)
        memcpy(p, close, c);
    *p = '\0';
    return bc_keep(cs, s);
}

char *bc_strings_array(struct body_cases *cs, size_t n, size_t each)
{
    char *s = malloc(n * (each + 3) + 3), *p = s;
    *p++ = '[';
    for (size_t i = 0; i < n; i++) {
        if (i) *p++ = ',';
        *p++ = '"';
        memset(p, 'a' + (char)(i % 26), each);
        p += each;
        *p++ = '"';
    }
    *p++ = ']';
    *p = '\0';
    return bc_keep(cs, s);
}

void bc_free(struct body_cases *cs)
{
    for (size_t i = 0; i < cs->n_kept; i++)
        free(cs->kept[i]);
    free(cs->kept);
    free(cs->items);
    memset(cs, 0, sizeof *cs);
}
