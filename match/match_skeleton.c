#include "match/match_skeleton.h"

#include <stdbool.h>
#include <string.h>

static bool vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* One table of letter rewrites, tried in order at each position. */
static const struct {
    const char *from, *to;
} rewrites[] = {
    {"x", "ks"}, {"kh", "h"}, {"ph", "f"}, {"ck", "k"}, {"w", "v"}, {"j", "y"},
};

size_t skeleton(const char *w, size_t len, char *out)
{
    if (len == 0 || len > SKELETON_MAX) {
        out[0] = '\0';
        return 0;
    }
    char tmp[2 * SKELETON_MAX + 1];
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        size_t r = 0;
        for (; r < sizeof rewrites / sizeof *rewrites; r++) {
            size_t k = strlen(rewrites[r].from);
            if (i + k <= len && memcmp(w + i, rewrites[r].from, k) == 0) break;
        }
        if (r < sizeof rewrites / sizeof *rewrites) {
            size_t k = strlen(rewrites[r].to);
            memcpy(tmp + n, rewrites[r].to, k);
            n += k;
            i += strlen(rewrites[r].from);
            continue;
        }
        tmp[n++] = w[i++];
    }
    /* "ye" at the start or after a vowel is a plain "e" in other schemes; doubled
     * letters once. */
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (tmp[i] == 'y' && i + 1 < n && tmp[i + 1] == 'e' && (m == 0 || vowel(out[m - 1])))
            continue;
        if (m > 0 && out[m - 1] == tmp[i]) continue;
        out[m++] = tmp[i];
    }
    /* Adjective and name endings: -iy, -ii, -yi, -yy (-y after doubling) and -i -> -y. */
    if (m >= 4 && (out[m - 2] == 'i' || out[m - 2] == 'y') &&
        (out[m - 1] == 'y' || out[m - 1] == 'i'))
        m--;
    if (m >= 4 && out[m - 1] == 'i') out[m - 1] = 'y';
    out[m] = '\0';
    return m;
}
