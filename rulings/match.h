#ifndef RULINGS_MATCH_H
#define RULINGS_MATCH_H
/*
 * Finding the subject a name means (docs/matching.md). The index lives in the
 * snapshot (built by match_index_build, rulings/match_index.c); a query is
 * normalised once (rulings/normalize.h), analysed into the vocabulary tokens each of
 * its words may stand for (same, transliteration variant, misspelt, run together or
 * split), candidates come from the postings of the distinctive ones, and each
 * candidate alias is scored (rulings/match_score.c). One hit per subject, best first.
 *
 * Thread-safe: the index is read-only and the working memory is per thread; no
 * allocation on the query path.
 */
#include <stddef.h>
#include <stdint.h>

#include "rulings/error.h"
#include "rulings/normalize.h"
#include "rulings/snapshot.h"

/* How the best alias was matched: the subject's own name or an alias word for word,
 * through a transliteration (a Cyrillic name, an alias of kind `transliteration`, a
 * romanisation variant), or inexactly (misspelt, run together, words missing or added). */
enum match_method { MATCH_EXACT, MATCH_ALIAS, MATCH_TRANSLITERATED, MATCH_FUZZY };

extern const struct enum_names MATCH_METHODS;

#define MATCH_DEFAULT_MIN_SCORE 0.85
#define MATCH_NEAR_MISS_SCORE 0.6 /* candidates shown down to this score (or min_score) */

struct match_hit {
    uint32_t subject, alias; /* indexes into the snapshot */
    double score;            /* in [0,1], six decimals */
    enum match_method method;
};

struct match_query {
    const struct norm_name *name;
    int kind;         /* enum subject_kind, or -1 for any */
    double min_score; /* hits below are not returned */
};

/* Fills up to `cap` hits, best first, and returns how many. Order: score, then method
 * (exact first), then the subject's own name before aliases, then subject id: the same
 * data and query always give the same order. Borrows everything for the call. */
size_t match_find(const struct snapshot *s, const struct match_query *q, struct match_hit *out,
                  size_t cap);

/* Builds the snapshot's match index (s->match_index) from its normalised names; called by
 * snapshot_build once every name is in s->aliases. The snapshot owns the index and frees
 * it with match_index_free() when released; on failure s->match_index is NULL. */
bool match_index_build(struct snapshot *s, struct rd_error *err) RD_MUST_CHECK;
/* Frees an index made by match_index_build; NULL is ignored. */
void match_index_free(void *index);
/* Bytes the index holds (0 for NULL), for reporting beside snapshot_memory(). */
size_t match_index_memory(const void *index);

#endif
