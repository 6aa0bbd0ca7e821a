#ifndef DB_RECORDS_H
#define DB_RECORDS_H
/*
 * A record's values as the text parameters of the statements that write it, in the
 * column order every writer uses (the seed and import upserts of db/seed.c, the admin
 * writes of db/admin.c):
 *   source:  id, authority, jurisdiction, kind, title, citation, document, signed_on,
 *            published_on, url, summary                                        (11)
 *   subject: id, kind, name, country, parent_id, relation, note, categories,
 *            identifiers, born, nationalities, addresses                        (12)
 *   alias:   subject_id, alias, kind, lang                                      (4)
 *   ruling:  id, subject_id, source_id, status, measure_code, measure, binds,
 *            effective_from, effective_until, affects, reach, condition, exempts,
 *            suspensions, certainty, quote, quote_verbatim, quote_source, note   (19)
 * NULL is SQL NULL; lists are array literals, reach/condition/suspensions JSON objects
 * holding the one member. The parameters borrow the record's strings and the struct's
 * buffers; what they build is allocated in `a` (a scratch arena the caller frees).
 *
 * Read back, every SELECT lists: a source's columns; a subject's first seven, then
 * RECORD_SUBJECT_TERMS; an alias with its numeric id first; a ruling's id .. measure, its
 * instants as epoch seconds, quote, quote_verbatim, note, then RECORD_RULING_TERMS (the
 * table aliased `t`); then the version, then whatever its caller adds.
 */
#include <libpq-fe.h>

#include "lib/arena.h"
#include "lib/strmap.h"
#include "rulings/dataset.h"
#include "lib/timeutil.h"

#define RECORD_MAX_PARAMS 24

/* The columns a subject is written to, and the VALUES that read the parameters above. */
#define SUBJECT_COLUMNS                                                                            \
    "(id, kind, name, country, parent_id, relation, note, categories, identifiers, born,"          \
    " nationalities, addresses)"
#define SUBJECT_VALUES                                                                             \
    "$1, $2, $3, $4, $5, $6, $7, $8::text[], $9::text[], $10::text[], $11::text[],"                \
    " coalesce(($12::jsonb)->'addresses', '[]'::jsonb)"

/* The columns a ruling is written to, and the VALUES that read the parameters above. */
#define RULING_COLUMNS                                                                             \
    "(id, subject_id, source_id, status, measure_code, measure, binds, effective_from,"            \
    " effective_until, affects, reach, condition, exempts, suspensions, certainty, quote,"         \
    " quote_verbatim, quote_source, note)"
#define RULING_VALUES                                                                              \
    "$1, $2, $3, $4, $5, $6, $7::text[], $8::timestamptz, $9::timestamptz, $10::text[],"           \
    " ($11::jsonb)->'reach', nullif(($12::jsonb)->'condition', 'null'::jsonb), $13::text[],"       \
    " ($14::jsonb)->'suspensions', $15, $16, $17::boolean, $18, $19"

/* The SELECT expressions that read back what the column lists above end with. */
/* The terms as one JSON object, written by concatenation: twice as fast as
 * jsonb_build_object, which was a third of a snapshot load with the real lists. */
#define RECORD_SUBJECT_TERMS                                                                       \
    "concat('{\"categories\":', array_to_json(t.categories), ',\"identifiers\":',"                 \
    " array_to_json(t.identifiers), ',\"born\":', array_to_json(t.born), ',\"nationalities\":',"   \
    " array_to_json(t.nationalities), ',\"addresses\":', t.addresses, '}')"
#define RECORD_RULING_TERMS                                                                        \
    "concat('{\"binds\":', array_to_json(t.binds), ',\"affects\":', array_to_json(t.affects),"     \
    " ',\"reach\":', t.reach, ',\"condition\":', coalesce(t.condition::text, 'null'),"             \
    " ',\"exempts\":', array_to_json(t.exempts), ',\"suspensions\":', t.suspensions,"              \
    " ',\"certainty\":', to_json(t.certainty), ',\"quote_source\":',"                              \
    " coalesce(to_json(t.quote_source)::text, 'null'), '}')"

struct record_params {
    const char *v[RECORD_MAX_PARAMS];
    int n;
    char from[RD_TIME_BUFSZ], until[RD_TIME_BUFSZ];
};

void record_params_source(const struct rd_source *s, struct record_params *p);
void record_params_subject(struct arena *a, const struct rd_subject *s, struct record_params *p);
void record_params_alias(const struct rd_alias *a, struct record_params *p);
void record_params_ruling(struct arena *a, const struct rd_ruling *r, struct record_params *p);
/* How many parameters a record of kind k has (the counts above). */
int record_param_count(enum record_kind k);
/* The same for record `i` of kind `k` in `ds`. */
void record_params_at(struct arena *a, const struct dataset *ds, enum record_kind k, size_t i,
                      struct record_params *p);

/* Row `row` of `res`, from column 0, into the next record of kind `k` in `ds` (counted; its
 * strings go into the arena, room made with dataset_reserve_kind): the columns above, for
 * an alias preceded by its id (5) and for a ruling with effective_from/until as epoch
 * seconds, then the version. Returns the first column after the version. */
int record_read_row(struct dataset *ds, enum record_kind k, const PGresult *res, int row);
/* The same, reading many rows of one result: `cache` (sized for the rows, borrowing the
 * result's text until it is cleared) lets records whose terms read the same share them
 * instead of parsing them again, which was a third of a snapshot load with the real lists. */
int record_read_row_cached(struct dataset *ds, enum record_kind k, const PGresult *res, int row,
                           struct strmap *cache);

/* The data-set fields that a comma-separated list of table columns hold, through
 * image_field_of_column (rulings/change_image.h); a malloc'd string (NULL if out of memory). */
char *record_fields_of_columns(const char *columns);

#endif
