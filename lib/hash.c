#include "lib/hash.h"

#include <string.h>

/* Multiply-xorshift mixing (the finaliser is the well-known 64-bit "fmix" pattern). */
static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

uint64_t hash_bytes(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t a = 0x9e3779b97f4a7c15ull ^ len, b = 0x632be59bd9b4e019ull;
    /* Two independent lanes keep the multiplier busy. */
    while (len >= 16) {
        uint64_t x, y;
        memcpy(&x, p, 8);
        memcpy(&y, p + 8, 8);
        a = (a ^ x) * 0x9e3779b97f4a7c15ull;
        b = (b ^ y) * 0xbf58476d1ce4e5b9ull;
        a ^= a >> 29;
        b ^= b >> 31;
        p += 16;
        len -= 16;
    }
    uint64_t tail[2] = {0, 0};
    memcpy(tail, p, len);
    a = (a ^ tail[0]) * 0x9e3779b97f4a7c15ull;
    b = (b ^ tail[1]) * 0xbf58476d1ce4e5b9ull;
    return mix(a ^ mix(b));
}
