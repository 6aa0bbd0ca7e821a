/* Reading a data set from JSON, and one record of each kind, collecting every problem
 * with its field. */
#include "rulings/dataset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/check.h"
#include "lib/strmap.h"
#include "lib/timeutil.h"

/* Reading one JSON object's fields, collecting every problem. */
struct reader {
    struct dataset *ds;
    const json_t *obj;
    const char *path;
    struct field_errors *errors;
    bool ok;
};

static void field_path(const struct reader *r, const char *key, char *buf, size_t size)
{
    if (r->path && *r->path)
        snprintf(buf, size, "%s.%s", r->path, key);
    else
        snprintf(buf, size, "%s", key);
}

static void reader_fail(struct reader *r, const char *key, const char *code, const char *msg)
{
    char field[160];
    field_path(r, key, field, sizeof field);
    field_errors_add(r->errors, field, code, "%s", msg);
    r->ok = false;
}

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

/* A string field; NULL when absent or null (an error if required). */
static char *get_string(struct reader *r, const char *key, bool required, size_t max,
                        enum text_shape shape)
{
    const json_t *v = json_object_get(r->obj, key);
    if (!v || json_is_null(v)) {
        if (required) reader_fail(r, key, "required", "is required");
        return NULL;
    }
    if (!json_is_string(v)) {
        reader_fail(r, key, "invalid_type", "must be a string");
        return NULL;
    }
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (n == 0 && required) {
        reader_fail(r, key, "required", "must not be empty");
        return NULL;
    }
    if (n > max) {
        char msg[80];
        snprintf(msg, sizeof msg, "is longer than %zu bytes", max);
        reader_fail(r, key, "too_long", msg);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 && !(shape == MULTI_LINE && (c == '\n' || c == '\t'))) {
            reader_fail(r, key, "invalid_character", "must not contain control characters");
            return NULL;
        }
    }
    if (n == 0) return NULL;
    char *d = arena_strndup(&r->ds->arena, s, n);
    if (!d) reader_fail(r, key, "internal", "out of memory");
    return d;
}

static char *get_id(struct reader *r, const char *key, bool required)
{
    char *s = get_string(r, key, required, DATASET_ID_MAX, ONE_LINE);
    if (s && !dataset_valid_id(s)) {
        reader_fail(r, key, "invalid_id",
                    "must be a slug: lower-case letters and digits, then also '-', '.', '_'");
        return NULL;
    }
    return s;
}

static int get_enum(struct reader *r, const char *key, const struct enum_names *e, bool required,
                    int fallback)
{
    char *s = get_string(r, key, required, LEN_WORD, ONE_LINE);
    if (!s) return fallback;
    int v = enum_parse(e, s);
    if (v < 0) {
        char list[256], msg[300];
        enum_list(e, list, sizeof list);
        snprintf(msg, sizeof msg, "must be one of: %s", list);
        reader_fail(r, key, "invalid_value", msg);
        return fallback;
    }
    return v;
}

static bool get_bool(struct reader *r, const char *key, bool fallback)
{
    const json_t *v = json_object_get(r->obj, key);
    if (!v || json_is_null(v)) return fallback;
    if (!json_is_boolean(v)) {
        reader_fail(r, key, "invalid_type", "must be true or false");
        return fallback;
    }
    return json_is_true(v);
}

/* An RFC 3339 instant; returns whether it was present and valid. */
static bool get_instant(struct reader *r, const char *key, bool required, int64_t *out)
{
    char *s = get_string(r, key, required, LEN_WORD, ONE_LINE);
    if (!s) return false;
    if (!rd_time_parse_instant(s, out)) {
        reader_fail(r, key, "invalid_date",
                    "must be an RFC 3339 instant such as 2024-07-20T04:00:00Z");
        return false;
    }
    return true;
}

static char *get_date(struct reader *r, const char *key)
{
    char *s = get_string(r, key, false, LEN_DATE, ONE_LINE);
    int64_t t;
    if (s && !rd_time_parse_date(s, &t)) {
        reader_fail(r, key, "invalid_date", "must be a date YYYY-MM-DD");
        return NULL;
    }
    return s;
}

/* A short code: lower-case letters, digits and '-'. */
static char *get_code(struct reader *r, const char *key, bool required)
{
    char *s = get_string(r, key, required, LEN_WORD, ONE_LINE);
    if (!s) return NULL;
    for (const char *p = s; *p; p++) {
        bool ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || (p > s && *p == '-');
        if (!ok) {
            reader_fail(r, key, "invalid_code", "must be lower-case letters, digits and '-'");
            return NULL;
        }
    }
    return s;
}

static char *get_region(struct reader *r, const char *key, bool required, bool allow_eu)
{
    char *s = get_string(r, key, required, LEN_REGION, ONE_LINE);
    if (!s) return NULL;
    bool ok = strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
    if (!ok || (!allow_eu && strcmp(s, "EU") == 0)) {
        reader_fail(r, key, "invalid_code",
                    allow_eu ? "must be an ISO 3166-1 alpha-2 code in capitals, or EU"
                             : "must be an ISO 3166-1 alpha-2 code in capitals");
        return NULL;
    }
    return s;
}

static void reject_unknown_keys(struct reader *r, const char *const *allowed)
{
    const char *key;
    const json_t *value;
    json_object_foreach((json_t *)r->obj, key, value)
    {
        (void)value;
        bool known = false;
        for (const char *const *a = allowed; *a && !known; a++) known = strcmp(*a, key) == 0;
        if (!known) reader_fail(r, key, "unknown_field", "is not a field of this record");
    }
}

static bool begin(struct reader *r, struct dataset *ds, const json_t *obj, const char *path,
                  struct field_errors *errors)
{
    *r = (struct reader){ds, obj, path, errors, true};
    if (!json_is_object(obj)) {
        field_errors_add(errors, *path ? path : "body", "invalid_type", "must be a JSON object");
        return false;
    }
    return true;
}

bool dataset_parse_source(struct dataset *ds, const json_t *obj, const char *path,
                          struct rd_source *out, struct field_errors *errors)
{
    static const char *const keys[] = {"id",        "authority",    "jurisdiction", "kind",
                                       "title",     "citation",     "document",     "signed_on",
                                       "published_on", "url",       "summary",      NULL};
    struct reader r;
    if (!begin(&r, ds, obj, path, errors)) return false;
    memset(out, 0, sizeof *out);
    reject_unknown_keys(&r, keys);
    out->id = get_id(&r, "id", true);
    out->authority = get_string(&r, "authority", true, LEN_NAME, ONE_LINE);
    out->jurisdiction = get_region(&r, "jurisdiction", true, true);
    out->kind = (enum source_kind)get_enum(&r, "kind", &SOURCE_KINDS, true, 0);
    out->title = get_string(&r, "title", true, LEN_TITLE, ONE_LINE);
    out->citation = get_string(&r, "citation", true, LEN_NAME, ONE_LINE);
    out->document = get_string(&r, "document", false, LEN_NAME, ONE_LINE);
    out->signed_on = get_date(&r, "signed_on");
    out->published_on = get_date(&r, "published_on");
    out->url = get_string(&r, "url", false, LEN_URL, ONE_LINE);
    if (out->url && strncmp(out->url, "https://", 8) != 0 && strncmp(out->url, "http://", 7) != 0)
        reader_fail(&r, "url", "invalid_url", "must be an http:// or https:// address");
    out->summary = get_string(&r, "summary", false, LEN_PROSE, MULTI_LINE);
    return r.ok;
}

bool dataset_parse_alias(struct dataset *ds, const json_t *obj, const char *path,
                         const char *subject_id, struct rd_alias *out,
                         struct field_errors *errors)
{
    static const char *const keys[] = {"alias", "kind", "lang", NULL};
    struct reader r;
    if (!begin(&r, ds, obj, path, errors)) return false;
    memset(out, 0, sizeof *out);
    reject_unknown_keys(&r, keys);
    out->subject_id = (char *)subject_id;
    out->alias = get_string(&r, "alias", true, LEN_NAME, ONE_LINE);
    out->kind = (enum alias_kind)get_enum(&r, "kind", &ALIAS_KINDS, true, ALIAS_LEGAL);
    if (out->kind == ALIAS_NAME)
        reader_fail(&r, "kind", "invalid_value",
                    "\"name\" is the subject's own name, not an alias kind");
    out->lang = get_code(&r, "lang", false);
    return r.ok;
}

bool dataset_parse_subject(struct dataset *ds, const json_t *obj, const char *path,
                           struct rd_subject *out, struct field_errors *errors)
{
    static const char *const keys[] = {"id",       "kind", "name",    "country",
                                       "parent",   "relation", "note", "aliases", NULL};
    struct reader r;
    if (!begin(&r, ds, obj, path, errors)) return false;
    memset(out, 0, sizeof *out);
    reject_unknown_keys(&r, keys);
    out->id = get_id(&r, "id", true);
    out->kind = (enum subject_kind)get_enum(&r, "kind", &SUBJECT_KINDS, true, 0);
    out->name = get_string(&r, "name", true, LEN_NAME, ONE_LINE);
    out->country = get_region(&r, "country", false, false);
    out->parent_id = get_id(&r, "parent", false);
    size_t errors_before = errors->count + errors->dropped;
    out->relation = (enum relation)get_enum(&r, "relation", &RELATIONS, false, RELATION_NONE);
    bool relation_reported = errors->count + errors->dropped != errors_before;
    out->note = get_string(&r, "note", false, LEN_PROSE, MULTI_LINE);
    /* A parent needs a relation; null or "" count as missing (a bad value is already reported). */
    if (out->parent_id && out->relation == RELATION_NONE && !relation_reported)
        reader_fail(&r, "relation", "required", "is required when parent is given");
    if (!out->parent_id && out->relation != RELATION_NONE)
        reader_fail(&r, "parent", "required", "is required when relation is given");
    if (out->parent_id && out->id && strcmp(out->parent_id, out->id) == 0)
        reader_fail(&r, "parent", "invalid_reference", "must not be the subject itself");
    const json_t *aliases = json_object_get(obj, "aliases");
    if (aliases && !json_is_array(aliases) && !json_is_null(aliases))
        reader_fail(&r, "aliases", "invalid_type", "must be an array of alias objects");
    return r.ok;
}

bool dataset_parse_ruling(struct dataset *ds, const json_t *obj, const char *path,
                          struct rd_ruling *out, struct field_errors *errors)
{
    // clang-format off
    static const char *const keys[] = {"id",       "subject",  "source",  "status",
                                       "measure",  "binds",    "effective_from",
                                       "effective_until", "extends_to_affiliates", "quote",
                                       "quote_verbatim", "note", NULL};
    // clang-format on
    static const char *const measure_keys[] = {"code", "text", NULL};
    struct reader r;
    if (!begin(&r, ds, obj, path, errors)) return false;
    memset(out, 0, sizeof *out);
    reject_unknown_keys(&r, keys);
    out->id = get_id(&r, "id", true);
    out->subject_id = get_id(&r, "subject", true);
    out->source_id = get_id(&r, "source", true);
    out->status = (enum ruling_status)get_enum(&r, "status", &STATUSES, true, 0);
    const json_t *measure = json_object_get(obj, "measure");
    if (!measure || !json_is_object(measure)) {
        reader_fail(&r, "measure", measure ? "invalid_type" : "required",
                    "must be an object {\"code\": ..., \"text\": ...}");
    } else {
        char mpath[160];
        field_path(&r, "measure", mpath, sizeof mpath);
        struct reader m = {ds, measure, mpath, errors, true};
        reject_unknown_keys(&m, measure_keys);
        out->measure_code = get_code(&m, "code", true);
        out->measure = get_string(&m, "text", true, LEN_MEASURE, MULTI_LINE);
        r.ok &= m.ok;
    }
    out->binds = get_code(&r, "binds", true);
    bool has_from = get_instant(&r, "effective_from", true, &out->effective_from);
    out->has_until = get_instant(&r, "effective_until", false, &out->effective_until);
    if (has_from && out->has_until && out->effective_until <= out->effective_from)
        reader_fail(&r, "effective_until", "invalid_range", "must be after effective_from");
    out->extends_to_affiliates = get_bool(&r, "extends_to_affiliates", false);
    out->quote = get_string(&r, "quote", true, LEN_PROSE, MULTI_LINE);
    out->quote_verbatim = get_bool(&r, "quote_verbatim", true);
    out->note = get_string(&r, "note", false, LEN_PROSE, MULTI_LINE);
    return r.ok;
}

bool dataset_parse_next(struct dataset *ds, enum record_kind k, const json_t *obj,
                        const char *path, struct field_errors *errors)
{
    bool ok;
    size_t *count;
    switch (k) {
    case RECORD_SOURCE:
        count = &ds->n_sources;
        ok = dataset_parse_source(ds, obj, path, &ds->sources[*count], errors);
        break;
    case RECORD_SUBJECT:
        count = &ds->n_subjects;
        ok = dataset_parse_subject(ds, obj, path, &ds->subjects[*count], errors);
        break;
    default:
        RD_ASSERT(k == RECORD_RULING);
        count = &ds->n_rulings;
        ok = dataset_parse_ruling(ds, obj, path, &ds->rulings[*count], errors);
        break;
    }
    if (ok) (*count)++;
    return ok;
}

static size_t array_size(const json_t *root, const char *key)
{
    const json_t *a = json_object_get(root, key);
    return json_is_array(a) ? json_array_size(a) : 0;
}

/* The top-level members: known keys, the format, the three arrays. */
static void check_envelope(const json_t *root, struct dataset *ds, struct field_errors *errors)
{
    static const char *const keys[] = {"format", "sources", "subjects", "rulings", NULL};
    struct reader top = {ds, root, "", errors, true};
    reject_unknown_keys(&top, keys);
    const char *format = json_string_value(json_object_get(root, "format"));
    if (json_object_get(root, "format") && (!format || strcmp(format, DATASET_FORMAT) != 0))
        field_errors_add(errors, "format", "unsupported_format", "must be \"%s\"",
                         DATASET_FORMAT);
    for (size_t i = 1; keys[i]; i++) {
        const json_t *a = json_object_get(root, keys[i]);
        if (a && !json_is_array(a))
            field_errors_add(errors, keys[i], "invalid_type", "must be an array");
    }
}

/* Makes room for every record the arrays hold, the subjects' aliases included. */
static bool reserve_all(const json_t *root, struct dataset *ds)
{
    size_t n_aliases = 0;
    const json_t *subjects = json_object_get(root, "subjects");
    for (size_t i = 0; i < array_size(root, "subjects"); i++)
        n_aliases += array_size(json_array_get(subjects, i), "aliases");
    return dataset_reserve(ds, array_size(root, "sources"), array_size(root, "subjects"),
                           n_aliases, array_size(root, "rulings"));
}

/* Room for a record's path, "rulings[3]", and an alias's, "subjects[3].aliases[0]". */
#define RECORD_PATH_MAX 96
#define ALIAS_PATH_MAX (RECORD_PATH_MAX + 32)

/* Each subject, then its aliases (which belong to it: they name it). */
static void parse_subjects(const json_t *subjects, struct dataset *ds,
                           struct field_errors *errors)
{
    const json_t *v;
    size_t i;
    json_array_foreach(subjects, i, v)
    {
        char path[RECORD_PATH_MAX];
        snprintf(path, sizeof path, "subjects[%zu]", i);
        struct rd_subject *s = &ds->subjects[ds->n_subjects];
        if (!dataset_parse_subject(ds, v, path, s, errors)) continue;
        ds->n_subjects++;
        const json_t *a;
        size_t j;
        json_array_foreach(json_object_get(v, "aliases"), j, a)
        {
            char apath[ALIAS_PATH_MAX];
            snprintf(apath, sizeof apath, "%s.aliases[%zu]", path, j);
            if (dataset_parse_alias(ds, a, apath, s->id, &ds->aliases[ds->n_aliases], errors))
                ds->n_aliases++;
        }
    }
}

/* Each record of the array `key` of `root`, as records of kind `k`. */
static void parse_array(const json_t *root, const char *key, enum record_kind k,
                        struct dataset *ds, struct field_errors *errors)
{
    const json_t *v;
    size_t i;
    json_array_foreach(json_object_get(root, key), i, v)
    {
        char path[RECORD_PATH_MAX];
        snprintf(path, sizeof path, "%s[%zu]", key, i);
        (void)dataset_parse_next(ds, k, v, path, errors);
    }
}

bool dataset_from_json(const json_t *root, struct dataset *ds, struct field_errors *errors)
{
    memset(ds, 0, sizeof *ds);
    size_t before = errors->count + errors->dropped;
    if (!json_is_object(root)) {
        field_errors_add(errors, "body", "invalid_type", "a data set must be a JSON object");
        return false;
    }
    check_envelope(root, ds, errors);
    if (!reserve_all(root, ds)) {
        field_errors_add(errors, "body", "internal", "out of memory");
        dataset_free(ds);
        return false;
    }
    parse_array(root, "sources", RECORD_SOURCE, ds, errors);
    parse_subjects(json_object_get(root, "subjects"), ds, errors);
    parse_array(root, "rulings", RECORD_RULING, ds, errors);
    if (errors->count + errors->dropped == before) (void)dataset_check_references(ds, errors);
    if (errors->count + errors->dropped != before) {
        dataset_free(ds);
        return false;
    }
    return true;
}
