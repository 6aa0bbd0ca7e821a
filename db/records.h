#ifndef DB_RECORDS_H
#define DB_RECORDS_H
/*
 * A record's values as the text parameters of the statements that write it, in the
 * column order every writer uses (the seed and import upserts of db/seed.c, the admin
 * writes of db/admin.c):
 *   source:  id, authority, jurisdiction, kind, title, citation, document, signed_on,
 *            published_on, url, summary                                        (11)
 *   subject: id, kind, name, country, parent_id, relation, note, categories     (8)
 *   alias:   subject_id, alias, kind, lang                                      (4)
 *   ruling:  id, subject_id, source_id, status, measure_code, measure, binds,
 *            effective_from, effective_until, affects, reach, condition, exempts,
 *            suspensions, certainty, quote, quote_verbatim, quote_source, note   (19)
 * NULL is SQL NULL; lists are array literals, reach/condition/suspensions JSON objects
 * holding the one member. The parameters borrow the record's strings and the struct's
 * buffers; what they build is allocated in `a` (the record's data set arena).
 *
 * Read back, every SELECT lists: a source's columns; a subject's first seven, then
 * RECORD_SUBJECT_TERMS; an alias with its numeric id first; a ruling's id .. measure,
 * its instants as epoch seconds, quote, quote_verbatim, note, then RECORD_RULING_TERMS;
 * then whatever its caller adds (version, ...).
 */
#include <libpq-fe.h>

#include "lib/arena.h"
#include "rulings/dataset.h"
#include "rulings/model.h"
#include "lib/timeutil.h"

#define RECORD_MAX_PARAMS 24

/* The SELECT expressions that read back what the columns lists above end with (the table
 * aliased `t`). */
/* The columns a ruling is written to, and the VALUES that read the parameters above. */
#define RULING_COLUMNS                                                                          \
    "(id, subject_id, source_id, status, measure_code, measure, binds, effective_from,"         \
    " effective_until, affects, reach, condition, exempts, suspensions, certainty, quote,"      \
    " quote_verbatim, quote_source, note)"
#define RULING_VALUES                                                                           \
    "$1, $2, $3, $4, $5, $6, $7::text[], $8::timestamptz, $9::timestamptz, $10::text[],"        \
    " ($11::jsonb)->'reach', nullif(($12::jsonb)->'condition', 'null'::jsonb), $13::text[],"   \
    " ($14::jsonb)->'suspensions', $15, $16, $17::boolean, $18, $19"

#define RECORD_SUBJECT_TERMS "jsonb_build_object('categories', t.categories)::text"
#define RECORD_RULING_TERMS                                                                     \
    "jsonb_build_object('binds', t.binds, 'affects', t.affects, 'reach', t.reach,"              \
    " 'condition', t.condition, 'exempts', t.exempts, 'suspensions', t.suspensions,"           \
    " 'certainty', t.certainty, 'quote_source', t.quote_source)::text"

struct record_params {
    const char *v[RECORD_MAX_PARAMS];
    int n;
    char from[RD_TIME_BUFSZ], until[RD_TIME_BUFSZ];
};

void record_params_source(const struct rd_source *s, struct record_params *p);
void record_params_subject(struct arena *a, const struct rd_subject *s, struct record_params *p);
void record_params_alias(const struct rd_alias *a, struct record_params *p);
void record_params_ruling(struct arena *a, const struct rd_ruling *r, struct record_params *p);

/* Row `row` of `res`, from column 0, into a record whose strings go into `a`: the
 * columns above, for an alias preceded by its id (5) and for a ruling with
 * effective_from/until as epoch seconds. Return the first column after the record's. */
int record_source_from_row(struct arena *a, const PGresult *res, int row, struct rd_source *s);
int record_subject_from_row(struct dataset *ds, const PGresult *res, int row, struct rd_subject *s);
int record_alias_from_row(struct arena *a, const PGresult *res, int row, struct rd_alias *al);
int record_ruling_from_row(struct dataset *ds, const PGresult *res, int row, struct rd_ruling *r);

/* The data-set fields that a comma-separated list of table columns hold, through
 * image_field_of_column (rulings/change_image.h); a malloc'd string (NULL if out of memory). */
char *record_fields_of_columns(const char *columns);

#endif
