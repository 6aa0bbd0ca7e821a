#ifndef HANDLERS_HANDLERS_H
#define HANDLERS_HANDLERS_H
/* Every route's handler; the route table is server/routes.c. */
#include "handlers/request.h"

void handle_check(struct request *req);        /* GET /v1/check */
void handle_healthz(struct request *req);      /* GET /healthz */
void handle_readyz(struct request *req);       /* GET /readyz */
void handle_problem_page(struct request *req); /* GET /problems/{type} */
void handle_metrics(struct request *req);      /* GET /metrics */

/* --- admin API and change history (issue 4; docs/admin.md) --- */
void handle_admin_source_create(struct request *req);  /* POST /v1/admin/sources */
void handle_admin_source_get(struct request *req);     /* GET /v1/admin/sources/{id} */
void handle_admin_source_replace(struct request *req); /* PUT /v1/admin/sources/{id} */
void handle_admin_source_revoke(struct request *req);  /* DELETE /v1/admin/sources/{id} */
void handle_admin_subject_create(struct request *req);
void handle_admin_subject_get(struct request *req);
void handle_admin_subject_replace(struct request *req);
void handle_admin_subject_revoke(struct request *req);
void handle_admin_alias_create(struct request *req);
void handle_admin_alias_get(struct request *req);
void handle_admin_alias_replace(struct request *req);
void handle_admin_alias_revoke(struct request *req);
void handle_admin_ruling_create(struct request *req);
void handle_admin_ruling_get(struct request *req);
void handle_admin_ruling_replace(struct request *req);
void handle_admin_ruling_revoke(struct request *req);
void handle_admin_import(struct request *req);   /* POST /v1/admin/import */
void handle_admin_export(struct request *req);   /* GET /v1/admin/export */
void handle_admin_audit(struct request *req);    /* GET /v1/admin/audit */
void handle_changes(struct request *req);        /* GET /v1/changes */
void handle_ruling_history(struct request *req); /* GET /v1/rulings/{id}/history */

/* Screening and browsing (issue 5) */
void handle_screen(struct request *req);         /* POST /v1/screen */
void handle_subjects(struct request *req);       /* GET /v1/subjects */
void handle_subject(struct request *req);        /* GET /v1/subjects/{id} */
void handle_rulings(struct request *req);        /* GET /v1/rulings */
void handle_ruling(struct request *req);         /* GET /v1/rulings/{id} */
void handle_sources(struct request *req);        /* GET /v1/sources */
void handle_source(struct request *req);         /* GET /v1/sources/{id} */
void handle_openapi(struct request *req);        /* GET /openapi.json */

#endif
