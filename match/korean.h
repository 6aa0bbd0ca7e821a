#ifndef MATCH_KOREAN_H
#define MATCH_KOREAN_H
/*
 * Korean names romanised. One syllable is spelt many ways: by the Revised Romanization that
 * South Korea uses and ICU writes ("Jeong Eun"), by McCune-Reischauer as North Korea and the
 * sanctions lists write it without its breves ("Jong Un"), and by custom ("Jung", "Young",
 * "Moo", "Choi"). A word that reads as one to three such syllables gets a key in which those
 * spellings agree; a word that does not has no key.
 *
 *   jeong, jong, jung, chung, chong -> cong     eun, un -> on      young, yeong, yong -> yong
 *   gyeok, kyok -> kyok     hui, hee, hi -> hi  park, bak, pak -> pak    ri, lee, yi, i -> i
 *
 * Per syllable: initial consonant, vowel, final consonant, each folded to one class: the
 * voiced and voiceless stops (g k, d t, b p, j ch), the tense ones (kk, tt, pp, ss, jj), s sh,
 * r l; the vowels eo, o, u, oo, eu as one (McCune-Reischauer's ŏ and ŭ, written o and u,
 * are eo and eu), yeo, yo, yu, you, yoo as one, ae e, ui i ee; a word-initial r or l as
 * Korean's initial sound law writes it in the South (before i or y dropped: Ri -> I, Ryu ->
 * Yu; before another vowel n: Ro -> No). The key is a likeness of sound: it says two spellings
 * may be one syllable, not that they are (docs/decisions/0009-transliteration.md).
 */
#include <stdbool.h>
#include <stddef.h>

#include "match/normalize.h"

#define KOREAN_WORD_MAX 16 /* longest word read as romanised Korean */
#define KOREAN_KEY_MAX 32

/* Writes the key of w[0..len) (lower-case ASCII) into out (KOREAN_KEY_MAX + 1 bytes,
 * NUL-terminated) and returns its length; 0 when the word does not read as one to three
 * romanised Korean syllables. *syllables (may be NULL) is how many it read. */
size_t korean_key(const char *w, size_t len, char *out, unsigned *syllables);

/* Where the second syllable of a word read as two begins ("hwangsig": 5), or 0. */
size_t korean_second_syllable(const char *w, size_t len);

/* korean_key without the count of syllables: the index's key of a word. */
size_t korean_word_key(const char *w, size_t len, char *out);

/* Does a name written in Latin read as a Korean name: two to four words, each one or two
 * romanised Korean syllables, first or last one of the common Korean surnames (as spelt by
 * any romanisation: match/translit_icu.c's table, by key; two letters at least), three to five
 * syllables (a surname and a given name of two: "Young Kim" says half a given name, as "Yong" of
 * KIM, Yong Chol, and is not read as Korean), no initials? "Jose GIL" and "AL-SHANMAT, Kinda" read
 * as syllables but have no Korean surname. A name of two to four words written in Hangul is Korean
 * whatever its surname. *surname_at: which word is the surname (the first when both could be, and
 * in Hangul). */
bool korean_name(const struct norm_name *name, unsigned *surname_at);

#endif
