/* The order of an object's members in RFC 8785: by the UTF-16 code units of their names
 * (lib/jcs_text_parts.h). */
#include <stdlib.h>
#include <string.h>

#include "lib/jcs_text_parts.h"

/* The UTF-16 order of two names that first differ by the bytes x and y. */
static int differ(unsigned x, unsigned y)
{
    /* UTF-8 bytes order as code points do, and so do UTF-16 units except in one case: U+E000
     * to U+FFFF (lead bytes EE, EF) come after the surrogate pairs of U+10000 and above (lead
     * bytes F0 to F4). A first difference is always at the same place in a character. */
    if (x >= 0xf0 && (y == 0xee || y == 0xef)) return -1;
    if (y >= 0xf0 && (x == 0xee || x == 0xef)) return 1;
    return x < y ? -1 : 1;
}

int jcs_compare_utf8(const char *a, size_t na, const char *b, size_t nb)
{
    size_t n = na < nb ? na : nb, i = 0;
    while (i < n && a[i] == b[i])
        i++;
    if (i == n) return (na > nb) - (na < nb);
    return differ((unsigned char)a[i], (unsigned char)b[i]);
}

uint64_t jcs_name_prefix(const char *s, size_t n, const char *limit)
{
    uint64_t v = 0;
    if (limit && limit - s >= 8) { /* one load, no branch: names are short, the text goes on */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        memcpy(&v, s, 8);
        v = __builtin_bswap64(v); /* one instruction, not a loop of shifts (the profile) */
#else
        unsigned char b[8];
        memcpy(b, s, 8);
        for (size_t i = 0; i < 8; i++)
            v = v << 8 | b[i];
#endif
        return n >= 8 ? v : v & ~(~UINT64_C(0) >> (8 * n));
    }
    for (size_t i = 0; i < 8; i++)
        v = v << 8 | (i < n ? (unsigned char)s[i] : 0u);
    return v;
}

static int member_order(const void *x, const void *y)
{
    const struct jcs_member *a = x, *b = y;
    if (!((a->prefix | b->prefix) & UINT64_C(0x8080808080808080))) /* ASCII: as numbers */
        return a->prefix != b->prefix
                   ? (a->prefix > b->prefix) - (a->prefix < b->prefix)
                   : jcs_compare_utf8(a->name, a->name_len, b->name, b->name_len);
    if (a->prefix != b->prefix) { /* the usual case: decided by the first 8 bytes */
        int shift = 56 - (__builtin_clzll(a->prefix ^ b->prefix) & ~7);
        return differ((unsigned)(a->prefix >> shift) & 0xff, (unsigned)(b->prefix >> shift) & 0xff);
    }
    return jcs_compare_utf8(a->name, a->name_len, b->name, b->name_len);
}

/* Few members (an answer's objects have up to about thirty): insertion sort, no allocation. */
static void sort(struct jcs_member *m, uint32_t n)
{
    if (n > 32) {
        qsort(m, n, sizeof *m, member_order);
        return;
    }
    for (uint32_t i = 1; i < n; i++) {
        struct jcs_member x = m[i];
        uint32_t j = i;
        for (; j > 0 && member_order(&m[j - 1], &x) > 0; j--)
            m[j] = m[j - 1];
        m[j] = x;
    }
}

static uint64_t shape_hash(const struct jcs_member *m, uint32_t n)
{
    uint64_t h = n;
    for (uint32_t c = 0; c < n; c++)
        h = (h ^ m[c].prefix ^ m[c].name_len) * 0x9e3779b97f4a7c15ull;
    return h;
}

/* Whether the order remembered for `s` sorts m[]: applied into m[n..2n), then checked
 * name by name (strictly increasing: a hash that collides is caught here). */
static bool sorted_as_before(const struct jcs_tape *t, const struct jcs_shape *s,
                             struct jcs_member *m, uint32_t n)
{
    struct jcs_member *to = m + n;
    const uint32_t *order = t->orders + s->at;
    for (uint32_t c = 0; c < n; c++)
        to[c] = m[order[c]];
    for (uint32_t c = 1; c < n; c++)
        if (member_order(&to[c - 1], &to[c]) >= 0) return false;
    memcpy(m, to, n * sizeof *m);
    return true;
}

static void remember(struct jcs_tape *t, struct jcs_shape *s, uint64_t h,
                     const struct jcs_member *m, uint32_t n)
{
    if (t->orders_cap - t->orders_used < n) {
        size_t cap = t->orders_cap ? t->orders_cap * 2 : 256;
        while (cap - t->orders_used < n)
            cap *= 2;
        uint32_t *grown = realloc(t->orders, cap * sizeof *grown);
        if (!grown) return;
        t->orders = grown, t->orders_cap = cap;
    }
    for (uint32_t c = 0; c < n; c++)
        t->orders[t->orders_used + c] = m[c].pos;
    *s = (struct jcs_shape){h, n, (uint32_t)t->orders_used};
    t->orders_used += n;
}

void jcs_sort_members(struct jcs_tape *t, struct jcs_member *m, uint32_t n)
{
    if (n < 2) return;
    uint64_t h = shape_hash(m, n);
    struct jcs_shape *s = &t->shapes[h >> 59]; /* JCS_SHAPES slots: the top 5 bits */
    if (s->n == n && s->hash == h && sorted_as_before(t, s, m, n)) return;
    sort(m, n);
    if (n <= 64 && t->orders_used < UINT32_MAX - 64) remember(t, s, h, m, n);
}
