/* Watching (rulings/watch.c): an item answered as /v1/check answers it, changes told apart,
 * the next instant an answer can change at, and which ruling's instant explains a change;
 * and the Standard Webhooks signature (lib/webhook_sign.c) on the specification's example. */
#include <criterion/criterion.h>
#include <string.h>

#include "fixtures.h"
#include "lib/webhook_sign.h"
#include "rulings/watch.h"

static const struct fx_source_row sources[] = {{"src", "US"}};
static const struct fx_subject_row subjects[] = {
    {"acme", SUBJECT_ORGANIZATION, "Acme Inc.", NULL, RELATION_NONE},
};
static const struct fx_ruling_row rulings[] = {
    {"r-phase-1", "acme", "src", STATUS_ADVISORY, "x", "2024-06-24T04:00:00Z",
     "2024-09-29T04:00:00Z", false},
    {"r-phase-2", "acme", "src", STATUS_RESTRICTED, "x", "2024-09-29T04:00:00Z", NULL, false},
};
static const struct fx_tables tables = {
    .sources = FX_LIST(sources), .subjects = FX_LIST(subjects), .rulings = FX_LIST(rulings)};

Test(watch, answers_change_at_the_phases_instant)
{
    struct snapshot *s = fx_build_tables(&tables);
    struct watch_question q = {.name = "Acme Inc."};
    struct watch_answer before, after;
    cr_assert(watch_answer(s, &q, fx_t("2024-09-29T03:59:59Z"), &before));
    cr_assert(watch_answer(s, &q, fx_t("2024-09-29T04:00:00Z"), &after));
    cr_expect_eq(before.verdict, VERDICT_ADVISORY);
    cr_expect_eq(after.verdict, VERDICT_RESTRICTED);
    cr_expect_str_eq(before.rulings, "[\"r-phase-1\"]");
    cr_expect_str_eq(after.rulings, "[\"r-phase-2\"]");
    cr_expect(watch_answer_changed(&before, &after));
    cr_expect(!watch_answer_changed(&after, &after));
    snapshot_release(s);
}

Test(watch, next_instant_and_its_cause)
{
    struct snapshot *s = fx_build_tables(&tables);
    cr_expect_eq(watch_next_instant(s, fx_t("2024-01-01T00:00:00Z")), fx_t("2024-06-24T04:00:00Z"));
    /* phase 1's end and phase 2's start are the same instant: the next is strictly after */
    cr_expect_eq(watch_next_instant(s, fx_t("2024-06-24T04:00:00Z")), fx_t("2024-09-29T04:00:00Z"));
    cr_expect_eq(watch_next_instant(s, fx_t("2024-09-29T04:00:00Z")), INT64_MAX);
    size_t r;
    int64_t at;
    cr_assert(watch_instant_cause(s, fx_t("2024-09-01T00:00:00Z"), fx_t("2024-10-01T00:00:00Z"), &r,
                                  &at));
    cr_expect_eq(at, fx_t("2024-09-29T04:00:00Z"));
    cr_expect(!watch_instant_cause(s, fx_t("2024-10-01T00:00:00Z"), fx_t("2025-01-01T00:00:00Z"),
                                   &r, &at));
    snapshot_release(s);
}

/* Inputs in the form of the specification's example; the expected signature was computed
 * independently (Python's hmac and base64 modules). */
Test(watch, standard_webhooks_signature)
{
    char sig[WEBHOOK_SIGNATURE_MAX], secret[WEBHOOK_SECRET_MAX];
    const char *body = "{\"test\": 2432232314}";
    cr_assert(webhook_sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                           1614265330, body, strlen(body), sig));
    cr_expect_str_eq(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    cr_expect(!webhook_sign("not-a-secret", "id", 1, body, strlen(body), sig));
    cr_assert(webhook_secret_new(secret));
    cr_expect(strncmp(secret, "whsec_", 6) == 0 && strlen(secret) == 6 + 44);
}
