#ifndef RULINGS_COVERAGE_H
#define RULINGS_COVERAGE_H
/*
 * What an answer speaks of (docs/decisions/0007): the rule sets it consulted, each with
 * when it last changed, and the category rule sets it did not apply because the question
 * did not state their category. `clear` and `no_match` are about these rule sets only.
 */
#include "lib/jsonw.h"
#include "rulings/snapshot.h"

#define COVERAGE_STATEMENT                                                                         \
    "The verdict speaks of the rule sets listed here only: no_match means no subject of these "    \
    "rule sets matched, clear that none of their rulings is in effect; neither says the name is "  \
    "unrestricted anywhere else."

/* Does category subject `subject` apply to a question that states `category` (NULL: none)? */
bool coverage_category_applies(const struct snapshot *s, uint32_t subject, const char *category);

/* Writes the member "coverage" of a check answer: rule sets passing `jurisdiction` (NULL:
 * all), the category rule sets not applied for `category`, and the statement. */
void render_coverage(struct jw *w, const struct snapshot *s, const char *jurisdiction,
                     const char *category);

/* The coverage object alone (snapshot_build pre-renders it for no jurisdiction and no
 * category: what most questions ask). */
void render_coverage_value(struct jw *w, const struct snapshot *s, const char *jurisdiction,
                           const char *category);

/* The body of GET /v1/coverage: every rule set with its title, authority, jurisdiction,
 * kind, ruling count and last change, and every category rule set. */
void render_coverage_list(struct jw *w, const struct snapshot *s);

#endif
