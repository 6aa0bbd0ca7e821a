/* A data set: its arrays, and loading one from a file (deploy/rulings.json). */
#include "rulings/dataset.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/check.h"
#include "lib/strmap.h"
#include "rulings/json_reader.h"
#include "lib/timeutil.h"

bool dataset_reserve(struct dataset *ds, size_t sources, size_t subjects, size_t aliases,
                     size_t rulings)
{
    ds->sources = arena_alloc(&ds->arena, (sources + 1) * sizeof *ds->sources);
    ds->subjects = arena_alloc(&ds->arena, (subjects + 1) * sizeof *ds->subjects);
    ds->aliases = arena_alloc(&ds->arena, (aliases + 1) * sizeof *ds->aliases);
    ds->rulings = arena_alloc(&ds->arena, (rulings + 1) * sizeof *ds->rulings);
    ds->n_sources = ds->n_subjects = ds->n_aliases = ds->n_rulings = 0;
    return ds->sources && ds->subjects && ds->aliases && ds->rulings;
}

/* n records of `size` bytes and one more (zeroed), or NULL also when the size overflows. */
static void *records_alloc(struct dataset *ds, size_t n, size_t size)
{
    return n < SIZE_MAX / size - 1 ? arena_alloc(&ds->arena, (n + 1) * size) : NULL;
}

bool dataset_reserve_kind(struct dataset *ds, enum record_kind k, size_t n)
{
    RD_ASSERT((unsigned)k < RECORD_KIND_COUNT);
    size_t *counts[RECORD_KIND_COUNT] = {&ds->n_sources, &ds->n_subjects, &ds->n_aliases,
                                         &ds->n_rulings};
    *counts[k] = 0;
#define RESERVE(array) (((array) = records_alloc(ds, n, sizeof *(array))) != NULL)
    switch (k) {
    case RECORD_SOURCE:
        return RESERVE(ds->sources);
    case RECORD_SUBJECT:
        return RESERVE(ds->subjects);
    case RECORD_ALIAS:
        return RESERVE(ds->aliases);
    default:
        return RESERVE(ds->rulings);
    }
#undef RESERVE
}

size_t dataset_count(const struct dataset *ds, enum record_kind k)
{
    RD_ASSERT((unsigned)k < RECORD_KIND_COUNT);
    const size_t counts[RECORD_KIND_COUNT] = {ds->n_sources, ds->n_subjects, ds->n_aliases,
                                              ds->n_rulings};
    return counts[k];
}

size_t dataset_record_size(enum record_kind k)
{
    RD_ASSERT((unsigned)k < RECORD_KIND_COUNT);
    static const size_t sizes[RECORD_KIND_COUNT] = {
        sizeof(struct rd_source), sizeof(struct rd_subject), sizeof(struct rd_alias),
        sizeof(struct rd_ruling)};
    return sizes[k];
}

void *dataset_records(const struct dataset *ds, enum record_kind k)
{
    switch (k) {
    case RECORD_SOURCE:
        return ds->sources;
    case RECORD_SUBJECT:
        return ds->subjects;
    case RECORD_ALIAS:
        return ds->aliases;
    default:
        RD_ASSERT(k == RECORD_RULING);
        return ds->rulings;
    }
}

void dataset_use_records(struct dataset *ds, enum record_kind k, void *records, size_t n)
{
    switch (k) {
    case RECORD_SOURCE:
        ds->sources = records, ds->n_sources = n;
        break;
    case RECORD_SUBJECT:
        ds->subjects = records, ds->n_subjects = n;
        break;
    case RECORD_ALIAS:
        ds->aliases = records, ds->n_aliases = n;
        break;
    default:
        RD_ASSERT(k == RECORD_RULING);
        ds->rulings = records, ds->n_rulings = n;
    }
}

const char *dataset_record_id(const struct dataset *ds, enum record_kind k, size_t i)
{
    RD_ASSERT(i < dataset_count(ds, k));
    switch (k) {
    case RECORD_SOURCE:
        return ds->sources[i].id;
    case RECORD_SUBJECT:
        return ds->subjects[i].id;
    case RECORD_RULING:
        return ds->rulings[i].id;
    default:
        return NULL;
    }
}

void dataset_free(struct dataset *ds)
{
    arena_free(&ds->arena);
    memset(ds, 0, sizeof *ds);
}

bool dataset_valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > DATASET_ID_MAX) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  (i > 0 && (c == '-' || c == '.' || c == '_'));
        if (!ok) return false;
    }
    return true;
}

bool dataset_load_file(const char *path, struct dataset *ds, struct field_errors *errors)
{
    json_error_t jerr;
    json_t *root = jr_load_file(path, &jerr);
    if (!root) {
        char where[64];
        snprintf(where, sizeof where, "line %d, column %d", jerr.line, jerr.column);
        field_errors_add(errors, jerr.line > 0 ? where : "file", "invalid_json", "%s: %s", path,
                         jerr.text);
        memset(ds, 0, sizeof *ds);
        return false;
    }
    bool ok = dataset_from_json(root, ds, errors);
    json_decref(root);
    return ok;
}
