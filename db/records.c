#include "db/records.h"

#include <stdlib.h>
#include <string.h>

#include "rulings/change_image.h"
#include "rulings/strbuf.h"

static void put(struct record_params *p, const char *v)
{
    p->v[p->n++] = v;
}

void record_params_source(const struct rd_source *s, struct record_params *p)
{
    memset(p, 0, sizeof *p);
    put(p, s->id);
    put(p, s->authority);
    put(p, s->jurisdiction);
    put(p, enum_name(&SOURCE_KINDS, (int)s->kind));
    put(p, s->title);
    put(p, s->citation);
    put(p, s->document);
    put(p, s->signed_on);
    put(p, s->published_on);
    put(p, s->url);
    put(p, s->summary);
}

void record_params_subject(const struct rd_subject *s, struct record_params *p)
{
    memset(p, 0, sizeof *p);
    put(p, s->id);
    put(p, enum_name(&SUBJECT_KINDS, (int)s->kind));
    put(p, s->name);
    put(p, s->country);
    put(p, s->parent_id);
    put(p, s->relation == RELATION_NONE ? NULL : enum_name(&RELATIONS, (int)s->relation));
    put(p, s->note);
}

void record_params_alias(const struct rd_alias *a, struct record_params *p)
{
    memset(p, 0, sizeof *p);
    put(p, a->subject_id);
    put(p, a->alias);
    put(p, enum_name(&ALIAS_KINDS, (int)a->kind));
    put(p, a->lang);
}

void record_params_ruling(const struct rd_ruling *r, struct record_params *p)
{
    memset(p, 0, sizeof *p);
    rd_time_format(r->effective_from, p->from, sizeof p->from);
    rd_time_format(r->effective_until, p->until, sizeof p->until);
    put(p, r->id);
    put(p, r->subject_id);
    put(p, r->source_id);
    put(p, enum_name(&STATUSES, (int)r->status));
    put(p, r->measure_code);
    put(p, r->measure);
    put(p, r->binds);
    put(p, p->from);
    put(p, r->has_until ? p->until : NULL);
    put(p, r->extends_to_affiliates ? "true" : "false");
    put(p, r->quote);
    put(p, r->quote_verbatim ? "true" : "false");
    put(p, r->note);
}

const char *record_field_of_column(const char *column)
{
    return image_field_of_column(column);
}

char *record_fields_of_columns(const char *columns)
{
    struct strbuf sb = {0};
    sb_puts(&sb, "");
    for (const char *s = columns; *s;) {
        size_t n = strcspn(s, ",");
        char column[64];
        if (n < sizeof column) {
            memcpy(column, s, n);
            column[n] = '\0';
            if (sb.len) sb_putc(&sb, ',');
            sb_puts(&sb, record_field_of_column(column));
        }
        s += n + (s[n] == ',');
    }
    return sb_take(&sb, NULL);
}
