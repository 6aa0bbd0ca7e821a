/* OFAC's legacy CSV files (SDN and non-SDN consolidated) as a data set: docs/lists.md. */
#include "rulings/list_ofac.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/timeutil.h"
#include "rulings/list_facts.h"

/* Columns of the primary file (sdn.csv, cons_prim.csv); alt.csv: ent_num, alt_num, type,
 * name, remarks; add.csv: ent_num, add_num, address, city, country, remarks. */
enum { P_ENT, P_NAME, P_TYPE, P_PROGRAM, P_TITLE, P_CALL_SIGN, P_REMARKS = 11, P_FIELDS };
enum { A_ENT, A_NUM, A_TYPE, A_NAME, A_FIELDS };
enum { D_ENT, D_NUM, D_ADDRESS, D_CITY, D_COUNTRY, D_FIELDS };

struct ofac_meta {
    const char *files[3]; /* primary, alternate names, addresses */
    const char *source_id, *prefix, *title, *status, *measure_code, *measure;
};

static const struct ofac_meta OFAC_LISTS[] = {
    [OFAC_SDN] = {{"sdn.csv", "alt.csv", "add.csv"},
                  "us-ofac-sdn",
                  "ofac-sdn-",
                  "Specially Designated Nationals and Blocked Persons List",
                  "prohibited",
                  "blocking",
                  "Property and interests in property of the listed party that are in the United "
                  "States or in the possession or control of U.S. persons are blocked, and U.S. "
                  "persons are generally prohibited from dealing with it."},
    [OFAC_CONS] = {{"cons_prim.csv", "cons_alt.csv", "cons_add.csv"},
                   "us-ofac-cons",
                   "ofac-cons-",
                   "Consolidated Sanctions List (Non-SDN Lists)",
                   "restricted",
                   "non-sdn-sanctions",
                   "The listing does not block the party's property; the program named in the "
                   "note prohibits U.S. persons from specific dealings with it (such as new debt "
                   "or equity under the Sectoral Sanctions Identifications List, or purchases of "
                   "publicly traded securities under the Chinese Military-Industrial Complex "
                   "list)."},
};

struct ofac_ctx {
    const struct ofac_meta *m;
    const struct list_dates *dates;
    struct strmap by_entry;     /* ent_num -> subject index */
    struct strmap addresses_of; /* ent_num -> index into addresses */
    json_t **addresses;         /* per entry: {"addresses": [...]}, from add.csv */
    size_t n_addresses;
};

static json_t *source_json(const struct ofac_meta *m)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", m->source_id, "authority",
                     "U.S. Department of the Treasury, Office of Foreign Assets Control",
                     "jurisdiction", "US", "kind", "sanctions", "title", m->title, "citation",
                     m == &OFAC_LISTS[OFAC_SDN]
                         ? "OFAC Specially Designated Nationals and Blocked Persons List"
                         : "OFAC Consolidated Sanctions List (Non-SDN Lists)",
                     "url", "https://ofac.treasury.gov/");
}

const char *list_ofac_file(enum ofac_list which, size_t i)
{
    return i < 3 ? OFAC_LISTS[which].files[i] : NULL;
}

/* add.csv: the addresses of each entry, in the file's order. */
static bool address_row(struct list_build *b, const struct csv_reader *r, const char *where,
                        void *ctx)
{
    (void)where;
    struct ofac_ctx *c = ctx;
    const char *ent = list_field(b, r, D_ENT);
    if (!ent) return true;
    uint32_t at;
    if (!strmap_get(&c->addresses_of, ent, &at)) {
        at = (uint32_t)c->n_addresses;
        c->addresses[c->n_addresses++] = json_object();
        (void)strmap_put(&c->addresses_of, ent, at, NULL);
    }
    if (!c->addresses[at]) return false;
    list_facts_address(c->addresses[at], list_field(b, r, D_ADDRESS), list_field(b, r, D_CITY),
                       list_country_code(list_field(b, r, D_COUNTRY)));
    return true;
}

/* The country of an entry's first address that names one. */
static const char *first_country(const json_t *holder)
{
    const json_t *a = json_object_get(holder, "addresses");
    for (size_t i = 0; i < json_array_size(a); i++) {
        const char *code = json_string_value(json_object_get(json_array_get(a, i), "country"));
        if (code) return code;
    }
    return NULL;
}

/* The subject of an entry: its name and kind, the country of its first address, Title and
 * Remarks as the note, and the identifiers, dates and nationalities the Remarks give. */
static json_t *subject_json(struct list_build *b, const struct csv_reader *r, const char *id,
                            const json_t *addresses)
{
    const char *title = list_field(b, r, P_TITLE), *remarks = list_field(b, r, P_REMARKS);
    char note[4000];
    snprintf(note, sizeof note, "%s%s%s%s", title ? "Title: " : "", title ? title : "",
             title && remarks ? ". " : "", remarks ? remarks : "");
    json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:o}", "id", id, "kind",
                          list_subject_kind(list_field(b, r, P_TYPE)), "name",
                          list_json_string(list_field(b, r, P_NAME)), "country",
                          list_json_string(first_country(addresses)), "note",
                          list_json_string(note[0] ? note : NULL));
    if (!o) return NULL;
    if (addresses) json_object_update(o, (json_t *)addresses);
    list_facts_from_remarks(o, remarks);
    list_facts_identifier(o, "Call Sign", list_field(b, r, P_CALL_SIGN));
    return o;
}

static json_t *ruling_json(const struct ofac_ctx *c, const char *id, const char *programs)
{
    char note[1200], since[RD_TIME_BUFSZ];
    list_since(c->dates, id, since, sizeof since);
    snprintf(note, sizeof note,
             "Programs: %s. The list carries no listing dates: in force at least since %s, "
             "the date of the list copy converted.",
             programs ? programs : "none given", since);
    return json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:[s], s:s, s:s}", "id", id, "subject", id,
                     "source", c->m->source_id, "status", c->m->status, "measure", "code",
                     c->m->measure_code, "text", c->m->measure, "binds", "us-persons",
                     "effective_from", since, "note", note);
}

struct weak_ctx {
    struct list_build *b;
    const struct rd_subject *subject;
    const char *where;
};

static void add_weak(void *ctx, const char *kind, const char *name)
{
    const struct weak_ctx *w = ctx;
    list_add_alias(w->b, w->subject, name, kind, w->where);
}

/* sdn.csv: one subject and its ruling per entry, both or neither. */
static bool entry_row(struct list_build *b, const struct csv_reader *r, const char *where,
                      void *ctx)
{
    struct ofac_ctx *c = ctx;
    struct dataset *ds = b->ds;
    const char *ent = list_field(b, r, P_ENT);
    char id[DATASET_ID_MAX + 1];
    snprintf(id, sizeof id, "%s%s", c->m->prefix, ent ? ent : "");
    uint32_t at;
    const json_t *addresses =
        ent && strmap_get(&c->addresses_of, ent, &at) ? c->addresses[at] : NULL;
    if (!list_stage(b, RECORD_SUBJECT, subject_json(b, r, id, addresses), where) ||
        !list_stage(b, RECORD_RULING, ruling_json(c, id, list_field(b, r, P_PROGRAM)), where)) {
        b->rep->skipped++;
        return true;
    }
    (void)strmap_put(&c->by_entry, ds->subjects[ds->n_subjects].id, (uint32_t)ds->n_subjects, NULL);
    struct weak_ctx w = {b, &ds->subjects[ds->n_subjects], where};
    ds->n_subjects++;
    list_facts_weak_aliases(list_field(b, r, P_REMARKS), add_weak, &w);
    ds->n_rulings++;
    b->rep->entries++;
    b->rep->rulings++;
    return true;
}

/* alt.csv: an alternate name of an entry, of kind aka, fka or nka. */
static bool alias_row(struct list_build *b, const struct csv_reader *r, const char *where,
                      void *ctx)
{
    struct ofac_ctx *c = ctx;
    const char *ent = list_field(b, r, A_ENT), *type = list_field(b, r, A_TYPE);
    const char *name = list_field(b, r, A_NAME);
    char id[DATASET_ID_MAX + 1];
    snprintf(id, sizeof id, "%s%s", c->m->prefix, ent ? ent : "");
    uint32_t at;
    if (!strmap_get(&c->by_entry, id, &at)) {
        b->rep->aliases_skipped++;
        list_skip(b, where, "unknown_entry", "alias of entry %s, which is not converted",
                  ent ? ent : "(none)");
        return true;
    }
    if (!name) {
        b->rep->aliases_skipped++;
        list_skip(b, where, "required", "alias: no name");
        return true;
    }
    bool known = type && (!strcmp(type, "aka") || !strcmp(type, "fka") || !strcmp(type, "nka"));
    list_add_alias(b, &b->ds->subjects[at], name, known ? type : "aka", where);
    return true;
}

struct ofac_files {
    char *data[3];
    size_t len[3];
};

/* Reads the three files; the addresses are optional (no countries without them). */
static bool read_files(const char *dir, const struct ofac_meta *m, struct ofac_files *f,
                       struct rd_error *err)
{
    for (int i = 0; i < 3; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, m->files[i]);
        if (!list_read_file(path, &f->data[i], &f->len[i], err) && i < 2) return false;
    }
    rd_error_clear(err);
    return true;
}

static bool convert_files(struct list_build *b, struct ofac_ctx *c, const struct ofac_files *f,
                          struct rd_error *err)
{
    const char *const *names = c->m->files;
    struct dataset *ds = b->ds;
    if (!list_stage(b, RECORD_SOURCE, source_json(c->m), "source")) {
        rd_error_set(err, "the source record is invalid");
        return false;
    }
    ds->n_sources++;
    b->rep->sources++;
    return (!f->data[2] || list_each_row(b, f->data[2], f->len[2], names[2], false, D_FIELDS,
                                         address_row, c, err)) &&
           list_each_row(b, f->data[0], f->len[0], names[0], false, P_FIELDS, entry_row, c, err) &&
           list_each_row(b, f->data[1], f->len[1], names[1], false, A_FIELDS, alias_row, c, err);
}

/* An upper bound of the weak aliases in the primary file. */
static size_t count_weak(const char *data, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i + 6 <= len; i++)
        if (memcmp(data + i, ".k.a. ", 6) == 0) n++;
    return n;
}

bool list_ofac_convert(const char *dir, enum ofac_list which, const struct list_dates *dates,
                       struct dataset *ds, struct list_report *rep, struct rd_error *err)
{
    struct ofac_files f = {0};
    struct list_build b;
    struct ofac_ctx c = {.m = &OFAC_LISTS[which], .dates = dates};
    memset(ds, 0, sizeof *ds);
    bool ok = list_build_init(&b, ds, rep, 0);
    if (!ok || !(ok = read_files(dir, c.m, &f, err))) goto out;
    size_t entries = list_count_lines(f.data[0], f.len[0]);
    /* alt.csv's names, and the weak ones the Remarks give ("a.k.a. '...'") */
    size_t aliases = list_count_lines(f.data[1], f.len[1]) + count_weak(f.data[0], f.len[0]);
    size_t addresses = f.data[2] ? list_count_lines(f.data[2], f.len[2]) : 0;
    c.addresses = calloc(addresses + 1, sizeof *c.addresses);
    ok = c.addresses && strmap_init(&c.by_entry, entries) &&
         strmap_init(&c.addresses_of, addresses + 1) && strmap_init(&b.alias_keys, aliases) &&
         dataset_reserve(ds, 1, entries, aliases, entries);
    if (!ok) {
        rd_error_set(err, "out of memory");
        goto out;
    }
    ok = convert_files(&b, &c, &f, err);
out:
    if (!ok && !err->message[0]) rd_error_set(err, "out of memory");
    for (int i = 0; i < 3; i++)
        free(f.data[i]);
    for (size_t i = 0; i < c.n_addresses; i++)
        json_decref(c.addresses[i]);
    free(c.addresses);
    strmap_free(&c.by_entry);
    strmap_free(&c.addresses_of);
    list_build_free(&b);
    return ok;
}
