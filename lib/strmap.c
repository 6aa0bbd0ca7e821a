#include "lib/strmap.h"

#include <stdlib.h>
#include <string.h>

uint64_t strmap_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

bool strmap_init(struct strmap *m, size_t expected)
{
    size_t cap = 16;
    while (cap < expected * 2 + 1)
        cap *= 2;
    m->keys = calloc(cap, sizeof *m->keys);
    m->values = calloc(cap, sizeof *m->values);
    m->cap = cap;
    m->count = 0;
    if (!m->keys || !m->values) {
        strmap_free(m);
        return false;
    }
    return true;
}

/* Returns the slot holding `key` or the empty slot where it would go. */
static size_t slot_of(const struct strmap *m, const char *key, size_t len)
{
    size_t i = (size_t)strmap_hash(key, len) & (m->cap - 1);
    while (m->keys[i]) {
        if (strncmp(m->keys[i], key, len) == 0 && m->keys[i][len] == '\0') return i;
        i = (i + 1) & (m->cap - 1);
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
            if (m->keys[i]) (void)strmap_put(&bigger, m->keys[i], m->values[i], NULL);
        strmap_free(m);
        *m = bigger;
    }
    size_t i = slot_of(m, key, strlen(key));
    if (m->keys[i]) {
        if (old) *old = m->values[i];
        m->values[i] = value;
        return true;
    }
    m->keys[i] = key;
    m->values[i] = value;
    m->count++;
    return false;
}

bool strmap_get_n(const struct strmap *m, const char *key, size_t len, uint32_t *value)
{
    if (!m->cap) return false;
    size_t i = slot_of(m, key, len);
    if (!m->keys[i]) return false;
    *value = m->values[i];
    return true;
}

bool strmap_get(const struct strmap *m, const char *key, uint32_t *value)
{
    return strmap_get_n(m, key, strlen(key), value);
}

void strmap_free(struct strmap *m)
{
    free(m->keys);
    free(m->values);
    m->keys = NULL;
    m->values = NULL;
    m->cap = m->count = 0;
}
