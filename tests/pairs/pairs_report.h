#ifndef TESTS_PAIRS_PAIRS_REPORT_H
#define TESTS_PAIRS_PAIRS_REPORT_H
/* Counting and printing the scored pairs, and the floors they must stay above
 * (pairs_report.c). */
#include "pairs.h"

#define PAIR_SOURCE_COUNT 3
/* Hits below this are not asked for: a pair whose listed name scores less counts as 0 (a
 * score of 0 printed means the matcher found no word in common at all). */
#define PAIRS_ASK_FLOOR 0.01
/* The best-F1 threshold is looked for from here up. */
#define PAIRS_FLOOR 0.5

struct pair_source {
    const char *file;  /* in tests/data/pairs */
    const char *label; /* as printed */
};

extern const struct pair_source PAIR_SOURCES[PAIR_SOURCE_COUNT];

/* Prints precision and recall per file and kind, per script and against the targets of
 * issue 14, the failing pairs (the first 10 of each file and kind, or all when `verbose`),
 * then checks the floors. True when every floor holds. */
bool pairs_report(const struct pair_set *set, bool verbose);

#endif
