#include "lib/csv.h"

#include "lib/utf8.h"

#include <string.h>

void csv_reader_init(struct csv_reader *r, const char *data, size_t len)
{
    memset(r, 0, offsetof(struct csv_reader, fields));
    r->n_fields = 0;
    r->p = data;
    r->end = data + len;
    r->line = 1;
    r->p += utf8_bom_len(data, len);
}

void csv_reader_free(struct csv_reader *r)
{
    sb_free(&r->buf);
    r->n_fields = 0;
}

/* Consumes a line break at r->p if there is one (CRLF, LF or CR). */
static bool eat_newline(struct csv_reader *r)
{
    if (r->p == r->end) return false;
    if (*r->p == '\r') {
        r->p++;
        if (r->p < r->end && *r->p == '\n') r->p++;
        r->line++;
        return true;
    }
    if (*r->p == '\n') {
        r->p++;
        r->line++;
        return true;
    }
    return false;
}

static bool begin_field(struct csv_reader *r, bool quoted, struct rd_error *err)
{
    if (r->n_fields == CSV_MAX_FIELDS) {
        rd_error_set(err, "line %zu: more than %d fields in one record", r->record_line,
                     CSV_MAX_FIELDS);
        return false;
    }
    r->fields[r->n_fields++] = (struct csv_field){r->buf.len, 0, quoted};
    return true;
}

static void end_field(struct csv_reader *r)
{
    struct csv_field *f = &r->fields[r->n_fields - 1];
    f->len = r->buf.len - f->off;
    sb_putc(&r->buf, '\0');
}

/* A quoted field: r->p is just after the opening quote. */
static bool read_quoted(struct csv_reader *r, struct rd_error *err)
{
    size_t started = r->line;
    for (;;) {
        const char *q = memchr(r->p, '"', (size_t)(r->end - r->p));
        const char *stop = q ? q : r->end;
        for (const char *c = r->p; c < stop; c++)
            if (*c == '\n' || (*c == '\r' && (c + 1 == stop || c[1] != '\n'))) r->line++;
        sb_append(&r->buf, r->p, (size_t)(stop - r->p));
        if (!q) {
            rd_error_set(err, "line %zu: a quoted field is never closed (a '\"' is missing)",
                         started);
            return false;
        }
        r->p = q + 1;
        if (r->p < r->end && *r->p == '"') { /* "" is one quote */
            sb_putc(&r->buf, '"');
            r->p++;
            continue;
        }
        return true;
    }
}

enum csv_status csv_next(struct csv_reader *r, struct rd_error *err)
{
    r->n_fields = 0;
    sb_reset(&r->buf);
    while (eat_newline(r)) {
    } /* blank lines are not records */
    if (r->p == r->end) return CSV_END;
    r->record_line = r->line;
    for (;;) {
        bool quoted = *r->p == '"';
        if (!begin_field(r, quoted, err)) return CSV_ERROR;
        if (quoted) {
            r->p++;
            if (!read_quoted(r, err)) return CSV_ERROR;
            if (r->p < r->end && *r->p != ',' && *r->p != '\r' && *r->p != '\n') {
                rd_error_set(err,
                             "line %zu: text after the closing quote of a field (a quote "
                             "inside a quoted field is written \"\")",
                             r->line);
                return CSV_ERROR;
            }
        } else {
            const char *c = r->p;
            while (c < r->end && *c != ',' && *c != '\r' && *c != '\n')
                c++;
            sb_append(&r->buf, r->p, (size_t)(c - r->p));
            r->p = c;
        }
        end_field(r);
        if (r->buf.failed) {
            rd_error_set(err, "line %zu: out of memory", r->record_line);
            return CSV_ERROR;
        }
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            if (r->p == r->end || *r->p == '\r' || *r->p == '\n') { /* trailing empty field */
                if (!begin_field(r, false, err)) return CSV_ERROR;
                end_field(r);
                (void)eat_newline(r);
                return CSV_RECORD;
            }
            continue;
        }
        (void)eat_newline(r);
        return CSV_RECORD;
    }
}

const char *csv_field(const struct csv_reader *r, size_t i, size_t *len)
{
    if (i >= r->n_fields) return NULL;
    *len = r->fields[i].len;
    return r->buf.data + r->fields[i].off;
}

void csv_write_field(struct strbuf *sb, const char *s, size_t len)
{
    bool quote = len > 0 && (s[0] == ' ' || s[len - 1] == ' ');
    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (!quote) {
        sb_append(sb, s, len);
        return;
    }
    sb_putc(sb, '"');
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '"') continue;
        sb_append(sb, s + start, i + 1 - start); /* up to and with the quote... */
        sb_putc(sb, '"');                        /* ...which is doubled */
        start = i + 1;
    }
    sb_append(sb, s + start, len - start);
    sb_putc(sb, '"');
}
