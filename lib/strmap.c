#include "lib/strmap.h"

#include <stdlib.h>
#include <string.h>

/* Eight bytes at a time (FNV-1a, used before, cost a multiply's latency per byte: 7 % of the
 * receipt outline's time looking ruling ids up); the top bits, which short_tag takes, and after
 * the final mix the low ones, which index the slots, depend on every byte. */
uint64_t strmap_hash(const char *s, size_t n)
{
    const uint64_t mul = 0x9e3779b97f4a7c15ull;
    uint64_t h = n * mul, w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * mul;
        h ^= h >> 32;
    }
    w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * mul;
    /* a multiply carries upwards only: fold the high bits into the low ones the index uses */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    return h ^ h >> 33;
}

bool strmap_init(struct strmap *m, size_t expected)
{
    size_t cap = 16;
    while (cap < expected * 2 + 1)
        cap *= 2;
    m->slots = calloc(cap, sizeof *m->slots);
    m->tags = calloc(cap, sizeof *m->tags);
    if (!m->slots || !m->tags) {
        free(m->slots);
        free(m->tags);
        m->slots = NULL;
        m->tags = NULL;
    }
    m->cap = m->slots ? cap : 0;
    m->count = 0;
    return m->slots != NULL;
}

/* The short tag of a hash: never 0, which marks an empty slot. */
static uint16_t short_tag(uint64_t h)
{
    uint16_t t = (uint16_t)(h >> 48); /* bits the slot's index never uses */
    return t ? t : 1;
}

/* Returns the slot holding `key` or the empty slot where it would go. */
static size_t slot_of(const struct strmap *m, const char *key, size_t len, uint16_t *tag)
{
    uint64_t h = strmap_hash(key, len);
    size_t i = (size_t)h & (m->cap - 1);
    *tag = short_tag(h);
    for (uint16_t t; (t = m->tags[i]) != 0; i = (i + 1) & (m->cap - 1)) {
        if (t != *tag) continue;
        const struct strmap_slot *s = &m->slots[i];
        if (strncmp(s->key, key, len) == 0 && s->key[len] == '\0') return i;
    }
    return i;
}

bool strmap_put(struct strmap *m, const char *key, uint32_t value, uint32_t *old)
{
    /* Tables are sized up front for their key count; grow only if a caller misjudged. */
    if ((m->count + 1) * 2 > m->cap) {
        struct strmap bigger;
        if (!strmap_init(&bigger, m->cap)) return false;
        for (size_t i = 0; i < m->cap; i++)
            if (m->slots[i].key)
                (void)strmap_put(&bigger, m->slots[i].key, m->slots[i].value, NULL);
        strmap_free(m);
        *m = bigger;
    }
    uint16_t tag;
    size_t i = slot_of(m, key, strlen(key), &tag);
    struct strmap_slot *s = &m->slots[i];
    if (s->key) {
        if (old) *old = s->value;
        s->value = value;
        return true;
    }
    *s = (struct strmap_slot){.key = key, .value = value};
    m->tags[i] = tag;
    m->count++;
    return false;
}

bool strmap_get_n(const struct strmap *m, const char *key, size_t len, uint32_t *value)
{
    if (!m->cap) return false;
    uint16_t tag;
    size_t i = slot_of(m, key, len, &tag);
    if (!m->tags[i]) return false;
    *value = m->slots[i].value;
    return true;
}

bool strmap_get(const struct strmap *m, const char *key, uint32_t *value)
{
    return strmap_get_n(m, key, strlen(key), value);
}

void strmap_free(struct strmap *m)
{
    free(m->slots);
    free(m->tags);
    m->slots = NULL;
    m->tags = NULL;
    m->cap = m->count = 0;
}
