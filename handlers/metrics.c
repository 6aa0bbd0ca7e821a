/* GET /metrics: the Prometheus text exposition format, version 0.0.4. */
#include "handlers/handlers.h"
#include "handlers/params.h"

void handle_metrics(struct request *req)
{
    if (!params_none(req)) return;
    struct strbuf sb = {0};
    req_metrics(req, &sb);
    reply_body(req, 200, "text/plain; version=0.0.4; charset=utf-8", &sb);
}
