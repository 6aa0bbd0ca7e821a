#include "rulings/render.h"

#include <string.h>

#include "lib/check.h"
#include "rulings/dataset_json.h"
#include "rulings/ruling_terms.h"

void render_source(struct jw *w, const struct rd_source *src)
{
    jw_object_begin(w);
    dataset_json_source_brief_members(w, src);
    jw_object_end(w);
}

void render_source_listed(struct jw *w, const struct rd_source *src)
{
    jw_object_begin(w);
    dataset_json_source_brief_members(w, src);
    if (src->list_json) {
        JW_KEY(w, "list");
        jw_raw(w, src->list_json, strlen(src->list_json));
    }
    jw_object_end(w);
}

void render_ruling_head(const struct snapshot *s, uint32_t ruling, struct strbuf *sb)
{
    const struct snap_ruling *sr = &s->rulings[ruling];
    const struct rd_ruling *r = sr->rec;
    const struct rd_source *src = &s->sources[sr->source];
    struct jw w;
    jw_init(&w, sb);
    jw_object_begin(&w);
    JW_MEMBER_STRING(&w, "id", r->id);
    JW_MEMBER_STRING(&w, "subject", r->subject_id);
    JW_MEMBER_STRING(&w, "status", enum_name(&STATUSES, (int)r->status));
    JW_KEY(&w, "measure");
    jw_object_begin(&w);
    JW_MEMBER_STRING(&w, "code", r->measure_code);
    JW_MEMBER_STRING(&w, "text", r->measure);
    jw_object_end(&w);
    ruling_terms_write_codes(&w, "binds", &r->binds);
    ruling_terms_write_codes(&w, "affects", &r->affects);
    JW_MEMBER_STRING(&w, "jurisdiction", src->jurisdiction);
    JW_KEY(&w, "effective_from");
    jw_time(&w, r->effective_from);
    JW_KEY(&w, "effective_until");
    jw_time_or_null(&w, r->has_until, r->effective_until);
    ruling_terms_write_reach(&w, &r->reach);
    ruling_terms_write_condition(&w, &r->condition);
    ruling_terms_write_codes(&w, "exempts", &r->exempts);
    ruling_terms_write_suspensions(&w, r);
    JW_MEMBER_STRING(&w, "certainty", r->certain ? "known" : "unknown");
    JW_KEY(&w, "source");
    /* the source object follows: rendered once per source, shared by its rulings */
}

void render_ruling_tail(const struct snapshot *s, uint32_t ruling, struct strbuf *sb)
{
    const struct rd_ruling *r = s->rulings[ruling].rec;
    struct jw w;
    jw_init(&w, sb);
    w.depth = 1;
    w.need_comma[0] = true;
    JW_MEMBER_STRING(&w, "quote", r->quote);
    JW_KEY(&w, "quote_verbatim");
    jw_bool(&w, r->quote_verbatim);
    JW_MEMBER_STRING(&w, "quote_source", r->quote_source);
    JW_MEMBER_STRING(&w, "note", r->note);
    JW_MEMBER_INT(&w, "version", r->version);
    /* left open: the caller adds what it needs ("inherited_from") and closes it */
}

void render_ruling_open(struct jw *w, const struct snapshot *s, uint32_t ruling)
{
    const struct snap_ruling *r = &s->rulings[ruling];
    jw_raw(w, r->head, r->head_len);
    sb_append(w->sb, s->source_json[r->source], s->source_json_len[r->source]);
    sb_append(w->sb, r->tail, r->tail_len);
}

void render_applied(struct jw *w, const struct snapshot *s, const struct applied *a,
                    bool party_asked)
{
    const struct snap_ruling *r = &s->rulings[a->ruling];
    render_ruling_open(w, s, a->ruling);
    sb_puts(w->sb, !party_asked                    ? ",\"applies_as\":null"
                   : (a->flags & APPLIED_AFFECTED) ? ",\"applies_as\":\"affected\""
                                                   : ",\"applies_as\":\"bound\"");
    sb_puts(w->sb,
            a->flags & APPLIED_CONDITIONAL ? ",\"conditional\":true" : ",\"conditional\":false");
    sb_puts(w->sb, ",\"inherited_from\":");
    if (a->nhops == 0) {
        sb_puts(w->sb, "null}");
        return;
    }
    /* jw_raw opened no nesting level: write the rest with a writer of its own. */
    struct jw inner;
    jw_init(&inner, w->sb);
    const struct snap_subject *owner = &s->subjects[r->subject];
    jw_object_begin(&inner);
    JW_MEMBER_STRING(&inner, "subject", owner->rec->id);
    JW_MEMBER_STRING(&inner, "name", owner->rec->name);
    JW_KEY(&inner, "path");
    jw_array_begin(&inner);
    for (uint8_t i = 0; i < a->nhops; i++) {
        jw_object_begin(&inner);
        JW_MEMBER_STRING(&inner, "relation", enum_name(&HOP_KINDS, (int)a->hops[i].kind));
        JW_MEMBER_STRING(&inner, "subject", s->subjects[a->hops[i].subject].rec->id);
        jw_object_end(&inner);
    }
    jw_array_end(&inner);
    jw_object_end(&inner);
    sb_putc(w->sb, '}');
}

void render_match(struct jw *w, const struct snapshot *s, const struct match_hit *h,
                  const struct norm_name *q)
{
    RD_ASSERT(h->subject < s->n_subjects);
    const struct snap_subject *sub = &s->subjects[h->subject];
    jw_object_begin(w);
    JW_MEMBER_STRING(w, "id", sub->rec->id);
    JW_MEMBER_STRING(w, "name", sub->rec->name);
    JW_MEMBER_STRING(w, "kind", enum_name(&SUBJECT_KINDS, (int)sub->rec->kind));
    JW_MEMBER_STRING(w, "country", sub->rec->country);
    render_match_how(w, s, h->alias, h->score, enum_name(&MATCH_METHODS, (int)h->method));
    if (h->by_former) { /* only then: the usual answer keeps its bytes */
        JW_KEY(w, "by_former_name");
        jw_bool(w, true);
    }
    if (h->method != MATCH_IDENTIFIER) render_evidence(w, s, q, h->alias);
    jw_object_end(w);
}

void render_match_how(struct jw *w, const struct snapshot *s, uint32_t alias, double score,
                      const char *method)
{
    RD_ASSERT(alias < s->n_aliases);
    const struct snap_alias *a = &s->aliases[alias];
    JW_MEMBER_STRING(w, "matched_alias", a->text);
    JW_MEMBER_STRING(w, "alias_kind", enum_name(&ALIAS_KINDS, (int)a->kind));
    JW_MEMBER_STRING(w, "normalized", s->names[alias].norm);
    JW_KEY(w, "score");
    jw_score(w, score);
    JW_MEMBER_STRING(w, "method", method);
}
