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
    member(w, "summary", s->summary);
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
    if (r->has_until)
        jw_time(w, r->effective_until);
    else
        jw_null(w);
    ruling_terms_write(w, r);
    member(w, "quote", r->quote);
    jw_key(w, "quote_verbatim");
    jw_bool(w, r->quote_verbatim);
    member(w, "note", r->note);
}

bool dataset_json_write(struct jw *w, const struct dataset *ds)
{
    /* Aliases are flat in `ds`; written under their subject, in their order. */
    struct strmap by_subject = {0};
    uint32_t *next = calloc(ds->n_aliases + 1, sizeof *next);
    uint32_t *first = calloc(ds->n_subjects + 1, sizeof *first);
    uint32_t *last = calloc(ds->n_subjects + 1, sizeof *last);
    bool ok = next && first && last && strmap_init(&by_subject, ds->n_subjects);
    for (size_t i = 0; ok && i < ds->n_subjects; i++) {
        (void)strmap_put(&by_subject, ds->subjects[i].id, (uint32_t)i, NULL);
        first[i] = last[i] = UINT32_MAX;
    }
    for (size_t i = 0; ok && i < ds->n_aliases; i++) {
        uint32_t s;
        next[i] = UINT32_MAX;
        if (!strmap_get(&by_subject, ds->aliases[i].subject_id, &s)) continue;
        if (first[s] == UINT32_MAX)
            first[s] = (uint32_t)i;
        else
            next[last[s]] = (uint32_t)i;
        last[s] = (uint32_t)i;
    }
    if (ok) {
        jw_object_begin(w);
        member(w, "format", DATASET_FORMAT);
        jw_key(w, "sources");
        jw_array_begin(w);
        for (size_t i = 0; i < ds->n_sources; i++) {
            jw_object_begin(w);
            dataset_json_source_members(w, &ds->sources[i]);
            jw_object_end(w);
        }
        jw_array_end(w);
        jw_key(w, "subjects");
        jw_array_begin(w);
        for (size_t i = 0; i < ds->n_subjects; i++) {
            jw_object_begin(w);
            dataset_json_subject_members(w, &ds->subjects[i]);
            jw_key(w, "aliases");
            jw_array_begin(w);
            for (uint32_t a = first[i]; a != UINT32_MAX; a = next[a]) {
                jw_object_begin(w);
                dataset_json_alias_members(w, &ds->aliases[a]);
                jw_object_end(w);
            }
            jw_array_end(w);
            jw_object_end(w);
        }
        jw_array_end(w);
        jw_key(w, "rulings");
        jw_array_begin(w);
        for (size_t i = 0; i < ds->n_rulings; i++) {
            jw_object_begin(w);
            dataset_json_ruling_members(w, &ds->rulings[i]);
            jw_object_end(w);
        }
        jw_array_end(w);
        jw_object_end(w);
        ok = !w->sb->failed;
    }
    strmap_free(&by_subject);
    free(next);
    free(first);
    free(last);
    return ok;
}
