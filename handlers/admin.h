#ifndef HANDLERS_ADMIN_H
#define HANDLERS_ADMIN_H
/*
 * What the admin handlers share (handlers/admin_common.c, admin_records.c): reading a
 * JSON body, If-Match, answering with a record and its version, turning a db status
 * into the right problem. handlers/admin_kinds.c says how each entity's body is read;
 * admin_records.c runs get/create/replace/revoke for all four, with the entity's
 * admin_kind as the route's context (server/routes.c).
 *
 * Versions: an admin record's ETag is its version, "\"3\"". PUT and DELETE need
 * If-Match with it: missing 428, not current 412 (with current_version), malformed 400.
 * Every helper that returns false has answered the request.
 */
#include <jansson.h>
#include <stdint.h>

#include "db/admin.h"
#include "server/request.h"

/* How an entity's body is read into `rec` (initialised for the entity). `path_id` is
 * the id of the record being replaced (NULL on create). Lists every bad field in `fe`. */
typedef bool admin_parse_fn(struct admin_record *rec, const json_t *body, const char *path_id,
                            struct field_errors *fe);

struct admin_kind {
    enum admin_entity entity;
    const char *collection; /* "/v1/admin/rulings" */
    admin_parse_fn *parse;
};

/* The route contexts of the four entities (admin_kinds.c). */
extern const struct admin_kind ADMIN_SOURCES, ADMIN_SUBJECTS, ADMIN_ALIASES, ADMIN_RULINGS;

/* --- helpers (admin_common.c) --- */

/* The body as a JSON value (caller json_decref()s): 415 unless JSON, 400 if malformed. */
bool admin_read_json(struct request *req, json_t **out);
/* "changes_total", "changes" (each with its fields; revisions unless a dry run) and
 * "changes_not_listed" of a load's report, as members of the open object. */
struct seed_report;
struct jw;
void admin_write_changes(struct jw *w, const struct seed_report *r, bool dry_run);
/* POST /v1/admin/import with format= a published list (admin_import_list.c). */
struct list_format;
void admin_import_list(struct request *req, const struct list_format *f);

/* The If-Match version: 428 when missing, 400 when not a single "N". */
bool admin_if_match(struct request *req, int64_t *version);

/* A 500 whose cause is logged with the request id (not shown to the client). */
void admin_reply_failed(struct request *req, const char *what, const struct rd_error *err);

/* Sets X-Data-Revision to a revision read from PostgreSQL (newer than the snapshot's). */
void admin_set_revision(struct request *req, long long revision);

/* Waits (up to ADMIN_WAIT_SERVED_MS) until this instance serves `revision`, so that a
 * client reading right after its write sees it here (read-your-writes); other instances
 * follow within a second through the notification. */
#define ADMIN_WAIT_SERVED_MS 2000
void admin_wait_served(long long revision);

/* The fields of `body` a client may set: a copy without the read-only version,
 * created_at, updated_at and revoked_at (so that a record read with GET can be edited
 * and sent back), with "id" set to `id` (may be NULL) when it has none (PUT may leave
 * the id to the path). Caller json_decref()s; NULL when out of memory. */
json_t *admin_editable(const json_t *body, const char *id);

#endif
