/* handle_check's validator: a hash of the question and the data revision, known before the
 * answer is built, so that If-None-Match is answered 304 through reply_if_not_modified
 * (docs/api.md "Validators", docs/decisions/0003). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/handlers.h"
#include "lib/strbuf.h"
#include "request_double.h"
#include "unit/fixtures.h"

#define QUESTION "name=Kaspersky%20Lab&as_of=2024-10-01"

FX_SUITE_SNAPSHOT(fx_seed())

TestSuite(check_etag, .init = setup, .fini = teardown);

static struct fake_reply *ask(const struct snapshot *s, const char *query, const char *inm)
{
    char header[300];
    snprintf(header, sizeof header, "If-None-Match: %s", inm ? inm : "");
    struct fake_spec spec = {.path = "/v1/check", .query = query, .snap = s};
    if (inm) spec.headers[0] = header;
    return fake_call(handle_check, &spec);
}

/* The ETag a 200 answer to `query` carries; caller frees. */
static char *tag_of(const struct snapshot *s, const char *query)
{
    struct fake_reply *r = ask(s, query, NULL);
    cr_assert_eq(r->status, 200, "%s: %u %s", query, r->status, r->body);
    const char *tag = fake_header(r, "ETag");
    cr_assert_not_null(tag, "%s: no ETag", query);
    char *copy = strdup(tag);
    fake_reply_free(r);
    return copy;
}

Test(check_etag, the_same_question_the_same_tag)
{
    char *a = tag_of(snap, QUESTION), *b = tag_of(snap, QUESTION);
    cr_expect_str_eq(a, b);
    free(a);
    free(b);
}

static void expect_304(struct fake_reply *r, const char *tag, const char *inm)
{
    cr_expect_eq(r->status, 304, "If-None-Match: %s gave %u", inm, r->status);
    cr_expect(r->not_modified, "answered through reply_if_not_modified");
    cr_expect_str_eq(fake_header(r, "ETag"), tag, "a 304 carries the validator");
    cr_expect_eq(fake_header_count(r, "ETag"), 1);
    cr_expect_eq(r->body_len, 0, "a 304 has no body");
    cr_expect_null(r->content_type);
}

Test(check_etag, if_none_match_with_the_tag_is_304)
{
    char *tag = tag_of(snap, QUESTION);
    char other_first[100], weak[100];
    snprintf(other_first, sizeof other_first, "\"0000000000000000\", %s", tag);
    snprintf(weak, sizeof weak, "W/%s", tag); /* If-None-Match compares weakly (RFC 9110) */
    const char *const matching[] = {tag, other_first, weak, "*"};
    for (size_t i = 0; i < sizeof matching / sizeof *matching; i++) {
        struct fake_reply *r = ask(snap, QUESTION, matching[i]);
        expect_304(r, tag, matching[i]);
        fake_reply_free(r);
    }
    free(tag);
}

Test(check_etag, another_tag_is_answered_in_full)
{
    char *tag = tag_of(snap, QUESTION);
    const char *const others[] = {"\"0000000000000000\"", "\"\"", "garbage", ""};
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        struct fake_reply *r = ask(snap, QUESTION, others[i]);
        cr_expect_eq(r->status, 200, "If-None-Match: %s gave %u", others[i], r->status);
        cr_expect_str_eq(fake_header(r, "ETag"), tag);
        cr_expect_gt(r->body_len, 0);
        fake_reply_free(r);
    }
    free(tag);
}

/* Everything docs/api.md lists as part of the question changes the tag. */
Test(check_etag, every_part_of_the_question_changes_the_tag)
{
    static const char *const variants[] = {
        QUESTION,
        "name=Kaspersky%20Labs&as_of=2024-10-01",
        "name=Kaspersky%20Lab&as_of=2024-10-02",
        "name=Kaspersky%20Lab&as_of=2024-10-01T12:00:00Z",
        "name=Kaspersky%20Lab&as_of=2024-10-01&kind=organization",
        "name=Kaspersky%20Lab&as_of=2024-10-01&jurisdiction=US",
        "name=Kaspersky%20Lab&as_of=2024-10-01&binds=us-persons",
        "name=Kaspersky%20Lab&as_of=2024-10-01&min_score=0.9",
        "name=Kaspersky%20Lab&as_of=2024-10-01&limit=2",
        "name=Kaspersky%20Lab&as_of=2024-10-01&pretty=true",
    };
    enum { N = sizeof variants / sizeof *variants };
    char *tags[N];
    for (size_t i = 0; i < N; i++)
        tags[i] = tag_of(snap, variants[i]);
    for (size_t i = 0; i < N; i++)
        for (size_t j = i + 1; j < N; j++)
            cr_expect_str_neq(tags[i], tags[j], "%s and %s share a tag", variants[i], variants[j]);
    /* The same question spelt differently is the same question. */
    char *same = tag_of(snap, "as_of=2024-10-01T23:59:59Z&name=Kaspersky+Lab");
    cr_expect_str_eq(same, tags[0]);
    free(same);
    for (size_t i = 0; i < N; i++)
        free(tags[i]);
}

Test(check_etag, a_new_revision_changes_the_tag)
{
    struct dataset ds;
    struct field_errors fe = {0};
    cr_assert(dataset_load_file(FX_SEED_PATH, &ds, &fe));
    field_errors_free(&fe);
    struct rd_error err = {0};
    struct snapshot *next = snapshot_build(&ds, 2, &err);
    cr_assert_not_null(next, "%s", err.message);
    char *before = tag_of(snap, QUESTION), *after = tag_of(next, QUESTION);
    cr_expect_str_neq(before, after, "same data, new revision: a new tag");
    struct fake_reply *r = ask(next, QUESTION, before);
    cr_expect_eq(r->status, 200, "the old tag is not current");
    fake_reply_free(r);
    free(before);
    free(after);
    snapshot_release(next);
}

/* RFC 9110 13.2.1: preconditions are ignored when the answer would not be 2xx: a bad
 * request stays a 400 whatever If-None-Match says. */
Test(check_etag, bad_parameters_are_400_whatever_if_none_match_says)
{
    struct fake_reply *r = ask(snap, "name=Kaspersky&as_of=yesterday", "*");
    fake_field_problem(r, PROBLEM_INVALID_PARAMETER, "/v1/check", "as_of", "invalid_date");
    fake_reply_free(r);
}

Test(check_etag, a_name_the_check_refuses_is_400_whatever_if_none_match_says)
{
    struct strbuf q = {0};
    sb_puts(&q, "as_of=2024-10-01&name=");
    for (int i = 0; i < 100; i++)
        sb_printf(&q, "%sw%d", i ? "+" : "", i);
    struct fake_reply *r = ask(snap, q.data, "*");
    cr_expect_eq(r->status, 400,
                 "a name of 100 words is refused with 400 (too_long) without If-None-Match, so "
                 "If-None-Match: * must not make it a 304 (got %u)",
                 r->status);
    fake_reply_free(r);
    sb_free(&q);
}
