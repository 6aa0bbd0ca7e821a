#include "rulings/cursor.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base64url.h"
#include "rulings/dataset.h"

/* Catches a cursor altered by hand or cut short (not a secret: nothing in it is). Its own
 * hash (FNV-1a), not a map's: cursors clients hold must stay valid whatever the maps use. */
static uint32_t checksum(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return (uint32_t)(h >> 16);
}

void cursor_pack(const char *payload, char *out, size_t size)
{
    char plain[200];
    int n = snprintf(plain, sizeof plain, "%s|", payload);
    size_t len = n < 0 ? 0 : (size_t)n < sizeof plain ? (size_t)n : sizeof plain - 1;
    if (len > sizeof plain - 9) len = sizeof plain - 9; /* room for the checksum */
    n = snprintf(plain + len, sizeof plain - len, "%08" PRIx32, checksum(plain, len));
    len += n < 0 ? 0 : (size_t)n;
    if (len >= sizeof plain) len = sizeof plain - 1;
    b64url_encode(plain, len, out, size);
}

void cursor_encode(const struct cursor *c, char *out, size_t size)
{
    char payload[180];
    char rank[20] = "-";
    if (c->ranked) {
        uint64_t bits;
        memcpy(&bits, &c->rank, sizeof bits);
        snprintf(rank, sizeof rank, "%016" PRIx64, bits);
    }
    snprintf(payload, sizeof payload, "1|%" PRId64 "|%016" PRIx64 "|%s|%s", c->revision, c->filters,
             rank, c->id);
    cursor_pack(payload, out, size);
}

/* Splits "a|b|..." in place into `want` parts; false when the count differs. */
static bool split(char *s, char **parts, int want)
{
    int n = 0;
    parts[n++] = s;
    for (char *c = s; *c; c++) {
        if (*c != '|') continue;
        if (n == want) return false;
        *c = '\0';
        parts[n++] = c + 1;
    }
    return n == want;
}

static bool hex64(const char *s, uint64_t *out)
{
    if (strlen(s) != 16) return false;
    char *end;
    errno = 0;
    *out = strtoull(s, &end, 16);
    return !errno && *end == '\0' && s[0] != '-' && s[0] != '+';
}

bool cursor_decode(const char *text, size_t len, struct cursor *out, struct rd_error *err)
{
    char plain[200];
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    if (len == 0 || len > CURSOR_TEXT_MAX || len % 4 == 1) goto bad;
    for (size_t i = 0; i < len; i++) {
        int v = b64url_value(text[i]);
        if (v < 0) goto bad;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o + 1 >= sizeof plain) goto bad;
            plain[o++] = (char)((acc >> bits) & 0xff);
        }
    }
    if (acc & ((1u << bits) - 1)) goto bad; /* only the canonical spelling */
    plain[o] = '\0';
    if (memchr(plain, '\0', o)) goto bad;
    char *bar = strrchr(plain, '|');
    if (!bar || strlen(bar + 1) != 8) goto bad;
    char sum[9];
    snprintf(sum, sizeof sum, "%08" PRIx32, checksum(plain, (size_t)(bar + 1 - plain)));
    if (strcmp(sum, bar + 1) != 0) goto bad;
    *bar = '\0';
    char *parts[5];
    if (!split(plain, parts, 5) || strcmp(parts[0], "1") != 0) goto bad;
    memset(out, 0, sizeof *out);
    char *end;
    errno = 0;
    long long rev = strtoll(parts[1], &end, 10);
    if (errno || *end || end == parts[1] || rev < 0) goto bad;
    out->revision = rev;
    if (!hex64(parts[2], &out->filters)) goto bad;
    if (strcmp(parts[3], "-") != 0) {
        uint64_t rb;
        if (!hex64(parts[3], &rb)) goto bad;
        memcpy(&out->rank, &rb, sizeof rb);
        if (!isfinite(out->rank)) goto bad;
        out->ranked = true;
    }
    if (!dataset_valid_id(parts[4])) goto bad;
    snprintf(out->id, sizeof out->id, "%s", parts[4]);
    return true;
bad:
    rd_error_set(err, "is not a cursor this server gave out (copy next_cursor from the previous "
                      "page unchanged)");
    return false;
}
