/* POST /v1/screen: one row's values checked, as /v1/check checks its parameters. */
#include <string.h>

#include "handlers/params.h"
#include "handlers/screen.h"
#include "lib/timeutil.h"
#include "lib/utf8.h"

/* Text a row may carry: UTF-8, and no control characters but tab and line breaks (a
 * spreadsheet cell may hold several lines; the matcher reads them as spaces). */
static bool text_ok(const struct screen_value *v, const char *field, size_t max,
                    struct field_errors *fe)
{
    if (v->len > max) {
        field_errors_add(fe, field, "too_long", "is longer than %zu bytes", max);
        return false;
    }
    if (!utf8_valid(v->text, v->len)) {
        field_errors_add(fe, field, "invalid_encoding",
                         "must be UTF-8 text without NUL bytes (save the file as UTF-8)");
        return false;
    }
    for (size_t i = 0; i < v->len; i++) {
        unsigned char c = (unsigned char)v->text[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
            field_errors_add(fe, field, "invalid_character", "must not contain control characters");
            return false;
        }
    }
    return true;
}

static bool blank(const struct screen_value *v)
{
    for (size_t i = 0; i < v->len; i++)
        if (v->text[i] != ' ' && v->text[i] != '\t' && v->text[i] != '\r' && v->text[i] != '\n')
            return false;
    return true;
}

/* A short value (a code or a date): no more than 64 bytes, valid text. */
static bool short_ok(const struct screen_value *v, const char *field, struct field_errors *fe)
{
    return text_ok(v, field, 64, fe);
}

static void check_kind(const struct screen_value *v, struct screen_row *row)
{
    int k = -1;
    if (short_ok(v, "kind", &row->errors) &&
        value_enum(v->text, v->len, "kind", &SUBJECT_KINDS, &row->errors, &k))
        row->q.kind = k;
}

static void check_as_of(const struct screen_value *v, struct screen_row *row)
{
    int64_t t = 0;
    if (short_ok(v, "as_of", &row->errors) &&
        value_as_of(v->text, v->len, "as_of", &row->errors, &t))
        row->q.as_of = t;
}

static void check_jurisdiction(const struct screen_value *v, struct screen_row *row)
{
    if (value_region(v->text, v->len, "jurisdiction", &row->errors, row->jurisdiction))
        row->q.jurisdiction = row->jurisdiction;
}

/* A code of one of the closed vocabularies into *out. */
static void check_vocab(const struct screen_value *v, const char *field, const struct vocab *vocab,
                        struct screen_row *row, const char **out)
{
    if (value_vocab(v->text, v->len, field, vocab, &row->errors)) *out = v->text;
}

/* An identifier, "scheme:value", normalised into the row. */
static void check_identifier(const struct screen_value *v, struct screen_row *row)
{
    if (value_identifier(v->text, v->len, "identifier", &row->errors, row->identifier))
        row->q.identifier = row->identifier;
}

bool screen_row_check(const struct screen_raw *raw, const struct check_request *d,
                      struct screen_row *row)
{
    memset(row, 0, sizeof *row);
    row->q = *d;
    row->q.name = NULL;
    row->q.name_len = 0;
    for (size_t i = 0; i < raw->errors.count; i++)
        field_errors_add(&row->errors, raw->errors.items[i].field, raw->errors.items[i].code, "%s",
                         raw->errors.items[i].message);
    row->errors.dropped += raw->errors.dropped;

    if (field_errors_has(&raw->errors, "row"))
        return false; /* not a row at all: nothing to check */
    const struct screen_value *v = raw->v;
    if (v[SF_REF].text) row->ref_ok = text_ok(&v[SF_REF], "ref", SCREEN_MAX_REF, &row->errors);
    bool name_said = field_errors_has(&raw->errors, "name"); /* of the wrong type: said already */
    if (v[SF_IDENTIFIER].text) check_identifier(&v[SF_IDENTIFIER], row);
    bool named_otherwise = v[SF_IDENTIFIER].text || v[SF_CATEGORY].text;
    for (int f = SF_FIRST_PRODUCT; f < SF_FIRST_DATE && !named_otherwise; f++)
        named_otherwise = v[f].text && f != SF_VERSION;
    if (!name_said && (!v[SF_NAME].text || blank(&v[SF_NAME])) && named_otherwise) {
        row->q.name = "";
    } else if (!name_said && (!v[SF_NAME].text || blank(&v[SF_NAME]))) {
        field_errors_add(&row->errors, "name", "required", "is required");
    } else if (!name_said && text_ok(&v[SF_NAME], "name", SCREEN_MAX_NAME, &row->errors)) {
        row->q.name = v[SF_NAME].text;
        row->q.name_len = v[SF_NAME].len;
    }
    if (v[SF_KIND].text) check_kind(&v[SF_KIND], row);
    if (v[SF_AS_OF].text) check_as_of(&v[SF_AS_OF], row);
    if (v[SF_JURISDICTION].text) check_jurisdiction(&v[SF_JURISDICTION], row);
    if (v[SF_BINDS].text) check_vocab(&v[SF_BINDS], "binds", &PARTIES, row, &row->q.binds);
    if (v[SF_PURPOSE].text) check_vocab(&v[SF_PURPOSE], "purpose", &PURPOSES, row, &row->q.purpose);
    if (v[SF_CATEGORY].text)
        check_vocab(&v[SF_CATEGORY], "category", &CATEGORIES, row, &row->q.category);
    screen_dates_check(raw, row);
    return row->errors.count == 0 && row->errors.dropped == 0;
}
