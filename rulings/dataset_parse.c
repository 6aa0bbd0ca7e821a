/* Reading a data set from JSON, and one record of each kind, collecting every problem
 * with its field. */
#include "rulings/dataset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/check.h"
#include "lib/strmap.h"
#include "lib/timeutil.h"
#include "rulings/identifier.h"
#include "rulings/subject_facts.h"
#include "rulings/json_reader.h"
#include "rulings/ruling_terms.h"

bool dataset_parse_source(struct dataset *ds, const json_t *obj, const char *path,
                          struct rd_source *out, struct field_errors *errors)
{
    static const char *const keys[] = {"id",           "authority", "jurisdiction", "kind",
                                       "title",        "citation",  "document",     "signed_on",
                                       "published_on", "url",       "summary",      NULL};
    struct json_reader r;
    if (!jr_begin(&r, ds, obj, path, errors)) return false;
    memset(out, 0, sizeof *out);
    jr_reject_unknown(&r, keys);
    out->id = jr_id(&r, "id", true);
    out->authority = jr_string(&r, "authority", true, LEN_NAME, ONE_LINE);
    out->jurisdiction = jr_region(&r, "jurisdiction", true, true);
    out->kind = (enum source_kind)jr_enum(&r, "kind", &SOURCE_KINDS, true, 0);
    out->title = jr_string(&r, "title", true, LEN_TITLE, ONE_LINE);
    out->citation = jr_string(&r, "citation", true, LEN_NAME, ONE_LINE);
    out->document = jr_string(&r, "document", false, LEN_NAME, ONE_LINE);
    out->signed_on = jr_date(&r, "signed_on");
    out->published_on = jr_date(&r, "published_on");
    out->url = jr_string(&r, "url", false, LEN_URL, ONE_LINE);
    if (out->url && strncmp(out->url, "https://", 8) != 0 && strncmp(out->url, "http://", 7) != 0)
        jr_fail(&r, "url", "invalid_url", "must be an http:// or https:// address");
    out->summary = jr_string(&r, "summary", false, LEN_PROSE, MULTI_LINE);
    return r.ok;
}

bool dataset_parse_alias(struct dataset *ds, const json_t *obj, const char *path,
                         const char *subject_id, struct rd_alias *out, struct field_errors *errors)
{
    static const char *const keys[] = {"alias", "kind", "lang", NULL};
    struct json_reader r;
    if (!jr_begin(&r, ds, obj, path, errors)) return false;
    memset(out, 0, sizeof *out);
    jr_reject_unknown(&r, keys);
    out->subject_id = (char *)subject_id;
    out->alias = jr_string(&r, "alias", true, LEN_NAME, ONE_LINE);
    out->kind = (enum alias_kind)jr_enum(&r, "kind", &ALIAS_KINDS, true, ALIAS_LEGAL);
    if (out->kind == ALIAS_NAME)
        jr_fail(&r, "kind", "invalid_value",
                "\"name\" is the subject's own name, not an alias kind");
    out->lang = jr_code(&r, "lang", false);
    return r.ok;
}

bool dataset_parse_subject(struct dataset *ds, const json_t *obj, const char *path,
                           struct rd_subject *out, struct field_errors *errors)
{
    static const char *const keys[] = {
        "id",      "kind",       "name",        "country", "parent",        "relation",  "note",
        "aliases", "categories", "identifiers", "born",    "nationalities", "addresses", NULL};
    struct json_reader r;
    if (!jr_begin(&r, ds, obj, path, errors)) return false;
    memset(out, 0, sizeof *out);
    jr_reject_unknown(&r, keys);
    out->id = jr_id(&r, "id", true);
    out->kind = (enum subject_kind)jr_enum(&r, "kind", &SUBJECT_KINDS, true, 0);
    out->name = jr_string(&r, "name", true, LEN_NAME, ONE_LINE);
    out->country = jr_region(&r, "country", false, false);
    out->parent_id = jr_id(&r, "parent", false);
    size_t errors_before = errors->count + errors->dropped;
    out->relation = (enum relation)jr_enum(&r, "relation", &RELATIONS, false, RELATION_NONE);
    bool relation_reported = errors->count + errors->dropped != errors_before;
    out->note = jr_string(&r, "note", false, LEN_PROSE, MULTI_LINE);
    /* A parent needs a relation; null or "" count as missing (a bad value is already reported). */
    if (out->parent_id && out->relation == RELATION_NONE && !relation_reported)
        jr_fail(&r, "relation", "required", "is required when parent is given");
    if (!out->parent_id && out->relation != RELATION_NONE)
        jr_fail(&r, "parent", "required", "is required when relation is given");
    if (out->parent_id && out->id && strcmp(out->parent_id, out->id) == 0)
        jr_fail(&r, "parent", "invalid_reference", "must not be the subject itself");
    subject_categories_parse(&r, out);
    subject_identifiers_parse(&r, &out->identifiers);
    subject_facts_parse(&r, out);
    const json_t *aliases = json_object_get(obj, "aliases");
    if (aliases && !json_is_array(aliases) && !json_is_null(aliases))
        jr_fail(&r, "aliases", "invalid_type", "must be an array of alias objects");
    return r.ok;
}

bool dataset_parse_ruling(struct dataset *ds, const json_t *obj, const char *path,
                          struct rd_ruling *out, struct field_errors *errors)
{
    static const char *const keys[] = {"id",
                                       "subject",
                                       "source",
                                       "status",
                                       "measure",
                                       "binds",
                                       "affects",
                                       "effective_from",
                                       "effective_until",
                                       "reach",
                                       "extends_to_affiliates",
                                       "condition",
                                       "exempts",
                                       "suspensions",
                                       "certainty",
                                       "quote",
                                       "quote_verbatim",
                                       "quote_source",
                                       "note",
                                       NULL};
    static const char *const measure_keys[] = {"code", "text", NULL};
    struct json_reader r;
    if (!jr_begin(&r, ds, obj, path, errors)) return false;
    memset(out, 0, sizeof *out);
    jr_reject_unknown(&r, keys);
    out->id = jr_id(&r, "id", true);
    out->subject_id = jr_id(&r, "subject", true);
    out->source_id = jr_id(&r, "source", true);
    out->status = (enum ruling_status)jr_enum(&r, "status", &STATUSES, true, 0);
    const json_t *measure = json_object_get(obj, "measure");
    if (!measure || !json_is_object(measure)) {
        jr_fail(&r, "measure", measure ? "invalid_type" : "required",
                "must be an object {\"code\": ..., \"text\": ...}");
    } else {
        char mpath[160];
        struct json_reader m;
        jr_nested(&r, "measure", measure, mpath, sizeof mpath, &m);
        jr_reject_unknown(&m, measure_keys);
        out->measure_code = jr_code(&m, "code", true);
        out->measure = jr_string(&m, "text", true, LEN_MEASURE, MULTI_LINE);
        r.ok &= m.ok;
    }
    bool has_from = jr_instant(&r, "effective_from", true, &out->effective_from);
    out->has_until = jr_instant(&r, "effective_until", false, &out->effective_until);
    if (has_from && out->has_until && out->effective_until <= out->effective_from)
        jr_fail(&r, "effective_until", "invalid_range", "must be after effective_from");
    ruling_terms_parse(&r, out);
    /* absent where nobody captured the source's words (a list entry, an unrecorded letter) */
    out->quote = jr_string(&r, "quote", false, LEN_PROSE, MULTI_LINE);
    out->quote_verbatim = jr_bool(&r, "quote_verbatim", true);
    out->note = jr_string(&r, "note", false, LEN_PROSE, MULTI_LINE);
    return r.ok;
}

bool dataset_parse_next(struct dataset *ds, enum record_kind k, const json_t *obj, const char *path,
                        struct field_errors *errors)
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
    struct json_reader top = {ds, root, "", errors, true};
    jr_reject_unknown(&top, keys);
    const char *format = json_string_value(json_object_get(root, "format"));
    if (json_object_get(root, "format") &&
        (!format || (strcmp(format, DATASET_FORMAT) != 0 && strcmp(format, DATASET_FORMAT_1) != 0)))
        field_errors_add(errors, "format", "unsupported_format", "must be \"%s\" (or \"%s\")",
                         DATASET_FORMAT, DATASET_FORMAT_1);
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
    return dataset_reserve(ds, array_size(root, "sources"), array_size(root, "subjects"), n_aliases,
                           array_size(root, "rulings"));
}

/* Room for a record's path, "rulings[3]", and an alias's, "subjects[3].aliases[0]". */
#define RECORD_PATH_MAX 96
#define ALIAS_PATH_MAX (RECORD_PATH_MAX + 32)

/* Each subject, then its aliases (which belong to it: they name it). */
static void parse_subjects(const json_t *subjects, struct dataset *ds, struct field_errors *errors)
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
static void parse_array(const json_t *root, const char *key, enum record_kind k, struct dataset *ds,
                        struct field_errors *errors)
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
