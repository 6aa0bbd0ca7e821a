#ifndef SERVER_WEBHOOK_HTTP_H
#define SERVER_WEBHOOK_HTTP_H
/*
 * One webhook delivery over HTTP with libcurl: a POST of the event, signed as Standard
 * Webhooks says (lib/webhook_sign.h), to the address checked beforehand (lib/url_target.h;
 * pinned, so that the name cannot resolve elsewhere in between), with bounded connect and
 * total times and response size, no redirects followed, http and https only.
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/url_target.h"

#define WEBHOOK_CONNECT_TIMEOUT_MS 3000
#define WEBHOOK_MAX_RESPONSE (64 * 1024) /* bytes of an answer read at most */

struct webhook_request {
    const char *url;
    const struct url_target *target; /* parsed and resolved */
    const char *id, *secret;
    const char *body;
    size_t len;
    unsigned timeout_ms;
    const atomic_bool *stopping; /* when it turns true the transfer is abandoned (a stop) */
};

struct webhook_outcome {
    bool delivered; /* a 2xx came back */
    int status;     /* 0 when no answer came */
    char error[600];
    int ms;
};

/* Call once before any thread sends (curl_global_init). */
bool webhook_http_init(void);

/* Sends; never fails otherwise than by filling `out`. */
void webhook_http_post(const struct webhook_request *rq, struct webhook_outcome *out);

#endif
