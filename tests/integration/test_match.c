/* Name matching over HTTP against the seed data (the shared server), and the match
 * index following a change written straight into PostgreSQL (own database and server). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

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
        struct http r = check_200(shared_url(), v->name, "as_of=2024-10-01");
        json_t *m = json_object_get(r.json, "match");
        cr_expect_str_eq(jstr(m, "id"), v->subject, "%s -> %s", v->name, jstr(m, "id"));
        cr_expect_str_eq(jstr(m, "method"), v->method, "%s: %s", v->name, jstr(m, "method"));
        cr_expect_str_eq(jstr(r.json, "verdict"), "restricted", "%s", v->name);
        double score = json_real_value(json_object_get(m, "score"));
        cr_expect(score >= 0.85 && score <= 1.0, "%s: score %f", v->name, score);
        cr_expect(jstr(m, "normalized") && *jstr(m, "normalized"));
        http_free(&r);
    }
}

Test(match, look_alikes_are_not_restricted)
{
    static const char *const names[] = {
        "Kasper Systems",    "Kaspar Holdings",   "Labcorp",
        "Total Security",    "Security Group",    "Bitdefender Total Security",
        "Natalya Kaspersky", "Co-operative Bank", NULL};
    expect_verdicts(names, "as_of=2024-10-01", "no_match");
}

Test(match, near_misses_min_score_and_limit)
{
    /* Two typos in a short name: no match at the default threshold, a near miss listed. */
    struct http r = check_200(shared_url(), "Kaperksy Lab", "as_of=2024-10-01");
    cr_expect_str_eq(jstr(r.json, "verdict"), "no_match");
    json_t *near = json_array_get(json_object_get(r.json, "candidates"), 0);
    cr_assert(json_is_object(near), "a near miss is listed");
    cr_expect_str_eq(jstr(near, "id"), "ao-kaspersky-lab");
    double score = json_real_value(json_object_get(near, "score"));
    cr_expect(score < 0.85 && score >= 0.6, "near miss score %f", score);
    http_free(&r);

    /* ... and a match when the caller lowers min_score below it. */
    r = http_get(check_url(shared_url(), "Kaperksy Lab", "as_of=2024-10-01&min_score=0.7"));
    cr_expect_str_eq(jstr(json_object_get(r.json, "match"), "id"), "ao-kaspersky-lab");
    cr_expect_str_eq(jstr(r.json, "verdict"), "restricted");
    http_free(&r);

    r = http_get(check_url(shared_url(), "Kaspersky", "limit=2"));
    cr_expect_eq(json_array_size(json_object_get(r.json, "candidates")), 2);
    http_free(&r);
    r = http_get(check_url(shared_url(), "Kaspersky", "limit=0"));
    cr_expect_eq(json_array_size(json_object_get(r.json, "candidates")), 0);
    cr_expect_str_eq(jstr(json_object_get(r.json, "match"), "id"), "ao-kaspersky-lab");
    http_free(&r);
}

Test(match, same_answer_every_time)
{
    /* "Kaspersky Lab" (the organisation's brand) and "Kaspersky Lab, Inc." differ by a
     * legal form only: the order must never flip. */
    for (int i = 0; i < 10; i++) {
        struct http r = check_200(shared_url(), "Kaspersky Lab", "kind=organization");
        cr_expect_str_eq(jstr(json_object_get(r.json, "match"), "id"), "ao-kaspersky-lab");
        json_t *next = json_array_get(json_object_get(r.json, "candidates"), 0);
        cr_expect_str_eq(jstr(next, "id"), "kaspersky-lab-inc");
        http_free(&r);
    }
}

/* An alias written into PostgreSQL reaches the match index of a running server. */
/* No Criterion .timeout (it leaks in the runner under ASan): the waits are bounded here. */
Test(match, new_alias_is_indexed_after_reload)
{
    struct testbed tb;
    testbed_start(&tb, db_create("match_alias"), NULL);
    char url[512];
    snprintf(url, sizeof url, "%s", check_url(tb.s.base, "Zorbinex Ltd", "as_of=2024-10-01"));
    struct http r = http_get(url);
    cr_expect_str_eq(jstr(r.json, "verdict"), "no_match");
    http_free(&r);
    cr_assert(db_run(tb.db, "INSERT INTO aliases (subject_id, alias, kind) "
                            "VALUES ('ao-kaspersky-lab', 'Zorbinex', 'former')"));
    cr_expect(wait_for_json_string(url, "verdict", "restricted", 10000),
              "the new alias was not matched after the reload");
    r = http_get(url);
    json_t *m = json_object_get(r.json, "match");
    cr_expect_str_eq(jstr(m, "id"), "ao-kaspersky-lab");
    cr_expect_str_eq(jstr(m, "matched_alias"), "Zorbinex");
    cr_expect_str_eq(jstr(m, "alias_kind"), "former");
    http_free(&r);
    testbed_stop(&tb);
}
