/* Pagination shared by the lists: limit, cursor, the envelope (handlers/listing.h). */
#include "handlers/listing.h"

#include <stdio.h>
#include <string.h>

#include "handlers/change_list.h"
#include "lib/hash.h"
#include "lib/utf8.h"

/* A hash of the list's path and the raw values of its filter parameters, each preceded by
 * its name: a cursor fits only the list and the filters it was made for. */
static uint64_t filters_hash(struct request *req, const char *const *filters)
{
    struct strbuf sb = {0};
    sb_puts(&sb, req_path(req));
    sb_putc(&sb, '\x1f');
    for (const char *const *f = filters; f && *f; f++) {
        const char *v;
        size_t n;
        if (!req_query(req, *f, &v, &n)) continue;
        sb_puts(&sb, *f);
        sb_putc(&sb, '=');
        sb_append(&sb, v, n);
        sb_putc(&sb, '\x1f');
    }
    uint64_t h = hash_bytes(sb.data ? sb.data : "", sb.len);
    sb_free(&sb);
    return h;
}

void listing_params(struct params *p, const char *const *filters, struct listing *l)
{
    memset(l, 0, sizeof *l);
    l->limit = (size_t)params_integer(p, "limit", 1, BROWSE_MAX_LIMIT, LISTING_DEFAULT_LIMIT);
    l->filters = filters_hash(p->req, filters);
    size_t len;
    const char *text = params_text(p, "cursor", CURSOR_TEXT_MAX, false, &len);
    if (!text) return;
    struct rd_error err;
    if (!cursor_decode(text, len, &l->cursor, &err)) {
        field_errors_add(&p->errors, "cursor", "invalid_cursor", "%s", err.message);
        return;
    }
    if (l->cursor.filters != l->filters) {
        field_errors_add(&p->errors, "cursor", "invalid_cursor",
                         "was made for other filters: send it with the same parameters as the "
                         "request that returned it (only limit may change)");
        return;
    }
    l->has_cursor = true;
    l->after = (struct browse_after){l->cursor.rank, l->cursor.id};
}

const struct browse_after *listing_after(const struct listing *l)
{
    return l->has_cursor ? &l->after : NULL;
}

static bool keep_param(void *ctx, const char *name, const char *value, size_t len)
{
    (void)len;
    if (strcmp(name, "cursor") != 0) query_append(ctx, name, value);
    return true;
}

/* This page's URL with its cursor replaced by `cursor`. */
static void next_url(struct request *req, const char *cursor, struct strbuf *url)
{
    sb_puts(url, req_path(req));
    req_query_each(req, keep_param, url);
    query_append(url, "cursor", cursor);
}

void listing_reply(struct request *req, const struct snapshot *s, const struct listing *l,
                   bool ranked, const char *(*id_of)(const struct snapshot *, uint32_t),
                   void (*item)(struct jw *, const struct snapshot *, const struct browse_item *,
                                void *),
                   void *ctx)
{
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    jw_object_begin(&w);
    JW_MEMBER_INT(&w, "revision", s->revision);
    const struct answer_basis *basis = req_basis(req);
    if (basis->past) {
        jw_key(&w, "known_at");
        jw_time_us(&w, basis->known_at_us);
    }
    jw_key(&w, "items");
    jw_array_begin(&w);
    for (size_t i = 0; i < l->n; i++)
        item(&w, s, &l->items[i], ctx);
    jw_array_end(&w);
    jw_key(&w, "next_cursor");
    char text[CURSOR_TEXT_MAX];
    const char *next = NULL;
    if (l->more && l->n > 0) {
        const struct browse_item *last = &l->items[l->n - 1];
        struct cursor c = {
            .revision = s->revision, .filters = l->filters, .ranked = ranked, .rank = last->rank};
        snprintf(c.id, sizeof c.id, "%s", id_of(s, last->index));
        cursor_encode(&c, text, sizeof text);
        next = text;
    }
    jw_string(&w, next); /* NULL writes null */
    /* the same as every list: the URL of the next page, in the body and in Link */
    struct strbuf url = {0};
    if (next) next_url(req, next, &url);
    jw_key(&w, "next");
    jw_string(&w, url.data);
    jw_object_end(&w);
    reply_link_next(req, url.data);
    sb_free(&url);
    reply_json(req, 200, &sb);
}

void listing_reply_record(struct request *req, const char *what,
                          const struct strmap *(*index_of)(const struct snapshot *),
                          void (*render)(struct jw *, const struct snapshot *, uint32_t))
{
    const struct snapshot *snap = req_snapshot(req);
    if (!params_none(req)) return;
    const char *id = req_path_param(req, 0);
    uint32_t i;
    if (!id || !strmap_get(index_of(snap), id, &i)) {
        char safe[120], detail[200];
        utf8_sanitize(safe, sizeof safe, id ? id : "", id ? strlen(id) : 0);
        snprintf(detail, sizeof detail, "no %s has the id \"%s\"", what, safe);
        reply_problem(req, PROBLEM_NOT_FOUND, detail, NULL);
        return;
    }
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    render(&w, snap, i);
    reply_json(req, 200, &sb);
}
