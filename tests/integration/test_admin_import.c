/* Import and export of whole data sets, the audit trail, the public change feed and a
 * ruling's history, over HTTP against a real server and PostgreSQL. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin_util.h"

ADMIN_SUITE_SERVER("import")

TestSuite(admin_import, .init = start, .fini = stop, .timeout = 60);

static json_t *export_json(void)
{
    struct http r = admin_do("GET", srv.base, "/v1/admin/export", ADMIN_SECRET, NULL, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(r.json);
    cr_expect(strstr(http_header(&r, "Content-Disposition"), "attachment"));
    json_t *j = json_incref(r.json);
    http_free(&r);
    return j;
}

static struct http import(json_t *set, const char *query)
{
    char *body = json_dumps(set, 0);
    char path[128];
    snprintf(path, sizeof path, "/v1/admin/import%s", query);
    struct http r = admin_do("POST", srv.base, path, ADMIN_SECRET, NULL, body);
    free(body);
    return r;
}

static long long counted(const struct http *r, const char *entity, const char *what)
{
    return json_integer_value(
        json_object_get(json_object_get(json_object_get(r->json, "counts"), entity), what));
}

/* Where in array `a` the element whose "id" is `id` is; asserts it is there. */
static size_t index_of(json_t *a, const char *id)
{
    size_t i = 0, n = json_array_size(a);
    for (const char *x; i < n; i++)
        if ((x = jstr(json_array_get(a, i), "id")) && strcmp(x, id) == 0) break;
    cr_assert_lt(i, n, "no %s in the array", id);
    return i;
}

Test(admin_import, export_then_import_is_a_noop)
{
    json_t *set = export_json();
    cr_expect_str_eq(json_string_value(json_object_get(set, "format")), "restrictd-rulings/2");
    cr_expect_eq(json_array_size(json_object_get(set, "rulings")),
                 (size_t)sql_count(db, "SELECT count(*) FROM rulings WHERE revoked_at IS NULL"));
    long long before = sql_count(db, "SELECT count(*) FROM changes");
    struct http r = import(set, "?prune=true");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(json_integer_value(json_object_get(r.json, "changes_total")), 0);
    cr_expect_eq(counted(&r, "rulings", "unchanged"),
                 (long long)json_array_size(json_object_get(set, "rulings")));
    cr_expect_eq(counted(&r, "rulings", "revoked"), 0);
    http_free(&r);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM changes"), before);
    /* The seed file itself is the same data set too. */
    FILE *f = fopen(env_or_die("RESTRICTD_SEED"), "rb");
    json_t *seed = json_loadf(f, 0, NULL);
    fclose(f);
    r = import(seed, "");
    cr_expect_eq(r.status, 200);
    cr_expect_eq(json_integer_value(json_object_get(r.json, "changes_total")), 0, "%s", r.body);
    http_free(&r);
    json_decref(seed);
    json_decref(set);
}

Test(admin_import, dry_run_reports_the_diff_and_writes_nothing)
{
    json_t *set = export_json();
    json_t *rulings = json_object_get(set, "rulings");
    json_t *edited = json_array_get(rulings, index_of(rulings, "nl-gov-phase-out-kaspersky"));
    json_object_set_new(edited, "quote", json_string("an edited quote"));
    json_array_remove(rulings, index_of(rulings, "lt-gov-replace-kaspersky"));
    long long before = sql_count(db, "SELECT count(*) FROM changes");
    long long revision = sql_count(db, "SELECT max(revision) FROM changes");

    struct http r = import(set, "?dry_run=true");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect(json_is_true(json_object_get(r.json, "dry_run")));
    cr_expect_eq(counted(&r, "rulings", "updated"), 1);
    cr_expect_eq(counted(&r, "rulings", "revoked"), 0, "without prune nothing is revoked");
    json_t *change = json_array_get(json_object_get(r.json, "changes"), 0);
    cr_expect_str_eq(json_string_value(json_object_get(change, "action")), "update");
    cr_expect_str_eq(json_string_value(json_array_get(json_object_get(change, "fields"), 0)),
                     "quote");
    cr_expect_eq(json_integer_value(json_object_get(r.json, "revision")), revision,
                 "a dry run leaves the revision");
    http_free(&r);

    r = import(set, "?dry_run=true&prune=true");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(counted(&r, "rulings", "revoked"), 1);
    cr_expect_eq(json_integer_value(json_object_get(r.json, "changes_total")), 2);
    http_free(&r);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM changes"), before,
                 "the dry runs wrote nothing");

    /* The dry runs gave their revision numbers back: the import follows on without a gap. */
    cr_expect_eq(sql_count(db, "SELECT last_value FROM changes_revision_seq"), revision);
    r = import(set, "?prune=true");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect(json_is_false(json_object_get(r.json, "dry_run")));
    cr_expect_eq(json_integer_value(json_object_get(r.json, "revision")), revision + 2);
    cr_expect_eq(sql_count(db, "SELECT max(revision) FROM changes"), revision + 2);
    http_free(&r);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM changes WHERE actor = 'tester'"), 2);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM rulings WHERE id = 'lt-gov-replace-kaspersky'"
                               " AND revoked_at IS NOT NULL"),
                 1, "revoked, never deleted");
    char ready[128];
    snprintf(ready, sizeof ready, "%s/readyz", srv.base);
    bool served = false;
    for (int tries = 0; tries < 100 && !served; tries++) {
        struct http z = http_get(ready);
        served = json_integer_value(json_object_get(z.json, "revision")) == revision + 2;
        http_free(&z);
        if (!served) usleep(10 * 1000);
    }
    cr_expect(served, "the import is served within a second");
    json_decref(set);
}

Test(admin_import, an_invalid_data_set_is_refused_whole)
{
    long long before = sql_count(db, "SELECT count(*) FROM changes");
    struct http r = admin_do(
        "POST", srv.base, "/v1/admin/import", ADMIN_SECRET, NULL,
        "{\"format\":\"restrictd-rulings/1\",\"sources\":[],\"subjects\":[{\"id\":\"test-one\","
        "\"kind\":\"organization\",\"name\":\"One\"}],\"rulings\":[{\"id\":\"test-r\","
        "\"subject\":\"test-one\",\"source\":\"missing-source\",\"status\":\"advisory\","
        "\"measure\":{\"code\":\"m\",\"text\":\"M\"},\"binds\":\"us-persons\","
        "\"effective_from\":\"2024-06-24T04:00:00Z\",\"quote\":\"q\"}]}");
    cr_expect_eq(r.status, 422, "%s", r.body);
    cr_expect(names_field(&r, "rulings[0].source", "unknown_reference"));
    http_free(&r);
    r = admin_do("POST", srv.base, "/v1/admin/import", ADMIN_SECRET, NULL,
                 "{\"format\":\"restrictd-rulings/9\",\"sources\":{}}");
    cr_expect_eq(r.status, 422);
    cr_expect(names_field(&r, "format", "unsupported_format"));
    cr_expect(names_field(&r, "sources", "invalid_type"));
    http_free(&r);
    r = admin_do("POST", srv.base, "/v1/admin/import?dry_run=maybe", ADMIN_SECRET, NULL, "{}");
    cr_expect_eq(r.status, 400);
    cr_expect(names_field(&r, "dry_run", "invalid_value"));
    http_free(&r);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM changes"), before);
}

#define IVANOV "us-ofac-anton-mikhaylovich-ivanov"

/* Three edits of one ruling's note ("note 1".."note 3") by the admin token. */
static void three_notes(void)
{
    const char *path = "/v1/admin/rulings/" IVANOV;
    struct http r = admin_do("GET", srv.base, path, ADMIN_SECRET, NULL, NULL);
    cr_assert_eq(r.status, 200);
    for (int v = 1; v <= 3; v++) {
        char note[32], ver[8];
        snprintf(note, sizeof note, "note %d", v);
        snprintf(ver, sizeof ver, "%d", v);
        json_object_set_new(r.json, "note", json_string(note));
        char *body = json_dumps(r.json, 0);
        struct http w = admin_do("PUT", srv.base, path, ADMIN_SECRET, ver, body);
        cr_assert_eq(w.status, 200, "%s", w.body);
        http_free(&w);
        free(body);
    }
    http_free(&r);
}

/* The audit, two at a time, filtered by actor: the three writes, with before/after. */
static void expect_audit_pages(void)
{
    char page[512];
    snprintf(page, sizeof page, "/v1/admin/audit?actor=tester&entity=ruling&limit=2");
    int seen = 0;
    while (page[0]) {
        struct http r = admin_do("GET", srv.base, page, ADMIN_SECRET, NULL, NULL);
        cr_assert_eq(r.status, 200, "%s", r.body);
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(r.json, "changes"), i, c)
        {
            seen++;
            cr_expect_str_eq(jstr(c, "actor"), "tester");
            cr_expect_str_eq(jstr(c, "id"), IVANOV);
            char want[32];
            snprintf(want, sizeof want, "note %d", seen);
            cr_expect_str_eq(jstr(json_object_get(c, "after"), "note"), want);
            cr_expect(json_is_object(json_object_get(c, "before")));
            cr_expect_str_eq(json_string_value(json_array_get(json_object_get(c, "changed"), 0)),
                             "note");
        }
        const char *next = jstr(r.json, "next");
        snprintf(page, sizeof page, "%s", next ? next : "");
        http_free(&r);
    }
    cr_expect_eq(seen, 3, "the pages walk every change once");
}

/* The public feed from revision `start`: no actor, the record as it became; paginated. */
static void expect_public_feed(long long start)
{
    char url[256];
    snprintf(url, sizeof url, "%s/v1/changes?since=%lld&limit=2", srv.base, start);
    struct http r = http_get(url);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(json_array_size(json_object_get(r.json, "changes")), 2);
    json_t *first = json_array_get(json_object_get(r.json, "changes"), 0);
    cr_expect_eq(json_integer_value(json_object_get(first, "revision")), start + 1);
    cr_expect(!json_object_get(first, "actor"), "token names are not public");
    cr_expect_str_eq(jstr(json_object_get(first, "record"), "note"), "note 1");
    const char *next = jstr(r.json, "next");
    cr_assert(next, "a next link while more changes wait");
    snprintf(url, sizeof url, "%s%s", srv.base, next);
    http_free(&r);
    r = http_get(url);
    cr_expect_eq(json_array_size(json_object_get(r.json, "changes")), 1);
    cr_expect(json_is_null(json_object_get(r.json, "next")));
    cr_expect_eq(json_integer_value(json_object_get(r.json, "last_revision")), start + 3);
    http_free(&r);
}

/* The ruling's history: created by the seed, then the three edits. */
static void expect_history(void)
{
    char url[256];
    snprintf(url, sizeof url, "%s/v1/rulings/%s/history", srv.base, IVANOV);
    struct http r = http_get(url);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *h = json_object_get(r.json, "history");
    cr_expect_eq(json_array_size(h), 4);
    cr_expect_str_eq(jstr(json_array_get(h, 0), "action"), "create");
    json_t *last = json_object_get(json_array_get(h, 3), "record");
    cr_expect_eq(json_integer_value(json_object_get(last, "version")), 4);
    http_free(&r);
}

Test(admin_import, audit_feed_and_history)
{
    long long start = sql_count(db, "SELECT max(revision) FROM changes");
    three_notes();
    expect_audit_pages();
    struct http r =
        admin_do("GET", srv.base, "/v1/admin/audit?since=2999-01-01", ADMIN_SECRET, NULL, NULL);
    cr_expect_eq(json_array_size(json_object_get(r.json, "changes")), 0);
    http_free(&r);
    r = admin_do("GET", srv.base, "/v1/admin/audit?entity=token", ADMIN_SECRET, NULL, NULL);
    cr_expect_eq(json_array_size(json_object_get(r.json, "changes")), 2, "the two test tokens");
    cr_expect(!strstr(r.body, "sha256") && !strstr(r.body, "secret"));
    http_free(&r);
    static const struct admin_step refused[] = {
        {"GET", "/v1/admin/audit?limit=0&cursor=xyz", ADMIN_SECRET, NULL, NULL, 400, NULL,
         "limit cursor:invalid_value"},
    };
    ADMIN_STEPS(srv.base, refused);
    expect_public_feed(start);
    expect_history();
    expect_status(srv.base, "/v1/changes?since=-1", 400);
    expect_status(srv.base, "/v1/rulings/no-such-ruling/history", 404);
}

/* An import names the revision its data set was exported at: what someone changed since is a
 * 412 listing it, never silently overwritten; a new record since is not pruned either. */
Test(admin_import, a_stale_export_is_refused_not_written_back)
{
    struct http ex = admin_do("GET", srv.base, "/v1/admin/export", ADMIN_SECRET, NULL, NULL);
    cr_assert_eq(ex.status, 200);
    long long exported = atoll(http_header(&ex, "X-Data-Revision"));
    char *old = strndup(ex.body, ex.len);
    http_free(&ex);
    three_notes(); /* another admin edits a ruling after the export */
    long long changes = sql_count(db, "SELECT count(*) FROM changes");

    char tag[32];
    snprintf(tag, sizeof tag, "%lld", exported);
    struct http r = admin_do("POST", srv.base, "/v1/admin/import", ADMIN_SECRET, tag, old);
    cr_expect_eq(r.status, 412, "%s", r.body);
    cr_expect(names_field(&r, "ruling", "changed_since"), "%s", r.body);
    cr_expect(r.body && strstr(r.body, IVANOV), "the conflict names the ruling: %s", r.body);
    http_free(&r);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM changes"), changes, "nothing written");
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM rulings WHERE id = '" IVANOV "'"
                               " AND note = 'note 3'"),
                 1, "the other admin's edit stands");

    /* The same with based_on=, and with prune: the conflict is the same ruling. */
    char path[128];
    snprintf(path, sizeof path, "/v1/admin/import?based_on=%lld&prune=true&dry_run=true", exported);
    r = admin_do("POST", srv.base, path, ADMIN_SECRET, NULL, old);
    cr_expect_eq(r.status, 412, "%s", r.body);
    http_free(&r);

    /* Exported again, the set imports. Without a revision named, as before, it is written. */
    ex = admin_do("GET", srv.base, "/v1/admin/export", ADMIN_SECRET, NULL, NULL);
    snprintf(tag, sizeof tag, "%s", http_header(&ex, "X-Data-Revision"));
    char *fresh = strndup(ex.body, ex.len);
    http_free(&ex);
    r = admin_do("POST", srv.base, "/v1/admin/import", ADMIN_SECRET, tag, fresh);
    cr_expect_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(json_integer_value(json_object_get(r.json, "changes_total")), 0);
    http_free(&r);
    free(fresh);
    free(old);
}
