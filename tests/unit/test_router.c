/* router_match on the real route table (server/routes.c): found, 404, 405 + Allow, HEAD, params. */
#include <criterion/criterion.h>
#include <string.h>

#include "handlers/handlers.h"
#include "server/router.h"

Test(router, table_driven)
{
    static const struct {
        const char *method, *path;
        enum route_result result;
        const char *want; /* found: the route's pattern; 405: the Allow header; 404: "" */
    } cases[] = {
        {"GET", "/v1/check", ROUTE_FOUND, "/v1/check"},
        {"HEAD", "/v1/check", ROUTE_FOUND, "/v1/check"},
        {"GET", "/healthz", ROUTE_FOUND, "/healthz"},
        {"GET", "/readyz", ROUTE_FOUND, "/readyz"},
        {"HEAD", "/readyz", ROUTE_FOUND, "/readyz"},
        {"GET", "/problems/invalid-parameter", ROUTE_FOUND, "/problems/{type}"},
        {"POST", "/v1/check", ROUTE_METHOD_NOT_ALLOWED, "GET, HEAD"},
        {"DELETE", "/healthz", ROUTE_METHOD_NOT_ALLOWED, "GET, HEAD"},
        {"get", "/v1/check", ROUTE_METHOD_NOT_ALLOWED, "GET, HEAD"}, /* methods are exact */
        {"PUT", "/problems/x", ROUTE_METHOD_NOT_ALLOWED, "GET, HEAD"},
        {"GET", "/", ROUTE_FOUND, "/"}, /* the analysts' page */
        {"POST", "/", ROUTE_METHOD_NOT_ALLOWED, "GET, HEAD"},
        {"GET", "/v1/subjects/x/timeline.svg", ROUTE_FOUND, "/v1/subjects/{id}/timeline.svg"},
        {"GET", "/v1/subjects/x", ROUTE_FOUND, "/v1/subjects/{id}"},
        {"GET", "/v1/subjects//timeline.svg", ROUTE_NOT_FOUND, ""},
        {"GET", "/v1/subjects/x/timeline.png", ROUTE_NOT_FOUND, ""},
        {"GET", "/v1/subjects/x/timeline.svg/", ROUTE_NOT_FOUND, ""},
        {"GET", "", ROUTE_NOT_FOUND, ""},
        {"GET", "/nope", ROUTE_NOT_FOUND, ""},
        {"GET", "/v1/check/", ROUTE_NOT_FOUND, ""},
        {"GET", "/v1/checks", ROUTE_NOT_FOUND, ""},
        {"GET", "/v1/chec", ROUTE_NOT_FOUND, ""},
        {"GET", "/V1/CHECK", ROUTE_NOT_FOUND, ""},
        {"GET", "/problems/", ROUTE_NOT_FOUND, ""},
        {"GET", "/problems", ROUTE_NOT_FOUND, ""},
        {"GET", "/problems/a/b", ROUTE_NOT_FOUND, ""},
        {"POST", "/nope", ROUTE_NOT_FOUND, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct route_match m;
        enum route_result r = router_match(cases[i].method, cases[i].path, &m);
        cr_expect_eq(r, cases[i].result, "%s %s -> %d", cases[i].method, cases[i].path, (int)r);
        bool found = cases[i].result == ROUTE_FOUND;
        if (found && r == ROUTE_FOUND) {
            cr_assert_not_null(m.route);
            cr_expect_str_eq(m.route->pattern, cases[i].want, "%s", cases[i].path);
            cr_expect_str_eq(m.route->method, "GET");
        } else {
            cr_expect_null(m.route, "%s %s", cases[i].method, cases[i].path);
        }
        cr_expect_str_eq(m.allow, found ? "" : cases[i].want, "%s %s", cases[i].method,
                         cases[i].path);
    }
}

Test(router, handlers_and_flags)
{
    struct route_match m;
    cr_assert_eq(router_match("GET", "/v1/check", &m), ROUTE_FOUND);
    cr_expect_eq(m.route->handler, handle_check);
    cr_expect_eq(m.route->flags & ROUTE_OPEN, 0u, "checks may need a reader token");
    cr_assert_eq(router_match("GET", "/healthz", &m), ROUTE_FOUND);
    cr_expect_eq(m.route->handler, handle_healthz);
    cr_expect_neq(m.route->flags & ROUTE_OPEN, 0u, "health checks never need a token");
    cr_assert_eq(router_match("GET", "/problems/not-found", &m), ROUTE_FOUND);
    cr_expect_eq(m.route->handler, handle_problem_page);
    cr_expect_neq(m.route->flags & ROUTE_OPEN, 0u);
}

Test(router, path_parameters)
{
    struct route_match m;
    cr_assert_eq(router_match("GET", "/problems/invalid-parameter", &m), ROUTE_FOUND);
    cr_assert_not_null(m.params[0]);
    cr_expect_str_eq(m.params[0], "invalid-parameter");
    cr_expect_null(m.params[1]);

    cr_assert_eq(router_match("HEAD", "/problems/%2e%2e", &m), ROUTE_FOUND);
    cr_expect_str_eq(m.params[0], "%2e%2e", "the router does not decode");

    /* A later match starts from empty parameters. */
    cr_assert_eq(router_match("GET", "/healthz", &m), ROUTE_FOUND);
    cr_expect_null(m.params[0]);

    /* A parameter longer than the storage does not fit. */
    static char path[1200];
    strcpy(path, "/problems/");
    memset(path + 10, 'x', sizeof path - 11);
    cr_expect_eq(router_match("GET", path, &m), ROUTE_NOT_FOUND);
}

Test(router, every_route_matches_itself)
{
    cr_assert_gt(n_routes, 0);
    for (size_t i = 0; i < n_routes; i++) {
        char path[256];
        size_t o = 0;
        for (const char *p = routes[i].pattern; *p && o < sizeof path - 2;) {
            if (*p == '{') {
                path[o++] = 'x';
                p = strchr(p, '}') + 1;
            } else {
                path[o++] = *p++;
            }
        }
        path[o] = '\0';
        struct route_match m;
        cr_expect_eq(router_match(routes[i].method, path, &m), ROUTE_FOUND, "%s %s",
                     routes[i].method, path);
        cr_expect_eq(m.route, &routes[i], "%s %s matched another route", routes[i].method, path);
        cr_expect_not_null(routes[i].handler);
        cr_expect_eq(routes[i].pattern[0], '/');
    }
}
