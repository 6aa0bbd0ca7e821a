#ifndef LIB_STRMAP_H
#define LIB_STRMAP_H
/*
 * A string -> uint32 hash map (open addressing). Keys are borrowed: they must
 * outlive the map (in practice they live in the same arena). Built once, read
 * by many threads without locking.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"

struct strmap_slot {
    const char *key;
    uint32_t value;
};

/* `tags` mirrors the slots with 16 bits of each key's hash (0: the slot is empty), an eighth
 * of their size: a look-up probes the tags and reads a slot, and its key's bytes, only when
 * its tag is the key's (a probe that meets another key is told apart without a cache miss). Most
 * look-ups of the matcher are of texts the map lacks (words joined, cut, or misspelt:
 * docs/performance.md), and for those the slots, megabytes for the lists' words, were a cache miss
 * each (80 % of strmap_get_n's time); the tags stay in the cache. */
struct strmap {
    struct strmap_slot *slots;
    uint16_t *tags;
    size_t cap, count;
};

/* Sizes the table for `expected` keys. False on allocation failure. */
bool strmap_init(struct strmap *m, size_t expected) RD_MUST_CHECK;
/* Inserts or replaces; `*old` (may be NULL) gets the previous value, and the return
 * says whether the key was already there. */
bool strmap_put(struct strmap *m, const char *key, uint32_t value, uint32_t *old);
bool strmap_get(const struct strmap *m, const char *key, uint32_t *value);
bool strmap_get_n(const struct strmap *m, const char *key, size_t len, uint32_t *value);
void strmap_free(struct strmap *m);

uint64_t strmap_hash(const char *s, size_t n);

#endif
