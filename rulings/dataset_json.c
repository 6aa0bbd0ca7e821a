#include "rulings/subject_facts.h"
#include "rulings/dataset_json.h"

#include <stdlib.h>

#include "lib/strmap.h"
#include "rulings/ruling_terms.h"

static void member(struct jw *w, const char *key, const char *value)
{
    jw_key(w, key);
    jw_string(w, value); /* NULL writes null */
}

void dataset_json_source_members(struct jw *w, const struct rd_source *s)
{
    dataset_json_source_brief_members(w, s);
    member(w, "summary", s->summary);
}

void dataset_json_source_brief_members(struct jw *w, const struct rd_source *s)
{
    member(w, "id", s->id);
    member(w, "authority", s->authority);
    member(w, "jurisdiction", s->jurisdiction);
    member(w, "kind", enum_name(&SOURCE_KINDS, (int)s->kind));
    member(w, "title", s->title);
    member(w, "citation", s->citation);
    member(w, "document", s->document);
    member(w, "signed_on", s->signed_on);
    member(w, "published_on", s->published_on);
    member(w, "url", s->url);
}

void dataset_json_subject_members(struct jw *w, const struct rd_subject *s)
{
    member(w, "id", s->id);
    member(w, "kind", enum_name(&SUBJECT_KINDS, (int)s->kind));
    member(w, "name", s->name);
    member(w, "country", s->country);
    member(w, "parent", s->parent_id);
    member(w, "relation",
           s->relation == RELATION_NONE ? NULL : enum_name(&RELATIONS, (int)s->relation));
    member(w, "note", s->note);
    if (s->categories.n) ruling_terms_write_codes(w, "categories", &s->categories);
    if (s->identifiers.n) ruling_terms_write_codes(w, "identifiers", &s->identifiers);
    subject_facts_write(w, s);
}

void dataset_json_alias_members(struct jw *w, const struct rd_alias *a)
{
    member(w, "alias", a->alias);
    member(w, "kind", enum_name(&ALIAS_KINDS, (int)a->kind));
    member(w, "lang", a->lang);
}

void dataset_json_ruling_members(struct jw *w, const struct rd_ruling *r)
{
    member(w, "id", r->id);
    member(w, "subject", r->subject_id);
    member(w, "source", r->source_id);
    member(w, "status", enum_name(&STATUSES, (int)r->status));
    jw_key(w, "measure");
    jw_object_begin(w);
    member(w, "code", r->measure_code);
    member(w, "text", r->measure);
    jw_object_end(w);
    jw_key(w, "effective_from");
    jw_time(w, r->effective_from);
    jw_key(w, "effective_until");
    jw_time_or_null(w, r->has_until, r->effective_until);
    ruling_terms_write(w, r);
    member(w, "quote", r->quote);
    jw_key(w, "quote_verbatim");
    jw_bool(w, r->quote_verbatim);
    member(w, "note", r->note);
}

/* Aliases are flat in a data set and written under their subject, in their order: the
 * first alias of each subject, and after each alias the next of the same subject
 * (UINT32_MAX: none). */
struct alias_lists {
    uint32_t *first, *next;
};

static void alias_lists_free(struct alias_lists *l)
{
    free(l->first);
    free(l->next);
}

static bool alias_lists_build(const struct dataset *ds, struct alias_lists *l)
{
    struct strmap by_subject = {0};
    uint32_t *last = calloc(ds->n_subjects + 1, sizeof *last);
    l->first = calloc(ds->n_subjects + 1, sizeof *l->first);
    l->next = calloc(ds->n_aliases + 1, sizeof *l->next);
    bool ok = last && l->first && l->next && strmap_init(&by_subject, ds->n_subjects);
    for (size_t i = 0; ok && i < ds->n_subjects; i++) {
        (void)strmap_put(&by_subject, ds->subjects[i].id, (uint32_t)i, NULL);
        l->first[i] = last[i] = UINT32_MAX;
    }
    for (size_t i = 0; ok && i < ds->n_aliases; i++) {
        uint32_t s;
        l->next[i] = UINT32_MAX;
        if (!strmap_get(&by_subject, ds->aliases[i].subject_id, &s)) continue;
        if (l->first[s] == UINT32_MAX)
            l->first[s] = (uint32_t)i;
        else
            l->next[last[s]] = (uint32_t)i;
        last[s] = (uint32_t)i;
    }
    strmap_free(&by_subject);
    free(last);
    if (!ok) alias_lists_free(l);
    return ok;
}

/* The members of record `i` of one kind. */
typedef void record_members_fn(struct jw *w, const struct dataset *ds, size_t i,
                               const struct alias_lists *l);

static void source_at(struct jw *w, const struct dataset *ds, size_t i, const struct alias_lists *l)
{
    (void)l;
    dataset_json_source_members(w, &ds->sources[i]);
}

static void subject_at(struct jw *w, const struct dataset *ds, size_t i,
                       const struct alias_lists *l)
{
    dataset_json_subject_members(w, &ds->subjects[i]);
    jw_key(w, "aliases");
    jw_array_begin(w);
    for (uint32_t a = l->first[i]; a != UINT32_MAX; a = l->next[a]) {
        jw_object_begin(w);
        dataset_json_alias_members(w, &ds->aliases[a]);
        jw_object_end(w);
    }
    jw_array_end(w);
}

static void ruling_at(struct jw *w, const struct dataset *ds, size_t i, const struct alias_lists *l)
{
    (void)l;
    dataset_json_ruling_members(w, &ds->rulings[i]);
}

/* "key": [ {record 0}, {record 1} ... ] */
static void write_records(struct jw *w, const char *key, size_t n, record_members_fn *members,
                          const struct dataset *ds, const struct alias_lists *l)
{
    jw_key(w, key);
    jw_array_begin(w);
    for (size_t i = 0; i < n; i++) {
        jw_object_begin(w);
        members(w, ds, i, l);
        jw_object_end(w);
    }
    jw_array_end(w);
}

bool dataset_json_write(struct jw *w, const struct dataset *ds)
{
    struct alias_lists l;
    if (!alias_lists_build(ds, &l)) return false;
    jw_object_begin(w);
    member(w, "format", DATASET_FORMAT);
    write_records(w, "sources", ds->n_sources, source_at, ds, &l);
    write_records(w, "subjects", ds->n_subjects, subject_at, ds, &l);
    write_records(w, "rulings", ds->n_rulings, ruling_at, ds, &l);
    jw_object_end(w);
    alias_lists_free(&l);
    return !w->sb->failed;
}
