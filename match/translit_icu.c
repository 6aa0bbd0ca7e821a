#include <pthread.h>
#include <stdlib.h>
#include <unicode/uclean.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "match/translit.h"

/* One ICU compound transform for every script but Latin and Cyrillic (docs/decisions/
 * 0009-transliteration.md says why these): Chinese characters by their pinyin as names read
 * them (surnames such as 单 "shan"), kana by modified Hepburn, Greek, Armenian and Georgian by
 * the UN and BGN/PCGN systems that gazetteers and lists follow, then ICU's Any-Latin for the
 * rest (Arabic, Hebrew, Hangul, Thai, Burmese, Devanagari ...), accents folded to ASCII, and
 * the half-rings of ayn and hamza and the kana length mark dropped. */
static const char TRANSFORM[] = "Han-Latin/Names; Katakana-Latin/BGN; Greek-Latin/UNGEGN; "
                                "Armenian-Latin/BGN; Georgian-Latin/BGN; Any-Latin; Latin-ASCII; "
                                "[\\u02BE\\u02BF\\u30FC] Remove";

/* ICU transliterators must not be used by two threads at once: one prototype is compiled
 * on first use (a few milliseconds), and each thread works on its own clone, closed when
 * the thread ends or, for the thread that exits the process, by the atexit handler. */
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t clone_key;
static UTransliterator *prototype;

static void close_clone(void *t)
{
    utrans_close(t);
}

static void release_all(void)
{
    UTransliterator *mine = pthread_getspecific(clone_key);
    if (mine) {
        (void)pthread_setspecific(clone_key, NULL);
        utrans_close(mine);
    }
    utrans_close(prototype);
    prototype = NULL;
    u_cleanup(); /* ICU's caches of rules and data, so that leak checkers see nothing left */
}

static void open_prototype(void)
{
    if (pthread_key_create(&clone_key, close_clone) != 0) return;
    UChar id[sizeof TRANSFORM];
    UErrorCode err = U_ZERO_ERROR;
    u_uastrcpy(id, TRANSFORM);
    prototype = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
    if (U_FAILURE(err)) {
        prototype = NULL;
        return;
    }
    atexit(release_all);
}

static UTransliterator *thread_transliterator(void)
{
    pthread_once(&once, open_prototype);
    if (!prototype) return NULL;
    UTransliterator *t = pthread_getspecific(clone_key);
    if (t) return t;
    UErrorCode err = U_ZERO_ERROR;
    t = utrans_clone(prototype, &err);
    if (U_FAILURE(err) || pthread_setspecific(clone_key, t) != 0) {
        utrans_close(t);
        return NULL;
    }
    return t;
}

bool translit_other_script(int32_t cp)
{
    /* Latin, IPA, spacing modifiers and combining marks come first; Cyrillic is ours */
    if (cp < 0x0370 || (cp >= 0x0400 && cp <= 0x052F)) return false;
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(cp, &err);
    return U_SUCCESS(err) && sc != USCRIPT_LATIN && sc != USCRIPT_CYRILLIC &&
           sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED;
}

bool translit_other_run_goes_on(int32_t cp)
{
    if (cp < 0x80) return !((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    if (cp < 0x0370 || (cp >= 0x0400 && cp <= 0x052F)) return false;
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(cp, &err);
    return U_SUCCESS(err) && sc != USCRIPT_LATIN && sc != USCRIPT_CYRILLIC;
}

/* Hangul is written a syllable per character and lists write Korean names a syllable per
 * word ("KIM Jong Un"), so each syllable is followed by a space before transliterating. */
static bool is_hangul_syllable(int32_t cp)
{
    return cp >= 0xAC00 && cp <= 0xD7A3;
}

long translit_other(const int32_t *cps, size_t n, int32_t *out, size_t cap)
{
    enum { UCAP = 8192 };
    static _Thread_local UChar text[UCAP];
    UTransliterator *t = thread_transliterator();
    if (!t) return -1;
    int32_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (len + 4 > UCAP) return -1;
        UChar32 cp = cps[i];
        if (cp >= 0x10000) {
            text[len++] = (UChar)(0xD7C0 + (cp >> 10));
            text[len++] = (UChar)(0xDC00 | (cp & 0x3FF));
        } else {
            text[len++] = (UChar)cp;
        }
        if (is_hangul_syllable(cp)) text[len++] = ' ';
    }
    int32_t limit = len;
    UErrorCode err = U_ZERO_ERROR;
    utrans_transUChars(t, text, &len, UCAP, 0, &limit, &err);
    if (U_FAILURE(err)) return -1;
    int32_t produced = 0;
    u_strToUTF32(out, (int32_t)cap, &produced, text, len, &err);
    return U_FAILURE(err) ? -1 : produced;
}
