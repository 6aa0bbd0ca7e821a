/* GET /metrics: the Prometheus text exposition format, version 0.0.4. */
#include "handlers/handlers.h"
#include "handlers/params.h"

void handle_metrics(struct request *req)
{
    static const char *const allowed[] = {NULL};
    struct params p;
    params_begin(&p, req, allowed);
    if (params_reply_if_invalid(&p)) return;
    struct strbuf sb = {0};
    req_metrics(req, &sb);
    reply_body(req, 200, "text/plain; version=0.0.4; charset=utf-8", &sb);
}
