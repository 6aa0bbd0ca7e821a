#ifndef LIB_COUNTRY_H
#define LIB_COUNTRY_H
/*
 * ISO 3166-1 alpha-2 country codes, from Debian's iso-codes package (compiled in at build
 * time by lib/embed_iso3166.py), plus the user-assigned codes in common use that the
 * standard leaves to its users: XK (Kosovo).
 */
#include <stddef.h>

struct country_code {
    const char *alpha2; /* "GB" */
    const char *name;   /* "United Kingdom" */
};

/* The generated table, sorted by code. */
extern const struct country_code COUNTRY_CODES[];
extern const size_t N_COUNTRY_CODES;

/* The country of `alpha2` (two capitals), or NULL when it is no assigned code. */
const struct country_code *country_find(const char *alpha2);

#endif
