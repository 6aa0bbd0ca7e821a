#ifndef MATCH_QUALIFIERS_H
#define MATCH_QUALIFIERS_H
/*
 * Qualifiers inside a name: words that say which office, country or address of an entity is
 * meant rather than which entity, found in the raw text of a name (question and listed names
 * alike, after match/annotations.h took off what surrounds the name):
 *
 *   a branch or a flag in parentheses   "Kisumu Motors Ltd (Kakamega Branch)",
 *                              "HALVERSTONE SPIRIT (Marshall Islands flag)" (not any group:
 *                              "X (UK) Ltd." is often another company than "X Inc.")
 *   a branch after , - or :    "Coastline Agro Supplies Ltd - Malindi Branch",
 *                              "AL-HARAMAIN : KENYA BRANCH"
 *   an address after a comma   "Tidewell Process Equipment Inc, 12250 Brevard Ln, ..." (a
 *                              comma and then a number of three digits or more)
 *   care of                    "Rancho Vercel SA de CV c/o Aduanas Pedraza, Nuevo Laredo"
 *
 * Their words stay in the name (a question that says "Kenya Branch" prefers that branch), but
 * weigh little: a question's qualifier words left unpaired cost what noise costs, a listed
 * name's are damped as a person's patronymic is (match/match_index.c).
 */
#include <stddef.h>

#define QUALIFIERS_MAX 4

struct qualifier {
    size_t off, len; /* bytes of the text */
};

/* Finds up to QUALIFIERS_MAX qualifiers in s[0, len), in order and not overlapping, and
 * returns how many. Never the whole text: something comes before each. */
size_t name_qualifiers(const char *s, size_t len, struct qualifier *out);

#endif
