/* /v1/admin/subjects: create, read, replace and revoke subjects. Their aliases are records
 * of their own (/v1/admin/aliases), so that each has its own version. */
#include <string.h>

#include "handlers/admin.h"
#include "handlers/handlers.h"

static bool parse_subject(struct admin_record *rec, const json_t *body, const char *path_id,
                          struct field_errors *fe)
{
    json_t *b = admin_editable(body, path_id);
    struct rd_subject *s = &rec->ds.subjects[0];
    bool ok = dataset_parse_subject(&rec->ds, b, "", s, fe);
    if (json_object_get(b, "aliases")) {
        field_errors_add(fe, "aliases", "unknown_field",
                         "aliases are records of their own: POST /v1/admin/aliases");
        ok = false;
    }
    json_decref(b);
    if (ok && path_id && strcmp(s->id, path_id) != 0) {
        field_errors_add(fe, "id", "id_mismatch", "must be the id in the path (\"%s\")", path_id);
        ok = false;
    }
    rec->ds.n_subjects = ok;
    return ok;
}

static const struct admin_kind subjects = {ENTITY_SUBJECT, "/v1/admin/subjects", parse_subject};

void handle_admin_subject_create(struct request *req)
{
    admin_create(req, &subjects);
}

void handle_admin_subject_get(struct request *req)
{
    admin_get(req, &subjects);
}

void handle_admin_subject_replace(struct request *req)
{
    admin_replace(req, &subjects);
}

void handle_admin_subject_revoke(struct request *req)
{
    admin_revoke(req, &subjects);
}
