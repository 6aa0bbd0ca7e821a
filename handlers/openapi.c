/* GET /openapi.json: the OpenAPI 3.1 contract (docs/openapi.yaml), as built in. */
#include "handlers/openapi.h"

#include "handlers/handlers.h"
#include "handlers/params.h"

void handle_openapi(struct request *req)
{
    if (!params_none(req)) return;
    struct strbuf sb = {0};
    sb_append(&sb, openapi_json, openapi_json_len);
    reply_json(req, 200, &sb);
}
