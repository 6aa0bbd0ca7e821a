/* /v1/admin/rulings: create, read, replace and revoke rulings. */
#include <string.h>

#include "handlers/admin.h"
#include "handlers/handlers.h"

static bool parse_ruling(struct admin_record *rec, const json_t *body, const char *path_id,
                         struct field_errors *fe)
{
    json_t *b = admin_editable(body, path_id);
    struct rd_ruling *r = &rec->ds.rulings[0];
    bool ok = dataset_parse_ruling(&rec->ds, b, "", r, fe);
    json_decref(b);
    if (ok && path_id && strcmp(r->id, path_id) != 0) {
        field_errors_add(fe, "id", "id_mismatch", "must be the id in the path (\"%s\")", path_id);
        ok = false;
    }
    rec->ds.n_rulings = ok;
    return ok;
}

static const struct admin_kind rulings = {ENTITY_RULING, "/v1/admin/rulings", parse_ruling};

void handle_admin_ruling_create(struct request *req)
{
    admin_create(req, &rulings);
}

void handle_admin_ruling_get(struct request *req)
{
    admin_get(req, &rulings);
}

void handle_admin_ruling_replace(struct request *req)
{
    admin_replace(req, &rulings);
}

void handle_admin_ruling_revoke(struct request *req)
{
    admin_revoke(req, &rulings);
}
