#ifndef MATCH_MATCH_CONSONANTS_H
#define MATCH_MATCH_CONSONANTS_H
/*
 * A word's consonant key, for the words of a name written in an abjad (Arabic, Persian, Urdu,
 * Hebrew): those scripts write no short vowels, so the transliteration of "محمد" is "mhmd", of
 * "משה" "msh", and only the consonants can be compared with "Mohamed" or "Moshe"
 * (docs/decisions/0009-transliteration.md, "What it does not do").
 *
 *   mhmd, mohamed, muhammad -> mhmd     bshar, bashar -> BSr     frnandu, fernando -> Brnnd
 *
 * Rules, in order: the digraphs tsh and ch -> C, sh -> s, kh -> h, th -> t, dh -> d, gh -> g,
 * ph -> f, ts and tz -> z, x -> ks; then the letters one sound class: b p f v -> B (Arabic
 * has no p nor v, Hebrew ב and פ are both), c k q -> K, s z -> S; vowels, and w and y after the
 * first letter, dropped (written long vowels are optional in Latin forms); a w at the start
 * is a consonant of the B class (و for v in Persian and Urdu); a final h dropped (ه and ה
 * end words Latin forms write with a vowel: "allh", "abdullah"); doubled letters once.
 * The key is a weak likeness: equal keys say little unless they have three letters or more.
 */
#include <stddef.h>

#define CONSONANT_KEY_MAX 64 /* longest word given a key */

/* Writes the key of w[0..len) (lower-case ASCII) into out (at least CONSONANT_KEY_MAX + 1
 * bytes, NUL-terminated) and returns its length; 0 when len is 0 or over CONSONANT_KEY_MAX,
 * or the word has no consonant. */
size_t consonant_key(const char *w, size_t len, char *out);

#endif
