#ifndef HANDLERS_PORTFOLIO_H
#define HANDLERS_PORTFOLIO_H
/*
 * What the portfolio handlers share (handlers/portfolios.c, portfolio_items.c,
 * portfolio_events.c; issue 18, docs/api.md "Monitoring"). Every helper that returns
 * false has answered the request.
 */
#include <libpq-fe.h>
#include <stdbool.h>

#include "lib/error.h"
#include "server/request.h"

#define PORTFOLIO_MAX_ITEMS 100000

/* Runs `fn` on a pooled connection. False (answered: 503 when PostgreSQL is away, 409 on
 * a unique violation with `conflict` as the detail, else 500) when it failed. */
bool portfolio_db(struct request *req, bool (*fn)(PGconn *c, void *ctx, struct rd_error *err),
                  void *ctx, const char *conflict);

/* The {id} of the path when it is a portfolio id ([a-z0-9][a-z0-9._-]{0,127}); else
 * answers 404 and returns NULL. */
const char *portfolio_path_id(struct request *req);

/* Is `id` a valid portfolio id? */
bool portfolio_valid_id(const char *id);

/* 404: no portfolio `id`. */
void portfolio_not_found(struct request *req, const char *id);

/* Answers 200 with `json` (taken over, freed; a JSON value built by PostgreSQL) wrapped as
 * {"<key>": <json>, "next": <next or null>} when key is not NULL, else as it is. */
void portfolio_reply_json(struct request *req, unsigned status, char *json, const char *key,
                          const char *next);

/* Answers `status` with the portfolio `id` as it is now (404 when there is none). */
void portfolio_reply_current(struct request *req, const char *id, unsigned status);

/* Answers a page: `json` (taken over) is the array db_portfolio_items/events gave, one row
 * more than `limit` when more follow; {"items"|"events": [...], "next": url}. For events
 * `next` is always where to poll from (since= the last seq seen). */
void portfolio_reply_page(struct request *req, const char *id, char *json, bool events, int limit);

#endif
