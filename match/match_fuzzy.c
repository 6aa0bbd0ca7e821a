#include "match/match_fuzzy.h"

unsigned fuzzy_budget(size_t len)
{
    if (len <= 4) return 0;
    if (len <= 7) return 1;
    return 2;
}

/* Only the cells within `max` of the diagonal are computed: a cell further off holds a
 * distance of more than max (it is at least |i - j|), so it is read as max + 1, which cannot
 * lower any distance of max or less; the answer is the same as the full table's. */
unsigned fuzzy_distance(const char *a, size_t la, const char *b, size_t lb, unsigned max)
{
    if (la > FUZZY_MAX_LEN || lb > FUZZY_MAX_LEN) return max + 1;
    size_t diff = la > lb ? la - lb : lb - la;
    if (diff > max) return max + 1;
    const unsigned out = max + 1;
    /* Three rows of the dynamic programme: two back for transpositions. */
    unsigned rows[3][FUZZY_MAX_LEN + 2];
    unsigned *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j <= max ? (unsigned)j : out;
    for (size_t i = 1; i <= la; i++) {
        size_t lo = i > max ? i - max : 1, hi = i + max < lb ? i + max : lb;
        cur[0] = i <= max ? (unsigned)i : out;
        cur[lo - 1] = lo > 1 ? out : cur[0];
        unsigned best = cur[lo - 1];
        for (size_t j = lo; j <= hi; j++) {
            unsigned cost = a[i - 1] != b[j - 1];
            unsigned v = prev[j - 1] + cost;
            if (prev[j] + 1 < v) v = prev[j] + 1;
            if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            if (v > out) v = out;
            cur[j] = v;
            if (v < best) best = v;
        }
        if (hi < lb) cur[hi + 1] = out; /* read by the next row as the cell above */
        if (best > max) return out;
        unsigned *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb] <= max ? prev[lb] : out;
}

/* FNV-1a of s without the characters at positions skip1 and skip2. */
static uint32_t hash_without(const char *s, size_t len, size_t skip1, size_t skip2)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        if (i == skip1 || i == skip2) continue;
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

size_t fuzzy_deletes_count(size_t len, unsigned depth)
{
    size_t n = 1;
    if (depth >= 1) n += len;
    if (depth >= 2 && len >= 2) n += len * (len - 1) / 2;
    return n;
}

size_t fuzzy_deletes(const char *s, size_t len, unsigned depth, uint32_t *out, size_t cap)
{
    const size_t none = (size_t)-1;
    size_t n = 0;
    if (n < cap) out[n++] = hash_without(s, len, none, none);
    if (depth < 1) return n;
    for (size_t i = 0; i < len && n < cap; i++)
        out[n++] = hash_without(s, len, i, none);
    if (depth < 2) return n;
    for (size_t i = 0; i < len; i++)
        for (size_t j = i + 1; j < len && n < cap; j++)
            out[n++] = hash_without(s, len, i, j);
    return n;
}
