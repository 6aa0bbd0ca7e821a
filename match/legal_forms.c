#include "match/legal_forms.h"

#include <pthread.h>
#include <string.h>

#include "match/dictionary.h"
#include "match/match_fuzzy.h"

enum { E = LF_AT_END, B = LF_AT_START, BE = LF_AT_START | LF_AT_END };

/* Phrases are normalised text (lower case, Latin, single spaces, initials joined):
 * Cyrillic forms arrive here already transliterated (АО -> "ao", ООО -> "ooo",
 * ЗАО -> "zao", ПАО -> "pao", ТОВ -> "tov", ФГУП -> "fgup"), "sp. z o.o." as
 * "sp zoo". Forms written before the name in their own language (the Russian and
 * Ukrainian ones, their English translations, Indonesian "PT") may start a name;
 * every form may end one. */
static const struct {
    const char *phrase;
    enum legal_form form;
    unsigned char place;
} legal_forms[] = {
    {"inc", LF_INC, E},
    {"incorporated", LF_INC, E},
    {"corp", LF_CORP, E},
    {"corporation", LF_CORP, E},
    {"co", LF_CO, E},
    {"company", LF_CO, E},
    {"llc", LF_LLC, BE},
    {"limited liability company", LF_LLC, BE},
    {"ooo", LF_LLC, BE},
    {"tov", LF_LLC, BE},
    {"obshchestvo s ogranichennoy otvetstvennostyu", LF_LLC, BE},
    {"obshchestvo s ogranichennoi otvetstvennostiu", LF_LLC, BE},
    {"tovarystvo z obmezhenoyu vidpovidalnistyu", LF_LLC, BE},
    {"sp zoo", LF_LLC, E},
    {"spolka z oo", LF_LLC, E},
    {"spolka z ograniczona odpowiedzialnoscia", LF_LLC, E},
    {"korlatolt felelossegu tarsasag", LF_LLC, E},
    {"uab", LF_LLC, BE}, /* Lithuanian, written before the name too */
    /* as ICU romanises them (match/translit_icu.c): Georgian შპს, Armenian ՍՊԸ, Hebrew
     * בע"מ, Chinese 有限公司 / 有限责任公司 / 股份有限公司 / 公司, Japanese 株式会社 (read
     * as Chinese) and 有限会社, Korean 주식회사 and 유한회사 */
    {"shps", LF_LLC, BE},
    {"spy", LF_LLC, E},
    {"bm", LF_LTD, E},
    {"you xian gong si", LF_LTD, E},
    {"you xian ze ren gong si", LF_LLC, E},
    {"gu fen you xian gong si", LF_LTD, E},
    {"gong si", LF_CO, E},
    {"zhu shi hui she", LF_KK, BE},
    {"you xian hui she", LF_LTD, BE},
    {"ju sik hoe sa", LF_JSC, BE},
    {"yu han hoe sa", LF_LLC, BE},
    {"sro", LF_LLC, E},
    {"kft", LF_LLC, E},
    {"ltd", LF_LTD, E},
    {"limited", LF_LTD, E},
    {"ltda", LF_LTD, E},
    {"lda", LF_LTD, E},
    {"pvt ltd", LF_LTD, E},
    {"private limited", LF_LTD, E},
    {"aps", LF_LTD, E},
    {"bhd", LF_LTD, E},
    {"sdn bhd", LF_LTD, E},
    {"pt", LF_LTD, B},
    {"perseroan terbatas", LF_LTD, B}, /* Indonesian PT written out */
    {"sendirian berhad", LF_LTD, E},   /* Malaysian Sdn. Bhd. written out */
    {"berhad", LF_LTD, E},
    {"cv", LF_LP, B}, /* Indonesian and Dutch commanditaire vennootschap, before the name */
    {"commanditaire vennootschap", LF_LP, BE},
    {"plc", LF_PLC, E},
    {"public limited company", LF_PLC, E},
    {"oyj", LF_PLC, E},
    {"asa", LF_PLC, E},
    {"jsc", LF_JSC, BE},
    {"ao", LF_JSC, BE},
    {"nao", LF_JSC, BE},
    {"joint stock company", LF_JSC, BE},
    {"aktsionernoe obshchestvo", LF_JSC, BE},
    {"aktsionernoye obshchestvo", LF_JSC, BE},
    {"cjsc", LF_CJSC, BE},
    {"zao", LF_CJSC, BE},
    {"prat", LF_CJSC, BE},
    {"closed joint stock company", LF_CJSC, BE},
    {"zakrytoe aktsionernoe obshchestvo", LF_CJSC, BE},
    {"pjsc", LF_PJSC, BE},
    {"pao", LF_PJSC, BE},
    {"pat", LF_PJSC, BE},
    {"public joint stock company", LF_PJSC, BE},
    {"publichnoe aktsionernoe obshchestvo", LF_PJSC, BE},
    {"ojsc", LF_OJSC, BE},
    {"oao", LF_OJSC, BE},
    {"open joint stock company", LF_OJSC, BE},
    {"otkrytoe aktsionernoe obshchestvo", LF_OJSC, BE},
    {"fgup", LF_SUE, BE},
    {"gup", LF_SUE, BE},
    {"mup", LF_SUE, BE},
    {"federal state unitary enterprise", LF_SUE, BE},
    {"state unitary enterprise", LF_SUE, BE},
    {"fze", LF_LLC, E},
    {"fzco", LF_LLC, E},
    {"fz llc", LF_LLC, E},
    {"lp", LF_LP, E},
    {"limited partnership", LF_LP, E},
    {"llp", LF_LLP, E},
    {"limited liability partnership", LF_LLP, E},
    {"gmbh", LF_GMBH, E},
    {"gesellschaft mit beschrankter haftung", LF_GMBH, E},
    {"ag", LF_AG, E},
    {"aktiengesellschaft", LF_AG, E},
    {"sa", LF_SA, E},
    {"sa de cv", LF_SA, E},
    {"nv", LF_NV, E},
    {"bv", LF_BV, E},
    {"ab", LF_AB, E},
    {"as", LF_AS, E},
    {"oy", LF_OY, E},
    {"kk", LF_KK, E},
    {"kabushiki kaisha", LF_KK, E},
    {"pte", LF_PTE, E},
    {"pty", LF_PTY, E},
    {"sarl", LF_SARL, E},
    {"sas", LF_SAS, E},
    {"spa", LF_SPA, E},
    {"srl", LF_SRL, BE}, /* Romanian "SRL X" as well as "X SRL" */
    {"societatea cu raspundere limitata", LF_SRL, BE},
    {"kg", LF_KG, E},
    {"sp k", LF_KG, E}, /* Polish spolka komandytowa, as "Sp. k." normalises */
    {"spolka komandytowa", LF_KG, E},
    {"sp zooska", LF_KG,
     E}, /* "Sp. z o.o. S.K.A." (the initials join): spolka komandytowo-akcyjna */
    {"spolka komandytowo akcyjna", LF_KG, E},
    {"sp j", LF_GP, E}, /* general partnerships: Polish spolka jawna, Italian s.n.c. */
    {"spolka jawna", LF_GP, E},
    {"snc", LF_GP, E},
    {"ou", LF_LTD, E}, /* Estonian osauhing (OU), a private limited company */
    {"se", LF_SE, E},
};

// clang-format off
static const char *const legal_form_names[LF_COUNT] = {
    "INC", "CORP", "CO",   "LLC", "LTD", "PLC", "JSC", "CJSC", "PJSC", "OJSC",
    "LP",  "LLP",  "GMBH", "AG",  "SA",  "NV",  "BV",  "AB",   "AS",   "OY",
    "KK",  "PTE",  "PTY",  "SARL", "SAS", "SPA", "SRL", "KG",  "SE",   "SUE", "GP"};
// clang-format on

const char *legal_form_name(enum legal_form f)
{
    return (unsigned)f < LF_COUNT ? legal_form_names[f] : "";
}

/* Each phrase's word count and the first letters of its first and last words, and the
 * phrases by those letters: a name's words are compared with the few phrases that could
 * match instead of every one (this runs for every name asked and listed). */
#define PHRASES (sizeof legal_forms / sizeof *legal_forms)
_Static_assert(PHRASES < 256, "phrases are numbered in a byte");
static struct {
    uint8_t words[PHRASES];
    uint8_t by_first[26][PHRASES], n_by_first[26]; /* a bucket can hold every phrase */
    uint8_t by_last[26][PHRASES], n_by_last[26];
    uint8_t one_word[26][PHRASES], n_one_word[26]; /* the phrases of one word */
} phrases;
static pthread_once_t phrases_once = PTHREAD_ONCE_INIT;

static void bucket(uint8_t (*b)[PHRASES], uint8_t *nb, char c, size_t i)
{
    unsigned k = (unsigned char)c - 'a';
    if (k < 26) b[k][nb[k]++] = (uint8_t)i;
}

static void index_phrases(void)
{
    for (size_t i = 0; i < PHRASES; i++) {
        const char *p = legal_forms[i].phrase, *last = strrchr(p, ' ');
        phrases.words[i] = 1;
        for (const char *q = p; *q; q++)
            phrases.words[i] = (uint8_t)(phrases.words[i] + (*q == ' '));
        if (legal_forms[i].place & LF_AT_START)
            bucket(phrases.by_first, phrases.n_by_first, p[0], i);
        if (legal_forms[i].place & LF_AT_END)
            bucket(phrases.by_last, phrases.n_by_last, last ? last[1] : p[0], i);
        if (!last) bucket(phrases.one_word, phrases.n_one_word, p[0], i);
    }
}

/* Does `phrase` equal the n tokens words[0..n-1] joined by spaces? */
static bool phrase_equals(const char *phrase, const char *const *words, const size_t *lens,
                          size_t n)
{
    const char *p = phrase;
    for (size_t i = 0; i < n; i++) {
        if (strncmp(p, words[i], lens[i]) != 0) return false;
        p += lens[i];
        if (i + 1 < n) {
            if (*p != ' ') return false;
            p++;
        }
    }
    return *p == '\0';
}

/* The longest phrase allowed at `place` that equals the tokens from `at`. `at` is 0 for
 * the start of the name, n - k for a phrase of k tokens ending it. */
static size_t longest(const char *const *words, const size_t *lens, size_t n, unsigned place,
                      enum legal_form *form)
{
    pthread_once(&phrases_once, index_phrases);
    bool start = place == LF_AT_START;
    unsigned c = (unsigned char)(start ? words[0][0] : words[n - 1][0]) - 'a';
    if (c >= 26) return 0;
    const uint8_t *candidates = start ? phrases.by_first[c] : phrases.by_last[c];
    size_t count = start ? phrases.n_by_first[c] : phrases.n_by_last[c], best = 0;
    for (size_t j = 0; j < count; j++) {
        size_t i = candidates[j], k = phrases.words[i];
        if (k > n || k <= best) continue;
        size_t at = start ? 0 : n - k;
        if (phrase_equals(legal_forms[i].phrase, words + at, lens + at, k)) {
            best = k;
            *form = legal_forms[i].form;
        }
    }
    return best;
}

size_t legal_form_at(const char *const *words, const size_t *lens, size_t n, enum legal_form *form)
{
    return n ? longest(words, lens, n, LF_AT_START, form) : 0;
}

size_t legal_form_ending(const char *const *words, const size_t *lens, size_t n,
                         enum legal_form *form)
{
    return n ? longest(words, lens, n, LF_AT_END, form) : 0;
}

bool legal_form_word(const char *word, size_t len, enum legal_form *form)
{
    pthread_once(&phrases_once, index_phrases);
    unsigned c = (unsigned char)word[0] - 'a';
    for (size_t j = 0; len && c < 26 && j < phrases.n_one_word[c]; j++) {
        size_t i = phrases.one_word[c][j];
        const char *p = legal_forms[i].phrase;
        if (strncmp(p, word, len) != 0 || p[len] != '\0') continue;
        if (form) *form = legal_forms[i].form;
        return true;
    }
    return false;
}

#define MISSPELT_MIN 7 /* shorter legal-form words are too close to names ("limitex") */

/* A set of the phrases' words, gathered once (every listed name and every question asks). */
struct word_set {
    const char *w[64];
    uint8_t len[64];
    uint8_t form[64]; /* enum legal_form of the phrase the word was first met in */
    size_t n;
};

/* Adds to `set` each distinct word of the phrases that `keep` keeps; `alone`: the word is a
 * phrase by itself. */
static void gather(struct word_set *set, bool (*keep)(const char *w, size_t n, bool alone))
{
    for (size_t i = 0; i < sizeof legal_forms / sizeof *legal_forms; i++)
        for (const char *p = legal_forms[i].phrase; *p;) {
            size_t n = strcspn(p, " ");
            bool seen = false;
            for (size_t k = 0; k < set->n && !seen; k++)
                seen = set->len[k] == n && memcmp(set->w[k], p, n) == 0;
            bool alone = p == legal_forms[i].phrase && p[n] == '\0';
            if (!seen && set->n < sizeof set->w / sizeof *set->w && keep(p, n, alone)) {
                set->w[set->n] = p;
                set->form[set->n] = (uint8_t)legal_forms[i].form;
                set->len[set->n++] = (uint8_t)n;
            }
            p += n + strspn(p + n, " ");
        }
}

/* The legal forms written as one word of four to six letters that is no English word ("ltda",
 * "gmbh", "sarl", "ojsc"; not "corp", an English word, nor "xian" of "you xian gong si", a
 * syllable of names too). */
static struct word_set short_words;
static pthread_once_t short_words_once = PTHREAD_ONCE_INIT;

static bool short_form(const char *w, size_t n, bool alone)
{
    return alone && n >= 4 && n <= 6 && !dictionary_word(w, n);
}

static void gather_short_words(void)
{
    gather(&short_words, short_form);
}

uint32_t legal_form_abbreviation_misspelt(const char *word, size_t len)
{
    if (len < 3 || len > 7) return 0;
    for (size_t i = 0; i < len; i++)
        if (word[i] < 'a' || word[i] > 'z') return 0;
    pthread_once(&short_words_once, gather_short_words);
    uint32_t forms = 0;
    for (size_t i = 0; i < short_words.n; i++)
        if (fuzzy_distance(word, len, short_words.w[i], short_words.len[i], 1) == 1)
            forms |= (uint32_t)1 << short_words.form[i];
    /* the look-ups last: most words are near no form (every question's last word asks) */
    if (forms && (dictionary_word(word, len) || dictionary_name(word, len) ||
                  legal_form_word(word, len, NULL)))
        return 0;
    return forms;
}

/* The words of seven letters or more of the phrases above (about thirty). */
static struct word_set long_words;
static pthread_once_t long_words_once = PTHREAD_ONCE_INIT;

static bool long_word(const char *w, size_t n, bool alone)
{
    (void)w, (void)alone;
    return n >= MISSPELT_MIN;
}

static void gather_long_words(void)
{
    gather(&long_words, long_word);
}

const char *legal_form_misspelt(const char *word, size_t len, size_t *out_len)
{
    if (len + 1 < MISSPELT_MIN || len > FUZZY_MAX_LEN) return NULL; /* "compay": one deleted */
    pthread_once(&long_words_once, gather_long_words);
    for (size_t i = 0; i < long_words.n; i++) {
        const char *p = long_words.w[i];
        size_t n = long_words.len[i];
        size_t diff = n > len ? n - len : len - n;
        /* one edit leaves one of the first two letters where it was, and one of the last two */
        bool near = p[0] == word[0] || p[1] == word[1] || p[0] == word[1] || p[1] == word[0];
        if (diff > 1 || !near) continue;
        const char *pe = p + n - 2, *we = word + len - 2;
        if (!(pe[1] == we[1] || pe[0] == we[0] || pe[1] == we[0] || pe[0] == we[1])) continue;
        if (fuzzy_distance(word, len, p, n, 1) <= 1) {
            *out_len = n;
            return p; /* the caller reads n bytes: the word ends at a space or NUL */
        }
    }
    return NULL;
}
