#include "match/match_fuzzy.h"

#include <string.h>

unsigned fuzzy_budget(size_t len)
{
    if (len <= 3) return 0;
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

#define FNV_BASIS 2166136261u
#define FNV_PRIME 16777619u

/* FNV-1a from state h over s[from..len) without the character at position skip. */
static uint32_t hash_on(uint32_t h, const char *s, size_t from, size_t len, size_t skip)
{
    for (size_t i = from; i < len; i++) {
        if (i == skip) continue;
        h ^= (unsigned char)s[i];
        h *= FNV_PRIME;
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

/* FNV-1a runs left to right, so the hash of s without positions i < j goes on from the state
 * of s[0..i) and of s[i+1..j): each prefix is hashed once, not once per deletion. The hashes
 * and their order are those of hashing every deletion whole. */
size_t fuzzy_deletes(const char *s, size_t len, unsigned depth, uint32_t *out, size_t cap)
{
    const size_t none = (size_t)-1;
    size_t n = 0;
    if (n < cap) out[n++] = hash_on(FNV_BASIS, s, 0, len, none);
    if (depth < 1) return n;
    uint32_t prefix = FNV_BASIS; /* of s[0..i) */
    for (size_t i = 0; i < len && n < cap; i++) {
        out[n++] = hash_on(prefix, s, i + 1, len, none);
        prefix = hash_on(prefix, s, i, i + 1, none);
    }
    if (depth < 2) return n;
    prefix = FNV_BASIS;
    for (size_t i = 0; i < len; i++) {
        uint32_t mid = prefix; /* of s[0..j) without i */
        for (size_t j = i + 1; j < len && n < cap; j++) {
            out[n++] = hash_on(mid, s, j + 1, len, none);
            mid = hash_on(mid, s, j, j + 1, none);
        }
        prefix = hash_on(prefix, s, i, i + 1, none);
    }
    return n;
}

/* a-z to bits 0-25, 0-9 to 26-35, every other byte to one of bits 36-63. */
static unsigned letter_bit(unsigned char c)
{
    if (c >= 'a' && c <= 'z') return c - 'a';
    if (c >= '0' && c <= '9') return 26u + (c - '0');
    return 36u + c % 28u;
}

uint64_t fuzzy_letters(const char *s, size_t len)
{
    uint64_t set = 0;
    for (size_t i = 0; i < len; i++)
        set |= (uint64_t)1 << letter_bit((unsigned char)s[i]);
    return set;
}

void fuzzy_pattern_set(struct fuzzy_pattern *p, const char *s, size_t len)
{
    p->s = s;
    p->len = len;
    p->letters = fuzzy_letters(s, len);
    for (size_t i = 0; i < len && i < FUZZY_MAX_LEN; i++)
        p->peq[(unsigned char)s[i]] |= (uint64_t)1 << i;
}

void fuzzy_pattern_init(struct fuzzy_pattern *p, const char *s, size_t len)
{
    memset(p->peq, 0, sizeof p->peq);
    fuzzy_pattern_set(p, s, len);
}

void fuzzy_pattern_clear(struct fuzzy_pattern *p)
{
    for (size_t i = 0; i < p->len && i < FUZZY_MAX_LEN; i++)
        p->peq[(unsigned char)p->s[i]] = 0;
}

/* Hyyro's bit-vector optimal-string-alignment distance ("A bit-vector algorithm for computing
 * Levenshtein and Damerau edit distances", 2003): bit i of VP/VN says the column's cell i+1 is
 * one more/less than cell i; each byte of b is one column. `score` is the last row's cell;
 * the rest of b can lower it by one a byte at most, so the scan stops once it cannot come
 * back within max. */
static unsigned bit_parallel(const struct fuzzy_pattern *p, const char *b, size_t lb, unsigned max)
{
    const uint64_t last = (uint64_t)1 << (p->len - 1);
    uint64_t vp = ~(uint64_t)0, vn = 0, d0 = 0, pm_prev = 0;
    size_t score = p->len;
    for (size_t j = 0; j < lb; j++) {
        uint64_t pm = p->peq[(unsigned char)b[j]];
        uint64_t tr = ((~d0 & pm) << 1) & pm_prev;
        d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr;
        uint64_t hp = vn | ~(d0 | vp), hn = vp & d0;
        if (hp & last)
            score++;
        else if (hn & last)
            score--;
        hp = (hp << 1) | 1;
        vp = (hn << 1) | ~(d0 | hp);
        vn = d0 & hp;
        pm_prev = pm;
        if (score > max + (lb - 1 - j)) return max + 1;
    }
    return score <= max ? (unsigned)score : max + 1;
}

unsigned fuzzy_pattern_distance(const struct fuzzy_pattern *p, const char *b, size_t lb,
                                uint64_t b_letters, unsigned max)
{
    size_t la = p->len;
    if (la > FUZZY_MAX_LEN || lb > FUZZY_MAX_LEN) return max + 1;
    size_t diff = la > lb ? la - lb : lb - la;
    if (diff > max || fuzzy_letters_apart(p->letters, b_letters) > max) return max + 1;
    if (la == 0) return (unsigned)lb; /* diff <= max */
    return bit_parallel(p, b, lb, max);
}
