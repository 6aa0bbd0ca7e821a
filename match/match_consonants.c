/* A word's consonant key (match/match_consonants.h). */
#include "match/match_consonants.h"

#include <stdbool.h>
#include <string.h>

static const struct {
    const char *from;
    char to;
} digraphs[] = {
    {"tsh", 'S'}, {"ch", 'S'}, {"sh", 'S'}, {"kh", 'h'}, {"th", 't'}, {"dh", 'd'},
    {"gh", 'g'},  {"ph", 'B'}, {"ts", 'S'}, {"tz", 'S'}, {"dj", 'j'},
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

/* The vowel letters an abjad writes, by class: waw's (o, u, w), yod's (i, e, y) and alef's (a). */
static uint8_t vowel_class(char c)
{
    return c == 'o' || c == 'u' || c == 'w'   ? CONSONANT_GAP_U
           : c == 'i' || c == 'e' || c == 'y' ? CONSONANT_GAP_I
           : c == 'a'                         ? CONSONANT_GAP_A
                                              : 0;
}

/* A digraph Latin spellings use that an abjad's transliteration writes as two letters: ICU
 * writes ث "th" (match/translit_icu.c reads it "t"), so "th" there is ت or ط and ه or ح
 * (طه Taha, تحريك Tehrik), "ts" is ت and س or ص (انتصار Intisar), and "dj" د and ج (دجانة,
 * Dujana; French writes ج dj). */
static bool two_letters_in_abjad(const char *from)
{
    if (from[2]) return false;
    return (from[0] == 't' && (from[1] == 'h' || from[1] == 's' || from[1] == 'z')) ||
           (from[0] == 'd' && from[1] == 'j');
}

/* In an abjad's transliteration, a letter that lists write two ways: ض ("dz", see
 * match/translit_icu.c) and ذ ("dh"), d in Arabic names (Fadl, Ramadan) and z in Persian, Urdu
 * and Pashto ones (Fazl, Reza, Zakir); ق ("q"), q in Arabic, gh in Persian (Qasem, Ghasem,
 * Naghdi); and a w after the first letter, a vowel in Arabic names (Jawad) and v in Persian
 * (Javad). Its first reading, and its second: the class, 0 for a letter dropped, and the
 * letters read. */
static bool two_ways(const char *w, size_t i, size_t len, char first[2], size_t *step)
{
    *step = 1;
    if (i + 1 < len && w[i] == 'd' && (w[i + 1] == 'z' || w[i + 1] == 'h')) {
        *step = 2;
        first[0] = 'd', first[1] = 'S';
        return true;
    }
    if (w[i] == 'q') {
        first[0] = 'K', first[1] = 'g';
        return true;
    }
    if (w[i] == 'w' && i > 0) {
        first[0] = 0, first[1] = 'B';
        return true;
    }
    return false;
}

/* The key and gaps of w; an abjad's reading (`abjad`) takes its ambiguous letters the second
 * way where bit k of `second` is set for the k-th of them, and counts them in *ambiguous. */
static size_t key_gaps(const char *w, size_t len, char *out, uint8_t *gaps, bool abjad,
                       unsigned second, unsigned *ambiguous)
{
    size_t m = 0;
    unsigned seen = 0;
    if (len == 0 || len > CONSONANT_KEY_MAX) goto none;
    if (gaps) memset(gaps, 0, CONSONANT_KEY_MAX + 1);
    for (size_t i = 0; i < len;) {
        char c = 0, ways[2];
        size_t step = 1;
        if (w[i] < 'a' || w[i] > 'z') { /* where two words are read as one: nothing */
            i++;
            continue;
        }
        bool either = abjad && two_ways(w, i, len, ways, &step);
        if (either) {
            c = seen < CONSONANT_TWO_WAYS_MAX && (second >> seen) & 1u ? ways[1] : ways[0];
            seen++;
        }
        for (size_t d = 0; d < sizeof digraphs / sizeof *digraphs && !c && !either; d++) {
            if (digraphs[d].from[0] != w[i]) continue; /* most letters begin none */
            size_t k = strlen(digraphs[d].from);
            if (abjad && two_letters_in_abjad(digraphs[d].from)) continue;
            if (i + k <= len && memcmp(w + i, digraphs[d].from, k) == 0)
                c = digraphs[d].to, step = k;
        }
        if (!c && !either && w[i] == 'x') {
            if (!key_put(out, &m, 'K')) goto none;
            c = 'S';
        }
        if (!c && !either) c = letter_class(w[i], i == 0);
        if (!c && gaps) gaps[m] |= vowel_class(w[i]);
        i += step;
        if (c == 'h' && i == len) break; /* a final h */
        if (c && !key_put(out, &m, c)) goto none;
    }
    out[m] = '\0';
    if (ambiguous) *ambiguous = seen;
    return m;
none:
    out[0] = '\0';
    if (ambiguous) *ambiguous = 0;
    return 0;
}

size_t consonant_key_gaps(const char *w, size_t len, char *out, uint8_t *gaps)
{
    return key_gaps(w, len, out, gaps, false, 0, NULL);
}

size_t consonant_reading(const char *w, size_t len, unsigned second, char *out, uint8_t *gaps,
                         unsigned *ambiguous)
{
    return key_gaps(w, len, out, gaps, true, second, ambiguous);
}

size_t consonant_key(const char *w, size_t len, char *out)
{
    return key_gaps(w, len, out, NULL, false, 0, NULL);
}

bool consonant_vowels_agree(const uint8_t *abjad, const uint8_t *latin, size_t klen)
{
    if (abjad[0] && !latin[0]) return false; /* a vowel written first is a vowel said first */
    for (size_t j = 0; j <= klen; j++)
        if (abjad[j] & ~latin[j] & (CONSONANT_GAP_U | CONSONANT_GAP_I)) return false;
    return true;
}
