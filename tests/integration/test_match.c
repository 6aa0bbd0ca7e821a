/* Name matching over HTTP against the seed data (the shared server), and the match
 * index following a change written straight into PostgreSQL (own database and server). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static const char *str(json_t *doc, const char *key)
{
    return json_string_value(json_object_get(doc, key));
}

struct variant {
    const char *name, *subject, *method;
};

/* Spellings from procurement data: all restricted on 2024-10-01. */
static const struct variant variants[] = {
    {"KASPERSKY LAB INC", "kaspersky-lab-inc", "exact"},
    {"Kasperksy Lab", "ao-kaspersky-lab", "fuzzy"},
    {"Kapersky Lab", "ao-kaspersky-lab", "fuzzy"},
    {"KasperskyLab", "ao-kaspersky-lab", "fuzzy"},
    {"Лаборатория Касперского", "ao-kaspersky-lab", "transliterated"},
    {"ЗАО «Лаборатория Касперского»", "ao-kaspersky-lab", "transliterated"},
    {"Kaspersky Total Security 2024", "kaspersky-total-security", "fuzzy"},
    {"Kaspersky Endpoint Security 11.10 for Windows", "kaspersky-endpoint-security", "fuzzy"},
    {"Kaspersky Anti-Virus for Business", "kaspersky-anti-virus", "fuzzy"},
    {"www.kaspersky.com", "ao-kaspersky-lab", "fuzzy"},
    {"Andrey Tikhonov", "andrei-gennadyevich-tikhonov", "fuzzy"},
    {"Marina Mikhaylovna Alexeyeva", "marina-mikhaylovna-alekseeva", "transliterated"},
};

Test(match, procurement_spellings_are_found_and_restricted)
{
    for (size_t i = 0; i < sizeof variants / sizeof *variants; i++) {
        const struct variant *v = &variants[i];
        struct http r = http_get(check_url(shared_url(), v->name, "as_of=2024-10-01"));
        cr_assert_eq(r.status, 200, "%s", v->name);
        json_t *m = json_object_get(r.json, "match");
        cr_expect_str_eq(str(m, "id"), v->subject, "%s -> %s", v->name, str(m, "id"));
        cr_expect_str_eq(str(m, "method"), v->method, "%s: %s", v->name, str(m, "method"));
        cr_expect_str_eq(str(r.json, "verdict"), "restricted", "%s", v->name);
        double score = json_real_value(json_object_get(m, "score"));
        cr_expect(score >= 0.85 && score <= 1.0, "%s: score %f", v->name, score);
        cr_expect(str(m, "normalized") && *str(m, "normalized"));
        http_free(&r);
    }
}

Test(match, look_alikes_are_not_restricted)
{
    const char *names[] = {"Kasper Systems",    "Kaspar Holdings",   "Labcorp",
                           "Total Security",    "Security Group",    "Bitdefender Total Security",
                           "Natalya Kaspersky", "Co-operative Bank", NULL};
    for (const char **n = names; *n; n++) {
        struct http r = http_get(check_url(shared_url(), *n, "as_of=2024-10-01"));
        cr_assert_eq(r.status, 200, "%s", *n);
        cr_expect_str_eq(str(r.json, "verdict"), "no_match", "%s", *n);
        cr_expect(json_is_false(json_object_get(r.json, "restricted")), "%s", *n);
        http_free(&r);
    }
}

Test(match, near_misses_min_score_and_limit)
{
    /* Two typos in a short name: no match at the default threshold, a near miss listed. */
    struct http r = http_get(check_url(shared_url(), "Kaperksy Lab", "as_of=2024-10-01"));
    cr_assert_eq(r.status, 200);
    cr_expect_str_eq(str(r.json, "verdict"), "no_match");
    json_t *near = json_array_get(json_object_get(r.json, "candidates"), 0);
    cr_assert(json_is_object(near), "a near miss is listed");
    cr_expect_str_eq(str(near, "id"), "ao-kaspersky-lab");
    double score = json_real_value(json_object_get(near, "score"));
    cr_expect(score < 0.85 && score >= 0.6, "near miss score %f", score);
    http_free(&r);

    /* ... and a match when the caller lowers min_score below it. */
    r = http_get(check_url(shared_url(), "Kaperksy Lab", "as_of=2024-10-01&min_score=0.7"));
    cr_expect_str_eq(str(json_object_get(r.json, "match"), "id"), "ao-kaspersky-lab");
    cr_expect_str_eq(str(r.json, "verdict"), "restricted");
    http_free(&r);

    r = http_get(check_url(shared_url(), "Kaspersky", "limit=2"));
    cr_expect_eq(json_array_size(json_object_get(r.json, "candidates")), 2);
    http_free(&r);
    r = http_get(check_url(shared_url(), "Kaspersky", "limit=0"));
    cr_expect_eq(json_array_size(json_object_get(r.json, "candidates")), 0);
    cr_expect_str_eq(str(json_object_get(r.json, "match"), "id"), "ao-kaspersky-lab");
    http_free(&r);
}

Test(match, same_answer_every_time)
{
    /* "Kaspersky Lab" (the organisation's brand) and "Kaspersky Lab, Inc." differ by a
     * legal form only: the order must never flip. */
    for (int i = 0; i < 10; i++) {
        struct http r = http_get(check_url(shared_url(), "Kaspersky Lab", "kind=organization"));
        cr_assert_eq(r.status, 200);
        cr_expect_str_eq(str(json_object_get(r.json, "match"), "id"), "ao-kaspersky-lab");
        json_t *next = json_array_get(json_object_get(r.json, "candidates"), 0);
        cr_expect_str_eq(str(next, "id"), "kaspersky-lab-inc");
        http_free(&r);
    }
}

/* An alias written into PostgreSQL reaches the match index of a running server. */
/* No Criterion .timeout (it leaks in the runner under ASan): the waits are bounded here. */
Test(match, new_alias_is_indexed_after_reload)
{
    char *db = db_create("match_alias");
    struct server s;
    cr_assert(server_start(&s, db, NULL, true));
    char url[512];
    snprintf(url, sizeof url, "%s", check_url(s.base, "Zorbinex Ltd", "as_of=2024-10-01"));
    struct http r = http_get(url);
    cr_expect_str_eq(str(r.json, "verdict"), "no_match");
    http_free(&r);
    cr_assert(db_run(db, "INSERT INTO aliases (subject_id, alias, kind) "
                         "VALUES ('ao-kaspersky-lab', 'Zorbinex', 'former')"));
    cr_expect(wait_for_json_string(url, "verdict", "restricted", 10000),
              "the new alias was not matched after the reload");
    r = http_get(url);
    json_t *m = json_object_get(r.json, "match");
    cr_expect_str_eq(str(m, "id"), "ao-kaspersky-lab");
    cr_expect_str_eq(str(m, "matched_alias"), "Zorbinex");
    cr_expect_str_eq(str(m, "alias_kind"), "former");
    http_free(&r);
    cr_expect_eq(server_stop(&s), 0);
    free(db);
}
