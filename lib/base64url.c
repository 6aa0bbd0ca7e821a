#include "lib/base64url.h"

#include <stdint.h>
#include <string.h>

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t b64url_encode(const void *data, size_t len, char *out, size_t size)
{
    const unsigned char *p = data;
    size_t o = 0;
    for (size_t i = 0; i < len && o + 4 < size; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < len) v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < len) v |= p[i + 2];
        out[o++] = alphabet[(v >> 18) & 63];
        out[o++] = alphabet[(v >> 12) & 63];
        if (i + 1 < len) out[o++] = alphabet[(v >> 6) & 63];
        if (i + 2 < len) out[o++] = alphabet[v & 63];
    }
    if (size) out[o] = '\0';
    return o;
}

int b64url_value(char c)
{
    const char *p = c ? strchr(alphabet, c) : NULL;
    return p ? (int)(p - alphabet) : -1;
}
