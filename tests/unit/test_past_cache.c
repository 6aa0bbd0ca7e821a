/* rulings/past_cache.c: a bounded, least-recently-used set of past snapshots, found by
 * revision or by an instant inside a closed span, built once per revision. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>

#include "rulings/past_cache.h"

static atomic_int built;

/* An empty snapshot of the span's revision. */
static bool build_empty(void *ctx, const struct past_span *span, struct snapshot **out,
                        struct rd_error *err)
{
    (void)ctx;
    atomic_fetch_add(&built, 1);
    struct dataset ds = {0};
    *out = snapshot_build(&ds, span->revision, err);
    return *out != NULL;
}

static bool build_fails(void *ctx, const struct past_span *span, struct snapshot **out,
                        struct rd_error *err)
{
    (void)ctx;
    (void)span;
    *out = NULL;
    rd_error_set(err, "no database");
    return false;
}

static void obtain_span(int64_t revision, int64_t at, int64_t next_at, bool published)
{
    struct past_span span = {revision, at, next_at, published};
    struct rd_error err = {0};
    struct snapshot *s = past_cache_obtain(&span, build_empty, NULL, &err);
    cr_assert_not_null(s, "%s", err.message);
    cr_expect_eq(s->revision, revision);
    snapshot_release(s);
}

/* A revision that ends its write. */
static void obtain(int64_t revision, int64_t at, int64_t next_at)
{
    obtain_span(revision, at, next_at, true);
}

static void reset(void)
{
    past_cache_clear();
    atomic_store(&built, 0);
}

Test(past_cache, keeps_the_most_recently_used_and_drops_the_oldest, .init = reset)
{
    for (int64_t r = 1; r <= PAST_CACHE_SLOTS; r++)
        obtain(r, r * 10, r * 10 + 10);
    cr_expect_eq(past_cache_stats().entries, PAST_CACHE_SLOTS);
    struct snapshot *s = past_cache_get(1, NULL); /* 1 is now the most recent */
    cr_assert_not_null(s);
    snapshot_release(s);
    obtain(99, 990, 0); /* drops 2, the least recently used */
    s = past_cache_get(2, NULL);
    cr_expect_null(s);
    s = past_cache_get(1, NULL);
    cr_expect_not_null(s);
    snapshot_release(s);
    cr_expect_eq(past_cache_stats().entries, PAST_CACHE_SLOTS);
    cr_expect_eq(atomic_load(&built), PAST_CACHE_SLOTS + 1);
    obtain(1, 10, 20); /* kept: not built again */
    cr_expect_eq(atomic_load(&built), PAST_CACHE_SLOTS + 1);
    cr_expect_gt(past_cache_stats().bytes, 0);
}

Test(past_cache, an_instant_is_found_only_inside_a_closed_span, .init = reset)
{
    obtain(5, 100, 200);
    obtain(6, 200, 0); /* the latest: open */
    struct past_span span;
    struct snapshot *s = past_cache_get_known_at(150, &span);
    cr_assert_not_null(s);
    cr_expect_eq(span.revision, 5);
    snapshot_release(s);
    cr_expect_null(past_cache_get_known_at(99, &span));
    cr_expect_null(past_cache_get_known_at(250, &span), "an open span may yet close before it");
    obtain(6, 200, 300); /* a later revision was recorded: the span closes */
    s = past_cache_get_known_at(250, &span);
    cr_assert_not_null(s);
    cr_expect_eq(span.revision, 6);
    snapshot_release(s);
}

/* A revision inside a write of several records (asked by revision) names a state no server
 * answered from: an instant in its span saw the state before the write, and is not its. */
Test(past_cache, a_revision_inside_a_write_answers_no_instant, .init = reset)
{
    obtain_span(8, 400, 410, false);
    struct past_span span;
    cr_expect_null(past_cache_get_known_at(405, &span));
    struct snapshot *s = past_cache_get(8, &span); /* by revision, it is kept */
    cr_assert_not_null(s);
    snapshot_release(s);
}

Test(past_cache, a_failed_build_keeps_nothing_and_says_why, .init = reset)
{
    struct past_span span = {7, 1, 2, true};
    struct rd_error err = {0};
    cr_expect_null(past_cache_obtain(&span, build_fails, NULL, &err));
    cr_expect_str_eq(err.message, "no database");
    cr_expect_eq(past_cache_stats().build_failures, 1);
    cr_expect_eq(past_cache_stats().entries, 0);
}

static void *obtain_seven(void *arg)
{
    (void)arg;
    obtain(7, 1, 2);
    return NULL;
}

Test(past_cache, many_asking_at_once_build_once, .init = reset)
{
    pthread_t t[8];
    for (int i = 0; i < 8; i++)
        pthread_create(&t[i], NULL, obtain_seven, NULL);
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
    cr_expect_eq(atomic_load(&built), 1);
}

/* The kept snapshots offered to a build (server/past.c), nearest revision first. */
Test(past_cache, kept_snapshots_nearest_first, .init = reset)
{
    struct snapshot *got[PAST_CACHE_SLOTS];
    cr_expect_eq(past_cache_kept_near(5, got, PAST_CACHE_SLOTS), 0, "none kept");
    obtain(10, 100, 110);
    obtain(30, 300, 310);
    obtain(20, 200, 210);
    size_t n = past_cache_kept_near(21, got, PAST_CACHE_SLOTS);
    cr_assert_eq(n, 3);
    const int64_t want[] = {20, 30, 10};
    for (size_t i = 0; i < n; i++) {
        cr_expect_eq(got[i]->revision, want[i], "%zu", i);
        snapshot_release(got[i]);
    }
    cr_assert_eq(past_cache_kept_near(9, got, 1), 1, "at most cap");
    cr_expect_eq(got[0]->revision, 10);
    snapshot_release(got[0]);
}

/* A kept snapshot a past revision was patched from (server/past.c) counts as used: it stays
 * while nearby revisions are asked in turn; one not kept is ignored. */
Test(past_cache, a_base_used_stays_kept, .init = reset)
{
    for (int64_t r = 1; r <= PAST_CACHE_SLOTS; r++)
        obtain(r, r * 10, r * 10 + 10);
    struct snapshot *got[PAST_CACHE_SLOTS];
    cr_assert_eq(past_cache_kept_near(1, got, 1), 1);
    past_cache_used(got[0]); /* 1, the least recently used, patched from */
    struct dataset ds = {0};
    struct rd_error err = {0};
    struct snapshot *stranger = snapshot_build(&ds, 77, &err);
    cr_assert_not_null(stranger, "%s", err.message);
    past_cache_used(stranger); /* not kept: nothing changes */
    snapshot_release(stranger);
    obtain(99, 990, 0); /* drops 2, not 1 */
    struct snapshot *s = past_cache_get(1, NULL);
    cr_expect_not_null(s, "the base was dropped");
    snapshot_release(s);
    cr_expect_null(past_cache_get(2, NULL));
    snapshot_release(got[0]);
}
