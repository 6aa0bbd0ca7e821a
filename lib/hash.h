#ifndef LIB_HASH_H
#define LIB_HASH_H
/*
 * A fast 64-bit hash of a byte string, eight bytes per step, for content tags (ETags)
 * of answers that are kilobytes long and computed on every request. Not cryptographic;
 * strmap.h keeps its own byte-wise hash for short keys.
 */
#include <stddef.h>
#include <stdint.h>

uint64_t hash_bytes(const void *data, size_t len);

/* FNV-1a, 64 bits, a byte at a time: every prefix of a word is hashed at the cost of one step
 * (the matcher's bitmap of its words), and short words are hashed as match/embed_dictionary.py
 * hashes its tables. */
#define FNV1A64_SEED 0xcbf29ce484222325ull
static inline uint64_t fnv1a64_step(uint64_t h, char c)
{
    return (h ^ (unsigned char)c) * 0x100000001b3ull;
}

static inline uint64_t fnv1a64(const char *w, size_t len)
{
    uint64_t h = FNV1A64_SEED;
    for (size_t i = 0; i < len; i++)
        h = fnv1a64_step(h, w[i]);
    return h;
}

#endif
