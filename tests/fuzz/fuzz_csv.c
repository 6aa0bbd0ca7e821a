/* libFuzzer target: any bytes as CSV (lib/csv.c, what POST /v1/screen reads). Every
 * record read, written back with csv_write_field and read again, gives the same fields. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct csv_reader r, back; /* large: not on the stack */

static void check_record(void)
{
    /* A first field of our own: the written line then never starts with a byte-order mark
     * nor is blank, which the reader would (rightly) skip. */
    struct strbuf line = {0};
    sb_puts(&line, "x");
    for (size_t i = 0; i < r.n_fields; i++) {
        size_t len;
        const char *f = csv_field(&r, i, &len);
        if (!f || f[len] != '\0') abort();
        sb_putc(&line, ',');
        csv_write_field(&line, f, len);
    }
    sb_puts(&line, "\r\n");
    if (line.failed) abort();
    struct rd_error err = {0};
    csv_reader_init(&back, line.data, line.len);
    if (r.n_fields < CSV_MAX_FIELDS) {
        if (csv_next(&back, &err) != CSV_RECORD || back.n_fields != r.n_fields + 1) {
            fprintf(stderr, "written back, read %zu fields of %zu: %s\n%.*s\n", back.n_fields,
                    r.n_fields + 1, err.message, (int)line.len, line.data);
            abort();
        }
        for (size_t i = 0; i < r.n_fields; i++) {
            size_t a, b;
            const char *fa = csv_field(&r, i, &a), *fb = csv_field(&back, i + 1, &b);
            if (a != b || memcmp(fa, fb, a) != 0) {
                fprintf(stderr, "field %zu changed when written back:\n%.*s\n", i, (int)line.len,
                        line.data);
                abort();
            }
        }
        if (csv_next(&back, &err) != CSV_END) abort();
    }
    csv_reader_free(&back);
    sb_free(&line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rd_error err = {0};
    csv_reader_init(&r, (const char *)data, size);
    size_t records = 0;
    enum csv_status st;
    while ((st = csv_next(&r, &err)) == CSV_RECORD) {
        if (r.n_fields == 0 || r.n_fields > CSV_MAX_FIELDS) abort();
        check_record();
        if (++records > size + 1) abort(); /* every record consumes input */
    }
    if (st == CSV_ERROR && !err.message[0]) abort(); /* an error says what it is */
    csv_reader_free(&r);
    return 0;
}
