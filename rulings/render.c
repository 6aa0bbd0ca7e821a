#include "rulings/render.h"

#include <string.h>

void render_source(struct jw *w, const struct rd_source *src)
{
    jw_object_begin(w);
    jw_key(w, "id");
    jw_string(w, src->id);
    jw_key(w, "authority");
    jw_string(w, src->authority);
    jw_key(w, "jurisdiction");
    jw_string(w, src->jurisdiction);
    jw_key(w, "kind");
    jw_string(w, enum_name(&SOURCE_KINDS, (int)src->kind));
    jw_key(w, "title");
    jw_string(w, src->title);
    jw_key(w, "citation");
    jw_string(w, src->citation);
    jw_key(w, "document");
    jw_string(w, src->document);
    jw_key(w, "signed_on");
    jw_string(w, src->signed_on);
    jw_key(w, "published_on");
    jw_string(w, src->published_on);
    jw_key(w, "url");
    jw_string(w, src->url);
    jw_object_end(w);
}

void render_ruling_fragment(const struct snapshot *s, uint32_t ruling, struct strbuf *sb)
{
    const struct snap_ruling *sr = &s->rulings[ruling];
    const struct rd_ruling *r = sr->rec;
    const struct rd_source *src = &s->sources[sr->source];
    struct jw w;
    jw_init(&w, sb);
    jw_object_begin(&w);
    jw_key(&w, "id");
    jw_string(&w, r->id);
    jw_key(&w, "subject");
    jw_string(&w, r->subject_id);
    jw_key(&w, "status");
    jw_string(&w, enum_name(&STATUSES, (int)r->status));
    jw_key(&w, "measure");
    jw_object_begin(&w);
    jw_key(&w, "code");
    jw_string(&w, r->measure_code);
    jw_key(&w, "text");
    jw_string(&w, r->measure);
    jw_object_end(&w);
    jw_key(&w, "binds");
    jw_string(&w, r->binds);
    jw_key(&w, "jurisdiction");
    jw_string(&w, src->jurisdiction);
    jw_key(&w, "effective_from");
    jw_time(&w, r->effective_from);
    jw_key(&w, "effective_until");
    if (r->has_until)
        jw_time(&w, r->effective_until);
    else
        jw_null(&w);
    jw_key(&w, "extends_to_affiliates");
    jw_bool(&w, r->extends_to_affiliates);
    jw_key(&w, "source");
    render_source(&w, src);
    jw_key(&w, "quote");
    jw_string(&w, r->quote);
    jw_key(&w, "quote_verbatim");
    jw_bool(&w, r->quote_verbatim);
    jw_key(&w, "note");
    jw_string(&w, r->note);
    jw_key(&w, "version");
    jw_int(&w, r->version);
    /* left open: render_applied adds "inherited_from" and closes it */
}

void render_applied(struct jw *w, const struct snapshot *s, const struct applied *a)
{
    const struct snap_ruling *r = &s->rulings[a->ruling];
    jw_raw(w, r->fragment, r->fragment_len);
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
    jw_key(&inner, "subject");
    jw_string(&inner, owner->rec->id);
    jw_key(&inner, "name");
    jw_string(&inner, owner->rec->name);
    jw_key(&inner, "path");
    jw_array_begin(&inner);
    for (uint8_t i = 0; i < a->nhops; i++) {
        jw_object_begin(&inner);
        jw_key(&inner, "relation");
        jw_string(&inner, enum_name(&HOP_KINDS, (int)a->hops[i].kind));
        jw_key(&inner, "subject");
        jw_string(&inner, s->subjects[a->hops[i].subject].rec->id);
        jw_object_end(&inner);
    }
    jw_array_end(&inner);
    jw_object_end(&inner);
    sb_putc(w->sb, '}');
}

void render_match(struct jw *w, const struct snapshot *s, const struct match_hit *h)
{
    const struct snap_subject *sub = &s->subjects[h->subject];
    const struct snap_alias *a = &s->aliases[h->alias];
    jw_object_begin(w);
    jw_key(w, "id");
    jw_string(w, sub->rec->id);
    jw_key(w, "name");
    jw_string(w, sub->rec->name);
    jw_key(w, "kind");
    jw_string(w, enum_name(&SUBJECT_KINDS, (int)sub->rec->kind));
    jw_key(w, "country");
    jw_string(w, sub->rec->country);
    jw_key(w, "matched_alias");
    jw_string(w, a->text);
    jw_key(w, "alias_kind");
    jw_string(w, enum_name(&ALIAS_KINDS, (int)a->kind));
    jw_key(w, "normalized");
    jw_string(w, a->norm);
    jw_key(w, "score");
    jw_score(w, h->score);
    jw_key(w, "method");
    jw_string(w, enum_name(&MATCH_METHODS, (int)h->method));
    jw_object_end(w);
}
