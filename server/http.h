#ifndef SERVER_HTTP_H
#define SERVER_HTTP_H
/*
 * The HTTP server on libmicrohttpd: one epoll thread per worker, each request
 * answered on its second callback (keep-alive), bodies collected up to the cap,
 * per-request memory freed in the completion callback. Implements the request
 * contract of server/request.h.
 */
#include <stdbool.h>

#include "lib/error.h"
#include "server/config.h"

struct http_server;

/* What the admin and history routes and the token checks need (server/auth.h), borrowed
 * for the server's life; either may be NULL (then those routes answer 503). */
struct http_services {
    struct db_pool *pool;
    struct auth *auth;
    struct offload *offload; /* runs the requests that use the pool; NULL: they run inline */
};
/* Starts listening on cfg->listen; the config and `svc` (may be NULL) are borrowed for the
 * server's life. */
struct http_server *http_start_with(const struct config *cfg, const struct http_services *svc,
                                    struct rd_error *err) RD_MUST_CHECK;

/* The port actually bound (useful with port 0). */
unsigned http_port(const struct http_server *srv);

/* Stops accepting, lets in-flight requests finish for up to `grace_seconds`, then stops
 * and frees the server. */
void http_stop(struct http_server *srv, unsigned grace_seconds);

#endif
