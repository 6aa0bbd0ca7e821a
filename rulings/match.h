#ifndef RULINGS_MATCH_H
#define RULINGS_MATCH_H
/*
 * Finding the subject a name means. The index lives in the snapshot (built by
 * match_index_build); a query is normalised once (rulings/normalize.h) and
 * scored against candidate aliases. One hit per subject, best first.
 */
#include <stddef.h>
#include <stdint.h>

#include "rulings/error.h"
#include "rulings/normalize.h"
#include "rulings/snapshot.h"

enum match_method { MATCH_EXACT, MATCH_ALIAS, MATCH_TRANSLITERATED, MATCH_FUZZY };

extern const struct enum_names MATCH_METHODS;

#define MATCH_DEFAULT_MIN_SCORE 0.85

struct match_hit {
    uint32_t subject, alias; /* indexes into the snapshot */
    double score;            /* in [0,1] */
    enum match_method method;
};

struct match_query {
    const struct norm_name *name;
    int kind;         /* enum subject_kind, or -1 for any */
    double min_score; /* hits below are not returned */
};

/* Fills up to `cap` hits, best first (ties: by subject id), and returns how many. */
size_t match_find(const struct snapshot *s, const struct match_query *q, struct match_hit *out,
                  size_t cap);

/* Builds the snapshot's match index (s->match_index); called by snapshot_build. */
bool match_index_build(struct snapshot *s, struct rd_error *err) RD_MUST_CHECK;
void match_index_free(void *index);

#endif
