#include "rulings/model.h"

#include <stdio.h>
#include <string.h>

static const char *const source_kind_names[] = {
    "final_determination", "entity_list",  "statute",    "directive",
    "sanctions",           "advisory",     "regulation", "covered_list",
    "government_decision", "press_release"};
static const char *const subject_kind_names[] = {"organization", "product", "person",
                                                 "category",     "vessel",  "aircraft"};
static const char *const relation_names[] = {"", "subsidiary_of", "product_of", "incorporates",
                                             "successor_of"};
static const char *const alias_kind_names[] = {
    "name", "legal", "former", "brand",    "transliteration", "domain",  "typo",
    "aka",  "fka",   "nka",    "weak-aka", "weak-fka",        "weak-nka"};
static const char *const status_names[] = {"prohibited", "restricted", "advisory", "exempt"};

_Static_assert(sizeof source_kind_names / sizeof *source_kind_names == SOURCE_KIND_COUNT, "");
_Static_assert(sizeof subject_kind_names / sizeof *subject_kind_names == SUBJECT_KIND_COUNT, "");
_Static_assert(sizeof relation_names / sizeof *relation_names == RELATION_COUNT, "");
_Static_assert(sizeof alias_kind_names / sizeof *alias_kind_names == ALIAS_KIND_COUNT, "");
_Static_assert(sizeof status_names / sizeof *status_names == STATUS_COUNT, "");

const struct enum_names SOURCE_KINDS = ENUM_NAMES(source_kind_names);
const struct enum_names SUBJECT_KINDS = ENUM_NAMES(subject_kind_names);
const struct enum_names RELATIONS = ENUM_NAMES(relation_names);
const struct enum_names ALIAS_KINDS = ENUM_NAMES(alias_kind_names);
const struct enum_names STATUSES = ENUM_NAMES(status_names);

bool rd_codes_has(const struct rd_codes *c, const char *code)
{
    for (uint32_t i = 0; i < c->n; i++)
        if (strcmp(c->items[i], code) == 0) return true;
    return false;
}
