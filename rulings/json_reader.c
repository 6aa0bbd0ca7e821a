/* Reading the fields of JSON records, collecting every problem with its field path. */
#include "rulings/json_reader.h"

#include <stdio.h>
#include <string.h>

#include "lib/country.h"
#include "lib/timeutil.h"
#include "lib/utf8.h"

void jr_field_path(const struct json_reader *r, const char *key, char *buf, size_t size)
{
    if (r->path && *r->path)
        snprintf(buf, size, "%s.%s", r->path, key);
    else
        snprintf(buf, size, "%s", key);
}

void jr_fail(struct json_reader *r, const char *key, const char *code, const char *msg)
{
    char field[160];
    jr_field_path(r, key, field, sizeof field);
    field_errors_add(r->errors, field, code, "%s", msg);
    r->ok = false;
}

/* A string field; NULL when absent or null (an error if required). */
char *jr_string(struct json_reader *r, const char *key, bool required, size_t max,
                enum text_shape shape)
{
    const json_t *v = json_object_get(r->obj, key);
    if (!v || json_is_null(v)) {
        if (required) jr_fail(r, key, "required", "is required");
        return NULL;
    }
    if (!json_is_string(v)) {
        jr_fail(r, key, "invalid_type", "must be a string");
        return NULL;
    }
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (n == 0 && required) {
        jr_fail(r, key, "required", "must not be empty");
        return NULL;
    }
    if (n > max) {
        char msg[80];
        snprintf(msg, sizeof msg, "is longer than %zu bytes", max);
        jr_fail(r, key, "too_long", msg);
        return NULL;
    }
    if (utf8_find_control(s, n, shape == MULTI_LINE) < n) {
        jr_fail(r, key, "invalid_character", "must not contain control characters");
        return NULL;
    }
    if (n == 0) return NULL;
    char *d = arena_strndup(&r->ds->arena, s, n);
    if (!d) jr_fail(r, key, "internal", "out of memory");
    return d;
}

char *jr_id(struct json_reader *r, const char *key, bool required)
{
    char *s = jr_string(r, key, required, 100, ONE_LINE);
    if (s && !dataset_valid_id(s)) {
        jr_fail(r, key, "invalid_id",
                "must be a slug: lower-case letters and digits, then also '-', '.', '_'");
        return NULL;
    }
    return s;
}

int jr_enum(struct json_reader *r, const char *key, const struct enum_names *e, bool required,
            int fallback)
{
    char *s = jr_string(r, key, required, LEN_WORD, ONE_LINE);
    if (!s) return fallback;
    int v = enum_parse(e, s);
    if (v < 0) {
        char list[256], msg[300];
        enum_list(e, list, sizeof list);
        snprintf(msg, sizeof msg, "must be one of: %s", list);
        jr_fail(r, key, "invalid_value", msg);
        return fallback;
    }
    return v;
}

bool jr_bool(struct json_reader *r, const char *key, bool fallback)
{
    const json_t *v = json_object_get(r->obj, key);
    if (!v || json_is_null(v)) return fallback;
    if (!json_is_boolean(v)) {
        jr_fail(r, key, "invalid_type", "must be true or false");
        return fallback;
    }
    return json_is_true(v);
}

/* An RFC 3339 instant; returns whether it was present and valid. */
bool jr_instant(struct json_reader *r, const char *key, bool required, int64_t *out)
{
    char *s = jr_string(r, key, required, LEN_WORD, ONE_LINE);
    if (!s) return false;
    enum rd_time_fault f = rd_time_read_instant(s, out);
    if (f == RD_TIME_MALFORMED) {
        jr_fail(r, key, "invalid_date", "must be an RFC 3339 instant such as 2024-07-20T04:00:00Z");
        return false;
    }
    if (f != RD_TIME_OK) {
        jr_fail(r, key, "invalid_date", rd_time_fault_message(f));
        return false;
    }
    return true;
}

char *jr_date(struct json_reader *r, const char *key)
{
    char *s = jr_string(r, key, false, LEN_DATE, ONE_LINE);
    int64_t t;
    if (s && !rd_time_parse_date(s, &t)) {
        jr_fail(r, key, "invalid_date", "must be a date YYYY-MM-DD");
        return NULL;
    }
    return s;
}

/* A short code: lower-case letters, digits and '-'. */
char *jr_code(struct json_reader *r, const char *key, bool required)
{
    char *s = jr_string(r, key, required, LEN_WORD, ONE_LINE);
    if (!s) return NULL;
    for (const char *p = s; *p; p++) {
        bool ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || (p > s && *p == '-');
        if (!ok) {
            jr_fail(r, key, "invalid_code", "must be lower-case letters, digits and '-'");
            return NULL;
        }
    }
    return s;
}

char *jr_region(struct json_reader *r, const char *key, bool required, bool allow_eu)
{
    /* read longer than a code, so that "Iran" is told what a code is, not "too long" */
    char *s = jr_string(r, key, required, LEN_WORD, ONE_LINE);
    if (!s) return NULL;
    bool eu = allow_eu && strcmp(s, "EU") == 0;
    bool shape = strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
    if (eu) return s;
    if (!shape || strcmp(s, "EU") == 0) { /* EU is a jurisdiction, not a country */
        jr_fail(r, key, "invalid_code",
                allow_eu ? "must be an ISO 3166-1 alpha-2 code in capitals (such as IR), or EU"
                         : "must be an ISO 3166-1 alpha-2 code in capitals (such as IR)");
        return NULL;
    }
    if (!country_find(s)) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "\"%s\" is not an ISO 3166-1 alpha-2 code (nor the user-assigned XK)%s", s,
                 strcmp(s, "UK") == 0 ? ": the United Kingdom is GB" : "");
        jr_fail(r, key, "unknown_country", msg);
        return NULL;
    }
    return s;
}

void jr_reject_unknown(struct json_reader *r, const char *const *allowed)
{
    const char *key;
    const json_t *value;
    json_object_foreach((json_t *)r->obj, key, value)
    {
        (void)value;
        bool known = false;
        for (const char *const *a = allowed; *a && !known; a++)
            known = strcmp(*a, key) == 0;
        if (!known) jr_fail(r, key, "unknown_field", "is not a field of this record");
    }
}

bool jr_begin(struct json_reader *r, struct dataset *ds, const json_t *obj, const char *path,
              struct field_errors *errors)
{
    *r = (struct json_reader){ds, obj, path, errors, true};
    if (!json_is_object(obj)) {
        field_errors_add(errors, *path ? path : "body", "invalid_type", "must be a JSON object");
        return false;
    }
    return true;
}

void jr_nested(const struct json_reader *r, const char *key, const json_t *obj, char *path_buf,
               size_t size, struct json_reader *out)
{
    jr_field_path(r, key, path_buf, size);
    *out = (struct json_reader){r->ds, obj, path_buf, r->errors, true};
}

json_t *jr_load_file(const char *path, json_error_t *e)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(e->text, sizeof e->text, "cannot be opened");
        e->line = e->column = -1;
        return NULL;
    }
    char head[3];
    size_t got = fread(head, 1, sizeof head, f);
    if (utf8_bom_len(head, got) == 0) rewind(f);
    json_t *doc = json_loadf(f, JSON_REJECT_DUPLICATES, e);
    fclose(f);
    return doc;
}
