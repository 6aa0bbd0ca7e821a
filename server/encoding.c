#include "server/encoding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/accept.h"
#include "server/gzip.h"
#include "server/request.h"

void encoding_choose(struct request *req)
{
    req->gzip = false;
    req->vary_encoding = gzip_worth(req->content_type);
    if (!req->vary_encoding) return;
    if (!accept_coding_allows(req_header(req, "Accept-Encoding"), "gzip")) return;
    req->gzip = req->stream != NULL || req->resp_len >= GZIP_MIN_BYTES;
}

void encoding_etag(const struct request *req, const char *etag, char *out, size_t size)
{
    size_t n = strlen(etag);
    if (!req->gzip || n < 2 || etag[n - 1] != '"')
        snprintf(out, size, "%s", etag);
    else
        snprintf(out, size, "%.*s-gzip\"", (int)(n - 1), etag);
}

void encoding_apply(struct request *req)
{
    if (!req->gzip || req->stream || !req->resp) return;
    size_t len = 0;
    char *z = gzip_buffer(req->resp, req->resp_len, &len);
    if (!z) {
        req->gzip = false;
        return;
    }
    reply_drop_body(req);
    req->resp = z;
    req->resp_len = len;
}

void encoding_headers(const struct request *req, struct MHD_Response *resp, unsigned status)
{
    /* one Vary for what the answer depends on besides the URL */
    const char *origins = req->srv->cfg->cors_origins;
    bool by_origin = origins && *origins;
    if (req->vary_encoding || by_origin)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY,
                                req->vary_encoding && by_origin ? "Accept-Encoding, Origin"
                                : by_origin                     ? "Origin"
                                                                : "Accept-Encoding");
    if (req->gzip && status != 304 && status != 204)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
}
