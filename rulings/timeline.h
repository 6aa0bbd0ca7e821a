#ifndef RULINGS_TIMELINE_H
#define RULINGS_TIMELINE_H
/*
 * A subject's rulings on a time line (the analysts' page and GET
 * /v1/subjects/{id}/timeline.svg; rulings/timeline_svg.h draws it): one lane per ruling
 * that reaches the subject -- its own and those its relations bring (rulings/reach.h),
 * ended ones too -- each with its state at the question's instant as evaluate() decides
 * it, and the time axis that holds them all and that instant.
 */
#include <stdbool.h>
#include <stdint.h>

#include "rulings/evaluate.h"
#include "rulings/snapshot.h"

#define TIMELINE_MAX_LANES 60 /* more are counted in `n_more`, the oldest ended ones first */

enum lane_state {
    LANE_IN_EFFECT,    /* in evaluate()'s in_effect at as_of */
    LANE_UPCOMING,     /* takes effect after as_of */
    LANE_UNCERTAIN,    /* in force then, if at all, with certainty "unknown" */
    LANE_NOT_IN_EFFECT /* ended, suspended or carved out by an exemption at as_of */
};

struct timeline_lane {
    uint32_t ruling; /* index into s->rulings */
    const struct rd_ruling *rec;
    enum lane_state state;
    bool conditional;     /* applies only under a condition the question did not decide */
    uint8_t nhops;        /* 0: the subject's own ruling */
    uint32_t via_subject; /* the subject whose ruling it is, when nhops > 0 or tied */
};

struct timeline {
    uint32_t subject;
    int64_t as_of;
    int64_t start, end;          /* the axis: whole years around every lane and as_of */
    struct timeline_lane *lanes; /* malloc'd; ordered by effective_from, then id */
    size_t n_lanes, n_more;
};

/* Builds the time line of `subject` at f->as_of; the jurisdiction filter leaves out other
 * jurisdictions' rulings (party and purpose are not applied). The snapshot is borrowed for
 * as long as `out` is used; free with timeline_free(). False only when out of memory. */
bool timeline_build(const struct snapshot *s, uint32_t subject, const struct eval_filter *f,
                    struct timeline *out) RD_MUST_CHECK;

/* Adds ruling `ruling` as in effect when the time line lacks it (a ruling of a subject
 * tied with the match, which made the verdict too); recomputes the axis. False only when
 * out of memory. */
bool timeline_add_in_effect(const struct snapshot *s, struct timeline *t,
                            uint32_t ruling) RD_MUST_CHECK;

void timeline_free(struct timeline *t);

/* How many lanes are in `state`. */
size_t timeline_count(const struct timeline *t, enum lane_state state);

#endif
