/*
 * Prints the matcher's precision and recall on the labelled cases.
 *
 *   build/dev/tests/match_eval [-v] [cases.tsv [data-set.json]]
 *
 * Defaults: tests/match/cases.tsv against deploy/rulings.json. -v prints every case,
 * not only the failures. Exit status 0 when precision and recall are both 1 and every
 * verdict is as expected, 1 otherwise, 2 on a usage or I/O error.
 */
#include <stdio.h>
#include <string.h>

#include "cases.h"
#include "rulings/dataset.h"

int main(int argc, char **argv)
{
    bool verbose;
    const char *cases;
    struct snapshot *s = cases_start(argc, argv, RESTRICTD_SOURCE_DIR "/tests/match/cases.tsv",
                                     RESTRICTD_SOURCE_DIR "/deploy/rulings.json", &verbose, &cases);
    if (!s) return 2;
    struct cases_result r;
    bool ok = cases_run(s, cases, stdout, verbose, &r);
    snapshot_release(s);
    if (!ok) {
        fprintf(stderr, "%s: cannot read\n", cases);
        return 2;
    }
    printf("cases %zu (%zu must match, %zu must not): TP %zu FP %zu FN %zu TN %zu\n", r.cases,
           r.positives, r.negatives, r.tp, r.fp, r.fn, r.tn);
    printf("precision %.3f recall %.3f; verdicts as expected %zu/%zu; unreadable lines %zu\n",
           r.precision, r.recall, r.cases - r.verdict_errors, r.cases, r.bad_lines);
    printf("known misses %zu (on record, see their notes); unexpected failures %zu; known misses "
           "that now pass %zu\n",
           r.known_misses, r.unexpected, r.fixed);
    return r.unexpected == 0 && r.fixed == 0 && r.bad_lines == 0 ? 0 : 1;
}
