/* Romanised Korean syllables and their key (match/korean.h). */
#include "match/korean.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "match/translit.h"

struct spelling {
    const char *text, *key;
};

/* Longest first: the first that fits is taken, then shorter ones if the rest fails. */
static const struct spelling initials[] = {
    {"kk", "k"}, {"gg", "k"}, {"tt", "t"}, {"pp", "p"}, {"ss", "s"}, {"jj", "c"},
    {"ch", "c"}, {"sh", "s"}, {"g", "k"},  {"k", "k"},  {"n", "n"},  {"d", "t"},
    {"t", "t"},  {"r", "l"},  {"l", "l"},  {"m", "m"},  {"b", "p"},  {"p", "p"},
    {"s", "s"},  {"j", "c"},  {"h", "h"},  {"", ""},
};

static const struct spelling vowels[] = {
    {"yeo", "yo"}, {"yae", "ye"}, {"yoo", "yo"}, {"you", "yo"}, {"wae", "we"}, {"weo", "wo"},
    {"woo", "o"},  {"eui", "i"},  {"ae", "e"},   {"ya", "ya"},  {"eo", "o"},   {"ye", "ye"},
    {"yo", "yo"},  {"yu", "yo"},  {"yi", "i"},   {"wa", "wa"},  {"oe", "we"},  {"oi", "we"},
    {"wo", "wo"},  {"we", "we"},  {"wi", "wi"},  {"wu", "o"},   {"eu", "o"},   {"ui", "i"},
    {"oo", "o"},   {"ou", "o"},   {"ee", "i"},   {"a", "a"},    {"e", "e"},    {"o", "o"},
    {"u", "o"},    {"i", "i"},
};

/* "ahn", "oh", "roh", "park": letters custom writes after a vowel and no system sounds */
static const struct spelling finals[] = {
    {"ng", "ng"}, {"rk", "k"}, {"hn", "n"}, {"k", "k"}, {"g", "k"},
    {"n", "n"},   {"t", "t"},  {"d", "t"},  {"l", "l"}, {"r", "l"},
    {"m", "m"},   {"p", "p"},  {"b", "p"},  {"h", ""},  {"", ""},
};

#define COUNT(a) (sizeof(a) / sizeof *(a))
#define MAX_SYLLABLES 3

struct reading {
    const char *w;
    size_t len;
    char *out;
    size_t olen;
    unsigned syllables;
    size_t starts[MAX_SYLLABLES]; /* where each syllable read begins */
};

static bool fits(const struct reading *r, size_t at, const char *text, size_t *n)
{
    /* most spellings differ in their first letter: no length to take then */
    if (text[0] && (at >= r->len || r->w[at] != text[0])) return false;
    *n = strlen(text);
    return at + *n <= r->len && memcmp(r->w + at, text, *n) == 0;
}

/* Letters no romanisation of Korean writes: most words that are not Korean have one. */
static bool foreign_letters(const char *w, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (strchr("cfqvxz", w[i]) && !(w[i] == 'c' && i + 1 < len && w[i + 1] == 'h')) return true;
    return false;
}

static bool append(struct reading *r, const char *key)
{
    size_t n = strlen(key);
    if (r->olen + n > KOREAN_KEY_MAX) return false;
    memcpy(r->out + r->olen, key, n);
    r->olen += n;
    return true;
}

/* The initial's key: a word's first r or l as the initial sound law writes it. */
static const char *initial_key(size_t at, const struct spelling *init, const struct spelling *v)
{
    if (at > 0 || strcmp(init->key, "l") != 0) return init->key;
    return v->key[0] == 'i' || v->key[0] == 'y' ? "" : "n";
}

static bool read_from(struct reading *r, size_t at);

/* Each table's spellings that may fit where a letter stands: those that begin with it and the
 * empty ones, in the table's order (the first that fits is taken). Slot 26 is any other
 * character. Each letter tried every spelling of all three tables before: a third of the
 * matcher index's build, for words most of which are not Korean. */
enum { SLOTS = 27, MOST_SPELLINGS = 32 };

struct starting {
    uint8_t n, at[MOST_SPELLINGS];
};

static struct starting initials_by[SLOTS], vowels_by[SLOTS], finals_by[SLOTS];
static pthread_once_t starting_once = PTHREAD_ONCE_INIT;

static void sort_by_letter(const struct spelling *t, size_t n, struct starting *by)
{
    for (size_t slot = 0; slot < SLOTS; slot++)
        for (size_t k = 0; k < n; k++)
            if (!t[k].text[0] || (slot < 26 && t[k].text[0] == (char)('a' + slot)))
                by[slot].at[by[slot].n++] = (uint8_t)k;
}

static void sort_spellings(void)
{
    sort_by_letter(initials, COUNT(initials), initials_by);
    sort_by_letter(vowels, COUNT(vowels), vowels_by);
    sort_by_letter(finals, COUNT(finals), finals_by);
}
_Static_assert(COUNT(initials) <= MOST_SPELLINGS && COUNT(vowels) <= MOST_SPELLINGS &&
                   COUNT(finals) <= MOST_SPELLINGS,
               "a table's spellings fit struct starting");

static const struct starting *starting_at(const struct starting *by, const struct reading *r,
                                          size_t at)
{
    char c = at < r->len ? r->w[at] : 0;
    return &by[c >= 'a' && c <= 'z' ? c - 'a' : 26];
}

/* One syllable of initial i and vowel v at `at`, then its final and the rest. */
static bool read_syllable(struct reading *r, size_t at, const struct spelling *i,
                          const struct spelling *v, size_t vat, size_t vn)
{
    size_t mark = r->olen;
    const struct starting *fs = starting_at(finals_by, r, vat + vn);
    for (size_t k = 0; k < fs->n; k++) {
        size_t fn, f = fs->at[k];
        if (!fits(r, vat + vn, finals[f].text, &fn)) continue;
        r->olen = mark;
        if (!append(r, initial_key(at, i, v)) || !append(r, v->key) || !append(r, finals[f].key))
            return false;
        r->starts[r->syllables++] = at;
        if (read_from(r, vat + vn + fn)) return true;
        r->syllables--;
    }
    r->olen = mark;
    return false;
}

static bool read_from(struct reading *r, size_t at)
{
    if (at == r->len) return r->syllables > 0;
    if (r->syllables == MAX_SYLLABLES) return false;
    const struct starting *is = starting_at(initials_by, r, at);
    for (size_t ki = 0; ki < is->n; ki++) {
        size_t in, i = is->at[ki];
        if (!fits(r, at, initials[i].text, &in)) continue;
        const struct starting *vs = starting_at(vowels_by, r, at + in);
        for (size_t kv = 0; kv < vs->n; kv++) {
            size_t vn, v = vs->at[kv];
            if (fits(r, at + in, vowels[v].text, &vn) &&
                read_syllable(r, at, &initials[i], &vowels[v], at + in, vn))
                return true;
        }
    }
    return false;
}

size_t korean_key(const char *w, size_t len, char *out, unsigned *syllables)
{
    pthread_once(&starting_once, sort_spellings);
    struct reading r = {w, len, out, 0, 0, {0}};
    bool ok = len > 0 && len <= KOREAN_WORD_MAX && !foreign_letters(w, len) && read_from(&r, 0);
    out[ok ? r.olen : 0] = '\0';
    if (syllables) *syllables = ok ? r.syllables : 0;
    return ok ? r.olen : 0;
}

size_t korean_second_syllable(const char *w, size_t len)
{
    char key[KOREAN_KEY_MAX + 1];
    pthread_once(&starting_once, sort_spellings);
    struct reading r = {w, len, key, 0, 0, {0}};
    bool two =
        len <= KOREAN_WORD_MAX && !foreign_letters(w, len) && read_from(&r, 0) && r.syllables == 2;
    return two ? r.starts[1] : 0;
}

size_t korean_word_key(const char *w, size_t len, char *out)
{
    return korean_key(w, len, out, NULL);
}

#define MAX_SURNAMES 64

static char surname_keys[MAX_SURNAMES][KOREAN_KEY_MAX + 1];
static size_t n_surnames;
static pthread_once_t surnames_once = PTHREAD_ONCE_INIT;

/* The keys of the common surnames translit_icu.c spells by custom: by key, their other
 * spellings too ("ri", "pak", "choe", "chong"). */
static void key_surnames(void)
{
    const char *s;
    for (size_t i = 0; n_surnames < MAX_SURNAMES && (s = translit_korean_surname(i)); i++)
        if (korean_key(s, strlen(s), surname_keys[n_surnames], NULL)) n_surnames++;
}

/* One letter is an initial ("I. AHMED", "O. JASSO") more often than the Revised
 * Romanization's 이 I or 오 O, which names write Lee, Yi, Oh. */
static bool surname(const char *w, size_t len)
{
    char key[KOREAN_KEY_MAX + 1];
    if (len < 2 || !korean_key(w, len, key, NULL)) return false;
    pthread_once(&surnames_once, key_surnames);
    for (size_t i = 0; i < n_surnames; i++)
        if (strcmp(surname_keys[i], key) == 0) return true;
    return false;
}

bool korean_name(const struct norm_name *name, unsigned *surname_at)
{
    unsigned n = name->ntokens, total = 0, syllables[4];
    if (n < 2 || n > 4 || name->initials) return false; /* "A. N. BASHA" is "an basha" */
    bool hangul = true, letters = true;
    for (unsigned i = 0; i < n; i++) {
        const struct norm_token *t = &name->tokens[i];
        hangul &= name->reading[i] == NORM_READ_HANGUL;
        /* two syllables are twelve letters at most ("jjyeong"): the cheap refusals first */
        letters &= t->len <= 12 && !foreign_letters(name->text + t->off, t->len);
    }
    *surname_at = 0;
    if (hangul) return true; /* written in Hangul, surname first, whatever the surname */
    if (!letters) return false;
    char key[KOREAN_KEY_MAX + 1];
    for (unsigned i = 0; i < n; i++) {
        if (!korean_key(name->text + name->tokens[i].off, name->tokens[i].len, key,
                        &syllables[i]) ||
            syllables[i] > 2)
            return false;
        total += syllables[i];
    }
    if (total < 3 || total > 5) return false;
    const struct norm_token *first = &name->tokens[0], *last = &name->tokens[n - 1];
    if (syllables[0] == 1 && surname(name->text + first->off, first->len)) return true;
    *surname_at = n - 1;
    if (syllables[n - 1] == 1 && surname(name->text + last->off, last->len)) return true;
    /* a surname the table lacks, before or after a given name of two syllables written as
     * Korean names are, with a hyphen ("Sim Kwon-ho", "Tae-won Chey") */
    for (unsigned i = 1; i < n && n == 3; i++) {
        unsigned other = i == 2 ? 0 : 2;
        if ((name->hyphened >> i) & 1u && syllables[i - 1] == 1 && syllables[i] == 1 &&
            syllables[other] == 1) {
            *surname_at = other;
            return true;
        }
    }
    return false;
}
