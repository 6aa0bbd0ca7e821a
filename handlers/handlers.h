#ifndef HANDLERS_HANDLERS_H
#define HANDLERS_HANDLERS_H
/* Every route's handler; the route table is server/routes.c. */
#include "server/request.h"

void handle_check(struct request *req);        /* GET /v1/check */
void handle_healthz(struct request *req);      /* GET /healthz */
void handle_readyz(struct request *req);       /* GET /readyz */
void handle_problem_page(struct request *req); /* GET /problems/{type} */
void handle_metrics(struct request *req);      /* GET /metrics */

/* --- admin API and change history (docs/admin.md) --- */
/* The four record operations; the route's context is the entity's struct admin_kind
 * (handlers/admin.h): POST /v1/admin/{entity}s, GET, PUT, DELETE /v1/admin/{entity}s/{id}. */
void handle_admin_create(struct request *req);
void handle_admin_get(struct request *req);
void handle_admin_replace(struct request *req);
void handle_admin_revoke(struct request *req);
void handle_admin_import(struct request *req);   /* POST /v1/admin/import */
void handle_admin_export(struct request *req);   /* GET /v1/admin/export */
void handle_admin_audit(struct request *req);    /* GET /v1/admin/audit */
void handle_changes(struct request *req);        /* GET /v1/changes */
void handle_ruling_history(struct request *req); /* GET /v1/rulings/{id}/history */

/* --- monitoring (issue 18; docs/api.md "Monitoring"): monitor or admin tokens --- */
void handle_portfolio_create(struct request *req);        /* POST /v1/portfolios */
void handle_portfolio_list(struct request *req);          /* GET /v1/portfolios */
void handle_portfolio_get(struct request *req);           /* GET /v1/portfolios/{id} */
void handle_portfolio_replace(struct request *req);       /* PUT /v1/portfolios/{id} */
void handle_portfolio_delete(struct request *req);        /* DELETE /v1/portfolios/{id} */
void handle_portfolio_items_replace(struct request *req); /* PUT /v1/portfolios/{id}/items */
void handle_portfolio_items(struct request *req);         /* GET /v1/portfolios/{id}/items */
void handle_portfolio_events(struct request *req);        /* GET /v1/portfolios/{id}/events */

/* webhook subscriptions of a portfolio (handlers/portfolio_subscriptions.c) */
void handle_subscription_create(struct request *req);     /* POST .../{id}/subscriptions */
void handle_subscription_list(struct request *req);       /* GET .../{id}/subscriptions */
void handle_subscription_delete(struct request *req);     /* DELETE .../subscriptions/{sub} */
void handle_subscription_deliveries(struct request *req); /* GET .../{sub}/deliveries */
void handle_subscription_retry(struct request *req);      /* POST .../{sub}/retry */

/* --- screening and browsing --- */
void handle_screen(struct request *req);   /* POST /v1/screen */
void handle_subjects(struct request *req); /* GET /v1/subjects */
void handle_subject(struct request *req);  /* GET /v1/subjects/{id} */
void handle_rulings(struct request *req);  /* GET /v1/rulings */
void handle_ruling(struct request *req);   /* GET /v1/rulings/{id} */
void handle_sources(struct request *req);  /* GET /v1/sources */
void handle_source(struct request *req);   /* GET /v1/sources/{id} */
void handle_openapi(struct request *req);
void handle_parties(struct request *req);                         /* GET /v1/parties, /v1/binds */
void handle_coverage(struct request *req); /* GET /v1/coverage */ /* GET /openapi.json */

/* --- signed receipts (docs/api.md, "Receipts") --- */
void handle_keys(struct request *req);           /* GET /v1/keys */
void handle_receipt_verify(struct request *req); /* POST /v1/receipts/verify */
void handle_receipt_replay(struct request *req); /* POST /v1/receipts/replay */

/* --- for people: the analysts' page and its picture (handlers/page.c) --- */
void handle_page(struct request *req);         /* GET / */
void handle_timeline_svg(struct request *req); /* GET /v1/subjects/{id}/timeline.svg */

#endif
