/* A data set: its arrays, and loading one from a file (deploy/rulings.json). */
#include "rulings/dataset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strmap.h"
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

void dataset_free(struct dataset *ds)
{
    arena_free(&ds->arena);
    memset(ds, 0, sizeof *ds);
}

bool dataset_valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 100) return false;
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
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
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
