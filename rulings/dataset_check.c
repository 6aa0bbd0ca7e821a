/* The invariants that span records: unique ids, references that resolve, parents that
 * neither go round in a circle nor go deeper than evaluation follows. */
#include "rulings/dataset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strmap.h"

/* The ids of each kind of record, for the checks below. */
struct ids {
    struct strmap sources, subjects, rulings;
};

static void ref_error(struct field_errors *errors, const char *field, const char *code,
                      const char *what, const char *id)
{
    field_errors_add(errors, field, code, "%s \"%s\"", what, id);
}

/* Adds `id`, record `i` of `list` ("sources"), to `map`; a repeat is an error. */
static void put_unique(struct strmap *map, const char *list, size_t i, const char *id,
                       const char *what, struct field_errors *errors)
{
    char field[FIELD_ERROR_FIELD_MAX];
    snprintf(field, sizeof field, "%s[%zu].id", list, i);
    if (strmap_put(map, id, (uint32_t)i, NULL)) ref_error(errors, field, "duplicate", what, id);
}

/* Field `key` of record `i` of `list` names `id`, which must be in `map`. */
static bool check_known(const struct strmap *map, const char *list, size_t i, const char *key,
                        const char *id, const char *what, struct field_errors *errors)
{
    uint32_t at;
    if (strmap_get(map, id, &at)) return true;
    char field[FIELD_ERROR_FIELD_MAX];
    snprintf(field, sizeof field, "%s[%zu].%s", list, i, key);
    ref_error(errors, field, "unknown_reference", what, id);
    return false;
}

/* Parents exist, and following them never comes back round. */
static void check_parents(const struct dataset *ds, const struct ids *ids,
                          struct field_errors *errors)
{
    for (size_t i = 0; i < ds->n_subjects; i++) {
        const struct rd_subject *s = &ds->subjects[i];
        if (!s->parent_id || !check_known(&ids->subjects, "subjects", i, "parent", s->parent_id,
                                          "no subject has the id", errors))
            continue;
        /* Follow the parent chain: more steps than subjects means a cycle. */
        const struct rd_subject *p = s;
        size_t steps = 0;
        uint32_t at;
        while (p->parent_id && strmap_get(&ids->subjects, p->parent_id, &at) &&
               steps <= ds->n_subjects) {
            p = &ds->subjects[at];
            steps++;
        }
        if (steps > ds->n_subjects) {
            char field[FIELD_ERROR_FIELD_MAX];
            snprintf(field, sizeof field, "subjects[%zu].parent", i);
            ref_error(errors, field, "cycle", "the parents form a cycle through", s->id);
        }
    }
}

/* Does a link of relation `rel` continue a chain of the group (subsidiary_of), or of the
 * walk (product_of, incorporates, successor_of)? rulings/model.h */
static bool in_chain(enum relation rel, bool group)
{
    if (group) return rel == RELATION_SUBSIDIARY_OF;
    return rel == RELATION_PRODUCT_OF || rel == RELATION_INCORPORATES ||
           rel == RELATION_SUCCESSOR_OF;
}

/* The links of one chain in a row above `s`, counted up to `cap`; *top is where they end. */
static size_t chain_length(const struct dataset *ds, const struct ids *ids,
                           const struct rd_subject *s, bool group, size_t cap,
                           const struct rd_subject **top)
{
    size_t n = 0;
    uint32_t at;
    while (n < cap && s->parent_id && in_chain(s->relation, group) &&
           strmap_get(&ids->subjects, s->parent_id, &at)) {
        s = &ds->subjects[at];
        n++;
    }
    *top = s;
    return n;
}

/* No subject lies deeper than evaluation follows (rulings/model.h). Named once per chain:
 * the first subject past the bound (those below it are past it too). */
static void check_depths(const struct dataset *ds, const struct ids *ids,
                         struct field_errors *errors)
{
    for (size_t i = 0; i < ds->n_subjects; i++) {
        const struct rd_subject *s = &ds->subjects[i], *top;
        if (!s->parent_id || s->relation == RELATION_NONE) continue;
        bool group = s->relation == RELATION_SUBSIDIARY_OF;
        size_t bound = group ? RELATION_MAX_GROUP_DEPTH : RELATION_MAX_CHAIN;
        if (chain_length(ds, ids, s, group, bound + 2, &top) != bound + 1) continue;
        char field[FIELD_ERROR_FIELD_MAX];
        snprintf(field, sizeof field, "subjects[%zu].parent", i);
        field_errors_add(errors, field, "too_deep",
                         "subject \"%s\" is %zu %s links below \"%s\": at most %zu are followed",
                         s->id, bound + 1,
                         group ? "subsidiary_of" : "product_of/incorporates/successor_of", top->id,
                         bound);
    }
}

/* Each alias names a subject, and is unique for it (key "subject\talias"). False when
 * out of memory. */
static bool check_aliases(const struct dataset *ds, const struct ids *ids,
                          struct field_errors *errors)
{
    size_t total = 0;
    for (size_t i = 0; i < ds->n_aliases; i++)
        total += strlen(ds->aliases[i].subject_id) + strlen(ds->aliases[i].alias) + 2;
    struct strmap keys = {0};
    char *keybuf = malloc(total + 1);
    bool ok = keybuf && strmap_init(&keys, ds->n_aliases);
    char *k = keybuf;
    for (size_t i = 0; ok && i < ds->n_aliases; i++) {
        const struct rd_alias *a = &ds->aliases[i];
        int n = sprintf(k, "%s\t%s", a->subject_id, a->alias);
        if (check_known(&ids->subjects, "aliases", i, "subject", a->subject_id,
                        "no subject has the id", errors) &&
            strmap_put(&keys, k, (uint32_t)i, NULL)) {
            char field[FIELD_ERROR_FIELD_MAX];
            snprintf(field, sizeof field, "subject \"%s\" alias", a->subject_id);
            ref_error(errors, field, "duplicate", "duplicate alias", a->alias);
        }
        k += n + 1;
    }
    strmap_free(&keys);
    free(keybuf);
    return ok;
}

static void check_rulings(const struct dataset *ds, struct ids *ids, struct field_errors *errors)
{
    for (size_t i = 0; i < ds->n_rulings; i++) {
        const struct rd_ruling *r = &ds->rulings[i];
        put_unique(&ids->rulings, "rulings", i, r->id, "duplicate ruling id", errors);
        (void)check_known(&ids->subjects, "rulings", i, "subject", r->subject_id,
                          "no subject has the id", errors);
        (void)check_known(&ids->sources, "rulings", i, "source", r->source_id,
                          "no source has the id", errors);
    }
}

/* What a ruling's terms name: the rulings an exemption carves out of, the source of its
 * quote. After check_rulings: every ruling id is known by then. */
static void check_terms(const struct dataset *ds, const struct ids *ids,
                        struct field_errors *errors)
{
    char field[FIELD_ERROR_FIELD_MAX];
    uint32_t at;
    for (size_t i = 0; i < ds->n_rulings; i++) {
        const struct rd_ruling *r = &ds->rulings[i];
        for (uint32_t k = 0; k < r->exempts.n; k++) {
            snprintf(field, sizeof field, "rulings[%zu].exempts[%u]", i, k);
            if (!strmap_get(&ids->rulings, r->exempts.items[k], &at))
                ref_error(errors, field, "unknown_reference", "no ruling has the id",
                          r->exempts.items[k]);
            else if (at == i)
                ref_error(errors, field, "invalid_reference",
                          "an exemption cannot carve out of itself", r->id);
        }
        snprintf(field, sizeof field, "rulings[%zu].quote_source", i);
        if (r->quote_source && !strmap_get(&ids->sources, r->quote_source, &at))
            ref_error(errors, field, "unknown_reference", "no source has the id", r->quote_source);
    }
}

bool dataset_check_references(const struct dataset *ds, struct field_errors *errors)
{
    size_t before = errors->count + errors->dropped;
    struct ids ids = {0}; /* freeable if an init fails */
    bool ok = strmap_init(&ids.sources, ds->n_sources) &&
              strmap_init(&ids.subjects, ds->n_subjects) &&
              strmap_init(&ids.rulings, ds->n_rulings);
    if (ok) {
        for (size_t i = 0; i < ds->n_sources; i++)
            put_unique(&ids.sources, "sources", i, ds->sources[i].id, "duplicate source id",
                       errors);
        for (size_t i = 0; i < ds->n_subjects; i++)
            put_unique(&ids.subjects, "subjects", i, ds->subjects[i].id, "duplicate subject id",
                       errors);
        check_parents(ds, &ids, errors);
        check_depths(ds, &ids, errors);
        ok = check_aliases(ds, &ids, errors);
        if (ok) {
            check_rulings(ds, &ids, errors);
            check_terms(ds, &ids, errors);
        }
    }
    if (!ok) field_errors_add(errors, "body", "internal", "out of memory");
    strmap_free(&ids.sources);
    strmap_free(&ids.subjects);
    strmap_free(&ids.rulings);
    return errors->count + errors->dropped == before;
}
