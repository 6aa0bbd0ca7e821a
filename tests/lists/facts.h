#ifndef TESTS_LISTS_FACTS_H
#define TESTS_LISTS_FACTS_H
/* Facts about the converted real lists that must hold, and answers on them (facts.c). */
#include <stddef.h>

#include "rulings/dataset.h"
#include "rulings/list_build.h"
#include "rulings/snapshot.h"

struct converted {
    const struct dataset *ds;
    const struct list_report *rep;
};

/* Checks the counts of the SDN, non-SDN and CSL conversions and a few answers of `s` (the
 * seed and the three lists), printing each; returns how many failed. */
size_t facts_check(const struct snapshot *s, struct converted sdn, struct converted cons,
                   struct converted csl);

/* Is subject `id` among the subjects tied with the match of `q`? (self_check.c) */
struct check_request;
bool among_tied(const struct snapshot *s, const struct check_request *q, const char *id);

/* The default threshold of /v1/check, at which the families are asked. */
#define FAMILY_THRESHOLD 0.85

/* The longest run of ASCII letters in `name` that `keep` accepts (NULL: any), as *at and
 * *len; false when there is none. The families that change one word of a name use it. */
bool longest_word(const char *name, bool (*keep)(const char *w, size_t len), size_t *at,
                  size_t *len);

/* The score subject `id` gets for `name` (its match or one of its candidates, down to 0.3),
 * 0 when it is neither: says how far a miss fell short. */
double entry_score(const struct snapshot *s, const char *name, const char *id);
/* Does `name` find subject `id` at FAMILY_THRESHOLD, as the match or tied with it? *sum (when
 * not NULL) holds the answer's summary either way. */
struct check_summary;
bool finds_entry(const struct snapshot *s, const char *name, const char *id,
                 struct check_summary *sum);

/* The numbers family: SDN names asked with their number changed must not find their entry;
 * returns 1 when more than `ceiling` do (numbers.c). */
size_t numbers_check(const struct snapshot *s, struct converted sdn, size_t ceiling);

/* The annotations family: SDN names with prefixes, labels and former names must find their
 * entry; returns 1 when more than `ceiling` miss (annotations.c). */
size_t annotations_check(const struct snapshot *s, struct converted sdn, size_t ceiling);

/* The near-words family: SDN organisations with an English word replaced by another one a
 * letter away or by its plural or singular must not find their entry; returns how many of the
 * two forms find it more often than `ceiling_percent` (near_words.c). */
size_t near_words_check(const struct snapshot *s, struct converted sdn, double ceiling_percent);

/* Real names on no list, one a line in `files` of tests/data/names (`what` names them in the
 * summary): returns 1 when more than `ceiling` percent come back restricted (unlisted.c). */
size_t unlisted_check(const struct snapshot *s, const char *what, const char *const *files,
                      size_t n_files, double ceiling);

/* The typos family: SDN names with one letter changed; returns 1 when the recall where the
 * changed word is 7+ letters falls below `min_recall`, or where it has 4-6 letters below
 * `min_short_recall` (typos.c). */
size_t typos_check(const struct snapshot *s, struct converted sdn, double min_recall,
                   double min_short_recall);

/* The person short-form family: "Given SURNAME" for SDN people; returns 1 when recall falls
 * below `min_recall` (persons.c). */
size_t persons_check(const struct snapshot *s, struct converted sdn, double min_recall);

/* The joined-words family: SDN names asked with the hyphens between letters dropped; returns 1
 * when recall falls below `min_recall` (joined.c). */
size_t joined_check(const struct snapshot *s, struct converted sdn, double min_recall);

/* One data set of several: records copied, strings left in the parts (self_check.c). */
bool datasets_merge(const struct dataset *parts, size_t n, struct dataset *out);

/* Names across scripts: published pairs asked in their own script against the parts (seed and
 * lists) plus the pairs' Latin forms; recall per script printed, and the names matched on
 * `lists` alone; returns 1 when the recall over all scripts is below `min_recall` (scripts.c). */
size_t scripts_check(const struct snapshot *lists, const struct dataset *parts, size_t nparts,
                     double min_recall);

/* Converts a small SDN file with bad entries (malformed.c); returns how many checks failed. */
size_t malformed_check(void);

/* Listed names in their own script (tests/data/names/un_original_script.tsv) and the UN list's
 * Latin aliases of them (un_aliases.tsv): returns 1 when fewer than min_recall names or
 * aliases_min_recall aliases find their entry, or more than ceiling_percent names find another
 * one or are found in their script only when recombined (original_script.c). */
size_t original_script_check(const struct snapshot *s, double min_recall, double ceiling_percent,
                             double aliases_min_recall);

#endif
