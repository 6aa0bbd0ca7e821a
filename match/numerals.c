/* Numbers written out and ordinals with digits (match/numerals.h). */
#include "match/numerals.h"

#include <stdbool.h>
#include <string.h>

/* "00".."99" two by two: a number's digits are a slice of this. */
static const char DIGITS[] = "00010203040506070809101112131415161718192021222324"
                             "25262728293031323334353637383940414243444546474849"
                             "50515253545556575859606162636465666768697071727374"
                             "75767778798081828384858687888990919293949596979899";

static const char *const UNITS[] = {"zero", "one", "two",   "three", "four",
                                    "five", "six", "seven", "eight", "nine"};
static const char *const TEENS[] = {"ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
static const char *const TENS[] = {"",      "",      "twenty",  "thirty", "forty",
                                   "fifty", "sixty", "seventy", "eighty", "ninety"};
static const char *const ORDINALS[] = {"",      "first",   "second", "third", "fourth", "fifth",
                                       "sixth", "seventh", "eighth", "ninth", "tenth"};

static bool is(const char *w, size_t len, const char *word)
{
    return strlen(word) == len && memcmp(w, word, len) == 0;
}

/* The index of w in table[0..n), or -1. */
static int find(const char *const *table, int n, const char *w, size_t len)
{
    for (int i = 0; i < n; i++)
        if (is(w, len, table[i])) return i;
    return -1;
}

static int tens_of(const char *w, size_t len)
{
    if (is(w, len, "fourty")) return 4; /* the common misspelling */
    int t = find(TENS, 10, w, len);
    return t >= 2 ? t : -1;
}

/* A unit after a tens word: "four" or "4". */
static int unit_of(const char *w, size_t len)
{
    if (len == 1 && w[0] >= '1' && w[0] <= '9') return w[0] - '0';
    int u = find(UNITS, 10, w, len);
    return u >= 1 ? u : -1;
}

static size_t number(int v, const char **out, size_t *out_len)
{
    *out = v < 10 ? DIGITS + 2 * v + 1 : DIGITS + 2 * v;
    *out_len = v < 10 ? 1 : 2;
    return 1;
}

/* "1st", "2nd", "3rd", "4th" ... : the word up to "tenth", the digits after. */
static size_t ordinal(const char *w, size_t len, const char **out, size_t *out_len)
{
    size_t d = 0;
    while (d < len && w[d] >= '0' && w[d] <= '9')
        d++;
    if (d == 0 || d > 4 || len != d + 2 || w[0] == '0') return 0;
    const char *sfx = w + d;
    if (!is(sfx, 2, "st") && !is(sfx, 2, "nd") && !is(sfx, 2, "rd") && !is(sfx, 2, "th")) return 0;
    int v = 0;
    for (size_t i = 0; i < d; i++)
        v = v * 10 + (w[i] - '0');
    if (v <= 10) {
        *out = ORDINALS[v];
        *out_len = strlen(ORDINALS[v]);
    } else {
        *out = w;
        *out_len = d;
    }
    return 1;
}

size_t numeral_at(const char *const *w, const size_t *len, size_t n, const char **out,
                  size_t *out_len)
{
    if (!n || len[0] < 3 || len[0] > 9) return 0; /* "ten" .. "seventeen", "1st" .. "9999th" */
    char c = w[0][0]; /* the first letters of the words: most words are none of them */
    if (!(c >= '1' && c <= '9') && c != 't' && c != 'f' && c != 's' && c != 'e' && c != 'n')
        return 0;
    int t = tens_of(w[0], len[0]);
    if (t > 0) {
        int u = n > 1 ? unit_of(w[1], len[1]) : -1;
        if (u > 0) return number(t * 10 + u, out, out_len) + 1;
        return number(t * 10, out, out_len);
    }
    int v = find(UNITS, 10, w[0], len[0]);
    if (v >= 2) return number(v, out, out_len);
    v = find(TEENS, 10, w[0], len[0]);
    if (v >= 0) return number(10 + v, out, out_len);
    return ordinal(w[0], len[0], out, out_len);
}
