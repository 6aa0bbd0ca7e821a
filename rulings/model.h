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
    SOURCE_KIND_COUNT
};

enum subject_kind { SUBJECT_ORGANIZATION, SUBJECT_PRODUCT, SUBJECT_PERSON, SUBJECT_KIND_COUNT };

enum relation {
    RELATION_NONE,
    RELATION_SUBSIDIARY_OF,
    RELATION_PRODUCT_OF,
    RELATION_INCORPORATES,
    RELATION_SUCCESSOR_OF,
    RELATION_COUNT
};

enum alias_kind {
    ALIAS_NAME, /* the subject's own name; never stored as an alias row */
    ALIAS_LEGAL,
    ALIAS_FORMER,
    ALIAS_BRAND,
    ALIAS_TRANSLITERATION,
    ALIAS_DOMAIN,
    ALIAS_TYPO,
    ALIAS_KIND_COUNT
};

enum ruling_status {
    STATUS_PROHIBITED,
    STATUS_RESTRICTED,
    STATUS_ADVISORY,
    STATUS_EXEMPT,
    STATUS_COUNT
};

extern const struct enum_names SOURCE_KINDS, SUBJECT_KINDS, RELATIONS, ALIAS_KINDS, STATUSES;


/* Strings below are NUL-terminated UTF-8; optional ones may be NULL.
 * `version` is the row version from PostgreSQL (0 when read from a file). */
struct rd_source {
    char *id, *authority, *jurisdiction, *title, *citation, *document;
    char *signed_on, *published_on; /* YYYY-MM-DD */
    char *url, *summary;
    enum source_kind kind;
    int64_t version;
};

struct rd_alias {
    int64_t id; /* row id in PostgreSQL; 0 when read from a file */
    char *subject_id, *alias, *lang;
    enum alias_kind kind;
    int64_t version;
};

struct rd_subject {
    char *id, *name, *country, *parent_id, *note;
    enum subject_kind kind;
    enum relation relation;
    int64_t version;
};

struct rd_ruling {
    char *id, *subject_id, *source_id, *measure_code, *measure, *binds, *quote, *note;
    enum ruling_status status;
    int64_t effective_from;
    int64_t effective_until; /* meaningful only when has_until */
    bool has_until;
    bool extends_to_affiliates;
    bool quote_verbatim;
    int64_t version;
};

/* In force at instant t: from effective_from on, until (not including) effective_until. */
static inline bool rd_ruling_in_force(const struct rd_ruling *r, int64_t t)
{
    return r->effective_from <= t && (!r->has_until || t < r->effective_until);
}

/* The order rulings are listed in everywhere: by effective_from, then by id. */
static inline int rd_ruling_cmp(const struct rd_ruling *x, const struct rd_ruling *y)
{
    if (x->effective_from != y->effective_from) return x->effective_from < y->effective_from ? -1 : 1;
    return strcmp(x->id, y->id);
}

#endif
