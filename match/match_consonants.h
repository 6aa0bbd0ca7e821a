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
 * Rules, in order: the digraphs tsh, ch and sh -> s (French writes ش ch: Cherif, Bouchoucha;
 * English ch is تش), kh -> h, th -> t, dh -> d, gh -> g, ph -> f, ts and tz -> z, dj -> j
 * (French writes ج dj: Djamel), x -> ks; then the letters one sound class: b p f v -> B (Arabic
 * has no p nor v, Hebrew ב and פ are both), c k q -> K, s z -> S; vowels, and w and y after the
 * first letter, dropped (written long vowels are optional in Latin forms); a w at the start
 * is a consonant of the B class (و for v in Persian and Urdu); a final h dropped (ه and ה
 * end words Latin forms write with a vowel: "allh", "abdullah"); doubled letters once.
 * The key is a weak likeness: equal keys say little unless they have three letters or more.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONSONANT_KEY_MAX 64 /* longest word given a key */

/* Writes the key of w[0..len) (lower-case ASCII) into out (at least CONSONANT_KEY_MAX + 1
 * bytes, NUL-terminated) and returns its length; 0 when len is 0 or over CONSONANT_KEY_MAX,
 * or the word has no consonant. */
size_t consonant_key(const char *w, size_t len, char *out);

/* The vowel letters written between a key's letters: gaps[j] (j from 0 to the key's length)
 * holds the classes of those before key letter j, the last after the key. */
#define CONSONANT_GAP_U 1 /* o, u, w: what waw (و, ו) writes */
#define CONSONANT_GAP_I 2 /* i, e, y: what yod (ي, י) writes */
#define CONSONANT_GAP_A 4 /* a: what alef (ا) writes, or an article or hamza's seat */

/* consonant_key, and when gaps is not NULL (CONSONANT_KEY_MAX + 1 bytes) the vowel classes
 * between its letters. */
size_t consonant_key_gaps(const char *w, size_t len, char *out, uint8_t *gaps);

/* consonant_key_gaps of a word transliterated from an abjad, whose "th", "ts" and "tz" are two
 * letters each (the key of a Latin word reads them as one), and some letters of which lists
 * write two ways (ض and ذ: d or z; ق: q or gh; a w after the first letter: a vowel or v): the
 * k-th of those is read the second way when bit k of `second` is set. *ambiguous (when not
 * NULL) is how many the word has. A character other than a-z (an apostrophe where two words
 * are read as one) is passed over, and no two letters are read together across it. */
size_t consonant_reading(const char *w, size_t len, unsigned second, char *out, uint8_t *gaps,
                         unsigned *ambiguous);
#define CONSONANT_TWO_WAYS_MAX 8 /* letters read the second way at most: bits of `second` */

/* Do the long vowels an abjad wrote (gaps of the abjad word's reading) stand where the Latin
 * word of the same key writes a vowel of their class? An abjad leaves short vowels out but
 * writes long ones, and a Latin form writes every vowel: "mhmod" (محمود, מחמוד) is Mahmoud,
 * not Muhammad, whose key it shares. Alef (CONSONANT_GAP_A), often the article's or a
 * hamza's seat, is not compared, but a word that begins with a vowel letter is a name said
 * with a vowel first: "ahmd" (أحمد) is Ahmad, not Hamid. */
bool consonant_vowels_agree(const uint8_t *abjad, const uint8_t *latin, size_t klen);

#endif
