/* The time line of a subject (rulings/timeline.c) and its picture (rulings/timeline_svg.c):
 * lanes in the states evaluate() gives, in date order, an axis that holds them, the cap on
 * lanes, the jurisdiction filter. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "fixtures.h"
#include "lib/timeutil.h"
#include "rulings/timeline.h"
#include "rulings/timeline_svg.h"

static struct timeline build(const struct snapshot *s, const char *subject, const char *as_of,
                             const char *jurisdiction)
{
    const struct snap_subject *sub = snapshot_subject(s, subject);
    cr_assert_not_null(sub, "%s", subject);
    struct eval_filter f = {fx_t(as_of), jurisdiction, NULL, NULL};
    struct timeline t;
    cr_assert(timeline_build(s, (uint32_t)(sub - s->subjects), &f, &t));
    return t;
}

static bool on_jan1(int64_t t)
{
    char d[RD_TIME_BUFSZ];
    rd_time_format(t, d, sizeof d);
    return strcmp(d + 4, "-01-01T00:00:00Z") == 0;
}

Test(timeline, kaspersky_lanes_follow_evaluate)
{
    struct snapshot *s = fx_seed();
    struct timeline t = build(s, "ao-kaspersky-lab", "2024-10-01T23:59:59Z", NULL);
    struct verdict v;
    fx_eval(s, "ao-kaspersky-lab", "2024-10-01T23:59:59Z", NULL, NULL, &v);
    cr_expect_eq(timeline_count(&t, LANE_IN_EFFECT), v.n_in_effect);
    cr_expect_eq(timeline_count(&t, LANE_UPCOMING), v.n_upcoming);
    cr_expect_eq(timeline_count(&t, LANE_UNCERTAIN), v.n_uncertain);
    cr_expect_gt(v.n_upcoming, 0, "the seed has phases after 2024-10-01");
    cr_expect_eq(t.n_more, 0);
    for (size_t i = 0; i < t.n_lanes; i++) {
        const struct timeline_lane *l = &t.lanes[i];
        const struct applied *a = l->state == LANE_IN_EFFECT  ? v.in_effect
                                  : l->state == LANE_UPCOMING ? v.upcoming
                                                              : NULL;
        size_t n = l->state == LANE_IN_EFFECT ? v.n_in_effect : v.n_upcoming;
        if (a) cr_expect(fx_find(s, a, n, l->rec->id), "%s", l->rec->id);
        if (i) cr_expect_leq(rd_ruling_cmp(t.lanes[i - 1].rec, l->rec), 0, "date order");
        cr_expect_leq(t.start, l->rec->effective_from);
        cr_expect_gt(t.end, l->rec->effective_from);
        cr_expect(!l->rec->has_until || t.end > l->rec->effective_until);
    }
    cr_expect(t.start <= t.as_of && t.as_of < t.end && on_jan1(t.start) && on_jan1(t.end));
    verdict_free(&v);

    struct strbuf sb = {0};
    timeline_svg(s, &t, true, &sb);
    cr_assert(!sb.failed);
    cr_expect(strncmp(sb.data, "<?xml", 5) == 0);
    size_t lanes = 0;
    for (const char *p = sb.data; (p = strstr(p, "<g class=\"lane ")) != NULL; p++)
        lanes++;
    cr_expect_eq(lanes, t.n_lanes);
    sb_free(&sb);
    timeline_free(&t);
    snapshot_release(s);
}

Test(timeline, a_jurisdiction_leaves_the_others_out)
{
    struct snapshot *s = fx_seed();
    struct timeline all = build(s, "ao-kaspersky-lab", "2024-10-01T23:59:59Z", NULL);
    struct timeline de = build(s, "ao-kaspersky-lab", "2024-10-01T23:59:59Z", "DE");
    cr_expect_gt(de.n_lanes, 0);
    cr_expect_lt(de.n_lanes, all.n_lanes);
    for (size_t i = 0; i < de.n_lanes; i++)
        cr_expect_str_eq(s->sources[s->rulings[de.lanes[i].ruling].source].jurisdiction, "DE");
    timeline_free(&all);
    timeline_free(&de);
    snapshot_release(s);
}

/* More rulings than lanes: those in effect stay, the oldest ended ones go first. */
Test(timeline, the_lanes_are_capped_oldest_ended_first)
{
    struct dataset ds;
    size_t n = TIMELINE_MAX_LANES + 10;
    fx_begin(&ds, n + 4);
    fx_source(&ds, "src", "US");
    fx_subject(&ds, "acme", SUBJECT_ORGANIZATION, "Acme", NULL, RELATION_NONE);
    for (size_t i = 0; i < n; i++) {
        char id[32], from[32], until[32];
        snprintf(id, sizeof id, "r%03zu", i);
        snprintf(from, sizeof from, "%04zu-01-01T00:00:00Z", 1900 + i);
        snprintf(until, sizeof until, "%04zu-06-01T00:00:00Z", 1900 + i);
        /* the last five are open-ended: in effect at the end */
        fx_ruling(&ds, id, "acme", "src", STATUS_RESTRICTED, "us-persons", from,
                  i + 5 >= n ? NULL : until, false);
    }
    struct snapshot *s = fx_build(&ds);
    struct timeline t = build(s, "acme", "2100-01-01T00:00:00Z", NULL);
    cr_expect_eq(t.n_lanes, TIMELINE_MAX_LANES);
    cr_expect_eq(t.n_more, 10);
    cr_expect_eq(timeline_count(&t, LANE_IN_EFFECT), 5);
    cr_expect_str_eq(t.lanes[0].rec->id, "r010", "the ten oldest ended ones are left out");
    cr_expect_eq(t.lanes[0].state, LANE_NOT_IN_EFFECT);
    timeline_free(&t);
    snapshot_release(s);
}
