#include "server/cors.h"

#include <string.h>
#include <strings.h>

#include "server/request.h"

/* The headers of our answers a script may read beyond the CORS-safelisted ones. */
static const char exposed[] = "ETag, Link, Retry-After, X-Request-Id, X-Data-Revision, "
                              "X-Snapshot-Age, X-Screen-Rows, Location, X-Known-At";
/* The request headers the API reads beyond the safelisted ones. */
static const char allowed_headers[] =
    "Authorization, Content-Type, If-Match, If-None-Match, X-Request-Id";
/* How long a browser may keep a preflight's answer (seconds). */
static const char max_age[] = "600";

bool cors_allowed(const struct config *cfg, const char *origin)
{
    const char *list = cfg->cors_origins;
    if (!origin || !list || !*list) return false;
    size_t olen = strlen(origin);
    for (const char *p = list; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t n = strcspn(p, ",");
        size_t t = n;
        while (t > 0 && p[t - 1] == ' ')
            t--;
        if ((t == 1 && p[0] == '*') || (t == olen && strncasecmp(p, origin, t) == 0)) return true;
        p += n;
    }
    return false;
}

bool cors_preflight(struct request *req)
{
    if (strcmp(req->method, "OPTIONS") != 0 || !req_header(req, "Access-Control-Request-Method"))
        return false;
    const char *origin = req_header(req, "Origin");
    if (cors_allowed(req->srv->cfg, origin)) {
        reply_header(req, "Access-Control-Allow-Methods", req->match.allow);
        reply_header(req, "Access-Control-Allow-Headers", allowed_headers);
        reply_header(req, "Access-Control-Max-Age", max_age);
    }
    struct strbuf empty = {0};
    reply_body(req, 204, "text/plain", &empty);
    return true;
}

void cors_add_headers(const struct request *req, struct MHD_Response *resp)
{
    const char *list = req->srv->cfg->cors_origins;
    if (!list || !*list) return;
    const char *origin = req_header(req, "Origin");
    if (!cors_allowed(req->srv->cfg, origin)) return;
    MHD_add_response_header(resp, "Access-Control-Allow-Origin", origin);
    MHD_add_response_header(resp, "Access-Control-Expose-Headers", exposed);
}
