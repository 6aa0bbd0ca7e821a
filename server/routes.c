/* The route table: every path restrictd answers, in one place. */
#include "handlers/admin.h"
#include "handlers/handlers.h"
#include "server/router.h"

const struct route routes[] = {
    {"GET", "/v1/check", handle_check, ROUTE_PUBLIC | ROUTE_SNAPSHOT | ROUTE_PAST, NULL},
    {"GET", "/healthz", handle_healthz, ROUTE_OPEN, NULL},
    {"GET", "/readyz", handle_readyz, ROUTE_OPEN, NULL},
    {"GET", "/problems/{type}", handle_problem_page, ROUTE_OPEN, NULL},

    /* admin API and change history (docs/admin.md); the context says which entity */
    {"POST", "/v1/admin/sources", handle_admin_create, ROUTE_ADMIN, &ADMIN_SOURCES},
    {"GET", "/v1/admin/sources/{id}", handle_admin_get, ROUTE_ADMIN, &ADMIN_SOURCES},
    {"PUT", "/v1/admin/sources/{id}", handle_admin_replace, ROUTE_ADMIN, &ADMIN_SOURCES},
    {"DELETE", "/v1/admin/sources/{id}", handle_admin_revoke, ROUTE_ADMIN, &ADMIN_SOURCES},
    {"POST", "/v1/admin/subjects", handle_admin_create, ROUTE_ADMIN, &ADMIN_SUBJECTS},
    {"GET", "/v1/admin/subjects/{id}", handle_admin_get, ROUTE_ADMIN, &ADMIN_SUBJECTS},
    {"PUT", "/v1/admin/subjects/{id}", handle_admin_replace, ROUTE_ADMIN, &ADMIN_SUBJECTS},
    {"DELETE", "/v1/admin/subjects/{id}", handle_admin_revoke, ROUTE_ADMIN, &ADMIN_SUBJECTS},
    {"POST", "/v1/admin/aliases", handle_admin_create, ROUTE_ADMIN, &ADMIN_ALIASES},
    {"GET", "/v1/admin/aliases/{id}", handle_admin_get, ROUTE_ADMIN, &ADMIN_ALIASES},
    {"PUT", "/v1/admin/aliases/{id}", handle_admin_replace, ROUTE_ADMIN, &ADMIN_ALIASES},
    {"DELETE", "/v1/admin/aliases/{id}", handle_admin_revoke, ROUTE_ADMIN, &ADMIN_ALIASES},
    {"POST", "/v1/admin/rulings", handle_admin_create, ROUTE_ADMIN, &ADMIN_RULINGS},
    {"GET", "/v1/admin/rulings/{id}", handle_admin_get, ROUTE_ADMIN, &ADMIN_RULINGS},
    {"PUT", "/v1/admin/rulings/{id}", handle_admin_replace, ROUTE_ADMIN, &ADMIN_RULINGS},
    {"DELETE", "/v1/admin/rulings/{id}", handle_admin_revoke, ROUTE_ADMIN, &ADMIN_RULINGS},
    {"POST", "/v1/admin/import", handle_admin_import, ROUTE_ADMIN | ROUTE_SPOOLED_BODY, NULL},
    {"GET", "/v1/admin/export", handle_admin_export, ROUTE_ADMIN, NULL},
    {"GET", "/v1/admin/audit", handle_admin_audit, ROUTE_ADMIN, NULL},
    {"GET", "/v1/changes", handle_changes, ROUTE_PUBLIC | ROUTE_DATABASE | ROUTE_CACHED, NULL},
    {"GET", "/v1/rulings/{id}/history", handle_ruling_history,
     ROUTE_PUBLIC | ROUTE_DATABASE | ROUTE_CACHED, NULL},
    {"GET", "/metrics", handle_metrics, ROUTE_OPEN, NULL},
    /* monitoring: portfolios, their items and events (docs/api.md "Monitoring") */
    {"POST", "/v1/portfolios", handle_portfolio_create, ROUTE_MONITOR, NULL},
    {"GET", "/v1/portfolios", handle_portfolio_list, ROUTE_MONITOR, NULL},
    {"GET", "/v1/portfolios/{id}", handle_portfolio_get, ROUTE_MONITOR, NULL},
    {"PUT", "/v1/portfolios/{id}", handle_portfolio_replace, ROUTE_MONITOR, NULL},
    {"DELETE", "/v1/portfolios/{id}", handle_portfolio_delete, ROUTE_MONITOR, NULL},
    {"PUT", "/v1/portfolios/{id}/items", handle_portfolio_items_replace,
     ROUTE_MONITOR | ROUTE_SNAPSHOT, NULL},
    {"GET", "/v1/portfolios/{id}/items", handle_portfolio_items, ROUTE_MONITOR, NULL},
    {"GET", "/v1/portfolios/{id}/events", handle_portfolio_events, ROUTE_MONITOR, NULL},
    {"POST", "/v1/portfolios/{id}/subscriptions", handle_subscription_create, ROUTE_MONITOR, NULL},
    {"GET", "/v1/portfolios/{id}/subscriptions", handle_subscription_list, ROUTE_MONITOR, NULL},
    {"DELETE", "/v1/portfolios/{id}/subscriptions/{sub}", handle_subscription_delete, ROUTE_MONITOR,
     NULL},
    {"GET", "/v1/portfolios/{id}/subscriptions/{sub}/deliveries", handle_subscription_deliveries,
     ROUTE_MONITOR, NULL},
    {"POST", "/v1/portfolios/{id}/subscriptions/{sub}/retry", handle_subscription_retry,
     ROUTE_MONITOR, NULL},
    /* screening and browsing */
    {"POST", "/v1/screen", handle_screen, ROUTE_PUBLIC | ROUTE_SNAPSHOT | ROUTE_PAST, NULL},
    {"GET", "/v1/subjects", handle_subjects, ROUTE_PUBLIC | ROUTE_SNAPSHOT | ROUTE_PAST, NULL},
    {"GET", "/v1/subjects/{id}", handle_subject, ROUTE_PUBLIC | ROUTE_SNAPSHOT | ROUTE_PAST, NULL},
    {"GET", "/v1/rulings", handle_rulings, ROUTE_PUBLIC | ROUTE_SNAPSHOT | ROUTE_PAST, NULL},
    {"GET", "/v1/rulings/{id}", handle_ruling, ROUTE_PUBLIC | ROUTE_SNAPSHOT | ROUTE_PAST, NULL},
    {"GET", "/v1/sources", handle_sources, ROUTE_PUBLIC | ROUTE_SNAPSHOT, NULL},
    {"GET", "/v1/sources/{id}", handle_source, ROUTE_PUBLIC | ROUTE_SNAPSHOT, NULL},
    {"GET", "/openapi.json", handle_openapi, ROUTE_PUBLIC, NULL},
    /* what a ruling and an answer speak of */
    {"GET", "/v1/parties", handle_parties, ROUTE_PUBLIC, NULL},
    {"GET", "/v1/binds", handle_parties, ROUTE_PUBLIC, NULL},
    {"GET", "/v1/coverage", handle_coverage, ROUTE_PUBLIC | ROUTE_SNAPSHOT, NULL},
    /* signed receipts */
    {"GET", "/v1/keys", handle_keys, ROUTE_PUBLIC, NULL},
    {"POST", "/v1/receipts/verify", handle_receipt_verify, ROUTE_PUBLIC, NULL},
    /* on a database thread: a receipt of an earlier revision is replayed on that revision,
     * rebuilt from the change log when it is not kept */
    {"POST", "/v1/receipts/replay", handle_receipt_replay,
     ROUTE_PUBLIC | ROUTE_SNAPSHOT | ROUTE_DATABASE, NULL},
    /* for people: the analysts' page and the time line picture (docs/api.md) */
    {"GET", "/", handle_page, ROUTE_PUBLIC | ROUTE_SNAPSHOT, NULL},
    {"GET", "/v1/subjects/{id}/timeline.svg", handle_timeline_svg, ROUTE_PUBLIC | ROUTE_SNAPSHOT,
     NULL},
};

const size_t n_routes = sizeof routes / sizeof routes[0];
