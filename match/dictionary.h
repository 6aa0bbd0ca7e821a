#ifndef MATCH_DICTIONARY_H
#define MATCH_DICTIONARY_H
/*
 * Ordinary English words, so that the matcher does not take one for a misspelling of
 * another ("Honest" is not a typo of "Honesty", nor "Mining" of "Dining", "Exports" of
 * "Experts"). The words are Debian's wamerican list (SCOWL), lower-case entries of three
 * letters or more, compiled in as sorted 64-bit FNV-1a hashes (match/embed_dictionary.py):
 * about 64,000 words in 510 KB, looked up by binary search; and the short proper names of the
 * larger wamerican-large (dictionary_name).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

extern const uint64_t DICTIONARY_HASHES[];
extern const size_t N_DICTIONARY_HASHES;
extern const uint64_t NAME_HASHES[];
extern const size_t N_NAME_HASHES;

/* Is the lower-case word w[0..len) in the dictionary? */
bool dictionary_word(const char *w, size_t len);

/* Is the lower-case word w[0..len) of three to five letters a proper name of wamerican-large
 * ("joan", "dian", "nike", "oran", "paros": given names, places, brands), about 4,000 of them? */
bool dictionary_name(const char *w, size_t len);

/* Is one word the other with a plural ending ("cacaueiros" and "cacaueiro", "boxes" and
 * "box")? Different forms of a word name different things in a company's name. */
bool plural_pair(const char *a, size_t la, const char *b, size_t lb);

#endif
