#ifndef HANDLERS_SCREEN_INPUT_H
#define HANDLERS_SCREEN_INPUT_H
/*
 * Reading a screening list, one row at a time, from a body held in memory: a JSON
 * array of objects, NDJSON (one object per line), or CSV with a header row
 * (lib/csv.h). Whatever the format, a row comes out as the same few raw text
 * fields (name, kind, as_of, jurisdiction, binds, ref); checking their values is
 * the caller's job. Nothing is held per row beyond the current one, so reading a
 * list costs the same memory whatever its length.
 *
 * What is wrong with one row only (an NDJSON line that is not JSON, a field of the
 * wrong type, an unknown field, a CSV record with more fields than the header) is
 * reported in that row's `errors` and reading goes on. What makes the rest of the
 * body unreadable (a JSON array that is not well-formed, an unterminated CSV quote)
 * ends the reading with SCREEN_INVALID_BODY; a CSV header that cannot be used ends
 * it with SCREEN_INVALID_HEADER.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/csv.h"
#include "lib/error.h"

enum screen_format { SCREEN_JSON, SCREEN_NDJSON, SCREEN_CSV, SCREEN_FORMAT_COUNT };

enum screen_field {
    SF_NAME,
    SF_KIND,
    SF_AS_OF,
    SF_JURISDICTION,
    SF_BINDS,
    SF_PURPOSE,
    SF_CATEGORY,
    SF_IDENTIFIER,
    SF_REF,
    /* what software reports (docs/screening.md, "Software and SBOMs") */
    SF_VERSION,
    SF_PUBLISHER,
    SF_CPE,
    SF_PURL,
    SF_BUNDLE_ID,
    /* dates software reports (handlers/screen_dates.c; docs/decisions/0010): osquery
     * columns of an inventory ... */
    SF_INSTALL_DATE,     /* programs: YYYYMMDD */
    SF_INSTALL_TIME,     /* rpm_packages: seconds since 1970 */
    SF_LAST_OPENED_TIME, /* apps: seconds since 1970, -1 = never */
    /* ... and members of an SBOM's component, never a column's name */
    SF_RELEASE_DATE,       /* SPDX releaseDate */
    SF_BUILT_DATE,         /* SPDX builtDate */
    SF_RELEASE_NOTES_TIME, /* CycloneDX releaseNotes.timestamp */
    SF_COUNT
};
#define SF_FIRST_PRODUCT SF_VERSION
#define SF_FIRST_DATE SF_INSTALL_DATE
#define SF_FIRST_SBOM_DATE SF_RELEASE_DATE
extern const char *const screen_field_names[SF_COUNT]; /* "name", "kind", ... */

#define SCREEN_MAX_IGNORED 16

struct screen_value {
    const char *text; /* NUL-terminated (may hold NUL bytes: `len` is exact); NULL = absent */
    size_t len;
    bool is_number; /* JSON only: the value was a number (text is its JSON spelling) */
};

struct screen_raw {
    size_t row;  /* 1-based position in the list */
    size_t line; /* line of the body on which the row starts */
    struct screen_value v[SF_COUNT];
    struct field_errors errors; /* what is wrong with the row's shape; reset for each row */
    /* SBOM: when the document was made (CycloneDX metadata.timestamp, SPDX
     * creationInfo.created), named by `doc_field`; NULL when it does not say */
    const char *doc_field;
    int64_t doc_at;
};

/* What the body holds: a list of names to screen (the default), a CycloneDX or SPDX
 * document whose components are the rows (handlers/screen_sbom.c), or a software inventory
 * with osquery's column names (programs, apps, deb_packages, rpm_packages), whose other
 * columns are ignored. */
enum screen_source { SOURCE_LIST, SOURCE_CYCLONEDX, SOURCE_SPDX, SOURCE_INVENTORY };

/* How to read the body: its source, and for CSV which header names mean which field (NULL =
 * the field's own name; matching is case-insensitive and ignores spaces around names). */
struct screen_columns {
    const char *name[SF_COUNT];
    enum screen_source source;
};

struct screen_reader {
    enum screen_format format;
    const char *body, *p, *end;
    size_t line, rows;
    int json_state;  /* JSON: before the first row, after a row, after the ']' */
    json_t *current; /* JSON, NDJSON: the current row's object */
    char number[48]; /* JSON: a numeric ref spelled out */
    char date_number[SF_FIRST_SBOM_DATE - SF_FIRST_DATE][48]; /* JSON: numeric dates spelled out */
    enum screen_source source;
    json_t *doc;               /* SBOM: the whole document */
    const json_t **components; /* SBOM: every component, depth first (borrowed from doc) */
    size_t n_components, next_component;
    char supplier[256];    /* SBOM: the current component's supplier, as a name */
    const char *doc_field; /* SBOM: the document's own date (screen_raw.doc_field) */
    int64_t doc_at;
    struct csv_reader *csv;
    int column[SF_COUNT]; /* CSV: index of each field's column, or -1 */
    size_t n_columns;
    /* CSV: header names that are none of the fields (the first SCREEN_MAX_IGNORED). */
    char *ignored[SCREEN_MAX_IGNORED];
    size_t n_ignored;
    struct screen_raw raw;
};

enum screen_status { SCREEN_ROW, SCREEN_END, SCREEN_INVALID_BODY, SCREEN_INVALID_HEADER };

/* Starts reading `body` (borrowed until screen_reader_close). For CSV, reads the
 * header: SCREEN_INVALID_HEADER when it has no name column or names one twice (or the
 * body is empty), with the reason in `err`. Otherwise SCREEN_ROW (ready). The reader is
 * closed with screen_reader_close() whatever this returns. */
enum screen_status screen_reader_open(struct screen_reader *r, enum screen_format format,
                                      const char *body, size_t len,
                                      const struct screen_columns *columns,
                                      struct rd_error *err) RD_MUST_CHECK;

/* Reads the next row into `*row` (valid until the next call): SCREEN_ROW, SCREEN_END,
 * or SCREEN_INVALID_BODY with the line and reason in `err`. */
enum screen_status screen_reader_next(struct screen_reader *r, const struct screen_raw **row,
                                      struct rd_error *err) RD_MUST_CHECK;

/* Passes over the next row as screen_reader_next would, without reading its fields where
 * the format allows (NDJSON: a line that is not blank is a row, whatever it holds). */
enum screen_status screen_reader_skip(struct screen_reader *r, struct rd_error *err) RD_MUST_CHECK;
void screen_reader_close(struct screen_reader *r);

/* Starts the next row: clears r->raw, numbers it, drops the previous JSON row. */
void screen_row_reset(struct screen_reader *r);

/* ---- screen_sbom.c ---- */

#define SBOM_MAX_DEPTH 16 /* components nested in components */

/* Reads a CycloneDX (1.4-1.6) or SPDX (2.3) JSON document (r->body) and lists its
 * components: SCREEN_INVALID_BODY with the reason in `err` when it is not well-formed, of
 * another format or version, nested deeper than SBOM_MAX_DEPTH, or its own date
 * (metadata.timestamp, creationInfo.created) is not an RFC 3339 instant. */
enum screen_status sbom_open(struct screen_reader *r, struct rd_error *err) RD_MUST_CHECK;
/* The next component as a row (name, version, publisher, cpe, purl, ref, dates). */
enum screen_status sbom_next(struct screen_reader *r);
/* The source a Content-Type names (application/vnd.cyclonedx+json, application/spdx+json),
 * or SOURCE_LIST. */
enum screen_source sbom_media_source(const char *content_type);

/* ---- screen_dates.c ---- */

/* The forms dates come in: an RFC 3339 instant (SPDX, CycloneDX; a bare YYYY-MM-DD is taken
 * as that whole day), a day (osquery programs' install_date: YYYYMMDD, or YYYY-MM-DD), or
 * seconds since 1970 (osquery's install_time, last_opened_time; a fraction is dropped). */
enum screen_date_form { SCREEN_DATE_INSTANT, SCREEN_DATE_DAY, SCREEN_DATE_EPOCH };
enum screen_date_status {
    SCREEN_DATE_OK,
    SCREEN_DATE_NONE, /* says "unknown" (osquery's -1 or 0): no date, no error */
    SCREEN_DATE_BAD
};

/* Reads `len` bytes of `s` in `form`: on SCREEN_DATE_OK, *at is the instant (a day: its
 * first second in UTC) and *whole_day says it is a day, not an instant. */
enum screen_date_status screen_date_parse(enum screen_date_form form, const char *s, size_t len,
                                          int64_t *at, bool *whole_day) RD_MUST_CHECK;

/* Is the body empty (nothing but white space and a byte-order mark)? */
bool screen_body_blank(const char *body, size_t len);

#endif
