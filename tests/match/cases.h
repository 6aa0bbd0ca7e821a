#ifndef TESTS_MATCH_CASES_H
#define TESTS_MATCH_CASES_H
/*
 * The matcher's labelled evaluation (tests/match/cases.tsv): each case is a name as
 * someone might write it, the subject it must match (or "-": must match nothing) and
 * the verdict /v1/check must give on 2024-10-01 with no filters. Every case goes
 * through check_answer(), the function /v1/check and /v1/screen use.
 *
 * Counting: a case that expects a subject and gets it is a true positive; one that
 * gets nothing is a false negative; one that gets another subject is both a false
 * positive and a false negative; a case that expects nothing and gets a subject is a
 * false positive. Precision = TP / (TP + FP), recall = TP / (TP + FN), over every case.
 * A case whose note starts "known miss:" is a failure on record (with why, and what it
 * scores): it counts in precision and recall like any other, is reported as KNOWN, and
 * fails the suite only by starting to pass (then its mark must go).
 * Used by the unit suite (tests/unit/test_match_cases.c) and by tests/match/match_eval.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rulings/snapshot.h"

struct cases_result {
    size_t cases, positives, negatives;
    size_t tp, fp, fn, tn;
    size_t verdict_errors; /* cases whose verdict was not the expected one */
    size_t bad_lines;      /* lines of the file that could not be read */
    size_t known_misses;   /* cases marked "known miss:" that miss, as recorded */
    size_t unexpected;     /* failing cases not marked: the suite fails */
    size_t fixed;          /* cases marked "known miss:" that now pass: remove the mark */
    double precision, recall;
};

/* The snapshot of a data-set file (revision 1), or NULL with the reason on stderr. The
 * caller releases it with snapshot_release(). For the evaluation programs. */
struct snapshot *cases_load_snapshot(const char *data_path);

/* The command line of an evaluation program, `program [-v] [cases.tsv [data-set.json]]`,
 * with the two paths defaulting to `default_cases` and `default_data`: sets `*verbose` and
 * `*cases` and returns the data set's snapshot, or NULL (the usage or the reason on stderr:
 * the program exits 2). */
struct snapshot *cases_start(int argc, char **argv, const char *default_cases,
                             const char *default_data, bool *verbose, const char **cases);

/* Runs every case of the TSV file at `path` against `s`. Each failure (and, when
 * `verbose`, every case) is printed to `report` (may be NULL). False when the file
 * cannot be read. */
bool cases_run(const struct snapshot *s, const char *path, FILE *report, bool verbose,
               struct cases_result *out);

#endif
