#ifndef RULINGS_IDENTIFIER_LOOKUP_H
#define RULINGS_IDENTIFIER_LOOKUP_H
/*
 * Looking an identifier up in a snapshot, widening as its scheme allows: a CPE's vendor and
 * product, then the vendor alone ("cpe:kaspersky:*"); a purl's name, then its namespace
 * ("purl:maven/com.example/" then "*"); a bundle identifier or Android package, then each shorter
 * prefix of whole labels ("com.kaspersky.kav" -> "com.kaspersky"); a website, then each
 * parent domain ("support.kaspersky.com" -> "kaspersky.com"). Every step is one hash look-up
 * in the map built with the snapshot; the most specific key found wins.
 */
#include <stddef.h>
#include <stdint.h>

#include "rulings/identifier.h"
#include "rulings/snapshot.h"

/* The subjects (up to `cap`, into `out`) named by `key` ("scheme:value", normalised) or the
 * nearest wider key; `matched` (may be NULL) gets the key found. Returns how many. */
size_t identifier_lookup(const struct snapshot *s, const char *key, uint32_t *out, size_t cap,
                         char *matched);

#endif
