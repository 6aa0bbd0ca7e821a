#ifndef SERVER_AUTH_H
#define SERVER_AUTH_H
/*
 * Who may call which route (the flags of server/router.h):
 *   ROUTE_OPEN    anyone.
 *   ROUTE_PUBLIC  anyone; with RESTRICTD_READ_TOKENS=1 a live reader or admin token,
 *                 looked up in the in-memory token table, so that a read never waits
 *                 for PostgreSQL (a monitor token is a reader token there). The table is refreshed
 * by the listener thread on a restrictd_tokens notification and at every revision poll. ROUTE_ADMIN
 * a live admin token, looked up in PostgreSQL itself (through the pool), so that a revoke takes
 * effect at once; these routes need the database anyway. Reader or monitor token: 403. Database
 * away: 503. ROUTE_MONITOR as ROUTE_ADMIN, but a monitor token will do too (portfolios, events).
 * Tokens come as "Authorization: Bearer <secret>". Secrets are hashed at once (SHA-256),
 * compared in constant time, and never logged.
 *
 * Rate limits per client address (server/ratelimit.h), answered 429 with Retry-After:
 *   - every request to an admin route takes from the client's admin budget, before the
 *     token is looked up (RESTRICTD_ADMIN_RATE_LIMIT);
 *   - every wrong or malformed token takes from its failure budget
 *     (RESTRICTD_AUTH_FAILURE_LIMIT). A client with none left is refused on admin routes
 *     before PostgreSQL is asked anything; on public routes (RESTRICTD_READ_TOKENS=1) a
 *     wrong token is then answered 429 instead of 401. A request with a valid reader
 *     token, like any public read without tokens, never touches the limiter table.
 */
#include <libpq-fe.h>
#include <stdbool.h>

#include "db/pool.h"
#include "db/tokens.h"
#include "server/request.h"
#include "server/config.h"

struct auth;

/* An empty token table with the two per-minute limits (0 = no limit). NULL when out of
 * memory. Free with auth_free(). */
struct auth *auth_new(unsigned admin_per_minute, unsigned failures_per_minute);
void auth_free(struct auth *a);

/* Replaces the table with the live tokens read through `c`: the listener's token hook
 * (listener_tokens_fn), `ctx` is the struct auth. False on a database error (the old
 * table stays). */
bool auth_reload(void *ctx, PGconn *c);

/* Tokens in the table now (for logs and readiness). */
size_t auth_token_count(struct auth *a);

struct principal {
    char name[TOKEN_NAME_MAX + 1]; /* "" when the route needed no token */
    enum token_role role;
};

/* Decides whether `req` may use a route with `flags`. On refusal it answers the request
 * (401 with WWW-Authenticate, 403, 429 or 503 with Retry-After) and returns false; else
 * it fills `who` and returns true. `a` may be NULL (no tokens, no limits). */
bool auth_authorize(struct request *req, unsigned flags, struct auth *a, struct db_pool *pool,
                    const struct config *cfg, struct principal *who);

/* The check before the body of a route taking whole lists is read (ROUTE_SPOOLED_BODY):
 * as auth_authorize, but on the in-memory table (at most one revision poll old) and
 * without taking from the admin budget, so that it never waits for PostgreSQL. The full
 * check follows once the body is in. False when answered. */
bool auth_prescreen(struct request *req, unsigned flags, struct auth *a, const struct config *cfg);

#endif
