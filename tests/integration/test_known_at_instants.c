/* known_at as an instant (docs/api.md, "Asking the past"): after the latest revision, inside
 * a write, between two writes of one second; revision=N's stated instant asked again. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "admin_util.h"

/* An instant after the latest revision is answered from it, but not final: a write still open
 * at that instant may yet be recorded before it. */
Test(known_at, an_instant_after_the_latest_revision_is_not_final)
{
    char now[64], url[256];
    sleep(1); /* the latest revision (the seed's, just written) recorded a whole second ago */
    time_t t = time(NULL);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
    snprintf(url, sizeof url, "%s/v1/check?name=Kaspersky&known_at=%s", shared_url(), now);
    struct http r = http_get(url);
    cr_expect_eq(r.status, 200, "%s", r.body);
    cr_expect_str_eq(http_header(&r, "Cache-Control"), "no-cache");
    http_free(&r);
}

/* A write of several statements is one state change: an instant after its first change but
 * before its last saw the state before it (its revisions share a transaction). */
Test(known_at, an_instant_inside_a_write_answers_the_state_before_it, .timeout = 30)
{
    char *db = admin_db("knownat_tx");
    struct server s;
    cr_assert(server_start(&s, db, NULL, true));
    long long before = atoll(db_scalar(db, "SELECT max(revision) FROM changes"));
    cr_assert(db_run(db, "BEGIN; UPDATE rulings SET note = 'first' WHERE id ="
                         " 'us-ndaa-1634-kaspersky'; SELECT pg_sleep(1.5); UPDATE subjects"
                         " SET note = 'second' WHERE id = 'ao-kaspersky-lab'; COMMIT"));
    /* the first whole second after the write's first change: inside the write */
    char *inside = db_scalar(db, "SELECT to_char(date_trunc('second', at) + interval '1 second',"
                                 " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM changes"
                                 " WHERE revision = (SELECT max(revision) - 1 FROM changes)");
    char *after = db_scalar(db, "SELECT to_char(date_trunc('second', at) + interval '1 second',"
                                " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM changes"
                                " WHERE revision = (SELECT max(revision) FROM changes)");
    cr_assert(inside && after);
    sleep(1); /* `after` is not in the future */
    char extra[96];
    snprintf(extra, sizeof extra, "known_at=%s", inside);
    struct http r = check_200(s.base, "Kaspersky", extra);
    cr_expect_eq(atoll(http_header(&r, "X-Data-Revision")), before, "%s", extra);
    http_free(&r);
    snprintf(extra, sizeof extra, "known_at=%s", after);
    r = check_200(s.base, "Kaspersky", extra);
    cr_expect_eq(atoll(http_header(&r, "X-Data-Revision")), before + 2, "%s", extra);
    http_free(&r);
    /* the revision inside the write, asked by number, is kept; an instant in its span is
     * still answered from the state before the write, not from what the server keeps */
    snprintf(extra, sizeof extra, "revision=%lld", before + 1);
    r = check_200(s.base, "Kaspersky", extra);
    char *stated = strdup(http_header(&r, "X-Known-At"));
    http_free(&r);
    snprintf(extra, sizeof extra, "known_at=%s", stated);
    r = check_200(s.base, "Kaspersky", extra);
    cr_expect_eq(atoll(http_header(&r, "X-Data-Revision")), before, "%s", extra);
    http_free(&r);
    free(stated);
    free(inside);
    free(after);
    cr_expect_eq(server_stop(&s), 0);
    free(db);
}

/* The instant of change `which` ("max(revision)" or "max(revision) - 1"), to the microsecond,
 * moved by `shift` ("- interval '1 microsecond'", or ""). */
static char *change_instant(const char *db, const char *which, const char *shift)
{
    char sql[320];
    snprintf(sql, sizeof sql,
             "SELECT to_char((at %s) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
             " FROM changes WHERE revision = (SELECT %s FROM changes)",
             shift, which);
    char *at = db_scalar(db, sql);
    cr_assert(at, "%s", sql);
    return at;
}

/* The revision a check at `known_at` was answered from. */
static long long answered_at(const char *base, const char *known_at)
{
    char extra[128];
    snprintf(extra, sizeof extra, "as_of=2024-10-01&known_at=%s", known_at);
    struct http r = check_200(base, "Kaspersky", extra);
    long long revision = atoll(http_header(&r, "X-Data-Revision"));
    http_free(&r);
    return revision;
}

/* Inside the first write (the seed's) no state was published yet: the problem says when the
 * first write ended, after the instant asked. */
static void expect_before_the_first_write(const char *db, const char *base)
{
    char *seed_first = change_instant(db, "min(revision)", "");
    char *seed_end = db_scalar(db, "SELECT to_char(at AT TIME ZONE 'UTC',"
                                   " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM changes"
                                   " WHERE revision = (SELECT max(revision) FROM changes"
                                   " WHERE write_id = (SELECT write_id FROM changes"
                                   " ORDER BY revision LIMIT 1))");
    char url[200];
    snprintf(url, sizeof url, "%s/v1/check?name=Kaspersky&known_at=%s", base, seed_first);
    struct http r = http_get(url);
    cr_expect_eq(r.status, 422, "%s", r.body);
    cr_expect(seed_end && strstr(r.body, "first write ended at") &&
                  strstr(r.body, strtok(seed_end, ".")),
              "%s (the seed's write ended at %s)", r.body, seed_end ? seed_end : "?");
    http_free(&r);
    free(seed_first);
    free(seed_end);
}

/* Two writes told apart by known_at to the microsecond, though they may share a second;
 * revision=N states the instant N was recorded, which asked again as known_at answers N; so
 * does the change feed's `at`. */
Test(known_at, instants_are_told_apart_to_the_microsecond, .timeout = 30)
{
    char *db = admin_db("knownat_us");
    struct server s;
    cr_assert(server_start(&s, db, NULL, true));
    cr_assert(db_run(db, "UPDATE rulings SET note = 'first' WHERE id = 'us-ndaa-1634-kaspersky'"));
    cr_assert(db_run(db, "UPDATE rulings SET note = 'second' WHERE id = 'us-ndaa-1634-kaspersky'"));
    long long last = atoll(db_scalar(db, "SELECT max(revision) FROM changes"));
    char *just_before = change_instant(db, "max(revision)", "- interval '1 microsecond'");
    char *at_last = change_instant(db, "max(revision)", "");
    char *at_first = change_instant(db, "max(revision) - 1", "");
    cr_expect_eq(answered_at(s.base, just_before), last - 1, "%s", just_before);
    cr_expect_eq(answered_at(s.base, at_last), last, "%s", at_last);
    char url[200];
    snprintf(url, sizeof url, "%s/v1/changes?since=%lld", s.base, last - 1);
    struct http r = http_get(url);
    cr_assert_eq(r.status, 200, "%s", r.body);
    const char *feed_at = jstr(json_array_get(json_object_get(r.json, "changes"), 0), "at");
    cr_assert(feed_at, "%s", r.body);
    cr_expect_eq(answered_at(s.base, feed_at), last, "the feed's at %s", feed_at);
    http_free(&r);
    char extra[64];
    snprintf(extra, sizeof extra, "as_of=2024-10-01&revision=%lld", last - 1);
    r = check_200(s.base, "Kaspersky", extra);
    char *stated = strdup(http_header(&r, "X-Known-At"));
    http_free(&r);
    char *zero = strstr(at_first, ".000000Z"); /* a whole second is written without one */
    if (zero) memmove(zero, zero + 7, 2);
    cr_expect_str_eq(stated, at_first, "revision %lld", last - 1);
    cr_expect_eq(answered_at(s.base, stated), last - 1, "%s", stated);
    expect_before_the_first_write(db, s.base);
    /* without as_of the answer follows the clock: never kept as final */
    snprintf(extra, sizeof extra, "revision=%lld", last - 1);
    r = check_200(s.base, "Kaspersky", extra);
    cr_expect_str_eq(http_header(&r, "Cache-Control"), "no-cache", "%s", extra);
    http_free(&r);
    free(stated);
    free(just_before);
    free(at_last);
    free(at_first);
    cr_expect_eq(server_stop(&s), 0);
    free(db);
}
