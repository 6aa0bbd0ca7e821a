#ifndef RULINGS_EVALUATE_H
#define RULINGS_EVALUATE_H
/*
 * As-of evaluation: which rulings apply to the subjects asked about at an instant, which
 * take effect later, and the verdict (docs/decisions/0007). A ruling reaches a subject
 * directly, or along its relations as far as the ruling's reach allows:
 *   - its corporate group (subsidiary_of links, both ways): reach.group;
 *   - its predecessor (successor_of): always, a successor continues the party;
 *   - a product (product_of) of a reached organisation: reach.products admits the
 *     product's categories;
 *   - a third-party product that incorporates a reached one: reach.incorporating.
 * An `exempt` ruling carves out of the rulings it names (`exempts`; without it, those of
 * its own source) that reach the same subject from as far or further away.
 */
#include <stdbool.h>
#include <stdint.h>

#include "lib/error.h"
#include "rulings/snapshot.h"

enum verdict_kind {
    VERDICT_RESTRICTED,
    VERDICT_ADVISORY,
    VERDICT_CLEAR,
    VERDICT_NO_MATCH,
    VERDICT_COUNT
};
extern const struct enum_names VERDICTS;

enum hop_kind { HOP_AFFILIATE, HOP_PRODUCT_OF, HOP_INCORPORATES, HOP_SUCCESSOR_OF, HOP_KIND_COUNT };
extern const struct enum_names HOP_KINDS;

/* The longest path: a chain (rulings/model.h), then one hop into a group. */
#define EVAL_MAX_HOPS (RELATION_MAX_CHAIN + 1)

struct hop {
    enum hop_kind kind;
    uint32_t subject; /* the subject this hop reaches */
};

enum applied_flags {
    APPLIED_AFFECTED = 1 << 0,    /* the party asked about is affected, not bound */
    APPLIED_CONDITIONAL = 1 << 1, /* it applies under a condition the question did not decide */
};

/* A ruling as it applies to a subject asked about, with the way it got there. */
struct applied {
    uint32_t ruling;
    uint32_t from; /* the subject asked about it reaches */
    uint8_t nhops; /* 0 = that subject's own ruling */
    uint8_t flags; /* enum applied_flags */
    struct hop hops[EVAL_MAX_HOPS];
};

struct eval_filter {
    int64_t as_of;
    const char *jurisdiction; /* NULL = any; else the source's jurisdiction must equal it */
    const char *party;        /* NULL = any; else the ruling binds or affects it */
    const char *purpose;      /* NULL = not stated; else decides conditions with purposes */
};

struct verdict {
    enum verdict_kind kind;
    bool has_since;
    int64_t since; /* start of the continuous period of the verdict's kind or stronger
                      (advisory: advisories and restrictions) */
    struct applied *in_effect, *upcoming, *uncertain; /* uncertain: in force, if at all,
                                                         with certainty "unknown" */
    size_t n_in_effect, n_upcoming, n_uncertain;
};

/* Evaluates the rulings reaching any of `subjects` (indexes into s->subjects; n >= 1).
 * The caller frees the verdict with verdict_free(). False only on allocation failure. */
bool evaluate(const struct snapshot *s, const uint32_t *subjects, size_t n,
              const struct eval_filter *f, struct verdict *out) RD_MUST_CHECK;
void verdict_free(struct verdict *v);

#endif
