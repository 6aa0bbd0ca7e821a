/* The near-words family (issue 14): an SDN organisation's name with one of its ordinary
 * English words replaced by another English word one letter away ("... MINING ..." asked as
 * "... DINING ...") or by its plural or singular ("... EXPORT ..." / "... EXPORTS ...") names
 * another company: it must not find the entry at the default threshold. Generated from the
 * list and the word list the matcher uses (match/dictionary.h); the share that still finds
 * the entry is printed and held under a recorded ceiling. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "facts.h"
#include "match/dictionary.h"
#include "match/legal_forms.h"
#include "match/match_words.h"
#include "rulings/check.h"

/* The word of name[at, at + len) lower-cased into w; false unless all letters. */
static bool lower_word(const char *name, size_t at, size_t len, char *w)
{
    for (size_t k = 0; k < len; k++) {
        if (!isalpha((unsigned char)name[at + k])) return false;
        w[k] = (char)tolower((unsigned char)name[at + k]);
    }
    w[len] = '\0';
    return true;
}

/* Another English word for w: its plural or singular when `plural`, else one letter changed;
 * written upper-case into out. False when there is none. */
static bool near_word(const char *w, size_t len, bool plural, char *out)
{
    char v[64];
    if (plural) {
        if (len > 5 && w[len - 1] == 's' && dictionary_word(w, len - 1)) {
            memcpy(v, w, len - 1);
            v[len - 1] = '\0';
        } else if (len + 1 < sizeof v) {
            memcpy(v, w, len);
            memcpy(v + len, "s", 2);
            if (!dictionary_word(v, len + 1)) return false;
        }
    } else {
        bool found = false;
        memcpy(v, w, len + 1);
        for (size_t i = 1; i < len && !found; i++) /* the first letter kept: a word, not a typo */
            for (char c = 'a'; c <= 'z' && !found; c++) {
                if (c == w[i]) continue;
                v[i] = c;
                found = dictionary_word(v, len) && !plural_pair(v, len, w, len);
                if (!found) v[i] = w[i];
            }
        if (!found) return false;
    }
    for (size_t i = 0; v[i]; i++)
        out[i] = (char)toupper((unsigned char)v[i]);
    out[strlen(v)] = '\0';
    return true;
}

/* A word of a legal form ("private", "partnership"): not a name word. */
static bool legal_word(const char *w, size_t len)
{
    size_t n;
    return legal_form_word(w, len, NULL) || legal_form_misspelt(w, len, &n) != NULL;
}

/* An English name word of 5+ letters, not a legal form's. */
static bool replaceable(const char *word, size_t len)
{
    char w[64];
    return len >= 5 && len < sizeof w && lower_word(word, 0, len, w) && dictionary_word(w, len) &&
           word_class(w, len) == WORD_NAME && !legal_word(w, len);
}

/* name with its longest English word of 5+ letters replaced (a name word: "Holding" and
 * "Holdings" are generic, the rest of the name says who it is); false when it has none. */
static bool replace_word(const char *name, bool plural, char *out, size_t size)
{
    size_t best_at, best_len;
    char w[64], repl[64];
    if (!longest_word(name, replaceable, &best_at, &best_len) ||
        !lower_word(name, best_at, best_len, w) || !near_word(w, best_len, plural, repl))
        return false;
    snprintf(out, size, "%.*s%s%s", (int)best_at, name, repl, name + best_at + best_len);
    return true;
}

size_t near_words_check(const struct snapshot *s, struct converted sdn, double ceiling_percent)
{
    const struct dataset *ds = sdn.ds;
    size_t failed = 0;
    for (int plural = 0; plural < 2; plural++) {
        size_t asked = 0, still = 0, shown = 0;
        char q[1200];
        for (size_t i = 0; i < ds->n_subjects; i++) {
            const struct rd_subject *sub = &ds->subjects[i];
            if (sub->kind != SUBJECT_ORGANIZATION || !replace_word(sub->name, plural, q, sizeof q))
                continue;
            asked++;
            if (!finds_entry(s, q, sub->id, NULL)) continue;
            still++;
            if (shown++ < 3) printf("    still found: \"%s\" (%s)\n", q, sub->name);
        }
        double pct = asked ? 100.0 * (double)still / (double)asked : 0;
        printf("  %-34s %4zu of %4zu still find the entry (%.1f %%; at most %.1f %%)\n",
               plural ? "plural <-> singular" : "another word one letter away", still, asked, pct,
               ceiling_percent);
        failed += pct > ceiling_percent;
    }
    return failed;
}
