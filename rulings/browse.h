#ifndef RULINGS_BROWSE_H
#define RULINGS_BROWSE_H
/*
 * Browsing the snapshot: one page of subjects (all of them, or those a search finds),
 * rulings (filtered) or sources. Every list is ordered by (rank descending, id
 * ascending) -- rank is a search's score, 0 otherwise -- and a page is the `limit`
 * items that come strictly after a position (rulings/cursor.h), so pages never
 * overlap and no offset is kept. No allocation beyond the caller's arrays, except a
 * search's match list.
 *
 * A search by name (q) finds subjects two ways: through the matcher (normalised
 * name, match_find with a lower threshold), ranked by score; and, for browsing, every
 * subject a name or alias of which holds each word of q as the start of a word
 * ("kasp lab" finds "Kaspersky Lab"), ranked 0, after the matcher's finds.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rulings/snapshot.h"

#define BROWSE_MAX_LIMIT 200
#define BROWSE_MIN_SCORE 0.5    /* a search's matcher threshold */
#define BROWSE_MAX_MATCHES 1000 /* matcher finds considered per search */
#define BROWSE_CONTAINS (-1)    /* browse_item.method of a find by words */

/* Where a page starts: after this (rank, id); id NULL = from the beginning. */
struct browse_after {
    double rank;
    const char *id;
};

struct browse_item {
    uint32_t index; /* into s->subjects, s->rulings or s->sources */
    double rank;
    uint32_t alias; /* searches: the alias that was found (into s->aliases) */
    int method;     /* searches: enum match_method, or BROWSE_CONTAINS */
};

struct subject_query {
    const char *q; /* NULL: every subject */
    size_t q_len;
    int kind; /* enum subject_kind or -1 */
};

struct ruling_filter {
    const char *subject, *source; /* ids, NULL = any */
    int status;                   /* enum ruling_status or -1 */
    bool on;                      /* only rulings in effect at `at` */
    int64_t at;
};

enum browse_status { BROWSE_OK, BROWSE_BAD_QUERY, BROWSE_NO_MEMORY };

/* Fills out[0..limit) (out has room for `limit` items, limit <= BROWSE_MAX_LIMIT) and
 * *n; *more says whether items follow. BROWSE_BAD_QUERY: q is not UTF-8 or too long. */
enum browse_status browse_subjects(const struct snapshot *s, const struct subject_query *q,
                                   const struct browse_after *after, struct browse_item *out,
                                   size_t limit, size_t *n, bool *more) RD_MUST_CHECK;

void browse_rulings(const struct snapshot *s, const struct ruling_filter *f,
                    const struct browse_after *after, struct browse_item *out, size_t limit,
                    size_t *n, bool *more);

void browse_sources(const struct snapshot *s, const struct browse_after *after,
                    struct browse_item *out, size_t limit, size_t *n, bool *more);

/* The id of an item of each list. */
const char *browse_subject_id(const struct snapshot *s, uint32_t i);
const char *browse_ruling_id(const struct snapshot *s, uint32_t i);
const char *browse_source_id(const struct snapshot *s, uint32_t i);

#endif
