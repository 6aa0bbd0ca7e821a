#ifndef RULINGS_MODEL_H
#define RULINGS_MODEL_H
/*
 * The records restrictd reasons about, as they come from a data-set file or from
 * PostgreSQL, and the enumerations that constrain them. Every enumeration is one
 * table of names (model.c): the JSON format, the SQL CHECKs and the documentation
 * all spell the values the same way.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/enum_names.h"

enum source_kind {
    SOURCE_FINAL_DETERMINATION,
    SOURCE_ENTITY_LIST,
    SOURCE_STATUTE,
    SOURCE_DIRECTIVE,
    SOURCE_SANCTIONS,
    SOURCE_ADVISORY,
    SOURCE_REGULATION,
    SOURCE_COVERED_LIST,
    SOURCE_GOVERNMENT_DECISION,
    SOURCE_PRESS_RELEASE, /* an agency's announcement, cited for the words it alone has */
    SOURCE_KIND_COUNT
};

/* A category is a rule set over a class of things a name alone cannot decide ("consumer-grade
 * routers produced in a foreign country"): applied when a question states the category. */
enum subject_kind {
    SUBJECT_ORGANIZATION,
    SUBJECT_PRODUCT,
    SUBJECT_PERSON,
    SUBJECT_CATEGORY,
    SUBJECT_VESSEL,   /* a ship, as sanctions lists carry them (IMO number, call sign, flag) */
    SUBJECT_AIRCRAFT, /* an aircraft (tail number, manufacturer serial number) */
    SUBJECT_KIND_COUNT
};

enum relation {
    RELATION_NONE,
    RELATION_SUBSIDIARY_OF,
    RELATION_PRODUCT_OF,
    RELATION_INCORPORATES,
    RELATION_SUCCESSOR_OF,
    RELATION_COUNT
};

/* How deep relations go: evaluation (rulings/reach.c) follows every link within these
 * bounds, and a write that would put a subject deeper is refused (rulings/dataset_check.c,
 * db/hierarchy.c; docs/admin.md). A chain is the links in a row above a subject of one
 * kind: subsidiary_of (its corporate group), or product_of, incorporates and successor_of
 * (walked one after the other). */
#define RELATION_MAX_CHAIN 6        /* product_of, incorporates, successor_of */
#define RELATION_MAX_GROUP_DEPTH 16 /* subsidiary_of */

enum alias_kind {
    ALIAS_NAME, /* the subject's own name; never stored as an alias row */
    ALIAS_LEGAL,
    ALIAS_FORMER,
    ALIAS_BRAND,
    ALIAS_TRANSLITERATION,
    ALIAS_DOMAIN,
    ALIAS_TYPO,
    ALIAS_AKA, /* the kinds OFAC's lists give: also known as, formerly known as, now known as */
    ALIAS_FKA,
    ALIAS_NKA,
    /* OFAC's weak aliases ("relatively broad or generic", given in the Remarks of the legacy
     * files): found only when asked exactly as written, never by a part or a misspelling */
    ALIAS_WEAK_AKA,
    ALIAS_WEAK_FKA,
    ALIAS_WEAK_NKA,
    ALIAS_KIND_COUNT
};

enum ruling_status {
    STATUS_PROHIBITED,
    STATUS_RESTRICTED,
    STATUS_ADVISORY,
    STATUS_EXEMPT,
    STATUS_COUNT
};

/* Which products of the organisations a ruling reaches (docs/decisions/0007). */
enum product_reach { REACH_PRODUCTS_ALL, REACH_PRODUCTS_NONE, REACH_PRODUCTS_CATEGORIES };

extern const struct enum_names SOURCE_KINDS, SUBJECT_KINDS, RELATIONS, ALIAS_KINDS, STATUSES;

static inline bool rd_alias_kind_weak(enum alias_kind kind)
{
    return kind >= ALIAS_WEAK_AKA && kind <= ALIAS_WEAK_NKA;
}

/* A list of codes (party, purpose, category, ruling id), owned by the data set's arena. */
struct rd_codes {
    char **items;
    uint32_t n;
};

/* Does `c` hold `code`? */
bool rd_codes_has(const struct rd_codes *c, const char *code);

/* What a ruling reaches beyond its subject. */
struct rd_reach {
    bool group;         /* the corporate group: parents, subsidiaries, affiliates, successors */
    bool incorporating; /* third-party products that incorporate a reached one */
    enum product_reach products;
    struct rd_codes categories; /* REACH_PRODUCTS_CATEGORIES: the product categories reached */
};

/* The condition under which a ruling applies; `code` NULL when it has none. */
struct rd_condition {
    char *code, *text;
    struct rd_codes purposes; /* when not empty, a stated purpose decides */
};

/* A window in which a ruling is not in force. */
struct rd_window {
    int64_t from, until; /* `until` meaningful only when has_until */
    bool has_until;
    char *note;
};

/* Strings below are NUL-terminated UTF-8; optional ones may be NULL.
 * `version` is the row version from PostgreSQL (0 when read from a file). */
struct rd_source {
    char *id, *authority, *jurisdiction, *title, *citation, *document;
    char *signed_on, *published_on; /* YYYY-MM-DD */
    char *url, *summary;
    enum source_kind kind;
    int64_t version;
    int64_t updated_at; /* unix seconds the source or one of its rulings last changed; 0 unknown */
    char *list_json;    /* a published list's import health as a JSON object (db/load.c); or NULL */
};

struct rd_alias {
    int64_t id; /* row id in PostgreSQL; 0 when read from a file */
    char *subject_id, *alias, *lang;
    enum alias_kind kind;
    int64_t version;
};

/* An address a list gives for a subject (any member may be NULL). */
struct rd_address {
    char *street, *city, *country; /* country: ISO 3166-1 alpha-2 */
};

struct rd_subject {
    char *id, *name, *country, *parent_id, *note;
    struct rd_codes categories;  /* products and categories: what it is */
    struct rd_codes identifiers; /* "scheme:value", normalised (rulings/identifier.h) */
    /* what a list says of it besides names (rulings/subject_facts.h) */
    struct rd_codes born;          /* dates of birth or incorporation, EDTF: "1960-01-12" */
    struct rd_codes nationalities; /* ISO 3166-1 alpha-2 */
    struct rd_address *addresses;
    uint32_t n_addresses;
    enum subject_kind kind;
    enum relation relation;
    int64_t version;
};

struct rd_ruling {
    char *id, *subject_id, *source_id, *measure_code, *measure, *quote, *note;
    char *quote_source;      /* the source `quote` comes from, when not source_id; may be NULL */
    struct rd_codes binds;   /* who carries the duty (at least one) */
    struct rd_codes affects; /* who must act because of it */
    struct rd_codes exempts; /* exempt rulings: the rulings it carves out of */
    struct rd_reach reach;
    struct rd_condition condition;
    struct rd_window *suspensions;
    uint32_t n_suspensions;
    enum ruling_status status;
    int64_t effective_from;
    int64_t effective_until; /* meaningful only when has_until */
    bool has_until;
    bool certain; /* false: whether it is in force is not known (certainty "unknown") */
    bool quote_verbatim;
    int64_t version;
};

/* In force at instant t: from effective_from on, until (not including) effective_until, and
 * outside every suspension window. */
static inline bool rd_ruling_in_force(const struct rd_ruling *r, int64_t t)
{
    if (r->effective_from > t || (r->has_until && t >= r->effective_until)) return false;
    for (uint32_t i = 0; i < r->n_suspensions; i++) {
        const struct rd_window *w = &r->suspensions[i];
        if (w->from <= t && (!w->has_until || t < w->until)) return false;
    }
    return true;
}

/* The order rulings are listed in everywhere: by effective_from, then by id. */
static inline int rd_ruling_cmp(const struct rd_ruling *x, const struct rd_ruling *y)
{
    if (x->effective_from != y->effective_from)
        return x->effective_from < y->effective_from ? -1 : 1;
    return strcmp(x->id, y->id);
}

#endif
