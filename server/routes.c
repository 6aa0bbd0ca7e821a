/* The route table: every path restrictd answers, in one place. */
#include "handlers/handlers.h"
#include "server/router.h"

const struct route routes[] = {
    {"GET", "/v1/check", handle_check, ROUTE_PUBLIC},
    {"GET", "/healthz", handle_healthz, ROUTE_OPEN},
    {"GET", "/readyz", handle_readyz, ROUTE_OPEN},
    {"GET", "/problems/{type}", handle_problem_page, ROUTE_OPEN},
    {"GET", "/metrics", handle_metrics, ROUTE_OPEN},
};

const size_t n_routes = sizeof routes / sizeof routes[0];
