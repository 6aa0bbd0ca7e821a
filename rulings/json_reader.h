#ifndef RULINGS_JSON_READER_H
#define RULINGS_JSON_READER_H
/*
 * Reading the fields of one JSON record into a data set's arena, collecting every problem
 * as a field error ("rulings[3].effective_until": code, message) instead of stopping at the
 * first. Each jr_* call that finds a problem records it and clears `ok`; the caller reads
 * `ok` once at the end. Used by the data-set parsers (rulings/dataset_parse.c,
 * rulings/ruling_terms.c).
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "rulings/dataset.h"

/* A JSON document from a file (duplicate keys refused), its leading UTF-8 BOM skipped as
 * in every body (lib/utf8.h). NULL with `e` filled when it cannot be read or parsed. */
json_t *jr_load_file(const char *path, json_error_t *e);

struct json_reader {
    struct dataset *ds; /* strings go into ds->arena */
    const json_t *obj;
    const char *path; /* prefixes field names ("" for none) */
    struct field_errors *errors;
    bool ok;
};

enum text_shape { ONE_LINE, MULTI_LINE };

/* The longest text of each sort, in bytes: a name (of a subject, an alias, an authority, a
 * citation), a title, a measure's text, a URL, prose (a quote, a note, a summary), a word
 * (a code, an enumeration's name, an instant). */
enum {
    LEN_NAME = 300,
    LEN_TITLE = 500,
    LEN_MEASURE = 1000,
    LEN_URL = 2000,
    LEN_PROSE = 4000,
    LEN_WORD = 64,
    LEN_DATE = 10,  /* YYYY-MM-DD */
    LEN_REGION = 2, /* ISO 3166-1 alpha-2 */
};

/* Starts reading `obj`; false (with an error) when it is not an object. */
bool jr_begin(struct json_reader *r, struct dataset *ds, const json_t *obj, const char *path,
              struct field_errors *errors);
/* A reader of the object at `key` of r's object, with the path extended. */
void jr_nested(const struct json_reader *r, const char *key, const json_t *obj, char *path_buf,
               size_t size, struct json_reader *out);
/* "path.key" into buf. */
void jr_field_path(const struct json_reader *r, const char *key, char *buf, size_t size);
/* Records a problem with the field `key`. */
void jr_fail(struct json_reader *r, const char *key, const char *code, const char *msg);
/* Every key of the object not in the NULL-terminated `allowed` is an error. */
void jr_reject_unknown(struct json_reader *r, const char *const *allowed);

/* A string field (NULL when absent, null or empty and not required); at most `max` bytes, no
 * control characters (MULTI_LINE allows newline and tab). */
char *jr_string(struct json_reader *r, const char *key, bool required, size_t max,
                enum text_shape shape);
/* A record id (a slug, dataset_valid_id). */
char *jr_id(struct json_reader *r, const char *key, bool required);
/* A short code: lower-case letters, digits and '-'. */
char *jr_code(struct json_reader *r, const char *key, bool required);
/* One of the names of `e`; `fallback` when absent or bad. */
int jr_enum(struct json_reader *r, const char *key, const struct enum_names *e, bool required,
            int fallback);
bool jr_bool(struct json_reader *r, const char *key, bool fallback);
/* An RFC 3339 instant; returns whether it was present and valid. */
bool jr_instant(struct json_reader *r, const char *key, bool required, int64_t *out);
/* A date YYYY-MM-DD (kept as text). */
char *jr_date(struct json_reader *r, const char *key);
/* An ISO 3166-1 alpha-2 code in capitals (or EU when allowed). */
char *jr_region(struct json_reader *r, const char *key, bool required, bool allow_eu);

#endif
