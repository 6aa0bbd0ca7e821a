/* GET /openapi.json: the OpenAPI 3.1 contract (docs/openapi.yaml), as built in. */
#include "handlers/openapi.h"

#include "handlers/handlers.h"
#include "handlers/params.h"

void handle_openapi(struct request *req)
{
    static const char *const allowed[] = {NULL};
    struct params p;
    params_begin(&p, req, allowed);
    if (params_reply_if_invalid(&p)) return;
    struct strbuf sb = {0};
    sb_append(&sb, openapi_json, openapi_json_len);
    reply_json(req, 200, &sb);
}
