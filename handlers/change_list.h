#ifndef HANDLERS_CHANGE_LIST_H
#define HANDLERS_CHANGE_LIST_H
/*
 * Rendering pages of the audit trail (db/history.h), shared by GET /v1/changes,
 * GET /v1/rulings/{id}/history and GET /v1/admin/audit; and the "next" links of
 * their pagination.
 */
#include "db/history.h"
#include "handlers/params.h"
#include "server/request.h"
#include "lib/jsonw.h"

enum change_fields {
    CHANGE_ACTOR = 1 << 0,  /* "actor" (admin only: token names are not public) */
    CHANGE_ENTITY = 1 << 1, /* "entity" and "id" */
    CHANGE_BEFORE = 1 << 2, /* "before" and "after" rather than "record" */
};

/* One change: {"revision", "at", ["actor"], "action", ["entity", "id"], "changed",
 * "record" | "before" + "after"}; images in API form (rulings/change_image.h). */
void change_write(struct jw *w, const struct change_row *r, unsigned fields);

/* A page of changes as members of an open object: "`key`": [each change, with `fields`],
 * then "next": the link to the next page, or null when `next` is NULL. */
void change_page_write(struct jw *w, const char *key, const struct change_page *page,
                       unsigned fields, const char *next);

#define CHANGE_DEFAULT_LIMIT 100
#define CHANGE_MAX_LIMIT 1000

/* `since` as a revision and `limit`, as /v1/changes and the ruling history take them. */
void change_params_after_revision(struct params *p, struct change_query *q);

/* Reads the page `q` asks for; when it cannot be read, answers (503 with Retry-After
 * while PostgreSQL is away, else 500, logged) and returns false. */
bool change_page_read(struct request *req, const struct change_query *q, struct change_page *page);

/* Appends "name=value" to a query string being built in `sb` ('?' or '&' first),
 * percent-encoding the value. */
void query_append(struct strbuf *sb, const char *name, const char *value);

#endif
