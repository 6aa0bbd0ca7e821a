#ifndef HANDLERS_HANDLERS_H
#define HANDLERS_HANDLERS_H
/* Every route's handler; the route table is server/routes.c. */
#include "handlers/request.h"

void handle_check(struct request *req);        /* GET /v1/check */
void handle_healthz(struct request *req);      /* GET /healthz */
void handle_readyz(struct request *req);       /* GET /readyz */
void handle_problem_page(struct request *req); /* GET /problems/{type} */

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
