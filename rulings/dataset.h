#ifndef RULINGS_DATASET_H
#define RULINGS_DATASET_H
/*
 * A data set: every source, subject, alias and ruling, as read from a data-set
 * file (deploy/rulings.json; format in docs/data-model.md) or from PostgreSQL.
 * It owns all its strings in one arena. Validation names each bad record and
 * field, and checks the references between records.
 */
#include <jansson.h>

#include "lib/arena.h"
#include "lib/error.h"
#include "rulings/model.h"

/* The format written; format 1 (one `binds` string, `extends_to_affiliates`) is still read. */
#define DATASET_FORMAT "restrictd-rulings/2"
#define DATASET_FORMAT_1 "restrictd-rulings/1"

struct dataset {
    struct arena arena;
    struct rd_source *sources;
    struct rd_subject *subjects;
    struct rd_alias *aliases; /* flat; each names its subject */
    struct rd_ruling *rulings;
    size_t n_sources, n_subjects, n_aliases, n_rulings;
    /* Each kind strictly in the loader's order (checked when db_load_dataset read it):
     * what a past data set may be patched from (db/past_patch.h). */
    bool in_key_order;
};

/* The four kinds of record, in this order everywhere (the admin API's entities too). */
enum record_kind { RECORD_SOURCE, RECORD_SUBJECT, RECORD_ALIAS, RECORD_RULING, RECORD_KIND_COUNT };

/* Allocates the four arrays for the given counts (zeroed). False on allocation failure. */
bool dataset_reserve(struct dataset *ds, size_t sources, size_t subjects, size_t aliases,
                     size_t rulings) RD_MUST_CHECK;
/* The same for one kind: room for `n` records, none held yet (the old array stays in the
 * arena). */
bool dataset_reserve_kind(struct dataset *ds, enum record_kind k, size_t n) RD_MUST_CHECK;
/* How many records of kind `k` the set holds. */
size_t dataset_count(const struct dataset *ds, enum record_kind k);
/* Kind `k`'s records as one array of dataset_record_size(k) bytes each (a kind at a time,
 * for code that treats the four alike). */
size_t dataset_record_size(enum record_kind k);
void *dataset_records(const struct dataset *ds, enum record_kind k);
/* Kind `k` becomes the `n` records at `records`: the set's own array (its count set), or
 * another set's, borrowed (never freed nor written through `ds`; its owner outlives `ds`). */
void dataset_use_records(struct dataset *ds, enum record_kind k, void *records, size_t n);
void dataset_free(struct dataset *ds);

/* Parses and validates a whole data set. On failure `errors` names every bad field
 * (as "rulings[3].effective_until") and `ds` is left empty. The caller frees `ds`
 * with dataset_free() and `errors` with field_errors_free(). */
bool dataset_from_json(const json_t *root, struct dataset *ds,
                       struct field_errors *errors) RD_MUST_CHECK;

/* Reads and parses a data-set file; I/O and JSON syntax errors go into `errors` too. */
bool dataset_load_file(const char *path, struct dataset *ds,
                       struct field_errors *errors) RD_MUST_CHECK;

/* The per-record parsers behind dataset_from_json, for callers that take one record at a
 * time (the admin API). `path` prefixes field names in errors ("" for none). Strings are
 * allocated in `ds->arena`. Reference checks between records are not done here. */
bool dataset_parse_source(struct dataset *ds, const json_t *obj, const char *path,
                          struct rd_source *out, struct field_errors *errors);
bool dataset_parse_subject(struct dataset *ds, const json_t *obj, const char *path,
                           struct rd_subject *out, struct field_errors *errors);
bool dataset_parse_alias(struct dataset *ds, const json_t *obj, const char *path,
                         const char *subject_id, struct rd_alias *out, struct field_errors *errors);
bool dataset_parse_ruling(struct dataset *ds, const json_t *obj, const char *path,
                          struct rd_ruling *out, struct field_errors *errors);

/* The record-by-id kinds (source, subject, ruling; not aliases, which need their subject):
 * parses `obj` into the next record of kind `k` (room made) and counts it when valid. */
bool dataset_parse_next(struct dataset *ds, enum record_kind k, const json_t *obj, const char *path,
                        struct field_errors *errors);
/* The id of record `i` of kind `k`; NULL for an alias (it has a row id only). */
const char *dataset_record_id(const struct dataset *ds, enum record_kind k, size_t i);

/* Checks the references and invariants that span records (unique ids, existing
 * subjects/sources/parents, no cycles among parents, no chain of relations longer than
 * rulings/model.h's bounds: code "too_deep" on the first subject past one). */
bool dataset_check_references(const struct dataset *ds, struct field_errors *errors);

#define DATASET_ID_MAX 100 /* bytes */
/* Is `s` a valid record id (a slug: [a-z0-9] then [a-z0-9._-], at most DATASET_ID_MAX
 * bytes)? */
bool dataset_valid_id(const char *s);

#endif
