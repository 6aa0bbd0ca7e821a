/* The route table: every path restrictd answers, in one place. */
#include "handlers/handlers.h"
#include "server/router.h"

const struct route routes[] = {
    {"GET", "/v1/check", handle_check, ROUTE_PUBLIC},
    {"GET", "/healthz", handle_healthz, ROUTE_OPEN},
    {"GET", "/readyz", handle_readyz, ROUTE_OPEN},
    {"GET", "/problems/{type}", handle_problem_page, ROUTE_OPEN},
    /* screening and browsing (issue 5) */
    {"POST", "/v1/screen", handle_screen, ROUTE_PUBLIC},
    {"GET", "/v1/subjects", handle_subjects, ROUTE_PUBLIC},
    {"GET", "/v1/subjects/{id}", handle_subject, ROUTE_PUBLIC},
    {"GET", "/v1/rulings", handle_rulings, ROUTE_PUBLIC},
    {"GET", "/v1/rulings/{id}", handle_ruling, ROUTE_PUBLIC},
    {"GET", "/v1/sources", handle_sources, ROUTE_PUBLIC},
    {"GET", "/v1/sources/{id}", handle_source, ROUTE_PUBLIC},
    {"GET", "/openapi.json", handle_openapi, ROUTE_OPEN},
};

const size_t n_routes = sizeof routes / sizeof routes[0];
