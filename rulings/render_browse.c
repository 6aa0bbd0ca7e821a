#include "rulings/render_browse.h"

#include <math.h>
#include <string.h>

#include "rulings/dataset_json.h"
#include "match/match.h"
#include "rulings/render.h"

/* A related subject: id, name, kind, and for a child its relation to the parent. */
static void subject_ref(struct jw *w, const struct snapshot *s, uint32_t i, bool child)
{
    const struct rd_subject *r = s->subjects[i].rec;
    jw_object_begin(w);
    JW_MEMBER_STRING(w, "id", r->id);
    JW_MEMBER_STRING(w, "name", r->name);
    JW_MEMBER_STRING(w, "kind", enum_name(&SUBJECT_KINDS, (int)r->kind));
    if (child) {
        JW_MEMBER_STRING(w, "relation", enum_name(&RELATIONS, (int)r->relation));
    }
    jw_object_end(w);
}

/* The fields a list item and the full record share. */
static void subject_fields(struct jw *w, const struct snapshot *s, uint32_t i)
{
    const struct snap_subject *sub = &s->subjects[i];
    const struct rd_subject *r = sub->rec;
    JW_MEMBER_STRING(w, "id", r->id);
    JW_MEMBER_STRING(w, "kind", enum_name(&SUBJECT_KINDS, (int)r->kind));
    JW_MEMBER_STRING(w, "name", r->name);
    JW_MEMBER_STRING(w, "country", r->country);
    JW_MEMBER_STRING(w, "relation",
                     sub->parent != SNAP_NONE ? enum_name(&RELATIONS, (int)r->relation) : NULL);
}

static void parent_id(struct jw *w, const struct snapshot *s, const struct snap_subject *sub)
{
    JW_MEMBER_STRING(w, "parent",
                     sub->parent != SNAP_NONE ? s->subjects[sub->parent].rec->id : NULL);
}

void render_subject_item(struct jw *w, const struct snapshot *s, const struct browse_item *it,
                         bool searched)
{
    const struct snap_subject *sub = &s->subjects[it->index];
    jw_object_begin(w);
    subject_fields(w, s, it->index);
    parent_id(w, s, sub);
    JW_MEMBER_INT(w, "ruling_count", sub->n_rulings);
    jw_key(w, "match");
    if (!searched || it->alias == SNAP_NONE) {
        jw_null(w);
    } else {
        /* A find by words has no score. */
        bool words = it->method == BROWSE_CONTAINS;
        jw_object_begin(w);
        render_match_how(w, s, it->alias, words ? NAN : it->rank,
                         words ? "contains" : enum_name(&MATCH_METHODS, it->method));
        jw_object_end(w);
    }
    jw_object_end(w);
}

void render_subject_detail(struct jw *w, const struct snapshot *s, uint32_t i)
{
    const struct snap_subject *sub = &s->subjects[i];
    jw_object_begin(w);
    subject_fields(w, s, i);
    JW_MEMBER_STRING(w, "note", sub->rec->note);
    JW_MEMBER_INT(w, "version", sub->rec->version);
    jw_key(w, "parent");
    if (sub->parent != SNAP_NONE)
        subject_ref(w, s, sub->parent, false);
    else
        jw_null(w);
    jw_key(w, "children");
    jw_array_begin(w);
    for (uint32_t c = sub->first_child; c != SNAP_NONE; c = s->subjects[c].next_sibling)
        subject_ref(w, s, c, true);
    jw_array_end(w);
    jw_key(w, "aliases");
    jw_array_begin(w);
    for (uint32_t k = 0; k < sub->n_aliases; k++) {
        const struct snap_alias *a = &s->aliases[sub->aliases[k]];
        if (!a->rec) continue; /* the subject's own name */
        jw_object_begin(w);
        JW_MEMBER_STRING(w, "alias", a->text);
        JW_MEMBER_STRING(w, "kind", enum_name(&ALIAS_KINDS, (int)a->kind));
        JW_MEMBER_STRING(w, "lang", a->rec->lang);
        JW_MEMBER_STRING(w, "normalized", s->names[sub->aliases[k]].norm);
        jw_object_end(w);
    }
    jw_array_end(w);
    jw_key(w, "rulings");
    jw_array_begin(w);
    for (uint32_t k = 0; k < sub->n_rulings; k++)
        render_ruling_record(w, s, sub->rulings[k]);
    jw_array_end(w);
    jw_object_end(w);
}

void render_ruling_record(struct jw *w, const struct snapshot *s, uint32_t ruling)
{
    render_ruling_open(w, s, ruling);
    sb_putc(w->sb, '}');
}

void render_source_detail(struct jw *w, const struct snapshot *s, uint32_t source)
{
    const struct rd_source *src = &s->sources[source];
    /* The record as the data set holds it (the source object of rulings, and its summary) */
    jw_object_begin(w);
    dataset_json_source_members(w, src);
    JW_MEMBER_INT(w, "version", src->version);
    if (src->list_json) {
        JW_KEY(w, "list");
        jw_raw(w, src->list_json, strlen(src->list_json));
    }
    JW_KEY(w, "rulings");
    jw_array_begin(w);
    for (uint32_t i = 0; i < s->n_rulings; i++)
        if (s->rulings[i].source == source) jw_string(w, s->rulings[i].rec->id);
    jw_array_end(w);
    jw_object_end(w);
}
