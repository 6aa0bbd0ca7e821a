#ifndef HANDLERS_CHANGE_LIST_H
#define HANDLERS_CHANGE_LIST_H
/*
 * Rendering pages of the audit trail (db/history.h), shared by GET /v1/changes,
 * GET /v1/rulings/{id}/history and GET /v1/admin/audit; and the "next" links of
 * their pagination.
 */
#include "db/history.h"
#include "handlers/request.h"
#include "rulings/jsonw.h"

enum change_fields {
    CHANGE_ACTOR = 1 << 0,  /* "actor" (admin only: token names are not public) */
    CHANGE_ENTITY = 1 << 1, /* "entity" and "id" */
    CHANGE_BEFORE = 1 << 2, /* "before" and "after" rather than "record" */
};

/* One change: {"revision", "at", ["actor"], "action", ["entity", "id"], "changed",
 * "record" | "before" + "after"}; images in API form (rulings/change_image.h). */
void change_write(struct jw *w, const struct change_row *r, unsigned fields);

/* Answers a page that could not be read: 503 with Retry-After, or 500 (logged). */
void change_reply_error(struct request *req, bool unavailable, const struct rd_error *err);

/* Appends "name=value" to a query string being built in `sb` ('?' or '&' first),
 * percent-encoding the value. */
void query_append(struct strbuf *sb, const char *name, const char *value);

#endif
