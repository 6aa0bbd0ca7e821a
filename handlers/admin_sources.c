/* /v1/admin/sources: create, read, replace and revoke sources (the legal instruments). */
#include <string.h>

#include "handlers/admin.h"
#include "handlers/handlers.h"

static bool parse_source(struct admin_record *rec, const json_t *body, const char *path_id,
                         struct field_errors *fe)
{
    json_t *b = admin_editable(body, path_id);
    struct rd_source *s = &rec->ds.sources[0];
    bool ok = dataset_parse_source(&rec->ds, b, "", s, fe);
    json_decref(b);
    if (ok && path_id && strcmp(s->id, path_id) != 0) {
        field_errors_add(fe, "id", "id_mismatch", "must be the id in the path (\"%s\")", path_id);
        ok = false;
    }
    rec->ds.n_sources = ok;
    return ok;
}

static const struct admin_kind sources = {ENTITY_SOURCE, "/v1/admin/sources", parse_source};

void handle_admin_source_create(struct request *req)
{
    admin_create(req, &sources);
}

void handle_admin_source_get(struct request *req)
{
    admin_get(req, &sources);
}

void handle_admin_source_replace(struct request *req)
{
    admin_replace(req, &sources);
}

void handle_admin_source_revoke(struct request *req)
{
    admin_revoke(req, &sources);
}
