#ifndef RULINGS_RULING_TERMS_H
#define RULINGS_RULING_TERMS_H
/*
 * A ruling's terms beyond dates and status (docs/decisions/0007): `binds` and `affects`
 * (party codes, rulings/parties.h), `reach`, `condition`, `exempts`, `suspensions`,
 * `certainty`, `quote_source`; and a subject's `categories`. One reader and one writer,
 * shared by data-set files, the admin API, PostgreSQL rows and answers.
 */
#include "lib/jsonw.h"
#include "rulings/json_reader.h"
#include "rulings/model.h"

/* Reads the terms from r's object into `out` (its status already read). A data set of
 * format 1 gives `binds` as one string and `extends_to_affiliates` instead of `reach`:
 * both are still read. Every problem is recorded in r. */
void ruling_terms_parse(struct json_reader *r, struct rd_ruling *out);
/* dst's terms (all ruling_terms_parse sets) become src's, sharing its arrays: both must live
 * in the same data set's arena, and neither may change them afterwards. */
void ruling_terms_copy(struct rd_ruling *dst, const struct rd_ruling *src);
/* Reads `categories` into `out` (its kind already read). */
void subject_categories_parse(struct json_reader *r, struct rd_subject *out);

/* Writes every term as members of the object being written. */
void ruling_terms_write(struct jw *w, const struct rd_ruling *r);
/* The pieces, for answers that show some of them. */
void ruling_terms_write_codes(struct jw *w, const char *key, const struct rd_codes *c);
void ruling_terms_write_reach(struct jw *w, const struct rd_reach *r);
void ruling_terms_write_condition(struct jw *w, const struct rd_condition *c);
void ruling_terms_write_suspensions(struct jw *w, const struct rd_ruling *r);

#endif
