#include "lib/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rd_error_set(struct rd_error *e, const char *fmt, ...)
{
    if (!e) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
}

void rd_error_prefix(struct rd_error *e, const char *fmt, ...)
{
    if (!e) return;
    char reason[sizeof e->message];
    memcpy(reason, e->message, sizeof reason);
    char context[sizeof e->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(context, sizeof context, fmt, ap);
    va_end(ap);
    rd_error_set(e, "%s: %s", context, reason);
}

void rd_error_clear(struct rd_error *e)
{
    if (!e) return;
    e->message[0] = '\0';
    e->sqlstate[0] = '\0';
}

/* Drops a UTF-8 sequence cut short at the end of `s`: snprintf truncates by bytes, and
 * these strings end up in JSON. */
static void trim_partial_utf8(char *s)
{
    size_t n = strlen(s), i = n;
    while (i > 0 && n - i < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0) return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (need > n - (i - 1)) s[i - 1] = '\0';
}

void field_errors_add(struct field_errors *fe, const char *field, const char *code, const char *fmt,
                      ...)
{
    if (fe->count >= FIELD_ERRORS_MAX) {
        fe->dropped++;
        return;
    }
    if (fe->count == fe->cap) {
        size_t cap = fe->cap ? fe->cap * 2 : 8;
        struct field_error *items = realloc(fe->items, cap * sizeof *items);
        if (!items) {
            fe->dropped++;
            return;
        }
        fe->items = items;
        fe->cap = cap;
    }
    struct field_error *it = &fe->items[fe->count++];
    snprintf(it->field, sizeof it->field, "%s", field);
    snprintf(it->code, sizeof it->code, "%s", code);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->message, sizeof it->message, fmt, ap);
    va_end(ap);
    trim_partial_utf8(it->field);
    trim_partial_utf8(it->message);
}

void field_errors_free(struct field_errors *fe)
{
    free(fe->items);
    fe->items = NULL;
    fe->count = fe->cap = fe->dropped = 0;
}

bool field_errors_has(const struct field_errors *fe, const char *field)
{
    for (size_t i = 0; i < fe->count; i++)
        if (strcmp(fe->items[i].field, field) == 0) return true;
    return false;
}
