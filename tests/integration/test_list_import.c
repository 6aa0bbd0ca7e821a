/* Importing the real published lists (tests/data/lists) through `restrictd import` and
 * POST /v1/admin/import?format=: counts taken from the files themselves, re-import
 * idempotence, entries that leave a list ended with their history, mass ending refused,
 * broken files changing nothing, dry runs leaving no gap in the revisions, and what
 * GET /v1/sources says about each import. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin_util.h"
#include "schema_check.h"

#define LISTS RESTRICTD_SOURCE_DIR "/tests/data/lists"

ADMIN_SUITE_SERVER("lists")

TestSuite(list_import, .init = start, .fini = stop, .timeout = 120);

/* A file of the test's own in RESTRICTD_WORK; the caller frees the path. */
static char *work_path(const char *name)
{
    char *path = malloc(512);
    snprintf(path, 512, "%s/%d-%s", env_or_die("RESTRICTD_WORK"), (int)getpid(), name);
    return path;
}

/* The lines of `src` (the header always) for which keep(line) holds, into a new file. */
static char *filtered_copy(const char *src, const char *name, bool (*keep)(const char *line))
{
    char *path = work_path(name);
    FILE *in = fopen(src, "r"), *out = fopen(path, "w");
    cr_assert(in && out);
    char line[65536];
    for (int n = 0; fgets(line, sizeof line, in); n++)
        if (n == 0 || keep(line)) fputs(line, out);
    fclose(in);
    fclose(out);
    return path;
}

static struct http post_csl_to(const char *base, const char *path, const char *query)
{
    char *body = slurp(path, true), url[512], auth[256];
    snprintf(url, sizeof url, "%s/v1/admin/import?format=csl%s", base, query);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", ADMIN_SECRET);
    const char *headers[] = {auth, "Content-Type: text/csv", NULL};
    struct http r = http_do("POST", url, body, strlen(body), headers);
    free(body);
    return r;
}

/* GET /v1/sources/{id} once its "list" shows `want` at `key` ("published_at", or
 * "last_attempt.result"): an import is shown by the snapshot reload it triggers, a moment
 * after it answers (a list of thousands takes seconds to load under the sanitizers). Asserts
 * that it does within 30 s. */
static struct http source_once_it_shows(const char *id, const char *key, const char *want)
{
    char url[256];
    snprintf(url, sizeof url, "%s/v1/sources/%s", srv.base, id);
    bool in_attempt = strncmp(key, "last_attempt.", 13) == 0;
    const char *member = in_attempt ? key + 13 : key;
    for (int i = 0; i < 1500; i++) {
        struct http r = http_get(url);
        json_t *list = json_object_get(r.json, "list");
        if (in_attempt) list = json_object_get(list, "last_attempt");
        const char *got = list ? jstr(list, member) : NULL;
        if (got && strcmp(got, want) == 0) return r;
        http_free(&r);
        usleep(20 * 1000);
    }
    cr_assert_fail("GET %s never showed %s = %s", url, key, want);
    return (struct http){0}; /* not reached */
}

static struct http post_csl_file(const char *path, const char *query)
{
    return post_csl_to(srv.base, path, query);
}

static long long count_of(const struct http *r, const char *key)
{
    return json_integer_value(json_object_get(json_object_get(r->json, "counts"), key));
}

static long long rulings_count(const struct http *r, const char *what)
{
    json_t *counts = json_object_get(r->json, "counts");
    return json_integer_value(json_object_get(json_object_get(counts, "rulings"), what));
}

/* The CSL file counted with another reader (Python's csv module): 115 rows, 110 distinct
 * entities by the documented rule (one per list and entity_number, or name). */
enum { CSL_ROWS = 115, CSL_ENTITIES = 110 };

Test(list_import, csl_through_the_api_merges_rows_and_reimport_changes_nothing)
{
    struct http r = post_csl_file(LISTS "/csl.csv", "&published=2021-01-01");
    cr_assert_eq(r.status, 200, "%s", r.body);
    expect_answer_documented(&r, "/v1/admin/import", "post", 200, "a CSL import");
    cr_expect_eq(count_of(&r, "entries"), CSL_ENTITIES);
    cr_expect_eq(count_of(&r, "rows_merged"), CSL_ROWS - CSL_ENTITIES);
    cr_expect_eq(rulings_count(&r, "created"), CSL_ENTITIES);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM subjects WHERE id LIKE 'csl-%'"),
                 CSL_ENTITIES);
    long long revision = json_integer_value(json_object_get(r.json, "revision"));
    http_free(&r);

    r = post_csl_file(LISTS "/csl.csv", "&published=2021-02-01");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(json_integer_value(json_object_get(r.json, "changes_total")), 0, "%s", r.body);
    cr_expect_eq(json_integer_value(json_object_get(r.json, "revision")), revision);
    http_free(&r);
    /* A listing with no start date keeps the earlier publication as its start. */
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM rulings WHERE id LIKE 'csl-sdn-%'"
                               " AND effective_from <> '2021-01-01T00:00:00Z'"),
                 0);
    /* The sources say what is served and how the last import went. */
    /* The facts go through an export and back unchanged. */
    r = admin_do("GET", srv.base, "/v1/admin/export", ADMIN_SECRET, NULL, NULL);
    cr_assert_eq(r.status, 200);
    cr_expect(strstr(r.body, "\"addresses\""), "the export holds the addresses");
    char *set = strndup(r.body, r.len);
    http_free(&r);
    r = admin_do("POST", srv.base, "/v1/admin/import?dry_run=true", ADMIN_SECRET, NULL, set);
    free(set);
    cr_expect_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(json_integer_value(json_object_get(r.json, "changes_total")), 0, "%.500s", r.body);
    http_free(&r);
    r = source_once_it_shows("us-csl-sdn", "published_at", "2021-02-01T00:00:00Z");
    expect_answer_documented(&r, "/v1/sources/{id}", "get", 200, "a list's source");
    cr_expect_str_eq(
        jstr(json_object_get(json_object_get(r.json, "list"), "last_attempt"), "result"),
        "imported");
    http_free(&r);
}

static bool not_canada(const char *line)
{
    return strstr(line, "2904977 CANADA") == NULL;
}

Test(list_import, an_entry_that_leaves_the_list_ends_and_keeps_its_history)
{
    struct http r = post_csl_file(LISTS "/csl.csv", "&published=2021-01-01");
    cr_assert_eq(r.status, 200, "%s", r.body);
    http_free(&r);
    cr_expect_str_eq(verdict_of(srv.base, "2904977 CANADA, INC.", "2021-03-01"), "restricted");

    char *shorter = filtered_copy(LISTS "/csl.csv", "csl-short.csv", not_canada);
    r = post_csl_file(shorter, "&published=2021-06-01");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(count_of(&r, "ended"), 1, "%s", r.body);
    http_free(&r);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM rulings WHERE id = 'csl-sdn-8124'"
                               " AND revoked_at IS NULL"
                               " AND effective_until = '2021-06-01T00:00:00Z'"),
                 1);
    /* Valid time keeps the history: restricted while listed, not after. */
    cr_expect_str_eq(verdict_of(srv.base, "2904977 CANADA, INC.", "2021-03-01"), "restricted");
    cr_expect_str_neq(verdict_of(srv.base, "2904977 CANADA, INC.", "2021-07-01"), "restricted");

    /* Listed again: in force again, from the new publication. */
    r = post_csl_file(LISTS "/csl.csv", "&published=2021-08-01");
    cr_assert_eq(r.status, 200, "%s", r.body);
    http_free(&r);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM rulings WHERE id = 'csl-sdn-8124'"
                               " AND effective_until IS NULL"),
                 1);
    unlink(shorter);
    free(shorter);
}

static int kept_lines;
static bool first_twenty(const char *line)
{
    (void)line;
    return ++kept_lines <= 20;
}

Test(list_import, a_list_that_would_end_too_much_is_refused_unless_forced)
{
    struct http r = post_csl_file(LISTS "/csl.csv", "&published=2021-01-01");
    cr_assert_eq(r.status, 200, "%s", r.body);
    http_free(&r);
    long long changes = sql_count(db, "SELECT count(*) FROM changes");
    char *cut = filtered_copy(LISTS "/csl.csv", "csl-cut.csv", first_twenty);
    r = post_csl_file(cut, "&published=2021-06-01");
    expect_answer_documented(&r, "/v1/admin/import", "post", 409, "a mass ending");
    cr_expect(names_field(&r, "force", "mass_ending"), "%s", r.body);
    http_free(&r);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM changes"), changes, "nothing written");
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM list_imports WHERE result = 'refused'"), 1);
    /* The refusal is shown, next to what is still served. */
    r = source_once_it_shows("us-csl-sdn", "last_attempt.result", "refused");
    cr_expect_str_eq(jstr(json_object_get(r.json, "list"), "published_at"), "2021-01-01T00:00:00Z");
    http_free(&r);

    r = post_csl_file(cut, "&published=2021-06-01&force=true");
    cr_expect_eq(r.status, 200, "%s", r.body);
    cr_expect_gt(count_of(&r, "ended"), 10, "%s", r.body);
    http_free(&r);
    unlink(cut);
    free(cut);
}

Test(list_import, a_broken_file_changes_nothing_and_says_where)
{
    char *bad = work_path("csl-bad.csv");
    FILE *f = fopen(bad, "w");
    cr_assert(f);
    char *good = slurp(LISTS "/csl.csv", true);
    fwrite(good, 1, 2000, f); /* cut inside a quoted field or row */
    fputs("\n\"unclosed,quote\n", f);
    fclose(f);
    free(good);
    long long changes = sql_count(db, "SELECT count(*) FROM changes");
    struct http r = post_csl_file(bad, "");
    cr_expect_eq(r.status, 422, "%s", r.body);
    cr_expect(names_field(&r, "body", "unreadable"), "%s", r.body);
    cr_expect(r.body && strstr(r.body, "line"), "the error names the line: %s", r.body);
    http_free(&r);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM changes"), changes);
    unlink(bad);
    free(bad);
}

Test(list_import, a_dry_run_writes_nothing_and_leaves_no_gap_in_the_revisions)
{
    long long before = sql_count(db, "SELECT coalesce(max(revision), 0) FROM changes");
    struct http r = post_csl_file(LISTS "/csl.csv", "&dry_run=true");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(rulings_count(&r, "created"), CSL_ENTITIES);
    cr_expect_eq(json_integer_value(json_object_get(r.json, "revision")), before);
    http_free(&r);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM subjects WHERE id LIKE 'csl-%'"), 0);
    r = post_csl_file(LISTS "/csl.csv", "");
    cr_assert_eq(r.status, 200, "%s", r.body);
    http_free(&r);
    cr_expect_eq(sql_count(db, "SELECT min(revision) FROM changes WHERE actor = 'tester'"),
                 before + 1, "the first revision after a dry run follows the last one");
}

/* An OFAC form of `parts` (name=path pairs), with a fixed boundary. */
static struct http post_ofac_form(const char *const *parts, size_t n, const char *token)
{
    struct {
        char *data;
        size_t len;
    } body = {0};
    FILE *m = open_memstream(&body.data, &body.len);
    for (size_t i = 0; i + 1 < n; i += 2) {
        char *text = slurp(parts[i + 1], true);
        fprintf(m,
                "--XyZboundary\r\nContent-Disposition: form-data; name=\"%s\"; "
                "filename=\"%s\"\r\nContent-Type: text/csv\r\n\r\n%s\r\n",
                parts[i], parts[i], text);
        free(text);
    }
    fputs("--XyZboundary--\r\n", m);
    fclose(m);
    char url[512], auth[256];
    snprintf(url, sizeof url, "%s/v1/admin/import?format=ofac-sdn&published=2021-01-01", srv.base);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    const char *headers[] = {auth, "Content-Type: multipart/form-data; boundary=XyZboundary", NULL};
    struct http r = http_do("POST", url, body.data, body.len, headers);
    free(body.data);
    return r;
}

Test(list_import, ofac_files_as_a_form_each_part_checked)
{
    const char *const missing_alt[] = {"sdn.csv", LISTS "/sdn.csv"};
    struct http r = post_ofac_form(missing_alt, 2, ADMIN_SECRET);
    cr_expect_eq(r.status, 400, "%s", r.body);
    cr_expect(names_field(&r, "alt.csv", "required"), "%s", r.body);
    http_free(&r);
    const char *const stranger[] = {"sdn.csv", LISTS "/sdn.csv", "notes.txt", LISTS "/README.md"};
    r = post_ofac_form(stranger, 4, ADMIN_SECRET);
    cr_expect_eq(r.status, 400, "%s", r.body);
    cr_expect(names_field(&r, "body", "invalid_form"), "%s", r.body);
    http_free(&r);
    /* Without a valid token the body is not even taken. */
    const char *const whole[] = {"sdn.csv",        LISTS "/sdn.csv", "alt.csv",
                                 LISTS "/alt.csv", "add.csv",        LISTS "/add.csv"};
    r = post_ofac_form(whole, 6, "rdt_wrong-token-0123456789abcdefghijklmnopqrstu");
    cr_expect_eq(r.status, 401, "%s", r.body);
    http_free(&r);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM subjects WHERE id LIKE 'ofac-%'"), 0);
}

/* Lines of `path` holding `needle` (the files are one entry per line). */
static long long lines_with(const char *path, const char *needle)
{
    FILE *f = fopen(path, "r");
    cr_assert(f);
    char line[65536];
    long long n = 0;
    while (fgets(line, sizeof line, f))
        if (strstr(line, needle) && line[0] != 0x1a) n++;
    fclose(f);
    return n;
}

/* Past revisions inside and after a list import, patched from the current snapshot or a kept
 * past one (db/past_patch.h: thousands of creations undone; a list's health read again alone, after
 * a change that touched no list and an import that changed nothing but the health) and
 * compared by the server with the tables read whole (RESTRICTD_PAST_PATCH_CHECK). */
static void past_revisions_patched_as_read(void)
{
    cr_assert_eq(sql_count(db,
                           "WITH u AS (UPDATE sources SET summary = 'patched'"
                           " WHERE id = 'us-dhs-bod-17-01' RETURNING 1) SELECT count(*) FROM u"),
                 1);
    const char *const third[] = {"import", "ofac-sdn", LISTS, "--published", "2021-04-01", NULL};
    char *out = NULL;
    cr_assert_eq(run_cli(db, &out, third), 0, "%s", out);
    free(out);
    long long latest = sql_count(db, "SELECT max(revision) FROM changes");
    struct server s;
    const char *const env[] = {"RESTRICTD_PAST_PATCH_CHECK=1", NULL};
    cr_assert(server_start(&s, db, env, true));
    const long long back[] = {1, 2, 40, 700, 3000};
    for (size_t i = 0; i < sizeof back / sizeof back[0]; i++) {
        char url[256];
        snprintf(url, sizeof url, "%s/v1/check?name=ARTAVIL&revision=%lld", s.base,
                 latest - back[i]);
        struct http r = http_get(url);
        cr_expect_eq(r.status, 200, "%s: %s", url, r.body);
        http_free(&r);
    }
    long from_now = metric_value(s.base, "restrictd_past_rebuilds_total{method=\"patched\"} "),
         from_kept =
             metric_value(s.base, "restrictd_past_rebuilds_total{method=\"patched_from_kept\"} ");
    cr_expect_eq(from_now + from_kept, 5, "%ld from the current data, %ld from kept ones", from_now,
                 from_kept);
    cr_expect_geq(from_kept, 1, "the revisions near one asked before are patched from it");
    cr_expect_eq(metric_value(s.base, "\nrestrictd_past_patch_mismatches_total "), 0);
    cr_expect_eq(server_stop(&s), 0);
}

Test(list_import, the_real_sdn_from_the_command_line)
{
    const char *const first[] = {"import", "ofac-sdn", LISTS, "--published", "2021-01-01", NULL};
    char *out = NULL;
    cr_assert_eq(run_cli(db, &out, first), 0, "%s", out);
    long long entries = lines_with(LISTS "/sdn.csv", ",");
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM subjects WHERE id LIKE 'ofac-sdn-%'"), entries,
                 "%s", out);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM subjects WHERE id LIKE 'ofac-sdn-%'"
                               " AND kind = 'vessel'"),
                 lines_with(LISTS "/sdn.csv", ",\"vessel\","));
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM rulings WHERE source_id = 'us-ofac-sdn'"
                               " AND effective_from = '2021-01-01T00:00:00Z'"),
                 entries);
    free(out);
    /* What the Remarks say, as fields (two real entries, docs/lists.md). */
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM subjects WHERE id = 'ofac-sdn-15036'"
                               " AND identifiers = '{imo:9187629,mmsi:572469210,call-sign:T2EU4}'"),
                 1);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM subjects WHERE id = 'ofac-sdn-6931'"
                               " AND born = '{1960-04-10}' AND nationalities = '{US}'"
                               " AND identifiers = '{passport:27082171,passport:M0887925}'"),
                 1);
    cr_expect_gt(sql_count(db, "SELECT count(*) FROM subjects WHERE id LIKE 'ofac-sdn-%'"
                               " AND jsonb_array_length(addresses) > 0"),
                 entries / 2);
    /* ... and a vessel is found by its IMO number once the server has the list. */
    char url[256];
    snprintf(url, sizeof url, "%s/v1/check?identifier=imo:9187629", srv.base);
    const char *match = NULL;
    for (int i = 0; i < 1500 && !match; i++) { /* 30 s: see source_once_it_shows */
        struct http r = http_get(url);
        const char *id = jstr(json_object_get(r.json, "match"), "id");
        if (id && strcmp(id, "ofac-sdn-15036") == 0) match = "ofac-sdn-15036";
        http_free(&r);
        if (!match) usleep(20 * 1000);
    }
    cr_expect(match, "imo:9187629 never found the vessel ARTAVIL");
    long long revision = sql_count(db, "SELECT max(revision) FROM changes");
    const char *const again[] = {"import", "ofac-sdn", LISTS, "--published", "2021-03-01", NULL};
    cr_assert_eq(run_cli(db, &out, again), 0, "%s", out);
    cr_expect(strstr(out, "0 change(s)"), "%s", out);
    free(out);
    cr_expect_eq(sql_count(db, "SELECT max(revision) FROM changes"), revision);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM list_imports WHERE result = 'imported'"), 2);
    const char *const bad[] = {"import", "ofac-sdn", LISTS, "--published", "March", NULL};
    cr_expect_eq(run_cli(db, &out, bad), 2, "%s", out);
    cr_expect(strstr(out, "--published"), "%s", out);
    free(out);
    past_revisions_patched_as_read();
}

Test(list_import, a_body_over_the_import_limit_is_refused_naming_the_setting)
{
    struct testbed t;
    const char *const env[] = {"RESTRICTD_MAX_IMPORT_BODY=4096", NULL};
    testbed_start(&t, admin_db("lists-limit"), env);
    struct http r = post_csl_to(t.s.base, LISTS "/csl.csv", "");
    expect_answer_documented(&r, "/v1/admin/import", "post", 413, "an import over the limit");
    cr_expect(r.body && strstr(r.body, "RESTRICTD_MAX_IMPORT_BODY"), "%s", r.body);
    http_free(&r);
    cr_expect_eq(sql_count(t.db, "SELECT count(*) FROM subjects WHERE id LIKE 'csl-%'"), 0);
    testbed_stop(&t);
}
