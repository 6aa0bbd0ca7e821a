#ifndef RULINGS_LIST_FACTS_H
#define RULINGS_LIST_FACTS_H
/*
 * Identifiers, dates of birth and nationalities in the lists' own words, as the fields of a
 * subject (rulings/identifier.h, rulings/subject_facts.h). OFAC writes them into an entry's
 * Remarks ("DOB 10 Dec 1948; POB Giza, Egypt; Passport 1084010 (Egypt); alt. Passport
 * 19820215; nationality Iran; Vessel Registration Identification IMO 9187629"); the CSL into
 * columns (`ids` "US, 80-0890696, Tax ID No.", `dates_of_birth`, `nationalities`,
 * `citizenships`). The labels read, and the scheme each becomes, are one table in
 * list_facts.c; what no label names stays only in the subject's note, as before. Values a
 * scheme refuses, repeats and those past a field's limit are dropped, never the entry.
 */
#include <jansson.h>
#include <stdbool.h>

/* Adds to `subject` (a JSON object) what `remarks` (OFAC's Remarks; may be NULL) says. */
void list_facts_from_remarks(json_t *subject, const char *remarks);
/* Calls fn for each weak alias the Remarks give ("a.k.a. 'ALPHA'": kind "weak-aka", name
 * "ALPHA"; also f.k.a., n.k.a.). OFAC calls them relatively broad or generic; they are kept
 * as aliases that only an exact question finds. */
void list_facts_weak_aliases(const char *remarks,
                             void (*fn)(void *ctx, const char *kind, const char *name), void *ctx);
/* Adds one identifier given by its label ("Passport", "Tax ID No.") and value. */
void list_facts_identifier(json_t *subject, const char *label, const char *value);
/* Adds a date of birth as a list writes it ("10 Dec 1948", "1948-12-10", "circa 1960",
 * "1955 to 1958"); false when it is none of those. */
bool list_facts_born(json_t *subject, const char *text);
/* Adds a nationality: an ISO code, or a country as the lists name it ("Iran"). */
void list_facts_nationality(json_t *subject, const char *country);
/* Adds an address {street, city, country}; each may be NULL (all NULL adds nothing). */
void list_facts_address(json_t *subject, const char *street, const char *city,
                        const char *country_code);

#endif
