/* The per-thread cache of query words' fuzzy neighbours (match/neighbour_cache.h). */
#include "match/neighbour_cache.h"

#include <string.h>

#include "lib/strmap.h"

#define NB_SLOTS 512 /* direct-mapped; about 128 KiB a thread */

struct nb_entry *nb_lookup(uint64_t serial, const char *w, size_t len, unsigned depth, bool *hit)
{
    static _Thread_local struct nb_entry slots[NB_SLOTS];
    *hit = false;
    if (len > NB_MAX_WORD || serial == 0) return NULL;
    struct nb_entry *e = &slots[(strmap_hash(w, len) ^ depth) % NB_SLOTS];
    if (e->serial == serial && e->depth == depth && e->len == len && !e->full &&
        memcmp(e->word, w, len) == 0) {
        *hit = true;
        return e;
    }
    e->serial = 0; /* not kept until the look-up is done */
    e->depth = (uint8_t)depth;
    e->len = (uint8_t)len;
    e->n = 0;
    e->full = false;
    memcpy(e->word, w, len);
    return e;
}

void nb_done(struct nb_entry *e, uint64_t serial)
{
    if (e && !e->full) e->serial = serial;
}
