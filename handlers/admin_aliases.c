/* /v1/admin/aliases: create, read, replace and revoke aliases. An alias is addressed by
 * its row id (a number, given in the answer to its creation); its body names its subject:
 * {"subject": "ao-kaspersky-lab", "alias": "...", "kind": "former", "lang": "en"}. */
#include <string.h>

#include "handlers/admin.h"
#include "handlers/handlers.h"

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

static const struct admin_kind aliases = {ENTITY_ALIAS, "/v1/admin/aliases", parse_alias};

void handle_admin_alias_create(struct request *req)
{
    admin_create(req, &aliases);
}

void handle_admin_alias_get(struct request *req)
{
    admin_get(req, &aliases);
}

void handle_admin_alias_replace(struct request *req)
{
    admin_replace(req, &aliases);
}

void handle_admin_alias_revoke(struct request *req)
{
    admin_revoke(req, &aliases);
}
