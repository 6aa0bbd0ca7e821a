/* trade.gov's Consolidated Screening List as a data set: docs/lists.md. */
#include "rulings/list_csl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/country.h"
#include "lib/hash.h"
#include "lib/timeutil.h"
#include "rulings/list_facts.h"
#include "rulings/subject_facts.h"
#include "rulings/list_semantics.h"

/* The columns read, found by name in the header row. */
enum col {
    C_SOURCE,
    C_ENTITY,
    C_TYPE,
    C_PROGRAMS,
    C_NAME,
    C_ADDRESSES,
    C_FR_NOTICE,
    C_START,
    C_END,
    C_LICENSE_REQ,
    C_LICENSE_POLICY,
    C_REMARKS,
    C_ALT_NAMES,
    C_IDS, /* the rest are optional: older files lack them */
    C_DATES_OF_BIRTH,
    C_NATIONALITIES,
    C_CITIZENSHIPS,
    C_COUNT
};
#define C_OPTIONAL C_IDS
#define NO_COLUMN ((size_t)-1)
static const char *const COLUMNS[C_COUNT] = {"source",
                                             "entity_number",
                                             "type",
                                             "programs",
                                             "name",
                                             "addresses",
                                             "federal_register_notice",
                                             "start_date",
                                             "end_date",
                                             "license_requirement",
                                             "license_policy",
                                             "remarks",
                                             "alt_names",
                                             "ids",
                                             "dates_of_birth",
                                             "nationalities",
                                             "citizenships"};

struct csl_ctx {
    size_t col[C_COUNT];
    size_t max_col;
    const struct list_dates *dates;
    struct strmap by_key;  /* "list\tentity_number or name" -> subject index */
    struct strmap sources; /* list id -> 1 once its source is added */
};

static bool read_header(struct csl_ctx *c, const struct csv_reader *r, struct rd_error *err)
{
    for (int k = 0; k < C_COUNT; k++) {
        size_t i = 0, n;
        const char *f;
        while ((f = csv_field(r, i, &n)) != NULL && strcmp(f, COLUMNS[k]) != 0)
            i++;
        if (!f && k >= C_OPTIONAL) {
            c->col[k] = NO_COLUMN;
            continue;
        }
        if (!f) {
            rd_error_set(err, "line 1: no column \"%s\" (is this the CSL's CSV layout?)",
                         COLUMNS[k]);
            return false;
        }
        c->col[k] = i;
        if (i + 1 > c->max_col) c->max_col = i + 1;
    }
    return true;
}

/* "csl-el-" and the entity number, or a slug of the name and a hash of it (names repeat
 * across lists, and a slug alone could make two names one). */
static void subject_id(char *out, size_t size, const struct list_semantics *l, const char *entity,
                       const char *name)
{
    const char *list = l->id + strlen("us-csl-");
    if (entity) {
        snprintf(out, size, "csl-%s-%s", list, entity);
        for (char *p = out; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        return;
    }
    char slug[48];
    size_t n = 0;
    for (const char *p = name; *p && n + 1 < sizeof slug; p++) {
        unsigned char ch = (unsigned char)*p;
        if (isalnum(ch) && ch < 0x80)
            slug[n++] = (char)tolower(ch);
        else if (n > 0 && slug[n - 1] != '-')
            slug[n++] = '-';
    }
    while (n > 0 && slug[n - 1] == '-')
        n--;
    slug[n] = '\0';
    snprintf(out, size, "csl-%s-%s%s%08x", list, slug, n ? "-" : "",
             (unsigned)(hash_bytes(name, strlen(name)) & 0xffffffffu));
}

/* The country of the first address: its last part, when that is an ISO 3166-1 code. */
static const char *address_country(const char *addresses)
{
    if (!addresses) return NULL;
    size_t n = strcspn(addresses, ";");
    while (n > 0 && addresses[n - 1] == ' ')
        n--;
    if (n < 2 || (n > 2 && addresses[n - 3] != ' ' && addresses[n - 3] != ',')) return NULL;
    char code[3] = {addresses[n - 2], addresses[n - 1], '\0'};
    const struct country_code *c = country_find(code);
    return c ? c->alpha2 : NULL;
}

/* "US, 80-0890696, Tax ID No." or "IMO 8898831, Vessel Registration Identification": the
 * label is the last part, the value the one before it. */
static void id_item(void *o, char *item)
{
    char *label = strrchr(item, ',');
    if (!label) return;
    *label++ = '\0';
    while (*label == ' ')
        label++;
    char *value = strrchr(item, ',');
    value = value ? value + 1 : item;
    while (*value == ' ')
        value++;
    list_facts_identifier(o, label, value);
}

static void born_item(void *o, char *item)
{
    (void)list_facts_born(o, item);
}

static void nationality_item(void *o, char *item)
{
    list_facts_nationality(o, item);
}

/* "street, city, ..., CC": the whole as the street, the code as the country when it is one. */
static void address_item(void *o, char *item)
{
    list_facts_address(o, item, NULL, address_country(item));
}

static const char *optional(struct list_build *b, const struct csl_ctx *c,
                            const struct csv_reader *r, enum col k)
{
    return c->col[k] == NO_COLUMN ? NULL : list_field(b, r, c->col[k]);
}

static json_t *subject_json(struct list_build *b, const struct csl_ctx *c,
                            const struct csv_reader *r, const char *id)
{
    const char *remarks = list_field(b, r, c->col[C_REMARKS]);
    const char *addresses = list_field(b, r, c->col[C_ADDRESSES]);
    json_t *o =
        json_pack("{s:s, s:s, s:o, s:o, s:o}", "id", id, "kind",
                  list_subject_kind(list_field(b, r, c->col[C_TYPE])), "name",
                  list_json_string(list_field(b, r, c->col[C_NAME])), "country",
                  list_json_string(address_country(addresses)), "note", list_json_string(remarks));
    if (!o) return NULL;
    list_each_item(optional(b, c, r, C_IDS), false, id_item, o);
    list_each_item(optional(b, c, r, C_DATES_OF_BIRTH), false, born_item, o);
    list_each_item(optional(b, c, r, C_NATIONALITIES), false, nationality_item, o);
    list_each_item(optional(b, c, r, C_CITIZENSHIPS), false, nationality_item, o);
    list_each_item(addresses, false, address_item, o);
    return o;
}

/* A CSL date as an instant: the start of `date` (YYYY-MM-DD) in UTC, plus `days`. False
 * when absent or not a date. */
static bool date_instant(const char *date, int days, char *out, size_t size)
{
    int64_t t;
    if (!date || !rd_time_parse_date(date, &t)) return false;
    rd_time_format(t + (int64_t)days * 86400, out, size);
    return true;
}

/* `since` is the start used when the row gives none (dated false). */
static void ruling_note(struct list_build *b, const struct csl_ctx *c, const struct csv_reader *r,
                        const char *since, bool dated, char *note, size_t size)
{
    static const struct {
        enum col col;
        const char *label;
    } parts[] = {{C_PROGRAMS, "Programs"},
                 {C_FR_NOTICE, "Federal Register"},
                 {C_LICENSE_REQ, "Licence requirement"},
                 {C_LICENSE_POLICY, "Licence policy"}};
    size_t n = 0;
    note[0] = '\0';
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        const char *v = list_field(b, r, c->col[parts[i].col]);
        if (v && n < size)
            n += (size_t)snprintf(note + n, size - n, "%s%s: %s.", n ? " " : "", parts[i].label, v);
    }
    if (!dated && n < size)
        snprintf(note + n, size - n,
                 "%sThe list gives no start date: in force at least since %s, the date of the "
                 "list copy converted.",
                 n ? " " : "", since);
}

static json_t *ruling_json(struct list_build *b, const struct csl_ctx *c,
                           const struct csv_reader *r, const struct list_semantics *l,
                           const char *id)
{
    char from[RD_TIME_BUFSZ], until[RD_TIME_BUFSZ], since[RD_TIME_BUFSZ], note[3000];
    list_since(c->dates, id, since, sizeof since);
    bool dated = date_instant(list_field(b, r, c->col[C_START]), 0, from, sizeof from);
    /* An order is in force through its end date. */
    bool ends = date_instant(list_field(b, r, c->col[C_END]), 1, until, sizeof until);
    ruling_note(b, c, r, since, dated, note, sizeof note);
    json_t *o =
        json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:[], s:s, s:s}", "id", id, "subject", id,
                  "source", l->id, "status", l->status, "measure", "code", l->measure_code, "text",
                  l->measure, "binds", "effective_from", dated ? from : since, "note", note);
    if (!o) return NULL;
    if (l->binds) json_array_append_new(json_object_get(o, "binds"), json_string(l->binds));
    if (l->affects) json_object_set_new(o, "affects", json_pack("[s]", l->affects));
    if (ends) json_object_set_new(o, "effective_until", json_string(until));
    return o;
}

/* The list's source, the first time one of its entries is seen. */
static bool ensure_source(struct list_build *b, struct csl_ctx *c, const struct list_semantics *l)
{
    uint32_t seen;
    if (strmap_get(&c->sources, l->id, &seen)) return true;
    if (!list_stage(b, RECORD_SOURCE, list_semantics_source_json(l), l->id)) return false;
    b->ds->n_sources++;
    b->rep->sources++;
    (void)strmap_put(&c->sources, l->id, 1, NULL);
    return true;
}

/* The names of alt_names ("A; B; C") as aliases of subject `s`. */
static void add_alt_names(struct list_build *b, const struct rd_subject *s, char *alt_names,
                          const char *where)
{
    for (char *p = alt_names; p && *p;) {
        char *end = strstr(p, "; ");
        if (end) *end = '\0';
        size_t n = strlen(p);
        while (n > 0 && p[n - 1] == ' ')
            p[--n] = '\0';
        while (*p == ' ')
            p++;
        if (*p) list_add_alias(b, s, p, "aka", where);
        p = end ? end + 2 : NULL;
    }
}

/* The key rows of one entity share: its list, and its entity number or else its name. */
static char *merge_key(struct list_build *b, const struct list_semantics *l, const char *entity,
                       const char *name)
{
    size_t n = strlen(l->id) + strlen(entity ? entity : name) + 2;
    char *key = arena_alloc(&b->ds->arena, n);
    if (key) snprintf(key, n, "%s\t%s", l->id, entity ? entity : name);
    return key;
}

/* A row of an entity seen before may give an earlier start (an address listed first): the
 * entity is listed since the earliest. Subjects and rulings are added in pairs, so the
 * subject's index is its ruling's. */
static void merge_start(struct list_build *b, const struct csl_ctx *c, const struct csv_reader *r,
                        struct rd_ruling *ruling)
{
    const char *start = list_field(b, r, c->col[C_START]);
    int64_t t;
    if (start && rd_time_parse_date(start, &t) && t < ruling->effective_from &&
        (!ruling->has_until || t < ruling->effective_until))
        ruling->effective_from = t;
}

static bool same_address(const struct rd_address *a, const json_t *o)
{
    const char *street = json_string_value(json_object_get(o, "street"));
    const char *country = json_string_value(json_object_get(o, "country"));
    return (a->street ? street && strcmp(a->street, street) == 0 : !street) &&
           (a->country ? country && strcmp(a->country, country) == 0 : !country);
}

/* The addresses of a row of an entity seen before, added to its subject unless it has them. */
static void merge_addresses(struct list_build *b, struct rd_subject *s, const char *field)
{
    json_t *holder = json_object();
    if (!holder) return;
    list_each_item(field, false, address_item, holder);
    const json_t *more = json_object_get(holder, "addresses");
    size_t n = json_array_size(more), have = s->n_addresses;
    struct rd_address *all = n ? arena_alloc(&b->ds->arena, (have + n) * sizeof *all) : NULL;
    if (all) {
        memcpy(all, s->addresses, have * sizeof *all);
        for (size_t i = 0; i < n && have < SUBJECT_MAX_ADDRESSES; i++) {
            const json_t *o = json_array_get(more, i);
            bool known = false;
            for (size_t k = 0; k < have && !known; k++)
                known = same_address(&all[k], o);
            if (known) continue;
            all[have++] = (struct rd_address){
                arena_strdup(&b->ds->arena, json_string_value(json_object_get(o, "street"))), NULL,
                arena_strdup(&b->ds->arena, json_string_value(json_object_get(o, "country")))};
        }
        s->addresses = all;
        s->n_addresses = (uint32_t)have;
    }
    json_decref(holder);
}

static bool entity_row(struct list_build *b, const struct csv_reader *r, const char *where,
                       void *ctx)
{
    struct csl_ctx *c = ctx;
    struct dataset *ds = b->ds;
    const char *source = list_field(b, r, c->col[C_SOURCE]);
    const char *entity = list_field(b, r, c->col[C_ENTITY]),
               *name = list_field(b, r, c->col[C_NAME]);
    const struct list_semantics *l = list_semantics_find(source);
    if (!l || !name) {
        b->rep->skipped++;
        list_skip(b, where, l ? "required" : "unknown_list", l ? "no name" : "list \"%s\" unknown",
                  source ? source : "");
        return true;
    }
    char *key = merge_key(b, l, entity, name);
    uint32_t at;
    if (!key || !ensure_source(b, c, l)) return false;
    if (strmap_get(&c->by_key, key, &at)) { /* the same entity at another address */
        b->rep->merged_rows++;
        merge_start(b, c, r, &ds->rulings[at]);
        add_alt_names(b, &ds->subjects[at], list_field(b, r, c->col[C_ALT_NAMES]), where);
        merge_addresses(b, &ds->subjects[at], list_field(b, r, c->col[C_ADDRESSES]));
        return true;
    }
    char id[DATASET_ID_MAX + 1];
    subject_id(id, sizeof id, l, entity, name);
    if (!list_stage(b, RECORD_SUBJECT, subject_json(b, c, r, id), where) ||
        !list_stage(b, RECORD_RULING, ruling_json(b, c, r, l, id), where)) {
        b->rep->skipped++;
        return true;
    }
    (void)strmap_put(&c->by_key, key, (uint32_t)ds->n_subjects, NULL);
    struct rd_subject *s = &ds->subjects[ds->n_subjects++];
    ds->n_rulings++;
    b->rep->entries++;
    b->rep->rulings++;
    add_alt_names(b, s, list_field(b, r, c->col[C_ALT_NAMES]), where);
    return true;
}

/* The header row: where each column read is. */
static bool header(struct csl_ctx *c, const char *data, size_t len, struct rd_error *err)
{
    struct csv_reader r;
    csv_reader_init(&r, data, len);
    bool ok = csv_next(&r, err) == CSV_RECORD;
    if (ok)
        ok = read_header(c, &r, err);
    else if (!err->message[0])
        rd_error_set(err, "the file is empty");
    csv_reader_free(&r);
    return ok;
}

bool list_csl_convert(const char *path, const struct list_dates *dates, struct dataset *ds,
                      struct list_report *rep, struct rd_error *err)
{
    char *data = NULL;
    size_t len = 0;
    struct list_build b;
    struct csl_ctx c = {.dates = dates};
    memset(ds, 0, sizeof *ds);
    bool ok = list_build_init(&b, ds, rep, 0) && list_read_file(path, &data, &len, err) &&
              header(&c, data, len, err);
    if (!ok) goto out;
    size_t rows = list_count_lines(data, len);
    /* alt_names holds several names a row: room for one per "; " and one more */
    size_t aliases = rows;
    for (const char *p = data; (p = strstr(p, "; ")) != NULL; p += 2)
        aliases++;
    ok = strmap_init(&c.by_key, rows) && strmap_init(&c.sources, 16) &&
         strmap_init(&b.alias_keys, aliases) && dataset_reserve(ds, 16, rows, aliases, rows);
    if (!ok) {
        rd_error_set(err, "out of memory");
        goto out;
    }
    ok = list_each_row(&b, data, len, path, true, c.max_col, entity_row, &c, err);
out:
    if (!ok && !err->message[0]) rd_error_set(err, "out of memory");
    free(data);
    strmap_free(&c.by_key);
    strmap_free(&c.sources);
    list_build_free(&b);
    return ok;
}
