#ifndef HANDLERS_LISTING_H
#define HANDLERS_LISTING_H
/*
 * What every paginated list shares: the `limit` and `cursor` parameters, and the
 * envelope {"revision":N,"items":[...],"next_cursor":"..."|null}. The cursor is made
 * for one list (the path) and its filters (the raw values of the parameters named in
 * `filters`): sent to another list or with other filters, it is a 400 naming `cursor`.
 */
#include <stdbool.h>
#include <stddef.h>

#include "handlers/params.h"
#include "rulings/browse.h"
#include "rulings/cursor.h"
#include "lib/jsonw.h"

#define LISTING_DEFAULT_LIMIT 50

struct listing {
    size_t limit;
    uint64_t filters;
    bool has_cursor;
    struct cursor cursor;
    struct browse_after after; /* points into cursor */
    /* The page, as a browse_* call fills it: items[0..n), and whether more follow. */
    struct browse_item items[BROWSE_MAX_LIMIT];
    size_t n;
    bool more;
};

/* Reads limit and cursor (errors go into `p`). `filters` is NULL-terminated. */
void listing_params(struct params *p, const char *const *filters, struct listing *l);

/* Where the page starts, for the browse_* call: NULL from the beginning. */
const struct browse_after *listing_after(const struct listing *l);

/* Answers 200 with the whole envelope of the page in `l`: each item written by `item`,
 * the next cursor made from the last one (`id_of` names it; `ranked`: a search). */
void listing_reply(struct request *req, const struct snapshot *s, const struct listing *l,
                   bool ranked, const char *(*id_of)(const struct snapshot *, uint32_t),
                   void (*item)(struct jw *, const struct snapshot *, const struct browse_item *,
                                void *),
                   void *ctx);

/* Answers a by-id route (GET /v1/subjects/{id}...): no query parameters, the record
 * found through `index_of(snapshot)` and written by `render`, or 404 naming `what`
 * ("subject"...) when the snapshot has no such id. */
void listing_reply_record(struct request *req, const char *what,
                          const struct strmap *(*index_of)(const struct snapshot *),
                          void (*render)(struct jw *, const struct snapshot *, uint32_t));

#endif
