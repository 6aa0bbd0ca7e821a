/* PUT /v1/portfolios/{id}/items: the items replaced as a whole, from JSON, NDJSON or CSV
 * read as /v1/screen reads its lists (handlers/screen_input.h), each row checked as a
 * screening row is (screen_row_check) and answered now (rulings/watch.h), so that only
 * later changes make events. GET lists them with their answers. Issue 18. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/portfolios.h"
#include "handlers/handlers.h"
#include "handlers/params.h"
#include "handlers/portfolio.h"
#include "handlers/screen.h"
#include "lib/arena.h"
#include "lib/strmap.h"
#include "lib/timeutil.h"

struct items {
    struct portfolio_item_write *v;
    size_t n, cap;
    struct arena arena; /* the items' strings */
    struct strmap refs; /* ref -> row, to refuse a ref given twice */
    struct field_errors fe;
    const char *id, *actor;
    bool found;
};

static void items_free(struct items *it)
{
    free(it->v);
    arena_free(&it->arena);
    strmap_free(&it->refs);
    field_errors_free(&it->fe);
}

/* Copies a checked value, NULL staying NULL. */
static const char *keep(struct items *it, const char *s)
{
    return s ? arena_strdup(&it->arena, s) : NULL;
}

/* Row-level checks beyond a screening row's: a ref, given once; no as_of (an item is
 * always answered now). */
static void check_item_shape(struct items *it, const struct screen_raw *raw, struct screen_row *row)
{
    const struct screen_value *ref = &raw->v[SF_REF];
    if (raw->v[SF_AS_OF].text) {
        field_errors_add(&row->errors, "as_of", "not_allowed",
                         "items are always answered now: leave as_of out");
    }
    if (!ref->text || ref->len == 0) {
        field_errors_add(&row->errors, "ref", "required",
                         "is required: it names the item in events");
        return;
    }
    uint32_t old;
    char *copy = arena_strndup(&it->arena, ref->text, ref->len);
    if (copy && strmap_get(&it->refs, copy, &old))
        field_errors_add(&row->errors, "ref", "duplicate", "is the ref of row %u too", old);
    else if (copy)
        (void)strmap_put(&it->refs, copy, (uint32_t)raw->row, NULL); /* false: a new key */
}

/* Each of the row's errors as items[row].field (rows counted from 1, as /v1/screen does). */
static void add_row_errors(struct items *it, const struct screen_raw *raw,
                           const struct screen_row *row)
{
    char field[FIELD_ERROR_FIELD_MAX + 32]; /* cut to FIELD_ERROR_FIELD_MAX when kept */
    for (size_t i = 0; i < row->errors.count; i++) {
        const struct field_error *e = &row->errors.items[i];
        snprintf(field, sizeof field, "items[%zu].%s", raw->row, e->field);
        field_errors_add(&it->fe, field, e->code, "%s", e->message);
    }
    it->fe.dropped += row->errors.dropped;
}

/* Appends the checked row as an item answered from `s` now. False when out of memory. */
static bool add_item(struct items *it, const struct screen_raw *raw, const struct screen_row *row,
                     const struct snapshot *s, int64_t now)
{
    if (it->n == it->cap) {
        size_t cap = it->cap ? it->cap * 2 : 256;
        struct portfolio_item_write *v = realloc(it->v, cap * sizeof *v);
        if (!v) return false;
        it->v = v;
        it->cap = cap;
    }
    struct portfolio_item_write *w = &it->v[it->n];
    memset(w, 0, sizeof *w);
    w->ref = arena_strndup(&it->arena, raw->v[SF_REF].text, raw->v[SF_REF].len);
    w->q.name = arena_strndup(&it->arena, row->q.name ? row->q.name : "", row->q.name_len);
    w->q.kind = row->q.kind >= 0 ? enum_name(&SUBJECT_KINDS, row->q.kind) : NULL;
    w->q.jurisdiction = keep(it, row->q.jurisdiction);
    w->q.binds = keep(it, row->q.binds);
    w->q.purpose = keep(it, row->q.purpose);
    w->q.category = keep(it, row->q.category);
    w->q.identifier = keep(it, row->q.identifier);
    struct watch_answer a;
    if (!w->ref || !w->q.name || !watch_answer(s, &w->q, now, &a)) return false;
    w->verdict = a.verdict;
    w->has_since = a.has_since;
    w->since = a.since;
    w->rulings = arena_strdup(&it->arena, a.rulings);
    if (!w->rulings) return false;
    it->n++;
    return true;
}

/* Reads every row; false (answered) when the body cannot be read, holds too many rows
 * or runs out of memory. Bad rows are in it->fe. */
static bool read_items(struct request *req, struct items *it, enum screen_format f,
                       const char *body, size_t len)
{
    struct screen_reader r;
    struct rd_error err = {0};
    const struct screen_raw *raw;
    struct check_request d = {.kind = -1}; /* what a row does not say */
    const struct snapshot *s = req_snapshot(req);
    int64_t now = rd_now();
    enum screen_status st = screen_reader_open(&r, f, body, len, NULL, &err);
    bool ok = true;
    while (ok && st == SCREEN_ROW && (st = screen_reader_next(&r, &raw, &err)) == SCREEN_ROW) {
        if (raw->row > PORTFOLIO_MAX_ITEMS) break;
        struct screen_row row;
        bool good = screen_row_check(raw, &d, &row);
        check_item_shape(it, raw, &row);
        if (good && row.errors.count == 0)
            ok = add_item(it, raw, &row, s, now);
        else
            add_row_errors(it, raw, &row);
        field_errors_free(&row.errors);
    }
    screen_reader_close(&r);
    if (!ok)
        reply_problem(req, PROBLEM_INTERNAL, "out of memory", NULL);
    else if (st == SCREEN_ROW)
        reply_field_problem(req, PROBLEM_PAYLOAD_TOO_LARGE, "items", "too_many",
                            "a portfolio holds at most 100000 items", NULL);
    else if (st == SCREEN_INVALID_BODY)
        reply_problem(req, PROBLEM_INVALID_BODY, err.message, NULL);
    else if (st == SCREEN_INVALID_HEADER)
        reply_field_problem(req, PROBLEM_VALIDATION_FAILED, "header", "invalid_header", err.message,
                            err.message);
    return ok && st == SCREEN_END;
}

static bool replace_fn(PGconn *c, void *ctx, struct rd_error *err)
{
    struct items *it = ctx;
    return db_portfolio_replace_items(c, it->id, it->v, it->n, it->actor, &it->found, err);
}

void handle_portfolio_items_replace(struct request *req)
{
    const char *id = portfolio_path_id(req);
    if (!id || !params_none(req)) return;
    enum screen_format f;
    char detail[256];
    if (!screen_input_format(req_header(req, "Content-Type"), &f, detail, sizeof detail)) {
        reply_problem(req, PROBLEM_UNSUPPORTED_MEDIA_TYPE, detail, NULL);
        return;
    }
    size_t len;
    const char *body = req_body(req, &len);
    if (screen_body_blank(body, len) && f != SCREEN_CSV) {
        reply_problem(req, PROBLEM_INVALID_BODY,
                      "the body is empty: send the items (an empty JSON array [] removes them all)",
                      NULL);
        return;
    }
    struct items it = {.id = id, .actor = req_actor(req)};
    if (!strmap_init(&it.refs, 1024)) {
        reply_problem(req, PROBLEM_INTERNAL, "out of memory", NULL);
        return;
    }
    if (!read_items(req, &it, f, body, len)) goto out;
    if (it.fe.count || it.fe.dropped) {
        reply_problem(req, PROBLEM_VALIDATION_FAILED,
                      "some items are not valid (items[N] counts rows from 1): nothing was written",
                      &it.fe);
        goto out;
    }
    if (!portfolio_db(req, replace_fn, &it, NULL)) goto out;
    if (!it.found) {
        portfolio_not_found(req, id);
        goto out;
    }
    portfolio_reply_current(req, id, 200);
out:
    items_free(&it);
}

/* An opaque cursor: "p" + the position of the last item listed, in decimal. */
static bool read_cursor(const char *s, char tag, long long *after)
{
    if (!s) return true;
    char *end;
    if (s[0] != tag || s[1] < '0' || s[1] > '9') return false;
    long long v = strtoll(s + 1, &end, 10);
    if (*end || v < 0) return false;
    *after = v;
    return true;
}

struct page {
    const char *id;
    long long after;
    int limit;
    char *json;
    bool events;
};

static bool page_fn(PGconn *c, void *ctx, struct rd_error *err)
{
    struct page *p = ctx;
    free(p->json);
    return p->events ? db_portfolio_events(c, p->id, p->after, p->limit, &p->json, err)
                     : db_portfolio_items(c, p->id, p->after, p->limit, &p->json, err);
}

/* GET .../items?cursor=&limit= and .../events?since=&limit=: a page, oldest first. */
static void list_page(struct request *req, bool events)
{
    static const char *const items_allowed[] = {"cursor", "limit", NULL};
    static const char *const events_allowed[] = {"since", "limit", NULL};
    const char *id = portfolio_path_id(req);
    if (!id) return;
    struct params p;
    params_begin(&p, req, events ? events_allowed : items_allowed);
    struct page pg = {.id = id, .events = events};
    pg.limit = (int)params_integer(&p, "limit", 1, 1000, events ? 100 : 500);
    if (events) {
        pg.after = params_integer(&p, "since", 0, 9000000000000000000L, 0);
    } else if (!read_cursor(params_text(&p, "cursor", 32, false, NULL), 'p', &pg.after)) {
        field_errors_add(&p.errors, "cursor", "invalid_value",
                         "is not a cursor this server gave out (use the \"next\" link)");
    }
    if (params_reply_if_invalid(&p) || !portfolio_db(req, page_fn, &pg, NULL)) return;
    if (!pg.json) {
        portfolio_not_found(req, id);
        return;
    }
    portfolio_reply_page(req, id, pg.json, events, pg.limit);
}

void handle_portfolio_items(struct request *req)
{
    list_page(req, false);
}

void handle_portfolio_events(struct request *req)
{
    list_page(req, true);
}
