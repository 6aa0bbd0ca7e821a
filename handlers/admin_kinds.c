/* How the body of each admin entity is read (/v1/admin/sources, subjects, aliases and
 * rulings): the route table passes one of these to the generic operations of
 * handlers/admin_records.c. */
#include <string.h>

#include "handlers/admin.h"

/* A record addressed by its id (source, subject, ruling): the path's id, when given, is the
 * body's id, and must agree with it. A subject's aliases are records of their own
 * (/v1/admin/aliases), so that each has its own version. Adds the record to rec->ds when
 * it is valid. */
static bool parse_by_id(struct admin_record *rec, const json_t *body, const char *path_id,
                        struct field_errors *fe)
{
    enum record_kind k = (enum record_kind)rec->entity;
    json_t *b = admin_editable(body, path_id);
    bool ok = dataset_parse_next(&rec->ds, k, b, "", fe);
    if (k == RECORD_SUBJECT && json_object_get(b, "aliases")) {
        field_errors_add(fe, "aliases", "unknown_field",
                         "aliases are records of their own: POST /v1/admin/aliases");
        ok = false;
    }
    json_decref(b);
    const char *id = ok ? dataset_record_id(&rec->ds, k, 0) : NULL;
    if (ok && path_id && strcmp(id, path_id) != 0) {
        field_errors_add(fe, "id", "id_mismatch", "must be the id in the path (\"%s\")", path_id);
        ok = false;
    }
    if (!ok) rec->ds.n_sources = rec->ds.n_subjects = rec->ds.n_rulings = 0; /* none held */
    return ok;
}

/* An alias is addressed by its row id (a number, given in the answer to its creation); its
 * body names its subject: {"subject": "ao-kaspersky-lab", "alias": "...", "kind": "former"}. */
static bool parse_alias(struct admin_record *rec, const json_t *body, const char *path_id,
                        struct field_errors *fe)
{
    (void)path_id; /* the row id is not part of the body */
    if (!json_is_object(body)) {
        field_errors_add(fe, "body", "invalid_type", "must be a JSON object");
        return false;
    }
    bool ok = true;
    const json_t *subject = json_object_get(body, "subject");
    const char *subject_id = json_string_value(subject);
    if (!subject || json_is_null(subject)) {
        field_errors_add(fe, "subject", "required", "is required");
        ok = false;
    } else if (!subject_id || !dataset_valid_id(subject_id)) {
        field_errors_add(fe, "subject", "invalid_id",
                         "must be a subject id (a slug: lower-case letters and digits, then "
                         "also '-', '.', '_')");
        ok = false;
    }
    json_t *rest = admin_editable(body, NULL);
    json_object_del(rest, "subject");
    json_object_del(rest, "id"); /* an alias read back carries its row id: the path says it */
    char *owner = ok ? arena_strdup(&rec->ds.arena, subject_id) : NULL;
    ok = dataset_parse_alias(&rec->ds, rest, "", owner, &rec->ds.aliases[0], fe) && ok && owner;
    json_decref(rest);
    rec->ds.n_aliases = ok;
    return ok;
}

const struct admin_kind ADMIN_SOURCES = {ENTITY_SOURCE, "/v1/admin/sources", parse_by_id};
const struct admin_kind ADMIN_SUBJECTS = {ENTITY_SUBJECT, "/v1/admin/subjects", parse_by_id};
const struct admin_kind ADMIN_ALIASES = {ENTITY_ALIAS, "/v1/admin/aliases", parse_alias};
const struct admin_kind ADMIN_RULINGS = {ENTITY_RULING, "/v1/admin/rulings", parse_by_id};
