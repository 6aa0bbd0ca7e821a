/* The invariants that span records: unique ids, references that resolve. */
#include "rulings/dataset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strmap.h"
#include "lib/timeutil.h"

static void ref_error(struct field_errors *errors, const char *field, const char *code,
                      const char *what, const char *id)
{
    field_errors_add(errors, field, code, "%s \"%s\"", what, id);
}

/* What a ruling's terms name: the rulings an exemption carves out of, the source of its
 * quote. */
static void check_terms(const struct dataset *ds, const struct strmap *sources,
                        const struct strmap *rulings, struct field_errors *errors)
{
    char field[160];
    uint32_t at;
    for (size_t i = 0; i < ds->n_rulings; i++) {
        const struct rd_ruling *r = &ds->rulings[i];
        for (uint32_t k = 0; k < r->exempts.n; k++) {
            snprintf(field, sizeof field, "rulings[%zu].exempts[%u]", i, k);
            if (!strmap_get(rulings, r->exempts.items[k], &at))
                ref_error(errors, field, "unknown_reference", "no ruling has the id",
                          r->exempts.items[k]);
            else if (at == i)
                ref_error(errors, field, "invalid_reference", "an exemption cannot carve out of itself",
                          r->id);
        }
        snprintf(field, sizeof field, "rulings[%zu].quote_source", i);
        if (r->quote_source && !strmap_get(sources, r->quote_source, &at))
            ref_error(errors, field, "unknown_reference", "no source has the id", r->quote_source);
    }
}

bool dataset_check_references(const struct dataset *ds, struct field_errors *errors)
{
    size_t before = errors->count + errors->dropped;
    struct strmap sources = {0}, subjects = {0}, rulings = {0}; /* freeable if init fails */
    if (!strmap_init(&sources, ds->n_sources) || !strmap_init(&subjects, ds->n_subjects) ||
        !strmap_init(&rulings, ds->n_rulings)) {
        field_errors_add(errors, "body", "internal", "out of memory");
        strmap_free(&sources);
        strmap_free(&subjects);
        return false;
    }
    char field[160];
    for (size_t i = 0; i < ds->n_sources; i++) {
        snprintf(field, sizeof field, "sources[%zu].id", i);
        if (strmap_put(&sources, ds->sources[i].id, (uint32_t)i, NULL))
            ref_error(errors, field, "duplicate", "duplicate source id", ds->sources[i].id);
    }
    for (size_t i = 0; i < ds->n_subjects; i++) {
        snprintf(field, sizeof field, "subjects[%zu].id", i);
        if (strmap_put(&subjects, ds->subjects[i].id, (uint32_t)i, NULL))
            ref_error(errors, field, "duplicate", "duplicate subject id", ds->subjects[i].id);
    }
    uint32_t at;
    for (size_t i = 0; i < ds->n_subjects; i++) {
        const struct rd_subject *s = &ds->subjects[i];
        if (!s->parent_id) continue;
        snprintf(field, sizeof field, "subjects[%zu].parent", i);
        if (!strmap_get(&subjects, s->parent_id, &at)) {
            ref_error(errors, field, "unknown_reference", "no subject has the id", s->parent_id);
            continue;
        }
        /* Follow the parent chain: more steps than subjects means a cycle. */
        const struct rd_subject *p = s;
        size_t steps = 0;
        while (p->parent_id && strmap_get(&subjects, p->parent_id, &at) &&
               steps <= ds->n_subjects) {
            p = &ds->subjects[at];
            steps++;
        }
        if (steps > ds->n_subjects)
            ref_error(errors, field, "cycle", "the parents form a cycle through", s->id);
    }
    struct strmap alias_keys;
    char *keybuf = NULL;
    if (strmap_init(&alias_keys, ds->n_aliases)) {
        /* Each alias is unique per subject: key "subject\talias". */
        size_t total = 0;
        for (size_t i = 0; i < ds->n_aliases; i++)
            total += strlen(ds->aliases[i].subject_id) + strlen(ds->aliases[i].alias) + 2;
        keybuf = malloc(total + 1);
        char *k = keybuf;
        for (size_t i = 0; keybuf && i < ds->n_aliases; i++) {
            const struct rd_alias *a = &ds->aliases[i];
            int n = sprintf(k, "%s\t%s", a->subject_id, a->alias);
            if (!strmap_get(&subjects, a->subject_id, &at)) {
                snprintf(field, sizeof field, "aliases[%zu].subject", i);
                ref_error(errors, field, "unknown_reference", "no subject has the id",
                          a->subject_id);
            } else if (strmap_put(&alias_keys, k, (uint32_t)i, NULL)) {
                snprintf(field, sizeof field, "subject \"%s\" alias", a->subject_id);
                ref_error(errors, field, "duplicate", "duplicate alias", a->alias);
            }
            k += n + 1;
        }
        strmap_free(&alias_keys);
    }
    free(keybuf);
    for (size_t i = 0; i < ds->n_rulings; i++) {
        const struct rd_ruling *r = &ds->rulings[i];
        snprintf(field, sizeof field, "rulings[%zu].id", i);
        if (strmap_put(&rulings, r->id, (uint32_t)i, NULL))
            ref_error(errors, field, "duplicate", "duplicate ruling id", r->id);
        snprintf(field, sizeof field, "rulings[%zu].subject", i);
        if (!strmap_get(&subjects, r->subject_id, &at))
            ref_error(errors, field, "unknown_reference", "no subject has the id", r->subject_id);
        snprintf(field, sizeof field, "rulings[%zu].source", i);
        if (!strmap_get(&sources, r->source_id, &at))
            ref_error(errors, field, "unknown_reference", "no source has the id", r->source_id);
    }
    check_terms(ds, &sources, &rulings, errors);
    strmap_free(&sources);
    strmap_free(&subjects);
    strmap_free(&rulings);
    return errors->count + errors->dropped == before;
}
