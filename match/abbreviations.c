/* Abbreviations of common words (match/abbreviations.h). */
#include "match/abbreviations.h"

#include <string.h>

/* Sorted by abbreviation (a unit test checks). */
static const struct {
    const char *abbreviation, *word;
} ABBREVIATIONS[] = {
    {"assn", "association"}, {"assoc", "associates"},   {"bros", "brothers"},
    {"cia", "compania"},     {"dept", "department"},    {"engg", "engineering"},
    {"flli", "fratelli"},    {"grp", "group"},          {"hldg", "holding"},
    {"hldgs", "holdings"},   {"intl", "international"}, {"mfg", "manufacturing"},
    {"mgmt", "management"},  {"natl", "national"},      {"svc", "service"},
    {"svcs", "services"},
};

const char *abbreviation_expand(const char *w, size_t len)
{
    size_t lo = 0, hi = sizeof ABBREVIATIONS / sizeof *ABBREVIATIONS;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *a = ABBREVIATIONS[mid].abbreviation;
        int c = strncmp(a, w, len);
        if (c == 0 && a[len] != '\0') c = 1; /* a is longer: after w */
        if (c == 0) return ABBREVIATIONS[mid].word;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

bool abbreviations_sorted(void)
{
    for (size_t i = 1; i < sizeof ABBREVIATIONS / sizeof *ABBREVIATIONS; i++)
        if (strcmp(ABBREVIATIONS[i - 1].abbreviation, ABBREVIATIONS[i].abbreviation) >= 0)
            return false;
    return true;
}
