#ifndef SERVER_ROUTER_H
#define SERVER_ROUTER_H
/*
 * Routing: the table of routes is server/routes.c; a pattern is a path whose
 * segments may be {placeholders}. HEAD is answered by GET routes.
 */
#include <stddef.h>

#include "server/request.h"

#define ROUTE_MAX_PARAMS 4

typedef void handler_fn(struct request *req);

enum route_flags {
    ROUTE_PUBLIC = 0,        /* behind reader tokens when RESTRICTD_READ_TOKENS=1 */
    ROUTE_OPEN = 1 << 0,     /* never needs a token (health, problem pages) */
    ROUTE_ADMIN = 1 << 1,    /* needs an admin token */
    ROUTE_SNAPSHOT = 1 << 2, /* answers from the snapshot: 503 not-ready until one is loaded */
    /* takes whole lists: the token is checked before the body is read, and the body goes
     * to a temporary file (server/spool.h), up to RESTRICTD_MAX_IMPORT_BODY */
    ROUTE_SPOOLED_BODY = 1 << 3,
    /* its handler reads PostgreSQL: it runs on the database threads (server/offload.h),
     * never on libmicrohttpd's; every ROUTE_ADMIN route does too (its token is looked up
     * there) */
    ROUTE_DATABASE = 1 << 4,
    /* a public ROUTE_DATABASE route whose answers are kept per data revision
     * (server/answer_cache.h): polling it costs no database work */
    ROUTE_CACHED = 1 << 5,
    /* answers a question "as known at" a past instant or revision (known_at, revision):
     * from a past snapshot, built on the database threads when not kept (server/past.h) */
    ROUTE_PAST = 1 << 6,
    /* needs a monitor or admin token, looked up in PostgreSQL as for ROUTE_ADMIN: the
     * portfolios and their events (issue 18); runs on the database threads */
    ROUTE_MONITOR = 1 << 7,
};

struct route {
    const char *method;
    const char *pattern; /* "/v1/rulings/{id}" */
    handler_fn *handler;
    unsigned flags;
    const void *context; /* what the handler reads with req_route_context(); may be NULL */
};

extern const struct route routes[];
extern const size_t n_routes;

enum route_result { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_METHOD_NOT_ALLOWED };

struct route_match {
    const struct route *route;
    const char *params[ROUTE_MAX_PARAMS];
    char storage[1024]; /* the parameter values point in here */
    char allow[96];     /* for 405: "GET, HEAD" */
};

enum route_result router_match(const char *method, const char *path, struct route_match *m);

#endif
