/* The annotations family (issue 14): the names of the real SDN list written as payment
 * messages and shipping papers write them -- a vessel with a prefix or its former name in
 * parentheses, a company behind a party label or followed by "f/k/a" -- must still find their
 * entry at the default threshold, and so must a new name followed by the listed one as its
 * former name ("NORTHERN GALE (ex-LISTED NAME)"; neither new name is on the list). Generated here
 * from the list; recall per form is printed and the misses held under a recorded ceiling. */
#include <stdio.h>
#include <string.h>

#include "facts.h"
#include "rulings/check.h"

struct form {
    const char *label;
    const char *pattern; /* %s: the listed name */
    bool vessels;        /* asked for vessels, else for organisations */
    size_t asked, found;
};

size_t annotations_check(const struct snapshot *s, struct converted sdn, size_t ceiling)
{
    struct form forms[] = {
        {"vessel \"M/V NAME\"", "M/V %s", true, 0, 0},
        {"vessel \"MV NAME\"", "MV %s", true, 0, 0},
        {"vessel \"M/T NAME\"", "M/T %s", true, 0, 0},
        {"vessel \"MV. NAME\" (found by the held-out set)", "MV. %s", true, 0, 0},
        {"vessel \"the vessel NAME\" (found by the held-out set)", "the vessel %s", true, 0, 0},
        {"vessel \"NAME (ex-OCEAN STAR)\"", "%s (ex-OCEAN STAR)", true, 0, 0},
        {"company \"BENEFICIARY: NAME\"", "BENEFICIARY: %s", false, 0, 0},
        {"company \"MESSRS. NAME\"", "MESSRS. %s", false, 0, 0},
        {"company \"ORDERING CUSTOMER: NAME\"", "ORDERING CUSTOMER: %s", false, 0, 0},
        {"company \"NAME f/k/a GLOBAL TRADE LLC\"", "%s f/k/a GLOBAL TRADE LLC", false, 0, 0},
        /* renamed since listing: the listed name is the former one the message gives */
        {"vessel \"NORTHERN GALE (ex-NAME)\"", "NORTHERN GALE (ex-%s)", true, 0, 0},
        {"company \"QELTARA HOLDINGS f/k/a NAME\"", "QELTARA HOLDINGS f/k/a %s", false, 0, 0},
        {"company \"QELTARA HOLDINGS (formerly NAME)\"", "QELTARA HOLDINGS (formerly %s)", false, 0,
         0},
    };
    enum { N_FORMS = sizeof forms / sizeof *forms };
    const struct dataset *ds = sdn.ds;
    size_t organisations = 0, missed = 0, shown = 0;
    char q[1200];
    for (size_t i = 0; i < ds->n_subjects; i++) {
        const struct rd_subject *sub = &ds->subjects[i];
        bool vessel = sub->kind == SUBJECT_VESSEL;
        /* every vessel; every fifth organisation (about 800) */
        if (!vessel && (sub->kind != SUBJECT_ORGANIZATION || organisations++ % 5)) continue;
        for (size_t f = 0; f < N_FORMS; f++) {
            if (forms[f].vessels != vessel) continue;
                /* the patterns are this file's own table: "%s" once each */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
            snprintf(q, sizeof q, forms[f].pattern, sub->name);
#pragma GCC diagnostic pop
            forms[f].asked++;
            if (finds_entry(s, q, sub->id, NULL)) {
                forms[f].found++;
            } else if (shown++ < 5) {
                printf("    missed: \"%s\" (%s)\n", q, sub->id);
            }
        }
    }
    for (size_t f = 0; f < N_FORMS; f++) {
        missed += forms[f].asked - forms[f].found;
        printf("  %-44s %4zu of %4zu found (recall %.3f)\n", forms[f].label, forms[f].found,
               forms[f].asked,
               forms[f].asked ? (double)forms[f].found / (double)forms[f].asked : 0);
    }
    printf("annotations: %zu misses (ceiling %zu)%s\n", missed, ceiling,
           missed > ceiling ? ": ABOVE THE CEILING" : "");
    return missed > ceiling ? 1 : 0;
}
