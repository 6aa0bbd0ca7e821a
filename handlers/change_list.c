/* Pages of the audit trail as JSON, for the change feed, the history and the audit. */
#include "handlers/change_list.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "handlers/admin.h"
#include "rulings/change_image.h"

void change_write(struct jw *w, const struct change_row *r, unsigned fields)
{
    json_t *before = r->before ? json_loads(r->before, 0, NULL) : NULL;
    json_t *after = r->after ? json_loads(r->after, 0, NULL) : NULL;
    jw_object_begin(w);
    JW_MEMBER_INT(w, "revision", r->revision);
    jw_key(w, "at");
    jw_time_us(w, r->at_us);
    if (fields & CHANGE_ACTOR) {
        JW_MEMBER_STRING(w, "actor", r->actor);
    }
    JW_MEMBER_STRING(w, "action", r->action);
    if (fields & CHANGE_ENTITY) {
        JW_MEMBER_STRING(w, "entity", r->entity);
        JW_MEMBER_STRING(w, "id", r->entity_id);
    }
    jw_key(w, "changed");
    change_image_changed(w, before, after);
    if (fields & CHANGE_BEFORE) {
        jw_key(w, "before");
        change_image_write(w, r->entity, before);
        jw_key(w, "after");
    } else {
        jw_key(w, "record");
    }
    change_image_write(w, r->entity, after);
    jw_object_end(w);
    json_decref(before);
    json_decref(after);
}

void change_page_write(struct jw *w, const char *key, const struct change_page *page,
                       unsigned fields, const char *next)
{
    jw_key(w, key);
    jw_array_begin(w);
    for (size_t i = 0; i < page->n; i++)
        change_write(w, &page->rows[i], fields);
    jw_array_end(w);
    jw_key(w, "next");
    jw_string(w, next); /* NULL writes null */
}

void change_params_after_revision(struct params *p, struct change_query *q)
{
    q->after = params_integer(p, "since", 0, 9000000000000000000L, 0);
    q->limit = (int)params_integer(p, "limit", 1, CHANGE_MAX_LIMIT, CHANGE_DEFAULT_LIMIT);
}

bool change_page_read(struct request *req, const struct change_query *q, struct change_page *page)
{
    bool unavailable;
    struct rd_error err = {0};
    if (db_change_page(req_pool(req), q, page, &unavailable, &err)) return true;
    change_page_free(page);
    if (unavailable)
        reply_db_unavailable(req, "PostgreSQL is unavailable: the change history is kept "
                                  "there (checks keep being answered)");
    else
        admin_reply_failed(req, "reading the change history", &err);
    return false;
}

void query_append(struct strbuf *sb, const char *name, const char *value)
{
    static const char hex[] = "0123456789ABCDEF";
    sb_putc(sb, strchr(sb->data ? sb->data : "", '?') ? '&' : '?');
    sb_puts(sb, name);
    sb_putc(sb, '=');
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                     (*p >= '0' && *p <= '9') || strchr("-._~:", *p);
        if (plain) {
            sb_putc(sb, (char)*p);
        } else {
            sb_putc(sb, '%');
            sb_putc(sb, hex[*p >> 4]);
            sb_putc(sb, hex[*p & 15]);
        }
    }
}
