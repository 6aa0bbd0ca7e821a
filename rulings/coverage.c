/* The coverage of an answer and GET /v1/coverage (rulings/coverage.h). */
#include "rulings/coverage.h"

#include <string.h>

#include "rulings/ruling_terms.h"

bool coverage_category_applies(const struct snapshot *s, uint32_t subject, const char *category)
{
    return category && rd_codes_has(&s->subjects[subject].rec->categories, category);
}

static void updated_at(struct jw *w, const struct rd_source *src)
{
    jw_key(w, "updated_at");
    if (src->updated_at)
        jw_time(w, src->updated_at);
    else
        jw_null(w);
}

static void category_ref(struct jw *w, const struct snapshot *s, uint32_t subject)
{
    const struct snap_subject *sub = &s->subjects[subject];
    jw_object_begin(w);
    JW_MEMBER_STRING(w, "subject", sub->rec->id);
    JW_MEMBER_STRING(w, "name", sub->rec->name);
    ruling_terms_write_codes(w, "categories", &sub->rec->categories);
    jw_key(w, "rulings");
    jw_array_begin(w);
    for (uint32_t i = 0; i < sub->n_rulings; i++)
        jw_string(w, s->rulings[sub->rulings[i]].rec->id);
    jw_array_end(w);
    jw_object_end(w);
}

void render_coverage(struct jw *w, const struct snapshot *s, const char *jurisdiction,
                     const char *category)
{
    jw_key(w, "coverage");
    if (!jurisdiction && !category && s->coverage_json) { /* the common question: as built */
        jw_raw(w, s->coverage_json, s->coverage_json_len);
        return;
    }
    render_coverage_value(w, s, jurisdiction, category);
}

void render_coverage_value(struct jw *w, const struct snapshot *s, const char *jurisdiction,
                           const char *category)
{
    jw_object_begin(w);
    jw_key(w, "rule_sets");
    jw_array_begin(w);
    for (size_t i = 0; i < s->n_sources; i++) {
        const struct rd_source *src = &s->sources[i];
        if (jurisdiction && strcmp(src->jurisdiction, jurisdiction) != 0) continue;
        jw_object_begin(w);
        JW_MEMBER_STRING(w, "id", src->id);
        updated_at(w, src);
        jw_object_end(w);
    }
    jw_array_end(w);
    jw_key(w, "categories_not_applied");
    jw_array_begin(w);
    for (size_t i = 0; i < s->n_categories; i++)
        if (!coverage_category_applies(s, s->categories[i], category))
            category_ref(w, s, s->categories[i]);
    jw_array_end(w);
    JW_MEMBER_STRING(w, "statement", COVERAGE_STATEMENT);
    jw_object_end(w);
}

void render_coverage_list(struct jw *w, const struct snapshot *s)
{
    jw_object_begin(w);
    jw_key(w, "rule_sets");
    jw_array_begin(w);
    for (size_t i = 0; i < s->n_sources; i++) {
        const struct rd_source *src = &s->sources[i];
        size_t rulings = 0;
        for (size_t r = 0; r < s->n_rulings; r++)
            rulings += s->rulings[r].source == i;
        jw_object_begin(w);
        JW_MEMBER_STRING(w, "id", src->id);
        JW_MEMBER_STRING(w, "title", src->title);
        JW_MEMBER_STRING(w, "authority", src->authority);
        JW_MEMBER_STRING(w, "jurisdiction", src->jurisdiction);
        JW_MEMBER_STRING(w, "kind", enum_name(&SOURCE_KINDS, (int)src->kind));
        JW_MEMBER_INT(w, "rulings", (long long)rulings);
        updated_at(w, src);
        jw_object_end(w);
    }
    jw_array_end(w);
    jw_key(w, "categories");
    jw_array_begin(w);
    for (size_t i = 0; i < s->n_categories; i++)
        category_ref(w, s, s->categories[i]);
    jw_array_end(w);
    JW_MEMBER_STRING(w, "statement", COVERAGE_STATEMENT);
    JW_MEMBER_INT(w, "revision", s->revision);
    jw_object_end(w);
}
