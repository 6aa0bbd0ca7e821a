#ifndef MATCH_TRANSLIT_H
#define MATCH_TRANSLIT_H
/*
 * Script folding for name matching: Cyrillic to Latin after the BGN/PCGN
 * romanisation of Russian (with Ukrainian, Belarusian, Serbian and Macedonian
 * letters), simplified to plain ASCII (ё -> e, ъ and ь dropped), and the Latin
 * letters that carry no decomposable accent (ø, ł, æ, ß ...) -- these by our own table.
 * Every other script (Greek, Arabic, Hebrew, Chinese, Japanese kana, Hangul, Thai, Georgian,
 * Armenian, Burmese ...) by ICU's transforms (match/translit_icu.c), so that a query or a
 * listed name in Latin script never reaches ICU.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "match/normalize.h"

/* For a case-folded code point, returns its ASCII spelling ("" to drop it), or NULL
 * when the code point is not one this table folds. *cyrillic says whether it was. */
const char *translit_codepoint(int32_t cp, bool *cyrillic);

/* Is a case-folded code point a letter or mark of a script ICU transliterates here (not
 * Latin, Cyrillic, nor common to all scripts such as digits, spaces and punctuation)? */
bool translit_other_script(int32_t cp);

/* The length of the run of text in one other script that starts at cps[0] (for which
 * translit_other_script is true): up to a letter of another script; spaces, digits and
 * punctuation between go with it (ICU reads them in context: the kana length mark). */
size_t translit_other_run(const int32_t *cps, size_t n);

/* Transliterates a run (translit_other_run) cps[0..n) to Latin (ASCII letters, spaces and
 * punctuation, which the caller folds as usual) into out[0..cap); returns how many, or -1 when ICU
 * cannot (its data missing, or more than cap). Thread-safe: one ICU transliterator per thread. */
long translit_other(const int32_t *cps, size_t n, int32_t *out, size_t cap);

/* How the words of a run starting with cps[0] compare once transliterated (enum norm_reading). */
enum norm_reading translit_reading(int32_t cp);

/* The customary Latin spelling of the i-th of the common Korean surnames translit_icu.c
 * writes by custom ("kim", "lee", "park"), or NULL past the last. */
const char *translit_korean_surname(size_t i);

#endif
