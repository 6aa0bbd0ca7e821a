#ifndef MATCH_TRANSLIT_H
#define MATCH_TRANSLIT_H
/*
 * Script folding for name matching: Cyrillic to Latin after the BGN/PCGN
 * romanisation of Russian (with Ukrainian, Belarusian, Serbian and Macedonian
 * letters), simplified to plain ASCII (ё -> e, ъ and ь dropped), and the Latin
 * letters that carry no decomposable accent (ø, ł, æ, ß ...).
 */
#include <stdbool.h>
#include <stdint.h>

/* For a case-folded code point, returns its ASCII spelling ("" to drop it), or NULL
 * when the code point is not one this table folds. *cyrillic says whether it was. */
const char *translit_codepoint(int32_t cp, bool *cyrillic);

#endif
