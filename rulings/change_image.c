#include "rulings/change_image.h"

#include <stdlib.h>
#include <string.h>

#include "lib/timeutil.h"

enum column_kind { COPY, INSTANT, MEASURE_CODE, MEASURE_TEXT };

struct column {
    const char *column, *key;
    enum column_kind kind;
};

/* clang-format off: tables read better as rows */
#define META                                                                                       \
    {"version", "version", COPY}, {"created_at", "created_at", INSTANT},                           \
        {"updated_at", "updated_at", INSTANT}, {"revoked_at", "revoked_at", INSTANT},              \
    {                                                                                              \
        NULL, NULL, COPY                                                                           \
    }

static const struct column source_columns[] = {{"id", "id", COPY},
                                               {"authority", "authority", COPY},
                                               {"jurisdiction", "jurisdiction", COPY},
                                               {"kind", "kind", COPY},
                                               {"title", "title", COPY},
                                               {"citation", "citation", COPY},
                                               {"document", "document", COPY},
                                               {"signed_on", "signed_on", COPY},
                                               {"published_on", "published_on", COPY},
                                               {"url", "url", COPY},
                                               {"summary", "summary", COPY},
                                               META};
static const struct column subject_columns[] = {{"id", "id", COPY},
                                                {"kind", "kind", COPY},
                                                {"name", "name", COPY},
                                                {"country", "country", COPY},
                                                {"parent_id", "parent", COPY},
                                                {"relation", "relation", COPY},
                                                {"note", "note", COPY},
                                                {"categories", "categories", COPY},
                                                {"identifiers", "identifiers", COPY},
                                                {"born", "born", COPY},
                                                {"nationalities", "nationalities", COPY},
                                                {"addresses", "addresses", COPY},
                                                META};
static const struct column alias_columns[] = {
    {"id", "id", COPY},     {"subject_id", "subject", COPY}, {"alias", "alias", COPY},
    {"kind", "kind", COPY}, {"lang", "lang", COPY},          META};
static const struct column ruling_columns[] = {
    {"id", "id", COPY},
    {"subject_id", "subject", COPY},
    {"source_id", "source", COPY},
    {"status", "status", COPY},
    {"measure_code", "code", MEASURE_CODE},
    {"measure", "text", MEASURE_TEXT},
    {"binds", "binds", COPY},
    {"affects", "affects", COPY},
    {"effective_from", "effective_from", INSTANT},
    {"effective_until", "effective_until", INSTANT},
    {"extends_to_affiliates", "extends_to_affiliates", COPY}, /* images before reach */
    {"reach", "reach", COPY},
    {"condition", "condition", COPY},
    {"exempts", "exempts", COPY},
    {"suspensions", "suspensions", COPY},
    {"certainty", "certainty", COPY},
    {"quote", "quote", COPY},
    {"quote_verbatim", "quote_verbatim", COPY},
    {"quote_source", "quote_source", COPY},
    {"note", "note", COPY},
    META};

static const struct {
    const char *entity;
    const struct column *columns;
} entities[] = {
    {"source", source_columns},
    {"subject", subject_columns},
    {"alias", alias_columns},
    {"ruling", ruling_columns},
};
/* clang-format on */

/* Columns renamed on the way out (the same for every table). */
static const struct {
    const char *column, *field;
} renamed[] = {
    {"subject_id", "subject"},        {"source_id", "source"},     {"parent_id", "parent"},
    {"measure_code", "measure.code"}, {"measure", "measure.text"},
};

const char *image_field_of_column(const char *column)
{
    for (size_t i = 0; i < sizeof renamed / sizeof *renamed; i++)
        if (strcmp(renamed[i].column, column) == 0) return renamed[i].field;
    return column;
}

static const struct column *columns_of(const char *entity)
{
    for (size_t i = 0; i < sizeof entities / sizeof *entities; i++)
        if (strcmp(entities[i].entity, entity) == 0) return entities[i].columns;
    return NULL;
}

/* Any JSON value, written through the writer (strings are escaped again). */
static void write_value(struct jw *w, const json_t *v)
{
    size_t i;
    const char *k;
    json_t *x;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        jw_object_begin(w);
        json_object_foreach((json_t *)v, k, x)
        {
            jw_key(w, k);
            write_value(w, x);
        }
        jw_object_end(w);
        break;
    case JSON_ARRAY:
        jw_array_begin(w);
        json_array_foreach(v, i, x) write_value(w, x);
        jw_array_end(w);
        break;
    case JSON_STRING:
        jw_string_n(w, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        jw_int(w, (long long)json_integer_value(v));
        break;
    case JSON_REAL:
        jw_double(w, json_real_value(v));
        break;
    case JSON_TRUE:
        jw_bool(w, true);
        break;
    case JSON_FALSE:
        jw_bool(w, false);
        break;
    default:
        jw_null(w);
        break;
    }
}

/* An instant as RFC 3339 UTC ("...Z"); what cannot be read is copied. */
static void write_instant(struct jw *w, const json_t *v)
{
    int64_t t;
    const char *s = json_string_value(v);
    if (s && rd_time_parse_instant(s, &t))
        jw_time(w, t);
    else
        write_value(w, v);
}

static bool listed(const struct column *cols, const char *column)
{
    for (const struct column *c = cols; c->column; c++)
        if (strcmp(c->column, column) == 0) return true;
    return false;
}

void change_image_write(struct jw *w, const char *entity, const json_t *image)
{
    const struct column *cols = columns_of(entity);
    if (!image || !json_is_object(image) || !cols) {
        if (image)
            write_value(w, image);
        else
            jw_null(w);
        return;
    }
    jw_object_begin(w);
    for (const struct column *c = cols; c->column; c++) {
        const json_t *v = json_object_get(image, c->column);
        if (c->kind == MEASURE_TEXT) continue; /* written with the code */
        if (c->kind == MEASURE_CODE) {
            jw_key(w, "measure");
            jw_object_begin(w);
            jw_key(w, "code");
            write_value(w, v ? v : json_null());
            jw_key(w, "text");
            const json_t *text = json_object_get(image, "measure");
            write_value(w, text ? text : json_null());
            jw_object_end(w);
            continue;
        }
        if (!v) continue;
        jw_key(w, c->key);
        if (c->kind == INSTANT)
            write_instant(w, v);
        else
            write_value(w, v);
    }
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)image, k, v)
    {
        if (listed(cols, k)) continue;
        jw_key(w, k);
        write_value(w, v);
    }
    jw_object_end(w);
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void change_image_changed(struct jw *w, const json_t *before, const json_t *after)
{
    static const char *const bookkeeping[] = {"version", "created_at", "updated_at", NULL};
    jw_array_begin(w);
    if (json_is_object(before) && json_is_object(after)) {
        size_t n = json_object_size(after), m = 0;
        const char **fields = calloc(n + 1, sizeof *fields);
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)after, k, v)
        {
            bool skip = false;
            for (const char *const *b = bookkeeping; *b && !skip; b++)
                skip = strcmp(*b, k) == 0;
            if (skip || !fields || json_equal(v, json_object_get(before, k))) continue;
            fields[m++] = image_field_of_column(k);
        }
        if (fields) {
            qsort(fields, m, sizeof *fields, compare_strings);
            for (size_t i = 0; i < m; i++)
                jw_string(w, fields[i]);
        }
        free(fields);
    }
    jw_array_end(w);
}
