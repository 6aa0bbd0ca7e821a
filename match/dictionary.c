/* English words and plural endings (match/dictionary.h). */
#include "match/dictionary.h"

#include <string.h>

#include "lib/hash.h"

static bool in_table(const uint64_t *table, size_t n, const char *w, size_t len)
{
    uint64_t h = fnv1a64(w, len);
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (table[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && table[lo] == h;
}

bool dictionary_word(const char *w, size_t len)
{
    if (len < 3) return false; /* the table holds none */
    return in_table(DICTIONARY_HASHES, N_DICTIONARY_HASHES, w, len);
}

bool dictionary_name(const char *w, size_t len)
{
    if (len < 3 || len > 5) return false; /* the table holds none */
    return in_table(NAME_HASHES, N_NAME_HASHES, w, len);
}

bool plural_pair(const char *a, size_t la, const char *b, size_t lb)
{
    if (la > lb) return plural_pair(b, lb, a, la);
    if (la < 3 || memcmp(a, b, la) != 0) return false;
    const char *end = b + la;
    return (lb == la + 1 && end[0] == 's') || (lb == la + 2 && memcmp(end, "es", 2) == 0);
}
