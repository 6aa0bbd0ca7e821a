#include <pthread.h>
#include <stdlib.h>
#include <unicode/uclean.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "match/translit.h"

/* One ICU transform per script (docs/decisions/0009-transliteration.md says why these):
 * Chinese characters by their pinyin as names read them (surnames such as 单 "shan"), kana by
 * modified Hepburn (ICU's own Katakana-Latin for the small kana BGN leaves), Greek by the UN system
 * (modern reading: "Alexis", not "Alexes"), Armenian and Georgian by BGN/PCGN as gazetteers and
 * lists write them, Hangul by the Revised Romanization, and ICU's Any-Latin for every other script
 * (Arabic, Persian, Hebrew, Thai, Burmese, Devanagari ...). Each ends with accents folded to ASCII
 * and the half-rings of ayn and hamza, the kana length mark and the tilde BGN writes for a small
 * kana it has no spelling for dropped. One transform per script rather than one compound of them
 * all: the compound costs 26-89 us a name, a single script's 6-8 us (Han 27 us). */
enum slot {
    SLOT_HAN,
    SLOT_KANA,
    SLOT_HANGUL,
    SLOT_GREEK,
    SLOT_ARMENIAN,
    SLOT_GEORGIAN,
    SLOT_OTHER,
    SLOT_COUNT
};

#define TAIL "; Latin-ASCII; [\\u02BE\\u02BF\\u30FC~] Remove"
static const char *const TRANSFORMS[SLOT_COUNT] = {
    [SLOT_HAN] = "Han-Latin/Names" TAIL,
    [SLOT_KANA] = "Hiragana-Katakana; Katakana-Latin/BGN; Katakana-Latin" TAIL,
    [SLOT_HANGUL] = "Hangul-Latin" TAIL,
    [SLOT_GREEK] = "Greek-Latin/UNGEGN" TAIL,
    [SLOT_ARMENIAN] = "Armenian-Latin/BGN" TAIL,
    [SLOT_GEORGIAN] = "Georgian-Latin/BGN" TAIL,
    [SLOT_OTHER] = "Any-Latin" TAIL,
};

/* ICU transliterators must not be used by two threads at once: each thread opens its own,
 * one per script as it first meets it (0.2-0.6 ms each), closed when the thread ends or, for
 * the thread that exits the process, by the atexit handler. */
/* Chinese characters are read one at a time from a per-thread cache of readings, filled by
 * the Han transform on first sight: ICU's Han-Latin costs about 7 us a character, the cache
 * nothing. The transform reads a surname differently at the start of a name (查 "zha" first,
 * "cha" after), so a character is cached twice, read alone (first in a word) and read after
 * 一 (anywhere else); on the 12,261 Chinese words of the cross-script corpus this gives exactly
 * what the transform gives the whole word. */
enum { HAN_SLOTS = 4096, HAN_READING = 11 };
struct han_reading {
    int32_t key; /* code point << 1 | read after another character; 0: empty */
    char latin[HAN_READING + 1];
};

struct thread_transforms {
    UTransliterator *t[SLOT_COUNT];
    struct han_reading *han; /* HAN_SLOTS of them, on first Chinese character */
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t transforms_key;
static bool key_made;

static void close_transforms(void *p)
{
    struct thread_transforms *tt = p;
    for (int i = 0; i < SLOT_COUNT; i++)
        utrans_close(tt->t[i]);
    free(tt->han);
    free(tt);
}

static void release_all(void)
{
    struct thread_transforms *mine = pthread_getspecific(transforms_key);
    if (mine) {
        (void)pthread_setspecific(transforms_key, NULL);
        close_transforms(mine);
    }
    u_cleanup(); /* ICU's caches of rules and data, so that leak checkers see nothing left */
}

static void make_key(void)
{
    key_made = pthread_key_create(&transforms_key, close_transforms) == 0;
    if (key_made) atexit(release_all);
}

static struct thread_transforms *thread_state(void)
{
    pthread_once(&once, make_key);
    if (!key_made) return NULL;
    struct thread_transforms *tt = pthread_getspecific(transforms_key);
    if (!tt) {
        tt = calloc(1, sizeof *tt);
        if (!tt || pthread_setspecific(transforms_key, tt) != 0) {
            free(tt);
            return NULL;
        }
    }
    return tt;
}

static UTransliterator *thread_transform(struct thread_transforms *tt, enum slot slot)
{
    if (tt && !tt->t[slot]) {
        UChar id[160];
        UErrorCode err = U_ZERO_ERROR;
        u_uastrcpy(id, TRANSFORMS[slot]);
        tt->t[slot] = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
        if (U_FAILURE(err)) tt->t[slot] = NULL;
    }
    return tt ? tt->t[slot] : NULL;
}

static UScriptCode script_of(int32_t cp)
{
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(cp, &err);
    return U_SUCCESS(err) ? sc : USCRIPT_COMMON;
}

static enum slot slot_of(UScriptCode sc)
{
    switch (sc) {
    case USCRIPT_HAN:
        return SLOT_HAN;
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
        return SLOT_KANA;
    case USCRIPT_HANGUL:
        return SLOT_HANGUL;
    case USCRIPT_GREEK:
        return SLOT_GREEK;
    case USCRIPT_ARMENIAN:
        return SLOT_ARMENIAN;
    case USCRIPT_GEORGIAN:
        return SLOT_GEORGIAN;
    default:
        return SLOT_OTHER;
    }
}

bool translit_other_script(int32_t cp)
{
    /* Latin, IPA, spacing modifiers and combining marks come first; Cyrillic is ours */
    if (cp < 0x0370 || (cp >= 0x0400 && cp <= 0x052F)) return false;
    UScriptCode sc = script_of(cp);
    return sc != USCRIPT_LATIN && sc != USCRIPT_CYRILLIC && sc != USCRIPT_COMMON &&
           sc != USCRIPT_INHERITED;
}

enum norm_reading translit_reading(int32_t cp)
{
    switch (script_of(cp)) {
    case USCRIPT_ARABIC:
    case USCRIPT_HEBREW:
    case USCRIPT_SYRIAC:
    case USCRIPT_THAANA:
        return NORM_READ_ABJAD;
    case USCRIPT_HANGUL:
        return NORM_READ_HANGUL;
    case USCRIPT_GREEK:
        return NORM_READ_GREEK;
    default:
        return NORM_READ_PLAIN;
    }
}

size_t translit_other_run(const int32_t *cps, size_t n)
{
    enum slot slot = slot_of(script_of(cps[0]));
    size_t k = 1;
    while (k < n) {
        int32_t cp = cps[k];
        if (cp < 0x80) {
            if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') break;
        } else if (translit_other_script(cp)) {
            if (slot_of(script_of(cp)) != slot) break;
        } else if (cp < 0x0370 || (cp >= 0x0400 && cp <= 0x052F)) {
            break; /* a Latin or Cyrillic letter, or a mark of one */
        } else {
            UScriptCode sc = script_of(cp);
            if (sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED) break;
        }
        k++;
    }
    return k;
}

/* Hangul is written a syllable per character and lists write Korean names a syllable per
 * word ("KIM Jong Un"), so each syllable is followed by a space before transliterating. */
static bool is_hangul_syllable(int32_t cp)
{
    return cp >= 0xAC00 && cp <= 0xD7A3;
}

/* A Korean surname is spelt by custom, not by the Revised Romanization ICU follows (김 is
 * "Kim", never "Gim"; 이 "Lee", 박 "Park"): the usual spelling of the thirty most common
 * surnames, for the first syllable of a Hangul word of two or more. Where two customs compete
 * (이 Lee/Ri/Yi, 박 Park/Pak, 정 Jung/Jeong/Chung) the one most names use in Wikidata's labels
 * is taken (docs/decisions/0009-transliteration.md). */
// clang-format off
static const struct {
    int32_t syllable;
    const char *latin;
} KOREAN_SURNAMES[] = {
    {0xAC15, "kang"}, {0xACE0, "ko"},   {0xAD8C, "kwon"}, {0xAE40, "kim"},  {0xB0A8, "nam"},
    {0xBB38, "moon"}, {0xBC15, "park"}, {0xBC30, "bae"},  {0xBC31, "baek"}, {0xC11C, "seo"},
    {0xC1A1, "song"}, {0xC190, "son"},  {0xC2E0, "shin"}, {0xC548, "ahn"},  {0xC591, "yang"},
    {0xC624, "oh"},   {0xC720, "yoo"},  {0xC724, "yoon"}, {0xC774, "lee"},  {0xC784, "lim"},
    {0xC7A5, "jang"}, {0xC804, "jeon"}, {0xC815, "jung"}, {0xC870, "cho"},  {0xCD5C, "choi"},
    {0xD55C, "han"},  {0xD558, "ha"},   {0xD64D, "hong"}, {0xD669, "hwang"}, {0xB958, "ryu"},
};
// clang-format on

const char *translit_korean_surname(size_t i)
{
    return i < sizeof KOREAN_SURNAMES / sizeof *KOREAN_SURNAMES ? KOREAN_SURNAMES[i].latin : NULL;
}

static const char *korean_surname(const int32_t *cps, size_t i, size_t n)
{
    if ((i > 0 && is_hangul_syllable(cps[i - 1])) || i + 1 >= n || !is_hangul_syllable(cps[i + 1]))
        return NULL;
    for (size_t k = 0; k < sizeof KOREAN_SURNAMES / sizeof *KOREAN_SURNAMES; k++)
        if (KOREAN_SURNAMES[k].syllable == cps[i]) return KOREAN_SURNAMES[k].latin;
    return NULL;
}

static int32_t put_utf16(UChar *text, int32_t len, int32_t cp)
{
    if (cp >= 0x10000) {
        text[len++] = (UChar)(0xD7C0 + (cp >> 10));
        text[len++] = (UChar)(0xDC00 | (cp & 0x3FF));
    } else {
        text[len++] = (UChar)cp;
    }
    return len;
}

/* Arabic script writes the long vowels ī and ū with the letters of the consonants y and w, and
 * ICU's Any-Latin always writes "y" and "w"; BGN/PCGN and the usual spelling of names write the
 * vowel ("Rakim", "Baghdadi", "Yusuf", not "Rakym", "Baghdady", "Ywsf"). A ي or ی after a
 * consonant and not before a vowel letter is "i", a و so placed "u". */
static bool is_arabic_consonant(int32_t cp)
{
    return (cp >= 0x0628 && cp <= 0x063A && cp != 0x0629) || (cp >= 0x0641 && cp <= 0x0647) ||
           cp == 0x067E || cp == 0x0686 || cp == 0x0698 || cp == 0x06A9 || cp == 0x06AF ||
           cp == 0x0679 || cp == 0x0688 || cp == 0x0691;
}

/* Urdu's letters that ICU's Any-Latin leaves as they are (measured: "پوٹن" gave "puٹn"): the
 * retroflex ٹ ڈ ڑ as t d r (as Urdu names are romanised: "Bhutto"), noon ghunna ں as n, do-chashmi
 * he ھ as h, bari ye ے as e. */
static char urdu_letter(int32_t cp)
{
    switch (cp) {
    case 0x0679:
        return 't';
    case 0x0688:
        return 'd';
    case 0x0691:
        return 'r';
    case 0x06BA:
        return 'n';
    case 0x06BE:
        return 'h';
    case 0x06D2:
        return 'e';
    default:
        return 0;
    }
}

/* Arabic letters ICU writes as no list does:
 * - ta marbuta ة and alif maqsura ى end names and are read "a" (ICU: "t", "y"; Hamza, Khalifa,
 *   Mustafa, Yahya);
 * - theh ث is read "t" as the consonant key reads Latin "th" (Othman, Harith), so that "th" in
 *   a transliteration is always ت or ط before ه or ح (Taha, Tehrik);
 * - dad ض is written "dz", which the consonant key reads d or z (match/match_consonants.h:
 *   Fadl and Fazl, Reda and Reza);
 * - ain ع, which ICU writes ʿ and the ASCII fold drops as Latin forms mostly do (Ali, Abbas),
 *   is read "a" before و or ي: dropped, it made them a name's first letter ("al-Ayyash",
 *   العياشي, read "alyashi" as if AL-YASHI).
 * NULL for any other. */
static const char *arabic_letter(const int32_t *cps, size_t i, size_t n)
{
    switch (cps[i]) {
    case 0x0629:
    case 0x0649:
        return "a";
    case 0x062B:
        return "t";
    case 0x0636:
        return "dz";
    case 0x0639:
        return i + 1 < n && (cps[i + 1] == 0x0648 || cps[i + 1] == 0x064A) ? "a" : NULL;
    default:
        return NULL;
    }
}

static bool is_arabic_vowel_letter(int32_t cp)
{
    return cp == 0x0622 || cp == 0x0627 || cp == 0x0648 || cp == 0x0649 || cp == 0x064A ||
           cp == 0x06CC;
}

static char arabic_long_vowel(const int32_t *cps, size_t i, size_t n)
{
    int32_t cp = cps[i];
    bool y = cp == 0x064A || cp == 0x06CC, w = cp == 0x0648;
    if ((!y && !w) || i == 0 || !is_arabic_consonant(cps[i - 1])) return 0;
    if (i + 1 < n && is_arabic_vowel_letter(cps[i + 1])) return 0;
    return y ? 'i' : 'u';
}

/* Hebrew the same way: ו and י after a consonant and not before a vowel letter are the vowels
 * o and i, and ק is written k as names write it ("Kolins", not "Qwlyns"). */
static bool is_hebrew_consonant(int32_t cp)
{
    return cp >= 0x05D1 && cp <= 0x05EA && cp != 0x05D4 && cp != 0x05D5 && cp != 0x05D9 &&
           cp != 0x05E2;
}

static char hebrew_letter(const int32_t *cps, size_t i, size_t n)
{
    int32_t cp = cps[i];
    if (cp == 0x05E7) return 'k';
    /* an aleph or ayin that begins a word is its first vowel (אמיתי Amitai, עמוס Amos) */
    if ((cp == 0x05D0 || cp == 0x05E2) && (i == 0 || cps[i - 1] < 0x05D0 || cps[i - 1] > 0x05EA))
        return 'a';
    if ((cp != 0x05D5 && cp != 0x05D9) || i == 0 || !is_hebrew_consonant(cps[i - 1])) return 0;
    if (i + 1 < n && (cps[i + 1] == 0x05D0 || cps[i + 1] == 0x05D5 || cps[i + 1] == 0x05D9))
        return 0;
    return cp == 0x05D5 ? 'o' : 'i';
}

/* The run in UTF-16 for ICU, a Hangul syllable followed by a space and a Korean surname
 * already spelt (in capitals: hangul_as_names leaves it alone); -1 when it does not fit. */
static int32_t to_utf16(const int32_t *cps, size_t n, UChar *text, int32_t size)
{
    int32_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (len + 8 > size) return -1;
        UChar32 cp = cps[i];
        const char *surname = korean_surname(cps, i, n);
        if (surname) {
            while (*surname)
                text[len++] = (UChar)(*surname++ - 'a' + 'A');
            text[len++] = ' ';
            continue;
        }
        const char *as = arabic_letter(cps, i, n);
        char letter = as ? 0 : arabic_long_vowel(cps, i, n);
        if (!as && !letter) letter = hebrew_letter(cps, i, n);
        if (!as && !letter) letter = urdu_letter(cp);
        if (as)
            while (*as)
                text[len++] = (UChar)*as++;
        else if (letter)
            text[len++] = (UChar)letter;
        else
            len = put_utf16(text, len, cp);
        if (is_hangul_syllable(cp)) text[len++] = ' ';
    }
    return len;
}

/* ICU's Hangul-Latin is the letter-for-letter form of the Revised Romanization (박 "bag");
 * names follow its transcription rules, which write a final ㄱ ㄷ ㅂ as k t p and an initial
 * ㄹ as r ("seok", "sik", "ran", not "seog", "sig", "lan"): applied to each syllable's word. */
static void hangul_as_names(UChar *text, int32_t len)
{
    static const UChar finals[][2] = {{'g', 'k'}, {'d', 't'}, {'b', 'p'}};
    for (int32_t i = 0; i < len;) {
        int32_t end = i;
        while (end < len && text[end] >= 'a' && text[end] <= 'z')
            end++;
        if (end > i) {
            if (text[i] == 'l') text[i] = 'r';
            for (size_t f = 0; f < 3; f++)
                if (end - i >= 2 && text[end - 1] == finals[f][0] && text[end - 2] != 'n')
                    text[end - 1] = finals[f][1];
        }
        i = end + 1;
    }
}

/* The reading of one Chinese character, from the cache or the Han transform; NULL when ICU
 * cannot. */
static const char *han_reading(struct thread_transforms *tt, int32_t cp, bool after)
{
    if (!tt->han && !(tt->han = calloc(HAN_SLOTS, sizeof *tt->han))) return NULL;
    int32_t key = cp << 1 | after;
    struct han_reading *r = &tt->han[((uint32_t)key * 2654435761u) >> 20];
    if (r->key == key) return r->latin;
    UTransliterator *t = thread_transform(tt, SLOT_HAN);
    if (!t) return NULL;
    UChar text[64];
    int32_t len = put_utf16(text, after ? put_utf16(text, 0, 0x4E00) : 0, cp), limit = len;
    UErrorCode err = U_ZERO_ERROR;
    utrans_transUChars(t, text, &len, 64, 0, &limit, &err);
    if (U_FAILURE(err)) return NULL;
    int32_t i = 0, k = 0;
    if (after) { /* past the reading of 一 */
        while (i < len && text[i] != ' ')
            i++;
        i++;
    }
    for (; i < len && k < HAN_READING; i++)
        if (text[i] >= 'a' && text[i] <= 'z') r->latin[k++] = (char)text[i];
    r->latin[k] = '\0';
    r->key = key;
    return r->latin;
}

/* A run of Chinese characters: each one's reading as a word; what is between them as is. */
static long han_run(struct thread_transforms *tt, const int32_t *cps, size_t n, int32_t *out,
                    size_t cap)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        bool han = script_of(cps[i]) == USCRIPT_HAN;
        bool after = i > 0 && script_of(cps[i - 1]) == USCRIPT_HAN;
        const char *latin = han && tt ? han_reading(tt, cps[i], after) : NULL;
        if (han && !latin) return -1;
        if (m + HAN_READING + 2 > cap) return -1;
        if (!han) {
            out[m++] = cps[i];
            continue;
        }
        if (m && out[m - 1] != ' ') out[m++] = ' ';
        while (*latin)
            out[m++] = *latin++;
        out[m++] = ' ';
    }
    return (long)m;
}

long translit_other(const int32_t *cps, size_t n, int32_t *out, size_t cap)
{
    enum { UCAP = 8192 };
    static _Thread_local UChar text[UCAP];
    enum slot slot = slot_of(script_of(cps[0]));
    struct thread_transforms *tt = thread_state();
    if (slot == SLOT_HAN) return han_run(tt, cps, n, out, cap);
    UTransliterator *t = thread_transform(tt, slot);
    int32_t len = to_utf16(cps, n, text, UCAP);
    if (!t || len < 0) return -1;
    int32_t limit = len;
    UErrorCode err = U_ZERO_ERROR;
    utrans_transUChars(t, text, &len, UCAP, 0, &limit, &err);
    if (U_FAILURE(err)) return -1;
    if (slot == SLOT_HANGUL) hangul_as_names(text, len);
    int32_t produced = 0;
    u_strToUTF32(out, (int32_t)cap, &produced, text, len, &err);
    return U_FAILURE(err) ? -1 : produced;
}
