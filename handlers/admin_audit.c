/* GET /v1/admin/audit?since=&entity=&id=&actor=&limit=&cursor=: who changed what and when,
 * with the record before and after each change, oldest first. entity=token lists the
 * token changes (created, revoked) instead of the data. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/admin.h"
#include "handlers/change_list.h"
#include "handlers/handlers.h"
#include "handlers/params.h"
#include "lib/timeutil.h"

static const char *const audit_entities[] = {"source", "subject", "alias", "ruling", "token"};
static const struct enum_names AUDIT_ENTITIES = {audit_entities, 5};

/* An opaque cursor: "c" + the last revision listed, in hex. */
static bool parse_cursor(const char *s, long long *after)
{
    if (!s) return true;
    size_t n = strlen(s);
    if (n < 2 || n > 17 || s[0] != 'c') return false;
    for (size_t i = 1; i < n; i++)
        if (!strchr("0123456789abcdef", s[i])) return false;
    *after = (long long)strtoull(s + 1, NULL, 16);
    return true;
}

/* RFC 3339 instant (to the microsecond), or a date meaning the start of that day (UTC), in
 * microseconds since 1970; `text` gets the value as given (NULL when absent). */
static int64_t params_since_us(struct params *p, const char *name, const char **text)
{
    const char *v = params_text(p, name, 64, false, NULL);
    *text = v;
    int64_t t = 0;
    bool date = v && strlen(v) == 10;
    enum rd_time_fault f = !v     ? RD_TIME_OK
                           : date ? rd_time_read_since(v, &t)
                                  : rd_time_read_instant_us(v, &t);
    if (date && f == RD_TIME_OK) t *= 1000000;
    if (f == RD_TIME_MALFORMED)
        field_errors_add(&p->errors, name, "invalid_date",
                         "must be an RFC 3339 instant (2024-07-20T04:00:00Z) or a date "
                         "(2024-07-20, meaning the start of that day in UTC)");
    else if (f != RD_TIME_OK)
        field_errors_add(&p->errors, name, "invalid_date", "%s", rd_time_fault_message(f));
    return t;
}

/* The same query from after `last`: /v1/admin/audit?...&cursor=c<last in hex>. */
static void next_link(struct strbuf *next, const struct change_query *q, const char *since_text,
                      long long last)
{
    char buf[32];
    sb_puts(next, "/v1/admin/audit");
    if (since_text) query_append(next, "since", since_text);
    if (q->entity) query_append(next, "entity", q->entity);
    if (q->entity_id) query_append(next, "id", q->entity_id);
    if (q->actor) query_append(next, "actor", q->actor);
    snprintf(buf, sizeof buf, "%d", q->limit);
    query_append(next, "limit", buf);
    snprintf(buf, sizeof buf, "c%llx", (unsigned long long)last);
    query_append(next, "cursor", buf);
}

void handle_admin_audit(struct request *req)
{
    static const char *const allowed[] = {"since", "entity", "id", "actor",
                                          "limit", "cursor", NULL};
    struct params p;
    params_begin(&p, req, allowed);
    struct change_query q = {0};
    const char *since_text;
    q.since_us = params_since_us(&p, "since", &since_text);
    int entity = params_enum(&p, "entity", &AUDIT_ENTITIES, -1);
    q.entity = entity >= 0 ? audit_entities[entity] : NULL;
    q.entity_id = params_text(&p, "id", 200, false, NULL);
    q.actor = params_text(&p, "actor", 200, false, NULL);
    q.limit = (int)params_integer(&p, "limit", 1, CHANGE_MAX_LIMIT, CHANGE_DEFAULT_LIMIT);
    const char *cursor = params_text(&p, "cursor", 32, false, NULL);
    if (!parse_cursor(cursor, &q.after))
        field_errors_add(&p.errors, "cursor", "invalid_value",
                         "is not a cursor this server gave out (use the \"next\" link)");
    if (params_reply_if_invalid(&p)) return;

    struct change_page page;
    if (!change_page_read(req, &q, &page)) return;
    struct strbuf next = {0};
    if (page.more && page.n) next_link(&next, &q, since_text, page.rows[page.n - 1].revision);
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    jw_object_begin(&w);
    change_page_write(&w, "changes", &page, CHANGE_ACTOR | CHANGE_ENTITY | CHANGE_BEFORE,
                      next.data);
    jw_object_end(&w);
    reply_link_next(req, next.data);
    sb_free(&next);
    change_page_free(&page);
    reply_json(req, 200, &sb);
}
