#ifndef HANDLERS_HANDLERS_H
#define HANDLERS_HANDLERS_H
/* Every route's handler; the route table is server/routes.c. */
#include "handlers/request.h"

void handle_check(struct request *req);        /* GET /v1/check */
void handle_healthz(struct request *req);      /* GET /healthz */
void handle_readyz(struct request *req);       /* GET /readyz */
void handle_problem_page(struct request *req); /* GET /problems/{type} */
void handle_metrics(struct request *req);      /* GET /metrics */

#endif
