#include "handlers/screen_input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/utf8.h"

const char *const screen_field_names[SF_COUNT] = {"name",
                                                  "kind",
                                                  "as_of",
                                                  "jurisdiction",
                                                  "binds",
                                                  "purpose",
                                                  "category",
                                                  "identifier",
                                                  "ref",
                                                  "version",
                                                  "publisher",
                                                  "cpe",
                                                  "purl",
                                                  "bundle_identifier",
                                                  "install_date",
                                                  "install_time",
                                                  "last_opened_time",
                                                  "releaseDate",
                                                  "builtDate",
                                                  "releaseNotes.timestamp"};

/* Inventory columns (osquery) read as fields under another name: rpm_packages' vendor and
 * deb_packages' maintainer say who publishes the package, apps' bundle_short_version is the
 * version people see. */
static const struct {
    const char *column;
    enum screen_field field;
} inventory_aliases[] = {
    {"vendor", SF_PUBLISHER}, {"maintainer", SF_PUBLISHER}, {"bundle_short_version", SF_VERSION}};

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool screen_body_blank(const char *body, size_t len)
{
    size_t i = utf8_bom_len(body, len);
    while (i < len && is_space(body[i]))
        i++;
    return i == len;
}

/* Advances r->p over `n` bytes, counting the lines it passes. */
static void advance(struct screen_reader *r, size_t n)
{
    const char *stop = r->p + n;
    for (const char *c = r->p; (c = memchr(c, '\n', (size_t)(stop - c))) != NULL; c++)
        r->line++;
    r->p = stop;
}

static void skip_space(struct screen_reader *r)
{
    const char *c = r->p;
    while (c < r->end && is_space(*c))
        c++;
    advance(r, (size_t)(c - r->p));
}

void screen_row_reset(struct screen_reader *r)
{
    struct screen_raw *raw = &r->raw;
    field_errors_free(&raw->errors);
    memset(raw->v, 0, sizeof raw->v);
    raw->doc_field = r->doc_field;
    raw->doc_at = r->doc_at;
    raw->row = ++r->rows;
    raw->line = r->line;
    json_decref(r->current);
    r->current = NULL;
}

/* The field `key` names (JSON keys exactly, CSV headers in any case), or -1. */
static int field_by_name(const char *key, size_t len, enum screen_source source, bool fold)
{
    int (*cmp)(const char *, const char *, size_t) = fold ? strncasecmp : strncmp;
    for (int f = 0; f < SF_COUNT; f++) {
        /* an inventory's own columns (osquery apps' "category") are none of a list's fields;
         * its date columns none of a list's; an SBOM's date members are never columns */
        bool inventory_field = f == SF_NAME || (f >= SF_FIRST_PRODUCT && f < SF_FIRST_SBOM_DATE);
        if (source == SOURCE_INVENTORY && !inventory_field) continue;
        if (source != SOURCE_INVENTORY && f >= SF_FIRST_DATE) continue;
        if (strlen(screen_field_names[f]) == len && cmp(screen_field_names[f], key, len) == 0)
            return f;
    }
    for (size_t i = 0;
         source == SOURCE_INVENTORY && i < sizeof inventory_aliases / sizeof *inventory_aliases;
         i++)
        if (strlen(inventory_aliases[i].column) == len &&
            cmp(inventory_aliases[i].column, key, len) == 0)
            return (int)inventory_aliases[i].field;
    return -1;
}

/* Takes the fields of one JSON row (r->current) into r->raw. */
static void take_object(struct screen_reader *r)
{
    struct screen_raw *raw = &r->raw;
    if (!json_is_object(r->current)) {
        field_errors_add(&raw->errors, "row", "invalid_type",
                         "must be an object such as {\"name\": \"Example Ltd\", \"ref\": \"S-1\"}");
        return;
    }
    const char *key;
    json_t *val;
    json_object_foreach(r->current, key, val)
    {
        char safe[64];
        utf8_sanitize(safe, sizeof safe, key, strlen(key));
        int f = field_by_name(key, strlen(key), r->source, false);
        if (f < 0 && r->source == SOURCE_INVENTORY) continue; /* osquery's other columns */
        if (f < 0) {
            field_errors_add(&raw->errors, safe, "unknown_field",
                             "is not a field of a row (name, kind, as_of, jurisdiction, binds, "
                             "purpose, category, identifier, ref, version, publisher, cpe, "
                             "purl, bundle_identifier)");
            continue;
        }
        struct screen_value *v = &raw->v[f];
        if (json_is_null(val) || (json_is_string(val) && json_string_length(val) == 0))
            continue; /* absent, as an empty CSV cell is */
        if (json_is_string(val)) {
            v->text = json_string_value(val);
            v->len = json_string_length(val);
        } else if (f == SF_REF && json_is_integer(val)) {
            snprintf(r->number, sizeof r->number, "%" JSON_INTEGER_FORMAT, json_integer_value(val));
            v->text = r->number;
            v->len = strlen(r->number);
            v->is_number = true;
        } else if (f >= SF_FIRST_DATE && f < SF_FIRST_SBOM_DATE && json_is_number(val)) {
            /* osquery's JSON may give install_time or last_opened_time as a number */
            char *buf = r->date_number[f - SF_FIRST_DATE];
            if (json_is_integer(val))
                snprintf(buf, 48, "%" JSON_INTEGER_FORMAT, json_integer_value(val));
            else
                snprintf(buf, 48, "%.3f", json_real_value(val));
            v->text = buf;
            v->len = strlen(buf);
            v->is_number = true;
        } else {
            field_errors_add(&raw->errors, safe, "invalid_type",
                             f == SF_REF ? "must be a string or a whole number"
                                         : "must be a string (or null)");
        }
    }
}

/* ---- JSON array ---- */

static enum screen_status json_open(struct screen_reader *r, struct rd_error *err)
{
    skip_space(r);
    if (r->p == r->end || *r->p != '[') {
        rd_error_set(err,
                     "line %zu: expected a JSON array of rows, such as "
                     "[{\"name\": \"Example Ltd\", \"ref\": \"S-1\"}]",
                     r->line);
        return SCREEN_INVALID_BODY;
    }
    advance(r, 1);
    return SCREEN_ROW;
}

enum { JSON_FIRST, JSON_AFTER_ROW, JSON_CLOSED };

static enum screen_status json_next(struct screen_reader *r, struct rd_error *err)
{
    skip_space(r);
    bool at_end = r->p == r->end;
    if (r->json_state == JSON_AFTER_ROW) {
        if (at_end) {
            rd_error_set(err, "line %zu: the array is not closed (a ']' is missing)", r->line);
            return SCREEN_INVALID_BODY;
        }
        if (*r->p == ',') {
            advance(r, 1);
            skip_space(r);
            if (r->p < r->end && *r->p == ']') {
                rd_error_set(err, "line %zu: a ',' after the last row", r->line);
                return SCREEN_INVALID_BODY;
            }
        } else if (*r->p == ']') {
            advance(r, 1);
            r->json_state = JSON_CLOSED;
        } else {
            rd_error_set(err, "line %zu: expected ',' or ']' after row %zu", r->line, r->rows);
            return SCREEN_INVALID_BODY;
        }
    } else if (r->json_state == JSON_FIRST && !at_end && *r->p == ']') {
        advance(r, 1);
        r->json_state = JSON_CLOSED;
    }
    if (r->json_state == JSON_CLOSED) {
        skip_space(r);
        if (r->p != r->end) {
            rd_error_set(err, "line %zu: text after the end of the array", r->line);
            return SCREEN_INVALID_BODY;
        }
        return SCREEN_END;
    }
    if (r->p == r->end) {
        rd_error_set(err, "line %zu: the array is not closed (a ']' is missing)", r->line);
        return SCREEN_INVALID_BODY;
    }
    screen_row_reset(r);
    json_error_t e;
    r->current = json_loadb(r->p, (size_t)(r->end - r->p),
                            JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &e);
    if (!r->current) {
        rd_error_set(err, "line %zu: row %zu is not well-formed JSON: %s",
                     r->line + (e.line > 1 ? (size_t)e.line - 1 : 0), r->raw.row, e.text);
        return SCREEN_INVALID_BODY;
    }
    advance(r, (size_t)e.position);
    r->json_state = JSON_AFTER_ROW;
    take_object(r);
    return SCREEN_ROW;
}

/* ---- NDJSON ---- */

static enum screen_status ndjson_next(struct screen_reader *r)
{
    for (;;) {
        if (r->p == r->end) return SCREEN_END;
        const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
        const char *stop = nl ? nl : r->end;
        const char *start = r->p;
        bool blank = true;
        for (const char *c = start; c < stop && blank; c++)
            blank = is_space(*c);
        if (blank) {
            advance(r, (size_t)(stop - start) + (nl ? 1 : 0));
            continue;
        }
        screen_row_reset(r);
        json_error_t e;
        r->current =
            json_loadb(start, (size_t)(stop - start), JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &e);
        advance(r, (size_t)(stop - start) + (nl ? 1 : 0));
        if (!r->current)
            field_errors_add(&r->raw.errors, "row", "invalid_json", "line %zu, column %d: %s",
                             r->raw.line, e.column, e.text);
        else
            take_object(r);
        return SCREEN_ROW;
    }
}

/* ---- CSV ---- */

static void trim(const char **s, size_t *len)
{
    while (*len && is_space(**s))
        (*s)++, (*len)--;
    while (*len && is_space((*s)[*len - 1]))
        (*len)--;
}

static enum screen_status csv_header(struct screen_reader *r, const struct screen_columns *cols,
                                     struct rd_error *err)
{
    switch (csv_next(r->csv, err)) {
    case CSV_RECORD:
        break;
    case CSV_END:
        rd_error_set(err, "the body has no header row: the first line names the columns "
                          "(name, and optionally kind, as_of, jurisdiction, binds, purpose, "
                          "category, identifier, ref)");
        return SCREEN_INVALID_HEADER;
    case CSV_ERROR:
        return SCREEN_INVALID_BODY;
    }
    for (int f = 0; f < SF_COUNT; f++)
        r->column[f] = -1;
    r->n_columns = r->csv->n_fields;
    char seen[300] = "";
    for (size_t i = 0; i < r->csv->n_fields; i++) {
        size_t len;
        const char *h = csv_field(r->csv, i, &len);
        trim(&h, &len);
        char safe[64];
        utf8_sanitize(safe, sizeof safe, h, len);
        size_t used = strlen(seen);
        if (used + strlen(safe) + 3 < sizeof seen)
            snprintf(seen + used, sizeof seen - used, "%s%s", used ? ", " : "", safe);
        int f = -1;
        for (int k = 0; r->source != SOURCE_INVENTORY && k < SF_FIRST_DATE && f < 0; k++) {
            const char *want = cols && cols->name[k] ? cols->name[k] : screen_field_names[k];
            if (strlen(want) == len && strncasecmp(want, h, len) == 0) f = k;
        }
        if (f < 0 && r->source == SOURCE_INVENTORY) f = field_by_name(h, len, r->source, true);
        if (f < 0) {
            if (r->n_ignored < SCREEN_MAX_IGNORED) {
                r->ignored[r->n_ignored] = strdup(safe);
                if (r->ignored[r->n_ignored]) r->n_ignored++;
            }
            continue;
        }
        if (r->column[f] >= 0) {
            rd_error_set(err, "the header names the %s column twice (columns %d and %zu)",
                         screen_field_names[f], r->column[f] + 1, i + 1);
            return SCREEN_INVALID_HEADER;
        }
        r->column[f] = (int)i;
    }
    if (r->column[SF_NAME] < 0) {
        const char *want = cols && cols->name[SF_NAME] ? cols->name[SF_NAME] : "name";
        char safe[64];
        utf8_sanitize(safe, sizeof safe, want, strlen(want));
        rd_error_set(err,
                     "the header row has no \"%s\" column (it has: %s); name the column of "
                     "names \"name\", or say which it is with name_column=",
                     safe, seen);
        return SCREEN_INVALID_HEADER;
    }
    return SCREEN_ROW;
}

static enum screen_status csv_row(struct screen_reader *r, struct rd_error *err)
{
    switch (csv_next(r->csv, err)) {
    case CSV_RECORD:
        break;
    case CSV_END:
        return SCREEN_END;
    case CSV_ERROR:
        return SCREEN_INVALID_BODY;
    }
    r->line = r->csv->record_line;
    screen_row_reset(r);
    if (r->csv->n_fields > r->n_columns)
        field_errors_add(&r->raw.errors, "row", "too_many_fields",
                         "line %zu has %zu fields but the header has %zu (is a comma in a name "
                         "not quoted?)",
                         r->raw.line, r->csv->n_fields, r->n_columns);
    for (int f = 0; f < SF_COUNT; f++) {
        size_t len;
        const char *t = r->column[f] >= 0 ? csv_field(r->csv, (size_t)r->column[f], &len) : NULL;
        if (t && len > 0) r->raw.v[f] = (struct screen_value){t, len, false};
    }
    return SCREEN_ROW;
}

/* ---- the reader ---- */

enum screen_status screen_reader_open(struct screen_reader *r, enum screen_format format,
                                      const char *body, size_t len,
                                      const struct screen_columns *columns, struct rd_error *err)
{
    memset(r, 0, sizeof *r);
    r->format = format;
    r->body = r->p = body;
    r->end = body + len;
    r->line = 1;
    r->source = columns ? columns->source : SOURCE_LIST;
    if (r->source == SOURCE_CYCLONEDX || r->source == SOURCE_SPDX) return sbom_open(r, err);
    if (format == SCREEN_CSV) {
        r->csv = malloc(sizeof *r->csv);
        if (!r->csv) {
            rd_error_set(err, "out of memory");
            return SCREEN_INVALID_BODY;
        }
        csv_reader_init(r->csv, body, len); /* skips the byte-order mark itself */
        return csv_header(r, columns, err);
    }
    r->p += utf8_bom_len(body, len);
    return format == SCREEN_JSON ? json_open(r, err) : SCREEN_ROW;
}

enum screen_status screen_reader_next(struct screen_reader *r, const struct screen_raw **row,
                                      struct rd_error *err)
{
    enum screen_status st;
    if (r->doc) {
        st = sbom_next(r);
        *row = st == SCREEN_ROW ? &r->raw : NULL;
        return st;
    }
    switch (r->format) {
    case SCREEN_JSON:
        st = json_next(r, err);
        break;
    case SCREEN_NDJSON:
        st = ndjson_next(r);
        break;
    case SCREEN_CSV:
        st = csv_row(r, err);
        break;
    default:
        st = SCREEN_END;
    }
    *row = st == SCREEN_ROW ? &r->raw : NULL;
    return st;
}

enum screen_status screen_reader_skip(struct screen_reader *r, struct rd_error *err)
{
    if (r->doc || r->format != SCREEN_NDJSON) {
        const struct screen_raw *raw;
        return screen_reader_next(r, &raw, err);
    }
    /* NDJSON: a row is a line that is not blank, whatever it holds (as ndjson_next) */
    while (r->p < r->end) {
        const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
        const char *stop = nl ? nl : r->end, *c = r->p;
        while (c < stop && is_space(*c))
            c++;
        r->p = nl ? nl + 1 : r->end;
        r->line += nl != NULL;
        if (c < stop) {
            r->rows++;
            return SCREEN_ROW;
        }
    }
    return SCREEN_END;
}

void screen_reader_close(struct screen_reader *r)
{
    json_decref(r->current);
    r->current = NULL;
    json_decref(r->doc);
    r->doc = NULL;
    free(r->components);
    r->components = NULL;
    field_errors_free(&r->raw.errors);
    if (r->csv) {
        csv_reader_free(r->csv);
        free(r->csv);
        r->csv = NULL;
    }
    for (size_t i = 0; i < r->n_ignored; i++)
        free(r->ignored[i]);
    r->n_ignored = 0;
}
