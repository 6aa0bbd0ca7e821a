/* The typos family (issue 14): SDN names with one letter of their longest word changed --
 * the commonest slip of a person typing a name -- must still find their entry. Where that
 * word is short (4 to 6 letters) one changed letter makes another name as often as a typo
 * ("Cisco" / "ZISCO"): only a person's other names said as listed carry such a typo
 * (match/match_score.c), so those are counted apart, with a lower floor, and their misses
 * printed with the score their own entry got. */
#include <jansson.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "lib/jsonw.h"
#include "lib/strbuf.h"
#include "rulings/check.h"

#define SHORT_MISSES_SHOWN 12
/* Of the short words' typos, the share whose entry is not even a candidate (below the near-miss
 * score): 5.4 % at least when a company's four-letter typo was left unpaired, 3.5 % when it
 * paired but brought no names, 1.9 % since it brings its listed word's names too (held at the
 * cap, for a reviewer to see). */
#define SHORT_UNSEEN_MAX 0.025

/* One letter of the longest ASCII word, in its middle, replaced by the next letter; the
 * length of that word into *word_len. False when the name has no word of 4 letters or more. */
static bool typo(const char *name, char *out, size_t size, size_t *word_len)
{
    size_t n = strlen(name), best, best_len;
    if (!longest_word(name, NULL, &best, &best_len) || best_len < 4 || n + 1 > size) return false;
    memcpy(out, name, n + 1);
    char *c = &out[best + best_len / 2];
    char base = isupper((unsigned char)*c) ? 'A' : 'a';
    *c = (char)(base + (*c - base + 1) % 26);
    *word_len = best_len;
    return true;
}

size_t typos_check(const struct snapshot *s, struct converted sdn, double min_recall,
                   double min_short_recall)
{
    const struct dataset *ds = sdn.ds;
    size_t asked = 0, found = 0, short_asked = 0, short_found = 0, orgs = 0, shown = 0;
    size_t short_shown = 0, unseen = 0;
    char q[1200];
    for (size_t i = 0; i < ds->n_subjects; i++) {
        const struct rd_subject *sub = &ds->subjects[i];
        if (sub->kind == SUBJECT_ORGANIZATION && orgs++ % 5) continue; /* every fifth */
        size_t len;
        if (!typo(sub->name, q, sizeof q, &len)) continue;
        bool ok = finds_entry(s, q, sub->id, NULL);
        if (len <= 6) {
            short_asked++;
            short_found += ok;
            double own = ok ? 1 : entry_score(s, q, sub->id);
            unseen += own < MATCH_NEAR_MISS_SCORE;
            if (!ok && (short_shown++ < SHORT_MISSES_SHOWN || getenv("RESTRICTD_SHOW_ALL")))
                printf("    missed (4-6 letters): \"%s\" (%s), its entry at %.3f\n", q, sub->name,
                       own);
            continue;
        }
        asked++;
        found += ok;
        if (!ok && shown++ < 5) printf("    missed: \"%s\" (%s)\n", q, sub->name);
    }
    double recall = asked ? (double)found / (double)asked : 1;
    double short_recall = short_asked ? (double)short_found / (double)short_asked : 1;
    printf("  longest word of 7+ letters: %zu of %zu found (recall %.3f)\n", found, asked, recall);
    printf("  longest word of 4-6 letters: %zu of %zu found (recall %.3f; at least %.3f)%s\n",
           short_found, short_asked, short_recall, min_short_recall,
           short_recall < min_short_recall ? ": BELOW THE FLOOR" : "");
    double unseen_share = short_asked ? (double)unseen / (double)short_asked : 0;
    printf("  ... of them not even a candidate: %zu (%.1f %%; at most %.1f %%)%s\n", unseen,
           100 * unseen_share, 100 * SHORT_UNSEEN_MAX,
           unseen_share > SHORT_UNSEEN_MAX ? ": ABOVE THE CEILING" : "");
    printf("typos: recall %.3f where the word is long enough to tell a typo (at least %.3f)%s\n",
           recall, min_recall, recall < min_recall ? ": BELOW THE FLOOR" : "");
    return recall < min_recall || short_recall < min_short_recall || unseen_share > SHORT_UNSEEN_MAX
               ? 1
               : 0;
}
