/* The route table: every path restrictd answers, in one place. */
#include "handlers/handlers.h"
#include "server/router.h"

const struct route routes[] = {
    {"GET", "/v1/check", handle_check, ROUTE_PUBLIC | ROUTE_SNAPSHOT},
    {"GET", "/healthz", handle_healthz, ROUTE_OPEN},
    {"GET", "/readyz", handle_readyz, ROUTE_OPEN},
    {"GET", "/problems/{type}", handle_problem_page, ROUTE_OPEN},

    /* admin API and change history (issue 4; docs/admin.md) */
    {"POST", "/v1/admin/sources", handle_admin_source_create, ROUTE_ADMIN},
    {"GET", "/v1/admin/sources/{id}", handle_admin_source_get, ROUTE_ADMIN},
    {"PUT", "/v1/admin/sources/{id}", handle_admin_source_replace, ROUTE_ADMIN},
    {"DELETE", "/v1/admin/sources/{id}", handle_admin_source_revoke, ROUTE_ADMIN},
    {"POST", "/v1/admin/subjects", handle_admin_subject_create, ROUTE_ADMIN},
    {"GET", "/v1/admin/subjects/{id}", handle_admin_subject_get, ROUTE_ADMIN},
    {"PUT", "/v1/admin/subjects/{id}", handle_admin_subject_replace, ROUTE_ADMIN},
    {"DELETE", "/v1/admin/subjects/{id}", handle_admin_subject_revoke, ROUTE_ADMIN},
    {"POST", "/v1/admin/aliases", handle_admin_alias_create, ROUTE_ADMIN},
    {"GET", "/v1/admin/aliases/{id}", handle_admin_alias_get, ROUTE_ADMIN},
    {"PUT", "/v1/admin/aliases/{id}", handle_admin_alias_replace, ROUTE_ADMIN},
    {"DELETE", "/v1/admin/aliases/{id}", handle_admin_alias_revoke, ROUTE_ADMIN},
    {"POST", "/v1/admin/rulings", handle_admin_ruling_create, ROUTE_ADMIN},
    {"GET", "/v1/admin/rulings/{id}", handle_admin_ruling_get, ROUTE_ADMIN},
    {"PUT", "/v1/admin/rulings/{id}", handle_admin_ruling_replace, ROUTE_ADMIN},
    {"DELETE", "/v1/admin/rulings/{id}", handle_admin_ruling_revoke, ROUTE_ADMIN},
    {"POST", "/v1/admin/import", handle_admin_import, ROUTE_ADMIN},
    {"GET", "/v1/admin/export", handle_admin_export, ROUTE_ADMIN},
    {"GET", "/v1/admin/audit", handle_admin_audit, ROUTE_ADMIN},
    {"GET", "/v1/changes", handle_changes, ROUTE_PUBLIC},
    {"GET", "/v1/rulings/{id}/history", handle_ruling_history, ROUTE_PUBLIC},
    {"GET", "/metrics", handle_metrics, ROUTE_OPEN},
    /* screening and browsing (issue 5) */
    {"POST", "/v1/screen", handle_screen, ROUTE_PUBLIC | ROUTE_SNAPSHOT},
    {"GET", "/v1/subjects", handle_subjects, ROUTE_PUBLIC | ROUTE_SNAPSHOT},
    {"GET", "/v1/subjects/{id}", handle_subject, ROUTE_PUBLIC | ROUTE_SNAPSHOT},
    {"GET", "/v1/rulings", handle_rulings, ROUTE_PUBLIC | ROUTE_SNAPSHOT},
    {"GET", "/v1/rulings/{id}", handle_ruling, ROUTE_PUBLIC | ROUTE_SNAPSHOT},
    {"GET", "/v1/sources", handle_sources, ROUTE_PUBLIC | ROUTE_SNAPSHOT},
    {"GET", "/v1/sources/{id}", handle_source, ROUTE_PUBLIC | ROUTE_SNAPSHOT},
    {"GET", "/openapi.json", handle_openapi, ROUTE_OPEN},
};

const size_t n_routes = sizeof routes / sizeof routes[0];
