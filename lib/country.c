#include "lib/country.h"

#include <stdlib.h>
#include <string.h>

/* Codes the standard reserves for its users, in use on lists restrictd reads. */
static const struct country_code user_assigned[] = {
    {"XK", "Kosovo (user-assigned code)"},
};

static int by_code(const void *key, const void *entry)
{
    return strcmp(key, ((const struct country_code *)entry)->alpha2);
}

const struct country_code *country_find(const char *alpha2)
{
    const struct country_code *c =
        bsearch(alpha2, COUNTRY_CODES, N_COUNTRY_CODES, sizeof *COUNTRY_CODES, by_code);
    if (c) return c;
    for (size_t i = 0; i < sizeof user_assigned / sizeof *user_assigned; i++)
        if (strcmp(user_assigned[i].alpha2, alpha2) == 0) return &user_assigned[i];
    return NULL;
}
