#ifndef SERVER_CORS_H
#define SERVER_CORS_H
/*
 * Cross-origin calls from browsers (the Fetch standard's CORS protocol), for the origins
 * in RESTRICTD_CORS_ORIGINS (none by default: a browser page elsewhere cannot read any
 * answer). Tokens travel in Authorization, never in cookies, so credentials mode is not
 * offered. A preflight (OPTIONS with Access-Control-Request-Method) for an allowed origin
 * is answered 204 with the methods the path takes and the request headers the API reads;
 * every answer to an allowed origin names it and the response headers a script may read.
 */
#include <microhttpd.h>
#include <stdbool.h>

#include "server/http_internal.h"

/* Whether `origin` may call (cfg->cors_origins lists it, or is "*"). */
bool cors_allowed(const struct config *cfg, const char *origin);

/* A preflight to an existing path (its methods in req->match.allow): answered 204 with the
 * CORS headers when the origin is allowed, else 204 without them. True when it was one. */
bool cors_preflight(struct request *req);

/* Adds Access-Control-Allow-Origin and -Expose-Headers to an answer for an allowed
 * origin (Vary: Origin, whenever origins are configured, comes with encoding_headers). */
void cors_add_headers(const struct request *req, struct MHD_Response *resp);

#endif
