/* A word's consonant key (match/match_consonants.h). */
#include "match/match_consonants.h"

#include <stdbool.h>
#include <string.h>

static const struct {
    const char *from;
    char to;
} digraphs[] = {
    {"tsh", 'C'}, {"ch", 'C'}, {"sh", 'S'}, {"kh", 'h'}, {"th", 't'},
    {"dh", 'd'},  {"gh", 'g'}, {"ph", 'B'}, {"ts", 'S'}, {"tz", 'S'},
};

/* The class of one letter: 0 to drop it. */
static char letter_class(char c, bool first)
{
    switch (c) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
        return 0;
    case 'w':
        return first ? 'B' : 0;
    case 'y':
        return first ? 'y' : 0;
    case 'b':
    case 'p':
    case 'f':
    case 'v':
        return 'B';
    case 'c':
    case 'k':
    case 'q':
        return 'K';
    case 's':
    case 'z':
        return 'S';
    default:
        return c;
    }
}

/* Appends class c to the key unless it repeats the last one; false when the key would grow
 * past CONSONANT_KEY_MAX ("x" writes two letters: "xxx…" of 64 letters has 128). */
static bool key_put(char *out, size_t *m, char c)
{
    if (*m && out[*m - 1] == c) return true;
    if (*m == CONSONANT_KEY_MAX) return false;
    out[(*m)++] = c;
    return true;
}

size_t consonant_key(const char *w, size_t len, char *out)
{
    size_t m = 0;
    if (len == 0 || len > CONSONANT_KEY_MAX) goto none;
    for (size_t i = 0; i < len;) {
        char c = 0;
        size_t step = 1;
        for (size_t d = 0; d < sizeof digraphs / sizeof *digraphs && !c; d++) {
            size_t k = strlen(digraphs[d].from);
            if (i + k <= len && memcmp(w + i, digraphs[d].from, k) == 0)
                c = digraphs[d].to, step = k;
        }
        if (!c && w[i] == 'x') {
            if (!key_put(out, &m, 'K')) goto none;
            c = 'S';
        }
        if (!c) c = letter_class(w[i], i == 0);
        i += step;
        if (c == 'h' && i == len) break; /* a final h */
        if (c && !key_put(out, &m, c)) goto none;
    }
    out[m] = '\0';
    return m;
none:
    out[0] = '\0';
    return 0;
}
