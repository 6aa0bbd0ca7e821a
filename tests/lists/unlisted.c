/* Real names that are on no list (tests/data/names: the S&P 500 and NASDAQ-listed companies,
 * the members of the U.S. Congress and the Presidents and Vice Presidents; public-domain data
 * sets) asked against the seed and the three real lists: the share that comes back
 * `restricted` is what a compliance team would have to clear by hand (issue 14: 2.6 % of the
 * S&P 500 before). A name whose normalised text is the very text of a listed name is genuinely
 * identical and counted apart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "lib/timeutil.h"
#include "match/normalize.h"
#include "rulings/check.h"
#include "rulings/evaluate.h"

#define NAMES_DIR RESTRICTD_SOURCE_DIR "/tests/data/names"
#define AS_OF "2025-06-01"

struct tally {
    size_t asked, flagged, identical;
};

static bool identical(const char *a, const char *b)
{
    static _Thread_local struct norm_name na, nb;
    return normalize_name(a, strlen(a), &na) == NORM_OK &&
           normalize_name(b, strlen(b), &nb) == NORM_OK && na.len == nb.len &&
           memcmp(na.text, nb.text, na.len) == 0;
}

static void ask_file(const struct snapshot *s, const char *file, struct tally *t, size_t *shown)
{
    char path[512], line[512];
    snprintf(path, sizeof path, "%s/%s", NAMES_DIR, file);
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("  cannot read %s\n", path);
        return;
    }
    int64_t as_of = 0;
    if (!rd_time_parse_as_of(AS_OF, &as_of, NULL)) return;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0]) continue;
        struct check_request q = {.name = line,
                                  .name_len = strlen(line),
                                  .kind = -1,
                                  .min_score = 0.85,
                                  .as_of = as_of,
                                  .no_coverage = true};
        struct check_summary sum = {0};
        t->asked++;
        if (check_answer(s, &q, NULL, &sum) != CHECK_OK || sum.verdict != VERDICT_RESTRICTED)
            continue;
        const char *listed = s->aliases[sum.alias].text;
        if (identical(line, listed)) {
            t->identical++;
            continue;
        }
        t->flagged++;
        if ((*shown)++ < 12)
            printf("    restricted: \"%s\" -> \"%s\" (%s, %.3f)\n", line, listed,
                   s->subjects[sum.subject].rec->id, sum.score);
    }
    fclose(f);
}

size_t unlisted_check(const struct snapshot *s, const char *what, const char *const *files,
                      size_t n_files, double ceiling)
{
    struct tally all = {0};
    size_t shown = 0;
    for (size_t i = 0; i < n_files; i++) {
        struct tally t = {0};
        ask_file(s, files[i], &t, &shown);
        printf("  %-16s %5zu names: %3zu restricted (%.2f %%), %zu identical to a listed name\n",
               files[i], t.asked, t.flagged,
               t.asked ? 100.0 * (double)t.flagged / (double)t.asked : 0, t.identical);
        all.asked += t.asked, all.flagged += t.flagged, all.identical += t.identical;
    }
    double rate = all.asked ? 100.0 * (double)all.flagged / (double)all.asked : 0;
    printf("unlisted %s: %zu of %zu restricted (%.2f %%; ceiling %.2f %%)%s\n", what, all.flagged,
           all.asked, rate, ceiling, rate > ceiling ? ": ABOVE THE CEILING" : "");
    return rate > ceiling ? 1 : 0;
}
