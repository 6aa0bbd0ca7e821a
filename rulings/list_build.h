#ifndef RULINGS_LIST_BUILD_H
#define RULINGS_LIST_BUILD_H
/*
 * What the converters of published screening lists (rulings/list_ofac.c, list_csl.c) share:
 * reading a file, decoding a CSV field, and adding records to a data set through the same
 * per-record parsers a data-set file goes through (rulings/dataset.h), so that whatever a
 * converter makes passes `restrictd validate`. An entry that fails those checks is skipped
 * and reported with its file and line; the rest of the list is still converted.
 */
#include <jansson.h>
#include <stdint.h>

#include "lib/csv.h"
#include "lib/strmap.h"
#include "rulings/dataset.h"

/* What a conversion did: counts, and the first FIELD_ERRORS_MAX skips (field = "file:line"). */
struct list_report {
    size_t entries, aliases, rulings, sources;
    size_t skipped;         /* entries left out */
    size_t aliases_skipped; /* aliases left out (invalid, duplicate, or of a skipped entry) */
    size_t merged_rows;     /* rows merged into an entry seen before (CSL: one per address) */
    struct field_errors skips;
};

struct list_build {
    struct dataset *ds;
    struct list_report *rep;
    struct strmap alias_keys; /* "subject\talias", to drop repeats */
};

/* Starts adding to `ds` (reserved by the caller) and counting into `rep` (zeroed here).
 * Free with list_build_free(), which leaves ds and rep to the caller. */
bool list_build_init(struct list_build *b, struct dataset *ds, struct list_report *rep,
                     size_t expected_aliases) RD_MUST_CHECK;
void list_build_free(struct list_build *b);
void list_report_free(struct list_report *rep);

/* The start of a ruling taken from a list that gives no listing date. What is known is that
 * the entry was in force when the list was published; a ruling already in force from an
 * earlier import keeps its earlier start, so that a newer copy of the list never moves a
 * listing forwards (and re-importing it changes nothing). */
struct list_dates {
    int64_t published;          /* the list copy's publication instant */
    const struct strmap *known; /* ruling id -> index into starts; NULL: none known */
    const int64_t *starts;      /* the starts of rulings in force before this import */
};
/* The RFC 3339 start of ruling `id` (RD_TIME_BUFSZ bytes): its known start when earlier
 * than the publication, else the publication. */
void list_since(const struct list_dates *d, const char *id, char *out, size_t size);

/* Reads the whole file `path`; the caller frees *data with free(). */
bool list_read_file(const char *path, char **data, size_t *len, struct rd_error *err) RD_MUST_CHECK;
/* Upper bound of the records in a CSV buffer: its line count. */
size_t list_count_lines(const char *data, size_t len);

/* Field i of the current record, as UTF-8 in ds's arena: trimmed of spaces, OFAC's empty
 * marker "-0-" and an empty field as NULL; bytes that are not UTF-8 read as Latin-1. */
char *list_field(struct list_build *b, const struct csv_reader *r, size_t i);

/* The ISO 3166-1 code of a country as the lists spell it ("Iran", "Korea, North",
 * "United Kingdom"), or NULL when it names none (a region, "undetermined"). */
const char *list_country_code(const char *name);

/* The subject kind of a list's entity type ("Individual", "vessel"; any case): person,
 * vessel, aircraft, and organization for every other type or none. */
const char *list_subject_kind(const char *type);

/* Parses `obj` (a reference is taken over) as the next record of kind `k` without counting
 * it yet; on failure reports the skip at `where` and returns false. */
bool list_stage(struct list_build *b, enum record_kind k, json_t *obj,
                const char *where) RD_MUST_CHECK;
/* Adds an alias of subject `subject_id` unless it repeats one it has (or its name). */
void list_add_alias(struct list_build *b, const struct rd_subject *subject, const char *alias,
                    const char *kind, const char *where);

/* Called for each record of a CSV file with at least the fields asked for; `where` is
 * "file:line". False stops the reading (out of memory). */
typedef bool (*list_row_fn)(struct list_build *b, const struct csv_reader *r, const char *where,
                            void *ctx);
/* Reads every record of `data` (`file` names it in reports), skipping the first when
 * `header`, a record that is only the DOS end-of-file byte 0x1A, and reporting records with
 * fewer than `min_fields` fields as skipped. False on a CSV syntax error (the rest cannot be
 * trusted to be split right) or when `fn` fails. */
bool list_each_row(struct list_build *b, const char *data, size_t len, const char *file,
                   bool header, size_t min_fields, list_row_fn fn, void *ctx,
                   struct rd_error *err) RD_MUST_CHECK;

/* Records one skip. */
void list_skip(struct list_build *b, const char *where, const char *code, const char *fmt, ...)
    RD_PRINTF(4, 5);

/* Calls fn for each item of a field the lists separate with ';' ("DOB 1938; alt. DOB 1936";
 * the CSL's "a; b"), each copied and trimmed of spaces, and of final dots when `dots`
 * (OFAC's Remarks end their items with one); empty items are passed over. */
void list_each_item(const char *field, bool dots, void (*fn)(void *ctx, char *item), void *ctx);

/* json_string() that takes NULL as JSON null. */
json_t *list_json_string(const char *s);

#endif
