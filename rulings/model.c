#include "rulings/model.h"

#include <stdio.h>
#include <string.h>

#define NAMES(arr) {arr, (int)(sizeof arr / sizeof arr[0])}

static const char *const source_kind_names[] = {
    "final_determination", "entity_list", "statute",      "directive",          "sanctions",
    "advisory",            "regulation",  "covered_list", "government_decision"};
static const char *const subject_kind_names[] = {"organization", "product", "person"};
static const char *const relation_names[] = {"", "subsidiary_of", "product_of", "incorporates",
                                             "successor_of"};
static const char *const alias_kind_names[] = {"name",            "legal",  "former", "brand",
                                               "transliteration", "domain", "typo"};
static const char *const status_names[] = {"prohibited", "restricted", "advisory", "exempt"};

_Static_assert(sizeof source_kind_names / sizeof *source_kind_names == SOURCE_KIND_COUNT, "");
_Static_assert(sizeof subject_kind_names / sizeof *subject_kind_names == SUBJECT_KIND_COUNT, "");
_Static_assert(sizeof relation_names / sizeof *relation_names == RELATION_COUNT, "");
_Static_assert(sizeof alias_kind_names / sizeof *alias_kind_names == ALIAS_KIND_COUNT, "");
_Static_assert(sizeof status_names / sizeof *status_names == STATUS_COUNT, "");

const struct enum_names SOURCE_KINDS = NAMES(source_kind_names);
const struct enum_names SUBJECT_KINDS = NAMES(subject_kind_names);
const struct enum_names RELATIONS = NAMES(relation_names);
const struct enum_names ALIAS_KINDS = NAMES(alias_kind_names);
const struct enum_names STATUSES = NAMES(status_names);

int enum_parse(const struct enum_names *e, const char *s)
{
    if (!s || !*s) return -1;
    for (int i = 0; i < e->count; i++)
        if (strcmp(e->names[i], s) == 0) return i;
    return -1;
}

const char *enum_name(const struct enum_names *e, int v)
{
    return v >= 0 && v < e->count ? e->names[v] : "";
}

void enum_list(const struct enum_names *e, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < e->count; i++) {
        if (!*e->names[i]) continue;
        int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", e->names[i]);
        if (n < 0 || (size_t)n >= size - used) break;
        used += (size_t)n;
    }
}
