#ifndef LIB_CSV_H
#define LIB_CSV_H
/*
 * CSV as RFC 4180 describes it, read from a buffer held in memory and written into
 * a strbuf. The reader hands out one record at a time:
 *   - a UTF-8 byte-order mark at the start is skipped;
 *   - records end at CRLF, LF or a lone CR (outside quotes);
 *   - a field that starts with '"' is quoted: it may hold commas, line breaks and
 *     doubled quotes (""), and must be followed by a comma or the end of the record;
 *   - a '"' inside an unquoted field is taken literally (lenient, as most writers are);
 *   - blank lines are skipped (they are never records).
 * Errors (an unterminated quote, text after a closing quote, too many fields) end
 * the reading: after one, the rest of the input cannot be trusted to be split right.
 */
#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"
#include "lib/strbuf.h"

#define CSV_MAX_FIELDS 1024

struct csv_field {
    size_t off, len; /* into the reader's buffer */
    bool quoted;
};

struct csv_reader {
    const char *p, *end;
    size_t line;        /* line number of the next byte to read (1-based) */
    size_t record_line; /* line on which the current record began */
    struct strbuf buf;  /* the current record's field texts, each NUL-terminated */
    struct csv_field fields[CSV_MAX_FIELDS];
    size_t n_fields;
};

enum csv_status { CSV_RECORD, CSV_END, CSV_ERROR };

/* Starts reading `data` (borrowed until the reader is freed; may hold any bytes). */
void csv_reader_init(struct csv_reader *r, const char *data, size_t len);

/* Reads the next record. CSV_ERROR fills `err` with the line and what is wrong; out of
 * memory is an error too. */
enum csv_status csv_next(struct csv_reader *r, struct rd_error *err) RD_MUST_CHECK;

/* The i-th field of the current record (NUL-terminated, may contain NUL bytes; `len`
 * is exact), or NULL when the record has fewer fields. Valid until the next csv_next. */
const char *csv_field(const struct csv_reader *r, size_t i, size_t *len);

/* Frees the reader's buffer; the reader may be initialised again. */
void csv_reader_free(struct csv_reader *r);

/* Appends one field, quoted when it holds a comma, a quote, a line break, or spaces at
 * either end (so that it reads back unchanged). */
void csv_write_field(struct strbuf *sb, const char *s, size_t len);

#endif
