#ifndef RULINGS_SUBJECT_FACTS_H
#define RULINGS_SUBJECT_FACTS_H
/*
 * What a screening list says of a subject besides its names and identifiers, kept as fields
 * rather than in free text so that they can be shown, compared and exported:
 *   born           dates of birth (people) or incorporation, as the list gives them: a
 *                  subset of ISO 8601-2 EDTF -- "1960-01-12", "1960-01", "1960", with "~"
 *                  after a date the list calls approximate ("circa 1960": "1960~"), or a
 *                  range "1955/1958"; at most 8
 *   nationalities  ISO 3166-1 alpha-2 codes (nationality and citizenship); at most 8
 *   addresses      [{"street", "city", "country"}], country an ISO code; at most 32
 * All optional; written only when present.
 */
#include <stdbool.h>
#include <stddef.h>

#include "lib/jsonw.h"
#include "rulings/json_reader.h"
#include "rulings/model.h"

#define SUBJECT_MAX_BORN 8
#define SUBJECT_MAX_NATIONALITIES 8
#define SUBJECT_MAX_ADDRESSES 32

/* Whether `s` is a date of the EDTF subset above (and a real date). */
bool edtf_date_valid(const char *s);

/* Reads "born", "nationalities" and "addresses" of r's object into out; every problem is
 * recorded in r. */
void subject_facts_parse(struct json_reader *r, struct rd_subject *out);
/* Writes them as members of the open object, each only when present. */
void subject_facts_write(struct jw *w, const struct rd_subject *s);
/* dst's facts become src's (shared: both in one data set's arena, neither changed later). */
void subject_facts_copy(struct rd_subject *dst, const struct rd_subject *src);

#endif
