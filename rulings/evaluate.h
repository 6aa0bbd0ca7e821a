#ifndef RULINGS_EVALUATE_H
#define RULINGS_EVALUATE_H
/*
 * As-of evaluation: which rulings bind a subject at an instant, which take
 * effect later, and the verdict. Rulings reach a subject directly or along its
 * relations:
 *   - affiliates: a ruling that extends_to_affiliates reaches every subject in the
 *     corporate group (the tree of subsidiary_of links it belongs to);
 *   - product_of, incorporates, successor_of: a subject inherits every ruling
 *     that reaches its vendor, the incorporated vendor, or its predecessor.
 * An `exempt` ruling overrides rulings of the same source that reach the subject
 * from further away (a product exempted from its vendor's determination).
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

#define EVAL_MAX_HOPS 6

struct hop {
    enum hop_kind kind;
    uint32_t subject; /* the subject this hop reaches */
};

/* A ruling as it applies to the subject asked about, with the way it got there. */
struct applied {
    uint32_t ruling;
    uint8_t nhops; /* 0 = the subject's own ruling */
    struct hop hops[EVAL_MAX_HOPS];
};

struct eval_filter {
    int64_t as_of;
    const char *jurisdiction; /* NULL = any; else the source's jurisdiction must equal it */
    const char *binds;        /* NULL = any; else the ruling's binds must equal it */
};

struct verdict {
    enum verdict_kind kind;
    bool has_since;
    int64_t since; /* start of the continuous period of the verdict's kind or stronger
                      (advisory: advisories and restrictions) */
    struct applied *in_effect, *upcoming;
    size_t n_in_effect, n_upcoming;
};

/* Evaluates `subject` (an index into s->subjects). The caller frees the verdict with
 * verdict_free(). False only on allocation failure. */
bool evaluate(const struct snapshot *s, uint32_t subject, const struct eval_filter *f,
              struct verdict *out) RD_MUST_CHECK;
void verdict_free(struct verdict *v);

#endif
