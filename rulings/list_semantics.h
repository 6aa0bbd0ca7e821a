#ifndef RULINGS_LIST_SEMANTICS_H
#define RULINGS_LIST_SEMANTICS_H
/*
 * What a listing on each list the Consolidated Screening List gathers means, as one table
 * (rulings/list_semantics.c, documented in docs/lists.md): the source it becomes, and the
 * status, measure and parties of the ruling every entry of it gets.
 */
#include <jansson.h>

struct list_semantics {
    const char *tag; /* how the CSL's `source` column names it: "(EL)" */
    const char *id, *kind, *authority, *title, *citation, *url;
    const char *status, *measure_code, *measure;
    const char *binds;   /* a party code, or NULL: binds nobody (an advisory) */
    const char *affects; /* a party code, or NULL */
};

/* The list a CSL `source` value names ("Entity List (EL) - Bureau of Industry and
 * Security"), or NULL when the table does not know it. */
const struct list_semantics *list_semantics_find(const char *source);

/* The source record of the list, as a data-set JSON object (new reference). */
json_t *list_semantics_source_json(const struct list_semantics *s);

#endif
