#ifndef MATCH_MATCH_WORDS_H
#define MATCH_MATCH_WORDS_H
/*
 * What kind of word a normalised token is, for the scorer (match/match_score.c):
 *
 *   WORD_NAME     a word that can identify someone ("kaspersky", "tikhonov")
 *   WORD_GENERIC  a word many unrelated names share ("lab", "group", "security",
 *                 "total", "systems", "software", countries, regions, big cities):
 *                 it weighs a quarter of its rarity and never makes a match alone
 *   WORD_NOISE    edition and filler words ("2024", "11", "for", "windows",
 *                 "business", "premium", "and", "www", a legal form in the middle of
 *                 a name, single letters): a small fixed weight, never a match
 *
 * The words are one sorted table in match_words.c. Patronymics are recognised by
 * their ending (word_patronymic), because only their place in a person's name says
 * that "Gennadyevich" is one.
 */
#include <stdbool.h>
#include <stddef.h>

enum word_class { WORD_NAME, WORD_GENERIC, WORD_NOISE };

enum word_class word_class(const char *w, size_t len);

/* Does the token end like a Russian patronymic ("-ovich", "-evna", ...)? */
bool word_patronymic(const char *w, size_t len);

/* Is the token a particle that belongs with the surname after it ("al", "de", "van", "bin",
 * "abu" ...): "AL RAHMAN" is said whole, "DE LA" leads to the name? */
bool word_particle(const char *w, size_t len);

/* For tests: is the table sorted (so that the binary search finds every word)? */
bool word_table_sorted(void);

#endif
