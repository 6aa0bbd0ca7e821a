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

#endif
