#include "db/records.h"

#include <stdlib.h>
#include <string.h>

#include "db/conn.h"
#include "lib/check.h"
#include "rulings/change_image.h"
#include "rulings/identifier.h"
#include "rulings/ruling_terms.h"
#include "rulings/subject_facts.h"
#include "lib/strbuf.h"

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

/* A list of codes as a PostgreSQL array literal ("{"a","b"}"), each element quoted (an
 * identifier may hold any printable character). In `a`; NULL when out of memory. */
static const char *array_literal(struct arena *a, const struct rd_codes *c)
{
    struct strbuf sb = {0};
    sb_putc(&sb, '{');
    for (uint32_t i = 0; i < c->n; i++) {
        if (i) sb_putc(&sb, ',');
        sb_putc(&sb, '"');
        for (const char *p = c->items[i]; *p; p++) {
            if (*p == '"' || *p == '\\') sb_putc(&sb, '\\');
            sb_putc(&sb, *p);
        }
        sb_putc(&sb, '"');
    }
    sb_putc(&sb, '}');
    char *s = sb.failed ? NULL : arena_strndup(a, sb.data, sb.len);
    sb_free(&sb);
    return s;
}

/* One JSON value written by `write` (a member writer: wrapped in an object, then taken
 * out again by the SQL's ->'key'). */
static const char *json_text(struct arena *a, void (*write)(struct jw *, const void *),
                             const void *v)
{
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    jw_object_begin(&w);
    write(&w, v);
    jw_object_end(&w);
    char *s = sb.failed ? NULL : arena_strndup(a, sb.data, sb.len);
    sb_free(&sb);
    return s;
}

/* The subject's facts as {"born": ..., "addresses": ...}: the SQL takes ->'addresses'. */
static void write_facts(struct jw *w, const void *s)
{
    subject_facts_write(w, s);
}

static void write_reach(struct jw *w, const void *r)
{
    ruling_terms_write_reach(w, r);
}

static void write_condition(struct jw *w, const void *c)
{
    ruling_terms_write_condition(w, c);
}

static void write_suspensions(struct jw *w, const void *r)
{
    ruling_terms_write_suspensions(w, r);
}

void record_params_subject(struct arena *a, const struct rd_subject *s, struct record_params *p)
{
    memset(p, 0, sizeof *p);
    put(p, s->id);
    put(p, enum_name(&SUBJECT_KINDS, (int)s->kind));
    put(p, s->name);
    put(p, s->country);
    put(p, s->parent_id);
    put(p, s->relation == RELATION_NONE ? NULL : enum_name(&RELATIONS, (int)s->relation));
    put(p, s->note);
    put(p, array_literal(a, &s->categories));
    put(p, array_literal(a, &s->identifiers));
    put(p, array_literal(a, &s->born));
    put(p, array_literal(a, &s->nationalities));
    put(p, json_text(a, write_facts, s));
}

void record_params_alias(const struct rd_alias *a, struct record_params *p)
{
    memset(p, 0, sizeof *p);
    put(p, a->subject_id);
    put(p, a->alias);
    put(p, enum_name(&ALIAS_KINDS, (int)a->kind));
    put(p, a->lang);
}

void record_params_ruling(struct arena *a, const struct rd_ruling *r, struct record_params *p)
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
    put(p, array_literal(a, &r->binds));
    put(p, p->from);
    put(p, r->has_until ? p->until : NULL);
    put(p, array_literal(a, &r->affects));
    put(p, json_text(a, write_reach, &r->reach));
    put(p, json_text(a, write_condition, &r->condition));
    put(p, array_literal(a, &r->exempts));
    put(p, json_text(a, write_suspensions, r));
    put(p, r->certain ? "known" : "unknown");
    put(p, r->quote);
    put(p, r->quote_verbatim ? "true" : "false");
    put(p, r->quote_source);
    put(p, r->note);
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
            sb_puts(&sb, image_field_of_column(column));
        }
        s += n + (s[n] == ',');
    }
    return sb_take(&sb, NULL);
}

void record_params_at(struct arena *a, const struct dataset *ds, enum record_kind k, size_t i,
                      struct record_params *p)
{
    RD_ASSERT(i < dataset_count(ds, k));
    switch (k) {
    case RECORD_SOURCE:
        record_params_source(&ds->sources[i], p);
        break;
    case RECORD_SUBJECT:
        record_params_subject(a, &ds->subjects[i], p);
        break;
    case RECORD_ALIAS:
        record_params_alias(&ds->aliases[i], p);
        break;
    default:
        record_params_ruling(a, &ds->rulings[i], p);
        break;
    }
}

/* ---- reading records back (db/load.c, db/admin.c) ---- */

/* A text column as an arena string; SQL NULL as NULL. */
static char *col(struct arena *a, const PGresult *res, int row, int c)
{
    if (PQgetisnull(res, row, c)) return NULL;
    return arena_strndup(a, PQgetvalue(res, row, c), (size_t)PQgetlength(res, row, c));
}

static bool col_bool(const PGresult *res, int row, int c)
{
    return PQgetvalue(res, row, c)[0] == 't';
}

/* The CHECK constraints keep the names valid; `fallback` only guards against a schema
 * newer than this program. */
static int col_enum(const PGresult *res, int row, int c, const struct enum_names *e, int fallback)
{
    int v = PQgetisnull(res, row, c) ? -1 : enum_parse(e, PQgetvalue(res, row, c));
    return v < 0 ? fallback : v;
}

/* The ruling terms and subject categories come back as one JSON object (the SELECTs build
 * it with RECORD_*_TERMS), read by the same reader as a data-set file. A row PostgreSQL
 * checked cannot fail it; if a newer schema's row did, the fields stay empty. */
static void terms_from_row(struct dataset *ds, const PGresult *res, int row, int c,
                           struct rd_ruling *r, struct rd_subject *s, struct strmap *cache)
{
    /* Most rulings of a list share their terms, most subjects their (empty) categories:
     * a text seen before is copied from the record that parsed it. */
    const char *text = PQgetvalue(res, row, c);
    uint32_t at;
    if (cache && strmap_get(cache, text, &at)) {
        if (r) ruling_terms_copy(r, &ds->rulings[at]);
        if (s) {
            s->categories = ds->subjects[at].categories;
            s->identifiers = ds->subjects[at].identifiers;
            subject_facts_copy(s, &ds->subjects[at]);
        }
        return;
    }
    if (cache)
        (void)strmap_put(cache, text, (uint32_t)(r ? r - ds->rulings : s - ds->subjects), NULL);
    json_t *obj = json_loadb(PQgetvalue(res, row, c), (size_t)PQgetlength(res, row, c), 0, NULL);
    struct field_errors fe = {0};
    struct json_reader jr;
    if (obj && jr_begin(&jr, ds, obj, "", &fe)) {
        if (r) ruling_terms_parse(&jr, r);
        if (s) subject_categories_parse(&jr, s);
        if (s) subject_identifiers_parse(&jr, &s->identifiers);
        if (s) subject_facts_parse(&jr, s);
    }
    field_errors_free(&fe);
    json_decref(obj);
}

static int source_from_row(struct arena *a, const PGresult *res, int row, struct rd_source *s)
{
    s->id = col(a, res, row, 0);
    s->authority = col(a, res, row, 1);
    s->jurisdiction = col(a, res, row, 2);
    s->kind = (enum source_kind)col_enum(res, row, 3, &SOURCE_KINDS, 0);
    s->title = col(a, res, row, 4);
    s->citation = col(a, res, row, 5);
    s->document = col(a, res, row, 6);
    s->signed_on = col(a, res, row, 7);
    s->published_on = col(a, res, row, 8);
    s->url = col(a, res, row, 9);
    s->summary = col(a, res, row, 10);
    s->version = db_int(res, row, 11);
    return 12;
}

static int subject_from_row(struct dataset *ds, const PGresult *res, int row, struct rd_subject *s,
                            struct strmap *cache)
{
    struct arena *a = &ds->arena;
    s->id = col(a, res, row, 0);
    s->kind = (enum subject_kind)col_enum(res, row, 1, &SUBJECT_KINDS, 0);
    s->name = col(a, res, row, 2);
    s->country = col(a, res, row, 3);
    s->parent_id = col(a, res, row, 4);
    s->relation = (enum relation)col_enum(res, row, 5, &RELATIONS, RELATION_NONE);
    s->note = col(a, res, row, 6);
    terms_from_row(ds, res, row, 7, NULL, s, cache);
    s->version = db_int(res, row, 8);
    return 9;
}

static int alias_from_row(struct arena *a, const PGresult *res, int row, struct rd_alias *al)
{
    al->id = db_int(res, row, 0);
    al->subject_id = col(a, res, row, 1);
    al->alias = col(a, res, row, 2);
    al->kind = (enum alias_kind)col_enum(res, row, 3, &ALIAS_KINDS, ALIAS_LEGAL);
    al->lang = col(a, res, row, 4);
    al->version = db_int(res, row, 5);
    return 6;
}

static int ruling_from_row(struct dataset *ds, const PGresult *res, int row, struct rd_ruling *r,
                           struct strmap *cache)
{
    struct arena *a = &ds->arena;
    r->id = col(a, res, row, 0);
    r->subject_id = col(a, res, row, 1);
    r->source_id = col(a, res, row, 2);
    r->status = (enum ruling_status)col_enum(res, row, 3, &STATUSES, 0);
    r->measure_code = col(a, res, row, 4);
    r->measure = col(a, res, row, 5);
    r->effective_from = db_int(res, row, 6);
    r->has_until = !PQgetisnull(res, row, 7);
    r->effective_until = db_int(res, row, 7);
    r->quote = col(a, res, row, 8);
    r->quote_verbatim = col_bool(res, row, 9);
    r->note = col(a, res, row, 10);
    terms_from_row(ds, res, row, 11, r, NULL, cache);
    r->version = db_int(res, row, 12);
    return 13;
}

int record_read_row_cached(struct dataset *ds, enum record_kind k, const PGresult *res, int row,
                           struct strmap *cache)
{
    struct arena *a = &ds->arena;
    switch (k) {
    case RECORD_SOURCE:
        return source_from_row(a, res, row, &ds->sources[ds->n_sources++]);
    case RECORD_SUBJECT:
        return subject_from_row(ds, res, row, &ds->subjects[ds->n_subjects++], cache);
    case RECORD_ALIAS:
        return alias_from_row(a, res, row, &ds->aliases[ds->n_aliases++]);
    default:
        return ruling_from_row(ds, res, row, &ds->rulings[ds->n_rulings++], cache);
    }
}

int record_read_row(struct dataset *ds, enum record_kind k, const PGresult *res, int row)
{
    return record_read_row_cached(ds, k, res, row, NULL);
}

int record_param_count(enum record_kind k)
{
    static const int counts[RECORD_KIND_COUNT] = {
        [RECORD_SOURCE] = 11, [RECORD_SUBJECT] = 12, [RECORD_ALIAS] = 4, [RECORD_RULING] = 19};
    return counts[k];
}
